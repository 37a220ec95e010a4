"""The pattern compiler (pipeline/speedups/pattern_compiler.py) rewrites a regex so that `re` runs
it faster, with the same matches: checked on what it makes of small patterns, on random patterns
and text, and on every shipped rule and fragment against the pattern as written (NEWSX_PLAIN=1)."""
from __future__ import annotations

import random
import re
import sys
import warnings

import pytest

from pipeline.speedups.lexicon_trie import longest_first_alternation
from pipeline.speedups.pattern_compiler import fast_form, first_chars

ANY = "(?s:.)"


@pytest.mark.parametrize("written, fast", [
    # lookbehinds after the character they precede; a repeated one is read once first
    ("(?<!第)[0-9]+年", "[0-9](?<!第" + ANY + ")[0-9]*年"),
    ("(?<![0-9.])(?<!公元前)[0-9]{4}", "[0-9](?<![0-9.]" + ANY + ")(?<!公元前" + ANY + ")[0-9]{3}"),
    # a check of the first character stays in front (here as a lexicon's prefix tree puts it)
    ("(?<!第)(?:(?=[上北])(?:上海|北京市))", "(?:(?=[上北])(?:上(?<!第" + ANY + ")海|北(?<!第" + ANY + ")京市))"),
    # a lookahead becomes a lookbehind holding it
    ("(?![0０][0-9])[0-9]+", "[0-9](?<!(?=[0０][0-9])" + ANY + ")[0-9]*"),
    # into a group, and past a group that always reads the same number of characters
    ("(?<!第)(?P<number>一)(?P<unit>个)", "(?P<number>一(?<!第" + ANY + "))(?P<unit>个)"),
    ("(?<!公元前)(?P<year>(?:19|20)[0-9]{2})", "(?P<year>(?:19|20)(?<!公元前(?s:.{2}))[0-9]{2})"),
    # into every alternative, when it moves in each
    ("(?<![第数])(?:二十[一二]?|三十|十[一二])日", "(?:二(?<![第数]" + ANY + ")十[一二]?|三(?<![第数]" + ANY
     + ")十|十(?<![第数]" + ANY + ")[一二])日"),
    # "after one of these, or at the text start" as one lookbehind, then after the character
    ("(?:(?<=[。！\\n])|^)“(?P<quote>[^”]+)”", "“(?<![^。！\\n]" + ANY + ")(?P<quote>[^”]+)”"),
    # a pattern starting with a repeated character reads it once first
    ("[0-9]+(?:万|亿)", "[0-9][0-9]*(?:万|亿)"), ("(?P<n>[0-9]{2,4}?)年", "(?P<n>[0-9][0-9]{1,3}?)年"),
    # a pattern that cannot start by reading gets a check of its first characters
    ("(?:(?P<rel>今年|去年)|(?<![一二]))[一二三]月", "(?=[一三二今去])(?:(?P<rel>今年|去年)|(?<![一二]))[一二三]月"),
    # a phrase that may be empty before a verb: the verb (its words, or its first characters) looked
    # for within the phrase's reach
    ("(?:(?<=[，。])|^)(?P<speaker>[^，。]{0,48}?)(?P<cue>说|表示)",
     "(?<![^，。])(?=[^。，]{0,48}?(?:说|表示))(?P<speaker>[^，。]{0,48}?)(?P<cue>说|表示)"),
    ("(?P<speaker>[^，。]{0,48}?)(?P<cue>说|表示[甲乙])",
     ("(?=[^。表说，]{0,48}+[表说])" if sys.version_info >= (3, 11) else "(?=[^。，]{0,48}?[表说])")
     + "(?P<speaker>[^，。]{0,48}?)(?P<cue>说|表示[甲乙])"),
    # each run of top-level alternatives with known first characters gets one
    ("说|称|(?<=”)[甲乙]{0,2}|表示", "(?=[称说])(?:说|称)|(?<=”)[甲乙]{0,2}|(?=[表])表示"),
])
def test_what_the_compiler_makes_of_a_pattern(written, fast):
    assert fast_form(written) == fast
    for text in ["王明说", "，局长表示", "。说", "局长表示甲", "第上海市", "北京市", "第2024年", "公元前1999年", "2020年", "00年", "第一个", "一个", "二十日", "数十日", "。“好的”", "“好的”",
                 "甲“好”", "今年三月", "一二月", "三月", "说称”甲乙表示"]:
        assert [(m.span(), m.groups()) for m in re.finditer(written, text)] == \
               [(m.span(), m.groups()) for m in re.finditer(fast, text)], text


