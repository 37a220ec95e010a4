"""Direct quotes whose speaker comes from the context: quoted turns going on over paragraphs,
quotations back to back, words said to be someone's, and 道 in reported scenes (our own sentences)."""
from __future__ import annotations

from pipeline.extractors.extract import extract


def speakers_of(text: str) -> dict[str, tuple[str, str, str]]:
    return {q.quote: (q.speaker, q.title, q.org) for q in extract(text).quotes}


# --- a quoted turn going on over the paragraphs after it ------------------------------

def test_quotes_standing_alone_go_on_with_the_turn_before():
    text = ("“我们镇的竹编卖到了二十多个国家。”镇文化站站长吴海燕说。\n"
            "“去年光竹编一项，就带动了三百多户增收。”\n"
            "“明年我们还要建一个竹编博物馆。”")
    found = speakers_of(text)
    assert found["去年光竹编一项，就带动了三百多户增收。"][0] == "吴海燕"
    assert found["明年我们还要建一个竹编博物馆。"][:2] == ("吴海燕", "站长")


def test_turn_opened_by_the_speaker_goes_on_too():
    text = "镇文化站站长吴海燕说：“我们镇的竹编卖到了二十多个国家。”\n“去年光竹编一项，就带动了三百多户增收。”"
    assert speakers_of(text)["去年光竹编一项，就带动了三百多户增收。"][0] == "吴海燕"


def test_turn_does_not_go_on_when_someone_else_speaks_next():
    text = ("“我们镇的竹编卖到了二十多个国家。”镇文化站站长吴海燕说。\n"
            "“去年光竹编一项，就带动了三百多户增收。”\n"
            "“原料还是不太够。”竹编合作社社长钱立说。")
    found = speakers_of(text)
    assert "去年光竹编一项，就带动了三百多户增收。" not in found
    assert found["原料还是不太够。"][0] == "钱立"


def test_turn_does_not_go_on_after_a_question():
    text = "“这些竹编一年能卖多少？”镇文化站站长吴海燕问。\n“少说也有五六万件。”"
    assert "少说也有五六万件。" not in speakers_of(text)
    # Asked of someone, the answer is theirs.
    text = "“这些竹编一年能卖多少？”镇文化站站长吴海燕问身边的师傅。\n“少说也有五六万件。”"
    assert speakers_of(text)["少说也有五六万件。"][1].endswith("师傅")


def test_turn_does_not_go_on_after_a_paragraph_of_story():
    text = ("吴海燕在文化站干了二十年，从一间空屋子干到现在三层小楼，每一件展品都是她一趟趟跑回来的，"
            "“这些都是宝贝。”她说。说完，她又领着记者去看后院新搭的竹棚，棚里堆满了刚收来的毛竹和半成品。\n"
            "“明年我们还要建一个竹编博物馆。”")
    assert "明年我们还要建一个竹编博物馆。" not in speakers_of(text)


def test_a_quoted_heading_is_no_turn():
    text = "“竹编卖到了二十多个国家。”镇文化站站长吴海燕说。\n“小竹子大产业”\n镇上有两千多人从事竹编。"
    assert "小竹子大产业" not in speakers_of(text)


# --- quotations back to back ------------------------------------------------------------

def test_second_quotation_right_after_the_first_is_the_same_speakers():
    text = "老校长周德明在毕业典礼上说：“走出校门，别忘了回来看看。”“母校永远是你们的家。”"
    found = speakers_of(text)
    assert found["母校永远是你们的家。"][:2] == ("周德明", "老校长")


# --- words said to be someone's ------------------------------------------------------

def test_words_then_these_are_the_words_of():
    found = speakers_of("“种地要像绣花一样细。”这是种粮大户周长青常挂在嘴边的一句话。")
    assert found["种地要像绣花一样细。"][:2] == ("周长青", "种粮大户")


def test_words_said_by_a_role_of_an_organisation():
    found = speakers_of("“仓库要跟着订单走。”这是某物流集团的运营经理说过的话。")
    speaker, title, org = found["仓库要跟着订单走。"]
    assert (speaker, org) == ("", "某物流集团") and title.endswith("经理")


def test_words_written_on_a_wall_are_nobodys():
    assert speakers_of("“人人都是安全员。”这是车间墙上最醒目的一句话。") == {}


# --- 道 and its compounds in reported scenes ------------------------------------------

def test_speaker_with_dao_and_a_colon():
    found = speakers_of("店主周红梅道：“今天的鱼都是早上刚打的。”")
    assert found["今天的鱼都是早上刚打的。"][:2] == ("周红梅", "店主")


def test_a_role_laughing_as_they_speak():
    found = speakers_of("看门的老人笑道：“我年轻时也在这座厂里干过活。”")
    assert found["我年轻时也在这座厂里干过活。"][1].endswith("老人")


