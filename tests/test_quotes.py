"""Quotes on real sentences in news style (our own), one test per construction of the issue."""
from __future__ import annotations

import pytest

from pipeline.nlp import extract


def quotes_of(text: str):
    return extract(text).quotes


def one(text: str, **fields):
    """The single quote whose fields include these."""
    found = [q for q in quotes_of(text) if all(getattr(q, k) == v for k, v in fields.items())]
    assert len(found) == 1, f"wanted one quote with {fields}, got {quotes_of(text)}"
    return found[0]


# --- direct quotes ----------------------------------------------------------------

def test_quote_then_speaker_splits_name_title_org():
    q = one("“光伏组件的出口订单已经排到年底。”江苏省商务厅对外贸易处处长周立群表示，企业正加紧扩产。",
            kind="direct")
    assert (q.speaker, q.title, q.org, q.cue) == ("周立群", "处长", "江苏省商务厅对外贸易处", "表示")
    assert q.quote == "光伏组件的出口订单已经排到年底。"


def test_speaker_then_quote_with_colon():
    q = one("中国船舶集团有限公司总经理王海涛说：“今年的造船订单创下近十年新高。”", kind="direct")
    assert (q.speaker, q.title, q.org) == ("王海涛", "总经理", "中国船舶集团有限公司")
    assert q.quote == "今年的造船订单创下近十年新高。"


def test_quote_attributed_in_the_next_sentence_to_a_pronoun():
    text = ("宁波市经信局局长陈建国表示，今年将新培育一批智能制造示范工厂。"
            "“我们要让更多中小企业用上工业互联网。”他说。")
    q = one(text, kind="direct")
    assert (q.speaker, q.title, q.org) == ("陈建国", "局长", "宁波市经信局")


def test_quote_spanning_several_sentences_and_paragraphs():
    text = ("合肥市发展改革委主任李卫东说：“新能源汽车是我们的首位产业。今年产量还会翻番。\n"
            "“明年我们要把配套率提高到七成。”")
    q = one(text, kind="direct")
    assert q.speaker == "李卫东"
    assert q.quote.startswith("新能源汽车是我们的首位产业。今年产量还会翻番。")
    assert q.quote.endswith("明年我们要把配套率提高到七成。")
    assert "“" not in q.quote


def test_corner_brackets_and_straight_quotes_read_as_quotation_marks():
    q = one("「芯片设计人才仍然紧缺。」深圳市半导体行业协会秘书长常军表示。", kind="direct")
    assert (q.speaker, q.quote) == ("常军", "芯片设计人才仍然紧缺。")
    q = one('苏州工业园区管委会副主任张明说："生物医药企业今年新增三百家。"', kind="direct")
    assert (q.speaker, q.quote) == ("张明", "生物医药企业今年新增三百家。")


def test_follow_up_quotation_keeps_the_paragraph_speaker():
    text = "长沙市工信局局长刘洪表示，工程机械集群产值有望突破两千亿元。“我们有信心做到全球领先。”"
    q = one(text, kind="direct")
    assert (q.speaker, q.quote) == ("刘洪", "我们有信心做到全球领先。")


def test_interview_answer_is_a_direct_quote_of_the_named_person():
    text = "记者：新工厂什么时候投产？\n赵立新：我们计划明年三月投产，首期产能五万吨。"
    q = one(text, kind="direct")
    assert (q.speaker, q.quote) == ("赵立新", "我们计划明年三月投产，首期产能五万吨。")


# --- indirect speech --------------------------------------------------------------

def test_indirect_speech_runs_to_the_end_of_the_sentence():
    text = "国家发展改革委副主任李明华表示，下半年将加快推进一批重大工程建设。这些工程涉及交通和水利。"
    q = one(text, kind="indirect")
    assert (q.speaker, q.title, q.org, q.cue) == ("李明华", "副主任", "国家发展改革委", "表示")
    assert q.quote == "下半年将加快推进一批重大工程建设"


@pytest.mark.parametrize("verb", ["指出", "认为", "称", "介绍", "强调", "透露", "坦言"])
def test_indirect_speech_verbs(verb):
    q = one(f"浙江大学经济学院教授魏明{verb}，消费复苏仍需要更长时间。", kind="indirect")
    assert (q.speaker, q.title, q.org, q.cue) == ("魏明", "教授", "浙江大学经济学院", verb)


