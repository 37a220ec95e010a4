"""Quotes on real sentences in news style (our own), one test per construction of the issue."""
from __future__ import annotations

import pytest

from pipeline.extractors.extract import extract


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
    q = one("江西省商务厅外资处相关负责人介绍，全省已建成五个省级示范园区。")
    assert (q.speaker, q.title, q.org) == ("", "相关负责人", "江西省商务厅外资处")


def test_organisation_speaking_as_one():
    q = one("交通运输部表示，春运期间全国铁路将增开夜间高铁。")
    assert (q.speaker, q.title, q.org) == ("", "", "交通运输部")


def test_later_mentions_resolve_to_the_full_speaker():
    text = ("国家能源局局长章建华表示，将加快建设新型电力系统。\n"
            "章建华说，要推动储能产业规模化发展。\n"
            "他还表示，明年将出台配套政策。\n"
            "上海市经信委相关负责人介绍，本市已有三个集群入选。该负责人表示，下一步将加强跨区域协同。")
    by_quote = {q.quote: q for q in quotes_of(text)}
    for words in ("要推动储能产业规模化发展", "明年将出台配套政策"):
        q = by_quote[words]
        assert (q.speaker, q.title, q.org) == ("章建华", "局长", "国家能源局"), words
    q = by_quote["下一步将加强跨区域协同"]
    assert (q.speaker, q.title, q.org) == ("", "相关负责人", "上海市经信委")


def test_surname_and_title_resolve_to_the_speaker():
    text = "杭州市经信局局长王建平表示，数字安防集群规模超六千亿元。王局长说，今年还要引进二十家企业。"
    q = one(text, quote="今年还要引进二十家企业")
    assert (q.speaker, q.title, q.org) == ("王建平", "局长", "杭州市经信局")


def test_first_title_is_kept_when_several_are_given():
    q = one("市政府副秘书长、市发展改革委主任李华表示，项目将于年内开工。")
    assert q.speaker == "李华" and q.title == "副秘书长"


@pytest.mark.parametrize("text, title, org", [
    ("某科技公司的高级市场总监王芳表示，新品下月上市。", "高级市场总监", "某科技公司"),
    # A place's party committee: the place is the organisation, the committee part of the post.
    ("某市委常委、常务副市长王强表示，新区建设要提速。", "市委常委、常务副市长", "某市"),
    ("江苏省委书记王明表示，要加快发展现代农业。", "省委书记", "江苏省"),
    ("某机械集团党委书记周建华表示，今年要招两百名技工。", "党委书记", "某机械集团"),
    # Posts joined by 、 at the same organisation are one title; one at another ends the list.
    ("某市文旅局党组书记、局长孙丽表示，游客增长很快。", "党组书记、局长", "某市文旅局"),
    ("某新区党工委委员、管委会副主任方林表示，企业集聚加快。", "党工委委员、管委会副主任", "某新区"),
    ("市政府副秘书长、市发展改革委主任李华表示，项目将于年内开工。", "副秘书长", "市政府"),
    # A company's board is part of the post.
    ("某电缆公司董事会秘书周琳表示，公司经营一切正常。", "董事会秘书", "某电缆公司"),
])
def test_an_organisation_never_stays_inside_the_title(text, title, org):
    q = quotes_of(text)[0]
    assert (q.title, q.org) == (title, org)


def test_of_posts_listed_with_commas_the_first_is_the_title():
    q = quotes_of("某区委副书记，区政府区长、党组书记，某开发区党工委书记（兼）张立新称，产业要升级。")[0]
    assert (q.speaker, q.title, q.org) == ("张立新", "区委副书记", "某区")
    # A clause before the speaker is no post, even when it ends with a title word.
    q = quotes_of("他是一名退休医生，老伴刘秀英说，家里的药都是他配的。")[0]
    assert (q.speaker, q.title) == ("刘秀英", "")


def test_a_demonstrative_is_no_organisation_and_a_place_word_no_part_of_the_title():
    q = quotes_of("据这家诊所的所长金明远介绍，来看病的人越来越多。")[0]
    assert (q.speaker, q.title, q.org) == ("金明远", "所长", "")
    q = quotes_of("那里的门卫说，这家公司半年前就搬走了。")[0]
    assert (q.title, q.org) == ("门卫", "")


@pytest.mark.parametrize("text, speaker", [
    ("“我们明年还要扩产。”吴安然轻轻说道。", "吴安然"),
    ("记者见到了种粮大户孙启明。他很认真地说，“我一直相信自己会成功。”", "孙启明"),
    ("记者见到了种粮大户孙启明。他突然扬起眉毛说：“如果能再拿一笔订单就好了。”", "孙启明"),
    ("李明笑着摇摇头说：“这事没那么简单。”", "李明"),
])
def test_the_speaker_then_what_they_do_while_speaking(text, speaker):
    assert [q.speaker for q in quotes_of(text)] == [speaker]


@pytest.mark.parametrize("text", ["李明公司表示，订单已经排到了年底。", "他和妻子说，孩子明年上学。"])
def test_a_noun_or_a_second_person_after_the_name_is_not_an_action(text):
    assert all(q.speaker != "李明" for q in quotes_of(text))
    assert "他和妻子" not in text or quotes_of(text) == []


@pytest.mark.parametrize("text, title", [
    ("小明说，他想当老师。其奶奶指出，老师是为了方便管他。", "小明奶奶"),
    ("王小明今年十岁。他的妈妈说，孩子很懂事。", "王小明妈妈"),
    ("小明说，他想当老师。小明的爷爷称，愿意送他去县城读书。", "小明爷爷"),
])
def test_a_relation_of_a_pronoun_or_a_name_names_the_speaker(text, title):
    q = quotes_of(text)[-1]
    assert (q.speaker, q.title) == ("", title)


def test_a_pronoun_does_not_stand_for_a_name_inside_someone_elses_words():
    text = "小刚爷爷说，小刚只是拿纸揉了小花的眼睛。他表示，愿意用自己的眼睛做实验。"
    q = quotes_of(text)[-1]
    assert (q.speaker, q.title, q.quote) == ("", "小刚爷爷", "愿意用自己的眼睛做实验")


def test_a_subject_set_off_by_a_comma_speaks_for_the_clause_after_it():
    q = quotes_of("当时给小花检查的某医院医生，表示会配合调查组的工作。")[0]
    assert (q.speaker, q.title, q.org) == ("", "医生", "某医院")


