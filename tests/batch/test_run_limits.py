"""A run never hangs and never reads without bound: each article has a wall-clock budget
(stage timeout, the rest of its group still written), inputs that are not regular files or are
too large are error rows before they are read, and no stage grows with the square of the text.

Every test here bounds its own time (faulthandler ends the process past it) and the tests
that could read without end run in a child process with a memory limit."""
from __future__ import annotations

import faulthandler
import os
import re
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from pipeline.batch.run import run
from tests.batch.test_batch import article_text, make_inputs, read_csv


@contextmanager
def at_most(seconds: float):
    """End the whole test process (with the stacks) if the block takes longer: a hang fails, never blocks CI."""
    faulthandler.dump_traceback_later(seconds, exit=True)
    started = time.monotonic()
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert time.monotonic() - started < seconds


def _hang_on_marker(real, marker: str):
    def extract_many(items, rules=None):
        items = list(items)
        if any(marker in text for text, *_ in items):
            # Catastrophic backtracking inside the C regex engine: runs for ages unless stopped.
            re.match(r"(a+)+$", "a" * 64 + "b")
        return real(items, rules)
    return extract_many


def test_an_article_over_its_budget_is_a_timeout_row_and_its_group_is_still_written(tmp_path, monkeypatch):
    import pipeline.extractors.extract as extract_module

    inputs = make_inputs(tmp_path / "in", 5)
    (inputs / "a0002.txt").write_text(article_text(2).replace("实现", "卡住并实现"), encoding="utf-8")
    monkeypatch.setattr(extract_module, "extract_many", _hang_on_marker(extract_module.extract_many, "卡住"))
    with at_most(60):
        summary = run(inputs, tmp_path / "out", article_timeout=2)
    assert (summary.processed, summary.failed) == (5, 1)
    errors = read_csv(tmp_path / "out" / "errors.csv")
    assert [(e["article_id"], e["stage"]) for e in errors] == [("a0002", "timeout")]
    assert "2 s budget" in errors[0]["error"] and "--article-timeout" in errors[0]["error"]
    figures = {r["article_id"] for r in read_csv(tmp_path / "out" / "figures.csv")}
    assert figures == {"a0000", "a0001", "a0003", "a0004"}


def test_cleaning_that_overruns_is_a_timeout_row(tmp_path, monkeypatch):
    import pipeline.clean as clean_module

    inputs = make_inputs(tmp_path / "in", 2)
    (inputs / "slow.txt").write_text("慢" + article_text(7), encoding="utf-8")
    real_clean = clean_module.clean_page

    def clean_page(data, kind, **kwargs):
        if "慢".encode() in data:
            re.match(r"(a+)+$", "a" * 64 + "b")
        return real_clean(data, kind, **kwargs)

    monkeypatch.setattr(clean_module, "clean_page", clean_page)
    with at_most(60):
        summary = run(inputs, tmp_path / "out", article_timeout=1)
    assert summary.failed == 1
    (error,) = read_csv(tmp_path / "out" / "errors.csv")
    assert (error["article_id"], error["stage"]) == ("slow", "timeout") and "cleaning" in error["error"]


def test_the_budget_also_holds_in_a_thread(tmp_path, monkeypatch):
    """A Dask worker runs articles in threads, where there is no SIGALRM."""
    import threading

    import pipeline.extractors.extract as extract_module
    from pipeline.batch.inputs import discover_inputs
    from pipeline.batch.process import process_articles
    from pipeline.extractors import load_rules

    inputs = make_inputs(tmp_path / "in", 2)
    (inputs / "a0001.txt").write_text(article_text(1).replace("实现", "卡住并实现"), encoding="utf-8")

    def slow_python(items, rules=None):       # a timer thread stops Python code, not a C call
        items = list(items)
        if any("卡住" in text for text, *_ in items):
            while True:
                time.sleep(0.01)
        return real(items, rules)

    real = extract_module.extract_many
    monkeypatch.setattr(extract_module, "extract_many", slow_python)
    results = []
    rules = load_rules()
    worker = threading.Thread(target=lambda: results.extend(
        process_articles(list(discover_inputs(inputs)), rules, timeout=1)))
    with at_most(60):
        worker.start()
        worker.join()
    assert [(r.article.article_id, r.article.status, r.stage) for r in results] == [
        ("a0000", "ok", ""), ("a0001", "error", "timeout")]


def test_an_oversized_input_is_an_error_row_and_never_read(tmp_path, monkeypatch):
    import pipeline.batch.inputs as inputs_module

    inputs = make_inputs(tmp_path / "in", 2)
    with open(inputs / "huge.txt", "wb") as f:
        f.truncate(3 * 1024 * 1024)          # sparse: 3 MB of nothing, on no disk
    read = []
    real_read = inputs_module._read_regular
    monkeypatch.setattr(inputs_module, "_read_regular", lambda path, limit: read.append(path.name) or real_read(path, limit))
    summary = run(inputs, tmp_path / "out", max_input_mb=1)
    assert summary.failed == 1 and "huge.txt" not in read
    (error,) = read_csv(tmp_path / "out" / "errors.csv")
    assert error["article_id"] == "huge" and error["stage"] == "read"
    assert "over the limit" in error["error"] and "--max-input-mb" in error["error"]


CHILD_RUN = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (6 * 1024 ** 3, 6 * 1024 ** 3))
from pipeline.cli import main
sys.exit(main(["run", sys.argv[1], "-o", sys.argv[2], "-q", "--workers", "1"]))
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_a_fifo_and_a_link_to_a_device_are_error_rows_not_a_hang(tmp_path):
    inputs = make_inputs(tmp_path / "in", 2)
    os.mkfifo(inputs / "pipe.html")
    os.symlink("/dev/zero", inputs / "zero.html")
    os.mkfifo(inputs / "a0000.json")        # a sidecar that would block too
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-c", CHILD_RUN, str(inputs), str(out)], capture_output=True,
                          text=True, timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 1, proc.stderr
    errors = {e["article_id"]: e for e in read_csv(out / "errors.csv")}
    assert set(errors) == {"pipe", "zero"}
    assert "named pipe" in errors["pipe"]["error"] and "device" in errors["zero"]["error"]
    assert {r["article_id"]: r["status"] for r in read_csv(out / "articles.csv")}["a0000"] == "ok"


def test_thousands_of_figures_dates_and_quotes_in_one_text_cost_linear_time():
    """Pairing every figure with the dates before it, and every quote's speaker with every
    mention of the name, was quadratic in the body: 4,000 of each took minutes."""
    from pipeline import extract

    def text(n: int) -> str:
        return "".join(f"2021年{i % 12 + 1}月全市集群收入{i}亿元、张三说“好”，" for i in range(n)) + "。"

    extract(text(10))
    timings = {}
    with at_most(240):
        for n in (400, 1600):
            started = time.perf_counter()
            result = extract(text(n))
            timings[n] = time.perf_counter() - started
            assert len(result.figures) == n and len(result.dates) == n
    # Four times the text: about four times the time (sixteen if quadratic).
    assert timings[1600] < 8 * timings[400] + 1.0, timings
