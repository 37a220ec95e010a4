"""Quotes by roles and crowds with no name, and the pronouns that stand for them (our own sentences)."""
from __future__ import annotations

import pytest

from pipeline.extractors.extract import extract


def who(text: str) -> list[tuple[str, str, str, str]]:
    return [(q.speaker, q.title, q.org, q.quote) for q in extract(text).quotes]


@pytest.mark.parametrize("text, title", [
    ("村民们说：“路修好了，出门方便多了。”", "村民"),
    ("车主们纷纷表示，充电桩太少了。", "车主"),
    ("孩子们高兴地说：“今天的活动太好玩了。”", "孩子"),
    ("专家们一致认为，这项技术很有前景。", "专家"),
    ("有网友评论说：“这才是城市更新该有的样子。”", "网友"),
    ("网友纷纷留言：“希望早日通车。”", "网友"),
    ("一位前来办事的群众说：“现在办事快多了。”", "群众"),
])
def test_a_crowd_named_by_its_role_speaks_as_that_role(text, title):
    assert [(s, t, o) for s, t, o, _ in who(text)] == [("", title, "")]


@pytest.mark.parametrize("text", [
    "有人说：“这件事没那么简单。”",
    "大家都说：“这个办法好。”",
    "俗话说：“远亲不如近邻。”",
    "人们常说，时间就是金钱。",
    "记者们都说：“这次采访很顺利。”",
    "男人们都说，这事不好办。",
    "记者发现，很多商户已经搬走了。",
    "村民们说的那条路已经修好了。",
])
def test_nobody_in_particular_and_the_writer_are_no_speakers(text):
    assert who(text) == []


@pytest.mark.parametrize("text, title", [
    ("一位当地村民说：“以前这里没有路。”", "村民"),
    ("当地居民告诉记者，这里夏天常常停电。", "居民"),
    ("现场工作人员表示，活动将持续到周日。", "工作人员"),
    ("附近一位商户告诉记者，生意比去年好。", "商户"),
])
def test_where_a_role_is_found_is_no_part_of_it(text, title):
    assert [t for _, t, _, _ in who(text)] == [title]


def test_a_title_word_is_not_cut_where_an_organisation_word_ends():
    assert [(t, o) for _, t, o, _ in who("一些企业主表示，融资难的问题有所缓解。")] == [("企业主", "")]


@pytest.mark.parametrize("text, org", [
    ("某县县委副书记、县长孙亮在会上强调，要抓好安全生产。", "某县"),
    ("安平县县委书记李刚表示，项目进展顺利。", "安平县"),
    ("某市市委常委、副市长王强表示，项目进展顺利。", "某市"),
])
def test_a_place_written_again_before_its_committee_is_the_organisation_once(text, org):
    (_, title, got, _), = who(text)
    assert got == org and title.startswith(org[-1] + "委")


@pytest.mark.parametrize("text, title", [
    ("游客王女士说：“风景很美。”他的妻子说：“他每天都要工作到深夜。”", "妻子"),
    ("游客王先生说：“风景很美。”她的丈夫说：“她每天都要工作到深夜。”", "丈夫"),
    ("游客王女士说：“风景很美。”她的丈夫说：“她每天都要工作到深夜。”", "王女士丈夫"),
    ("一名男子说：“我没看见。”他的妻子说：“他一直在家。”", "妻子"),
])
def test_a_tie_through_a_pronoun_goes_only_to_a_person_of_its_gender(text, title):
    assert who(text)[-1][:2] == ("", title)


def test_a_speaker_whose_verb_opens_the_next_quotation_does_not_take_the_one_before():
    assert who("王明说：“风景很美。”他的妻子说：“他每天都要工作到深夜。”") == [
        ("王明", "", "", "风景很美。"), ("", "王明妻子", "", "他每天都要工作到深夜。")]


