"""Decoding saved pages: mixed encodings, short undeclared pages, UTF-16 without a BOM, mojibake."""
import pytest

from pipeline.acquire.decode import DecodeError, decode_bytes
from pipeline.clean import CleanError, clean_page

TITLE = "河湾镇新建的码头下月投入使用"
FIRST = "河湾镇新建的货运码头已经完成验收，下月起每天可以停靠十二艘货船。"
SECOND = "镇里的物流企业表示，码头启用后运输成本预计下降三成左右，图片由镇政府提供。"
THIRD = "附近的两个村子也计划修建道路，把农产品直接运到码头装船。"


def page(head: str, paragraphs: list[bytes]) -> bytes:
    return (f"<html><head>{head}<title>{TITLE}</title></head><body><div class='article'>"
            .encode("utf-8") + b"".join(b"<p>" + p + b"</p>\n" for p in paragraphs) + b"</div></body></html>")


@pytest.mark.parametrize("head", ['<meta charset="utf-8">', ""], ids=["declared", "undeclared"])
def test_utf8_page_with_one_gbk_paragraph_reads_each_in_its_encoding(head):
    data = page(head, [FIRST.encode("utf-8"), SECOND.encode("gbk"), "短的：图片".encode("gbk"),
                       THIRD.encode("utf-8")])
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8+gb18030"
    assert TITLE in text and FIRST in text and SECOND in text and "短的：图片" in text and THIRD in text
    cleaned = clean_page(data, "html")
    assert cleaned.title == TITLE
    assert cleaned.body.split("\n") == [FIRST, SECOND, "短的：图片", THIRD]


def test_gbk_page_with_one_utf8_paragraph_reads_it_as_utf8():
    # Read as GBK, these UTF-8 bytes are valid but mojibake: nothing is replaced, so only the
    # block-by-block reading finds them.
    data = page('<meta charset="gbk">', [FIRST.encode("gbk"), SECOND.encode("utf-8"), THIRD.encode("gbk")])
    data = data.replace(TITLE.encode("utf-8"), TITLE.encode("gbk"))
    text, encoding = decode_bytes(data)
    assert encoding == "gb18030+utf-8"
    assert TITLE in text and FIRST in text and SECOND in text and THIRD in text


def test_gbk_page_whose_short_blocks_happen_to_be_valid_utf8_stays_gbk():
    # "图片", "食品" in GBK are valid two-byte UTF-8 ("ͼƬ", "ʳƷ"): not UTF-8 text.
    data = page('<meta charset="gbk">', [FIRST.encode("gbk"), "图片".encode("gbk"), "食品".encode("gbk")])
    data = data.replace(TITLE.encode("utf-8"), TITLE.encode("gbk"))
    text, encoding = decode_bytes(data)
    assert encoding == "gb18030" and text == data.decode("gb18030")


@pytest.mark.parametrize("content", [
    "<html><head><title>县政府通知</title></head><body><p>本周六停电。</p></body></html>",
    # A few rare characters in names: fewer than 97% of the text's characters are in GB2312.
    "<html><body><p>朱镕基、李喆、王犇和张淼参加了本次座谈会，会上讨论了县里的供水问题。</p></body></html>",
], ids=["short", "rare-names"])
def test_undeclared_gbk_pages_are_not_read_as_another_script(content):
    text, encoding = decode_bytes(content.encode("gbk"))
    assert (text, encoding) == (content, "gb18030")


def test_small_undeclared_gbk_page_with_a_broken_byte_is_not_cyrillic():
    nav = " | ".join(["Home", "News", "About us", "Contact"] * 12)
    content = f"<html><head><title>码头下月投入使用</title></head><body><div>{nav}</div><p>{THIRD}</p></body></html>"
    data = content.encode("gbk").replace(b"</div>", b"\xc4</div>")   # a stray lead byte
    text, encoding = decode_bytes(data)
    assert encoding == "gb18030"
    assert text == content.replace("</div>", "\ufffd</div>")


def test_undeclared_gbk_page_with_a_broken_byte_is_still_gbk():
    data = ("<html><body><p>" + FIRST + "</p><p>").encode("gbk") + b"\xc4" + \
        ("</p><p>" + SECOND + "</p></body></html>").encode("gbk")
    text, encoding = decode_bytes(data)
    assert encoding == "gb18030" and FIRST in text and SECOND in text and text.count("\ufffd") == 1


def test_undeclared_big5_short_page_is_big5():
    content = "<html><body><p>縣政府通知本週六停電。</p></body></html>"
    assert decode_bytes(content.encode("big5")) == (content, "big5")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_text(encoding):
    content = f"<html><head><title>{TITLE}</title></head><body><p>{FIRST}</p><p>{SECOND}</p></body></html>"
    assert decode_bytes(content.encode(encoding)) == (content, encoding)
    cleaned = clean_page(content.encode(encoding), "html")
    assert cleaned.title == TITLE and cleaned.body.split("\n") == [FIRST, SECOND]


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
    b"PK\x03\x04" + b"\x00\x14\x00\x08\x00" * 100,
], ids=["png", "zip"])
def test_binary_data_with_nuls_is_still_refused(data):
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(data)


def test_paragraph_in_no_encoding_is_a_mojibake_error():
    garbled = bytes([0xFF, 0x80, 0xFE, 0x81, 0x30]) * 12     # neither UTF-8 nor GB18030
    data = page('<meta charset="utf-8">', [FIRST.encode("utf-8"), garbled, THIRD.encode("utf-8")])
    with pytest.raises(CleanError, match="mojibake in the body"):
        clean_page(data, "html")


def test_mojibake_title_is_an_error():
    data = page('<meta charset="utf-8">', [FIRST.encode("utf-8"), THIRD.encode("utf-8")])
    data = data.replace(TITLE.encode("utf-8"), "河湾镇".encode("utf-8") + bytes([0xFF, 0x80, 0xFE, 0x80]))
    with pytest.raises(CleanError, match="mojibake in the title"):
        clean_page(data, "html")


def test_a_broken_byte_in_a_long_body_is_not_mojibake():
    paragraphs = [(FIRST * 3).encode("utf-8")] * 20
    paragraphs[5] = paragraphs[5][:-1]                       # one truncated character
    cleaned = clean_page(page('<meta charset="utf-8">', paragraphs), "html")
    assert cleaned.body.count("\ufffd") == 1 and cleaned.title == TITLE
