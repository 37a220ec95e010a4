"""The regex cache (pipeline/regex_cache.py) changes nothing: a pattern rebuilt from the cache file is the
one re.compile makes, and any trouble with the file or the interpreter falls back to re.compile."""
from __future__ import annotations

import marshal
import re
import zlib

import pytest

from pipeline.speedups import regex_cache
from pipeline.speedups.regex_cache import cache_path, compile_regex, save

SENTENCES = [
    "江苏省苏州市工业园区的生物医药产业集群2023年产值突破1200亿元。",
    "市工信局局长王建国在发布会上表示：“明年将继续扶持中小企业。”",
    "今年前三季度，全市规模以上工业增加值同比增长8.2%，高于全省平均水平。",
    "6月30日，浙江宁波、广东深圳和四川成都的集群入选国家先进制造业集群名单。",
    "",
]


def new_process() -> None:
    """Forget what this process compiled or read, as a new `newsx run` starts."""
    regex_cache._stored, regex_cache._used, regex_cache._unsaved = None, {}, False


def same_pattern(ours: re.Pattern, fresh: re.Pattern, texts: list[str]) -> None:
    assert ours == fresh          # same pattern, flags and compiled code
    assert (ours.pattern, ours.flags, ours.groups, ours.groupindex) == \
        (fresh.pattern, fresh.flags, fresh.groups, fresh.groupindex)
    for text in texts:
        assert [(m.span(), m.groups()) for m in ours.finditer(text)] == \
            [(m.span(), m.groups()) for m in fresh.finditer(text)]


def count_compiles(monkeypatch) -> list:
    calls = []
    real = regex_cache._compile_args

    def counted(pattern, flags):
        calls.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(regex_cache, "_compile_args", counted)
    return calls


@pytest.fixture(scope="module")
def rule_patterns() -> list[str]:
    from pipeline.extractors import load_rules

    return [r.regex.pattern for r in load_rules().all_rules() if r.regex is not None]


def test_rule_patterns_from_the_cache_are_freshly_compiled_ones(regex_cache_dir, rule_patterns, monkeypatch):
    from pipeline.extractors import load_rules

    texts = SENTENCES + [ex.text for r in load_rules().all_rules() for ex in r.examples]
    for pattern in rule_patterns:
        compile_regex(pattern)
    save()
    assert cache_path().parent == regex_cache_dir and cache_path().exists()

    new_process()
    compiles = count_compiles(monkeypatch)
    for pattern in rule_patterns:
        same_pattern(compile_regex(pattern), re.compile(pattern), texts)
    assert compiles == []          # every one came from the file


def test_flags_and_bytes_patterns(regex_cache_dir):
    cases = [("(?P<a>集群)|(?P<b>[A-Z]+)", re.I | re.M), (r"(?x) \d+ (?:亿|万)? 元", 0),
             (rb"(?P<n>\d+)\s*kg", re.I), (r"^\w+$", re.A)]
    texts = SENTENCES + ["ABC abc 12 亿元\n集群 x"]
    for pattern, flags in cases:
        compile_regex(pattern, flags)
    save()
    new_process()
    for pattern, flags in cases:
        ours, fresh = compile_regex(pattern, flags), re.compile(pattern, flags)
        same_pattern(ours, fresh, [t.encode() for t in texts] if isinstance(pattern, bytes) else texts)


def test_a_bad_pattern_raises_as_re_compile_does(regex_cache_dir):
    with pytest.raises(re.error) as ours:
        compile_regex("(?P<place>上海|北京")
    with pytest.raises(re.error) as fresh:
        re.compile("(?P<place>上海|北京")
    assert str(ours.value) == str(fresh.value)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "other_python", "not_entries", "hand_made",
                                    "previous_format"])
