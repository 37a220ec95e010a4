"""Dates on sentences written for these tests: every form the issue lists."""
from __future__ import annotations

import pytest

from pipeline import extract


def dates(text, published=None):
    return [(d.text, d.value) for d in extract(text, published).dates]


@pytest.mark.parametrize("text, expected", [
    ("2021年新增企业。", [("2021年", "2021")]),
    ("截至2022年6月，累计示范。", [("2022年6月", "2022-06")]),
    ("2022年6月30日公布名单。", [("2022年6月30日", "2022-06-30")]),
    ("二〇二一年全区新增企业。", [("二〇二一年", "2021")]),
    ("发布时间：2022-06-30 15:58", [("2022-06-30", "2022-06-30")]),
    ("发文日期2022/6/30。", [("2022/6/30", "2022-06-30")]),
    ("印发于2022.06.30。", [("2022.06.30", "2022-06-30")]),
    ("评选 2024 年度示范企业。", [("2024 年", "2024")]),
    ("2020年10月份交付。", [("2020年10月", "2020-10")]),
])
def test_written_dates(text, expected):
    assert dates(text) == expected


def test_month_day_takes_the_publication_year_else_xxxx():
    assert dates("6月30日，名单公布。", "2022-07-02") == [("6月30日", "2022-06-30")]
    assert dates("6月30日，名单公布。") == [("6月30日", "XXXX-06-30")]


def test_ranges_are_one_record_with_an_iso_interval():
    assert dates("2016年1-10月，增加值增长6%。") == [("2016年1-10月", "2016-01/2016-10")]
    assert dates("1-10月，新签项目120个。", "2016-11-15") == [("1-10月", "2016-01/2016-10")]
    assert dates("2021年至2023年，产值年均增长12%。") == [("2021年至2023年", "2021/2023")]
    assert dates("行业在2017-2018年迎来爆发。") == [("2017-2018年", "2017/2018")]
    assert dates("展会于2022年6月3日至5日举办。") == [("2022年6月3日至5日", "2022-06-03/2022-06-05")]


def test_years_with_part_of_year_words_are_the_year():
    assert dates("2018年底建成，2017年上半年投产，2020年一季度开工，2019年初签约。") == [
        ("2018年", "2018"), ("2017年", "2017"), ("2020年", "2020"), ("2019年", "2019")]


def test_relative_year_with_month_is_resolved_against_publication():
    assert dates("今年4月签约，去年12月开工。", "2023-06-01") == [("今年4月", "2023-04"), ("去年12月", "2022-12")]
    assert dates("今年4月签约。") == [("今年4月", "XXXX-04")]


@pytest.mark.parametrize("text", [
    "今年以来经济回升，去年产值增长，今日签约，当天开工，近期投产，目前运行良好，近年来发展迅速。",
    "19世纪70年代、1980年代的码头。",
    "项目用7个月完成，连续3日达标，须在15日内整改。",
    "新增企业2000家，投资2000亿元。",
])
def test_not_dates(text):
    assert dates(text, "2023-06-01") == []


def test_fused_year_month_typo_is_repaired_with_a_rule_that_says_so():
    found = extract("截至20195月，园区累计投用8万台(套)新设备。").dates
    assert [(d.text, d.value) for d in found] == [("20195月", "2019-05")]
    assert "repaired" in found[0].rule
    # and the repaired date does not leak a figure
    assert [f.value for f in extract("截至20195月，园区累计投用8万台(套)新设备。").figures] == [80000]


def test_a_day_alone_takes_the_month_of_the_date_before_it():
    assert dates("5月12日发布公告，企业于13日作出说明。", "2021-05-20") == [
        ("5月12日", "2021-05-12"), ("13日", "2021-05-13")]


def test_a_day_with_no_month_before_it_falls_in_the_publication_month():
    assert dates("企业于13日作出说明。", "2021-05-20") == [("13日", "2021-05-13")]
    # later than the publication day: the month before (news reports recent days)
    assert dates("企业于23日作出说明。", "2021-05-20") == [("23日", "2021-04-23")]
    assert dates("企业于23日作出说明。", "2021-01-20") == [("23日", "2020-12-23")]
    assert dates("企业于13日作出说明。") == [("13日", "XXXX-XX-13")]
    # a guessed month is no context for the next bare day
    assert dates("据报4日报道，公司25日获增持。", "2021-03-10") == [("4日", "2021-03-04"), ("25日", "2021-02-25")]


