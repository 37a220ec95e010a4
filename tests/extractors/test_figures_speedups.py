"""The figure extractor's faster context search finds what the full search finds.
"""
from __future__ import annotations

import random
import re

# --- a figure's subject is looked for only where a head or scope word is ---------------------

def test_subject_search_skipped_without_a_head_or_scope_word_finds_the_same(corpus_texts):
    from pipeline.extractors import load_rules
    from pipeline.extractors.figures.context import FigureContext

    lexicons = load_rules().lexicons["figures"]
    gated = FigureContext(lexicons)
    ungated = FigureContext(lexicons)
    ungated.subject_words_re = re.compile("")          # found in every text: the subject search always runs
    rng = random.Random(17)
    words = lexicons["subject_heads"] + lexicons["subject_scopes"] + lexicons["subject_stop_words"][:10]
    parts = words + ["2022年", "的", "产业", "12", "，", "湖南", "A", "|"]
    texts = [text[i:i + rng.randint(0, 80)] for text in corpus_texts for i in range(0, len(text), 97)]
    texts += ["".join(rng.choice(parts) for _ in range(rng.randint(0, 8))) for _ in range(5000)]
    found = 0
    for text in texts:
        dates = [(0, 2)] if len(text) > 4 and rng.random() < 0.2 else []
        subject = gated.subject_of(text, dates)
        assert subject == ungated.subject_of(text, dates), text
        found += bool(subject)
    assert found > 100


# --- word starts for the subject search are read from the Doc once ----------------------------

def test_word_starts_read_once_per_doc_are_the_words_of_each_span(corpus_texts):
    from pipeline.extractors.extract import get_nlp
    from pipeline.extractors.figures.extractor import _DocWordStarts

    nlp = get_nlp()
    rng = random.Random(5)
    checked = 0
    for text in corpus_texts[:12]:
        doc = nlp.make_doc(text)
        words = _DocWordStarts(doc)
        for _ in range(20):
            start = rng.randrange(0, max(1, len(text) - 1))
            end = min(len(text), start + rng.randint(1, 60))
            span = doc.char_span(start, end, alignment_mode="expand")
            expected = {t.idx - start for t in span} | {end - start}
            found = words.starts_in(start, end)
            assert all((o in found) == (o in expected) for o in range(0, end - start + 1)), (text[start:end])
            checked += 1
    assert checked >= 200
