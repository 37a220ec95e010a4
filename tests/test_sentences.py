from pipeline.nlp.sentences import sentence_boundaries


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


def test_a_run_without_terminal_punctuation_is_cut_at_clause_breaks():
    from pipeline.nlp.sentences import MAX_SENTENCE

    clause = "园区企业产值增长百分之八，"          # 13 characters, ends in a clause break
    text = clause * 400 + "最后一句。"
    pieces = split(text)
    assert "".join(pieces) == text
    assert all(len(p) <= MAX_SENTENCE for p in pieces)
    assert all(p.endswith("，") for p in pieces[:-1])        # cut after a comma, never inside a clause
    assert len(pieces) == -(-len(text) // (MAX_SENTENCE // len(clause) * len(clause)))


def test_a_run_without_any_break_is_cut_at_the_limit():
    from pipeline.nlp.sentences import MAX_SENTENCE

    text = "字" * (2 * MAX_SENTENCE + 5)
    assert [len(p) for p in split(text)] == [MAX_SENTENCE, MAX_SENTENCE, 5]


def test_records_of_a_run_on_line_carry_a_bounded_sentence():
    from pipeline.extractors.extract import extract
    from pipeline.nlp.sentences import MAX_SENTENCE

    figures = extract("今年全区新增企业120家，" * 300).figures
    assert len(figures) == 300
    assert all(0 < len(f.sentence) <= MAX_SENTENCE for f in figures)
    assert all(f.text in f.sentence for f in figures)
