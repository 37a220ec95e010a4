"""`newsx rules test`, `newsx rules stats` and `newsx explain`."""
from __future__ import annotations

from pipeline.cli import main


def test_rules_test_passes_on_shipped_rules(capsys):
    assert main(["rules", "test"]) == 0
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1].endswith(" passed, 0 failed")


def test_rules_test_reports_a_failing_example_with_its_diff(user_rules, capsys):
    (user_rules / "dates.yaml").write_text("""
rules:
  - id: dates.user_season
    description: Deliberately wrong expectation to show the failure table.
    pattern: '(?P<year>20[0-9]{2})年春'
    examples:
      - text: 2023年春，园区开工。
        expect: [{value: "2024"}]
""", encoding="utf-8")
    assert main(["rules", "test", "--rules", str(user_rules)]) == 1
    out = capsys.readouterr().out
    assert "FAIL  dates.user_season" in out
    assert "missing [{'value': '2024'}]" in out and "'value': '2023'" in out
    assert out.strip().splitlines()[-1].endswith(" 1 failed")


def test_rules_stats_counts_records_and_lists_dead_rules(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("2021年，园区新增企业120家，产值增长12%。\n", encoding="utf-8")
    assert main(["run", str(inputs), "-o", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    assert main(["rules", "stats", str(tmp_path / "out")]) == 0
    lines = capsys.readouterr().out.splitlines()
    counts = {line.split()[1]: int(line.split()[0]) for line in lines[1:]}
    assert counts["figures.number_unit"] >= 1 and counts["figures.percent"] == 1 and counts["dates.year"] == 1
    assert any("dates.year_month_day" in line and "no records" in line for line in lines)


def test_explain_shows_sentences_tokens_and_records_with_rules(capsys):
    assert main(["explain", "2021年，园区新增企业120家。产值增长12%。"]) == 0
    out = capsys.readouterr().out
    assert "== sentences" in out and "[2]" in out and "产值增长12%。" in out
    assert "120 | 家" in out or "120家" in out  # the tokens line
    assert "[figures.number_unit]" in out and "text=120家" in out
    assert "[dates.year]" in out and "value=2021" in out


def test_explain_reads_a_file(tmp_path, capsys):
    f = tmp_path / "t.txt"
    f.write_text("6月30日，项目签约。", encoding="utf-8")
    assert main(["explain", "--file", str(f), "--published", "2022-07-01"]) == 0
    assert "value=2022-06-30" in capsys.readouterr().out


def test_a_closed_pipe_ends_quietly(tmp_path):
    """`newsx rules test | head -1`: the reader leaving is not an error and prints no traceback."""
    import subprocess
    import sys

    proc = subprocess.run(f"{sys.executable} -m pipeline rules test -v | head -1", shell=True,
                          capture_output=True, text=True, timeout=120)
    assert proc.stdout.startswith("rule file")
    assert "Traceback" not in proc.stderr and "BrokenPipeError" not in proc.stderr
