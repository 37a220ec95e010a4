"""The write stage: spreadsheet-safe cells, Excel-ready CSV, and files replaced atomically."""
from __future__ import annotations

import csv
import io
import os

import pytest

from pipeline.batch.output import csv_cell, write_csv, write_jsonl


@pytest.mark.parametrize("value, cell", [
    (137860000000.0, "137860000000"),       # a plain decimal, never 1.3786e+11
    (0.5, "0.5"),
    (1423, "1423"),
    (None, ""),
    (True, "true"),
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),   # formula-like text is escaped
    ("-3.2%", "'-3.2%"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("合肥智能语音集群", "合肥智能语音集群"),
])
def test_csv_cell(value, cell):
    assert csv_cell(value) == cell


def test_write_csv_is_utf8_bom_crlf_rfc4180(tmp_path):
    path = tmp_path / "t.csv"
    write_csv(path, ["a", "b"], [["他说：“好，很好。”", "两行\n文字"], ["逗号,引号\"", 12.0]])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") == 3
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows == [["a", "b"], ["他说：“好，很好。”", "两行\n文字"], ["逗号,引号\"", "12"]]
    umask = os.umask(0)
    os.umask(umask)
    assert os.stat(path).st_mode & 0o777 == 0o666 & ~umask   # like any new file, not mkstemp's 0600


def test_a_failed_write_leaves_the_previous_file_and_no_temporary(tmp_path):
    path = tmp_path / "t.jsonl"
    write_jsonl(path, [{"id": 1}])

    def rows_then_crash():
        yield {"id": 2}
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_jsonl(path, rows_then_crash())
    assert path.read_text(encoding="utf-8") == '{"id": 1}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["t.jsonl"]


# --- the files from the store, by one process or two ---------------------------------------------

@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    from pipeline.batch.run import run

    root = tmp_path_factory.mktemp("store")
    inputs = root / "in"
    inputs.mkdir()
    for i in range(6):
        (inputs / f"a{i}.txt").write_text(
            f"2023年，合肥新能源汽车产业集群实现营业收入{100 + i}.5亿元，同比增长{i + 3}.2%。\n"
            f"“我们将继续加大投入。”合肥市工信局局长李明表示，今年6月将新开工项目{i + 2}个。\n", encoding="utf-8")
    run(inputs, root / "out", workers=1)
    return root / "out"


@pytest.mark.skipif(not os.sys.platform.startswith("linux"), reason="the second writer is forked")
def test_two_processes_write_the_same_files_as_one(store_dir, tmp_path):
    from pipeline.batch.output import write_store_outputs
    from pipeline.batch.store import Store

    store = Store(store_dir)
    try:
        write_store_outputs(tmp_path / "one", store)
        write_store_outputs(tmp_path / "two", store, processes=2)
    finally:
        store.close()
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert "figures.csv" in names and names == sorted(p.name for p in (tmp_path / "two").iterdir())
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    assert len((tmp_path / "two" / "figures.csv").read_text(encoding="utf-8-sig").splitlines()) > 6


@pytest.mark.skipif(not os.sys.platform.startswith("linux"), reason="the second writer is forked")
def test_a_failing_second_writer_fails_the_export(store_dir, tmp_path, monkeypatch):
    import pipeline.batch.output as output
    from pipeline.batch.store import Store

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(output, "write_record_file", broken)     # the forked writer inherits it
    monkeypatch.setattr(output, "write_contract_files", lambda *a, **k: None)
    store = Store(store_dir)
    try:
        with pytest.raises(output.ExportFailed, match="figures.csv"):
            output.write_store_outputs(tmp_path / "out", store, processes=2)
    finally:
        store.close()
