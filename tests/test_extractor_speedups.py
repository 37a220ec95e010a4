"""The faster tokens, sentence splitter, rule patterns, lexicon trees, rule-match and cluster
selection and figure subjects give what the code (or patterns) they replace gave.

The reference versions below are the former implementations, kept here as the specification.
"""
from __future__ import annotations

import random
import re

import pytest

from pipeline.nlp.sentences import CLOSE_QUOTES, CLOSERS, OPEN_QUOTES, TERMINALS, sentence_boundaries


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
    from pipeline.extractors import load_rules

    rules = load_rules().rules(kind)
    for text in corpus_texts:
        assert found_matches(rules, text) == reference_find_matches(rules, text)


@pytest.mark.parametrize("kind", ["dates", "figures"])
def test_rules_skipped_for_a_text_lacking_their_required_text_would_find_nothing(kind, corpus_texts):
    from pipeline.extractors.matching import GatedRules
    from pipeline.extractors import load_rules

    gated = GatedRules.of(load_rules(), kind)
    texts = corpus_texts + [ex.text for rule in gated.rules for ex in rule.examples]
    skipped = 0
    for text in texts:
        runnable = gated.for_text(text)
        skipped += len(gated.rules) - len(runnable)
        assert found_matches(runnable, text) == found_matches(gated.rules, text)
    assert skipped > len(texts)


# --- the Doc's tokens -------------------------------------------------------------

@pytest.fixture(scope="module")
def nlp():
    from pipeline.extractors.extract import get_nlp

    return get_nlp()


def random_cut(rng: random.Random, text: str) -> list[str]:
    """The text cut at random places: pieces may hold whitespace among other characters."""
    cuts = sorted(rng.sample(range(1, len(text)), rng.randint(0, len(text) - 1))) if len(text) > 1 else []
    return [text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)])] if text else []


def test_words_and_spaces_as_piece_by_piece_on_any_cut_of_random_text():
    """The run-by-run version gives what the former piece-by-piece loop (still the fallback) gave."""
    from pipeline.nlp.tokenizer import _words_and_spaces_piece_by_piece, words_and_spaces

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


# --- rule patterns that start by reading a character -----------------------------------
# A pattern that opens with a lookaround is tried at every character; one that opens by reading
# a character lets the regex engine jump between the characters it can start with. These were
# the patterns before their lookbehinds moved after the first characters (kept as the specification).

