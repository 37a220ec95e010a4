"""User rules layered over the built-in ones change the output with no code change."""
from __future__ import annotations

import csv
from pathlib import Path

from pipeline.cli import main
from pipeline.extractors import load_rules

ARTICLE = "据统计，全省生猪出栏量达到6000万头以上，带动就业8000人，保障了市场供应。\n"

# The README's worked example: 头 is no built-in unit; a user rule adds the livestock construction.
LIVESTOCK_RULE = r"""
rules:
  - id: figures.user_livestock_head
    description: 头 counts livestock after 出栏/存栏/生猪… (头 alone is too ambiguous to be a built-in unit).
    pattern: '(?:出栏|存栏|饲养|生猪|肉牛|奶牛|养殖)[^，。；\n]{0,6}?(?P<number>{arabic}){mid}(?P<mult>{mult})?(?P<unit>头){after}'
    priority: 30
    examples:
      - text: 全省生猪出栏量达到6000万头以上，保障了市场供应。
        expect: [{text: 6000万头, value: 60000000, unit: 头, approx: more_than}]
      - text: 龙头企业带动作用明显。
        expect: []
"""


def figures_of(out_dir):
    with open(out_dir / "figures.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_user_rule_adds_records_to_newsx_run(tmp_path, user_rules):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "export.txt").write_text(ARTICLE, encoding="utf-8")

    assert main(["run", str(inputs), "-o", str(tmp_path / "before")]) == 0
    before = figures_of(tmp_path / "before")
    assert [(r["text"], r["unit"]) for r in before] == [("6000万", ""), ("8000人", "人")]

    (user_rules / "figures.yaml").write_text(LIVESTOCK_RULE, encoding="utf-8")
    assert main(["run", str(inputs), "-o", str(tmp_path / "after"), "--rules", str(user_rules)]) == 0
    after = figures_of(tmp_path / "after")
    head = [r for r in after if r["rule"] == "figures.user_livestock_head"]
    assert [(r["text"], r["value"], r["unit"], r["approx"]) for r in head] == [("6000万头", "60000000", "头", "more_than")]
    assert [r["text"] for r in after] == ["6000万头", "8000人"]


def test_user_rule_overrides_a_builtin_by_id(user_rules):
    builtin = load_rules().rule("figures.percent")
    (user_rules / "figures.yaml").write_text("""
rules:
  - id: figures.percent
    description: Percentages, replaced by a user version that only takes the full-width sign.
    pattern: '(?P<number>[0-9]+)(?P<unit>％)'
    examples:
      - text: 增长12％
        expect: [{value: 12, unit: ％}]
""", encoding="utf-8")
    layered = load_rules([user_rules])
    rule = layered.rule("figures.percent")
    assert rule.pattern != builtin.pattern and rule.path.startswith(str(user_rules))
    assert len([r for r in layered.rules("figures") if r.id == "figures.percent"]) == 1


def test_user_lexicon_extends_the_builtin_one(user_rules):
    (user_rules / "figures.yaml").write_text("lexicons:\n  classifier: [打]\n", encoding="utf-8")
    layered = load_rules([user_rules])
    assert "打" in layered.lexicon("figures", "classifier")
    assert "家" in layered.lexicon("figures", "classifier")
    from pipeline import extract

    texts = [f.text for f in extract("出口电动自行车3打，新增企业5家。", rules=layered).figures]
    assert "3打" in texts and "5家" in texts


def test_newsx_rules_env_var_layers_too(user_rules, monkeypatch):
    (user_rules / "figures.yaml").write_text(LIVESTOCK_RULE, encoding="utf-8")
    monkeypatch.setenv("NEWSX_RULES", str(user_rules))
    assert load_rules().rule("figures.user_livestock_head") is not None


def test_rules_version_changes_with_a_rule_file(user_rules):
    before = load_rules([user_rules]).version
    (user_rules / "figures.yaml").write_text(LIVESTOCK_RULE, encoding="utf-8")
    assert load_rules([user_rules]).version != before


SITE_PROFILE = r"""
profiles:
  - id: layer-example-article
    description: A site whose article sits in div.story-text, beside a longer reader-comment block.
    hosts: [news.layer.example]
    body: ["div.story-text"]
    title: ["h1"]
    examples:
      - url: https://news.layer.example/a/1.html
        html: |
          <html><body><h1>园区新增企业二十家</h1><div class="story-text"><p>园区今年新增企业二十家，产值稳步增长。</p><p>新落户项目主要集中在新材料和智能装备领域，预计明年陆续投产。</p></div>
          <div class="comments"><p>网友甲：这个园区我去过，环境很好，交通也方便，希望以后越来越好。</p>
          <p>网友乙：希望多招一些高新技术企业，带动周边就业和配套服务发展。</p></div></body></html>
        title: 园区新增企业二十家
        body: "园区今年新增企业二十家，产值稳步增长。\n新落户项目主要集中在新材料和智能装备领域，预计明年陆续投产。"
"""


def test_a_user_site_profile_is_layered_checked_and_used(tmp_path, user_rules, capsys):
    from pipeline.clean.site_profiles import site_profiles

    (user_rules / "sites").mkdir()
    (user_rules / "sites" / "layer.example.yaml").write_text(SITE_PROFILE, encoding="utf-8")
    layered = site_profiles(load_rules([user_rules]))
    assert "layer-example-article" in [p.id for p in layered]
    assert len(layered) == len(site_profiles(load_rules())) + 1     # the built-in ones stay

    assert main(["rules", "test", "--rules", str(user_rules)]) == 0
    assert "layer.example.yaml" in capsys.readouterr().out

    (user_rules / "sites" / "layer.example.yaml").write_text(SITE_PROFILE.replace("body: [", "bodi: ["),
                                                              encoding="utf-8")
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("园区今年新增企业二十家，产值稳步增长，带动就业一千人。", encoding="utf-8")
    assert main(["run", str(inputs), "-o", str(tmp_path / "out"), "--rules", str(user_rules)]) == 2
    assert "layer.example.yaml" in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_a_user_dictionary_word_stays_one_token(user_rules):
    from pipeline.extractors import load_rules
    from pipeline.extractors.extract import get_nlp

    text = "园区新建了一条固态锂电池极片生产线。"
    assert "固态锂电池极片" not in [t.text for t in get_nlp(load_rules()).make_doc(text)]
    (user_rules / "userdict.txt").write_text("# a product the analysts track\n固态锂电池极片 100 n\n", encoding="utf-8")
    rules = load_rules([user_rules])
    assert rules.userdict_words == [("固态锂电池极片", 100, "n")]
    assert "固态锂电池极片" in [t.text for t in get_nlp(rules).make_doc(text)]


def test_the_readme_worked_example_prints_what_it_promises_on_the_bundled_sample(tmp_path):
    """The README's steps, as written there: its rule file, its added page, the bundled sample, its grep line."""
    import re
    import shutil

    from pipeline.cli import main

    repo = Path(__file__).resolve().parents[2]
    readme = (repo / "README.md").read_text(encoding="utf-8")
    rule_file = re.search(r"```yaml\n# my_rules/figures\.yaml\n(.*?)```", readme, re.S).group(1)
    page = re.search(r"\$ printf '(.*?)' > raw_articles/livestock\.txt", readme).group(1)
    promised = re.search(r"\$ grep user_livestock extracted/figures\.csv\n(.*)\n", readme).group(1)
    (tmp_path / "my_rules").mkdir()
    (tmp_path / "my_rules" / "figures.yaml").write_text(rule_file, encoding="utf-8")
    shutil.copytree(repo / "raw_articles", tmp_path / "raw_articles")
    (tmp_path / "raw_articles" / "livestock.txt").write_text(page.replace("\\n", "\n"), encoding="utf-8")
    out = tmp_path / "extracted"
    assert main(["run", str(tmp_path / "raw_articles"), "-o", str(out), "--rules", str(tmp_path / "my_rules"),
                 "-q"]) == 0
    lines = (out / "figures.csv").read_text(encoding="utf-8-sig").splitlines()
    assert promised in [line for line in lines if "user_livestock" in line]
