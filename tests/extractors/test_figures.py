"""Figures on sentences written for these tests: every number form, unit kind, qualifier and
non-figure the issue lists, plus metric/subject and rules-as-data behaviour."""
from __future__ import annotations

import textwrap

import pytest

from pipeline import extract
from pipeline.extractors import load_rules
from pipeline.rules import RuleError


def figures(text, published=None, rules=None):
    return [(f.text, f.value, f.unit, f.approx) for f in extract(text, published, rules).figures]


def one(text):
    found = extract(text).figures
    assert len(found) == 1, [(f.text, f.value, f.unit) for f in found]
    return found[0]


# --- number forms -------------------------------------------------------------

@pytest.mark.parametrize("text, value, unit", [
    ("全年营业收入2,471.3亿元。", 247130000000, "元"),          # thousands separator and decimals
    ("新增企业２４７１家。", 2471, "家"),                         # full-width digits
    ("新增投资三千五百万元。", 35000000, "元"),                   # Chinese numerals with 万
    ("全市新增两百家企业。", 200, "家"),
    ("引进设备一百二十台。", 120, "台"),
    ("接入传感器达12.8亿个。", 1280000000, "个"),                   # mixed: Arabic + multiplier
    ("全年社会融资规模1.2万亿元。", 1200000000000, "元"),
    ("项目获补贴3千万元。", 30000000, "元"),
    ("累计装机10万千瓦。", 100000, "千瓦"),                      # 千瓦 is a unit, 万 the multiplier
    ("签约额折合5亿美元，另有2000万欧元、3亿港元。", 500000000, "美元"),
])
def test_number_forms_and_multipliers(text, value, unit):
    f = extract(text).figures[0]
    assert (f.value, f.unit) == (value, unit)


def test_values_are_exact_to_the_unit():
    # 2471.3 * 1e8 in binary floating point is 247130000000.00003; the record must be exact.
    f = one("全年营业收入2471.3亿元。")
    assert f.value == 247130000000 and str(int(f.value)) == "247130000000"


def test_multiplier_without_unit_is_a_figure_with_empty_unit():
    assert figures("小程序日均访问量4000万左右，播放量7200多万。") == [
        ("4000万", 40000000, "", "about"), ("7200多万", 72000000, "", "more_than")]


@pytest.mark.parametrize("text, value, unit", [
    ("出口增速为30%。", 30, "%"),
    ("研发投入占比达到百分之三十。", 30, "%"),
    ("毛利率下滑4.6个百分点。", 4.6, "个百分点"),
    ("人口自然增长率为千分之五。", 5, "‰"),
    ("不良率降至１．５％。", 1.5, "%"),
])
def test_percentages_and_fractions(text, value, unit):
    f = one(text)
    assert (f.value, f.unit) == (value, unit)


def test_ranges_give_one_record_per_end_and_the_bare_lower_end_takes_the_unit():
    assert figures("贷款利率区间为1.35-2.7%。") == [("1.35", 1.35, "%", ""), ("2.7%", 2.7, "%", "")]
    assert figures("每个县培育10至15家龙头企业。") == [("10", 10, "家", ""), ("15家", 15, "家", "")]
    assert [f[1:3] for f in figures("单个项目补贴3-5万元。")] == [(30000, "元"), (50000, "元")]
    # both ends written in full are two ordinary figures
    assert [f[:3] for f in figures("成本在2元—10元之间。")] == [("2元", 2, "元"), ("10元", 10, "元")]


# --- units ----------------------------------------------------------------------

@pytest.mark.parametrize("text, unit", [
    ("新增项目12个。", "个"), ("入驻企业641家。", "家"), ("创新产品10万台(套)。", "台(套)"),
    ("立项科研项目17项。", "项"), ("转运建筑渣土8.35万吨。", "吨"), ("年产整车20万辆。", "辆"),
    ("新建厂房5万平方米。", "平方米"), ("新建道路120公里。", "公里"), ("新增装机300千瓦。", "千瓦"),
    ("覆盖16地市。", "地市"), ("这座港口城市有30多万华商。", "华商"), ("深化中老两国合作。", "国"),
    ("推理性能为5.2万IPS。", "IPS"), ("能效比达500 IPS/W。", "IPS/W"),
])
def test_units_without_multiplier(text, unit):
    assert one(text).unit == unit


