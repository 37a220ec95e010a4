"""The text of a Doc, built once.

spaCy's `Doc.text` joins the tokens again on every access; with several
components each reading it per rule, that was a third of the NLP time.
`pipeline.nlp.build.make_doc` stores the original string, so it is never rebuilt.
"""
from __future__ import annotations

from spacy.tokens import Doc

TEXT_KEY = "newsx_text"


def remember_text(doc: Doc, text: str) -> Doc:
    doc.user_data[TEXT_KEY] = text
    return doc


def text_of(doc: Doc) -> str:
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text