def test_a_setting_clause_between_the_quotation_and_its_speaker():
    q = one("“这套茶具是我奶奶留下来的。”看着柜子里的老物件，陶艺师林晓雯说。")
    assert (q.speaker, q.title, q.quote) == ("林晓雯", "陶艺师", "这套茶具是我奶奶留下来的。")
    # No speech verb: the person the clause after the setting opens with.
    q = one("“这批订单做完，年底就能还清贷款了。”话语间，店主周红梅满是欢喜。")
    assert (q.speaker, q.title) == ("周红梅", "店主")
    # Someone hearing the words is not their speaker.
    assert quotes_of("“这批订单做完，年底就能还清贷款了。”听到这句话，店主周红梅笑了。") == []


def test_a_quotation_in_a_paragraph_about_one_quoted_person_is_theirs():
    text = "“刺绣要坐得住。”刺绣师陈秀兰说。\n土生土长的陈秀兰，十六岁就跟着母亲学绣花。“那时候一盏油灯绣到半夜。”"
    q = one(text, quote="那时候一盏油灯绣到半夜。")
    assert (q.speaker, q.title) == ("陈秀兰", "刺绣师")
    # Two people named there: whose it is stays open.
    text = ("“刺绣要坐得住。”刺绣师陈秀兰说。\n"
            "陈秀兰和刺绣师傅黄美华一起去了县城。“那时候一盏油灯绣到半夜。”")
    assert [q.quote for q in quotes_of(text)] == ["刺绣要坐得住。"]
    # Nobody quoted yet: a story's first quotation needs its own attribution.
    assert quotes_of("土生土长的陈秀兰，十六岁就跟着母亲学绣花。“那时候一盏油灯绣到半夜。”") == []


def test_a_quotation_standing_alone_between_two_statements_of_one_speaker_is_theirs():
    text = ("“刺绣要坐得住。”刺绣师陈秀兰说。\n"
            "“那时候一盏油灯绣到半夜。”\n"
            "陈秀兰告诉记者，现在订单多了，绣坊招了二十个人。")
    q = one(text, quote="那时候一盏油灯绣到半夜。")
    assert q.speaker == "陈秀兰"
    text = ("“刺绣要坐得住。”刺绣师陈秀兰说。\n"
            "“那时候一盏油灯绣到半夜。”\n"
            "村支书周建国介绍，全村有三百多名绣娘。")
    assert [q.quote for q in quotes_of(text)] == ["刺绣要坐得住。", "全村有三百多名绣娘"]


def test_a_further_statement_keeps_the_speaker_not_a_name_inside_the_first():
    text = "记者联系上了某报记者史小宝。他说他采访过王丙林本人，并称他们很熟。"
    assert [(q.speaker, q.quote) for q in quotes_of(text)] == [
        ("史小宝", "他采访过王丙林本人"), ("史小宝", "他们很熟")]


def test_a_pronoun_does_not_reach_a_speaker_quoted_far_back():
    filler = "这一年里，园区先后引进了十几家配套企业，厂房从三栋扩到了十二栋，产值翻了两番。" * 8
    text = f"研究员潘明东说，这个产业还处在起步阶段。\n{filler}\n近日，记者回访了那位业内人士，他告诉记者，市场已经冷下来了。"
    # 他 is the insider the writer went back to, a role with no name (as the gold annotates it).
    assert [(q.speaker, q.title) for q in quotes_of(text)] == [("潘明东", "研究员"), ("", "业内人士")]


@pytest.mark.parametrize("text, org, words", [
    ("据工业和信息化部消息，今年将再培育一批中小企业特色产业集群。", "工业和信息化部", "今年将再培育一批中小企业特色产业集群"),
    ("记者从国家统计局新闻发布会获悉，一季度工业增加值同比增长百分之六。", "国家统计局", "一季度工业增加值同比增长百分之六"),
    ("记者从中国商飞公司获悉，新一批国产大飞机将于年内交付。", "中国商飞公司", "新一批国产大飞机将于年内交付"),
    ("比亚迪回应称产品质量没有问题。", "比亚迪", "产品质量没有问题"),
    ("常州市市场监管局发布通报称，涉事门店已被责令停业整顿。", "常州市市场监管局", "涉事门店已被责令停业整顿"),
    ("苏州市发布重要提醒：返乡人员要做好健康监测。", "苏州市", "返乡人员要做好健康监测"),
    ("据常州市教育局此前通报，涉事学校已经完成整改。", "常州市教育局", "涉事学校已经完成整改"),
    ("无锡市再次官宣：到2025年将建成一批产业高地。", "无锡市", "到2025年将建成一批产业高地"),
    ("南京市要求，中高风险地区师生暂不返校。", "南京市", "中高风险地区师生暂不返校"),
    ("中央明确强调，必须保持制造业合理比重。", "中央", "必须保持制造业合理比重"),
    # organisations whose name the text withholds (某市…), and what a notice requires
    ("据某市应急管理局消息，全市已转移群众三千余人。", "某市应急管理局", "全市已转移群众三千余人"),
    ("据某县气象局通报，明天全县将迎来强降雨。", "某县气象局", "明天全县将迎来强降雨"),
    ("某市住房和城乡建设局消息称，全市已完成老旧小区改造。", "某市住房和城乡建设局", "全市已完成老旧小区改造"),
    ("据某县融媒体中心消息，该县已完成秋粮收购。", "某县融媒体中心", "该县已完成秋粮收购"),
    ("某省日前印发通知，要求各地严禁违规补课。", "某省", "要求各地严禁违规补课"),
])
def test_an_organisation_speaks_through_notices_bulletins_and_press_conferences(text, org, words):
    q = one(text)
    assert (q.speaker, q.title, q.org, q.quote) == ("", "", org, words)


@pytest.mark.parametrize("text", [
    "记者从全省产业集群建设工作会议上获悉，今年将力推四个集群。",
    "江苏多地日前发布通知，部署春季学期开学工作。",
    "南京、苏州、无锡等多地均要求，中高风险地区师生暂不返校。",
    "工信部和商务部表示，将联合开展专项行动。",
])
def test_an_event_a_class_or_a_list_of_organisations_is_no_single_speaker(text):
    assert quotes_of(text) == []


def test_who_said_it_named_in_the_next_sentence():
    q = one("“这里的空气比我老家还好。”\n说这话的老人王德福，已经在公园晨练了二十年。")
    assert (q.speaker, q.title, q.quote) == ("王德福", "老人", "这里的空气比我老家还好。")


def test_a_pronoun_opening_a_clause_before_a_colon_speaks():
    text = "记者见到了种粮大户孙启明。他还拿家乡的农田做了一个对比：“这边的地比我们那里肥多了。”"
    assert [(q.speaker, q.quote) for q in quotes_of(text)] == [("孙启明", "这边的地比我们那里肥多了。")]


