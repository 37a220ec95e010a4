"""A new kind of record is one rule file, one module and its tests: a toy extractor of company
names, added through its ExtractorSpec alone, shows in `newsx run`'s companies.csv, in
`newsx rules test`, in the review page (its data and, in Chromium, its highlights and table) and
in `newsx eval` (its scorer's line). Nothing else in newsx names the kind.

The module is this file: the record, the rule schema, the spaCy component and the spec.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import NO_CHROMIUM, chromium_available, console_errors, open_review_page, start_chromium
from spacy.language import Language

from pipeline.cli import main
from pipeline.extractors import load_rules_at, register, unregister
from pipeline.extractors.scoring import Scorer, norm
from pipeline.extractors.spec import ExtractorSpec, MarkField, ReviewView
from pipeline.records import columns
from pipeline.rules import KindSchema, built_from

# ---------------------------------------------------------------- the toy extractor's module

@dataclass
class CompanyRecord:
    name: str                 # as written: 星河电子有限公司
    form: str                 # the legal form the name ends with: 有限公司 | 集团
    start: int
    end: int
    rule: str


class CompanyExtractor:
    """Company names: each rule's `name` group, its form the name's last word."""

    def __init__(self, rules):
        self.rules = rules.rules("companies")

    def __call__(self, doc):
        for rule in self.rules:
            for m in rule.regex.finditer(doc.text):
                name = m.group("name")
                form = next(f for f in rule.options["forms"] if name.endswith(f))
                doc._.records["companies"].append(CompanyRecord(name, form, m.start("name"), m.end("name"), rule.id))
        return doc


@Language.factory("toy_companies", default_config={"rules_dirs": []})
def make_company_extractor(nlp: Language, name: str, rules_dirs: list[str]) -> CompanyExtractor:
    return built_from(CompanyExtractor, load_rules_at(rules_dirs))


def _check(rules):
    return built_from(CompanyExtractor, rules)


COMPANIES = ExtractorSpec(
    kind="companies",
    record_type=CompanyRecord,
    rule_schema=KindSchema(kind="companies", record_fields=set(columns(CompanyRecord)), rule_keys={"forms"},
                           check=_check),
    components=("toy_companies",),
    component_module=__name__,
    order=50,
    scorers=(Scorer("companies", ok=lambda g, p: norm(g["name"]) == norm(p.get("name")), detail=lambda g: g["name"]),),
    review=ReviewView(head="name", color="#ffd6cc", edge="#d9480f", summary=("form",),
                      mark_fields=(MarkField("form", choices=("有限公司", "集团")),), suggest="有限公司$|集团$"),
)

RULE_FILE = """\
description: Company names (a toy kind for the tests).
lexicons:
  forms: [有限公司, 集团]
rules:
  - id: companies.named
    description: Two to eight Chinese characters ending in a legal form, after punctuation or a line start.
    pattern: '(?:^|(?<=[，。：；\\n]))(?P<name>[\\u4e00-\\u9fff]{2,8}?{forms})'
    forms: [有限公司, 集团]
    examples:
      - text: 据悉，星河电子有限公司今年扩产。
        expect: [{name: 星河电子有限公司, form: 有限公司}]
      - text: 会上，远山集团发布新品。
        expect: [{name: 远山集团, form: 集团}]
      - text: 有限公司的数量没有变化。
        expect: []
