"""Clusters: named industrial clusters and their canonical names (rules/clusters.yaml).

Every rule match becomes a candidate with one or more mentions (a list of
places or items gives several); candidates that name no specific cluster (a
generic industry: 省级…, 数字产业集群) are dropped *before* overlaps are
resolved, so a rejected long match does not hide a good shorter one. Then the
non-overlapping best candidates are kept (higher priority, then longer, then
earlier). Aliases learned from an apposition (中国X谷(某地某产业集群)) also
mark their later mentions in the article. Canonical names come from
pipeline/extractors/cluster_names.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.doc_text import text_of
from pipeline.extractors.clusters.names import ClusterNamer
from pipeline.extractors.matching import TakenSpans
from pipeline.extractors.matching import required_text
from pipeline.speedups.regex_gates import RequiredText
from pipeline.records import ClusterRecord, columns
from pipeline.speedups.regex_cache import compile_regex
from pipeline.extractors.registry import load_rules_at
from pipeline.rules import Rule, RuleError, RuleSet, built_from, expand_pattern
from pipeline.nlp.sentences import sentence_at
from pipeline.nlp.spans import set_spans


SOURCES = {"gazetteer"}
# Every rule's match ends at most a bracket after 集群 or is a gazetteer alias, so rules run only
# in windows around those words: from the clause start (at most WINDOW_BEFORE characters back)
# to WINDOW_AFTER characters past the word. Most text has no 集群 at all; this keeps the
# place lexicon's long alternation off it.
WINDOW_BEFORE, WINDOW_AFTER = 200, 40
CLAUSE_ENDS = "。！？!?\n"
CLUSTER_WORD = re.compile("集群")


@dataclass
class Mention:
    start: int
    end: int
    canonical: str


@dataclass
class Candidate:
    rule: Rule
    order: int
    mentions: list[Mention]
    aliases: list[tuple[str, str]] = field(default_factory=list)   # (alias, canonical) learned from this match

    @property
    def start(self) -> int:
        return min(m.start for m in self.mentions)

    @property
    def end(self) -> int:
        return max(m.end for m in self.mentions)


class ClusterExtractor:
    def __init__(self, rules: RuleSet):
        self.namer = ClusterNamer(rules)
        lexicons, fragments = rules.lexicons.get("clusters", {}), rules.fragments.get("clusters", {})
        self.place_only = compile_regex("(?:" + expand_pattern("{place_words}", lexicons, fragments) + ")") \
            if "place_words" in fragments else None
        self.gazetteer = self.namer.gazetteer
        self.rules: list[Rule] = []
        self.required: list[RequiredText] = []      # per rule: what a window needs for the rule to run
        self.each: dict[str, re.Pattern] = {}
        for rule in rules.rules("clusters"):
            source = rule.options.get("source")
            if source is not None:
                if source not in SOURCES:
                    raise RuleError(rule.path, rule.line, f"unknown source {source!r} (known: {', '.join(SOURCES)})", rule.id)
            elif rule.regex is None:
                raise RuleError(rule.path, rule.line, "rule needs a `pattern` (or `source: gazetteer`)", rule.id)
            each = rule.options.get("each")
            if each is not None:
                try:
                    self.each[rule.id] = compile_regex(expand_pattern(each, lexicons, fragments))
                except (re.error, ValueError) as e:
                    raise RuleError(rule.path, rule.line, f"bad `each` pattern: {e}", rule.id) from None
            self.rules.append(rule)
            self.required.append(required_text(rule.pattern, lexicons, fragments))

    # --- one match -> a candidate ---------------------------------------------------

    def candidate(self, rule: Rule, order: int, m: re.Match) -> Candidate | None:
        groups = m.groupdict()
        if groups.get("alias") and groups.get("cluster"):
            return self.apposition(rule, order, m)
        if groups.get("items") and rule.id in self.each:
            return self.listed(rule, order, m)
        group = "name" if groups.get("name") else 0
        place, industry = groups.get("place") or groups.get("context_place"), groups.get("industry")
        if place and industry:
            if self.namer.is_generic(industry):
                return None
            canonical = self.namer.canonical(place, industry)
        else:
            canonical = self.namer.canonical_of_name(m.group(group))
        if not canonical:
            return None
        return Candidate(rule, order, [Mention(m.start(group), m.end(group), canonical)])

    def apposition(self, rule: Rule, order: int, m: re.Match) -> Candidate | None:
        alias = m.group("alias")
        # The gazetteer decides when it knows either side (中国光谷 names 武汉光电子信息集群,
        # whatever district the writer puts in front of the cluster).
        canonical = (self.namer.known_canonical(m.group("cluster")) or self.namer.known_canonical(alias)
                     or self.namer.canonical_of_name(m.group("cluster")))
        if not canonical or (self.place_only and self.place_only.fullmatch(alias)):
            return None
        mentions = [Mention(m.start("alias"), m.end("alias"), canonical),
                    Mention(m.start("cluster"), m.end("cluster"), canonical)]
        return Candidate(rule, order, sorted(mentions, key=lambda x: x.start), aliases=[(alias, canonical)])

    def listed(self, rule: Rule, order: int, m: re.Match) -> Candidate | None:
        """One mention per item of the `items` group; an item without its own name spans the whole match."""
        offset, mentions = m.start("items"), []
        for item in self.each[rule.id].finditer(m.group("items")):
            parts = item.groupdict()
            place, industry = parts.get("place"), parts.get("industry") or m.groupdict().get("industry")
            if not place or not industry or self.namer.is_generic(industry):
                continue
            if parts.get("name"):
                start, end = offset + item.start("name"), offset + item.end("name")
            else:
                start, end = m.start(), m.end()
            mentions.append(Mention(start, end, self.namer.canonical(place, industry)))
        return Candidate(rule, order, mentions) if mentions else None

    # --- a document -------------------------------------------------------------------

    def windows(self, text: str) -> list[tuple[int, int]]:
        """Merged (start, end) ranges around each 集群 and gazetteer alias."""
        windows: list[list[int]] = []
        hotspots = [(m.start(), m.end()) for m in CLUSTER_WORD.finditer(text)]
        if self.gazetteer.has_aliases:
            hotspots = sorted(hotspots + self.gazetteer.alias_spans(text))
        for hot_start, hot_end in hotspots:
            floor = max(0, hot_start - WINDOW_BEFORE)
            start = max([text.rfind(ch, floor, hot_start) + 1 for ch in CLAUSE_ENDS] + [floor])
            end = min(len(text), hot_end + WINDOW_AFTER)
            if windows and start <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], end)
            else:
                windows.append([start, end])
        return [(s, e) for s, e in windows]

    def find(self, text: str) -> list[tuple[Rule, Mention]]:
        candidates = []
        for start, end in self.windows(text):
            window = text[start:end]
            looked_up: dict[frozenset[str], bool] = {}
            for order, (rule, required) in enumerate(zip(self.rules, self.required)):
                if rule.options.get("source") == "gazetteer":
                    candidates += [Candidate(rule, order, [Mention(h.start, h.end, self.namer.entries[h.entry].canonical)])
                                   for h in self.gazetteer.find(text, start, end)]
                    continue
                if not required.found_in(window, looked_up):
                    continue     # the rule cannot match here (most windows have no 简称, no brackets)
                for m in rule.regex.finditer(text, start, end):
                    if m.end() > m.start():
                        c = self.candidate(rule, order, m)
                        if c is not None:
                            candidates.append(c)
        chosen = select(candidates)
        # An alias the article introduced in apposition marks its other mentions too, with the
        # apposition's canonical name and priority (株洲轨交集群 is then not a cluster of its own).
        learned = [Candidate(c.rule, c.order, [Mention(am.start(), am.end(), canonical)])
                   for c in chosen for alias, canonical in c.aliases
                   for am in re.finditer(re.escape(alias), text)]
        if learned:
            chosen = select(candidates + learned)
        found = [(c.rule, mention) for c in chosen for mention in c.mentions]
        found.sort(key=lambda rm: (rm[1].start, rm[1].end))
        return found

    def __call__(self, doc: Doc) -> Doc:
        records = doc._.records["clusters"]
        text = text_of(doc)
        for rule, mention in self.find(text):
            records.append(ClusterRecord(name=text[mention.start:mention.end], canonical=mention.canonical,
                                         start=mention.start, end=mention.end,
                                         sentence=sentence_at(doc, mention.start)[2], rule=rule.id))
        set_spans(doc, "clusters", ((r.start, r.end, r.rule) for r in records))
        return doc


def select(candidates: list[Candidate]) -> list[Candidate]:
    """The non-overlapping best: higher priority, then the longer span, then the earlier one."""
    taken = TakenSpans()
    ranked = sorted(candidates, key=lambda c: (-c.rule.priority, -(c.end - c.start), c.start, c.order))
    return [c for c in ranked if taken.add(c.start, c.end)]


@Language.factory("newsx_clusters", default_config={"rules_dirs": []})
def make_cluster_extractor(nlp: Language, name: str, rules_dirs: list[str]) -> ClusterExtractor:
    return built_from(ClusterExtractor, load_rules_at(rules_dirs))
