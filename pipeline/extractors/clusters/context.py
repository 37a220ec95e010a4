"""The place an article is about, when the text makes it certain: a cluster named without a place
(该市光伏产业集群, 光伏等3个集群入选…) takes it.

Looked for in order: the title, the dateline (南京3月1日电), the lead sentence. Each must name
exactly one place (a province, or a city with or without its province); two different places
make it uncertain, and then nothing is taken. The patterns come from rules/clusters.yaml
(`province_words`, `city_words`, `dateline`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.rules import compile_pattern

LEAD_ENDS = re.compile("[。！？!?\n]")
LEAD_MAX = 160


@dataclass(frozen=True)
class ArticlePlace:
    place: str          # as written (湖南省, 无锡市)
    level: str          # "province" or "city"


class ArticlePlaceFinder:
    def __init__(self, lexicons: dict, fragments: dict, place_core):
        self.place_core = place_core
        self.mention = compile_pattern(
            "(?P<province>{province_words})?(?P<city>{city_words})|(?P<province_only>{province_words})",
            lexicons, fragments) if {"province_words", "city_words"} <= set(fragments) else None
        self.dateline = compile_pattern(fragments["dateline"], lexicons, fragments) if "dateline" in fragments else None

    def places_in(self, text: str) -> dict[str, ArticlePlace]:
        """The places the text names, by their core (湖南省…株洲 is two)."""
        found: dict[str, ArticlePlace] = {}
        for m in self.mention.finditer(text):
            if m["city"]:
                found.setdefault(self.place_core(m["city"]), ArticlePlace(m["city"], "city"))
            else:
                found.setdefault(self.place_core(m["province_only"]), ArticlePlace(m["province_only"], "province"))
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