@pytest.mark.parametrize("written, fast", [
    # global flags, verbose syntax, invalid repeats: left as written
    ("(?i)(?<!a)b", "(?i)(?<!a)b"), ("(?x) (?<!a) b", "(?x) (?<!a) b"), ("a**", "a**"), ("*a", "*a"),
    # patterns `re` already scans for their first characters
    ("[0-9]x", "[0-9]x"), ("(?P<year>(?:19|20)[0-9]{2})", "(?P<year>(?:19|20)[0-9]{2})"), ("(?:甲|乙)丙", "(?:甲|乙)丙"),
    # lookarounds that capture or refer to a group stay where they are (a check may go in front)
    ("(?<!(?P<g>a))b", "(?=[b])(?<!(?P<g>a))b"), ("(?P<g>x)(?<!(?P=g))y", "(?P<g>x)(?<!(?P=g))y"),
    # a run before alternatives that cannot all take it stays in front of them
    ("(?<!a)(?:b|c?)d", "(?=[bcd])(?<!a)(?:b|c?)d"),
])
def test_patterns_the_compiler_cannot_rewrite_further(written, fast):
    assert fast_form(written) == fast


@pytest.mark.parametrize("regex", [
    "a|b", "[|]|c", "[]|]x|d", "[^]|]|e", r"\||f", "(a|b)|c", "(?#x|y)a|b", r"[\]|]|g", "[^|]|[[]|(|)", "abc", "a||b",
    r"\u4e00\x41\N{DIGIT ONE}\01\141", r"(?P<n>a)(?P=n)\1", "a{2}b{,3}c{1,}d{}e{x}", "(?(1)a|b)", "(?i:a)(?-i:b)",
    "(?<=a|b)(?!c)(?>d+)", r"[\d\s-]+?\b\B\A\Z$",
])
def test_a_pattern_is_read_and_printed_back_as_written(regex):
    from pipeline.speedups.pattern_compiler import _Parser

    assert _Parser(regex, {}).parse().text() == regex


def test_lexicon_placeholders_are_read_as_one_of_their_words():
    lexicons = {"unit": ["个", "家"], "two": ["万亿", "千万"]}
    assert fast_form("(?<!第)[0-9]+{unit}", lexicons) == "[0-9](?<!第" + ANY + ")[0-9]*{unit}"
    assert fast_form("(?<!数){two}元", lexicons) == "{two}(?<!数(?s:.{2}))元"
    assert fast_form("(?<!数){unit}", {"unit": ["个", "十个"]}) == "(?=[个十])(?<!数){unit}"
    # lookarounds that cannot move past a lexicon get a check of its first characters in front
    assert fast_form("我(?!(?<=下)称){verbs}说", {"verbs": ["称", "表示"]}) == \
        "我(?=[称表])(?!称(?<=下" + ANY + ")){verbs}说"


@pytest.mark.parametrize("pattern, chars", [
    ("ab|c", {"a", "c"}),
    ("(?=x)x?y", {"x", "y"}),
    ("(?<![甲])(?:乙|丙)+", {"乙", "丙"}),
    ("{unit}米", {"个", "十"}),
    ("a?", None),                   # may match empty
    ("(?i)a", None),
    ("(?i:a)", None),
    (r"\w", None),
    ("(?P<a>x)(?P=a)|(?P=a)", None),
])
def test_first_chars(pattern, chars):
    assert first_chars(pattern, {"unit": ["个", "十个"]}) == (None if chars is None else frozenset(chars))