def test_rates_keep_their_currency_and_colloquial_money_its_word():
    assert figures("护工时薪35元/小时，每张票3毛钱到20块钱不等。") == [
        ("35元/小时", 35, "元", ""), ("3毛钱", 3, "毛", ""), ("20块钱", 20, "块", "")]


def test_spaced_number_and_unit():
    assert figures("全省共评出 10 个园区、7 家企业。") == [("10 个", 10, "个", ""), ("7 家", 7, "家", "")]


# --- qualifiers -----------------------------------------------------------------

@pytest.mark.parametrize("text, approx, fig_text", [
    ("累计授权实用新型专利3500余个。", "more_than", "3500余个"),
    ("带动1500多家企业。", "more_than", "1500多家"),
    ("订单增长率超45%。", "more_than", "45%"),
    ("投资超过6000亿元。", "more_than", "6000亿元"),
    ("销售额逾200亿元。", "more_than", "200亿元"),
    ("出货量突破200万部。", "more_than", "200万部"),
    ("覆盖率达90%以上。", "more_than", "90%"),
    ("年产值约1850亿元。", "about", "1850亿元"),
    ("聚集了近150家外资企业。", "about", "150家"),
    ("每亩产3吨左右。", "about", "3吨"),
    ("面积不到一平方厘米。", "less_than", "一平方厘米"),
    ("利润不足5000万元。", "less_than", "5000万元"),
    ("能耗低于0.5吨标准煤。", "less_than", "0.5吨标准煤"),
    ("月租金在800元以下。", "less_than", "800元"),
    ("新增项目12个。", "", "12个"),
])
def test_qualifiers_and_text_span(text, approx, fig_text):
    f = one(text)
    # the text runs from the number to its unit: 超过/约 before and 以上/左右 after stay out
    assert (f.approx, f.text) == (approx, fig_text)


def test_a_currency_between_qualifier_and_number_keeps_the_qualifier():
    assert one("报价约合人民币3260元。").approx == "about"
    assert one("并购对价超过美元12亿。").approx == "more_than"


def test_a_word_ending_like_a_qualifier_is_not_one():
    assert one("最近3家企业完成改造。").approx == ""
    assert one("距离不得小于1.5米。").approx == ""


# --- constructions found on held-out pages ----------------------------------------

def test_a_number_after_a_label_colon_is_a_figure_but_not_after_a_digit_and_colon():
    assert figures("存储版本：128GB，售价：3299元。") == [("128GB", 128, "GB", ""), ("3299元", 3299, "元", "")]
    assert figures("比分定格在3:2，凌晨4：15结束。") == []


def test_chinese_numeral_ranges_give_one_record_per_end():
    assert figures("良率约为七到八成。") == [("七", 7, "成", "about"), ("八成", 8, "成", "about")]
    assert [f[1:3] for f in figures("单户补助两到三万元。")] == [(20000, "元"), (30000, "元")]
    assert figures("工期两到三个月。") == []


def test_colloquial_decimal_after_the_unit():
    assert figures("中锋身高2米05，门票每张4块5。") == [("2米05", 2.05, "米", ""), ("4块5", 4.5, "块", "")]
    # a digit that counts something else is not a decimal
    assert [f[0] for f in figures("楼高30米6层。")] == ["30米", "6层"]


def test_qiyu_is_not_a_more_than_marker():
    assert figures("其中两款已上市，其余三款明年发布。") == [("两款", 2, "款", ""), ("三款", 3, "款", "")]


# --- not figures ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "2021年新增企业，2022年6月30日公布名单。",          # years and dates
    "第三届大会在第5号馆举行。",                           # ordinals
    "连续五年保持增长，项目用7个月完成，工期3个多小时，他今年45岁。",  # durations and ages
    "推进5G建设，开展十链百场万企活动，统筹三县两区发展。",       # names and fixed terms
    "坚持四个全面，落实两个维护。",
    "一个项目带动一批企业。",                               # 一 as an article
    "咨询电话：0551-65321234。",                           # phone numbers
    "1.加强组织领导；2.强化要素保障。",                     # list numbering
    "吸引数十家企业，培育千万级平台，上百名专家参加。",        # vague amounts
    "含光800根据业务需要部署。",                             # a measure word's character inside a word
])
def test_not_figures(text):
    assert figures(text) == []


# --- metric and subject -----------------------------------------------------------

