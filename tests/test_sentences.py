from pipeline.sentences import sentence_boundaries


def split(text):
    b = sentence_boundaries(text)
    return [text[s:e] for s, e in zip(b, b[1:] + [len(text)])]


def test_quote_and_attribution_stay_one_sentence():
    text = "“集群是创新的主引擎。”王强表示，要加快发展。下一句话。"
    assert split(text) == ["“集群是创新的主引擎。”王强表示，要加快发展。", "下一句话。"]


def test_line_breaks_and_semicolons_split():
    assert split("第一段没有句号\n第二段；第三句！") == ["第一段没有句号\n", "第二段；", "第三句！"]


def test_unclosed_quote_does_not_swallow_the_next_paragraph():
    assert split("他说：“没有结束\n新的段落。") == ["他说：“没有结束\n", "新的段落。"]
