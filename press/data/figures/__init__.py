"""Print figures that answer one question each, drawn as SVG from the partnership data.

`homemap`: where the Slovak and Czech municipalities with partners are (a circle per
municipality, its area the number of partners). `partnercountries`: where their partners
are (partner countries shaded by the number of partnerships, with a legend and numbers).
Both replace, in print, the overview map of lines (unreadable at A5, and about 9 % of a
lean render's CPU); the website keeps its interactive map. The front cover's artwork is
the home map without its legend (press.print.covers).
"""
