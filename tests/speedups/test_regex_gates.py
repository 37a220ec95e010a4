"""pipeline/speedups/regex_gates.py: a regex behind its first-character check finds what it finds alone.
"""
from __future__ import annotations

import random
import re

import pytest

from pipeline.speedups.regex_gates import first_char_check, first_chars


@pytest.mark.parametrize("pattern, chars", [
    ("ab|c", {"a", "c"}),
    ("(?=x)x?y", {"x", "y"}),
    ("(?<![甲])(?:乙|丙)+", {"乙", "丙"}),
    ("a?", None),                   # may match empty
    ("(?i)a", None),
    (r"\w", None),
])
def test_first_chars(pattern, chars):
    assert first_chars(pattern) == (None if chars is None else frozenset(chars))


def test_first_char_check_finds_what_the_regex_finds_alone():
    rng = random.Random(5)
    atoms = ["甲", "乙丙", "[甲丁]", "(?:乙|丙丁)", "(?<!甲)丙", "(?=乙)", "(丁)", "甲?", "(?:丙乙)*"]
    text_parts = ["甲", "乙", "丙", "丁", "戊", "甲乙", "丙丁"]
    for _ in range(300):
        regex = "|".join("".join(rng.choice(atoms) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 3)))
        plain, checked = re.compile(regex), re.compile(first_char_check(regex))
        for _ in range(5):
            text = "".join(rng.choice(text_parts) for _ in range(rng.randint(0, 15)))
            assert [(m.span(), m.groups()) for m in plain.finditer(text)] == \
                   [(m.span(), m.groups()) for m in checked.finditer(text)], (regex, text)


def test_top_level_alternatives_cut_only_outside_groups_sets_and_escapes():
    from pipeline.speedups.regex_gates import top_level_alternatives

    cases = {"a|b": ["a", "b"], "[|]|c": ["[|]", "c"], "[]|]x|d": ["[]|]x", "d"], "[^]|]|e": ["[^]|]", "e"],
             r"\||f": [r"\|", "f"], "(a|b)|c": ["(a|b)", "c"], "(?#x|y)a|b": ["(?#x|y)a", "b"],
             r"[\]|]|g": [r"[\]|]", "g"], "[^|]|[[]|(|)": ["[^|]", "[[]", "(|)"], "abc": ["abc"], "a||b": ["a", "", "b"]}
    for regex, parts in cases.items():
        assert top_level_alternatives(regex) == parts, regex


CHECKED_REGEXES = [
    r"说|称|^[甲乙]{2}：|(?<=”[甲乙])[甲乙丙]{0,2}|：\s*“|表示[甲乙]",
    r"(?<![来所])说(?:道)?|(?=称)(?<!自)称|[：:]\s*“|(?<=[。！]”[甲乙]{2})[甲乙]{0,6}|认为|$",
    r"甲|[^乙]丙|乙(?=丙)|[丁-丙]+|",
    r"(?P<a>甲)乙|(?P=a)|乙(甲|丙)|[|]|\||说(?#a|b)",
    r"(?x) 甲 | 乙 ",
    r"甲|(?i:ab)|乙|[\u4e00-\u9fa5]说",
]


def test_branch_first_char_checks_find_the_same_matches_on_random_text():
    from pipeline.speedups.regex_gates import branch_first_char_checks

    rng = random.Random(23)
    parts = ["说", "称", "甲", "乙", "丙", "丁", "：", ":", "“", "”", "。", "！", " ", "\n", "表示", "认为", "来", "自",
             "道", "a", "B", "|"]
    for regex in CHECKED_REGEXES:
        plain, checked = re.compile(regex), re.compile(branch_first_char_checks(regex))
        for _ in range(3000):
            text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 14)))
            assert [(m.span(), m.groups()) for m in plain.finditer(text)] == \
                   [(m.span(), m.groups()) for m in checked.finditer(text)], (regex, text)
