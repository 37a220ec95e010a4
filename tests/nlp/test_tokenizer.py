"""The tokenizer's faster pieces give what they replace: pipeline/nlp/tokenizer.py vs spaCy's word
alignment and vs jieba itself, on random and real text.
"""
from __future__ import annotations

import random

import pytest

SENTENCES = [
    "今年前三季度，全市规模以上工业增加值同比增长8.2%，高于全省平均水平。",
    "  开头有空格的一段话\n\n第二段 有 单个空格  和两个空格\t还有制表符\r\n结尾 ",
    "新能源汽车产业集群 2023年产值突破1200亿元，比上年增长三成。",
    "市工信局局长王建国在发布会上表示：“明年将继续扶持中小企业。”",
    "",
    " ",
    "\n",
    "Apple 和 华为 发布了新款手机 Mate 60 Pro",
]


@pytest.fixture(scope="module")
def nlp():
    from pipeline.extractors.extract import get_nlp

    return get_nlp()


def test_doc_tokens_are_spacys(nlp):
    from spacy import util

    from pipeline.nlp.tokenizer import JiebaDocTokenizer

    assert isinstance(nlp.tokenizer, JiebaDocTokenizer)
    for text in SENTENCES:
        words, spaces = util.get_words_and_spaces(nlp.tokenizer.segmenter.cut(text), text)
        ours = nlp.make_doc(text)
        assert [(t.text, bool(t.whitespace_)) for t in ours] == list(zip(words, spaces))
        assert ours.text == text


def test_words_and_spaces_on_random_whitespace(nlp):
    from spacy import util

    from pipeline.nlp.tokenizer import words_and_spaces

    rng = random.Random(7)
    parts = ["产业", "集群", "年", " ", "  ", "\n", "\t", "\u3000", "。", "A", "12", "\r\n"]
    for _ in range(500):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 12)))
        pieces = [w for w in nlp.tokenizer.segmenter.cut(text) if w]
        assert words_and_spaces(pieces, text) == util.get_words_and_spaces(pieces, text), repr(text)


@pytest.fixture(scope="module")
def segmenters(nlp):
    """jieba-rs (corrected) and jieba itself, with the shipped rules' dictionary words."""
    from pipeline.extractors import load_rules
    from pipeline.nlp.build import dictionary_words
    from pipeline.nlp.tokenizer import PythonJiebaSegmenter, RustJiebaSegmenter

    words = dictionary_words(load_rules())
    return RustJiebaSegmenter(words), PythonJiebaSegmenter(words)


def test_rust_segmenter_cuts_jiebas_words_on_random_text(segmenters):
    rust, python = segmenters
    rng = random.Random(11)
    # Chinese words and single characters, the ASCII runs jieba splits (2017-2018, 2.3Gbps,
    # a_b.c), punctuation, whitespace, and characters only jieba-rs reads as Chinese.
    parts = ["产业", "集群", "新能源", "汽车", "的", "在", "亿元", "增长", "万", "局长", "表示", "，", "。", "：",
             "“", "”", "2017", "-", "2018", "2.3", "Gbps", "10.2", ".", "1", "%", "_", "a", "X", "Man", "+", "#",
             "&", " ", "  ", "\n", "\r\n", "\t", "\u3000", "\u3400", "\u9fa6", "\uf92c", "\U00020000", "é", "ア",
             "１２", "宁德时代", "比亚迪", "长三角"]
    for _ in range(3000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 20)))
        assert rust.cut(text) == python.cut(text), repr(text)


def test_rust_segmenter_cuts_jiebas_words_on_real_articles(segmenters, corpus_texts):
    rust, python = segmenters
    for text in corpus_texts:
        assert rust.cut(text) == python.cut(text)


def test_forced_split_falls_back_to_jieba():
    from pipeline.nlp.tokenizer import DictWord, PythonJiebaSegmenter, build_segmenter

    assert isinstance(build_segmenter([DictWord("产业集群", 0)]), PythonJiebaSegmenter)


def random_cut(rng: random.Random, text: str) -> list[str]:
    """The text cut at random places: pieces may hold whitespace among other characters."""
    cuts = sorted(rng.sample(range(1, len(text)), rng.randint(0, len(text) - 1))) if len(text) > 1 else []
    return [text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)])] if text else []


def test_words_and_spaces_as_piece_by_piece_on_any_cut_of_random_text():
    """The run-by-run version gives what the former piece-by-piece loop (still the fallback) gave."""
    from pipeline.nlp.tokenizer import (
        _words_and_spaces_piece_by_piece,
        words_and_spaces,
    )

    rng = random.Random(11)
    parts = ["产业", "集群", " ", "  ", "\n", "\t", "\u3000", "。", "A b", "12", "\r\n", " x"]
    for _ in range(3000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 10)))
        pieces = random_cut(rng, text)
        assert words_and_spaces(pieces, text) == _words_and_spaces_piece_by_piece(pieces, text), (text, pieces)


def test_whitespace_runs_are_the_characters_str_isspace_takes():
    """words_and_spaces finds the whitespace pieces as runs of \\s: the same characters as str.isspace."""
    import sys

    from pipeline.nlp.tokenizer import _WHITESPACE_RUN

    assert all(bool(_WHITESPACE_RUN.fullmatch(chr(c))) == chr(c).isspace() for c in range(sys.maxunicode + 1))


def test_words_and_spaces_as_spacy_on_real_articles(nlp, corpus_texts):
    from spacy import util

    from pipeline.nlp.tokenizer import words_and_spaces

    for text in corpus_texts:
        pieces = [w for w in nlp.tokenizer.segmenter.cut(text) if w]
        assert words_and_spaces(pieces, text) == util.get_words_and_spaces(pieces, text)


def test_doc_from_orth_ids_is_the_doc_from_words(nlp, corpus_texts):
    from spacy.tokens import Doc

    from pipeline.nlp.tokenizer import words_and_spaces

    tokenizer = nlp.tokenizer
    for text in corpus_texts[:20] + ["", " ", "ORTH 集群 新词语甲乙 \n\n"]:
        words, spaces = words_and_spaces([w for w in tokenizer.segmenter.cut(text) if w], text)
        ours = tokenizer(text)
        reference = Doc(nlp.vocab, words=words, spaces=spaces)
        assert [(t.text, t.whitespace_, t.orth, t.lex_id) for t in ours] == \
            [(t.text, t.whitespace_, t.orth, t.lex_id) for t in reference]
        assert ours.text == text


def test_tokenizer_inside_a_memory_zone_takes_the_words_themselves(nlp):
    text = "集群内存区域里的新词丙丁戊 2024年"
    with nlp.memory_zone():
        inside = [(t.text, t.whitespace_) for t in nlp.make_doc(text)]
    assert inside == [(t.text, t.whitespace_) for t in nlp.make_doc(text)]


def test_tokenizer_forgets_its_word_ids_past_the_limit(nlp, monkeypatch):
    from pipeline.nlp import tokenizer

    monkeypatch.setattr(tokenizer, "MAX_REMEMBERED_WORDS", 3)
    text = "集群 新词甲乙 2024年产业集群发展"
    expected = [(t.text, t.whitespace_, t.orth) for t in nlp.make_doc(text)]
    for _ in range(3):
        assert [(t.text, t.whitespace_, t.orth) for t in nlp.make_doc(text)] == expected
        assert len(nlp.tokenizer._orth_ids) <= len(expected)