def test_direct_quote_then_indirect_clause_told_to_a_reporter():
    text = "“充电桩的布局还要更密。”深圳市发展改革委相关负责人告诉本报记者，全市今年将新建一万个公共充电桩。"
    kinds = {q.kind: q for q in quotes_of(text)}
    assert set(kinds) == {"direct", "indirect"}
    for q in kinds.values():
        assert (q.speaker, q.title, q.org) == ("", "相关负责人", "深圳市发展改革委")
    assert kinds["indirect"].quote == "全市今年将新建一万个公共充电桩"


def test_adverbials_between_speaker_and_verb_are_not_the_speaker():
    q = one("苏州市商务局局长吴晓东在新闻发布会上对记者表示，跨境电商增长尤其快。", kind="indirect")
    assert (q.speaker, q.title, q.org) == ("吴晓东", "局长", "苏州市商务局")


def test_further_statement_in_the_same_sentence_keeps_the_speaker():
    text = "中国汽车工业协会副秘书长陈士华表示，新能源车渗透率持续提升，并称出口有望再创新高。"
    quotes = quotes_of(text)
    assert [q.quote for q in quotes] == ["新能源车渗透率持续提升", "出口有望再创新高"]
    assert {q.speaker for q in quotes} == {"陈士华"}


def test_view_of_and_learned_from():
    q = one("在清华大学经济管理学院教授魏明看来，消费复苏需要更长时间。", kind="indirect")
    assert (q.speaker, q.title, q.org) == ("魏明", "教授", "清华大学经济管理学院")
    q = one("本报记者从接近交易所的人士处了解到，新规将于下月实施。", kind="indirect")
    assert (q.speaker, q.title) == ("", "接近交易所的人士")


# --- speakers -----------------------------------------------------------------------

def test_role_without_name_has_empty_speaker():
    q = one("安徽省经信厅规划处相关负责人介绍，全省已建成五个省级示范园区。")
    assert (q.speaker, q.title, q.org) == ("", "相关负责人", "安徽省经信厅规划处")


def test_organisation_speaking_as_one():
    q = one("交通运输部表示，春运期间全国铁路将增开夜间高铁。")
    assert (q.speaker, q.title, q.org) == ("", "", "交通运输部")


def test_later_mentions_resolve_to_the_full_speaker():
    text = ("工业和信息化部部长金壮龙表示，将加快培育先进制造业集群。\n"
            "金壮龙说，要推动集群向世界级迈进。\n"
            "他还表示，明年将出台配套政策。\n"
            "上海市经信委相关负责人介绍，本市已有三个集群入选。该负责人表示，下一步将加强跨区域协同。")
    by_quote = {q.quote: q for q in quotes_of(text)}
    for words in ("要推动集群向世界级迈进", "明年将出台配套政策"):
        q = by_quote[words]
        assert (q.speaker, q.title, q.org) == ("金壮龙", "部长", "工业和信息化部"), words
    q = by_quote["下一步将加强跨区域协同"]
    assert (q.speaker, q.title, q.org) == ("", "相关负责人", "上海市经信委")


def test_surname_and_title_resolve_to_the_speaker():
    text = "杭州市经信局局长王建平表示，数字安防集群规模超六千亿元。王局长说，今年还要引进二十家企业。"
    q = one(text, quote="今年还要引进二十家企业")
    assert (q.speaker, q.title, q.org) == ("王建平", "局长", "杭州市经信局")


def test_first_title_is_kept_when_several_are_given():
    q = one("市政府副秘书长、市发展改革委主任李华表示，项目将于年内开工。")
    assert q.speaker == "李华" and q.title == "副秘书长"


# --- not quotes -----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "(文/经济参考报记者 郭倩 北京报道)",
    "记者在采访中了解到，多个产业集群正加速成长。",
    "浙江省“十链百场万企”系列对接活动在杭州举行。",
    "展厅里，一款“能听会动”的鼠标引人注目。",
    "市场消息称，这家企业将在年内上市。",
    "据介绍，该项目总投资较大。可以说，这是行业的转折点。",
    "对于中小企业来说，融资成本仍然偏高。",
    "该报告指出，新能源汽车销量将继续增长。",
    "根据研究院发布的《产业发展报告》（下称“《报告》”），集群数量增加。",
])
def test_not_quotes(text):
    assert quotes_of(text) == []


def test_pronoun_resolves_to_the_person_named_just_before():
    text = "在一家平台做中层的孙丹最近准备跳槽了。她所在的公司也受到影响。“行业人人自危。”她对记者表示。"
    q = one(text, kind="direct")
    assert (q.speaker, q.quote) == ("孙丹", "行业人人自危。")
