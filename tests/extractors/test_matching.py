"""pipeline/extractors/matching.py: rule matching as the former plain loop gave, rules skipped where
their required text is missing, and the required text every match holds.
"""
from __future__ import annotations

import random
import re

import pytest

from pipeline.extractors import load_rules
from pipeline.extractors.matching import required_text


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
    from pipeline.extractors import load_rules
    from pipeline.extractors.matching import GatedRules

    gated = GatedRules.of(load_rules(), kind)
    texts = corpus_texts + [ex.text for rule in gated.rules for ex in rule.examples]
    skipped = 0
    for text in texts:
        runnable = gated.for_text(text)
        skipped += len(gated.rules) - len(runnable)
        assert found_matches(runnable, text) == found_matches(gated.rules, text)
    assert skipped > len(texts)


KINDS = ("clusters", "dates", "figures")


# Our own sentences, cut into pieces and shuffled into random text below.
SENTENCES = [
    "宁波、舟山绿色石化产业集群规模持续扩大，中国视谷（杭州数字安防产业集群）展示中心开放。",
    "株洲轨道交通装备产业集群（以下简称“株洲轨交集群”）产值突破千亿，诸暨袜业、嵊州领带等3个产业集群入选。",
    "武汉还将依托东湖科学城，培育具有全球竞争力的国家光电子信息集群；山东省济南市、淄博市、德州市新材料产业集群名列其中。",
    "2022年6月3日至5日，展会举办；去年12月，项目开工，1-10月新签项目120个，同年11月25日投产。",
    "全年主营业务收入2471.3亿元，增长率超45%，百分之三十的企业新增装机10万千瓦，身高1米9。",
    "一台新型挖掘机相当于10台旧设备，单户补助两到三万元，日均访问量4000万左右。",
]


def pieces(rng: random.Random) -> list[str]:
    parts = []
    for sentence in SENTENCES:
        cuts = sorted(rng.sample(range(1, len(sentence)), 6))
        parts += [sentence[a:b] for a, b in zip([0, *cuts], [*cuts, len(sentence)])]
    return parts + list("（）()、和等年月日号%一二两集群之谷")


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def requirements(rules):
    for kind in KINDS:
        lexicons, fragments = rules.lexicons.get(kind, {}), rules.fragments.get(kind, {})
        for rule in rules.rules(kind):
            if rule.regex is not None:
                yield rule, required_text(rule.pattern, lexicons, fragments)


def assert_matches_hold_their_required_text(rules, texts):
    for rule, required in requirements(rules):
        for text in texts:
            for m in rule.regex.finditer(text):
                assert required.found_in(m.group(0)), (rule.id, m.group(0), required)


def test_the_shipped_rules_require_what_they_should(rules):
    by_id = {rule.id: required.groups for rule, required in requirements(rules)}
    assert frozenset(["简称"]) in by_id["clusters.short_name"]
    assert frozenset(["集群"]) in by_id["clusters.place_industry"]
    assert frozenset(["（", "("]) in by_id["clusters.apposition_brand_first"]
    assert frozenset(["%", "％", "‰", "‱"]) in by_id["figures.percent"]


def test_every_match_holds_its_required_text_on_the_rule_examples(rules):
    texts = [ex.text for rule, _ in requirements(rules) for ex in rule.examples]
    assert_matches_hold_their_required_text(rules, texts)


def test_every_match_holds_its_required_text_on_random_text(rules):
    rng = random.Random(11)
    parts = pieces(rng)
    texts = ["".join(rng.choice(parts) for _ in range(rng.randint(1, 12))) for _ in range(400)]
    assert_matches_hold_their_required_text(rules, texts)


def test_every_match_holds_its_required_text_on_real_articles(rules, gold_bodies):
    assert len(gold_bodies) > 50
    assert_matches_hold_their_required_text(rules, gold_bodies)


@pytest.mark.parametrize("pattern, groups", [
    ("a?b", [{"b"}]),
    ("(?:ab|cd)x+", [{"ab", "cd"}, {"x"}]),
    ("集(?P<g>群)", [{"集"}, {"群"}]),
    ("[（(]简称(?=“)", [{"（", "("}, {"简称"}]),
    ("(?i)集群", []),
    ("(?i:ab)c", [{"c"}]),
    ("[^a]b*|c", []),               # one alternative requires nothing
    ("(?<=集群)x", [{"x"}]),       # what a lookaround sees is not in the match
    ("[a-z]", []),                  # too many characters to tell anything
])
def test_required_text_of_small_patterns(pattern, groups):
    assert [set(g) for g in required_text(pattern, {}, {}).groups] == groups


