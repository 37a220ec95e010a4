"""The LAC-backed NER component: where it runs, what it tags, and that it stays cheap."""
from __future__ import annotations

import pytest

from pipeline.nlp.ner import entities, lac_tokens, text_of
from pipeline.nlp.build import make_doc
from pipeline.extractors.extract import get_nlp


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
    paragraph = "新能源汽车产业园负责人张建华表示，今年园区产值增长一成。"
    text = "\n".join([paragraph] * 300)
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

    from pipeline.nlp.build import MAX_BODY_CHARS, BodyTooLong
    from pipeline.extractors.extract import extract

    with pytest.raises(BodyTooLong, match=f"{MAX_BODY_CHARS + 1:,} characters"):
        extract("字" * (MAX_BODY_CHARS + 1))
