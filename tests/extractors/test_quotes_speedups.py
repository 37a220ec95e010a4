"""The faster quote matching gives what it replaces: the rule patterns in their fast form (as the
pattern compiler makes them, against the patterns as written: NEWSX_PLAIN=1) on quote-like random
text, the skipping of rules whose required text is missing, the quote-mark normalisation and the
speaker parser's title words.
"""
from __future__ import annotations

import random
import re

import pytest

from pipeline.extractors import load_rules
from pipeline.extractors.quotes.extractor import QuoteExtractor, quotes_as_curly

PIECES = ["王明", "表示", "说", "称", "，", "。", "：", "“", "”", "\n", "他", "局长", "认为", "的回应是",
          "在", "看来", "从", "处了解到", "援引", "的话说", "订单已经排到了明年", "！", "？", " ", "「", "」",
          "简称", "说明", "下称", "称职", "来说", "坦言", "公司", "指出"]


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def random_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40))) for _ in range(n)]


def spans(regex: re.Pattern, text: str) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in regex.finditer(text)]


def test_quote_rules_in_their_fast_form_match_as_written_on_quote_like_text(rules, monkeypatch):
    """Openings (after a clause break or at the text start), the cue's exclusions (简称, 下称, 来说)
    and the speaker phrases: every quote rule and the NER cue, fast and as written."""
    from pipeline.extractors.quotes.speaker_names import cue_regex

    fast = [(rule.id, rule.regex) for rule in rules.rules("quotes") if rule.regex is not None] + \
        [("ner_cue", cue_regex(rules))]
    monkeypatch.setenv("NEWSX_PLAIN", "1")
    plain_rules = load_rules()
    plain = dict([(rule.id, rule.regex) for rule in plain_rules.rules("quotes") if rule.regex is not None] +
                 [("ner_cue", cue_regex(plain_rules))])
    assert sum(regex.pattern != plain[rule_id].pattern for rule_id, regex in fast) >= 14
    for text in random_texts(3000, 17):
        for rule_id, regex in fast:
            assert spans(regex, text) == spans(plain[rule_id], text), (rule_id, text)


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
            line = re.sub('"', lambda _m, marks=marks: next(marks), line)
        lines.append(line)
    return "\n".join(lines)


def test_title_words_read_like_the_lexicon_loop():
    from pipeline.extractors import load_rules
    from pipeline.extractors.quotes.speakers import SpeakerParser

    parser = SpeakerParser(load_rules())
    rng = random.Random(17)
    pieces = list(parser.titles[:40]) + ["王", "欧阳", "总", "董", "市", "工信局", "的", "副", "A", ""]
    for _ in range(3000):
        word = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 4)))
        assert parser.is_title_word(word) == any(word.endswith(t) for t in parser.titles), word
        m = parser.surname.match(word)
        rest = word[m.end():] if m else ""
        # a surname and a post, a rank before it at most (王副局长; not 梁星人博士)
        expected = bool(m and rest) and (rest in ("总", "董", "老", "工")
                                         or any(rest.endswith(t) and rest[:len(rest) - len(t)] in parser.title_ranks
                                                for t in parser.titles))
        assert parser.surname_and_title(word) == expected, word


def test_clause_start_is_after_the_last_clause_break_before_the_end():
    from pipeline.extractors.quotes.speaker_names import CLAUSE_BREAKS, clause_start

    rng = random.Random(31)
    parts = list(CLAUSE_BREAKS) + ["他", "说", "表示", "记者", " ", "\r", "”", "。”"]
    for _ in range(20000):
        sentence = "".join(rng.choice(parts) for _ in range(rng.randint(0, 12)))
        end = rng.randint(0, len(sentence))
        assert clause_start(sentence, end) == max(sentence.rfind(ch, 0, end) for ch in CLAUSE_BREAKS) + 1, (sentence, end)
