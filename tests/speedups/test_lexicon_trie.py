"""pipeline/speedups/lexicon_trie.py: a lexicon's prefix tree matches like the plain longest-first alternation.
"""
from __future__ import annotations

import random
import re

from pipeline.speedups.lexicon_trie import trie_alternation


def plain_alternation(words: list[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


def test_trie_matches_like_the_plain_alternation():
    rng = random.Random(3)
    alphabet = "长沙市岳麓区县新"
    tails = ["", "市", "(?:市|区)", "[市区]{2}", "$", "县?新区", "(?!市)"]
    for _ in range(2000):
        words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 10))]
        tail = rng.choice(tails)
        plain, trie = re.compile(plain_alternation(words) + tail), re.compile(trie_alternation(words) + tail)
        for _ in range(4):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
            assert [m.span() for m in plain.finditer(text)] == [m.span() for m in trie.finditer(text)], (words, tail)


def test_trie_keeps_longest_first_and_cased_words():
    assert re.match(trie_alternation(["万", "万亿", "亿"]), "万亿元").group() == "万亿"
    assert re.match(trie_alternation(["北京", "北京市"]) + "市", "北京市").group() == "北京市"   # backtracks
    cased = trie_alternation(["km", "KM", "kg", "kgs"])
    assert "(?:k(?:" not in cased                              # case flags could reorder a tree: left plain
    assert re.compile(cased, re.I).match("KGS").group() == "KGS"


def test_trie_with_first_character_checks_matches_like_the_plain_alternation():
    from pipeline.speedups.lexicon_trie import MAX_BRANCHES_UNCHECKED, trie_alternation

    rng = random.Random(5)
    alphabet = "长沙市岳麓区县新北京海南宁波-]^\\[.*?()0123456789ab甲乙丙丁戊己庚辛壬癸"
    tails = ["", "市", "(?:市|区)", "[市区]{2}", "$", "县?新区", "(?!市)"]
    checked = 0
    for _ in range(1500):
        words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 60))]
        tail = rng.choice(tails)
        plain, trie = re.compile(plain_alternation(words) + tail), re.compile(trie_alternation(words) + tail)
        checked += len({w[0] for w in words}) > MAX_BRANCHES_UNCHECKED
        for _ in range(4):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
            assert [m.span() for m in plain.finditer(text)] == [m.span() for m in trie.finditer(text)], (words, tail)
    assert checked > 500


def test_shipped_lexicons_match_like_their_plain_alternations(corpus_texts):
    from pipeline.extractors import load_rules
    from pipeline.speedups.lexicon_trie import trie_alternation

    lexicons = load_rules().lexicons
    largest = sorted((words for kind in lexicons.values() for words in kind.values()), key=len)[-4:]
    for words in largest:
        plain, trie = re.compile(plain_alternation(words)), re.compile(trie_alternation(words))
        for text in corpus_texts:
            assert [m.span() for m in plain.finditer(text)] == [m.span() for m in trie.finditer(text)]