FORMER_FRAGMENTS = {
    "dates": {"year": r"(?<![0-9０-９.．])(?<!公元前)(?P<year>(?:19|20|１９|２０)[0-9０-９]{2})"},
    "figures": {"arabic": r"(?=[0-9０-９])(?<![0-9０-９A-Za-z.．_/])(?<![0-9０-９][:：])(?<!第)(?![0０][0-9０-９])"
                          r"[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?(?![0-9０-９])",
                "cn_numeral": "(?=[一二两三四五六七八九十])(?<![第数几上成多零〇一二两三四五六七八九十百千万亿])(?<!(?<!其)余)"
                              "(?![一二](?![零〇一二两三四五六七八九十百千万亿]))[一二两三四五六七八九十]"
                              "[零〇一二两三四五六七八九十百千万亿]*(?:点[零〇一二三四五六七八九]+)?"},
}
FORMER_PATTERNS = {
    "dates.year_month_day": "{at_digit}{year}{sp}年{sp}{month}{sp}月{sp}{day}{sp}[日号]",
    "dates.numeric_date": "{at_digit}{year}(?P<sep>[-/.])(?P<month>1[0-2]|0?[1-9])(?P=sep){day}(?![0-9])",
    "dates.year_range": "{at_digit}{year}(?:{sp}年{sp}(?:至|到|~|～){sp}|{to}){year2}{sp}年(?!{sp}[0-9０-９]{1,2}{sp}月)",
    "dates.short_year": "{at_digit}(?<![0-9０-９.．])(?P<short_year>[0-9]{2})年{month}月(?:{day}[日号])?",
    "dates.year_month": "{at_digit}{year}{sp}年{sp}{month}{sp}月",
    "dates.repaired_fused_year_month": "{at_digit}(?<![0-9])(?P<year>(?:19|20)[0-9]{2})(?P<month>1[0-2]|[1-9])月",
    "dates.year": "{at_digit}{year}{sp}年(?!代)",
    "dates.year_before_period": "{at_digit}{year}(?={sp}(?:上半年|下半年|全年|前三季度|第?[一二三四1-4]季度|财年|年度))",
    "dates.short_year_period": "{at_digit}(?<![0-9０-９.．])(?P<short_year>[0-9]{2})年(?=底|末|上半年|下半年)",
    "dates.year_before_year": "{at_digit}{year}(?=[、，,和与及或]{sp}(?:19|20)[0-9]{2}{sp}年)",
    "dates.year_in_title": "(?<=[《“「【])(?P<year>(?:19|20)[0-9]{2}){not_a_count}",
    "dates.year_in_event_name": "{at_digit}(?<![0-9０-９A-Za-z.．])(?P<year>(?:19|20)[0-9]{2}){not_a_count}"
                                "(?=[\u4e00-\u9fffA-Za-z]{0,12}?{event_noun})",
    "figures.one_measure": "(?=一)(?<![第统唯之万同单逐其十百千零〇一二两三四五六七八九数])(?P<number>一)"
                           "(?!度|块|毛|成不变|元化|元复始|元论)(?P<unit>{measure}|{currency})(?!化|复始|论|素|次方|体|道)"
                           "{unit_tail}{after}",
    "figures.one_compared": "(?=一)(?<![第统唯之万同单逐其十百千零〇一二两三四五六七八九数])(?P<number>一)(?P<unit>{classifier})"
                            "(?=[^，。；！？\n]{0,20}?(?:相当于|顶|抵|等于|替代|取代|顶替|替换)[^，。；！？\n]{0,3}?"
                            "[0-9０-９两三四五六七八九十百千]+(?P=unit))",
    "figures.two_of_noun": "(?=两)(?<![第数几上成零〇一二两三四五六七八九十百千万亿])(?P<number>两)(?P<unit>{two_of_noun})",
}
NUMBER_TEXT_PARTS = ["2019", "２０２０", "1998", "0", "０", "1", "5", "12", "８", "05", "3",
                     ".", "．", ",", ":", "：", "/", "_", "A", "第", "公元前", "年", "月", "日", "号", "代", "底",
                     "上半年", "《", "“", "、", "至", "-", "万", "亿", "元", "%", "个", "家", "博览会", "集群", " ",
                     "一", "二", "两", "三", "十", "百", "千", "零", "点", "余", "其余", "数", "米", "度", "台",
                     "相当于", "人", "口", "成不变", "化"]


def former_and_current_regexes(kind: str):
    """(rule id, former regex, current regex) for the shipped rules of a kind."""
    import re

    from pipeline.rules import expand_pattern
    from pipeline.extractors import load_rules

    rules = load_rules()
    lexicons, fragments = rules.lexicons.get(kind, {}), rules.fragments.get(kind, {})
    former_fragments = {**fragments, **FORMER_FRAGMENTS[kind]}
    out = []
    for rule in rules.rules(kind):
        if rule.pattern is None:
            continue
        former = FORMER_PATTERNS.get(rule.id, rule.pattern)
        out.append((rule.id, re.compile(expand_pattern(former, lexicons, former_fragments)), rule.regex))
    assert any(former.pattern != current.pattern for _, former, current in out)
    return out


def all_matches(regex, text):
    return [(m.span(), [m.span(g) for g in range(1, regex.groups + 1)]) for m in regex.finditer(text)]


@pytest.mark.parametrize("kind", ["dates", "figures"])
def test_rules_reading_their_first_character_match_as_before(kind, corpus_texts):
    rng = random.Random(13)
    texts = corpus_texts + ["".join(rng.choice(NUMBER_TEXT_PARTS) for _ in range(rng.randint(0, 14)))
                            for _ in range(20000)]
    for rule_id, former, current in former_and_current_regexes(kind):
        for text in texts:
            assert all_matches(current, text) == all_matches(former, text), (rule_id, text)


# --- a lexicon's prefix tree checks the first characters of a wide node at once ------------