def test_words_ending_in_dao_are_no_speech():
    assert speakers_of("大家都知道：“早起的鸟儿有虫吃。”") == {}
    assert speakers_of("当地媒体报道：“大桥将于年底通车。”") == {}


# --- the person a paragraph is about, speaking right after ------------------------------

def test_quote_between_a_paragraph_about_someone_and_their_statement():
    text = ("周文斌是一名乡村邮递员。每天清晨，他都骑着摩托车出发。\n"
            "“山路再远，信也得送到。”\n"
            "周文斌说，这条邮路他已经跑了十二年。")
    found = speakers_of(text)
    assert found["山路再远，信也得送到。"][0] == "周文斌"


def test_quote_between_two_different_people_is_left():
    text = ("周文斌是一名乡村邮递员。每天清晨，他都骑着摩托车出发。\n"
            "“山路再远，信也得送到。”\n"
            "站长孙丽说，这条邮路已经跑了十二年。")
    assert "山路再远，信也得送到。" not in speakers_of(text)


# --- a reported interview: the writer asks, the one asked answers ---------------------

def test_answer_to_the_writers_question_in_the_next_paragraph():
    found = speakers_of("“这片果园有多大？”记者问村民吴德胜。\n“三百多亩，全村都有份。”")
    assert found["三百多亩，全村都有份。"][:2] == ("吴德胜", "村民")


def test_answer_to_a_question_asked_after_a_colon():
    found = speakers_of("记者问店主周红梅：“生意最好的是哪个月？”\n“当然是春节前，一天能卖几百斤。”")
    assert found["当然是春节前，一天能卖几百斤。"][:2] == ("周红梅", "店主")


def test_answer_to_nobody_named_is_left():
    assert speakers_of("“这片果园有多大？”记者问。\n“三百多亩，全村都有份。”") == {}


# --- a speaker doing something while speaking -----------------------------------------

def test_quote_then_speaker_busy_while_speaking():
    found = speakers_of("“我觉得还能再快一点。”技术员林峰一边调试设备，一边对记者说。")
    assert found["我觉得还能再快一点。"][:2] == ("林峰", "技术员")


# --- 他/她 for the one person named further back ------------------------------------------

STORY = ("这场变故让本文的主人公赵德林在短短四年间经历了一场浓缩的人生。二十年前，身陷债务的乡镇医生"
         "赵德林意外地获得了一笔奖金，成为让无数人羡慕的幸运儿；然而四年后的今天，他不仅把钱花光了，"
         "还遭遇了亲情的背离，自己也身患重病，人生的不幸让人们唏嘘不已。\n为何命运对他眷顾又抛弃？"
         "近日，记者经历了近四个小时的车程赶到县城，与这位传奇人物面对面交谈时，他感慨万千地说："
         "“命运和我开了个不大不小的玩笑。”\n")


def test_pronoun_speaks_for_the_one_person_named_further_back():
    found = speakers_of(STORY + "赵德林告诉记者，他还会坚持下去。")
    assert found["命运和我开了个不大不小的玩笑。"][0] == "赵德林"


def test_pronoun_is_left_when_a_role_comes_up_after_the_name():
    story = STORY.replace("与这位传奇人物面对面交谈时", "与一位知情人士面对面交谈时")
    assert "命运和我开了个不大不小的玩笑。" not in speakers_of(story + "赵德林告诉记者，他还会坚持下去。")


def test_pronoun_is_left_when_two_people_are_named_further_back():
    story = STORY.replace("本文的主人公赵德林", "赵德林和王海两人")
    found = speakers_of(story + "赵德林告诉记者，他还会坚持下去。王海告诉记者，他也这么认为。")
    assert "命运和我开了个不大不小的玩笑。" not in found


# --- a quotation cut by the speaker's action, words about oneself ------------------------

def test_quotation_cut_by_what_the_speaker_does():
    found = speakers_of("“我们的目标，”厂长李明停顿了一下，“是全省第一。”")
    assert found["我们的目标，"][:2] == ("李明", "厂长")
    assert found["是全省第一。"][:2] == ("李明", "厂长")


def test_quotation_cut_by_something_else_is_nobodys():
    assert speakers_of("“慢一点，”门口的广播反复提醒，“注意脚下。”") == {}


def test_what_the_speaker_admits_of_themselves():
    found = speakers_of("对于这次降价，店主孙丽坦言自己“压力很大，但也只能跟着降”。")
    assert found["压力很大，但也只能跟着降"][:2] == ("孙丽", "店主")


# --- a quotation after what the paragraph's person does -----------------------------------

VISIT = "周海峰走进车间，拿起一块刚下线的电路板看了又看。“良品率比上个月高多了。”\n周海峰告诉记者，今年的订单比去年多三成。"


def test_quotation_after_what_the_person_named_does():
    assert speakers_of(VISIT)["良品率比上个月高多了。"][0] == "周海峰"


