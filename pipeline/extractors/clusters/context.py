"""The place an article is about, when the text makes it certain: a cluster named without a place
(该市光伏产业集群, 光伏等3个集群入选…) takes it.

Looked for in order: the title, the dateline (南京3月1日电, 中新网晋江1月22日电, 百色日报讯), the
lead sentence. Each must name exactly one place (a province, a city with or without its province,
or a county-level place from the place data: 晋江, 平果市, 于都县); a county named with its own city
or province (泉州晋江) is that county; two different places make it uncertain, and then nothing
is taken. The patterns come from rules/clusters.yaml
(`province_words`, `city_words`, `dateline`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extractors.clusters.places import admin_places
from pipeline.rules import compile_pattern

LEAD_ENDS = re.compile("[。！？!?\n]")
LEAD_MAX = 160


@dataclass(frozen=True)
class ArticlePlace:
    place: str          # as written (湖南省, 无锡市)
    level: str          # "province", "city" (a county-level city too: 全市 fits it) or "county"


class ArticlePlaceFinder:
    def __init__(self, lexicons: dict, fragments: dict, place_core):
        self.place_core = place_core
        self.mention = compile_pattern(
            "(?P<province>{province_words})?(?P<city>{city_words})|(?P<province_only>{province_words})",
            lexicons, fragments) if {"province_words", "city_words"} <= set(fragments) else None
        self.dateline = compile_pattern(fragments["dateline"], lexicons, fragments) if "dateline" in fragments else None
        # a county or county-level city (晋江, 平果市, 于都县), written short or in full
        self.county = compile_pattern("(?P<county>{short_place})(?:市|县)?", lexicons, fragments) \
            if "short_place" in fragments else None
        # the same right after its city or province (泉州晋江), where it starts no word of its own
        self.county_after = compile_pattern("(?P<county>{county_names})(?:市|县)?", lexicons, fragments) \
            if "county_names" in lexicons else None

    def places_in(self, text: str) -> dict[str, ArticlePlace]:
        """The places the text names, by their core (湖南省…株洲 is two)."""
        found: dict[str, ArticlePlace] = {}
        spans = []
        for m in self.mention.finditer(text):
            spans.append(m.span())
            if m["city"]:
                found.setdefault(self.place_core(m["city"]), ArticlePlace(m["city"], "city"))
            else:
                found.setdefault(self.place_core(m["province_only"]), ArticlePlace(m["province_only"], "province"))
        if self.county is None:
            return found
        places = admin_places()
        counties = [m for m in self.county.finditer(text) if not any(s < m.end() and m.start() < e for s, e in spans)]
        if self.county_after is not None:
            counties += [m for _, e in spans for m in [self.county_after.match(text, e)] if m]
        for m in counties:
            short = m["county"]
            for parent in places.county_parents.get(short, ()):
                found.pop(parent, None)        # 泉州晋江: the county is the place
            level = "city" if short in places.county_cities or m.group(0).endswith("市") else "county"
            found.setdefault(self.place_core(short), ArticlePlace(m.group(0), level))
        return found

    def find(self, text: str, title: str | None) -> ArticlePlace | None:
        """The first of title, dateline, lead that names a place decides: one place is certain, two are not."""
        if self.mention is None:
            return None
        head = text[:LEAD_MAX]
        dateline = self.dateline.search(head) if self.dateline else None
        end = LEAD_ENDS.search(head)
        for source in (title or "", dateline["place"] if dateline else "", head[:end.start()] if end else head):
            found = self.places_in(source)
            if found:
                return next(iter(found.values())) if len(found) == 1 else None
        return None
