"""Page furniture: what belongs to the page, never to the spoken episode.

Whole lines (player labels, promotions, sign-ups, bylines, captions) are one table
of patterns; inline residue (citation markers, links, URLs, emoji, markup) is
another, so a new kind of furniture is one line here.
"""

from __future__ import annotations

import re

FURNITURE_LINES = [
    r"listen to (the full version|this article)\b.*",
    r"unlock exclusive\b.*",
    r"subscribe( now)?( to\b.*)?",
    r"(ai generated|ai-generated), for reference only\.?",
    r"read this (email|newsletter) in your browser\.?",
    r"(view|open) (it |this (email )?)?in (your|a) browser\.?",
    r"share this (story|article|email|newsletter)\.?",
    r"share( on (facebook|twitter|x|linkedin))?",
    r"join [\d,.]+\s*(million\s+)?(readers|subscribers|people)\b.*",
    r"forwarded this (email|newsletter)\?.*",
    r"(unsubscribe|manage (your )?(subscription|preferences))\b.*",
    r"follow us on\b.*",
    r"(read|see) (more|the full (story|article))\b.*",
    r"continue reading\b.*",
    r"advertisement|sponsored( content)?|ad",
    r"view options",
    r"loadingimg",
    r"open wechat and scan the qr code.*",
    r"podcast|most popular|most read|related( articles| stories)?|trending( now)?",
    r".*\(sponsor\)",
    r"(photo|image|picture|credit|source|video)s?\s*:.{0,80}",
    r"\[[^\]]+\]:\s*\S+.*",  # reference-style link definition
    r"(https?://|www\.)\S+|[\w-]+(\.[\w-]+)*\.[a-z]{2,}(/\S*)?",  # a line that is only a link
    r"dear [\w ]{1,30},?",  # a letter's salutation
    r"by [A-Z][\w.'’-]*(\s+(and\s+)?[A-Z][\w.'’-]*){0,4}(\s*[|,]\s*.*)?",  # byline
    r"[A-Z][\w.'’ -]{1,40}\s*\|\s*\d{4}-\d{2}-\d{2}.*",  # "Name|2025-09-25"
    r"[\w .,-]{1,25}\s/",  # a topic label on its own line ("Rural /")
    r"(kind|best|warm) regards,?|sincerely,?|cheers,?",
    r"(—|–|--)\s*[A-Z][\w.'’ ,-]{1,60}",  # a pull quote's attribution on its own line
    r"[-|:\s]+",  # table rules and bare separators
]
_FURNITURE = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:" + "|".join(FURNITURE_LINES) + r")\s*$", re.IGNORECASE
)
_BYLINE_CASE = re.compile(r"^\s*(?:[-*•]\s*)?by\s", re.IGNORECASE)
_TIMESTAMP = re.compile(
    r"^\s*(?:[A-Z][a-z]{2},\s*)?(?:\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\.? \d{1,2},? \d{4}|\d{4}-\d{2}-\d{2})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]M|[+-]\d{2}:?\d{2}|Z|GMT|UTC)?)?\s*$",
    re.IGNORECASE,
)
_CITATION = re.compile(r"\s*\[para(?:graph)?\.?\s*\d+(?:\s*[-–,]\s*\d+)*\]", re.IGNORECASE)

HTML_ELEMENTS = (
    r"(?:a|abbr|article|aside|audio|b|big|blockquote|body|br|button|center|cite|code|dd|del|div|dl|dt|em|figcaption"
    r"|figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|kbd|label|li|link|main|mark|meta|nav"
    r"|ol|option|p|path|picture|pre|q|s|script|section|select|small|source|span|strike|strong|style|sub|sup|svg|table"
    r"|tbody|td|textarea|tfoot|th|thead|title|tr|tt|u|ul|video)\b(?![-:])"
)
"""Tags left in text are dropped by name, so code such as `Vec<String>` or `<T>` is kept (and "3 < 5 > 2")."""

INLINE_RESIDUE = [
    (r"!\[[^\]]*\]\([^)]*\)", ""),  # Markdown image
    (r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)", r"\1"),  # Markdown link → its text
    (r"\[([^\]]+)\]\[[^\]]*\]", r"\1"),  # reference-style link → its text
    (rf"</?(?i:{HTML_ELEMENTS})(?:\s[^<>]{{0,200}})?/?>|<!--.*?-->", ""),  # an HTML tag or comment left in text
    (r"(?i:,?\s*\b(?:see|visit|at|via)\s+(?=(?:https?://|www\.)))?\(?\b(?:https?://|www\.)[^\s)]+\)?", ""),  # bare URL
    (r"\s*\((?:\d+|one|two|three|four|five)[- ]min(?:ute)?s?(?: read| listen)\)", ""),
    (r"\s*(?:\(|\b)(?:Photo|Image|Picture)s?(?: credit)?:\s*[\w /&.-]{1,40}?\)?\s*$", ""),  # "…Photo: VCG"
    (r"(?i:\s*(?:read more|continue reading|read the full (?:story|article))\.?\s*$)", ""),  # a link label left at the end
    (r"(\*\*|__|`)", ""),  # emphasis and code marks
    (r"(?<!\w)\*(?=\S)([^*]+?)(?<=\S)\*(?!\w)", r"\1"),
    (r"\s\|(?=\s|$)|^\|\s", " "),  # table cell residue
    (r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D\u20E3]", ""),  # emoji
    (r"[\u200B\u200C\u2060\uFEFF\u00AD]", ""),  # invisible characters
]
_INLINE = [(re.compile(p, re.MULTILINE), r) for p, r in INLINE_RESIDUE]


def is_furniture(line: str) -> bool:
    """True for a whole line that is page furniture.

    >>> is_furniture("Listen to the full version")
    True
    >>> is_furniture("- MOST POPULAR")
    True
    >>> is_furniture("By Jane Doe | Reuters"), is_furniture("Wang Xin|2025-09-25")
    (True, True)
    >>> is_furniture("Canada is looking at EV tariffs")
    False
    >>> is_furniture("by the numbers, chip sales rose")
    False
    """
    if _TIMESTAMP.match(line):
        return True
    if not _FURNITURE.match(line):
        return False
    # A byline is "By" and names, so "by the way…" is prose, not a byline.
    return not _BYLINE_CASE.match(line) or len(line.split()) <= 8 and not re.search(r"\bby [a-z]", line)


def strip_citations(text: str) -> str:
    """Remove `[para. N]` citation markers and the space before them.

    >>> strip_citations("move into the market [para. 2][para. 3].")
    'move into the market.'
    """
    return _CITATION.sub("", text)


def has_citations(text: str) -> bool:
    return bool(_CITATION.search(text))


def clean_inline(text: str) -> str:
    """Drop the residue a copy of a web page leaves inside a paragraph.

    >>> clean_inline("Read [the filing](https://x.com/a) now 🚀 (5 minute read)")
    'Read the filing now'
    >>> clean_inline("**Bold** and ![](img.png) a | table | row")
    'Bold and a table row'
    """
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return re.sub(r"[ \t]+", " ", text).strip()
