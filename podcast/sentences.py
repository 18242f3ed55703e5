"""Where a sentence ends: one rule for the reader, the writer and the audio timing.

A sentence ends at a full stop, question or exclamation mark (and a closing
quote or bracket after it) followed by a space and a capital or digit (perhaps
behind an opening quote or bracket), but not after a title or company
abbreviation ("Dr.", "Co.", "Ltd.") or an initial ("U.S.", "J. Smith"), nor between a
month or "No." and its number ("Oct. 22", "No. 5"). The split points are the
spaces alone, so splitting and re-joining with spaces gives the text back.
Golden cases: tests/data/sentences/.
"""

from __future__ import annotations

import re

SENTENCE_END = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)\]]))"
    r"(?<!\bCo\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bInc\.)(?<!\bLtd\.)(?<!\b[A-Z]\.)"
    r"(?:(?<!\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.)(?<!\bSept\.)(?<!\bNo\.)|(?!\s+\d))"  # "Oct. 22", "No. 5"
    r"\s+(?=[\"'“‘(\[]?[A-Z0-9])"
)


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, stripped; none for blank text.

    >>> split_sentences("BYD Co. Ltd. is a carmaker. Dr. Li said so on Oct. 22. Is it 2 p.m. now? Yes.")
    ['BYD Co. Ltd. is a carmaker.', 'Dr. Li said so on Oct. 22.', 'Is it 2 p.m. now?', 'Yes.']
    """
    return [part.strip() for part in SENTENCE_END.split(text.strip()) if part.strip()]


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph.

    >>> first_sentence("BYD Co. Ltd. is a carmaker. It also makes batteries.")
    'BYD Co. Ltd. is a carmaker.'
    """
    return SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def as_sentence(text: str) -> str:
    """End a heading or bullet with a full stop so the voice pauses after it.

    >>> as_sentence("Rail link opens"), as_sentence("Why now?"), as_sentence('"We are busy."')
    ('Rail link opens.', 'Why now?', '"We are busy."')
    """
    text = text.strip()
    return text if not text or text.rstrip("\"'”’)")[-1:] in (".", "!", "?", ":", ";", "") else text + "."
