"""Start-up: loading with the garbage collector paused, then freezing what was loaded."""
from __future__ import annotations

import gc

import pytest

from pipeline.batch.executors import load_then_freeze


@pytest.fixture
def collector_state():
    enabled = gc.isenabled()
    yield
    gc.unfreeze()            # the frozen test objects go back to the collector
    (gc.enable if enabled else gc.disable)()


def test_loading_runs_without_collections_and_freezes_what_it_made(collector_state):
    gc.enable()
    before = gc.get_freeze_count()
    with load_then_freeze():
        assert not gc.isenabled()
        loaded = [[i] for i in range(2000)]       # long-lived objects, as a model's tables are
    assert gc.isenabled()
    assert gc.get_freeze_count() >= before + len(loaded)


def test_garbage_from_before_loading_is_collected_not_frozen(collector_state):
    class Cycle:
        pass

    a, b = Cycle(), Cycle()
    a.other, b.other = b, a
    del a, b                                       # unreachable, but only the collector frees a cycle
    collected = []
    gc.callbacks.append(lambda phase, info: phase == "stop" and collected.append(info["collected"]))
    try:
        with load_then_freeze():
            pass
    finally:
        gc.callbacks.pop()
    assert collected and collected[0] >= 2


def test_the_collector_is_restored_when_loading_fails_and_stays_off_if_it_was(collector_state):
    gc.enable()
    with pytest.raises(ValueError):
        with load_then_freeze():
            raise ValueError("a broken rule file")
    assert gc.isenabled()
    gc.disable()
    with load_then_freeze():
        pass
    assert not gc.isenabled()
