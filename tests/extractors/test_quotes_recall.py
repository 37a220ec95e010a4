"""Quote finding beyond one sentence's pattern: hard-wrapped bodies, statements reported inside
another's, a medium's report and 他们 after the persons named before (our own sentences)."""
from __future__ import annotations

from pipeline.extractors.extract import extract
from pipeline.extractors.quotes.wrapped_lines import JOINER, unwrapped, wrap_width

# A column wrapped at 20 characters, as a plain-text archive keeps it.
FILLER = "这座小城的纺织厂已经有六十多年的历史，老工人们都记得当年的盛况，车间里机器轰鸣昼夜不停，"


def wrapped(text: str, width: int = 20) -> str:
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def quotes_of(text: str) -> dict[str, tuple[str, str, str]]:
    return {q.quote: (q.speaker, q.title, q.org) for q in extract(text).quotes}


def test_a_hard_wrapped_body_is_found_and_its_breaks_joined():
    body = wrapped(FILLER * 6 + "厂长周建华表示，明年这座纺织厂将新建两条智能化生产线并招收一百名新工人。" + FILLER * 2)
    assert wrap_width(body) == 20
    joined = unwrapped(body)
    assert len(joined) == len(body) and JOINER in joined
    found = quotes_of(body)
    words = next(q for q in found if q.startswith("明年"))
    assert words.replace("\n", "") == "明年这座纺织厂将新建两条智能化生产线并招收一百名新工人"
    assert found[words][0] == "周建华"


def test_a_body_whose_lines_are_sentences_is_not_wrapped():
    body = "\n".join(["今年全市新增了三家智能工厂。", "二、产业集群", "厂长周建华表示，明年将再建两条生产线。"] * 6)
    assert wrap_width(body) is None
    assert unwrapped(body) == body


def test_a_statement_reported_inside_another_gets_its_own_record():
    found = quotes_of("《南方日报》说，市长王建国在会上指责几家企业拖欠工资。")
    assert found == {"市长王建国在会上指责几家企业拖欠工资": ("", "", "南方日报"),
                     "几家企业拖欠工资": ("王建国", "市长", "")}


def test_the_same_speaker_inside_their_own_words_is_one_statement():
    found = quotes_of("市长王建国表示，他认为这几家企业应当尽快补发工资。")
    assert [w for w, who in found.items() if who[0] == "王建国"] == ["他认为这几家企业应当尽快补发工资"]


def test_a_medium_reports_but_according_to_a_medium_the_writer_does():
    assert quotes_of("英国《金融时报》5月8日报道，这家车企计划在匈牙利新建一座电池工厂。") == {
        "这家车企计划在匈牙利新建一座电池工厂": ("", "", "金融时报")}
    assert quotes_of("据《金融时报》报道，这家车企计划在匈牙利新建一座电池工厂。") == {}


def test_they_after_two_persons_named_before_each_speak():
    found = extract("上个月，市长王建国和企业家李明华一起参观了新工厂。他们表示，新工厂明年就能投产。").quotes
    assert sorted(q.speaker for q in found) == ["李明华", "王建国"]