def test_metric_and_subject_from_the_sentence():
    f = one("2021年，宜昌磷化工集群主营业务收入612.4亿元。")
    assert f.metric == "主营业务收入"
    assert f.subject == "宜昌磷化工集群"
    g = extract("全市服务业增加值比上年增长6.3%。").figures[0]
    assert g.subject == "全市" and g.metric.endswith("增长率")


@pytest.mark.parametrize("text, subject", [
    ("2022年集群实现主营业务收入960.2亿元。", ""),              # a year before a bare head names nothing
    ("二〇二二年园区实现营业收入45亿元。", ""),
    ("今年上半年集群营收12亿元。", ""),
    ("2023年6月宜昌磷化工集群实现营业收入512.7亿元。", "宜昌磷化工集群"),
    ("二〇二一年芜湖机器人产业园营收突破300亿元。", "芜湖机器人产业园"),
])
def test_subject_never_contains_a_date(text, subject):
    assert one(text).subject == subject


@pytest.mark.parametrize("text, metric", [
    ("全市服务业增加值比上年增长6.3%。", "增加值增长率"),       # growth of the metric named before the verb
    ("出口额较去年同期增长12%。", "出口额增长率"),
    ("净利率下滑1.4个百分点。", "净利率"),                   # a rate's change in points is that rate
    ("研发投入占比为4.5%。", "占比"),
])
def test_growth_metrics(text, metric):
    assert one(text).metric == metric


def test_metric_is_empty_when_the_sentence_does_not_state_one():
    f = one("她率领25人的考察组出访。")
    assert f.metric == ""


# --- rules as data ---------------------------------------------------------------

def test_a_unit_added_to_a_lexicon_is_used_without_code(tmp_path):
    assert figures("采购鸡蛋3打。") == []
    d = tmp_path / "rules"
    d.mkdir()
    (d / "figures.yaml").write_text("lexicons:\n  classifier: [打]\n", encoding="utf-8")
    rules = load_rules([d])
    assert figures("采购鸡蛋3打。", rules=rules) == [("3打", 3, "打", "")]