# Top-level alternations as the NER speech cue has: some alternatives start anywhere.
ALTERNATIONS = [
    r"说|称|^[甲乙]{2}：|(?<=”[甲乙])[甲乙丙]{0,2}|：\s*“|表示[甲乙]",
    r"(?<![来所])说(?:道)?|(?=称)(?<!自)称|[：:]\s*“|(?<=[。！]”[甲乙]{2})[甲乙]{0,6}|认为|$",
    r"甲|[^乙]丙|乙(?=丙)|[丁-丙]+|",
    r"(?P<a>甲)乙|(?P=a)|乙(甲|丙)|[|]|\||说(?#a|b)",
    r"(?x) 甲 | 乙 ",
    r"甲|(?i:ab)|乙|[\u4e00-\u9fa5]说",
]


def test_alternations_checked_by_runs_find_the_same_matches_on_random_text():
    rng = random.Random(23)
    parts = ["说", "称", "甲", "乙", "丙", "丁", "：", ":", "“", "”", "。", "！", " ", "\n", "表示", "认为", "来", "自",
             "道", "a", "B", "|"]
    checked = 0
    for regex in ALTERNATIONS:
        plain, fast = re.compile(regex), re.compile(fast_form(regex))
        checked += fast.pattern != regex
        for _ in range(3000):
            text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 14)))
            assert [(m.span(), m.groups()) for m in plain.finditer(text)] == \
                   [(m.span(), m.groups()) for m in fast.finditer(text)], (regex, text)
    assert checked >= 4


# --- random patterns and text --------------------------------------------------------------

LEXICONS = {"lex": ["甲乙", "乙", "丙丁"], "one": ["甲", "丙"], "two": ["甲乙", "丙丁"]}
ATOMS = ["甲", "乙", "[甲乙]", "[^甲]", ".", r"\d", "丙", "0", "[0-9]", "\n", "{lex}", "{one}", "{two}", "^", "$", r"\b",
         "[^甲。]{0,9}?", "[乙丙]{0,12}"]
LOOKAROUNDS = ["(?<!甲)", "(?<=乙)", "(?<![甲乙])", "(?!丙)", "(?=[甲0])", "(?<!(?<!甲)乙)", "(?!甲(?!乙))",
               "(?:(?<=[甲。])|^)", "(?:^|(?<=\n))", "(?<=甲|乙)", "(?:(?<!甲)(?<!乙))", "(?<!{one})"]
QUANTIFIERS = ["+", "*", "?", "{2}", "{1,3}", "+?", "*?", "{2,}", "++", "{0}"]


def random_pattern(rng: random.Random, depth: int = 0) -> str:
    items = []
    for _ in range(rng.randint(0, 4)):
        r = rng.random()
        if r < 0.2:
            items.append(rng.choice(LOOKAROUNDS))
            continue
        if r < 0.45 and depth < 2:
            opening = rng.choice(["(?:", "(", f"(?P<g{depth}_{len(items)}>", "(?>", "(?=", "(?<!"])
            body = rng.choice(["甲", "[甲乙]", "(?<!乙)甲", "甲乙|丙丁"]) if opening == "(?<!" else \
                "|".join(random_pattern(rng, depth + 1) for _ in range(rng.randint(1, 3)))
            item = opening + body + ")"
        else:
            item = rng.choice(ATOMS)
        if item[:3] not in ("(?=", "(?<") and item not in ("^", "$", r"\b") and rng.random() < 0.35:
            item += rng.choice(QUANTIFIERS)
        items.append(item)
    return "".join(items)


def expanded(pattern: str) -> str:
    return re.sub(r"\{([a-z]+)\}", lambda m: longest_first_alternation(LEXICONS[m.group(1)]), pattern)