def test_a_damaged_or_foreign_file_falls_back(regex_cache_dir, damage):
    pattern = "(?P<city>苏州|无锡|常州)市"
    compile_regex(pattern)
    save()
    data = cache_path().read_bytes()
    if damage == "garbage":
        data = b"\x00not marshal at all"
    elif damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "flipped":
        data = data[:-20] + bytes([data[-20] ^ 0xFF]) + data[-19:]
    elif damage == "other_python":
        # A file that claims another Python, holding another pattern's code under this key.
        other = regex_cache._compile_args("(?P<city>杭州)市", 0)
        entries = marshal.dumps({(pattern, 0): other})
        data = regex_cache._file_bytes("cpython-399-other", zlib.crc32(entries), entries)
    elif damage == "hand_made":
        # This Python's name and a checksum that matches, holding another pattern's code under
        # this key: it used to be read, and 杭州市 matched where 苏州市 should.
        other = regex_cache._compile_args("(?P<city>杭州)市", 0)
        entries = marshal.dumps({(pattern, 0): other})
        data = regex_cache._file_bytes(regex_cache._PYTHON, zlib.crc32(entries), entries)
    elif damage == "previous_format":
        # The layout before the header (one marshal of the three parts), sealed right: a miss.
        made_by, seal, entries = regex_cache._file_parts(data)
        data = marshal.dumps((made_by, seal, bytes(entries)))
    else:
        entries = marshal.dumps([1, 2, 3])
        data = regex_cache._file_bytes(regex_cache._PYTHON, zlib.crc32(entries), entries)
    cache_path().write_bytes(data)

    new_process()
    same_pattern(compile_regex(pattern), re.compile(pattern), ["在苏州市和杭州市", "常州市"])
    save()                          # and the file is made good again
    new_process()
    assert (pattern, 0) in regex_cache._read_cache()


def test_internals_that_changed_fall_back(regex_cache_dir, monkeypatch):
    def broken(pattern, args):
        raise TypeError("_sre.compile() takes other arguments now")

    monkeypatch.setattr(regex_cache, "_build", broken)
    pattern = "(?P<n>\\d+)亿元"
    same_pattern(compile_regex(pattern), re.compile(pattern), SENTENCES)


def test_an_unwritable_folder_is_no_error(tmp_path, regex_cache_dir, monkeypatch):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NEWSX_CACHE_DIR", str(blocker / "cache"))
    pattern = "集群(?P<n>\\d+)"
    same_pattern(compile_regex(pattern), re.compile(pattern), SENTENCES)
    save()                          # silently nothing
    assert not (blocker / "cache").exists()


def test_entries_left_behind_go_once_they_outnumber_the_used_ones(regex_cache_dir, monkeypatch):
    for pattern in ("甲+", "乙+", "丙+", "丁+"):
        compile_regex(pattern)
    save()
    new_process()
    compiles = count_compiles(monkeypatch)
    compile_regex("甲+")           # from the file
    compile_regex("戊+")           # new: compiled, and the file rewritten without 乙+ 丙+ 丁+ (3 unused, 2 used)
    assert compiles == ["戊+"]
    save()
    new_process()
    assert set(regex_cache._read_cache()) == {("甲+", 0), ("戊+", 0)}


def test_a_save_before_the_last_regexes_are_built_keeps_them(regex_cache_dir, monkeypatch):
    """A start-up saves once the rules are loaded, before the pipeline's components compile theirs:
    the file keeps those (fewer than the used ones), so the next start-up finds them."""
    rule_regexes, component_regexes = ["甲+", "乙+", "丙+"], ["丁+", "戊+"]
    for pattern in rule_regexes + component_regexes:
        compile_regex(pattern)
    save()
    new_process()
    for pattern in rule_regexes:
        compile_regex(pattern)
    compile_regex("己+")                       # a rule edited: a miss, then the save after loading
    save()
    new_process()
    compiles = count_compiles(monkeypatch)
    for pattern in rule_regexes + component_regexes + ["己+"]:
        compile_regex(pattern)
    assert compiles == []


def test_a_lexicon_in_another_order_is_the_same_key():
    from pipeline.speedups.pattern_compiler import words_digest

    assert words_digest(("主任", "局长", "董事长")) == words_digest(("董事长", "主任", "局长", "主任"))
    assert words_digest(("主任", "局长")) != words_digest(("主任", "局长", "董事长"))


def test_no_write_when_nothing_was_missing(regex_cache_dir):
    compile_regex("丁+")
    save()
    stamp = cache_path().stat().st_mtime_ns
    new_process()
    compile_regex("丁+")
    save()
    assert cache_path().stat().st_mtime_ns == stamp


