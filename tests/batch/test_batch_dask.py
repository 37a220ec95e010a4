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
    assert main(["run", str(inputs), "-o", str(tmp_path / "local"), "--workers", "1", "-q"]) == 0
    assert main(["run", str(inputs), "-o", str(tmp_path / "dask"), "-q",
                 "--executor", "dask", "--scheduler", cluster.scheduler_address]) == 0
    for name in ["articles.csv", "articles.jsonl", "errors.csv", *(f"{k}.csv" for k in record_types())]:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name
    assert b"broken" in (tmp_path / "dask" / "errors.csv").read_bytes()

    # The store is shared logic: a rerun through Dask skips everything.
    from pipeline.batch.run import run

    again = run(inputs, tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address)
    assert (again.processed, again.skipped) == (0, 5)
