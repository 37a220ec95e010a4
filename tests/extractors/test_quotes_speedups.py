"""The faster quote matching gives what it replaces: the rewritten rule openings of rules/quotes.yaml,
the skipping of rules whose required text is missing, the quote-mark normalisation, the speaker
parser's title words, the cue lookaheads and first-character checks.
"""
from __future__ import annotations

import random
import re

import pytest

from pipeline.extractors import load_rules
from pipeline.extractors.quotes.extractor import QuoteExtractor, quotes_as_curly
from pipeline.rules import expand_pattern

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
            line = re.sub('"', lambda _m, marks=marks: next(marks), line)
        lines.append(line)
    return "\n".join(lines)


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
        expected = bool(m and rest) and (rest in ("总", "董", "老", "工")
                                         or any(rest == t or rest.endswith(t) for t in parser.titles))
        assert parser.surname_and_title(word) == expected, word


def test_verb_lookaheads_keep_the_quote_matches(gold_bodies):
    """The leading (?={speech_verbs}) of the cue fragments (rules/quotes.yaml) only makes a
    failing position fail sooner: every rule finds what it finds without it."""
    from pipeline.extractors import load_rules
    from pipeline.extractors.quotes.extractor import quotes_as_curly
    from pipeline.rules import expand_pattern

    rules = load_rules()
    lex, frags = rules.lexicons["quotes"], rules.fragments["quotes"]
    without = {name: re.sub(r"^\(\?=\{\w+\}\)", "", frag) for name, frag in frags.items()}
    assert without["cue"] != frags["cue"] and without["organisation_cue"] != frags["organisation_cue"]
    texts = [quotes_as_curly(t) for t in gold_bodies + SENTENCES + ["简称说明会上，他说：“好。”下称称职的人表示欢迎。"]]
    patterns = [r.pattern for r in rules.rules("quotes")] + ["{ner_cue}"]
    for pattern in patterns:
        ours, plain = re.compile(expand_pattern(pattern, lex, frags)), re.compile(expand_pattern(pattern, lex, without))
        for text in texts:
            assert [m.span() for m in ours.finditer(text)] == [m.span() for m in plain.finditer(text)], pattern


def test_clause_start_is_after_the_last_clause_break_before_the_end():
    from pipeline.extractors.quotes.speaker_names import CLAUSE_BREAKS, clause_start

    rng = random.Random(31)
    parts = list(CLAUSE_BREAKS) + ["他", "说", "表示", "记者", " ", "\r", "”", "。”"]
    for _ in range(20000):
        sentence = "".join(rng.choice(parts) for _ in range(rng.randint(0, 12)))
        end = rng.randint(0, len(sentence))
        assert clause_start(sentence, end) == max(sentence.rfind(ch, 0, end) for ch in CLAUSE_BREAKS) + 1, (sentence, end)
