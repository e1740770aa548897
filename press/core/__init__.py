"""Where things live (the Project) and what changed (content hashes, atomic writes, the lock).

The bottom layer: imports nothing else of the toolchain."""
