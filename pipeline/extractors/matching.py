"""Running regex rules over a Doc's text: all matches, then the non-overlapping best."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from pipeline.rules import Rule


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


def find_matches(rules: Iterable[Rule], text: str) -> list[RuleMatch]:
    """Every match of every rule, non-overlapping: higher priority wins, then the longer match,
    then the earlier one. Rules come sorted by priority from the RuleSet."""
    candidates = []
    for order, rule in enumerate(rules):
        if rule.regex is None:
            continue
        for m in rule.regex.finditer(text):
            if m.end() > m.start():
                candidates.append((-rule.priority, -(m.end() - m.start()), m.start(), order, RuleMatch(rule, m)))
    candidates.sort(key=lambda c: c[:4])
    taken: list[tuple[int, int]] = []
    chosen = []
    for *_, rm in candidates:
        if any(rm.start < e and s < rm.end for s, e in taken):
            continue
        taken.append((rm.start, rm.end))
        chosen.append(rm)
    chosen.sort(key=lambda rm: rm.start)
    return chosen


def overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)