def test_quotations_standing_alone_after_a_colon_statement_go_on_with_its_list_of_voices():
    text = ("这段视频发布后，获得了很多点赞。\n"
            "海外网友纷纷表示：这才是真实美好的中国。\n"
            "“看到老人在公园里这么开心，真有点羡慕。”\n"
            "\n"
            "“我下次旅行一定要去这座城市的公园看看。”\n"
            "值得一提的是，这种公园模式已经广受好评。\n"
            "“这句话不属于任何人。”")
    assert [(q.title, q.quote) for q in quotes_of(text)] == [
        ("海外网友", "这才是真实美好的中国"),
        ("海外网友", "看到老人在公园里这么开心，真有点羡慕。"),
        ("海外网友", "我下次旅行一定要去这座城市的公园看看。"),
    ]


def test_a_pronoun_stands_for_a_relation_named_after_the_last_person():
    text = ("事发当天，小花奶奶带小花去医院检查。小花奶奶表示，当时没检查出纸片。\n"
            "不过，当时不在场的小花母亲说法不同。“清理过后我们就回家了。”她说。")
    q = one(text, quote="清理过后我们就回家了。")
    assert (q.speaker, q.title) == ("", "小花母亲")


def test_a_pronoun_opening_a_paragraph_is_who_the_paragraph_before_was_about():
    text = ("小刚爷爷强调，并非不愿赔偿。如果说小刚拿纸揉了小花的眼睛，他信。\n"
            "他表示，愿意用自己的眼睛做实验。")
    q = one(text, quote="愿意用自己的眼睛做实验")
    assert (q.speaker, q.title) == ("", "小刚爷爷")


def test_according_to_someones_account():
    q = one("按照研究所负责人的说法，这批种子的发芽率超过九成。")
    assert (q.title, q.org, q.quote) == ("负责人", "研究所", "这批种子的发芽率超过九成")


def test_a_quotation_after_a_comma_then_a_dated_speaker_closing_the_sentence():
    text = "据某报报道，“今年的展会规模比往年大。”12月22日，某研究中心主任黄明远表示。"
    q = one(text)
    assert (q.speaker, q.title, q.quote) == ("黄明远", "主任", "今年的展会规模比往年大。")


def test_a_description_after_another_person_and_a_conjunction():
    text = ("展厅里，汉服模特陈小冰和文案宣传员王一多正在盘点货品。\n"
            "王一多说，自己的工作就是给汉服写文案。")
    q = one(text)
    assert (q.speaker, q.title, q.org) == ("王一多", "文案宣传员", "")


def test_a_quotation_after_an_ellipsis_opens_a_sentence():
    text = "工作台上摆着几只陶瓷小鸟……“这些小鸟在国外卖得很好。”话语间，陶艺师吴小然满是欢喜。"
    q = one(text)
    assert (q.speaker, q.quote) == ("吴小然", "这些小鸟在国外卖得很好。")


def test_a_newspaper_named_again_is_the_medium_quoted_last():
    text = "法国星期天报说，马克龙将访问莫斯科。报纸说，基辅现在也成了外交舞台。"
    assert [(q.org, q.quote) for q in quotes_of(text)] == [
        ("法国星期天报", "马克龙将访问莫斯科"), ("法国星期天报", "基辅现在也成了外交舞台")]
    # No medium quoted before (a platform is no medium): nobody.
    text = "某助贷平台高管表示，风控成本在上升。此前有报道指出，数据服务机构正转向银行。"
    assert [q.quote for q in quotes_of(text)] == ["风控成本在上升"]


def test_where_and_when_between_the_speaker_and_the_verb():
    q = one("马里总理马伊加去年9月在联合国指责法国缩减了反恐部队。")
    assert (q.speaker, q.quote) == ("马伊加", "法国缩减了反恐部队")


def test_an_organisation_with_a_latin_name_states_without_a_comma():
    q = one("2016年12月14日，SBS发表声明表示两位成员因忙于演艺事业而退出节目。")
    assert (q.org, q.quote) == ("SBS", "两位成员因忙于演艺事业而退出节目")


def test_a_person_inside_a_qualifier_is_not_the_empty_subject():
    assert quotes_of("以司马南和方舟子为代表的一批科技界人士，对这场表演发出质疑，指责这种商业闹剧有违公序良俗。") == []


def test_a_post_given_elsewhere_after_a_relative_clause_or_a_list():
    text = "饱受种子之苦的种植大户晏守明在温室里种了原原种。\n“脱毒种薯的产量就是高。”晏守明说。"
    q = one(text)
    assert (q.speaker, q.title, q.org) == ("晏守明", "种植大户", "")
    text = "记者联系上了这则消息的采写者、某通讯社河南分社记者史小宝。史小宝说，他采访过当事人。"
    q = one(text)
    assert (q.speaker, q.title, q.org) == ("史小宝", "记者", "某通讯社河南分社")


@pytest.mark.parametrize("text, speaker", [
    ("付女士说，她在这家店买过三次。", "付女士"),
    ("王先生告诉记者，快递三天都没到。", "王先生"),
])
def test_a_surname_and_an_honorific_is_the_speakers_name(text, speaker):
    q = one(text)
    assert (q.speaker, q.title) == (speaker, "")


def test_she_is_not_the_man_who_spoke_last():
    text = "付女士和丈夫王先生一起来到店里。王先生说，他们买过三次。她说，这次一定要退货。"
    assert [(q.speaker, q.quote) for q in quotes_of(text)] == [
        ("王先生", "他们买过三次"), ("付女士", "这次一定要退货")]


def test_a_dash_after_a_quotation_names_who_said_it():
    q = one("“制造业是立国之本。”——某研究院院长周建明")
    assert (q.speaker, q.title, q.org, q.quote) == ("周建明", "院长", "某研究院", "制造业是立国之本。")


def test_someones_view_named_as_a_noun():
    q = one("王强的看法是，明年价格还会回落。")
    assert (q.speaker, q.quote) == ("王强", "明年价格还会回落")


# --- not quotes -----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "(文/本报记者 李青 南京报道)",
    "记者在走访中了解到，多家园区正在扩建厂房。",
    "江苏省“千企升级”专项行动在南京启动。",
    "展台上，一台“会看图纸”的机床吸引了不少观众。",
    "市场消息称，这家企业将在年内上市。",
    "据介绍，该项目总投资较大。可以说，这是行业的转折点。",
    "对于中小企业来说，融资成本仍然偏高。",
    "该报告指出，新能源汽车销量将继续增长。",
    "根据研究院发布的《产业发展报告》（下称“《报告》”），集群数量增加。",
])
def test_not_quotes(text):
    assert quotes_of(text) == []


