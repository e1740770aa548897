"""The top: the command line and the pool of edition tasks. Imports every other stage."""
