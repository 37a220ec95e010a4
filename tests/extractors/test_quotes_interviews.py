"""Interviews in question-and-answer form (pipeline/extractors/quotes/interviews.py), on our own
example interviews: labelled turns, answers running over paragraphs, headings naming the
interviewee, 问/答 and bare question lines."""
from __future__ import annotations

from pipeline.extractors.extract import extract


def quotes_of(text: str):
    return [(q.speaker, q.title, q.org, q.quote, q.kind) for q in extract(text).quotes]


def test_an_answer_goes_on_over_its_paragraphs_until_the_next_question():
    text = ("记者：今年的订单情况怎么样？\n"
            "钱立群：订单已经排到了明年三月。\n"
            "海外订单占了四成，主要来自东南亚。\n"
            "记者：人手够吗？\n"
            "钱立群：还差两百个熟练工。")
    assert quotes_of(text) == [
        ("钱立群", "", "", "订单已经排到了明年三月。", "direct"),
        ("钱立群", "", "", "海外订单占了四成，主要来自东南亚。", "direct"),
        ("钱立群", "", "", "还差两百个熟练工。", "direct"),
    ]


def test_a_section_heading_or_a_byline_ends_the_answer():
    text = ("记者：今年的订单情况怎么样？\n"
            "钱立群：订单已经排到了明年三月。\n"
            "产能扩张放在下一步\n"
            "车间里，工人们正在调试一条新的生产线。\n"
            "责任编辑：孙明\n"
            "本文来源于某某日报，转载请注明出处。")
    assert [q[3] for q in quotes_of(text)] == ["订单已经排到了明年三月。"]


def test_several_interviewees_keep_their_own_answers():
    text = ("主持人：两位怎么看今年的芯片市场？\n"
            "刘建华：存储芯片价格已经见底回升。\n"
            "下半年的需求主要看手机。\n"
            "陈晓梅：我看汽车芯片还会紧张一阵子。\n"
            "主持人：那么价格呢？\n"
            "刘建华：价格还会涨一些。")
    assert [(q[0], q[3]) for q in quotes_of(text)] == [
        ("刘建华", "存储芯片价格已经见底回升。"),
        ("刘建华", "下半年的需求主要看手机。"),
        ("陈晓梅", "我看汽车芯片还会紧张一阵子。"),
        ("刘建华", "价格还会涨一些。"),
    ]


def test_answers_under_da_are_the_headings_interviewee_with_the_post_it_gives():
    text = ("嘉宾：华东某电机集团董事长李建国\n"
            "问：今年的订单怎么样？\n"
            "答：订单已经排到明年三月，产能还要扩。\n"
            "新厂房下个月封顶。\n"
            "问：海外市场呢？\n"
            "答：东南亚增长最快，欧洲也在恢复。")
    assert quotes_of(text) == [
        ("李建国", "董事长", "华东某电机集团", "订单已经排到明年三月，产能还要扩。", "direct"),
        ("李建国", "董事长", "华东某电机集团", "新厂房下个月封顶。", "direct"),
        ("李建国", "董事长", "华东某电机集团", "东南亚增长最快，欧洲也在恢复。", "direct"),
    ]


def test_heading_with_the_name_first_then_the_post():
    text = "受访者：周海燕，某新材料公司总经理\n问：今年最难的是什么？\n答：原材料涨价，只能靠工艺降成本。"
    assert quotes_of(text) == [("周海燕", "总经理", "某新材料公司", "原材料涨价，只能靠工艺降成本。", "direct")]


def test_after_a_post_and_name_heading_bare_questions_are_answered_in_the_next_paragraphs():
    text = ("某新材料公司总经理：周海燕\n"
            "今年最难的是什么？\n"
            "原材料涨价，我们只能靠工艺把成本降下来。\n"
            "好在下游订单还在增长。\n"
            "明年有什么打算？\n"
            "再建一条生产线，把产能翻一番。")
    assert [(q[0], q[1], q[2], q[3]) for q in quotes_of(text)] == [
        ("周海燕", "总经理", "某新材料公司", "原材料涨价，我们只能靠工艺把成本降下来。"),
        ("周海燕", "总经理", "某新材料公司", "好在下游订单还在增长。"),
        ("周海燕", "总经理", "某新材料公司", "再建一条生产线，把产能翻一番。"),
    ]


def test_a_byline_is_no_interviewee_and_bare_questions_then_ask_nothing():
    assert quotes_of("主编：王明\n今年的展会有什么亮点？\n展馆面积比去年扩大了一倍。") == []


def test_a_question_without_a_heading_does_not_make_the_next_paragraph_an_answer():
    assert quotes_of("新能源车还能降价吗？\n这是不少消费者心里的疑问。今年的价格战还在继续。") == []


def test_a_one_off_name_line_in_a_story_does_not_run_on():
    text = "张德明：我们村今年种了三百亩草莓。\n村口的大棚里，工人们正在采摘，一箱箱草莓被装上冷链车。"
    assert [(q[0], q[3]) for q in quotes_of(text)] == [("张德明", "我们村今年种了三百亩草莓。")]


def test_a_title_the_question_gives_by_surname_is_the_answerers_title():
    text = "[某电视台记者]：请问王局长，今年出口形势如何？\n[王建设]：一季度出口增长较快，二季度还要看海外需求。"
    assert quotes_of(text) == [("王建设", "局长", "", "一季度出口增长较快，二季度还要看海外需求。", "direct")]


def test_the_speakers_post_from_the_lead_fills_the_labelled_answer():
    text = ("某省工信厅副厅长孙立平在发布会上表示，今年将新建五个产业园。\n"
            "记者：园区的招商情况如何？\n"
            "孙立平：已经签约四十多个项目。")
    answer = [q for q in quotes_of(text) if q[3] == "已经签约四十多个项目。"]
    assert answer == [("孙立平", "副厅长", "某省工信厅", "已经签约四十多个项目。", "direct")]


def test_names_the_model_misses_under_a_label_in_an_interview():
    text = "问：你为什么选择回国？\nAnna Weber：这里的实验条件很好，团队也很年轻。\n问：习惯这里的生活吗？\ntechfox：我已经在这里住了五年了。"
    assert [(q[0], q[3]) for q in quotes_of(text)] == [
        ("Anna Weber", "这里的实验条件很好，团队也很年轻。"),
        ("techfox", "我已经在这里住了五年了。"),
    ]


def test_an_experts_paragraph_under_a_name_and_post_label():
    text = ("专家们怎么看？\n"
            "刘天模教授（某大学材料科学系）：破口都是机械损伤，不是自然形成的。\n"
            "翟中和（院士、细胞生物学家）：这项研究还处在基础阶段。")
    assert [(q[0], q[1], q[2]) for q in quotes_of(text)] == [
        ("刘天模", "教授", "某大学材料科学系"), ("翟中和", "院士", "")]