def test_pronoun_resolves_to_the_person_named_just_before():
    text = "在一家电商公司做运营的孙丹打算换份工作。她的部门也在裁员。“整个部门都很紧张。”她对记者表示。"
    q = one(text, kind="direct")
    assert (q.speaker, q.quote) == ("孙丹", "整个部门都很紧张。")


# --- round 2: constructions met in held-out articles ---------------------------------

@pytest.mark.parametrize("adverb", ["困惑地", "无奈地", "开玩笑地"])
def test_manner_adverb_before_the_verb_is_not_the_speaker(adverb):
    q = one(f"常州一家模具厂的老板周建新{adverb}说：“订单有，就是招不到人。”", kind="direct")
    assert q.speaker == "周建新"


def test_place_noun_ending_in_di_stays_in_the_speaker():
    q = one("项目所在地政府表示，征地工作已经完成。", kind="indirect")
    assert q.org == "项目所在地政府"


def test_quotation_comma_speaker_then_second_quotation():
    text = "“订单已经排到了明年春天”，无锡一家电机厂的厂长钱志明说，“工人三班倒都忙不过来。”"
    quotes = quotes_of(text)
    assert [q.quote for q in quotes] == ["订单已经排到了明年春天", "工人三班倒都忙不过来。"]
    assert {(q.speaker, q.title) for q in quotes} == {("钱志明", "厂长")}


def test_addressee_organisation_and_channel_are_not_the_speaker():
    q = one("常州市新能源协会通过书面声明向涉事公司表示：“行业自律公约对所有会员有效。”", kind="direct")
    assert (q.speaker, q.title, q.org) == ("", "", "常州市新能源协会")


def test_role_modifier_is_not_a_main_verb():
    q = one("“新工厂年底就能投产。”某车企有关部门人士透露，首批车型已经定型。", kind="indirect")
    assert q.title.endswith("人士") and q.quote == "首批车型已经定型"


def test_zhi_inside_an_organisation_name_is_not_a_clause_break():
    q = one("湖州市知之教育研究院院长沈一鸣表示，职业教育要和产业对接。")
    assert q.org == "湖州市知之教育研究院"


def test_relative_clause_before_the_organisation():
    q = one("主管招商引资的常熟高新区管委会副主任钱晓明表示，今年新签约项目四十个。")
    assert (q.speaker, q.title, q.org) == ("钱晓明", "副主任", "常熟高新区管委会")


def test_role_in_a_relative_clause_with_a_preposition():
    q = one("一位在车间里调试设备的工程师告诉记者，这条产线的良品率已经超过九成。")
    assert q.title.endswith("工程师") and q.quote == "这条产线的良品率已经超过九成"


def test_role_speaks_for_the_company_the_sentence_opens_with():
    q = one("在国内最大的风电整机企业之一的金风科技，某高管表示，海外市场仍在扩张。")
    assert (q.title, q.org) == ("高管", "金风科技")


def test_further_statement_after_but_with_a_pronoun():
    text = "某光伏企业董事长孙国强说，今年组件出货量翻了一番，但他同时承认，海外订单的利润在变薄。"
    quotes = quotes_of(text)
    assert [q.quote for q in quotes] == ["今年组件出货量翻了一番", "海外订单的利润在变薄"]
    assert {q.speaker for q in quotes} == {"孙国强"}


def test_surname_and_title_as_the_antecedent_of_a_pronoun():
    text = ("据这家研究所的所长陶文亮介绍，样机已经完成测试。陶所长接受采访时说：“明年可以量产。”"
            "陶所长否认项目延期。“进度完全符合预期。”他说。")
    q = one(text, quote="进度完全符合预期。")
    assert q.speaker == "陶文亮"


def test_speaker_cited_by_a_medium():
    q = one("一家外国通讯社援引汽车行业分析师的话说，明年电动车价格还会下降。")
    assert (q.speaker, q.title) == ("", "汽车行业分析师")


def test_answer_named_as_a_noun():
    q = one("对此，一家锂电池企业方面的回应是，“扩产计划没有改变，明年照常投产。”")
    assert q.org.endswith("锂电池企业") and q.quote == "扩产计划没有改变，明年照常投产。"


def test_role_with_a_bare_verb_but_not_an_organisation_nor_a_statistic():
    q = one("一位券商分析师认为消费电子将迎来新一轮换机潮。")
    assert q.title == "券商分析师"
    assert quotes_of("这家工厂表示欢迎各地客商前来考察合作项目。") == []
    assert quotes_of("调查显示，有61.5%的受访学生认为课外作业偏多。") == []


# --- take-along (issue 4) ------------------------------------------------------------

@pytest.mark.parametrize("follow", ["同时要加快培育专精特新企业", "还将设立二十亿元产业基金", "要让中小企业也用得起工业软件"])
def test_indirect_speech_takes_along_a_subjectless_next_sentence(follow):
    text = f"无锡市工信局局长顾伟表示，全市将新建五个智能制造示范园区。{follow}。这些园区主要分布在新吴区。"
    q = one(text, kind="indirect")
    assert q.quote == f"全市将新建五个智能制造示范园区。{follow}"


@pytest.mark.parametrize("follow", [
    "这些园区主要分布在新吴区",          # a subject of its own
    "还是那句话，企业是主体",            # 还是: not a continuation
    "将近一半的项目已经开工",            # 将近: not a modal
])
def test_indirect_speech_keeps_to_its_sentence_otherwise(follow):
    text = f"无锡市工信局局长顾伟表示，全市将新建五个智能制造示范园区。{follow}。"
    q = one(text, kind="indirect")
    assert q.quote == "全市将新建五个智能制造示范园区"


def test_take_along_stops_at_the_paragraph_and_at_another_statement():
    text = "无锡市工信局局长顾伟表示，全市将新建五个示范园区。\n同时要加快培育专精特新企业。"
    assert one(text, kind="indirect").quote == "全市将新建五个示范园区"
    text = "无锡市工信局局长顾伟表示，全市将新建五个示范园区。还表示，明年将扩大试点。"
    quotes = quotes_of(text)
    assert quotes[0].quote == "全市将新建五个示范园区"


# --- title and org from a sentence without a speech verb -----------------------------

def test_title_and_org_from_a_sentence_that_only_names_the_speaker():
    text = ("上午，宁德时代新能源科技股份有限公司首席科学家吴凯发布了新一代电池。"
            "吴凯表示，这款电池的充电速度提升了一倍。")
    q = one(text, kind="indirect")
    assert (q.speaker, q.title, q.org) == ("吴凯", "首席科学家", "宁德时代新能源科技股份有限公司")


