"""The Dask path: the same per-article function on a real dask.distributed cluster gives the same files."""
from __future__ import annotations

import pytest
from test_batch import make_inputs

from pipeline.cli import main
from pipeline.extractors import record_types

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def cluster():
    # A real cluster: a scheduler and one worker process talking over TCP on localhost.
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as c:
        yield c


def test_dask_run_gives_the_same_records_as_the_local_run(tmp_path, cluster):
    inputs = make_inputs(tmp_path / "in", 4)
    (inputs / "broken.html").write_bytes(b"\x00\x01" * 300)
    assert main(["run", str(inputs), "-o", str(tmp_path / "local"), "--workers", "1", "-q"]) == 1    # one article failed
    assert main(["run", str(inputs), "-o", str(tmp_path / "dask"), "-q",
                 "--executor", "dask", "--scheduler", cluster.scheduler_address]) == 1
    for name in ["articles.csv", "articles.jsonl", "errors.csv", *(f"{k}.csv" for k in record_types())]:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name
    assert b"broken" in (tmp_path / "dask" / "errors.csv").read_bytes()

    # The store is shared logic: a rerun through Dask skips everything.
    from pipeline.batch.run import run

    again = run(inputs, tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address)
    assert (again.processed, again.skipped) == (0, 5)

def test_pages_shipped_with_the_tasks_give_the_same_files(tmp_path, cluster):
    inputs = make_inputs(tmp_path / "in", 3)
    assert main(["run", str(inputs), "-o", str(tmp_path / "local"), "--workers", "1", "-q"]) == 0
    assert main(["run", str(inputs), "-o", str(tmp_path / "dask"), "-q", "--ship-inputs",
                 "--executor", "dask", "--scheduler", cluster.scheduler_address]) == 0
    for name in ["articles.csv", *(f"{k}.csv" for k in record_types())]:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name


def test_a_worker_killed_mid_run_has_its_articles_redone_and_every_article_comes_once(tmp_path):
    import os
    import signal
    import sqlite3
    import threading
    import time

    from pipeline.batch.run import run
    from pipeline.batch.store import STORE_NAME

    n = 240
    inputs = make_inputs(tmp_path / "in", n, paragraphs=12)
    local = run(inputs, tmp_path / "local", workers=1)
    assert local.processed == n
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as watcher:
        nanny = list(cluster.workers.values())[0]
        victim_pid, victim = nanny.process.process.pid, nanny.worker_address
        outcome = {}
        runner = threading.Thread(target=lambda: outcome.update(summary=run(
            inputs, tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address)))
        runner.start()
        store, deadline, killed = tmp_path / "dask" / STORE_NAME, time.monotonic() + 240, False
        while runner.is_alive() and time.monotonic() < deadline and not killed:
            saved = 0
            try:
                with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
                    saved = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except sqlite3.Error:
                pass                  # not made yet
            # Mid-run: some articles are in, and the victim is working on a group of them.
            if 0 < saved < n // 2 and watcher.processing(workers=[victim]).get(victim):
                os.kill(victim_pid, signal.SIGKILL)
                killed = True
            time.sleep(0.05)
        runner.join(timeout=300)
    assert killed, "the run ended before a worker could be killed mid-run"
    summary = outcome["summary"]
    assert (summary.processed, summary.failed) == (n, 0)        # each article's result saved once
    for name in ["articles.csv", "errors.csv", *(f"{k}.csv" for k in record_types())]:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name
