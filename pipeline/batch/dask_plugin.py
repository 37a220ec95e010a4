"""The Dask worker plugin that loads newsx's rules and models once per worker process.

Registered by `DaskExecutor` when a run connects: every worker of the cluster, and every
worker that joins later (a replacement for one that died), builds the NLP pipeline and loads
the NER model before its first task, not inside it. Imported only by the Dask executor (it
imports `distributed`).
"""
from __future__ import annotations

import asyncio
from typing import Callable

from distributed.diagnostics.plugin import WorkerPlugin


class ModelsPlugin(WorkerPlugin):
    """setup: warm_up(spec) in a thread of the worker, so its event loop keeps answering the
    scheduler (heartbeats) while the models load. The executor hands over its
    warm_up (this module imports nothing of the executors: they import it)."""
    name = "newsx-models"

    def __init__(self, spec, warm_up: Callable[[object], None]):
        self.spec, self.warm_up = spec, warm_up

    async def setup(self, worker) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self.warm_up, self.spec)