def plain_alternation(words: list[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


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
    from pipeline.speedups.lexicon_trie import trie_alternation
    from pipeline.extractors import load_rules

    lexicons = load_rules().lexicons
    largest = sorted((words for kind in lexicons.values() for words in kind.values()), key=len)[-4:]
    for words in largest:
        plain, trie = re.compile(plain_alternation(words)), re.compile(trie_alternation(words))
        for text in corpus_texts:
            assert [m.span() for m in plain.finditer(text)] == [m.span() for m in trie.finditer(text)]


# --- a figure's subject is looked for only where a head or scope word is ---------------------

def test_subject_search_skipped_without_a_head_or_scope_word_finds_the_same(corpus_texts):
    from pipeline.extractors.figures.context import FigureContext
    from pipeline.extractors import load_rules

    lexicons = load_rules().lexicons["figures"]
    gated = FigureContext(lexicons)
    ungated = FigureContext(lexicons)
    ungated.subject_words_re = re.compile("")          # found in every text: the subject search always runs
    rng = random.Random(17)
    words = lexicons["subject_heads"] + lexicons["subject_scopes"] + lexicons["subject_stop_words"][:10]
    parts = words + ["2022年", "的", "产业", "12", "，", "湖南", "A", "|"]
    texts = [text[i:i + rng.randint(0, 80)] for text in corpus_texts for i in range(0, len(text), 97)]
    texts += ["".join(rng.choice(parts) for _ in range(rng.randint(0, 8))) for _ in range(5000)]
    found = 0
    for text in texts:
        dates = [(0, 2)] if len(text) > 4 and rng.random() < 0.2 else []
        subject = gated.subject_of(text, dates)
        assert subject == ungated.subject_of(text, dates), text
        found += bool(subject)
    assert found > 100


# --- clusters: the non-overlapping best candidates -----------------------------------------

def reference_select(candidates):
    """clusters.select as it was: each candidate checked against every one chosen."""
    from pipeline.extractors.matching import overlaps

    chosen = []
    for c in sorted(candidates, key=lambda c: (-c.rule.priority, -(c.end - c.start), c.start, c.order)):
        if not overlaps(c.start, c.end, [(k.start, k.end) for k in chosen]):
            chosen.append(c)
    return chosen


def test_cluster_select_as_before_on_random_candidates():
    from types import SimpleNamespace

    from pipeline.extractors.clusters.extractor import Candidate, Mention, select

    rng = random.Random(19)
    rules = [SimpleNamespace(priority=p) for p in (5, 10, 10, 30, 40)]
    for _ in range(3000):
        candidates = []
        for order in range(rng.randint(0, 12)):
            mentions = []
            for _ in range(rng.randint(1, 3)):
                start = rng.randint(0, 40)
                mentions.append(Mention(start, start + rng.randint(1, 8), "x"))
            candidates.append(Candidate(rng.choice(rules), order, mentions))
        assert select(candidates) == reference_select(candidates)


def test_tokenizer_forgets_its_word_ids_past_the_limit(nlp, monkeypatch):
    from pipeline.nlp import tokenizer

    monkeypatch.setattr(tokenizer, "MAX_REMEMBERED_WORDS", 3)
    text = "集群 新词甲乙 2024年产业集群发展"
    expected = [(t.text, t.whitespace_, t.orth) for t in nlp.make_doc(text)]
    for _ in range(3):
        assert [(t.text, t.whitespace_, t.orth) for t in nlp.make_doc(text)] == expected
        assert len(nlp.tokenizer._orth_ids) <= len(expected)


# --- first-character checks on a top-level alternation (the NER speech cue) -----------------------

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


def test_ner_cue_finds_the_same_matches_with_first_char_checks(corpus_texts):
    from pipeline.speedups.regex_gates import branch_first_char_checks
    from pipeline.extractors.quotes.speaker_names import cue_regex
    from pipeline.rules import expand_pattern
    from pipeline.extractors import load_rules

    rules = load_rules()
    plain = re.compile(expand_pattern(rules.fragments["quotes"]["ner_cue"], rules.lexicons["quotes"],
                                      rules.fragments["quotes"]))
    checked = cue_regex(rules)
    assert checked.pattern == branch_first_char_checks(plain.pattern) != plain.pattern
    for text in corpus_texts:
        for sentence in re.split(r"(?<=[。！？\n])", text):
            assert [m.span() for m in plain.finditer(sentence)] == [m.span() for m in checked.finditer(sentence)]