def test_a_long_description_without_an_organisation_is_not_a_title():
    text = "长期从事电池材料研究的吴凯今天也来到了现场。吴凯表示，固态电池还需要五年。"
    q = one(text, kind="indirect")
    assert (q.speaker, q.title, q.org) == ("吴凯", "", "")


def test_organisation_speaking_after_a_relative_clause():
    q = one("长期从事电池材料研究的苏州纳米材料研究所通过官网表示，新工艺已经完成中试。")
    assert (q.speaker, q.title, q.org) == ("", "", "苏州纳米材料研究所")


def test_transliterated_name_tagged_as_two_persons_stays_whole():
    # The model tags 汉肯 and 塞缪尔森 as two persons side by side.
    q = one("沃尔沃汽车总裁汉肯塞缪尔森说：“电动化转型的步伐不会放慢。”", kind="direct")
    assert (q.speaker, q.org) == ("汉肯塞缪尔森", "沃尔沃汽车")
    assert q.title.startswith("总裁")


def test_two_chinese_names_side_by_side_are_not_merged():
    # Each opens with a common surname: the last one is the speaker.
    for q in quotes_of("工程师王明李华说：“新产线下月投产。”"):
        assert q.speaker in ("李华", "")


# --- a named organisation before a bare verb (苹果称…, 交通运输部表示将…) ---------------

@pytest.mark.parametrize("text, org, words", [
    ("国家统计局指出上半年规模以上工业增加值稳中有升。", "国家统计局", "上半年规模以上工业增加值稳中有升"),
    ("宁德时代称其钠离子电池将于明年实现量产。", "宁德时代", "其钠离子电池将于明年实现量产"),
    ("上周五，俄罗斯外交部表示不会接受任何附加条件。", "俄罗斯外交部", "不会接受任何附加条件"),
    ("市场监管总局指出要加大对网络直播带货的抽检力度。", "市场监管总局", "要加大对网络直播带货的抽检力度"),
])
def test_named_organisation_speaks_with_a_bare_verb(text, org, words):
    q = one(text, kind="indirect")
    assert (q.speaker, q.title, q.org, q.quote) == ("", "", org, words)
    assert q.rule == "quotes.organisation_bare_verb"


@pytest.mark.parametrize("text", [
    "这家工厂表示将在明年扩建一条生产线。",          # a determiner: which factory is not named
    "当地政府表示欢迎外地客商前来投资兴业。",        # an attitude, and a class of governments
    "民营企业认为融资成本仍然偏高。",                # a class of companies
    "外交部表示强烈不满。",                          # an attitude with a degree word
    "工信部表示衷心感谢各地企业的积极参与和支持。",  # a long attitude is still one
    "这片海域旧名南湾（又称银滩，沿岸都是细沙），是游客最多的地方。",  # 又称 names, does not speak
])
def test_no_organisation_statement(text):
    assert quotes_of(text) == []


def test_a_person_with_a_bare_verb_keeps_the_person_rule():
    q = one("比亚迪董事长王传福称今年海外销量有望翻番。")
    assert (q.speaker, q.title, q.org) == ("王传福", "董事长", "比亚迪")
    assert q.rule == "quotes.bare_verb"


# --- relations, dotted names, dialogue, far pronouns --------------------------------

def test_person_named_by_a_relation_speaks_with_that_role():
    q = one("王小军的母亲告诉记者，孩子上周已经出院回家。", kind="indirect")
    assert (q.speaker, q.title) == ("", "王小军母亲")          # written as the gold writes it, without 的
    q = one("“店里的生意比去年好多了。”摊主李强妻子说。", kind="direct")
    assert q.speaker == "" and q.title.endswith("妻子")


def test_several_relations_together_each_say_it():
    found = quotes_of("王小军母亲、李明父亲均表示，学校没有通知家长。")
    assert sorted(q.title for q in found) == ["李明父亲", "王小军母亲"]
    assert all(q.quote == "学校没有通知家长" and not q.speaker for q in found)


def test_relation_after_dui_is_spoken_to_not_the_speaker():
    text = "老赵的儿子在镇上开了一家修车铺。这天老赵对儿子说：“铺子再小也要讲信用。”"
    assert all("儿子" not in q.title for q in quotes_of(text))


def test_given_name_of_a_dotted_foreign_name_is_that_person():
    text = "32岁的艾米丽·卡特在伦敦一家书店工作。艾米丽解释说：“每天都有读者来问新书。”"
    q = one(text, kind="direct")
    assert q.speaker == "艾米丽"


def test_answer_after_a_question_does_not_take_the_question():
    text = "徒弟问师傅道：“这道工序能不能省掉？”师傅答道：“省不得，省了就出次品。”"
    found = quotes_of(text)
    assert [q.quote for q in found if q.title == "师傅"] == ["省不得，省了就出次品。"]


def test_quotation_before_a_pointing_out_verb_stays_the_speakers():
    text = "“电池回收的利润比想象的薄。”该研究所所长刘伟指出：“企业要靠规模取胜。”"
    assert {q.quote for q in quotes_of(text) if q.speaker == "刘伟"} == \
        {"电池回收的利润比想象的薄。", "企业要靠规模取胜。"}


def test_pronoun_does_not_reach_a_person_named_far_back():
    filler = "这座小城的街道两旁种满了梧桐树，每到秋天落叶铺满路面，环卫工人清晨就要出门清扫。" * 8
    text = "张建华曾在这里当过三十年校长。\n" + filler + "\n一位老人站在路边。他笑着说：“这里的变化太大了。”"
    assert all(q.speaker != "张建华" for q in quotes_of(text))


def test_interview_turn_with_a_parenthetical_and_an_indent():
    text = "主持人：充电难怎么解决？\n　　李建国(省交通科学研究院研究员)：充电桩还要再密一些。\n　　王小明（15岁）：我觉得公交更方便。"
    q = one(text, speaker="李建国")
    assert (q.title, q.org, q.kind, q.quote) == ("研究员", "省交通科学研究院", "direct", "充电桩还要再密一些。")
    assert one(text, speaker="王小明").quote == "我觉得公交更方便。"
    assert quotes_of("　　主要内容（2023年）：推进产业集群发展，加快建设创新平台。") == []


@pytest.mark.parametrize("text, org", [
    ("俄方认为，该地区局势总体可控。", "俄方"),
    ("警方表示，两名嫌疑人已被刑事拘留。", "警方"),
    ("院方回应称，患者目前生命体征平稳。", "院方"),
])
def test_a_side_speaks_as_an_organisation(text, org):
    q = one(text, kind="indirect")
    assert (q.speaker, q.title, q.org) == ("", "", org)


