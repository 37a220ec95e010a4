"""The planner streams its inputs: a page a worker read into its task is not kept alive by the
planner once the task has been handed on (a run's memory must not grow with its article count)."""
from __future__ import annotations

import gc
import weakref

from pipeline.batch.inputs import read_input
from pipeline.batch.planner import Planner
from pipeline.batch.store import Store


def test_tasks_handed_on_are_not_kept_by_the_planner(tmp_path):
    pages = tmp_path / "in"
    pages.mkdir()
    for i in range(30):
        (pages / f"p{i:02d}.txt").write_text(f"第{i}篇。" * 200, encoding="utf-8")
    store = Store(tmp_path / "out")
    run_id = store.start_run(str(pages), "v", "inline", 1)
    planner = Planner(store, pages, "v", force=False, run_id=run_id, on_skip=lambda _id: None)
    alive = []
    seen = 0
    for task in planner:
        read_input(task.item)          # as run_tasks does in the worker: the page's bytes into the item
        assert task.item.data
        alive.append(weakref.ref(task.item))
        seen += 1
        del task
        gc.collect()
        # Every item before the current one is gone (the whole batch of 30 is one SEEN_BATCH).
        assert [ref() is None for ref in alive[:-1]] == [True] * (seen - 1)
    assert seen == 30
    store.close()
