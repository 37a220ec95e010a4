"""NEWSX_PLAIN=1 turns every speedup off (pipeline/speedups/): patterns compiled as written by
`re.compile` (no regex cache, lexicons as longest-first alternations, no pattern compiler), every
rule run on every text (no gates), the LAC package's own encoder. The records are the same, but
for the quotes whose speaker the LAC model reads differently when windows are joined
(tests/test_lac_batches.py): for quotes, the rule matches are compared."""
from __future__ import annotations

import pytest

from pipeline.extractors import load_rules
from pipeline.rules import compile_pattern, expand_pattern, lexicon_regex


@pytest.fixture
def plain(monkeypatch):
    monkeypatch.setenv("NEWSX_PLAIN", "1")


def test_the_switch(monkeypatch):
    from pipeline import speedups

    for value, on in [("1", False), ("yes", False), ("0", True), ("", True)]:
        monkeypatch.setenv("NEWSX_PLAIN", value)
        assert speedups.enabled() is on
    monkeypatch.delenv("NEWSX_PLAIN")
    assert speedups.enabled()


def test_patterns_are_compiled_as_written_without_the_cache(plain, regex_cache_dir):
    from pipeline.speedups import regex_cache

    lexicons, fragments = {"mult": ["万", "万亿", "亿"]}, {"arabic": "(?<!第)[0-9]+"}
    assert lexicon_regex(lexicons["mult"]) == "(?:万亿|万|亿)"
    regex = compile_pattern("{arabic}{mult}", lexicons, fragments)
    assert regex.pattern == "(?:(?<!第)[0-9]+)(?:万亿|万|亿)" == expand_pattern("{arabic}{mult}", lexicons, fragments)
    assert not regex_cache._used
    rules = load_rules()
    for rule in rules.rules("figures"):
        assert rule.regex.pattern == expand_pattern(rule.pattern, rules.lexicons["figures"], rules.fragments["figures"])


def test_the_fast_path_compiles_otherwise(regex_cache_dir):
    from pipeline.speedups import regex_cache

    regex = compile_pattern("{arabic}{mult}", {"mult": ["万", "万亿", "亿"]}, {"arabic": "(?<!第)[0-9]+"})
    assert regex.pattern == "(?:[0-9](?<!第(?s:.))[0-9]*)(?:(?:万(?:亿)?|亿))"
    assert regex_cache._used


def records_of(texts, kinds):
    from pipeline.extractors.extract import extract

    return [{kind: getattr(extract(text, "2022-06-30"), kind) for kind in kinds} for text in texts]


def quote_matches(texts):
    from pipeline.extractors.quotes.extractor import QuoteExtractor, quotes_as_curly

    extractor = QuoteExtractor(load_rules())
    return [[(c.rule.id, c.match.span(), c.match.groupdict()) for c in extractor.candidates(quotes_as_curly(text))]
            for text in texts]


def test_the_same_records_and_quote_matches_with_every_speedup_off(gold_bodies, monkeypatch):
    texts = gold_bodies[::4]
    kinds = ["figures", "dates", "clusters"]
    fast_records, fast_quotes = records_of(texts, kinds), quote_matches(texts)
    monkeypatch.setenv("NEWSX_PLAIN", "1")
    assert records_of(texts, kinds) == fast_records
    assert quote_matches(texts) == fast_quotes
    assert sum(len(r["figures"]) + len(r["clusters"]) for r in fast_records) > 100 and sum(map(len, fast_quotes)) > 20