def test_both_sides_are_no_single_speaker():
    assert not quotes_of("双方认为，两国经贸合作潜力巨大。")


@pytest.mark.parametrize("text, speaker, words", [
    ("研究员王建国说这种电池材料的成本明年还会下降。", "王建国", "这种电池材料的成本明年还会下降"),
    ("市长刘洪表示，园区还会扩建。他坦言土地指标仍然紧张。", "刘洪", "土地指标仍然紧张"),
    ("28岁的艾米丽·卡特来自伦敦。艾米丽说这份工作让她每天都很开心。", "艾米丽", "这份工作让她每天都很开心"),
])
def test_say_without_a_comma_takes_the_clause(text, speaker, words):
    q = one(text, quote=words)
    assert (q.speaker, q.kind) == (speaker, "indirect")


@pytest.mark.parametrize("text", [
    "王明说明了这批设备的来历。",
    "李华说服了全家人搬到新区居住。",
    "听说这家工厂明年要搬到城外去。",
    "可以说这是全省最大的一笔外资项目。",
    "对中小企业来说这笔补贴来得非常及时。",
    "张华说不定明年就会回到家乡创业。",
    "他的女儿急了，说这样做风险实在太大。",
])
def test_say_inside_another_word_or_without_a_speaker_is_no_quote(text):
    assert not quotes_of(text)


def test_a_person_qualifying_someone_else_is_not_the_empty_subject():
    # 贝尔格莱德的一位女士: the city (or a person) before 的 does not speak for the woman.
    assert not quotes_of("伦敦的王小丽的一位邻居搬去了乡下，并声称她每个月的开销少了一半。")


def test_a_household_is_no_single_speaker():
    # It speaks as one, named by its tie to a person (as the gold has 小刚家): a title, no name.
    text = "小芳的眼睛又红了。第二天，小芳家说，小芳的眼睛里又进了沙子，要求学校再去检查。"
    assert [(q.speaker, q.title) for q in quotes_of(text)] == [("", "小芳家")]


def test_speaker_from_the_clause_subject_before_a_colon():
    q = one("在村里种了三十年苹果的张德明感触很深：“以前一亩地挣不到两千块，现在能挣一万多。”", kind="direct")
    assert q.speaker == "张德明"
    assert q.quote == "以前一亩地挣不到两千块，现在能挣一万多。"


def test_speaker_from_the_clause_subject_after_a_quotation():
    q = one("“这批种苗可都是宝贝。”技术员李明掰着手指算起了账，每株苗能结四十粒种薯。", kind="direct")
    assert (q.speaker, q.title) == ("李明", "技术员")


@pytest.mark.parametrize("text", [
    "会议明确了今年的三项重点任务：“稳增长、调结构、防风险。”",
    "记者采访了李明：“这次展会有什么新变化？”",
    "“欢迎光临。”门口的电子屏不停地滚动着这句话。",
])
def test_no_subject_person_no_speaker(text):
    assert not quotes_of(text)


def test_a_clause_without_a_person_leaves_the_quotation_to_the_paragraph_speaker():
    text = ("市长刘洪在致辞中说，园区是全市发展的火车头。"
            "“园区发展前景光明。”他希望各方加强合作。")
    q = one(text, quote="园区发展前景光明。")
    assert q.speaker == "刘洪"


def test_a_latin_letter_name_before_a_title_or_verb_is_an_organisation_but_not_a_persons_name():
    [analyst] = quotes_of("Omdia分析师王磊表示，明年面板价格将企稳回升。")
    assert (analyst.speaker, analyst.title, analyst.org) == ("王磊", "分析师", "Omdia")
    [firm] = quotes_of("GfK预计，今年国内彩电销量将下降3%。")
    assert (firm.speaker, firm.title, firm.org) == ("", "", "GfK")
    assert all(q.org != "Anna Berg" for q in quotes_of("Anna Berg表示，北欧市场需求稳定。"))


# --- speaker fields: the title as a post, the organisation it speaks for -----------------

def test_praise_before_a_post_is_not_part_of_the_title():
    q = one("我国著名桥梁设计专家周海波认为，这座大桥的抗震标准很高。", kind="indirect")
    assert (q.speaker, q.title) == ("周海波", "桥梁设计专家")


def test_relative_clause_before_a_post_is_a_description():
    q = one("一位在车间干了二十年的技术员说，这台机床还能再用十年。", kind="indirect")
    assert q.title == "技术员"
    # A role that means nothing alone keeps its clause.
    q = one("接近这家银行的人士透露，年内将有一批网点撤并。", kind="indirect")
    assert q.title == "接近这家银行的人士"


def test_later_part_of_a_parenthetical_gives_the_organisation():
    q = one("记者：这种电池安全吗？\n刘晓东（知名电化学专家、华东理工大学教授）：只要热管理做好，风险可控。",
            kind="direct")
    assert (q.speaker, q.title, q.org) == ("刘晓东", "电化学专家", "华东理工大学")


def test_organisation_before_a_name_with_de():
    q = one("中国社会科学院工业经济研究所的王立新撰文指出，制造业比重不宜下降过快。", kind="indirect")
    assert (q.speaker, q.org) == ("王立新", "中国社会科学院工业经济研究所")
    # A village before 的 is where someone lives, not an organisation they speak for.
    q = one("城南镇杨树村的刘春生说，今年的西瓜卖得比去年好。", kind="indirect")
    assert (q.speaker, q.org) == ("刘春生", "")


def test_organisation_of_the_same_post_named_in_another_mention():
    text = ("上周，患者被送到宁海县第一人民医院。该院主治医师陈国栋表示，患者已经脱离危险。\n"
            "宁海县第一人民医院主治医师陈国栋还说，类似病例今年已有三起。")
    found = [q for q in quotes_of(text) if q.speaker == "陈国栋"]
    assert len(found) == 2
    assert all((q.title, q.org) == ("主治医师", "宁海县第一人民医院") for q in found)


def test_name_and_post_read_as_one_word_are_split():
    from pipeline.extractors import load_rules
    from pipeline.extractors.quotes.speakers import SpeakerParser

    parser = SpeakerParser(load_rules())
    assert parser.name_and_title("梁星人博士") == ("梁星人", "博士")
    assert parser.name_and_title("王副局长") is None
    assert parser.surname_and_title("王副局长") and not parser.surname_and_title("梁星人博士")