def test_the_cache_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSX_CACHE_DIR", str(tmp_path / "a"))
    assert regex_cache.cache_dir() == tmp_path / "a"
    monkeypatch.delenv("NEWSX_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert regex_cache.cache_dir() == tmp_path / "xdg" / "newsx"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert regex_cache.cache_dir() == tmp_path / "home" / ".cache" / "newsx"


# --- results derived from pattern text, kept in the same file (`remembered`) -----------------

def test_a_remembered_result_comes_from_the_file_in_the_next_process(regex_cache_dir):
    calls = []

    def compute():
        calls.append(1)
        return ("集群", frozenset({"省", "市"}), None)

    assert regex_cache.remembered("test", ("甲",), compute, __file__) == ("集群", frozenset({"省", "市"}), None)
    save()
    new_process()
    assert regex_cache.remembered("test", ("甲",), compute, __file__) == ("集群", frozenset({"省", "市"}), None)
    assert regex_cache.remembered("test", ("乙",), compute, __file__) == ("集群", frozenset({"省", "市"}), None)
    assert len(calls) == 2          # 甲 once, then only the new key 乙


def test_a_remembered_result_is_computed_again_when_its_code_changes(regex_cache_dir, tmp_path):
    code = tmp_path / "deriving.py"
    code.write_text("VERSION = 1\n")
    assert regex_cache.remembered("test", ("甲",), lambda: "old result", str(code)) == "old result"
    save()
    new_process()
    code.write_text("VERSION = 2\n")
    regex_cache._code_digest.cache_clear()
    assert regex_cache.remembered("test", ("甲",), lambda: "new result", str(code)) == "new result"
    regex_cache._code_digest.cache_clear()


def test_nothing_is_remembered_on_the_plain_path(regex_cache_dir, monkeypatch):
    monkeypatch.setenv("NEWSX_PLAIN", "1")
    results = iter(["first", "second"])
    assert regex_cache.remembered("test", ("甲",), lambda: next(results), __file__) == "first"
    assert regex_cache.remembered("test", ("甲",), lambda: next(results), __file__) == "second"


def test_fast_forms_from_the_file_are_the_compilers(regex_cache_dir, monkeypatch):
    """Every rule pattern's fast form, first text it requires and first characters, read back in a
    new process, are what the compiler and the gates make of it now; a lexicon that changes its words
    is a new key (a lexicon with an empty word lets the pattern start with what follows it)."""
    from pipeline.extractors import load_rules
    from pipeline.rules.patterns import expand_fragments
    from pipeline.speedups import pattern_compiler, regex_gates

    rules = load_rules()
    cases = [(expand_fragments(r.pattern, rules.lexicons[r.kind], rules.fragments[r.kind]), rules.lexicons[r.kind])
             for r in rules.all_rules() if r.pattern]
    for written, lexicons in cases:
        pattern_compiler.fast_form(written, lexicons)
    save()
    new_process()
    computed = []
    real = pattern_compiler._fast_form
    monkeypatch.setattr(pattern_compiler, "_fast_form", lambda *a: computed.append(a) or real(*a))
    for written, lexicons in cases:
        assert pattern_compiler.fast_form(written, lexicons) == real(written, lexicons, 0)
    assert computed == []
    regex_gates.RequiredText.of("等[0-9]+个集群")
    save()
    new_process()
    assert regex_gates.RequiredText.of("等[0-9]+个集群") == regex_gates.RequiredText(
        *(regex_gates._required("等[0-9]+个集群")[0], tuple(map(re.compile, regex_gates._required("等[0-9]+个集群")[1]))))

    assert pattern_compiler.first_chars("{place}集群", {"place": ["长沙", "株洲"]}) == {"长", "株"}
    assert pattern_compiler.first_chars("{place}集群", {"place": ["长沙", ""]}) == {"长", "集"}
    assert pattern_compiler.fast_form("(?<!第){place}集群", {"place": ["长沙", "株洲"]}) != \
        pattern_compiler.fast_form("(?<!第){place}集群", {"place": ["长沙", "株洲", "湘潭市"]})


def test_the_cluster_files_leave_the_links_regexes_for_the_next_run(regex_cache_dir, tmp_path, monkeypatch):
    """The cluster links' regexes are built after start-up's last save, when the files are written:
    they are saved then, so a run does not compile them again at its end."""
    from pipeline.batch.output import write_cluster_files
    from pipeline.extractors import load_rules
    from pipeline.extractors.clusters import links

    monkeypatch.setattr(links, "_LINKERS", {})
    write_cluster_files(tmp_path, lambda: [], lambda kind: [], load_rules(checked=False))
    new_process()
    monkeypatch.setattr(links, "_LINKERS", {})
    compiles = count_compiles(monkeypatch)
    write_cluster_files(tmp_path, lambda: [], lambda kind: [], load_rules(checked=False))
    assert compiles == []
