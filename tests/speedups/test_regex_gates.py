"""pipeline/speedups/regex_gates.py: a regex tried only where its first part starts finds what
finditer finds."""
from __future__ import annotations

import random
import re

from pipeline.speedups.regex_gates import matches_from


def test_matches_from_the_starts_of_a_part_are_finditer_s():
    rng = random.Random(31)
    part = "(?:甲乙?|丙)"
    atoms = ["乙", "丁+", "[乙丁]", "(?:乙|丁丁)", "(?<!甲)丁", "(?=乙)", "戊?", part]
    starts = re.compile("(?=" + part + ")")
    for _ in range(400):
        regex = re.compile(part + "".join(rng.choice(atoms) for _ in range(rng.randint(0, 4))))
        for _ in range(5):
            text = "".join(rng.choice("甲乙丙丁戊") for _ in range(rng.randint(0, 20)))
            lo, hi = sorted(rng.sample(range(len(text) + 2), 2)) if len(text) > 1 else (0, len(text))
            found = [(m.span(), m.groups()) for m in regex.finditer(text, lo, hi)]
            positions = [m.start() for m in starts.finditer(text, lo, hi)]
            assert [(m.span(), m.groups()) for m in matches_from(regex, text, positions, hi)] == found, \
                (regex.pattern, text, lo, hi)