def test_organisation_pointed_at_by_gai():
    text = "伤者被送往东阳市中医院救治。该院急诊科主任吴海峰介绍，伤者已无生命危险。"
    q = one(text, kind="indirect")
    assert (q.speaker, q.title, q.org) == ("吴海峰", "主任", "东阳市中医院急诊科")
    # Nothing named before: the post alone, no organisation made up.
    q = one("该公司负责人称，新厂房将于明年投产。", kind="indirect")
    assert (q.title, q.org) == ("负责人", "")


def test_role_ending_in_ren_speaks_with_cheng():
    q = one("市交通局新闻发言人称，地铁三号线将于年底通车。", kind="indirect")
    assert (q.title, q.org, q.quote) == ("新闻发言人", "市交通局", "地铁三号线将于年底通车")
    assert quotes_of("他人称“拼命三郎”，干起活来不要命。") == []


def test_reported_clause_before_its_speaker():
    q = one("新厂房下个月就能投产，项目经理周海涛说。", kind="indirect")
    assert (q.speaker, q.title, q.quote) == ("周海涛", "项目经理", "新厂房下个月就能投产")
    assert quotes_of("有人说这是谣言，大家不要信他的胡说。") == []


def test_several_organisations_do_not_speak_as_one():
    assert quotes_of("而在国内一些地方政府眼里，合同可以随时修改。") == []


def test_persons_speaking_together_each_say_it():
    found = quotes_of("赵立华和钱文斌都表示，这个项目明年一定能投产。")
    assert sorted(q.speaker for q in found) == ["赵立华", "钱文斌"]
    assert all(q.quote == "这个项目明年一定能投产" for q in found)
    # Posts listed before one name are that person's.
    q = one("某市委副书记、某县委书记孙海洋说，全县今年要新建十个产业园。", kind="indirect")
    assert q.speaker == "孙海洋"


def test_post_given_in_a_clause_with_zuowei():
    text = "作为一家外贸企业的总经理，张立新对此深有体会。张立新说，今年的海外订单明显减少。"
    q = one(text, kind="indirect")
    assert (q.speaker, q.title, q.org) == ("张立新", "总经理", "")


def test_description_starts_after_a_verb_of_meeting():
    text = "记者采访了某汽车集团副总裁李国庆。李国庆表示，公司将加大研发投入。"
    q = one(text, kind="indirect")
    assert (q.speaker, q.title, q.org) == ("李国庆", "副总裁", "某汽车集团")


def test_head_of_government_is_a_title():
    q = one("英国首相约翰逊表示，英国将加强与欧盟的合作。", kind="indirect")
    assert (q.speaker, q.title, q.org) == ("约翰逊", "首相", "英国")


def test_holding_a_post_and_de_before_the_name():
    q = one("现任某农商银行行长的周立华认为，小微贷款利率还有下行空间。", kind="indirect")
    assert (q.speaker, q.title, q.org) == ("周立华", "行长", "某农商银行")


def test_organisation_before_de_and_the_whole_post_after_it():
    q = one("某基金公司的基金经理刘海洋说，市场情绪正在修复。", kind="indirect")
    assert (q.speaker, q.title, q.org) == ("刘海洋", "基金经理", "某基金公司")


@pytest.mark.parametrize("text, speaker", [
    ("知名经济学家、某财经大学教授韩立新表示，楼市已经触底。", ("韩立新", "教授", "某财经大学")),
    ("资深规划师、东岳城市设计研究院总工程师马晓光表示，楼市已经触底。",
     ("马晓光", "总工程师", "东岳城市设计研究院")),
    ("家装监理员、安居验房公司主任工程师吴立平说，楼市已经触底。", ("吴立平", "主任工程师", "安居验房公司")),
])
def test_a_later_post_bound_to_an_organisation_is_the_one_given(text, speaker):
    # The corpus annotators give the post held at the organisation next to the name, with it
    # (a first post with no organisation of its own is a description).
    q = one(text, kind="indirect")
    assert (q.speaker, q.title, q.org) == speaker


@pytest.mark.parametrize("text, speaker", [
    ("华为海鼎品牌总监林芳说，新机下月上市。", ("林芳", "品牌总监", "华为海鼎")),
    ("联想星图产品总监王芳说，新机下月上市。", ("王芳", "产品总监", "联想星图")),
    # a post heading the unit (总经理, CEO) takes no field: the unit, its kind included, is the org
    ("比亚迪海豹品牌总经理陈刚表示，新机下月上市。", ("陈刚", "总经理", "比亚迪海豹品牌")),
    ("长安汽车深蓝品牌CEO孙浩表示，新机下月上市。", ("孙浩", "CEO", "长安汽车深蓝品牌")),
    ("苹果公司全球副总裁孙浩表示，新机下月上市。", ("孙浩", "全球副总裁", "苹果公司")),
    # no unit name before the field: the organisation alone
    ("京东物流市场总监赵敏表示，新机下月上市。", ("赵敏", "市场总监", "京东物流")),
    ("腾讯云鼎实验室负责人王强说，新机下月上市。", ("王强", "负责人", "腾讯云鼎实验室")),
])
def test_a_unit_named_after_a_named_company_belongs_to_the_organisation(text, speaker):
    q = one(text, kind="indirect")
    assert (q.speaker, q.title, q.org) == speaker


@pytest.mark.parametrize("text, speaker", [
    ("有物流企业高管告诉记者，运费今年不会再涨。", ("", "物流企业高管", "")),
    ("一家头部物流平台的高管对记者表示，运费今年不会再涨。", ("", "物流平台高管", "")),
    ("一家电商平台的销售部经理说，运费今年不会再涨。", ("", "销售部经理", "")),
    ("一家排名靠前的软件公司技术负责人对记者提到，运费今年不会再涨。", ("", "技术负责人", "")),
    # named organisations, places and schools are split out; a named person keeps the post alone
    ("一位华为公司的工程师表示，运费今年不会再涨。", ("", "工程师", "华为公司")),
    ("一位宁波市的官员表示，运费今年不会再涨。", ("", "官员", "宁波市")),
    ("多名石桥学校小学生说，运费今年不会再涨。", ("", "小学生", "石桥学校")),
    ("一家模具厂的老板周建新说，运费今年不会再涨。", ("周建新", "老板", "")),
])
def test_an_organisation_named_by_its_kind_alone_is_part_of_the_role(text, speaker):
    q = one(text, kind="indirect")
    assert (q.speaker, q.title, q.org) == speaker


