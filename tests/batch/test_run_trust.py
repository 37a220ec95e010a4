"""No record disappears without a word, and every ending says what happened: removal only of
inputs deleted under the same input folder (more than half asks for --prune), unreadable
folders as error rows, exit codes 0/1/2/130, an export that is all new files or all old ones,
and a damaged run state that says so and is rebuilt with --rebuild."""
from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest

from pipeline.batch.run import run
from pipeline.batch.store import STORE_NAME
from pipeline.cli import main
from tests.batch.test_batch import article_text, make_inputs, read_csv


def article_ids(out: Path) -> list[str]:
    return [r["article_id"] for r in read_csv(out / "articles.csv")]


# --- records never disappear silently ------------------------------------------------

def test_an_emptied_input_folder_keeps_the_records_and_asks_for_prune(tmp_path, capsys):
    inputs = make_inputs(tmp_path / "in", 4)
    out = tmp_path / "out"
    assert main(["run", str(inputs), "-o", str(out), "-q", "--workers", "1"]) == 0
    for f in inputs.iterdir():
        f.unlink()
    code = main(["run", str(inputs), "-o", str(out), "-q", "--workers", "1"])
    assert code == 2
    assert "--prune" in capsys.readouterr().err
    assert article_ids(out) == ["a0000", "a0001", "a0002", "a0003"]
    assert len(read_csv(out / "figures.csv")) >= 12
    # Deleted on purpose: --prune drops them.
    assert main(["run", str(inputs), "-o", str(out), "-q", "--prune"]) == 0
    assert article_ids(out) == []


def test_a_second_input_folder_into_the_same_output_keeps_the_first_ones_records(tmp_path):
    first = make_inputs(tmp_path / "A", 2)
    second = tmp_path / "B"
    second.mkdir()
    (second / "b0000.txt").write_text(article_text(5), encoding="utf-8")
    out = tmp_path / "out"
    run(first, out)
    summary = run(second, out)
    assert summary.removed == 0
    assert article_ids(out) == ["a0000", "a0001", "b0000"]
    # A file deleted under its own folder still leaves (1 of 3: no --prune needed).
    (first / "a0001.txt").unlink()
    assert run(first, out).removed == 1
    assert article_ids(out) == ["a0000", "b0000"]


def test_an_unreadable_subfolder_is_an_error_row_and_its_articles_are_kept(tmp_path, monkeypatch):
    import pipeline.batch.inputs as inputs_module

    inputs = make_inputs(tmp_path / "in", 2)
    make_inputs(inputs / "sub", 3)
    out = tmp_path / "out"
    run(inputs, out)
    assert len(article_ids(out)) == 5

    real_scandir = os.scandir
    sub = str(inputs / "sub")

    def scandir_that_cannot_list_sub(path=".", *args):
        # Permissions do not stop root (who runs CI), so the listing error is made here.
        if str(path) == sub:
            raise PermissionError(errno.EACCES, "Permission denied", sub)
        return real_scandir(path, *args)

    monkeypatch.setattr(inputs_module.os, "scandir", scandir_that_cannot_list_sub)
    summary = run(inputs, out)
    assert summary.removed == 0 and summary.unreadable_folders == 1
    statuses = {r["article_id"]: r["status"] for r in read_csv(out / "articles.csv")}
    assert statuses == {"a0000": "ok", "a0001": "ok", "sub/": "error", "sub/a0000": "ok", "sub/a0001": "ok",
                        "sub/a0002": "ok"}
    (error,) = read_csv(out / "errors.csv")
    assert error["stage"] == "folder" and "cannot be read" in error["error"] and "Permission denied" in error["error"]

    monkeypatch.setattr(inputs_module.os, "scandir", real_scandir)
    run(inputs, out)          # readable again: the folder's error row goes
    assert read_csv(out / "errors.csv") == []
    assert len(article_ids(out)) == 5


# --- exit codes ------------------------------------------------------------------------

