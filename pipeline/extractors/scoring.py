"""Matching extracted records against gold, the way ../shared/tools/score.py does.

Each extractor's spec lists its Scorers; `pipeline.review.evaluate` runs them. A Scorer
pairs each gold record, in gold order, with the first unused predicted record it accepts
(greedy), after the predictions are grouped when one gold record stands for several rows
(a cluster named three times is one cluster).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Callable

UNIT_ALIASES = {"人民币": "元", "元人民币": "元", "rmb": "元", "cny": "元", "％": "%", "个百分点": "个百分点"}


def norm(s) -> str:
    s = unicodedata.normalize("NFKC", s or "")
    return "".join(s.split())


def norm_unit(u) -> str:
    u = norm(u).lower()
    return UNIT_ALIASES.get(u, u)


def to_float(x):
    try:
        return float(str(x).replace(",", ""))
    except (TypeError, ValueError):
        return None


def match_greedy(golds, preds, ok) -> list[tuple[int, int]]:
    """Pairs each gold with the first unused prediction that ok() accepts."""
    used, pairs = set(), []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if pi not in used and ok(g, p):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


def text_overlap(a, b) -> float:
    """Share of the shorter text found, in order, in the other."""
    a, b = norm(a), norm(b)
    if not a or not b:
        return 0.0
    m = sum(block.size for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return m / min(len(a), len(b))


@dataclass(frozen=True)
class Scorer:
    """One line of the evaluation report for a kind."""
    name: str                                          # the report line: "figures", "quote_texts"
    ok: Callable[[dict, object], bool]                 # does this prediction match this gold record?
    detail: Callable[[dict], str] | None = None        # how a missed/extra record is listed (None: not listed)
    # Predicted rows -> the items matched (default: the rows themselves). Clusters group their
    # mentions by canonical name, so a cluster counts once.
    group: Callable[[list[dict]], list] | None = None
    detail_of_item: Callable[[object], str] | None = None
    # An agreement measured on the matched pairs (figures' approx), reported as
    # "<name> <label> accuracy on matched".
    agreement: tuple[str, Callable[[dict, dict], bool]] | None = None

    def items(self, rows: list[dict]) -> list:
        return self.group(rows) if self.group else rows