def test_a_range_with_a_part_of_the_day_after_its_start_is_one_date():
    assert dates("6月3日晚至4日凌晨，全市普降暴雨。") == [("6月3日晚至4日", "XXXX-06-03/XXXX-06-04")]


def test_a_range_ending_in_a_relative_year_takes_that_year():
    assert dates("从2004年12月到今年4月谈了4轮。", "2005-06-21") == [("2004年12月到今年4月", "2004-12/2005-04")]
    assert dates("从2004年12月到今年4月谈了4轮。") == [("2004年12月到今年4月", "2004-12/XXXX-04")]


def test_years_in_titles_and_event_names_count():
    assert dates("据《2020全球冷链物流研究报告》显示") == [("2020", "2020")]
    assert dates("在2021某市软件博览会上发布。") == [("2021", "2021")]
    assert dates("直播电商从2016、2017年开始升温。") == [("2016", "2016"), ("2017年", "2017")]


def test_dates_are_not_also_figures():
    found = extract("2022年6月30日，全市新增企业12家。")
    assert [d.value for d in found.dates] == ["2022-06-30"]
    assert [(f.value, f.unit) for f in found.figures] == [(12, "家")]


def test_ranges_of_full_dates_across_years():
    assert dates("试点期从2021年7月1日到2023年6月30日。") == [("2021年7月1日到2023年6月30日", "2021-07-01/2023-06-30")]
    assert dates("活动从3月28日至4月2日举行。", "2022-05-01") == [("3月28日至4月2日", "2022-03-28/2022-04-02")]


def test_a_date_after_jiezhi_or_dao_is_a_date_not_a_range_end():
    assert dates("截至10月底，全县完成改造；截止到9月5日，签约12家。", "2022-11-03") == [
        ("10月", "2022-10"), ("9月5日", "2022-09-05")]
    assert dates("工期为1至3月。", "2022-11-03") == [("1至3月", "2022-01/2022-03")]


def test_years_before_a_part_of_the_year_and_short_years_before_its_end():
    assert dates("2021上半年营收下滑，2019一季度回升。") == [("2021", "2021"), ("2019", "2019")]
    assert dates("该厂08年底停产。", "2020-01-01") == [("08年", "2008")]
    assert dates("合同期为10年，满30年后续签，企业2021家。") == []


def test_a_year_before_a_launch_event_names_it():
    assert dates("在2022秋季新品发布会上亮相。") == [("2022", "2022")]


def test_chinese_numeral_months_and_days_without_a_year():
    assert dates("五月十三日，代表团抵达；二十四日返回。") == [("五月十三日", "XXXX-05-13"), ("二十四日", "XXXX-05-24")]
    assert dates("今年四月，新厂投产；九月中旬试运行。", "2021-12-30") == [("今年四月", "2021-04"), ("九月", "2021-09")]
    # a bare month in words, or a day in words without a month before it, is left out
    assert dates("怀胎十月，历时三个月，一日他来访，限十五日内整改。") == []


# --- the forms of issue 18 ----------------------------------------------------

def bounds(text, published=None):
    return [(d.text, d.value, d.date_from, d.date_to) for d in extract(text, published).dates]


def test_every_date_gives_the_first_and_last_day_it_covers_when_its_year_is_known():
    assert bounds("2019年9月投产，2024年2月扩建，2022年6月30日验收，2016年1-10月增长6%。") == [
        ("2019年9月", "2019-09", "2019-09-01", "2019-09-30"), ("2024年2月", "2024-02", "2024-02-01", "2024-02-29"),
        ("2022年6月30日", "2022-06-30", "2022-06-30", "2022-06-30"),
        ("2016年1-10月", "2016-01/2016-10", "2016-01-01", "2016-10-31")]
    assert bounds("2021年至2023年，产值翻番。") == [("2021年至2023年", "2021/2023", "2021-01-01", "2023-12-31")]
    assert bounds("6月30日公布名单。") == [("6月30日", "XXXX-06-30", "", "")]


