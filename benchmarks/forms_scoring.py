"""Scoring shared by the peer-style forms tables (eval_forms.py for figures, eval_date_forms.py
for dates): each row's expected records matched one to one against what newsx found, micro
P/R/F1 per category."""
from __future__ import annotations

from typing import Callable, Iterable


def match_counts(expected: list[dict], found: list[dict], ok: Callable[[dict, dict], bool]) -> tuple[int, int, int]:
    """(right, found, expected) for one row: greedy one-to-one matching in expected order, as the
    gold scorer matches (pipeline.extractors.scoring.match_greedy)."""
    from pipeline.extractors.scoring import match_greedy

    return len(match_greedy(expected, found, ok)), len(found), len(expected)


def prf(right: int, n_found: int, n_expected: int) -> tuple[float, float, float]:
    p = right / n_found if n_found else 1.0
    r = right / n_expected if n_expected else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def tally(categories: Iterable[str], scored: Iterable[tuple[tuple[str, ...], tuple[int, int, int]]]) -> dict:
    """Totals per category, [right, found, expected, rows, rows right], from (categories of the row,
    its match counts) pairs."""
    totals = {c: [0, 0, 0, 0, 0] for c in categories}
    for keys, counts in scored:
        right, n_found, n_expected = counts
        for key in keys:
            t = totals[key]
            t[0] += right
            t[1] += n_found
            t[2] += n_expected
            t[3] += 1
            t[4] += right == n_found == n_expected
    return totals


def print_totals(heading: str, totals: dict) -> None:
    print(heading)
    for c, (right, n_found, n_expected, n_rows, rows_right) in totals.items():
        p, r, f = prf(right, n_found, n_expected)
        print(f"  {c:<11} P={p:.3f} R={r:.3f} F1={f:.3f}  ({right} right, {n_found} found, "
              f"{n_expected} expected; rows right {rows_right}/{n_rows})")
