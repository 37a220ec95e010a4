"""The layering check (pipeline/devtools/layers.py): it passes on the tree, and it fails, naming the
file and line, on an upward import, a circle of imports and a module placed in no layer."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.devtools import layers

PACKAGE_DIR = Path(layers.__file__).resolve().parent.parent


def test_the_tree_is_layered():
    assert layers.check() == []


def test_runs_as_a_module():
    done = subprocess.run([sys.executable, "-m", "pipeline.devtools.layers"], capture_output=True, text=True,
                          cwd=PACKAGE_DIR.parent, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "layers ok" in done.stdout


@pytest.fixture
def package(tmp_path) -> Path:
    """A copy of the package's sources to break."""
    copy = tmp_path / "pipeline"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.html"))
    assert layers.check(copy) == []
    return copy


def append(path: Path, code: str) -> int:
    """Add code at the end of a module; returns the line it starts on."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n" + code + "\n", encoding="utf-8")
    return text.count("\n") + 2


def test_an_upward_import_inside_a_function_fails(package, capsys):
    line = append(package / "rules" / "schema.py", "def later():\n    from pipeline.acquire.decode import decode\n")
    (problem,) = layers.check(package)
    assert problem == (f"pipeline/rules/schema.py:{line + 1}: pipeline.rules.schema (layer pipeline.rules) imports "
                       "pipeline.acquire.decode from the higher layer pipeline.acquire")
    assert layers.main([str(package)]) == 1
    assert "pipeline/rules/schema.py" in capsys.readouterr().out


def test_an_upward_import_into_a_circle_is_both(package):
    append(package / "rules" / "schema.py", "def later():\n    from pipeline.batch.run import run\n")
    upward, cycle = layers.check(package)
    assert "pipeline.rules.schema (layer pipeline.rules) imports pipeline.batch.run" in upward
    assert cycle.startswith("import cycle between ") and "pipeline.rules.schema -> pipeline.batch.run" in cycle


def test_a_relative_upward_import_fails(package):
    append(package / "nlp" / "spans.py", "from ..extractors import numbers")
    (problem,) = layers.check(package)
    assert "pipeline.nlp.spans" in problem and "pipeline.extractors.numbers" in problem


def test_the_public_api_is_above_every_stage(package):
    append(package / "review" / "explain.py", "from pipeline import extract")
    (problem,) = layers.check(package)
    assert "pipeline.review.explain" in problem and "imports pipeline from the higher layer" in problem


def test_a_cycle_inside_a_package_fails(package):
    append(package / "speedups" / "regex_gates.py", "from pipeline.speedups import lexicon_trie")
    append(package / "speedups" / "lexicon_trie.py", "def later():\n    import pipeline.speedups.regex_gates")
    (problem,) = layers.check(package)
    assert problem.startswith("import cycle between pipeline.speedups.lexicon_trie, pipeline.speedups.regex_gates")
    assert "lexicon_trie.py" in problem and "regex_gates.py" in problem


def test_a_longer_cycle_through_a_package_init_fails(package):
    append(package / "rules" / "patterns.py", "from pipeline.rules import RuleError")
    problems = layers.check(package)
    assert len(problems) == 1 and problems[0].startswith("import cycle between pipeline.rules, ")
    assert "pipeline.rules.patterns" in problems[0]


def test_a_module_in_no_layer_fails(package):
    (package / "reports").mkdir()
    (package / "reports" / "__init__.py").write_text("from pipeline.records import Article\n", encoding="utf-8")
    (problem,) = layers.check(package)
    assert "pipeline.reports is in no layer" in problem
