"""Site profiles: every profile's own examples, validation errors, and fallback to the generic path."""
from pathlib import Path

import pytest

from pipeline.clean import clean_page
from pipeline.clean.dom import parse_html
from pipeline.clean.profile_examples import example_failures
from pipeline.clean.site_profiles import (
    ProfileError,
    default_profiles,
    load_profiles,
    profile_for,
)

PORTALS = {"163.com", "sina.com.cn", "qq.com", "sohu.com", "ifeng.com", "thepaper.cn", "people.com.cn",
           "xinhuanet.com", "toutiao.com", "baijiahao.baidu.com"}
EXAMPLES = [(p, ex) for p in default_profiles() for ex in p.examples]


def test_every_portal_has_a_profile_with_examples():
    hosts = {h for p in default_profiles() for h in p.hosts}
    assert PORTALS <= hosts
    assert all(p.examples and p.description for p in default_profiles())


@pytest.mark.parametrize("profile, example", EXAMPLES, ids=[f"{p.id}:{ex['line']}" for p, ex in EXAMPLES])
def test_profile_examples(profile, example):
    assert example_failures(profile, example) == []


def test_profile_example_failures_are_reported():
    profile = default_profiles()[0]
    wrong = {**profile.examples[0], "body": "不是这个正文", "title": "不是这个标题"}
    failures = example_failures(profile, wrong)
    assert any(f.startswith("body: expected '不是这个正文'") for f in failures)
    assert any(f.startswith("title: expected '不是这个标题'") for f in failures)


def test_profile_detected_without_url_from_template():
    netease = next(p for p in default_profiles() if p.id == "netease-post")
    html = netease.examples[0]["html"] + "<!-- https://www.163.com/ -->"
    assert clean_page(html.encode(), "html").extractor == "profile:netease-post"


def test_stale_profile_falls_back_to_generic():
    # A 163.com page whose template changed: none of the profile's body selectors match.
    html = """<html><body><h1>改版后的页面</h1><main class="new-layout">
    <p>网站改版以后，正文换到了新的容器里，旧的选择器已经找不到它。</p>
    <p>通用提取器应当接手，仍然返回完整的正文内容。</p></main></body></html>"""
    page = clean_page(html.encode(), "html", url="https://www.163.com/dy/article/X.html")
    assert page.extractor == "generic"
    assert "旧的选择器已经找不到它" in page.body and "仍然返回完整的正文内容" in page.body


def test_host_matching_includes_subdomains_only():
    root = parse_html("<html><body><p>x</p></body></html>")
    assert profile_for("https://news.sina.com.cn/c/x.shtml", root).id == "sina-article"
    assert profile_for("https://notsina.com.cn/x", root) is None


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """profiles:
  - id: example-site
    description: test
    hosts: [example.cn]
    body: ["div.article"]
"""


def test_unknown_key_is_reported_with_file_line_and_profile(tmp_path):
    write(tmp_path, "a.yaml", GOOD + "    bodyy: ['div.x']\n")
    with pytest.raises(ProfileError) as err:
        load_profiles(tmp_path)
    msg = str(err.value)
    assert "a.yaml:6" in msg and "example-site" in msg and "bodyy" in msg


def test_bad_selector_is_reported(tmp_path):
    write(tmp_path, "b.yaml", GOOD.replace('["div.article"]', '["div[[["]'))
    with pytest.raises(ProfileError) as err:
        load_profiles(tmp_path)
    assert "b.yaml:5" in str(err.value) and "example-site" in str(err.value) and "body" in str(err.value)


def test_bad_xpath_is_reported(tmp_path):
    write(tmp_path, "b.yaml", GOOD.replace('["div.article"]', '["//div[@class=\'x\'"]'))
    with pytest.raises(ProfileError, match="XPath"):
        load_profiles(tmp_path)


def test_duplicate_ids_across_files(tmp_path):
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "b.yaml", "# second file\n" + GOOD)
    with pytest.raises(ProfileError) as err:
        load_profiles(tmp_path)
    msg = str(err.value)
    assert "duplicate" in msg and "b.yaml:3" in msg and "a.yaml:2" in msg


def test_missing_required_key(tmp_path):
    write(tmp_path, "c.yaml", GOOD.replace('    body: ["div.article"]\n', ""))
    with pytest.raises(ProfileError, match="missing required key 'body'"):
        load_profiles(tmp_path)


def test_valid_file_loads(tmp_path):
    write(tmp_path, "a.yaml", GOOD)
    (profile,) = load_profiles(tmp_path)
    assert profile.id == "example-site" and profile.hosts == ["example.cn"] and profile.line == 2


def test_errors_use_the_shared_rule_error_format(tmp_path):
    from pipeline.rules import RuleError

    path = write(tmp_path, "a.yaml", GOOD + "    bodyy: ['div.x']\n")
    with pytest.raises(RuleError) as err:
        load_profiles(tmp_path)
    assert isinstance(err.value, ProfileError)
    assert err.value.line == 6 and err.value.rule_id == "example-site"
    assert str(err.value).startswith(f"{path}:6: rule example-site: unknown key(s) bodyy (did you mean body?)")


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    write(tmp_path, "bad.yaml", GOOD + "  - id: [unclosed\n")
    with pytest.raises(ProfileError) as err:
        load_profiles(tmp_path)
    assert "bad.yaml:" in str(err.value) and "YAML syntax" in str(err.value)


def test_unquoted_timestamp_in_example_stays_iso(tmp_path):
    write(tmp_path, "a.yaml", GOOD + """    examples:
      - html: "<div class='article'><p>一段足够长的正文内容，用来检查示例的读取。</p></div>"
        body: 一段足够长的正文内容，用来检查示例的读取。
        published_at: 2023-05-06T10:20:30
""")
    (profile,) = load_profiles(tmp_path)
    assert profile.examples[0]["published_at"] == "2023-05-06T10:20:30"
    assert profile.examples[0]["line"] == 7
