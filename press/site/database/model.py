"""The partnership database, the model: every Slovak and Czech municipality of
partnerships.csv with its partners (folded as press.data.partnerships folds them), the
statuses of status.csv, its neighbours and the real cases that name it. Language
independent: the pages put it in an edition's words."""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from press.core.project import Project
from press.data import maps, partnerships

if TYPE_CHECKING:
    from press.data.status import Status

FOLDER = "partnerships"             # the database's folder in each edition
NEIGHBOUR_KM = 30.0
VIEW = maps.EUROPE
HOME = partnerships.HOME


@dataclass
class Link:
    """A partnership as seen from one Slovak or Czech municipality."""
    partner: tuple[str, str]
    since: int | None = None
    network: str = ""
    bilateral: bool = False
    sources: list[str] = field(default_factory=list)
    status: Status | None = None


@dataclass
class Place:
    name: str
    country: str
    slug: str                            # "sk/kosice"
    where: tuple[float, float] | None    # (lon, lat)
    links: dict = field(default_factory=dict)      # partner key -> Link
    cases: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return self.name, self.country

    def sorted_links(self) -> list[Link]:
        return sorted(self.links.values(), key=lambda link: (link.partner[1], link.partner[0]))


def ascii_slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "place"


def slugs(keys) -> dict[tuple[str, str], str]:
    """A unique, stable address per (name, country): `<country>/<ascii name>`. Names
    that fold to the same ASCII (Svätý Jur, Svaty Jur) each get a short hash of their
    exact spelling, so adding a third never renames the other two."""
    import hashlib

    groups = defaultdict(list)
    for name, country in keys:
        groups[(country, ascii_slug(name))].append(name)
    out = {}
    for (country, base), names in groups.items():
        for name in names:
            suffix = ""
            if len(names) > 1:
                suffix = "-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:6]
            out[(name, country)] = f"{country.lower()}/{base}{suffix}"
    return out


class Model:
    """Every SK/CZ place of partnerships.csv with its partners, statuses, neighbours and cases."""

    def __init__(self, project: Project):
        from press.data import status as status_data

        self.project = project
        ds = partnerships.load_project(project)          # checks the data; fails with file:line
        self.dataset = ds
        self.statuses = {s.key: s for s in status_data.load_project(project)}
        rows = list(csv.DictReader(io.StringIO(
            (Path(project.data) / partnerships.PARTNERSHIPS).read_text(encoding="utf-8"))))
        self.rows = rows
        keys = set()
        for r in rows:
            for n, c in ((r["municipality"], r["municipality_country"]), (r["partner"], r["partner_country"])):
                if c in HOME:
                    keys.add((n.strip(), c.strip()))
        addresses = slugs(keys)
        self.places: dict[tuple[str, str], Place] = {
            k: Place(k[0], k[1], addresses[k], ds.coordinates.get(k)) for k in sorted(keys)}
        for r in rows:
            self._add_row(r)
        for (name, country), case in _case_mentions(project).items():
            if (name, country) in self.places:
                self.places[(name, country)].cases = case

    def _add_row(self, r: dict[str, str]) -> None:
        """One row of partnerships.csv: a link at each end that is a Slovak or Czech place."""
        a = (r["municipality"].strip(), r["municipality_country"].strip())
        b = (r["partner"].strip(), r["partner_country"].strip())
        since = int(r["since"]) if r["since"].strip() else None
        network = r["network"].strip()
        sources = [s.strip() for s in r["source"].split(" ; ") if s.strip()]
        pair = tuple(sorted([a, b]))
        for home, other in ((a, b), (b, a)):
            if home not in self.places:
                continue
            link = self.places[home].links.setdefault(other, Link(other))
            # The folding rules of press.data.partnerships: earliest year, a
            # bilateral listing wins over a network one, every source kept.
            if since is not None and (link.since is None or since < link.since):
                link.since = since
            link.bilateral = link.bilateral or not network
            link.network = "" if link.bilateral else (link.network or network)
            link.sources += [s for s in sources if s not in link.sources]
            link.status = self.statuses.get(pair)
            if a == b:
                break                   # a pair of a place with itself is one link

    @cached_property
    def neighbours(self) -> dict[tuple[str, str], list[tuple[float, Place]]]:
        """Municipalities within NEIGHBOUR_KM of each place, nearest first."""
        located = sorted(((p.where, p) for p in self.places.values() if p.where is not None),
                         key=lambda item: item[0][1])
        lats = [where[1] for where, _ in located]
        reach = NEIGHBOUR_KM / 111.0 + 0.01       # degrees of latitude
        import bisect

        out = {}
        for where, p in located:
            lo = bisect.bisect_left(lats, where[1] - reach)
            hi = bisect.bisect_right(lats, where[1] + reach)
            near = []
            for q_where, q in located[lo:hi]:
                if q is p:
                    continue
                d = maps.distance_km(where, q_where)
                if d <= NEIGHBOUR_KM:
                    near.append((d, q))
            out[p.key] = sorted(near, key=lambda item: (item[0], item[1].country, item[1].name))
        return out

    def by_country(self) -> dict[str, list[tuple[Place, list[Link]]]]:
        """Partner country -> the SK/CZ municipalities linked to it, with those links."""
        out = defaultdict(list)
        for place in self.places.values():
            per = defaultdict(list)
            for link in place.sorted_links():
                per[link.partner[1]].append(link)
            for code, links in per.items():
                out[code].append((place, links))
        return {code: sorted(items, key=lambda item: (item[0].country, item[0].name))
                for code, items in sorted(out.items())}


def _case_mentions(project) -> dict[tuple[str, str], list[str]]:
    """(name, country) -> ids of the real cases that name the place as municipality or partner."""
    found: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for case in maps._records(project):
        if case.illustrative:
            continue
        for p in [case.municipality] + list(case.partners):
            key = (p.name, p.country)
            if case.id not in found[key]:
                found[key].append(case.id)
    return dict(found)