def test_quotation_after_two_people_act_together_is_left():
    text = VISIT.replace("周海峰走进车间，", "周海峰和班长吴磊走进车间，", 1)
    assert "良品率比上个月高多了。" not in speakers_of(text)


def test_quotation_after_a_role_acts_last_is_not_the_persons():
    text = VISIT.replace("看了又看。", "看了又看，车间主任也凑了过来。", 1)
    assert "良品率比上个月高多了。" not in speakers_of(text)


# --- questions and answers in a reported scene ---------------------------------------------

def test_answer_right_after_a_question_put_to_someone():
    found = speakers_of("“明天能交货吗？”采购经理孙丽问厂长周斌。“最晚后天，我们尽量赶。”")
    assert found["明天能交货吗？"][:2] == ("孙丽", "采购经理")
    assert found["最晚后天，我们尽量赶。"][:2] == ("周斌", "厂长")


def test_answer_to_a_question_asked_with_a_colon_is_not_the_askers():
    found = speakers_of("采购经理孙丽问厂长周斌：“明天能交货吗？”“最晚后天，我们尽量赶。”")
    assert found["最晚后天，我们尽量赶。"][:2] == ("周斌", "厂长")


def test_words_after_someones_question_are_not_theirs():
    found = speakers_of("“明天能交货吗？”采购经理孙丽问。“最晚后天，我们尽量赶。”")
    assert "最晚后天，我们尽量赶。" not in found


def test_question_then_who_asked_it():
    found = speakers_of("“你们今天几点收工？”一位路过的市民问。")
    assert found["你们今天几点收工？"][1].endswith("市民")


def test_a_question_the_writer_asks_is_no_quote():
    assert speakers_of("“你们今天几点收工？”记者问。") == {}


def test_an_adviser_speaking_after_a_question_is_not_asked():
    text = "“这片茶园有多大？”公司顾问李明说。\n“两千多亩，全村人都有份。”"
    assert "两千多亩，全村人都有份。" not in speakers_of(text)


# --- pronouns in stories about several persons (our own sentences) ----------------------

def test_pronoun_is_left_when_two_persons_are_named_together_before_it():
    found = speakers_of("某公司总经理张伟和副总经理李强一起接受了采访。他说，公司今年营收增长了两成。")
    assert "公司今年营收增长了两成" not in found


def test_pronoun_is_left_after_one_person_meets_another():
    found = speakers_of("某市市长李明会见了某公司董事长张华。他表示，欢迎企业来投资。")
    assert "欢迎企业来投资" not in found


def test_pronoun_goes_to_the_one_of_its_gender_the_text_addresses():
    found = speakers_of("记者采访了某医院院长王丽女士和副院长李强先生。她说，医院今年新增了200张床位。")
    assert found["医院今年新增了200张床位"][:2] == ("王丽", "院长")
    found = speakers_of("某医院院长王丽女士说：“床位很紧张。”副院长李强先生也在场。她说：“我们会尽快扩建。”")
    assert found.get("我们会尽快扩建。", ("",))[0] != "李强"


def test_person_named_in_a_sentence_the_pronoun_opens_is_not_its_antecedent():
    text = "某市发改委主任张建国说：“今年投资增长较快。”他提到，副主任李明正在负责一个新项目。他说，项目明年开工。"
    assert speakers_of(text)["项目明年开工"][0] == "张建国"


def test_the_one_compared_with_does_not_leave_the_pronoun_open():
    text = "与厂长周立一样，技术员孙悦也是本地人。她说，回乡工作让她很安心。"
    assert speakers_of(text)["回乡工作让她很安心"][0] == "孙悦"


def test_words_opened_by_a_colon_keep_the_speaker_before_them():
    text = ("某市交通局局长李东和某市教育局局长王平出席了会议。"
            "李东说：“道路改造年底完成。”王局长表示，新学校明年招生。")
    assert speakers_of(text)["道路改造年底完成。"][:2] == ("李东", "局长")


def test_pronoun_skips_a_person_whose_given_name_shows_the_other_gender():
    text = ("某医院院长王刚介绍了医院情况。\n\n护士长李丽今年五十岁，在医院工作了三十年。\n\n"
            "他说：“医院明年要搬新址。”\n她说：“护士们都很辛苦。”")
    found = speakers_of(text)
    assert found["医院明年要搬新址。"][:2] == ("王刚", "院长")
    assert found["护士们都很辛苦。"][:2] == ("李丽", "护士长")


def test_pronoun_does_not_reach_over_a_heading_to_the_part_before():
    text = ("某医院院长王刚说：“今年新增了两个科室。”\n\n三、护士的故事\n\n"
            "护士长李丽今年五十岁。同事们都很敬重她。他说：“她是我们的榜样。”")
    assert "她是我们的榜样。" not in speakers_of(text)
