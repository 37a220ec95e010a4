"""Batch runs: incremental (skip what is unchanged), rule changes, removed inputs, failures,
a crash mid-run (SIGKILL) and Ctrl-C, and the process pool giving the same records as one process."""
from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from pipeline.batch.run import run
from pipeline.batch.store import STORE_NAME
from pipeline.cli import main
from pipeline.extractors import record_types

CITIES = ["合肥", "苏州", "株洲", "泉州", "洛阳", "宜宾", "绵阳", "柳州", "芜湖", "佛山"]
INDUSTRIES = ["新能源汽车", "智能语音", "轨道交通装备", "生物医药", "先进材料"]


def article_text(i: int, paragraphs: int = 1) -> str:
    """A short news text of our own, different for every i, with figures, dates and a quote."""
    city, industry = CITIES[i % len(CITIES)], INDUSTRIES[i % len(INDUSTRIES)]
    para = (f"2023年，{city}{industry}产业集群实现营业收入{100 + i}.5亿元，同比增长{i % 9 + 3}.2%，"
            f"集聚规上企业{200 + i}家。\n"
            f"“我们将继续加大投入。”{city}市工信局局长李明表示，今年6月将新开工项目{i % 7 + 2}个。\n")
    return para * paragraphs


def make_inputs(root: Path, n: int, paragraphs: int = 1) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (root / f"a{i:04d}.txt").write_text(article_text(i, paragraphs), encoding="utf-8")
    return root


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def contract_rows(out: Path) -> dict[str, list[dict]]:
    return {name: read_csv(out / f"{name}.csv") for name in ["articles", *record_types()]}


def test_rerun_skips_unchanged_articles_and_redoes_changed_ones(tmp_path):
    inputs = make_inputs(tmp_path / "in", 3)
    out = tmp_path / "out"
    first = run(inputs, out)
    assert (first.processed, first.skipped, first.failed) == (3, 0, 0)
    files_before = contract_rows(out)
    assert len(files_before["figures"]) >= 9

    again = run(inputs, out)
    assert (again.processed, again.skipped) == (0, 3)
    assert contract_rows(out) == files_before              # same files, nothing lost or doubled

    os.utime(inputs / "a0001.txt")                          # touched, same bytes: still skipped
    assert (run(inputs, out).processed, run(inputs, out).skipped) == (0, 3)

    (inputs / "a0001.txt").write_text(article_text(1) + "2024年，集群新增企业35家。\n", encoding="utf-8")
    changed = run(inputs, out)
    assert (changed.processed, changed.skipped) == (1, 2)
    figures = read_csv(out / "figures.csv")
    assert "35家" in [r["text"] for r in figures if r["article_id"] == "a0001"]
    assert Counter(r["article_id"] for r in figures)["a0001"] == \
        Counter(r["article_id"] for r in files_before["figures"])["a0001"] + 1

    forced = run(inputs, out, force=True)
    assert (forced.processed, forced.skipped) == (3, 0)


DOZEN_RULE = """
rules:
  - id: figures.user_dozen
    description: 打 (a dozen) as a measure word.
    pattern: '(?P<number>[0-9]+)(?P<unit>打)'
    examples:
      - text: 出口电动自行车3打
        expect: [{text: 3打, value: 3, unit: 打}]
"""