def test_a_malformed_figure_rule_names_file_line_and_reason(tmp_path):
    d = tmp_path / "rules"
    d.mkdir()
    (d / "figures.yaml").write_text(textwrap.dedent("""\
        rules:
          - id: figures.user_bad
            description: refers to a lexicon that does not exist
            pattern: '(?P<number>[0-9]+)(?P<unit>{no_such_units})'
            examples:
              - text: 3打
                expect: [{value: 3}]
        """), encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_rules([d])
    message = str(err.value)
    assert "figures.yaml:2" in message and "figures.user_bad" in message and "no_such_units" in message


def test_a_count_of_names_after_a_ranking_word_is_a_rank():
    assert figures("该校排名在20-40名之间。") == []
    assert figures("球队将参加17-32名排位赛。") == []
    # the same numbers without the ranking word are counts
    assert [f[1] for f in figures("招收20-40名学员。")] == [20, 40]


def test_instalments_count_only_after_fen_or_before_payment_words():
    assert figures("新机支持12期免息，也可分三期偿还。") == [("12期", 12, "期", ""), ("三期", 3, "期", "")]
    assert figures("三期工程明年开工，见本刊第2期。") == []


def test_episodes_lines_and_ports_are_measure_words_but_not_inside_words():
    assert figures("节目共播出12集，村里打了三口井。") == [("12集", 12, "集", ""), ("三口", 3, "口", "")]
    assert figures("3家企业组成集团，夫妻两口子。") == [("3家", 3, "家", "")]
    assert figures("目录：3 早年经历 4 人物评价") == []


def test_fixed_terms_from_games_and_basketball_are_not_figures():
    assert figures("手机市场的三国杀愈演愈烈，他砍下两双数据。") == []
    assert figures("他买了两双鞋。") == [("两双", 2, "双", "")]


def test_a_sum_said_with_a_bare_multiplier_is_one_of_it_but_price_tiers_are_not():
    assert figures("他投资百万元建厂，手里只剩近千元。") == [("百万元", 1000000, "元", ""), ("千元", 1000, "元", "about")]
    assert figures("千元手机卖得好，数百万元资金，万元户，千元档。") == []
    # a qualifier after the sum says how it stands to that much: a sum
    assert figures("售价降到千元以下，客单价百元以上。") == [("千元", 1000, "元", "less_than"),
                                                   ("百元", 100, "元", "more_than")]


def test_twelve_people_is_a_count_but_personal_data_is_not():
    assert figures("派出一个12个人左右的小组。") == [("12个人", 12, "个", "about")]
    assert figures("系统录入3个人信息字段。") == []


def test_songs_and_lottery_bets_are_counted_and_meijin_is_dollars():
    assert figures("他写了300余首歌，买了15注彩票，车价8万元美金。") == [
        ("300余首", 300, "首", "more_than"), ("15注", 15, "注", ""), ("8万元美金", 80000, "美元", "")]
    assert figures("新机型Mate 60首发。") == []


def test_two_organisations_counted_after_liang_but_numbered_names_are_not():
    assert figures("两公司为此打起了官司。") == [("两公司", 2, "公司", "")]
    assert figures("中铁三公司中标。") == []


def test_a_range_may_start_at_one_and_a_quantity_that_is_a_whole_title_is_a_name():
    assert figures("每周训练一到两次。") == [("一", 1, "次", ""), ("两次", 2, "次", "")]
    assert figures("那首《一元钱》人人会唱。") == []


def test_a_number_broken_by_a_line_break_leaves_no_zero_figure():
    assert figures("奖金5\n00万元。") == []


# --- the forms of issue 18 ----------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("受访者中三成表示满意，近七成愿意推荐。", [("三成", 3, "成", ""), ("七成", 7, "成", "about")]),
    ("良率提升到三成半。", [("三成半", 3.5, "成", "")]),
    ("全场九折，会员七五折，老客户85折。", [("九折", 9, "折", ""), ("七五折", 7.5, "折", ""), ("85折", 8.5, "折", "")]),
    ("事故率为千分之二点四，佣金为万分之三，占比百分之十五。",
     [("千分之二点四", 2.4, "‰", ""), ("万分之三", 3, "‱", ""), ("百分之十五", 15, "%", "")]),
])
def test_shares_and_discounts_keep_their_own_unit(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("气温读数为负0.2度。", [("负0.2度", -0.2, "度", "")]),
    ("利润下降-3%。", [("-3%", -3, "%", "")]),
    ("净亏损-12亿元，增速为-1.5%。", [("-12亿元", -1200000000, "元", ""), ("-1.5%", -1.5, "%", "")]),
    ("运了一吨半煤、两米半布、三斤半肉，合计1.5万元。",
     [("一吨半", 1.5, "吨", ""), ("两米半", 2.5, "米", ""), ("三斤半", 3.5, "斤", ""), ("1.5万元", 15000, "元", "")]),
])
def test_signs_stay_and_halves_are_added(text, expected):
    assert figures(text) == expected


def test_a_range_separator_is_no_sign():
    assert figures("利率为1-3%，区间2.1- 3.4%。") == [
        ("1", 1, "%", ""), ("3%", 3, "%", ""), ("2.1", 2.1, "%", ""), ("3.4%", 3.4, "%", "")]


@pytest.mark.parametrize("text, value, unit", [
    ("门票$20。", 20, "美元"), ("会员价￥300。", 300, "元"), ("融资US$5亿。", 500000000, "美元"),
    ("报价HK$12.5。", 12.5, "港元"), ("成本RMB 200。", 200, "元"), ("售价€3.5万。", 35000, "欧元"),
    ("花了200美金。", 200, "美元"), ("兑换了500港币。", 500, "港元"), ("合3000日圆。", 3000, "日元"),
    ("价值20英磅。", 20, "英镑"), ("约合100加拿大元。", 100, "加元"), ("售价300瑞郎。", 300, "瑞士法郎"),
    ("约1000新台币。", 1000, "新台币"), ("涨到5000韩币。", 5000, "韩元"), ("买了2个比特币。", 2, "个"),
    ("余额0.5比特币。", 0.5, "比特币"), ("花费99卢比。", 99, "卢比"), ("总价300泰铢。", 300, "泰铢"),
    ("人民币200亿投向制造业。", 20000000000, "元"),
])
def test_money_symbols_codes_and_names_have_one_spelling(text, value, unit):
    f = one(text)
    assert (f.value, f.unit) == (value, unit)