def test_exit_codes_say_whether_every_article_is_ok(tmp_path, capsys):
    inputs = make_inputs(tmp_path / "in", 2)
    out = tmp_path / "out"
    assert main(["run", str(inputs), "-o", str(out), "-q"]) == 0
    (inputs / "empty.html").write_bytes(b"")
    assert main(["run", str(inputs), "-o", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert "1 article(s) failed" in err and str(out / "errors.csv") in err
    # Still failing on the next run (unchanged, skipped): still not all ok.
    assert main(["run", str(inputs), "-o", str(out), "-q"]) == 1
    assert "1 article(s) failed (1 from earlier runs)" in capsys.readouterr().err
    assert main(["run", str(tmp_path / "nowhere"), "-o", str(out), "-q"]) == 2
    with pytest.raises(SystemExit) as usage:
        main(["run", "--workers", "0"])
    assert usage.value.code == 2


def test_ctrl_c_while_loading_exits_130(monkeypatch):
    import pipeline.extractors as extractors

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(extractors, "load_rules", interrupted)
    assert main(["rules", "test"]) == 130


# --- the export: all new files or all old ones ------------------------------------------

def test_a_full_disk_while_writing_leaves_the_previous_files_and_says_one_line(tmp_path, monkeypatch, capsys):
    import pipeline.batch.output as output

    inputs = make_inputs(tmp_path / "in", 3)
    out = tmp_path / "out"
    assert main(["run", str(inputs), "-o", str(out), "-q"]) == 0
    before = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    (inputs / "a0003.txt").write_text(article_text(3), encoding="utf-8")

    real_write = output.write_record_file

    def write_then_disk_full(out_dir, kind, records, export=None):
        if kind == "dates":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(out_dir, kind, records, export)

    monkeypatch.setattr(output, "write_record_file", write_then_disk_full)
    code = main(["run", str(inputs), "-o", str(out), "-q", "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 1
    assert "No space left on device" in err and "previous files are unchanged" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == before
    assert not list(out.glob(".*.tmp"))
    # Space again: the next run writes the new article into every file.
    monkeypatch.setattr(output, "write_record_file", real_write)
    assert main(["run", str(inputs), "-o", str(out), "-q"]) == 0
    assert "a0003" in article_ids(out)


def test_an_interrupt_while_writing_leaves_the_previous_files(tmp_path, monkeypatch, capsys):
    import pipeline.batch.output as output

    inputs = make_inputs(tmp_path / "in", 2)
    out = tmp_path / "out"
    run(inputs, out)
    before = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    (inputs / "a0002.txt").write_text(article_text(2), encoding="utf-8")
    real_write = output.write_record_file

    def second_ctrl_c(out_dir, kind, records, export=None):
        if kind == "quotes":
            raise KeyboardInterrupt
        return real_write(out_dir, kind, records, export)

    monkeypatch.setattr(output, "write_record_file", second_ctrl_c)
    assert main(["run", str(inputs), "-o", str(out), "-q"]) == 130
    assert "previous files are unchanged" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == before
    assert not list(out.glob(".*.tmp"))


def test_an_unwritable_output_folder_gives_one_line(tmp_path, capsys):
    inputs = make_inputs(tmp_path / "in", 1)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["run", str(inputs), "-o", str(blocker / "out"), "-q"]) == 1
    err = capsys.readouterr().err
    assert "cannot write to the output folder" in err and "Traceback" not in err


# --- a damaged run state -------------------------------------------------------------------

def test_a_damaged_store_says_so_and_rebuild_starts_afresh_keeping_the_files_until_done(tmp_path, capsys, monkeypatch):
    inputs = make_inputs(tmp_path / "in", 3)
    out = tmp_path / "out"
    assert main(["run", str(inputs), "-o", str(out), "-q"]) == 0
    before = (out / "articles.csv").read_bytes()
    for suffix in ("-wal", "-shm"):
        Path(str(out / STORE_NAME) + suffix).unlink(missing_ok=True)
    (out / STORE_NAME).write_bytes(b"this is not a database at all" * 200)

    for extra in ([], ["--force"]):
        assert main(["run", str(inputs), "-o", str(out), "-q", *extra]) == 2
        err = capsys.readouterr().err
        assert "damaged" in err and "--rebuild" in err and "Traceback" not in err

    # A rebuild that is interrupted leaves the previous files as they were.
    import pipeline.batch.run as run_module

    real_save = run_module._save
    calls = []

    def interrupted_save(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_save(*args, **kwargs)

    monkeypatch.setattr(run_module, "_save", interrupted_save)
    assert main(["run", str(inputs), "-o", str(out), "-q", "--rebuild"]) == 130
    assert (out / "articles.csv").read_bytes() == before
    monkeypatch.setattr(run_module, "_save", real_save)
    # The next run finishes the rebuild and writes the files.
    assert main(["run", str(inputs), "-o", str(out), "-q"]) == 0
    assert article_ids(out) == ["a0000", "a0001", "a0002"]
    assert not (out / (STORE_NAME + ".old")).exists()
    with sqlite3.connect(out / STORE_NAME) as db:
        assert db.execute("SELECT COUNT(*) FROM articles WHERE status='ok'").fetchone() == (3,)
