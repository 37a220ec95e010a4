"""spaCy imported without its command line (pipeline/nlp/spacy_import.py), which stays usable."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def in_fresh_python(code: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_spacy_imports_without_its_command_line_and_a_pipeline_still_works():
    seen = in_fresh_python(
        "import json, sys\n"
        "from pipeline.nlp.spacy_import import import_spacy\n"
        "import_spacy()\n"
        "from pipeline import extract\n"
        "records = extract('2023年，合肥市新增企业120家。', '2023-05-01')\n"
        "print(json.dumps({'cli_loaded': sorted({'typer', 'weasel', 'httpx'} & set(sys.modules)),\n"
        "                  'figures': [f.text for f in records.figures]}))\n")
    assert seen == {"cli_loaded": [], "figures": ["120家"]}


def test_the_command_line_loads_when_something_uses_it():
    seen = in_fresh_python(
        "import contextlib, io, json, sys\n"
        "from pipeline.nlp.spacy_import import import_spacy\n"
        "import_spacy()\n"
        "import spacy\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    info = spacy.info()\n"
        "import spacy.cli.download\n"
        "print(json.dumps({'info': 'spacy_version' in info, 'setup_cli': callable(spacy.cli.setup_cli),\n"
        "                  'download': callable(spacy.cli.download)}))\n")
    assert seen == {"info": True, "setup_cli": True, "download": True}