@pytest.mark.parametrize("text, value, unit", [
    ("一杯咖啡两美元又三美分。", 2.03, "美元"), ("一支笔五元三毛。", 5.3, "元"), ("邮费5元3角2分。", 5.32, "元"),
    ("车票三块五毛钱。", 3.5, "块"),
])
def test_compound_sums_add_their_coins(text, value, unit):
    f = one(text)
    assert (f.value, f.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize("text, value, unit", [
    ("身高168公分。", 168, "公分"), ("身高168cm。", 168, "cm"), ("每片含2.4微克。", 2.4, "微克"),
    ("文件50兆字节。", 50000000, "字节"), ("速率3千比特。", 3000, "比特"), ("体重62kg。", 62, "kg"),
    ("白银十两。", 10, "两"), ("库银二千一百万两。", 21000000, "两"),
])
def test_dimensions_with_their_unit_and_multiplier_apart(text, value, unit):
    f = one(text)
    assert (f.value, f.unit) == (value, unit)


@pytest.mark.parametrize("text", [
    "两队争夺第17-32名。", "他获得5至8名。", "球队参加17-32名排位赛。",
    "他本场砍下两双，队友拿下了三双，场均三双数据。",
    "获奖名单\n2 台州模具集群\n3 温州鞋业集群",
    "营收保持三位数增长，利润两位数下滑。",
    "过三两天再说，三两下就修好了。",
])
def test_ranks_stat_lines_list_numbers_and_digit_counts_are_not_figures(text):
    assert figures(text) == []


def test_a_range_of_people_is_still_a_count():
    assert figures("招聘10-15名员工。") == [("10", 10, "名", ""), ("15名", 15, "名", "")]


def changes(text):
    return [(f.text, f.value, f.change) for f in extract(text).figures]


@pytest.mark.parametrize("text, expected", [
    ("利润同比下降3.2%。", [("3.2%", 3.2, "decrease")]),
    ("费用减少12亿元。", [("12亿元", 1200000000, "decrease")]),
    ("股价下跌1.2%。", [("1.2%", 1.2, "decrease")]),
    ("营收同比增长了约8%。", [("8%", 8, "increase")]),
    ("降幅达2个百分点。", [("2个百分点", 2, "decrease")]),
    ("利润下降-3%。", [("-3%", -3, "decrease")]),
    ("增速为-1.5%。", [("-1.5%", -1.5, "")]),
    ("失业率降至3.5%，产量增长到500吨。", [("3.5%", 3.5, ""), ("500吨", 500, "")]),
    ("新增企业120家，新增120家企业。", [("120家", 120, ""), ("120家", 120, "")]),
])
def test_change_says_a_rise_or_a_fall_and_a_level_reached_is_neither(text, expected):
    assert changes(text) == expected


@pytest.mark.parametrize("text, approx", [
    ("两地现场签约120亿元。", ""), ("全年节约2.3万吨标准煤。", ""), ("逾期3笔贷款。", ""),
    ("总投资大约120亿元。", "about"), ("总投资约120亿元。", "about"), ("客队反超3个球。", ""),
])
def test_approx_only_from_a_qualifier_never_from_a_word_ending_like_one(text, approx):
    found = extract(text).figures
    assert found and found[0].approx == approx


def test_chinese_numerals_with_a_last_digit_said_without_its_place():
    assert figures("全县有一万二名党员。") == [("一万二名", 12000, "名", "")]
    assert figures("投资两亿，营收十个亿。") == [("两亿", 200000000, "", ""), ("十个亿", 1000000000, "", "")]


@pytest.mark.parametrize("text, subject", [
    ("某某电子科技有限公司营业收入3亿元。", "某某电子科技有限公司"),
    ("长三角地区新一代信息技术产业集群实现营收5000亿元。", "长三角地区新一代信息技术产业集群"),
    ("此次贷款的资金出自中国人民银行，共计5亿元。", "中国人民银行"),
])
def test_a_subject_is_a_whole_name(text, subject):
    assert one(text).subject == subject


def test_the_subject_is_what_the_figure_measures_not_the_speakers_organisation():
    f = one("某某集团董事长表示，今年全市的订单将超过300亿元。")
    assert f.subject == "全市"
    assert one("某某集团董事长表示，明年将新建厂房。去年营收3亿元。").subject == ""


def test_a_metric_is_a_whole_word():
    assert one("规模以上企业达到260家。").metric == ""
    assert one("全省产业规模达到260亿元。").metric == "产业规模"


def test_a_sum_followed_by_a_class_of_size_is_no_figure():
    assert figures("营收规模达5000亿元级别的产业集群1个。") == [("1个", 1, "个", "")]


def test_numbers_listed_after_di_are_ordinals():
    assert figures("出演第37-40、43-62、89-120集，共40集。") == [("40集", 40, "集", "")]


@pytest.mark.parametrize("text, expected", [
    ("产品分为两大类。", [("两大类", 2, "类", "")]),
    ("双向六车道。", [("六车道", 6, "车道", "")]),
    ("展会吸引百余家企业。", [("百余家", 100, "家", "more_than")]),
    ("赔银二万八千万两。", [("二万八千万两", 280000000, "两", "")]),
    ("第一轮获得0票，第二轮获得1票。", [("0票", 0, "票", ""), ("1票", 1, "票", "")]),
])
def test_more_measure_words_and_older_numerals(text, expected):
    assert figures(text) == expected


# --- money named before the number, colloquial sums ------------------------------

@pytest.mark.parametrize("text, expected", [
    # the currency before the number does not cut the number off before its multiplier
    ("公司出资人民币3万元建厂。", [("3万元", 30000, "元", "")]),
    ("合同金额为港币1.5亿元。", [("1.5亿元", 150000000, "元", "")]),
    ("项目总投资人民币200亿。", [("人民币200亿", 20000000000, "元", "")]),
    # 块 with its decimal digit after it, in Chinese digits, where the sum ends
    ("白菜三块五一斤。", [("三块五", 3.5, "块", "")]),
    ("一块五毛钱就够了。", [("一块五毛钱", 1.5, "块", "")]),
    ("他切了三块五花肉。", [("三块", 3, "块", "")]),
    ("我们一块去，捡了一块石头。", []),
])
def test_money_before_the_number_and_colloquial_sums(text, expected):
    assert figures(text) == expected


# --- a temperature's decimal digit, counts that sum up a list, slogans in quotation marks ----

@pytest.mark.parametrize("text, expected", [
    ("孩子体温37度5。", [("37度5", 37.5, "度", "")]),
    ("昨晚烧到38度5的高温。", [("38度5", 38.5, "度", "")]),
    ("当地位于北纬37度5分。", [("37度", 37, "度", "")]),           # the minutes of an angle
    ("坡度30度5个月未变。", [("30度", 30, "度", "")]),              # 5 counts months
])
def test_a_decimal_digit_said_after_du_joins_the_number(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("形成省、市、县三级联动。", [("三级", 3, "级", "")]),
    ("打通商流、资金流、信息流以及物流四流。", [("四流", 4, "流", "")]),
    ("甲、乙和丙三队进入决赛。", [("三队", 3, "队", "")]),
    ("北京、上海三级医院。", []),                 # two listed, three counted: no sum of the list
    ("他是三流作家。", []),                       # no list before it
    ("推动产业、人才、资金三要素集聚。", []),        # 要 is no word of its own
    ("华北、华东、华南三大区域，春、夏、秋三季。", []),
])
def test_a_count_that_sums_up_the_list_before_it_takes_any_noun_as_unit(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("完善“五方联动”机制，把握“四个着力点”。", []),
    ("他说“让我再中一次500万”。", [("500万", 5000000, "", "")]),      # a quotation ending with it
    ("口号是“十个亿”。", [("十个亿", 1000000000, "", "")]),            # the figure is the quotation
    ("“3个项目”已经落地，共有“12家”。", [("12家", 12, "家", "")]),
])
def test_a_number_opening_a_short_quoted_term_is_part_of_a_name(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text", [
    "他的声名传遍五大洲，美国实行两党制，排队请遵守1米线。",
    "项目分一、二两期建设，分三、四两批验收。",       # 二两 is no weight before 期 or 批
])
def test_set_words_and_numbered_phases_are_not_figures(text):
    assert figures(text) == []


@pytest.mark.parametrize("text, value", [
    ("他的月薪一万五。", 15000), ("估值两亿三。", 230000000), ("月薪1万5。", 15000), ("房价三万八左右。", 38000),
])
def test_a_digit_said_after_the_multiplier_is_its_tenth(text, value):
    [figure] = extract(text).figures
    assert (figure.value, figure.unit) == (value, "")


@pytest.mark.parametrize("text", ["船上载着三万六千头牲口。", "排在第一万五。", "他从一数到一万五千。"])
def test_a_number_is_never_cut_after_its_multiplier(text):
    assert all(f.value not in (10000, 30000) for f in extract(text).figures)
