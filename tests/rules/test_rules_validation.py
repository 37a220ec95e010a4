"""Loading validates every rule file up front; each error names the file, the line and the rule."""
from __future__ import annotations

import textwrap

import pytest

from pipeline.cli import main
from pipeline.extractors import load_rules
from pipeline.rules import RuleError


def write(d, name, text):
    path = d / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


GOOD_RULE = """
rules:
  - id: figures.user_dozen
    description: 打 (a dozen) as a unit.
    pattern: '(?P<number>[0-9]+)(?P<unit>打)'
    examples:
      - text: 采购鸡蛋3打。
        expect: [{text: 3打, value: 3, unit: 打}]
"""


def test_good_user_rule_loads(user_rules):
    write(user_rules, "figures.yaml", GOOD_RULE)
    rules = load_rules([user_rules])
    assert rules.rule("figures.user_dozen") is not None
    assert rules.rule("figures.number_unit") is not None  # built-ins stay


@pytest.mark.parametrize("body, line, fragment", [
    ("""
     rules:
       - id: figures.user_x
         description: typo in a key
         patern: '[0-9]+个'
         examples: [{text: 3个, expect: []}]
     """, 4, "unknown key(s) patern (did you mean pattern?)"),
    ("""
     rules:
       - id: figures.user_x
         description: unbalanced group
         pattern: '(?P<number>[0-9]+'
         examples: [{text: 3个, expect: []}]
     """, 2, "bad pattern"),
    ("""
     rules:
       - id: figures.user_x
         description: unknown placeholder
         pattern: '{no_such_lexicon}个'
         examples: [{text: 3个, expect: []}]
     """, 2, "unknown placeholder {no_such_lexicon}"),
    ("""
     rules:
       - id: figures.user_x
         description: first
         pattern: '[0-9]+个'
         examples: [{text: 3个, expect: []}]
       - id: figures.user_x
         description: second with the same id
         pattern: '[0-9]+家'
         examples: [{text: 3家, expect: []}]
     """, 6, "duplicate id (first at line 2)"),
    ("""
     rules:
       - id: figures.user_x
         description: no examples
         pattern: '[0-9]+个'
     """, 2, "needs `examples:`"),
    ("""
     rules:
       - id: figures.user_x
         description: an example without expect
         pattern: '[0-9]+个'
         examples:
           - text: 3个
     """, 6, "needs `expect:`"),
    ("""
     rules:
       - id: figures.user_x
         description: an expected record with a field figures do not have
         pattern: '[0-9]+个'
         examples:
           - text: 3个
             expect: [{valeu: 3}]
     """, 7, "unknown field(s) valeu (did you mean value?)"),
    ("""
     rules:
       - id: dates.wrong_kind
         description: a dates id in the figures file
         pattern: '[0-9]+个'
         examples: [{text: 3个, expect: []}]
     """, 2, "id must look like 'figures.some_name'"),
    ("""
     rules:
       - description: no id at all
         pattern: '[0-9]+个'
         examples: [{text: 3个, expect: []}]
     """, 2, "rule without an `id`"),
    ("""
     rulez:
       - id: figures.user_x
     """, 1, "unknown top-level key(s) rulez (did you mean rules?)"),
    ("""
     rules:
       - id: figures.user_x
         description: [broken
     """, 4, "YAML syntax: expected ',' or ']', but got '<stream end>' (while parsing a flow sequence started at line 3)"),
])
def test_each_validation_error_names_file_line_and_reason(user_rules, body, line, fragment):
    path = write(user_rules, "figures.yaml", body)
    with pytest.raises(RuleError) as err:
        load_rules([user_rules])
    message = str(err.value)
    assert message.startswith(f"{path}:{line}:"), message
    assert fragment in message


def test_error_names_the_rule_id(user_rules):
    write(user_rules, "figures.yaml", """
        rules:
          - id: figures.user_bad
            description: unbalanced group
            pattern: '(['
            examples: [{text: x, expect: []}]
        """)
    with pytest.raises(RuleError, match=r"rule figures\.user_bad: bad pattern"):
        load_rules([user_rules])


