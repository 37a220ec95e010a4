"""Importing spaCy without its command line.

`import spacy` runs `from .cli.info import info`, which imports spaCy's whole command line
(typer, weasel, httpx, requests, the project and training commands): about a third of the
import (benchmarks/README.md), paid by every `newsx run` that has work and by every Dask
worker. newsx never uses it. `defer_spacy_cli()` (called by the
`newsx` command before anything imports spaCy) puts a lazily executed `spacy.cli` in its
place, and a `spacy.info` that imports the real one when called; anything that touches
`spacy.cli` gets the real package, loaded then. `import_spacy()` does both: what a run calls
before building its pipeline.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from pathlib import Path


def import_spacy() -> None:
    """Import spaCy (once per process), without its command line unless something imported it already."""
    if "spacy" in sys.modules:
        return
    defer_spacy_cli()
    import spacy

    if "cli" not in spacy.__dict__ and "spacy.cli" in sys.modules:
        spacy.cli = sys.modules["spacy.cli"]     # what the import system does for a submodule it loads


def defer_spacy_cli() -> None:
    """Before spaCy is imported in this process: let it skip importing its command line."""
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        return
    found = importlib.util.find_spec("spacy")
    if found is None or not found.origin:
        return
    cli_dir = Path(found.origin).parent / "cli"
    cli_init = cli_dir / "__init__.py"
    if not cli_init.is_file():
        return
    spec = importlib.util.spec_from_file_location("spacy.cli", cli_init, submodule_search_locations=[str(cli_dir)])
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    cli = importlib.util.module_from_spec(spec)
    sys.modules["spacy.cli"] = cli
    spec.loader.exec_module(cli)          # lazy: runs spacy/cli/__init__.py when an attribute is first read
    sys.modules["spacy.cli.info"] = _info_stand_in()


def _info_stand_in() -> types.ModuleType:
    module = types.ModuleType("spacy.cli.info", "Stands in for spacy.cli.info until it is used.")

    def info(*args, **kwargs):
        return _real_info_module().info(*args, **kwargs)

    def __getattr__(name):
        if name.startswith("__"):         # what the import system asks of any module
            raise AttributeError(name)
        return getattr(_real_info_module(), name)

    module.info = info
    module.__getattr__ = __getattr__
    return module


def _real_info_module() -> types.ModuleType:
    current = sys.modules.get("spacy.cli.info")
    if current is not None and current.__dict__.get("__file__"):
        return current
    sys.modules.pop("spacy.cli.info", None)
    return importlib.import_module("spacy.cli.info")
