"""Records per rule in an output folder, so dead and noisy rules show."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from pipeline.rules import RuleSet


def rule_stats(extracted_dir: str | Path, rules: RuleSet) -> tuple[Counter, list[str]]:
    """(records per rule id, ids of loaded rules with no record)."""
    counts: Counter = Counter()
    for kind in rules.rules_by_kind:
        path = Path(extracted_dir) / f"{kind}.csv"
        if not path.exists():
            continue
        with open(path, encoding="utf-8-sig", newline="") as f:
            counts.update(row.get("rule", "") for row in csv.DictReader(f))
    dead = [r.id for r in rules.all_rules() if counts[r.id] == 0]
    return counts, dead
