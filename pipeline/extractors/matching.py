"""Running regex rules over a Doc's text: all matches, then the non-overlapping best."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Iterable

from pipeline import speedups
from pipeline.rules import Rule, RuleSet, expand_pattern
from pipeline.speedups.pattern_compiler import first_chars
from pipeline.speedups.regex_gates import START_MARK, RequiredText, never_empty, stub_lexicons


@dataclass
class RuleMatch:
    rule: Rule
    match: re.Match

    @property
    def start(self) -> int:
        return self.match.start()

    @property
    def end(self) -> int:
        return self.match.end()


def required_text(pattern: str | None, lexicons: dict[str, list[str]], fragments: dict[str, str]) -> RequiredText:
    """What every match of a rule pattern (as the rules write it, {placeholders} unexpanded) contains;
    nothing under NEWSX_PLAIN=1 (every rule runs on every text)."""
    if pattern is None or not speedups.enabled():
        return RequiredText(())
    try:
        return RequiredText.of(expand_pattern(pattern, stub_lexicons(lexicons), fragments))
    except ValueError:        # the rule's own compile reports a bad pattern; here it only requires nothing
        return RequiredText(())


def starts_with_part(pattern: str | None, names: set[str], lexicons: dict[str, list[str]],
                     fragments: dict[str, str]) -> bool:
    """Whether every match of a rule pattern starts with a match of one of the named fragments or
    lexicons (each of which never matches empty), e.g. a place: then the rule need only be tried
    where those start. False under NEWSX_PLAIN=1 (every rule is tried at every position)."""
    if pattern is None or not speedups.enabled():
        return False
    stubbed = stub_lexicons(lexicons)
    try:
        if not all(never_empty(expand_pattern("{" + name + "}", stubbed, fragments)) for name in names):
            return False
        marked_fragments = {**fragments, **{name: START_MARK for name in names if name in fragments}}
        marked_lexicons = {**stubbed, **{name: [START_MARK] for name in names if name in lexicons}}
        return first_chars(expand_pattern(pattern, marked_lexicons, marked_fragments)) == {START_MARK}
    except ValueError:        # the rule's own compile reports a bad pattern
        return False


@dataclass
class GatedRules:
    """A kind's rules, each with the text its matches require: a text that lacks it is not searched."""
    rules: list[Rule]
    required: list[RequiredText]

    @classmethod
    def of(cls, rules: RuleSet, kind: str) -> "GatedRules":
        lexicons, fragments = rules.lexicons.get(kind, {}), rules.fragments.get(kind, {})
        kind_rules = rules.rules(kind)
        return cls(kind_rules, [required_text(r.pattern, lexicons, fragments) for r in kind_rules])

    def for_text(self, text: str) -> list[Rule]:
        """The rules that may match in the text, in their order (skipping the others changes no result)."""
        looked_up: dict[frozenset[str], bool] = {}
        return [rule for rule, required in zip(self.rules, self.required) if required.found_in(text, looked_up)]


def find_matches(rules: Iterable[Rule], text: str) -> list[RuleMatch]:
    """Every match of every rule, non-overlapping: higher priority wins, then the longer match,
    then the earlier one. Rules come sorted by priority from the RuleSet."""
    candidates = []
    for order, rule in enumerate(rules):
        if rule.regex is None:
            continue
        for m in rule.regex.finditer(text):
            start, end = m.span()
            if end > start:
                candidates.append((-rule.priority, start - end, start, order, rule, m))
    candidates.sort(key=lambda c: c[:4])
    taken = TakenSpans()
    chosen = []
    for _, _, start, _, rule, m in candidates:
        if taken.add(start, m.end()):
            chosen.append(RuleMatch(rule, m))
    chosen.sort(key=lambda rm: rm.start)
    return chosen


class TakenSpans:
    """Non-overlapping spans, kept sorted: whether a new one overlaps them is two bisections."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, start: int, end: int) -> bool:
        """Take (start, end) unless it overlaps a span already taken; True when taken."""
        # The taken span starting last before `end` ends last among them (they do not overlap).
        k = bisect_left(self.starts, end)
        if k and self.ends[k - 1] > start:
            return False
        self.starts.insert(k, start)
        self.ends.insert(k, end)
        return True


def overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


class SpanIndex:
    """Spans (possibly overlapping) sorted once, so each query is a bisection rather than a scan
    of them all: an article with thousands of dates and figures in one run of text otherwise costs
    the square of its length."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.max_end: list[int] = []        # the largest end among the spans up to each one
        top = -1
        for _, e in self.spans:
            top = max(top, e)
            self.max_end.append(top)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any span overlaps [start, end) (the same as `overlaps(start, end, spans)`)."""
        k = bisect_left(self.starts, end)          # spans starting before `end`
        return bool(k) and self.max_end[k - 1] > start

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans that start before `end` and end after `start`, in order."""
        k = bisect_left(self.starts, end)
        # max_end only grows: the first span whose running maximum passes `start` is where to look from.
        i = bisect_right(self.max_end, start, 0, k)
        return [(s, e) for s, e in self.spans[i:k] if e > start]