def test_a_large_lexicon_requires_nothing_a_small_one_its_words(rules):
    lexicons = {"big": [f"词{i}" for i in range(40)], "small": ["甲", "乙"]}
    assert required_text("{big}x", lexicons, {}).groups == (frozenset("x"),)
    assert required_text("{small}x", lexicons, {}).groups == (frozenset("甲乙"), frozenset("x"))
    assert required_text("[{big}]", lexicons, {}).groups == ()


def test_groups_looked_up_once_per_text_give_what_each_rule_looked_up_alone(rules, corpus_texts):
    rng = random.Random(23)
    parts = pieces(rng)
    texts = corpus_texts + ["".join(rng.choice(parts) for _ in range(rng.randint(0, 10))) for _ in range(500)]
    required = [r for _, r in requirements(rules)]
    assert len({g for r in required for g in r.groups}) < sum(len(r.groups) for r in required)   # groups are shared
    for text in texts:
        looked_up: dict = {}
        assert [r.found_in(text, looked_up) for r in required] == [r.found_in(text) for r in required]


@pytest.mark.parametrize("pattern, runs", [
    ("(?P<items>(?:[甲乙]|丙丁)+)等(?P<count>[0-9一二三]+个)(?:产业)?集群", ["等[0-9一二三]{1,}个"]),
    ("[甲乙]+等", ["[甲乙]等"]),                      # a repeat at an end: its least count is found where it is
    ("[^，。]{1,30}[：:]", ["[：:](?<=[^，。][：:])"]),   # a negated set opening it: looked back at
    ("丙[^，。]{2,9}?[：:][0-9]{1,3}", ["丙[^，。]{2,9}[：:][0-9]"]),
    ("集群(?!化)[（(]", ["集群[（\\(]"]),           # a lookahead does not cut the stretch
    ("甲乙(?:丙)?丁", []),                           # plain characters only: the groups hold them
    ("甲[^乙]{2,5}?丙|丁", []),                      # one alternative requires nothing
    ("(?i)甲[0-9]", []),
])
def test_required_runs_of_small_patterns(pattern, runs):
    assert [run.pattern for run in required_text(pattern, {}, {}).runs] == runs


def test_a_run_is_found_in_every_text_its_pattern_matches():
    """The stretches, written at their ends' least counts and with a negated set looked back at, are
    found wherever the pattern matches (random patterns of sets, repeats and literals)."""
    rng = random.Random(31)
    items = ["甲", "乙", "[甲乙]", "[^甲，]", "[^，3]", "，", "[0-9]"]
    for _ in range(400):
        pattern = "".join(rng.choice(items) + rng.choice(["", "", "+", "{1,5}", "{2,4}?", "{0,3}"])
                          for _ in range(rng.randint(2, 5)))
        required = required_text(pattern, {}, {})
        for _ in range(10):
            text = "".join(rng.choice("甲乙丙，3") for _ in range(rng.randint(0, 14)))
            if re.search(pattern, text):
                assert required.found_in(text), (pattern, text, [r.pattern for r in required.runs])


def test_a_run_is_required_together_not_its_characters_apart():
    required = required_text("(?P<items>[甲乙]+)等(?P<count>[0-9]+个)集群", {}, {})
    assert required.found_in("甲乙等3个集群")
    assert not required.found_in("甲乙等集群共3个")     # 等 and 个 both there, not as 等N个


def test_rules_starting_with_a_part_are_told():
    from pipeline.extractors.matching import starts_with_part

    fragments = {"place": "[甲乙]市", "maybe": "[甲乙]?"}
    assert starts_with_part("(?P<name>(?P<p>{place})的?丙+)", {"place"}, {}, fragments)
    assert starts_with_part("(?<=、){place}丙|{place}丁", {"place"}, {}, fragments)
    assert not starts_with_part("的?{place}丙", {"place"}, {}, fragments)         # may start with 的
    assert not starts_with_part("{place}丙|丁", {"place"}, {}, fragments)
    assert not starts_with_part("{maybe}丙", {"maybe"}, {}, fragments)            # the part may be empty