def test_bad_entity_pattern_line(user_rules):
    path = user_rules / "entities.jsonl"
    path.write_text('{"label": "ORG", "pattern": "工信部", "id": "org.miit"}\n{"label": "ORG" "pattern": 1}\n',
                    encoding="utf-8")
    with pytest.raises(RuleError, match=rf"^{path}:2: not a JSON object"):
        load_rules([user_rules])


def test_bad_userdict_line(user_rules):
    path = user_rules / "userdict.txt"
    path.write_text("中国声谷 10 nz\n智能语音 many n\n", encoding="utf-8")
    with pytest.raises(RuleError, match=rf"^{path}:2: a jieba dictionary line"):
        load_rules([user_rules])


def test_missing_user_dir_is_an_error(tmp_path):
    with pytest.raises(RuleError, match="rules directory not found"):
        load_rules([tmp_path / "nope"])


def test_run_stops_before_processing_on_a_bad_rule_file(user_rules, tmp_path, capsys):
    write(user_rules, "dates.yaml", """
        rules:
          - id: dates.user_bad
            description: bad regex
            pattern: '(?P<year>[0-9]{4}年'
            examples: [{text: 2021年, expect: []}]
        """)
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("2021年，集群产值增长。", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["run", str(inputs), "-o", str(out), "--rules", str(user_rules)])
    assert code == 2
    assert "dates.yaml:2: rule dates.user_bad: bad pattern" in capsys.readouterr().err
    assert not out.exists()  # nothing processed, nothing half-written


def test_a_bad_gazetteer_stops_the_run_before_any_article(user_rules, tmp_path, capsys):
    """Component-level rule data (the cluster gazetteer) is checked at load time too."""
    (user_rules / "clusters_gazetteer.yaml").write_text(
        "clusters:\n  - canonical: 滨江光电集群\n    aliasez: [光电谷]\n", encoding="utf-8")
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("2021年，滨江光电集群产值增长百分之十二，新增企业三十家。", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(inputs), "-o", str(out), "--rules", str(user_rules)]) == 2
    err = capsys.readouterr().err
    assert "clusters_gazetteer.yaml:3: gazetteer entry 滨江光电集群: unknown key(s) aliasez (did you mean aliases?)" in err
    assert not out.exists()


def test_a_misspelt_rule_option_value_is_an_error(user_rules):
    # speaker_from: subjekt would otherwise make a plain quote rule without anyone noticing.
    path = write(user_rules, "quotes.yaml", """
        rules:
          - id: quotes.user_subject
            description: the clause's subject speaks
            pattern: '(?P<speaker>[^，。]{1,10})：“(?P<quote>[^”]+)”'
            speaker_from: subjekt
            examples: [{text: 王强说：“好。”, expect: []}]
        """)
    with pytest.raises(RuleError) as err:
        load_rules([user_rules])
    message = str(err.value)
    assert message.startswith(f"{path}:2:"), message
    assert "rule quotes.user_subject: `speaker_from` must be one of previous | context | subject | issuer, got 'subjekt'" in message


NESTED_REPEAT_RULE = """
rules:
  - id: figures.user_runaway
    description: a pattern that backtracks without end on a long run of a
    pattern: '(a+)+$'
    examples:
      - text: aaa
        expect: []
"""


def test_a_pattern_that_can_backtrack_without_end_is_refused_with_file_and_line(user_rules):
    write(user_rules, "figures.yaml", NESTED_REPEAT_RULE)
    with pytest.raises(RuleError) as e:
        load_rules([user_rules])
    assert f"{user_rules / 'figures.yaml'}:2: rule figures.user_runaway: bad pattern" in str(e.value)
    assert "(a+)+" in str(e.value)


def test_a_regex_error_is_placed_in_the_pattern_as_written(user_rules):
    # {arabic} expands to a long alternation: the position must be in the text the analyst wrote.
    write(user_rules, "figures.yaml", NESTED_REPEAT_RULE.replace("'(a+)+$'", "'(?P<number>{arabic})(?P<unit>打'"))
    with pytest.raises(RuleError) as e:
        load_rules([user_rules])
    assert "at position 20 of the pattern" in str(e.value)
