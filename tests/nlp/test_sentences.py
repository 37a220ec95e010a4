"""Sentence boundaries (pipeline/nlp/sentences.py): quotes, line breaks, and the same cuts as the former
character-by-character splitter on random and real text."""
import random

from pipeline.nlp.sentences import (
    CLOSE_QUOTES,
    CLOSERS,
    OPEN_QUOTES,
    TERMINALS,
    sentence_boundaries,
)


def split(text):
    b = sentence_boundaries(text)
    return [text[s:e] for s, e in zip(b, b[1:] + [len(text)])]


def test_quote_and_attribution_stay_one_sentence():
    text = "“集群是创新的主引擎。”王强表示，要加快发展。下一句话。"
    assert split(text) == ["“集群是创新的主引擎。”王强表示，要加快发展。", "下一句话。"]


def test_line_breaks_and_semicolons_split():
    assert split("第一段没有句号\n第二段；第三句！") == ["第一段没有句号\n", "第二段；", "第三句！"]


def test_unclosed_quote_does_not_swallow_the_next_paragraph():
    assert split("他说：“没有结束\n新的段落。") == ["他说：“没有结束\n", "新的段落。"]


def test_a_run_without_terminal_punctuation_is_cut_at_clause_breaks():
    from pipeline.nlp.sentences import MAX_SENTENCE

    clause = "园区企业产值增长百分之八，"          # 13 characters, ends in a clause break
    text = clause * 400 + "最后一句。"
    pieces = split(text)
    assert "".join(pieces) == text
    assert all(len(p) <= MAX_SENTENCE for p in pieces)
    assert all(p.endswith("，") for p in pieces[:-1])        # cut after a comma, never inside a clause
    assert len(pieces) == -(-len(text) // (MAX_SENTENCE // len(clause) * len(clause)))


def test_a_run_without_any_break_is_cut_at_the_limit():
    from pipeline.nlp.sentences import MAX_SENTENCE

    text = "字" * (2 * MAX_SENTENCE + 5)
    assert [len(p) for p in split(text)] == [MAX_SENTENCE, MAX_SENTENCE, 5]


def test_records_of_a_run_on_line_carry_a_bounded_sentence():
    from pipeline.extractors.extract import extract
    from pipeline.nlp.sentences import MAX_SENTENCE

    figures = extract("今年全区新增企业120家，" * 300).figures
    assert len(figures) == 300
    assert all(0 < len(f.sentence) <= MAX_SENTENCE for f in figures)
    assert all(f.text in f.sentence for f in figures)


def reference_sentence_boundaries(text: str) -> list[int]:
    """
import random
from pipeline.nlp.sentences import CLOSE_QUOTES, CLOSERS, OPEN_QUOTES, TERMINALSsentence_boundaries as it was: one step per character."""
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
