"""The write stage: spreadsheet-safe cells, Excel-ready CSV, and files replaced atomically."""
from __future__ import annotations

import csv
import io
import os

import pytest

from pipeline.output import csv_cell, write_csv, write_jsonl


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