@pytest.mark.parametrize("text, title", [
    ("一位老人坐在门口。他说：“这条街以前全是泥路。”", "老人"),
    ("记者李明说：“天气很好。”一位老人坐在门口。他说：“这条街以前全是泥路。”", "老人"),
    ("记者见到了一位老人。他告诉记者，这条街以前全是泥路。", "老人"),
    ("记者李明说：“天气很好。”一名女子站在路边。她说：“车太多了。”", "女子"),
    ("老人叹了口气。他说：“这条街以前全是泥路。”", "老人"),
    ("店主李明说：“生意不错。”那位老人坐在门口。他说：“这条街以前全是泥路。”", "老人"),
])
def test_a_pronoun_after_a_person_brought_in_by_a_role_is_that_role(text, title):
    assert who(text)[-1][:3] == ("", title, "")


@pytest.mark.parametrize("text, speaker", [
    ("王明扶起了一位老人。他说：“以后走路要小心。”", "王明"),          # the one named is still the subject
    ("王明来到专家组。他说：“桥要加固。”", "王明"),                  # 专家 inside 专家组 is no person
    ("店主李明说：“生意不错。”一位女士走过来。他说：“车太多了。”", "李明"),  # 他 is no 女士
])
def test_a_role_brought_in_is_not_taken_where_the_sentence_or_the_gender_rules_it_out(text, speaker):
    assert who(text)[-1][0] == speaker


@pytest.mark.parametrize("text, title", [
    ("一群村民围了过来。他们说：“这条路修了三年还没修好。”", "村民"),
    ("几位专家来到现场。他们一致认为，这座桥需要加固。", "专家"),
    ("也有些学者从另一个角度看这个问题。他们认为，当初的利率太高了。", "学者"),
    ("村民们聚在一起。他们说，今年的收成不错。", "村民"),
])
def test_they_after_a_crowd_brought_in_by_its_role_is_that_crowd(text, title):
    assert [(s, t) for s, t, _, _ in who(text)] == [("", title)]


def test_they_after_two_persons_named_is_each_of_them():
    assert [s for s, _, _, _ in who("王明和李华签署了协议。他们表示，将共同推进项目。")] == ["王明", "李华"]


@pytest.mark.parametrize("text", [
    "记者们来到现场。他们说，这里的风景很美。",          # the writers
    "大家围了过来。他们说：“这条路修了三年。”",          # nobody in particular
])
def test_they_after_no_crowd_with_a_role_is_nobody(text):
    assert who(text) == []


@pytest.mark.parametrize("text, title", [
    ("小芳的眼睛又红了。第二天，小芳家说，眼睛里又进了沙子。", "小芳家"),
    ("小刚的眼睛又红了。小刚家说，事发次日，老师不让小刚进教室。", "小刚家"),
])
def test_a_household_speaks_as_one_by_its_tie(text, title):
    assert [(s, t) for s, t, _, _ in who(text)] == [("", title)]


@pytest.mark.parametrize("text, title", [
    ("一位老汉嘀咕道：“又涨价了。”", "老汉"),
    ("一名高中生告诉记者，作业比以前少了。", "高中生"),
    ("一位顾客对我说：“这家店的菜量很足。”", "顾客"),
    ("小伙子们纷纷表示，工资比去年高。", "小伙子"),
    ("网友吐槽：“排队两小时，吃饭五分钟。”", "网友"),
    ("有位老师说：“孩子们的作业太多了。”", "老师"),
    ("有个男孩说：“我最喜欢体育课。”", "男孩"),
])
def test_people_named_by_what_they_are_speak_by_it(text, title):
    assert [(s, t) for s, t, _, _ in who(text)] == [("", title)]


@pytest.mark.parametrize("text", [
    "这一做法引来了网友的吐槽：“排队两小时，吃饭五分钟。”",   # 的吐槽: a noun, nobody speaking
    "很多人认为，房子是家的根本。",
])
def test_a_speech_noun_or_people_at_large_are_no_statement(text):
    assert who(text) == []