def test_random_patterns_find_the_same_matches_on_random_text():
    rng = random.Random(41)
    pieces = ["甲", "乙", "丙", "丁", "0", "1", "。", "\n", "甲乙", "丙丁"]
    tried = changed = 0
    while tried < 1500:
        written = "|".join(random_pattern(rng) for _ in range(rng.randint(1, 2)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                plain = re.compile(expanded(written))
            except re.error:
                continue
            fast_text = fast_form(written, LEXICONS)
            fast = re.compile(expanded(fast_text))
        tried += 1
        changed += fast_text != written
        for _ in range(12):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
            try:
                expected = [(m.span(), m.groups()) for m in plain.finditer(text)]
            except SystemError:          # a bug of `re` on some random nested repeats: not ours
                break
            assert [(m.span(), m.groups()) for m in fast.finditer(text)] == expected, (written, fast_text, text)
    assert changed > 700


def test_window_checks_find_the_same_matches_on_random_text():
    """A phrase of certain characters (or of any but some) before a verb, the verb's first characters
    looked for within the phrase's reach: the same matches as written, whichever characters the
    phrase, the verb and the text share."""
    rng = random.Random(7)
    alphabet = "甲乙丙丁说称，。"
    tried = 0
    while tried < 600:
        phrase = "".join(sorted(set(rng.choices(alphabet, k=rng.randint(1, 5)))))
        verb = "".join(sorted(set(rng.choices(alphabet, k=rng.randint(1, 3)))))
        negated = rng.random() < 0.5
        written = (f"(?P<speaker>[{'^' if negated else ''}{phrase}]{{0,{rng.randint(8, 12)}}}?)"
                   f"(?P<cue>[{verb}]{rng.choice(['', '甲', '[乙丙]?'])})")
        fast_text = fast_form(written)
        tried += 1
        for _ in range(8):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
            assert [(m.span(), m.groups()) for m in re.finditer(fast_text, text)] == \
                [(m.span(), m.groups()) for m in re.finditer(written, text)], (written, fast_text, text)


# --- the shipped rules --------------------------------------------------------------------------

KINDS = ["figures", "dates", "clusters", "quotes"]


@pytest.fixture(scope="module")
def shipped():
    """(kind, name, fast regex, regex as written) for every rule pattern shipped, and every fragment
    (as the extractors compile some on their own) that cannot match the empty string (those that
    can are compared inside the rules: alone, they match at every position)."""
    from pipeline.extractors import load_rules
    from pipeline.rules import compile_pattern

    rules = load_rules()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEWSX_PLAIN", "1")
        plain_rules = load_rules()                 # as the other tests of the switch load them
        plain = [(kind, rule.id, rule.regex) for kind in KINDS for rule in plain_rules.rules(kind) if rule.regex]
        plain += [(kind, name, compile_pattern("{" + name + "}", rules.lexicons[kind], rules.fragments[kind]))
                  for kind in KINDS for name in rules.fragments[kind]]
    fast = {(kind, rule.id): rule.regex for kind in KINDS for rule in rules.rules(kind) if rule.regex}
    return [(kind, name, fast.get((kind, name)) or compile_pattern("{" + name + "}", rules.lexicons[kind],
                                                                    rules.fragments[kind]), regex)
            for kind, name, regex in plain if not regex.match("")]


def test_the_shipped_patterns_are_compiled_in_their_fast_form(shipped):
    fast_forms = {name: fast.pattern for _, name, fast, plain in shipped if fast.pattern != plain.pattern}
    assert len(fast_forms) > 40
    # The number rules start by reading a digit (re then scans for digits in C).
    assert re.match(r"\(\?P<number>\(\?:\[0-9０-９\]\(\?<!", fast_forms["figures.percent"])
    assert fast_forms["dates.year"].startswith("(?:(?P<year>(?:19|20|１９|２０)(?<!")
    assert fast_forms["dates.month_day"].startswith("(?=[")


def all_matches(regex: re.Pattern, text: str) -> list:
    return [(m.span(), m.groups()) for m in regex.finditer(text)]


def random_texts(kind_patterns: list[str], rng: random.Random, n: int) -> list[str]:
    """Text made of the characters the patterns spell and digits, punctuation and line breaks."""
    chars = sorted({c for p in kind_patterns for c in p if ord(c) > 0x2000} | set("0123456789０１，。：:“”（）()\n -"))
    return ["".join(rng.choice(chars) for _ in range(rng.randint(0, 16))) for _ in range(n)]


@pytest.mark.parametrize("kind", KINDS)
def test_shipped_patterns_find_what_they_find_as_written(kind, shipped, corpus_texts):
    """Every rule and fragment of the kind, fast and as written, on the real texts (around 集群
    for clusters: the place lexicons as plain alternations are slow on whole articles) and on
    random text of the characters the rules spell."""
    from pipeline.extractors.quotes.extractor import quotes_as_curly

    regexes = [(name, fast, plain) for k, name, fast, plain in shipped if k == kind]
    texts = [quotes_as_curly(t) for t in corpus_texts] if kind == "quotes" else corpus_texts
    if kind == "clusters":
        texts = [t[max(0, m.start() - 120):m.end() + 40] for t in texts for m in re.finditer("集群", t)]
    texts += random_texts([plain.pattern[:3000] for _, _, plain in regexes], random.Random(kind), 1500)
    for name, fast, plain in regexes:
        for text in texts:
            assert all_matches(fast, text) == all_matches(plain, text), (name, text[:80])


# --- alternatives a text cannot match --------------------------------------------------------

def test_alternatives_needing_a_character_are_left_out_for_texts_without_it():
    from pipeline.speedups.pattern_compiler import without_char_alternatives

    assert without_char_alternatives("(?<=”)甲|乙|[^，](?<=”.)丙") == ("”", "乙")
    assert without_char_alternatives("(?<=”)甲|乙") is None                 # one such alternative only
    assert without_char_alternatives("(?<!”)甲|(?!”)乙|丙") is None         # a negative lookaround needs nothing
    assert without_char_alternatives("(?:”|“)甲|(?<=”)乙") is None


def test_the_second_form_finds_the_same_matches_on_random_text():
    from pipeline.speedups.pattern_compiler import CharGatedRegex

    rng = random.Random(11)
    pieces = ["(?<=”)", "(?<=”甲)", "(?<!乙)", "[^，]", "甲", "乙{0,2}", "”?", "丙+", "(?=”)", "^", "，"]
    checked = 0
    for _ in range(600):
        alternatives = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(2, 5))]
        regex = re.compile("|".join(alternatives))
        gated = CharGatedRegex.of(regex)
        checked += gated.without is not None
        for _ in range(8):
            text = "".join(rng.choice("甲乙丙，”") for _ in range(rng.randint(0, 12)))
            assert [(m.span(), m.group()) for m in gated.for_text(text).finditer(text)] == \
                [(m.span(), m.group()) for m in regex.finditer(text)], (regex.pattern, text)
    assert checked > 50


def test_the_speech_cues_of_a_sentence_are_found_as_before(corpus_texts):
    """The NER cue scan (a sentence at a time) with the cues needing ” left out of sentences without one."""
    from pipeline.extractors import load_rules
    from pipeline.extractors.quotes.speaker_names import cue_regex
    from pipeline.speedups.pattern_compiler import CharGatedRegex

    cue = cue_regex(load_rules())
    gated = CharGatedRegex.of(cue)
    assert gated.char == "”" and gated.without is not None
    sentences = [s for text in corpus_texts for s in re.split("(?<=[。！？\n])", text)]
    assert sum("”" not in s for s in sentences) > 100
    for s in sentences:
        assert [m.span() for m in gated.for_text(s).finditer(s)] == [m.span() for m in cue.finditer(s)], s