def test_dates_csv_has_date_from_and_date_to_after_value(tmp_path):
    import csv

    from pipeline.cli import main

    (tmp_path / "in").mkdir()
    article = ("某市智能装备产业园一期工程开工\n"
               "记者从市发展改革委获悉，某市智能装备产业园一期工程于2019年9月正式开工，计划两年内建成投产。\n"
               "该产业园规划面积约3平方公里，将重点引进智能装备整机和关键零部件企业，带动上下游配套发展。\n"
               "市相关负责人介绍，园区建成后预计可容纳企业60余家，年产值有望超过百亿元。\n")
    (tmp_path / "in" / "a.txt").write_text(article, encoding="utf-8")
    assert main(["run", str(tmp_path / "in"), "-o", str(tmp_path / "out")]) == 0
    with open(tmp_path / "out" / "dates.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0])[:5] == ["article_id", "text", "value", "date_from", "date_to"]
    assert (rows[0]["value"], rows[0]["date_from"], rows[0]["date_to"]) == ("2019-09", "2019-09-01", "2019-09-30")


@pytest.mark.parametrize("text, published, expected", [
    ("活动从3月18日至4月结束。", "2024-03-01", [("3月18日至4月", "2024-03-18/2024-04")]),
    ("今年1-5月，出口增长。", "2024-06-20", [("今年1-5月", "2024-01/2024-05")]),
    ("2019年9月至2020年3月开展行动。", None, [("2019年9月至2020年3月", "2019-09/2020-03")]),
    ("9月下旬召开会议。", "2023-08-01", [("9月", "2023-09")]),
    ("他2014年至2015年9月10日在某公司任职。", None, [("2014年至2015年9月10日", "2014/2015-09-10")]),
    ("节目于7月17日至20年1月8日播出。", "2022-02-01", [("7月17日至20年1月8日", "2019-07-17/2020-01-08")]),
    ("他在1998-2001赛季表现出色。", None, [("1998-2001", "1998/2001")]),
])
def test_ranges_and_spans(text, published, expected):
    assert dates(text, published) == expected


def test_a_bare_day_takes_the_month_of_its_own_paragraph_or_of_publication():
    digest = "5月20日，某部门发布数据。\n某公司12日晚间发布公告。\n某银行13日宣布降息。"
    assert dates(digest, "2024-06-14") == [("5月20日", "2024-05-20"), ("12日", "2024-06-12"), ("13日", "2024-06-13")]
    chronology = "5月12日，代表团抵达。\n13日，代表团参观园区。\n14日，代表团返回。"
    assert dates(chronology, "2024-06-14") == [("5月12日", "2024-05-12"), ("13日", "2024-05-13"), ("14日", "2024-05-14")]
    assert dates("5月12日，企业发布公告。该企业于13日作出说明。", "2024-06-14")[-1] == ("13日", "2024-05-13")
    assert dates("记者今（9）日获悉，项目开工。", "2019-09-09") == [("今（9）日", "2019-09-09")]


@pytest.mark.parametrize("text, published, expected", [
    ("二〇二四年八月十五日开幕。", None, [("二〇二四年八月十五日", "2024-08-15")]),
    ("两千零四年建成。", None, [("两千零四年", "2004")]),
    ("一千九百九十八年，工厂建成。", None, [("一千九百九十八年", "1998")]),
    ("二00四年十大新闻。", None, [("二00四年", "2004")]),
    ("他零八年入伍。", "2020-01-01", [("零八年", "2008")]),
    ("他08年入伍。", "2020-01-01", [("08年", "2008")]),
    ("和五七年的情形相似。", "1996-06-01", [("五七年", "1957")]),
    ("2008年十二月，工厂投产。", None, [("2008年十二月", "2008-12")]),
    ("发文日期2010-01-29，另见2010/1/29与2010.1.29。", None,
     [("2010-01-29", "2010-01-29"), ("2010/1/29", "2010-01-29"), ("2010.1.29", "2010-01-29")]),
])
def test_chinese_numeral_two_digit_and_numeric_dates(text, published, expected):
    assert dates(text, published) == expected


@pytest.mark.parametrize("text", ["过了三五年再说。", "又干了七八年。", "有两千年的历史。", "00年代的音乐。"])
def test_vague_pairs_durations_and_decades_are_not_years(text):
    assert dates(text, "2020-01-01") == []


@pytest.mark.parametrize("text, expected", [
    ("民国三年，学堂改为中学。", [("民国三年", "1914")]),
    ("民国113年5月20日就职。", [("民国113年5月20日", "2024-05-20")]),
    ("道光二十二年签约，光绪二十年八月开战。", [("道光二十二年", "1842"), ("光绪二十年", "1894")]),
    ("平成元年，公司成立。", [("平成元年", "1989")]),
    ("公元前3000年，城邦兴起。", [("公元前3000年", "-3000")]),
    ("1610年，他发现了卫星。", [("1610年", "1610")]),
])
def test_era_years_years_bce_and_early_years(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize("text", ["民国时期的建筑。", "这座城有1600年历史。", "历时1100年建成。", "光绪年间的旧宅。"])
def test_era_words_and_lengths_of_time_are_not_years(text):
    assert dates(text) == []


def test_years_that_the_layout_marks():
    assert dates("[4] 李四. 某某分析[D]. 北京: 某大学, 2008.\n") == [("2008", "2008")]
    assert dates("年份\t奖项\n2013\t年度奖\n") == [("2013", "2013")]
    assert dates("华为将在2019 IFA上发布新品。") == [("2019", "2019")]
    assert dates("2001－现在：独立发展") == [("2001", "2001")]
    assert dates("内存2000 MB，按国发〔2020〕12号文件执行。") == []


def test_every_era_in_the_lexicons_has_its_first_year():
    from pipeline.extractors import load_rules

    rules = load_rules()
    eras = rules.lexicon("dates", "era_gregorian") + rules.lexicon("dates", "era_lunar")
    first_years = rules.file_data["dates"]["era_first_years"]
    assert eras and all(isinstance(first_years.get(era), int) for era in eras)


def test_a_month_after_tongnian_or_cinian_takes_the_publication_year_as_schema_says():
    # SCHEMA.md: a month or day without a written year takes the year of publication.
    text = "2017年3月8日项目签约，同年11月25日投产，次年5月扩产。"
    assert dates(text, "2023-06-01") == [("2017年3月8日", "2017-03-08"), ("同年11月25日", "2023-11-25"),
                                         ("次年5月", "2023-05")]
    assert dates("同年5月开工。") == [("同年5月", "XXXX-05")]


def test_two_days_in_a_row_listed_are_one_range_days_apart_are_two_dates():
    assert dates("演唱会于2009年3月14、15日举行。") == [("2009年3月14、15日", "2009-03-14/2009-03-15")]
    assert dates("比赛于5月3、4日进行。", "2022-06-01") == [("5月3、4日", "2022-05-03/2022-05-04")]
    assert dates("节目于8月4、11日播出。", "2022-09-01") == [("8月4", "2022-08-04"), ("11日", "2022-08-11")]


def test_a_hyphen_between_two_years_is_a_span_before_jian_else_two_years():
    assert dates("2002年－2003年间，他深陷合约纠纷。") == [("2002年－2003年", "2002/2003")]
    assert dates("2016年-2018年的收入分别为6亿元、7亿元、8亿元。") == [("2016年", "2016"), ("2018年", "2018")]


def test_a_year_beside_a_latin_name_is_a_date():
    assert dates("她参加了Asian Tour 2014的首站，又在2016 R.M. Bros中登台。") == [("2014", "2014"), ("2016", "2016")]
    assert dates("发动机功率为Engine 2000 kW。") == []


@pytest.mark.parametrize("text, published, expected", [
    ("到了戊戌年，维新派的新政被推翻；及到庚子年，八国联军进京。", None, [("戊戌年", "1898"), ("庚子年", "1900")]),
    # one mention tied to its event dates every mention of that year in the article
    ("庚子年的祸事，人人记得。庚子年义和团起事，各国出兵。", None, [("庚子年", "1900"), ("庚子年", "1900")]),
    ("庚子年春节，全家团聚。", "2020-01-20", [("庚子年", "2020")]),
])
def test_sexagenary_years_the_article_places(text, published, expected):
    assert dates(text, published) == expected


@pytest.mark.parametrize("text", ["丁丑年春天，他回到故乡。", "甲乙两队进行比赛。", "庚子年间的旧事。"])
def test_sexagenary_years_no_event_places_are_not_read(text):
    assert dates(text, "2020-01-20") == []