@pytest.mark.parametrize("text, speaker", [
    ("据该项目业主介绍，开发商已经开始返工。", ("", "业主", "")),
    ("但该小区居民表示，开发商已经开始返工。", ("", "居民", "")),
    ("据项目业主介绍，开发商已经开始返工。", ("", "业主", "")),
    ("一位自称本地车主的男子告诉记者，开发商已经开始返工。", ("", "车主", "")),
    ("一位声称是附近村民的男子说，开发商已经开始返工。", ("", "村民", "")),
    ("一位自称公司老员工的女子告诉记者，开发商已经开始返工。", ("", "老员工", "")),
    # a post of its own is kept whole
    ("该项目经理表示，开发商已经开始返工。", ("", "项目经理", "")),
    ("该项目负责人表示，开发商已经开始返工。", ("", "项目负责人", "")),
])
def test_what_the_text_is_about_and_a_claim_around_a_role_are_not_the_title(text, speaker):
    q = one(text, kind="indirect")
    assert (q.speaker, q.title, q.org) == speaker


@pytest.mark.parametrize("text, speaker", [
    ("美国学生道：“你们的规矩我不懂。”", ("", "学生", "")),
    ("一位日本游客告诉记者，这里的风景太美了。", ("", "游客", "")),
    ("美国专家史密斯表示，这里的风景太美了。", ("史密斯", "专家", "")),
    # an official speaks for the country
    ("美国官员表示，这里的风景太美了。", ("", "官员", "美国")),
])
def test_a_country_before_a_role_of_its_people_is_a_nationality(text, speaker):
    q = quotes_of(text)[0]
    assert (q.speaker, q.title, q.org) == speaker


# --- attribution without a speech verb (issue 16, construction 4) -----------------------------

@pytest.mark.parametrize("text, words, speaker", [
    # a described person acting after the quotation
    ("“电池的成本三年降了一半。”某储能研究院院长周立从原材料角度分析了原因。", "电池的成本三年降了一半。",
     ("周立", "院长", "某储能研究院")),
    # 这样/如此 + verb in the next paragraph pointing back at the quotation
    ("“我们三年前就开始布局海外市场了。”\n某储能企业董事长宋立华这样解释公司的战略。",
     "我们三年前就开始布局海外市场了。", ("宋立华", "董事长", "某储能企业")),
    # how plain the answer was, then a colon
    ("面对裁员的传闻，某电器集团总裁吴海峰的回答很干脆：“一个都不裁。”", "一个都不裁。",
     ("吴海峰", "总裁", "某电器集团")),
    # 这是X反复强调的一句话
    ("“专精特新不是贴标签。”这是某市工信局局长孙海涛反复强调的一句话。", "专精特新不是贴标签。",
     ("孙海涛", "局长", "某市工信局")),
])
def test_a_speaker_named_around_a_quotation_without_a_speech_verb_of_its_own(text, words, speaker):
    found = [(q.speaker, q.title, q.org) for q in extract(text).quotes if q.quote == words]
    assert found == [speaker]


@pytest.mark.parametrize("text", [
    "“读书改变命运。”很多人都这样认为。",
    "“欢迎光临。”门口的电子屏不停地滚动着这句话。",
    "这家工厂的态度很明确：“按合同办事。”",
])
def test_no_person_around_a_quotation_means_no_speaker(text):
    assert extract(text).quotes == []


def test_a_verb_qualifying_a_noun_reports_nothing():
    # 一再强调的 qualifies 大事: no clause 的头等大事 is reported.
    text = "“安全第一。”这是厂长周伟一再强调的头等大事。"
    assert all(not q.quote.startswith("的") for q in extract(text).quotes)


# --- organisations speaking as one (construction 5): withheld names, pointers, notices ----------

@pytest.mark.parametrize("text, org", [
    ("近日，某市市场监督管理局对一家超市进行了检查。\n\n该局表示，将依法从严处理违规行为。", "某市市场监督管理局"),
    ("温州市民政局近日开展养老机构检查。\n\n该部门表示，将对问题机构限期整改。", "温州市民政局"),
    ("某银行近日下调了存款利率。该行表示，此次调整符合市场规律。", "某银行"),
])
def test_a_pointer_to_an_organisation_names_it_as_first_written(text, org):
    q = one(text, kind="indirect")
    assert (q.speaker, q.title, q.org) == ("", "", org)


def test_a_pointer_keeps_the_place_before_a_withheld_name():
    q = one("杭州市某区城管局对占道经营开展整治。\n\n该局工作人员王明表示，将持续开展巡查。")
    assert (q.speaker, q.title, q.org) == ("王明", "工作人员", "杭州市某区城管局")


@pytest.mark.parametrize("text, org, words", [
    ("某市交通运输局发布通告。通告指出，5月1日起该路段实行单向通行。", "某市交通运输局", "5月1日起该路段实行单向通行"),
    ("吉利汽车昨晚发表声明。声明表示，网传消息与事实不符。", "吉利汽车", "网传消息与事实不符"),
    ("国务院办公厅近日印发《关于加快发展养老服务业的意见》，要求各地加大投入。", "国务院办公厅", "要求各地加大投入"),
])
def test_a_notice_speaks_for_the_organisation_that_issued_it(text, org, words):
    q = one(text)
    assert (q.speaker, q.title, q.org, q.quote) == ("", "", org, words)


@pytest.mark.parametrize("text", [
    "国家统计局发布数据。数据显示，一季度国内生产总值同比增长5%。",
    "某研究院发布报告。报告显示，行业规模持续扩大。",
    "据某省统计局数据显示，全省经济运行平稳。",
])
def test_what_data_or_a_report_shows_stays_a_finding(text):
    assert quotes_of(text) == []


def test_qi_after_a_sentence_an_organisation_opens_is_that_organisation_not_the_last_person():
    quotes = quotes_of("某市卫健委新闻发言人王明此前表示，疫情总体平稳。\n\n"
                       "某航空公司就航班延误致歉。其在声明中表示，将为旅客办理改签。")
    assert [(q.speaker, q.title, q.org) for q in quotes] == [("王明", "新闻发言人", "某市卫健委"), ("", "", "某航空公司")]


@pytest.mark.parametrize("text, speaker", [
    ("杭州市教育局局长王强昨天接受了采访。其表示，今年将新增学位2万个。", "王强"),
    ("王明与某公司签订了合同。其表示，将按期交货。", "王明"),
])
def test_qi_after_a_person_stays_that_person(text, speaker):
    assert one(text).speaker == speaker


def test_a_notice_quoted_whole_after_a_colon_is_direct():
    q = one("某市公安局官方微博发布警情通报：“涉事男子已被刑事拘留。”")
    assert (q.speaker, q.org, q.kind, q.quote) == ("", "某市公安局", "direct", "涉事男子已被刑事拘留。")


def test_a_notice_with_no_issuer_before_it_is_nobodys():
    assert quotes_of("宁波市教育局召开会议。通知要求，各校要在开学前完成安全检查。") == []
