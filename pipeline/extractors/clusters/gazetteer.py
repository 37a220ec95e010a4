"""The gazetteer of known clusters: its files, and one automaton that finds every name in a text.

Entries come from each rules layer's `clusters_gazetteer.yaml` (written by hand) and
`clusters_gazetteer.jsonl` (one JSON object a line, for long machine-made lists, which load far
faster than YAML), then the inline `gazetteer:`
list of clusters.yaml; a later entry with the same canonical name replaces an earlier one.

Matching does not build a regex of every name (a few thousand entries made that slow):
writers add and drop 市, 产业 and 的 and write brackets of either width, so names and text are
compared *normalised* (those words dropped, brackets half-width), with one Aho-Corasick
automaton over every normalised name. Text is normalised only in the windows around 集群 the
extractor looks at, and a hit is mapped back to the original offsets. Aliases (中国声谷) are
matched verbatim with a second automaton. A province or city written before a name
(浙江省温州市乐清市电气产业集群) joins the match, as a prefix regex checked at each hit.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

from pipeline.rules import RuleError, RuleSet, key_line, read_rule_yaml, unknown_names

GAZETTEER_FILE = "clusters_gazetteer.yaml"
GAZETTEER_LINES_FILE = "clusters_gazetteer.jsonl"

ENTRY_KEYS = {"canonical", "province", "places", "industry", "aliases"}
BRACKETS = str.maketrans({"（": "(", "）": ")"})
# Dropped before names and text are compared: writers add and drop them freely.
DROPPED = re.compile("市|产业|的")
CLUSTER_WORD = "集群"


@dataclass
class GazetteerEntry:
    canonical: str
    places: list[str] = field(default_factory=list)
    industry: str = ""
    province: str = ""
    aliases: list[str] = field(default_factory=list)
    where: str = ""               # file:line, for error messages


def entry_of(item, path: Path | str, line: int | None) -> GazetteerEntry:
    if not isinstance(item, dict) or not isinstance(item.get("canonical"), str):
        raise RuleError(path, line, "each gazetteer entry is a mapping with a `canonical` name")
    unknown = unknown_names(item, ENTRY_KEYS)
    if unknown:
        first = min((k for k in item if k != "__line__" and k not in ENTRY_KEYS), key=str)
        raise RuleError(path, key_line(path, line, str(first)),
                        f"gazetteer entry {item['canonical']}: unknown key(s) {unknown}")
    places, aliases = item.get("places") or [], item.get("aliases") or []
    if not isinstance(places, list) or not isinstance(aliases, list) \
            or not all(isinstance(x, str) for x in [*places, *aliases]):
        raise RuleError(path, line, f"gazetteer entry {item['canonical']}: places and aliases are lists of names")
    if bool(places) != bool(item.get("industry")):
        raise RuleError(path, line,
                        f"gazetteer entry {item['canonical']}: give both `places` and `industry`, or neither")
    return GazetteerEntry(canonical=item["canonical"], places=list(places), industry=str(item.get("industry") or ""),
                          province=str(item.get("province") or ""), aliases=list(aliases), where=f"{path}:{line}")


def entries_from(items, path: Path | str, default_line: int | None = None) -> list[GazetteerEntry]:
    if not isinstance(items, list):
        raise RuleError(path, default_line, "the gazetteer is a list of clusters")
    return [entry_of(item, path, item.get("__line__", default_line) if isinstance(item, dict) else default_line)
            for item in items]


def entries_from_lines(path: Path) -> list[GazetteerEntry]:
    numbered = [(n, line) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.strip() and not line.lstrip().startswith("#")]
    try:        # one parse of every line at once (faster than a parse per line); a bad line is found below
        items = json.loads("[" + ",".join(line for _, line in numbered) + "]")
    except json.JSONDecodeError:
        items = None
    if items is None or len(items) != len(numbered):
        items = []
        for n, line in numbered:
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise RuleError(path, n, f"not a JSON object: {e.msg}") from None
    return [entry_of(item, path, n) for (n, _), item in zip(numbered, items)]


def load_gazetteer(rules: RuleSet) -> list[GazetteerEntry]:
    """Entries of every layer's gazetteer files, then the inline `gazetteer:` list;
    a later entry with the same canonical name replaces an earlier one."""
    by_canonical: dict[str, GazetteerEntry] = {}
    for d in rules.dirs:
        path = Path(d) / GAZETTEER_FILE
        if path.exists():
            data = read_rule_yaml(path)
            if not isinstance(data, dict) or "clusters" not in data:
                raise RuleError(path, 1, "a gazetteer file is a mapping with a `clusters:` list")
            for entry in entries_from(data["clusters"], path, data.get("__line__")):
                by_canonical[entry.canonical] = entry
        path = Path(d) / GAZETTEER_LINES_FILE
        if path.exists():
            for entry in entries_from_lines(path):
                by_canonical[entry.canonical] = entry
    inline = rules.file_data.get("clusters", {}).get("gazetteer")
    if inline:
        for entry in entries_from(inline, "clusters.yaml"):
            by_canonical[entry.canonical] = entry
    return list(by_canonical.values())


def normalised(name: str) -> str:
    return DROPPED.sub("", name).translate(BRACKETS)


@dataclass
class Hit:
    start: int
    end: int
    entry: int          # index in the matcher's entries


class NormalisedText:
    """A stretch of text with 市/产业/的 dropped and brackets half-width, and the way back to offsets."""

    def __init__(self, text: str, start: int, end: int):
        pieces, self.norm_starts, self.orig_starts = [], [], []
        n, pos = 0, start
        for m in DROPPED.finditer(text, start, end):
            if m.start() > pos:
                pieces.append(text[pos:m.start()])
                self.norm_starts.append(n)
                self.orig_starts.append(pos)
                n += m.start() - pos
            pos = m.end()
        if end > pos:
            pieces.append(text[pos:end])
            self.norm_starts.append(n)
            self.orig_starts.append(pos)
        self.text = "".join(pieces).translate(BRACKETS)

    def offset(self, i: int) -> int:
        """The original offset of normalised character i."""
        k = bisect_right(self.norm_starts, i) - 1
        return self.orig_starts[k] + (i - self.norm_starts[k])


class GazetteerMatcher:
    """Every name and alias of the entries, found in one pass over a window of text.

    `name_keys[i]` are entry i's names, normalised, each ending in 集群 (the extractor's windows
    are around that word); `prefix` is a regex of what may precede a name and join it (a province,
    a city); `not_after` the characters after 集群 that make it a process (集群化)."""

    def __init__(self, name_keys: list[list[str]], aliases: list[list[str]], prefix: re.Pattern | None,
                 not_after: tuple[str, ...] = ()):
        self.prefix, self.not_after, self.prefix_span = prefix, not_after, 16
        self.names = ahocorasick.Automaton()
        for i, keys in enumerate(name_keys):
            for key in keys:
                if key and key not in self.names:       # the first entry with a name keeps it
                    self.names.add_word(key, (len(key), i))
        self.aliases = ahocorasick.Automaton()
        for i, words in enumerate(aliases):
            for word in words:
                if word and word not in self.aliases:
                    self.aliases.add_word(word, (len(word), i))
        self.has_names, self.has_aliases = len(self.names) > 0, len(self.aliases) > 0
        if self.has_names:
            self.names.make_automaton()
        if self.has_aliases:
            self.aliases.make_automaton()

    def alias_spans(self, text: str) -> list[tuple[int, int]]:
        """Where an alias is written (the extractor looks around these, as around 集群)."""
        if not self.has_aliases:
            return []
        return [(end - length + 1, end + 1) for end, (length, _) in self.aliases.iter(text)]

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """Non-overlapping hits in text[start:end], leftmost first, then the longest."""
        end = len(text) if end is None else end
        hits = []
        if self.has_names and CLUSTER_WORD in text[start:end]:
            norm = NormalisedText(text, start, end)
            for last, (length, i) in self.names.iter(norm.text):
                s, e = norm.offset(last - length + 1), norm.offset(last) + 1
                if self.not_after and text.startswith(self.not_after, e):
                    continue
                hits.append(Hit(self.with_prefix(text, s, start), e, i))
        if self.has_aliases:
            hits += [Hit(start + last - length + 1, start + last + 1, i)
                     for last, (length, i) in self.aliases.iter(text[start:end])]
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        chosen, taken_to = [], -1
        for h in hits:
            if h.start >= taken_to:
                chosen.append(h)
                taken_to = h.end
        return chosen

    def with_prefix(self, text: str, s: int, floor: int) -> int:
        """The start of a province or city written just before s (浙江省温州市|乐清…), else s."""
        if self.prefix is None or s == floor:
            return s
        m = self.prefix.search(text, max(floor, s - self.prefix_span), s)
        return m.start() if m else s