"""

ARTICLES = {
    "toy-one.txt": "远山集团扩建新厂\n据悉，星河电子有限公司今年扩产，产值增长12%。\n会上，远山集团发布新品。\n",
    "toy-two.txt": "园区企业座谈会召开\n会上，青松制造集团介绍了经验。2023年，园区新增企业86家。\n",
}


# ---------------------------------------------------------------- the tests

@pytest.fixture(scope="module")
def companies(tmp_path_factory):
    """The kind registered with a rules folder holding companies.yaml; unregistered after."""
    rules = tmp_path_factory.mktemp("toy_rules")
    (rules / "companies.yaml").write_text(RULE_FILE, encoding="utf-8")
    register(COMPANIES)
    try:
        yield rules
    finally:
        unregister("companies")


@pytest.fixture(scope="module")
def extracted(companies, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("toy_run")
    for name, text in ARTICLES.items():
        (root / "in").mkdir(exist_ok=True)
        (root / "in" / name).write_text(text, encoding="utf-8")
    assert main(["run", str(root / "in"), "-o", str(root / "extracted"), "--rules", str(companies)]) == 0
    return root / "extracted"


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_its_records_are_in_companies_csv(extracted):
    rows = read_rows(extracted / "companies.csv")
    assert list(rows[0]) == ["article_id", *columns(CompanyRecord)]
    found = [(r["article_id"], r["name"], r["form"], r["rule"]) for r in rows]
    assert found == [("toy-one", "星河电子有限公司", "有限公司", "companies.named"),
                     ("toy-one", "远山集团", "集团", "companies.named"),
                     ("toy-two", "青松制造集团", "集团", "companies.named")]
    body = json.loads((extracted / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0])["body"]
    for r in rows[:2]:
        assert body[int(r["start"]):int(r["end"])] == r["name"]
    # The built-in kinds run beside it, as before.
    assert any(r["text"] == "12%" for r in read_rows(extracted / "figures.csv"))


def test_its_rule_examples_run_with_the_others(companies, capsys):
    assert main(["rules", "test", "--rules", str(companies)]) == 0
    assert "companies.named" not in capsys.readouterr().out.replace("passed", "")  # no failure names it
    (companies.parent / "bad_rules").mkdir(exist_ok=True)
    bad = companies.parent / "bad_rules" / "companies.yaml"
    bad.write_text(RULE_FILE.replace("expect: [{name: 远山集团, form: 集团}]", "expect: [{name: 远山}]"), encoding="utf-8")
    assert main(["rules", "test", "--rules", str(bad.parent)]) == 1
    assert "companies.named" in capsys.readouterr().out


def test_the_review_page_data_has_it(extracted):
    from pipeline.review.page import review_data

    data = review_data(extracted)
    assert list(data["kinds"]) == ["clusters", "figures", "dates", "quotes", "companies"]
    kind = data["kinds"]["companies"]
    assert kind["columns"] == columns(CompanyRecord)
    assert [row[1] for row in kind["rows"]] == ["星河电子有限公司", "远山集团", "青松制造集团"]
    assert kind["view"]["head"] == "name" and kind["view"]["color"] == "#ffd6cc"
    assert kind["view"]["mark_fields"] == [{"name": "form", "label": "form", "placeholder": "", "column": "form",
                                            "choices": ["有限公司", "集团"]}]
    assert "form" in data["mark_columns"]


@pytest.mark.skipif(not chromium_available(), reason=NO_CHROMIUM)
def test_the_review_page_shows_it(extracted, tmp_path):
    from selenium.webdriver.common.by import By

    page = tmp_path / "review.html"
    assert main(["review", str(extracted), "-o", str(page)]) == 0
    for browser in start_chromium():
        open_review_page(browser, page)
        assert console_errors(browser) == []
        assert browser.find_element(By.ID, "stat-companies").text.split()[-1] == "3"
        browser.execute_script("newsxReview.openArticle(arguments[0])", 0)
        spans = browser.find_elements(By.CSS_SELECTOR, '#article-body [data-recs~="companies:0"]')
        assert "".join(s.text for s in spans) == "星河电子有限公司"
        assert spans[0].value_of_css_property("background-color") == "rgba(255, 214, 204, 1)"
        assert "form 有限公司" in spans[0].get_attribute("title")
        browser.find_element(By.CSS_SELECTOR, "nav.tabs [data-view=tables]").click()
        browser.find_element(By.CSS_SELECTOR, '#kind-tabs [data-kind="companies"]').click()
        table = browser.find_element(By.CSS_SELECTOR, "#table-wrap table")
        assert table.get_attribute("data-kind") == "companies"
        heads = [th.get_attribute("data-col") for th in table.find_elements(By.CSS_SELECTOR, "th[data-col]")]
        assert heads == ["article_id", *columns(CompanyRecord)]
        names = [tr.find_elements(By.TAG_NAME, "td")[1].text for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
        assert names == ["星河电子有限公司", "远山集团", "青松制造集团"]
        # Selecting a company name offers the kind, with its own mark field.
        browser.execute_script("newsxReview.openArticle(arguments[0]); newsxReview.openMissingForm(arguments[1], arguments[2])",
                               0, 3, 11)
        form = browser.find_element(By.ID, "missing-form")
        assert form.find_element(By.NAME, "kind").get_attribute("value") == "companies"
        assert form.find_element(By.NAME, "form").is_displayed()
        assert not form.find_element(By.NAME, "unit").is_displayed()


def test_newsx_eval_scores_it(extracted, tmp_path, capsys):
    gold = tmp_path / "gold"
    gold.mkdir()
    for article_id, names in (("toy-one", ["星河电子有限公司", "白桦集团", "远山集团"]), ("toy-two", ["青松制造集团"])):
        (gold / f"{article_id}.gold.json").write_text(json.dumps(
            {"id": article_id, "body": "", "companies": [{"name": n} for n in names]}, ensure_ascii=False),
            encoding="utf-8")
    capsys.readouterr()
    assert main(["eval", "--gold", str(gold), str(extracted)]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("companies"))
    assert re.sub(r"\s+", " ", line) == "companies P=1.000 R=0.750 F1=0.857 (3 right, 3 found, 4 in gold)"


def test_after_unregistering_nothing_names_it(companies, tmp_path, capsys):
    unregister("companies")
    try:
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / "a.txt").write_text(ARTICLES["toy-one.txt"], encoding="utf-8")
        assert main(["run", str(tmp_path / "in"), "-o", str(tmp_path / "out")]) == 0
        assert not (tmp_path / "out" / "companies.csv").exists()
        # Its rule file, now read by no extractor, is refused rather than silently ignored.
        assert main(["run", str(tmp_path / "in"), "-o", str(tmp_path / "out2"), "--rules", str(companies)]) == 2
        assert f"{companies / 'companies.yaml'}: unknown file in a rules folder" in capsys.readouterr().err
    finally:
        register(COMPANIES)



def test_review_marks_make_its_gold(extracted, tmp_path):
    from pipeline.review.evaluate import make_gold, mark_columns

    marks = tmp_path / "marks.csv"
    with open(marks, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=mark_columns(), restval="")
        writer.writeheader()
        writer.writerow({"article_id": "toy-one", "mark": "wrong", "kind": "companies", "start": 28, "end": 32,
                         "text": "远山集团", "rule": "companies.named"})
        writer.writerow({"article_id": "toy-one", "mark": "missing", "kind": "companies", "start": 3, "end": 7,
                         "text": "星河电子", "form": "有限公司"})
    (path,) = make_gold(marks, extracted, tmp_path / "gold")
    gold = json.loads(path.read_text(encoding="utf-8"))
    assert gold["companies"] == [{"name": "星河电子有限公司", "form": "有限公司"}, {"name": "星河电子", "form": "有限公司"}]
    assert any(f["text"] == "12%" for f in gold["figures"])     # the built-in kinds' gold as before