def test_a_changed_rule_file_reprocesses_every_article(tmp_path, user_rules):
    inputs = make_inputs(tmp_path / "in", 2)
    (inputs / "dozen.txt").write_text("该厂去年出口电动自行车3打，带动就业8000人。\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["run", str(inputs), "-o", str(out), "--rules", str(user_rules), "-q"]
    assert main(args) == 0
    assert "3打" not in [r["text"] for r in read_csv(out / "figures.csv")]
    assert main(args) == 0
    assert run(inputs, out, _rules(user_rules)).processed == 0

    (user_rules / "figures.yaml").write_text(DOZEN_RULE, encoding="utf-8")
    summary = run(inputs, out, _rules(user_rules))
    assert (summary.processed, summary.skipped) == (3, 0)
    dozen = [r for r in read_csv(out / "figures.csv") if r["rule"] == "figures.user_dozen"]
    assert [(r["article_id"], r["text"]) for r in dozen] == [("dozen", "3打")]


def _rules(user_rules):
    from pipeline.extractors import load_rules

    return load_rules([user_rules])


def test_a_removed_input_leaves_the_files_and_is_marked_in_the_store(tmp_path):
    inputs = make_inputs(tmp_path / "in", 3)
    out = tmp_path / "out"
    run(inputs, out)
    (inputs / "a0002.txt").unlink()
    summary = run(inputs, out)
    assert (summary.processed, summary.skipped, summary.removed) == (0, 2, 1)
    files = contract_rows(out)
    assert [r["article_id"] for r in files["articles"]] == ["a0000", "a0001"]
    assert all(r["article_id"] != "a0002" for kind in record_types() for r in files[kind])
    with sqlite3.connect(out / STORE_NAME) as db:
        assert db.execute("SELECT status FROM articles WHERE article_id='a0002'").fetchone() == ("removed",)
    # It comes back: processed again.
    (inputs / "a0002.txt").write_text(article_text(2), encoding="utf-8")
    assert run(inputs, out).processed == 1
    assert len(read_csv(out / "articles.csv")) == 3


def test_broken_articles_go_to_errors_csv_with_their_stage_and_the_rest_is_written(tmp_path, monkeypatch):
    inputs = make_inputs(tmp_path / "in", 3)
    (inputs / "empty.html").write_bytes(b"")
    (inputs / "binary.html").write_bytes(bytes(range(256)) * 40)
    (inputs / "crash.txt").write_text("2023年，某市机器人产业集群营业收入50亿元。\n", encoding="utf-8")

    import pipeline.extractors.extract as extract_module  # process_articles imports it when it runs

    real_extract = extract_module.extract_many

    def extract_that_fails_on_robots(items, rules=None):
        # Articles are extracted in groups: the bug breaks the group, and each is then done alone.
        items = list(items)
        if any("机器人" in text for text, *_ in items):
            raise ValueError("an extractor bug")
        return real_extract(items, rules)

    monkeypatch.setattr(extract_module, "extract_many", extract_that_fails_on_robots)
    out = tmp_path / "out"
    summary = run(inputs, out)
    assert (summary.processed, summary.failed) == (6, 3)

    errors = {r["article_id"]: r for r in read_csv(out / "errors.csv")}
    assert list(read_csv(out / "errors.csv")[0]) == ["article_id", "stage", "error"]
    assert set(errors) == {"empty", "binary", "crash"}
    assert errors["empty"]["stage"] == errors["binary"]["stage"] == "clean"
    assert errors["crash"]["stage"] == "nlp" and "an extractor bug" in errors["crash"]["error"]
    log = (out / "newsx-run.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "extract_that_fails_on_robots" in log

    articles = {r["article_id"]: r["status"] for r in read_csv(out / "articles.csv")}
    assert articles == {"a0000": "ok", "a0001": "ok", "a0002": "ok", "empty": "error", "binary": "error",
                        "crash": "error"}
    assert {r["article_id"] for r in read_csv(out / "figures.csv")} == {"a0000", "a0001", "a0002"}

    # Unchanged failures are not retried on every run; fixing the bug (a new version) would redo them.
    monkeypatch.setattr(extract_module, "extract_many", real_extract)
    assert run(inputs, out).processed == 0
    assert len(read_csv(out / "errors.csv")) == 3


def test_a_second_run_on_the_same_output_folder_is_refused(tmp_path):
    from pipeline.batch.run import OutputBusy, _lock_output

    out = tmp_path / "out"
    out.mkdir()
    held = _lock_output(out)
    try:
        with pytest.raises(OutputBusy):
            run(make_inputs(tmp_path / "in", 1), out)
    finally:
        held.close()


# --- real processes: the pool, SIGKILL, Ctrl-C ----------------------------------------

def newsx(*args: str, **kwargs) -> subprocess.Popen:
    """`newsx` in a child process that takes Ctrl-C as from a terminal, even when this test run was
    started in the background (which leaves SIGINT ignored, and the child would inherit that)."""
    return subprocess.Popen([sys.executable, "-m", "pipeline", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL), **kwargs)


def finished_in_store(out: Path) -> int:
    try:
        with sqlite3.connect(f"file:{out / STORE_NAME}?mode=ro", uri=True, timeout=5) as db:
            return db.execute("SELECT COUNT(*) FROM articles WHERE status IN ('ok','error')").fetchone()[0]
    except sqlite3.Error:
        return 0       # not created yet


def wait_for_progress(proc: subprocess.Popen, out: Path, at_least: int, timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the run finished before it could be interrupted: make it longer"
        n = finished_in_store(out)
        if n >= at_least:
            return n
        time.sleep(0.01)
    raise AssertionError("no progress")


def assert_each_article_exactly_once(out: Path, n: int) -> None:
    files = contract_rows(out)
    ids = [r["article_id"] for r in files["articles"]]
    assert sorted(ids) == [f"a{i:04d}" for i in range(n)]
    # Every article yields the same kinds and numbers of records (the texts share one shape):
    # a duplicated or lost article's records would break the equal counts.
    for kind in ("figures", "dates", "quotes"):
        per_article = Counter(r["article_id"] for r in files[kind])
        assert set(per_article) == set(ids), kind
        assert len(set(per_article.values())) == 1, (kind, per_article.most_common(3))
        rows = [tuple(r.values()) for r in files[kind]]
        assert len(rows) == len(set(rows)), kind


def child_pids(pid: int) -> list[int]:
    """Linux: the children of a process (its pool workers); [] elsewhere."""
    try:
        return [int(c) for t in Path(f"/proc/{pid}/task").iterdir()
                for c in (t / "children").read_text().split()]
    except OSError:
        return []


def assert_gone(pids: list[int], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    for pid in pids:
        while Path(f"/proc/{pid}").exists() and "Z" not in _state(pid):
            assert time.monotonic() < deadline, f"worker {pid} still running after its parent was killed"
            time.sleep(0.05)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


N_LONG = 160


def test_killed_mid_run_the_next_run_resumes_with_every_article_once(tmp_path):
    inputs = make_inputs(tmp_path / "in", N_LONG, paragraphs=4)
    out = tmp_path / "out"
    proc = newsx("run", str(inputs), "-o", str(out), "--workers", "2", "-q")
    try:
        done_at_kill = wait_for_progress(proc, out, at_least=10)
        workers = child_pids(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert_gone(workers)          # the pool's workers do not outlive it
    in_store = finished_in_store(out)
    assert done_at_kill <= in_store < N_LONG

    result = subprocess.run([sys.executable, "-m", "pipeline", "run", str(inputs), "-o", str(out), "-q"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert f"{N_LONG - in_store} processed, {in_store} skipped" in result.stdout
    assert_each_article_exactly_once(out, N_LONG)


def test_ctrl_c_stops_cleanly_and_writes_the_finished_articles(tmp_path):
    inputs = make_inputs(tmp_path / "in", N_LONG, paragraphs=4)
    out = tmp_path / "out"
    proc = newsx("run", str(inputs), "-o", str(out), "--workers", "1", "-q")
    try:
        wait_for_progress(proc, out, at_least=5)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    written = [r["article_id"] for r in read_csv(out / "articles.csv")]
    assert len(written) == len(set(written)) == finished_in_store(out) < N_LONG
    figures = Counter(r["article_id"] for r in read_csv(out / "figures.csv"))
    assert set(figures) == set(written)
    with sqlite3.connect(out / STORE_NAME) as db:
        assert db.execute("SELECT outcome FROM runs ORDER BY run_id DESC").fetchone() == ("interrupted",)


def test_sigterm_to_the_whole_process_group_twice_still_stops_cleanly(tmp_path):
    # `timeout`, service managers and shells signal the process group: the run and its workers,
    # and the same stop can reach the run twice.
    inputs = make_inputs(tmp_path / "in", N_LONG, paragraphs=4)
    out = tmp_path / "out"
    proc = newsx("run", str(inputs), "-o", str(out), "--workers", "2", "-q", start_new_session=True)
    try:
        wait_for_progress(proc, out, at_least=5)
        os.killpg(proc.pid, signal.SIGTERM)     # as `timeout` does: the run, then its group
        os.killpg(proc.pid, signal.SIGTERM)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    written = [r["article_id"] for r in read_csv(out / "articles.csv")]
    assert len(written) == len(set(written)) == finished_in_store(out) < N_LONG


def test_inputs_hashed_by_the_workers_are_stored_with_their_hash(tmp_path):
    # New inputs are read and hashed where they are processed (the pool's workers), not by the
    # planner: the store must still hold each input's own hash, so a touched file is skipped.
    import hashlib

    inputs = make_inputs(tmp_path / "in", 8)
    out = tmp_path / "out"
    assert run(inputs, out, workers=2).executor == "pool"
    with sqlite3.connect(out / STORE_NAME) as db:
        stored = dict(db.execute("SELECT article_id, input_hash FROM articles"))
    assert stored == {p.stem: hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs.iterdir()}
    for p in inputs.iterdir():
        os.utime(p)
    again = run(inputs, out, workers=2)
    assert (again.processed, again.skipped) == (0, 8)


def test_the_process_pool_gives_the_same_files_as_one_process(tmp_path):
    inputs = make_inputs(tmp_path / "in", 12)
    (inputs / "empty.html").write_bytes(b"")
    one = run(inputs, tmp_path / "one", workers=1)
    pool = run(inputs, tmp_path / "pool", workers=2)
    assert (one.executor, pool.executor) == ("inline", "pool")
    assert (pool.processed, pool.failed) == (13, 1)
    for name in ["articles.csv", "articles.jsonl", "errors.csv", *(f"{k}.csv" for k in record_types())]:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "pool" / name).read_bytes(), name


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the pool forks only on Linux")
def test_an_article_that_kills_its_worker_fails_alone_and_is_retried_next_run(tmp_path, monkeypatch):
    import pipeline.batch.executors as executors_module

    inputs = make_inputs(tmp_path / "in", 8)
    real = executors_module.process_articles

    def dies_on_a0003(items, rules, timeout=None):
        if any(item.article_id == "a0003" for item in items):
            os._exit(3)            # a segfault or the OOM killer, as the pool sees it
        return real(items, rules, timeout)

    monkeypatch.setattr(executors_module, "process_articles", dies_on_a0003)   # forked workers inherit it
    out = tmp_path / "out"
    summary = run(inputs, out, workers=2)
    assert summary.executor == "pool"
    assert (summary.processed, summary.failed) == (8, 1)
    assert [(e[0], e[1]) for e in summary.errors] == [("a0003", "worker")]
    assert [r["article_id"] for r in read_csv(out / "errors.csv")] == ["a0003"]
    assert len(read_csv(out / "articles.csv")) == 8

    monkeypatch.setattr(executors_module, "process_articles", real)
    again = run(inputs, out, workers=1)
    assert (again.processed, again.skipped, again.failed) == (1, 7, 0)
    assert read_csv(out / "errors.csv") == []


def test_articles_extracted_together_get_the_records_each_gets_alone(shared_corpus):
    # process_articles runs several bodies through nlp.pipe (the name model reads their windows in
    # shared batches): each article's records must be those it gets on its own.
    from pipeline.batch.inputs import discover_inputs
    from pipeline.batch.process import process_article, process_articles
    from pipeline.extractors import load_rules

    rules = load_rules()
    items = [it for folder in ("corpus/dev", "corpus/bodies/gne") for it in discover_inputs(shared_corpus / folder)]
    together = process_articles(items, rules)
    alone = [process_article(item, rules) for item in items]
    assert sum(len(r.extraction.quotes) for r in together) > 50
    for a, b in zip(together, alone):
        assert (a.article, a.extraction, a.stage) == (b.article, b.extraction, b.stage), a.article.article_id
