"""The faster sentence splitter and rule-match selection give what the code they replace gave.

The reference versions below are the former implementations, kept here as the specification.
"""
from __future__ import annotations

import random

import pytest

from pipeline.sentences import CLOSE_QUOTES, CLOSERS, OPEN_QUOTES, TERMINALS, sentence_boundaries


def reference_sentence_boundaries(text: str) -> list[int]:
    """sentence_boundaries as it was: one step per character."""
    starts = [0]
    depth = 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            depth = 0
            j = i + 1
            while j < n and text[j] in "\n \t\u3000":
                j += 1
            if j < n:
                starts.append(j)
            i = j
            continue
        if ch in OPEN_QUOTES:
            depth += 1
        elif ch in CLOSE_QUOTES and depth:
            depth -= 1
        elif ch in TERMINALS and depth == 0:
            j = i + 1
            while j < n and (text[j] in TERMINALS or text[j] in CLOSERS):
                j += 1
            while j < n and text[j] in " \t\u3000":
                j += 1
            if j < n and text[j] != "\n":
                starts.append(j)
            i = j
            continue
        i += 1
    return sorted(set(starts))


def test_sentence_boundaries_as_before_on_random_text():
    rng = random.Random(17)
    parts = ["集群", "产值", "。", "！", "?", "；", "“", "”", "「", "」", "『", "』", "）", "\"", "'", "\n", " ", "\t",
             "\u3000", "说：", "……"]
    for _ in range(5000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 16)))
        assert sentence_boundaries(text) == reference_sentence_boundaries(text), repr(text)


def test_sentence_boundaries_as_before_on_real_articles(corpus_texts):
    for text in corpus_texts:
        assert sentence_boundaries(text) == reference_sentence_boundaries(text)


def reference_find_matches(rules, text):
    """find_matches as it was: each candidate checked against every span taken before it."""
    candidates = []
    for order, rule in enumerate(rules):
        if rule.regex is None:
            continue
        for m in rule.regex.finditer(text):
            if m.end() > m.start():
                candidates.append((-rule.priority, -(m.end() - m.start()), m.start(), order, rule, m))
    candidates.sort(key=lambda c: c[:4])
    taken, chosen = [], []
    for *_, rule, m in candidates:
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        taken.append(m.span())
        chosen.append((rule.id, m.start(), m.end()))
    return sorted(chosen, key=lambda c: c[1])


def found_matches(rules, text):
    from pipeline.extractors.matching import find_matches

    return [(rm.rule.id, rm.start, rm.end) for rm in find_matches(rules, text)]


def test_find_matches_as_before_on_random_rules_and_text():
    import re

    from pipeline.rules import Rule

    rng = random.Random(23)
    atoms = ["甲", "乙", "甲乙", "[乙丙]+", "丙?", "丁{1,3}", "(?<=甲)乙"]
    for trial in range(300):
        rules = [Rule(id=f"r.{k}", kind="r", description="", pattern=None, options={}, examples=[], path="", line=None,
                      priority=rng.choice([0, 1, 2]),
                      regex=re.compile("".join(rng.choice(atoms) for _ in range(rng.randint(1, 3)))))
                 for k in range(rng.randint(1, 5))]
        rules.sort(key=lambda r: -r.priority)
        text = "".join(rng.choice("甲乙丙丁戊") for _ in range(rng.randint(0, 30)))
        assert found_matches(rules, text) == reference_find_matches(rules, text), (trial, text)


@pytest.mark.parametrize("kind", ["dates", "figures"])
def test_find_matches_as_before_on_real_articles(kind, corpus_texts):
    from pipeline.rules import load_rules

    rules = load_rules().rules(kind)
    for text in corpus_texts:
        assert found_matches(rules, text) == reference_find_matches(rules, text)


@pytest.mark.parametrize("kind", ["dates", "figures"])
def test_rules_skipped_for_a_text_lacking_their_required_text_would_find_nothing(kind, corpus_texts):
    from pipeline.extractors.matching import GatedRules
    from pipeline.rules import load_rules

    gated = GatedRules.of(load_rules(), kind)
    texts = corpus_texts + [ex.text for rule in gated.rules for ex in rule.examples]
    skipped = 0
    for text in texts:
        runnable = gated.for_text(text)
        skipped += len(gated.rules) - len(runnable)
        assert found_matches(runnable, text) == found_matches(gated.rules, text)
    assert skipped > len(texts)
