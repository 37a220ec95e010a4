"""Cluster names: the gazetteer of known clusters and the canonical name of any mention.

Writers add and drop 市, 产业, a leading province and 的 freely (杭州数字安防集群 =
浙江省杭州市数字安防产业集群), so a name is compared by its key: place core
(without province and 市) + industry (without 产业). A key in the gazetteer maps
to the gazetteer's canonical name; any other key gives the normalised name
place core + industry + 集群.
"""
from __future__ import annotations

import re

from pipeline.extractors.clusters.gazetteer import CLUSTER_WORD, GazetteerMatcher, load_gazetteer, normalised
from pipeline.rules import RuleSet, compile_pattern

_BRACKETS = str.maketrans({"（": "(", "）": ")"})
CACHE_SIZE = 8192
# 市 as the level of a city goes from a place's core; the 市 of 城市群, 都市圈 stays.
_CITY_WORD = re.compile("市(?![群圈])")


class ClusterNamer:
    """Canonical names, generic-name tests and the gazetteer's matcher, built once from the rules."""

    def __init__(self, rules: RuleSet):
        # The same places and industries recur across an article's rules and across articles: their
        # cores, canonical names and generic tests are computed once (pure functions of the rules;
        # plain dicts, emptied when full, so the namer still pickles for workers).
        self._cache: dict[tuple, object] = {}
        lexicons = rules.lexicons.get("clusters", {})
        fragments = rules.fragments.get("clusters", {})
        self.entries = load_gazetteer(rules)
        self.generic_words = sorted(lexicons.get("generic_words", []), key=len, reverse=True)
        self.generic_industries = {self.industry_key(w) for w in lexicons.get("generic_industries", [])}
        self.not_first = tuple(lexicons.get("industry_not_first", []))
        self.category_suffixes = tuple(lexicons.get("category_suffixes", []))
        self._province_bare = compile_pattern("^{provinces}", lexicons, fragments) \
            if "provinces" in lexicons else None
        self._province = compile_pattern("^{province_words}", lexicons, fragments) \
            if "province_words" in fragments else None
        # Municipalities are province and city at once: 天津市和平区 keeps 天津 (the district is not a city).
        self._municipalities = set(lexicons.get("provinces", [])) & set(lexicons.get("cities", []))
        # A district of a city (苏州工业园区, 武汉东湖高新区): its cluster may be the city's known one.
        self._city_district = compile_pattern("^(?P<city>{city_words})(?P<district>{district_after_city})$",
                                              lexicons, fragments) \
            if {"city_words", "district_after_city"} <= set(fragments) else None
        # A name's place and industry, for names a rule did not split (the cluster side of an apposition).
        self._name_parts = compile_pattern("^(?P<place>{place_words})的?(?P<industry>.+?)(?:产业)?集群$",
                                           lexicons, fragments) \
            if "place_words" in fragments else None
        self.canonical_by_key: dict[str, str] = {}
        for entry in self.entries:
            self.canonical_by_key.setdefault(self.name_key(entry.canonical), entry.canonical)
            for place in entry.places:
                self.canonical_by_key.setdefault(self.key(place, entry.industry), entry.canonical)
            for alias in entry.aliases:
                self.canonical_by_key.setdefault(self.name_key(alias), entry.canonical)
        self.gazetteer = self._gazetteer_matcher(lexicons, fragments)

    # --- keys and canonical names -------------------------------------------------

    @staticmethod
    def industry_key(industry: str) -> str:
        industry = industry.translate(_BRACKETS)
        industry = industry[1:] if industry.startswith("的") else industry
        return industry[:-2] if industry.endswith("产业") else industry

    def place_core(self, place: str) -> str:
        return self._remembered("place_core", place, self._place_core)

    def canonical(self, place: str, industry: str) -> str:
        return self._remembered("canonical", (place, industry), lambda args: self._canonical(*args))

    def is_generic(self, industry: str) -> bool:
        """True when the industry words make the name a category (省级…, 中小企业特色…, 数字)."""
        return self._remembered("is_generic", industry, self._is_generic)

    def _remembered(self, kind: str, args, compute):
        key = (kind, args)
        if key not in self._cache:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = compute(args)
        return self._cache[key]

    def _place_core(self, place: str) -> str:
        """广东省深圳市 -> 深圳; 长沙市岳麓区 -> 长沙岳麓区; 浙江省 -> 浙江 (the province goes when a city follows)."""
        if self._province:
            m = self._province.match(place)
            bare = self._province_bare.match(place).group(0) if m and self._province_bare else ""
            if m and m.end() < len(place):
                place = (bare if bare in self._municipalities else "") + place[m.end():]
            elif m and bare:
                place = bare
        return _CITY_WORD.sub("", place) or place

    def key(self, place: str, industry: str) -> str:
        return self.place_core(place) + self.industry_key(industry)

    def name_key(self, name: str) -> str:
        """The key of a whole name: split into place and industry when it has a place, else 市/产业 dropped."""
        parts = self._name_parts.match(name) if self._name_parts else None
        if parts:
            return self.key(parts["place"], parts["industry"])
        bare = name.translate(_BRACKETS).replace("产业", "")
        return bare[:-2] if bare.endswith("集群") else bare

    def _canonical(self, place: str, industry: str) -> str:
        known = self.canonical_by_key.get(self.key(place, industry))
        if known:
            return known
        # A city's known cluster written with the district it sits in (苏州工业园区纳米新材料产业集群).
        core = self.place_core(place)
        district = self._city_district.match(core) if self._city_district else None
        if district:
            known = self.canonical_by_key.get(self.key(district["city"], industry))
            if known:
                return known
        industry = industry[1:] if industry.startswith("的") else industry
        industry = industry[:-2] if industry.endswith("产业") else industry
        return self.place_core(place) + industry + "集群"

    def district_of(self, core: str) -> str:
        """The district or county of a place core that names one after its city (天津滨海新区 -> 滨海新区)."""
        district = self._city_district.match(core) if self._city_district else None
        return district["district"] if district else ""

    def known_canonical(self, name: str) -> str | None:
        """The gazetteer's canonical name for a whole name or alias, if it knows it."""
        return self.canonical_by_key.get(self.name_key(name))

    def canonical_of_name(self, name: str) -> str | None:
        """The canonical name of a whole cluster name, or None when it names no specific cluster."""
        known = self.known_canonical(name)
        if known:
            return known
        parts = self._name_parts.match(name) if self._name_parts else None
        if not parts or self.is_generic(parts["industry"]):
            return None
        return self.canonical(parts["place"], parts["industry"])

    def _is_generic(self, industry: str) -> bool:
        key = self.industry_key(industry)
        for suffix in self.category_suffixes:
            if key.endswith(suffix) and len(key) - len(suffix) >= 2:
                return self.is_generic(key[:-len(suffix)])     # 航空先进制造业: as 航空
        return (key in self.generic_industries or key.startswith(self.not_first)
                or any(w in industry for w in self.generic_words))

    # --- the gazetteer's matcher ------------------------------------------------

    def _gazetteer_matcher(self, lexicons: dict, fragments: dict) -> GazetteerMatcher:
        """Each entry's names normalised (its canonical name; each place + industry + 集群) and its aliases;
        a province, then a city, may precede a name (浙江省温州市乐清市电气产业集群)."""
        names = []
        for entry in self.entries:
            keys = [normalised(entry.canonical)]
            keys += [normalised(place + self.industry_key(entry.industry)) + CLUSTER_WORD for place in entry.places]
            names.append([k for k in keys if k.endswith(CLUSTER_WORD)])
        prefix = ("{province_words}?" if "province_words" in fragments else "") \
            + ("{city_words}?" if "city_words" in fragments else "")
        return GazetteerMatcher(names, [e.aliases for e in self.entries],
                                compile_pattern(prefix + "$", lexicons, fragments) if prefix else None,
                                tuple(lexicons.get("not_after_cluster", [])))
