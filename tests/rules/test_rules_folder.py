"""Nothing in a rules folder is silently ignored: every file, folder and key is used or refused
by name with the closest known one; a built-in rule replaced by a user rule is listed."""
from __future__ import annotations

import textwrap

import pytest

from pipeline.cli import main
from pipeline.extractors import load_rules
from pipeline.rules import RuleError

DOZEN_RULE = """
rules:
  - id: figures.user_dozen
    description: 打 (a dozen) as a unit.
    pattern: '(?P<number>[0-9]+)(?P<unit>打)'
    examples:
      - text: 采购鸡蛋3打。
        expect: [{text: 3打, value: 3, unit: 打}]
"""

SITE_PROFILE = """
profiles:
  - id: folder-example
    description: A site whose article sits in div.story.
    hosts: [news.folder.example]
    body: ["div.story"]
"""


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def refusal(rules_dir) -> str:
    with pytest.raises(RuleError) as err:
        load_rules([rules_dir])
    return str(err.value)


def one_article(tmp_path):
    inputs = tmp_path / "in"
    write(inputs / "a.txt", "园区今年新增企业二十家，产值增长12%，带动就业一千人。\n")
    return inputs


def test_a_rule_file_with_the_yml_extension_is_refused_by_rules_test_and_run(tmp_path, user_rules, capsys):
    path = write(user_rules / "figures.yml", DOZEN_RULE)
    assert main(["rules", "test", "--rules", str(user_rules)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: unknown file in a rules folder (did you mean figures.yaml?)" in err
    out = tmp_path / "out"
    assert main(["run", str(one_article(tmp_path)), "-o", str(out), "--rules", str(user_rules)]) == 2
    assert "(did you mean figures.yaml?)" in capsys.readouterr().err and not out.exists()

    path.rename(user_rules / "figures.yaml")          # the name it meant: used
    assert load_rules([user_rules]).rule("figures.user_dozen") is not None


def test_a_site_folder_instead_of_sites_is_refused(tmp_path, user_rules, capsys):
    write(user_rules / "site" / "folder.example.yaml", SITE_PROFILE)
    assert f"{user_rules / 'site'}: unknown folder in a rules folder (did you mean sites?)" in refusal(user_rules)
    out = tmp_path / "out"
    assert main(["run", str(one_article(tmp_path)), "-o", str(out), "--rules", str(user_rules)]) == 2
    assert "(did you mean sites?)" in capsys.readouterr().err and not out.exists()


def test_a_file_in_sites_that_is_no_profile_is_refused(user_rules):
    path = write(user_rules / "sites" / "folder.example.json", "{}")
    assert refusal(user_rules).startswith(f"{path}: not read: the sites/ folder holds site profiles")


def test_a_misspelt_lexicon_name_is_refused_at_its_line(user_rules):
    path = write(user_rules / "figures.yaml", """
        description: units the analysts track
        lexicons:
          classifier: [箱]
          classifer: [打]
        """)
    message = refusal(user_rules)
    assert message.startswith(f"{path}:4: unknown lexicon 'classifer'"), message
    assert message.endswith("(did you mean classifier?)")


def test_a_misspelt_speech_verb_lexicon_is_refused(user_rules, capsys):
    path = write(user_rules / "quotes.yaml", """
        lexicons:
          speach_verbs: [叮嘱道]
        """)
    assert main(["rules", "test", "--rules", str(user_rules)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:2: unknown lexicon 'speach_verbs'" in err and "(did you mean speech_verbs?)" in err


def test_a_lexicon_of_another_kind_says_which_file_it_goes_in(user_rules):
    write(user_rules / "figures.yaml", "lexicons:\n  speech_verbs: [叮嘱道]\n")
    assert "(speech_verbs is a quotes lexicon: it goes in quotes.yaml)" in refusal(user_rules)


def test_a_new_lexicon_or_fragment_a_user_pattern_uses_is_accepted(user_rules):
    write(user_rules / "figures.yaml", """
        lexicons:
          egg_units: [打, 箩]
        fragments:
          egg_number: '[0-9]+'
        rules:
          - id: figures.user_eggs
            description: eggs counted by the dozen or the basket
            pattern: '(?P<number>{egg_number})(?P<unit>{egg_units})'
            examples:
              - text: 采购鸡蛋3箩。
                expect: [{text: 3箩, value: 3, unit: 箩}]
        """)
    rules = load_rules([user_rules])
    assert rules.lexicon("figures", "egg_units") == ["打", "箩"] and rules.rule("figures.user_eggs") is not None


def test_an_unused_new_fragment_is_refused(user_rules):
    path = write(user_rules / "dates.yaml", "fragments:\n  yaer: '[0-9]{4}'\n")
    message = refusal(user_rules)
    assert message.startswith(f"{path}:2: unknown fragment 'yaer'") and "(did you mean year" in message


def test_a_misspelt_key_inside_a_rule_is_refused_at_its_line(user_rules, capsys):
    path = write(user_rules / "quotes.yaml", """
        rules:
          - id: quotes.user_subject
            description: the clause's subject speaks
            pattern: '(?P<speaker>[^，。]{1,10})：“(?P<quote>[^”]+)”'
            speaker_form: subject
            examples: [{text: 王强说：“好。”, expect: []}]
        """)
    assert main(["rules", "test", "--rules", str(user_rules)]) == 2
    assert (f"{path}:5: rule quotes.user_subject: unknown key(s) speaker_form (did you mean speaker_from?)"
            in capsys.readouterr().err)


def test_a_misspelt_key_inside_an_example_is_refused_at_its_line(user_rules):
    path = write(user_rules / "figures.yaml", DOZEN_RULE.replace("        expect:", "        expcet:"))
    message = refusal(user_rules)
    assert message.startswith(f"{path}:7: rule figures.user_dozen: unknown example key(s) expcet "
                              "(did you mean expect?)"), message


def test_a_misspelt_key_in_a_site_profile_says_what_it_meant(user_rules):
    path = write(user_rules / "sites" / "folder.example.yaml", SITE_PROFILE.replace("    body:", "    bodi:"))
    from pipeline.clean.site_profiles import site_profiles

    with pytest.raises(RuleError) as err:
        site_profiles(load_rules([user_rules]))
    assert str(err.value).startswith(f"{path}:5: rule folder-example: unknown key(s) bodi (did you mean body?)")


def test_a_scrape_file_in_a_user_folder_is_refused(user_rules):
    path = write(user_rules / "scrape.yaml", "sites: []\n")
    assert refusal(user_rules).startswith(f"{path}: not read: scrape.yaml")


def test_documentation_hidden_files_and_backups_are_left_alone(user_rules):
    write(user_rules / "README.md", "Our rules: the dozen unit.\n")
    write(user_rules / "NOTES.md", "To do: baskets.\n")
    write(user_rules / ".git" / "HEAD", "ref: refs/heads/main\n")
    write(user_rules / "figures.yaml~", "an editor's backup\n")
    write(user_rules / "figures.yaml", DOZEN_RULE)
    write(user_rules / "sites" / "README", "one profile per site\n")
    write(user_rules / "sites" / "folder.example.yaml", SITE_PROFILE)
    assert load_rules([user_rules]).rule("figures.user_dozen") is not None


REPLACED_PERCENT = """
rules:
  - id: figures.percent
    description: Percentages, replaced by a user version that only takes the full-width sign.
    pattern: '(?P<number>[0-9]+)(?P<unit>[%％])'
    examples:
      - text: 增长12％
        expect: [{text: 12％, value: 12, unit: "%"}]
"""


def test_a_replaced_builtin_rule_is_listed_by_run_and_rules_test(tmp_path, user_rules, capsys):
    path = write(user_rules / "figures.yaml", REPLACED_PERCENT)
    assert load_rules([user_rules]).replaced == [("figures.percent", f"{path}:2")]
    assert load_rules().replaced == []

    assert main(["run", str(one_article(tmp_path)), "-o", str(tmp_path / "out"), "--rules", str(user_rules)]) == 0
    out = capsys.readouterr().out
    assert f"replaced built-in rules: figures.percent (from {path}:2)" in out.splitlines()
    assert main(["rules", "test", str(path), "--rules", str(user_rules)]) == 0
    assert f"replaced built-in rules: figures.percent (from {path}:2)" in capsys.readouterr().out.splitlines()

    assert main(["run", str(one_article(tmp_path)), "-o", str(tmp_path / "plain")]) == 0
    assert "replaced built-in rules" not in capsys.readouterr().out


def test_a_misspelt_key_of_an_entity_pattern_is_refused_at_its_line(user_rules):
    path = write(user_rules / "entities.jsonl", '{"label": "ORG", "pattern": "长鑫存储"}\n'
                                                '{"lable": "ORG", "pattern": "星河电子"}\n')
    assert refusal(user_rules).startswith(f"{path}:2: unknown key(s) lable (did you mean label?)")


def test_the_gazetteer_files_are_read_in_a_user_folder(user_rules):
    from pipeline.extractors.clusters.gazetteer import GAZETTEER_FILE, GAZETTEER_LINES_FILE, load_gazetteer

    write(user_rules / GAZETTEER_FILE, "clusters:\n  - canonical: 滨江光电集群\n    aliases: [光电谷]\n")
    write(user_rules / GAZETTEER_LINES_FILE, '{"canonical": "江南芯城", "aliases": ["芯城"]}\n')
    names = [e.canonical for e in load_gazetteer(load_rules([user_rules]))]
    assert "滨江光电集群" in names and "江南芯城" in names
