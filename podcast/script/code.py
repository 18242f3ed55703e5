"""Code and technical identifiers as a technical host says them.

Developer newsletters are full of `std::net::{UdpSocket, TcpStream}`, `Vec<String>`,
`#[derive(Debug)]`, `--release`, `/usr/bin`, `C#` and commit hashes. A voice reads
their punctuation as noise or skips it at random; a host says "Vec of String",
"dash dash release", "C sharp". Each rule below is one shape of code, most specific
first; whatever code punctuation is left after them is dropped, never read.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable

Replacement = str | Callable[[re.Match[str]], str]


def _listing(inner: str) -> str:
    """`K, V` → `K and V`: the items of a group or a generic's parameters."""
    items = [item.strip() for item in inner.split(",") if item.strip()]
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def _hash(match: re.Match[str]) -> str:
    """A commit hash is read as its first seven characters, one by one."""
    return " ".join(match.group()[:7])


def _slashes(match: re.Match[str]) -> str:
    path = match.group()
    path = re.sub(r"^~/", "home folder slash ", path)
    path = re.sub(r"^\./", "dot slash ", path)
    return re.sub(r"\s*/\s*", " slash ", path).strip()


_HEX_HASH = r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,40}\b"
_PRERELEASE = {"rc": "release candidate", "alpha": "alpha", "beta": "beta", "pre": "preview", "preview": "preview",
               "dev": "development build", "nightly": "nightly"}

def _email(match: re.Match[str]) -> str:
    return f"{match.group(1)} at {match.group(2).replace('.', ' dot ')}"


CODE_RULES: list[tuple[str, Replacement]] = [
    (r"\b([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)\b", _email),
    # language and platform names
    (r"\bC/C\+\+", "C and C plus plus"),
    (r"(?<![\w+])([A-Za-z][\w-]*)\+\+", r"\1 plus plus"),
    (r"\b([A-Z])#(?![\w#])", r"\1 sharp"),
    (r"\b([A-Z][A-Za-z]*)\.NET\b", r"\1 dot net"),
    (r"(?<![\w.])\.NET\b", "dot net"),
    (r"\b([A-Za-z][\w-]*)\.[jJ][sS]\b", r"\1 JS"),
    # attributes, decorators, macros, closures
    (r"#!?\[([^\[\]]*)\]", r" \1 "),
    (r"(?<![\w.@])@(?=[A-Za-z_])", "at "),
    (r"\|[\w\s,:]*\|\s*\{[^{}]*\}(?=\s+closures?\b)", ""),
    (r"\|[\w\s,:]*\|\s*\{[^{}]*\}", "a closure"),
    (r"\b(\w+)!(?=\()", r"\1 macro"),
    # generics, slices, groups, calls
    (r"(?<=[<&(])\s*\[([\w:]+)\]", r"\1 slice"),
    (r"(?<=\w)<([^<>]*)>", lambda m: " of " + _listing(m.group(1)) + " "),  # innermost first; applied until none is left
    (r"(?<=\w)\[([^\[\]]*)\]", lambda m: " of " + _listing(m.group(1)) + " "),
    (r"(?<=::)\{([^{}]*)\}", lambda m: _listing(m.group(1))),
    (r"\{\s*\}|\(\s*\)", ""),
    (r"(?<![\w&])&(?=[A-Za-z])", ""),
    (r"(?<=\w)\(([\w\s,=.:\"']*)\)", lambda m: " " + _listing(m.group(1))),
    (r"(?<=\w)::(?=[\w{])", " "),
    (r"\b__(\w+?)__\b", r"dunder \1"),
    # operators written between code words
    (r"\s(?:=>|->|→)\s", " to "),
    (r"\s?&&\s?", " and "),
    (r"\s?\|\|\s?", " or "),
    (r"(?<=[\w\"'])\s?!=\s?(?=[\w\"'])", " not equals "),
    (r"(?<=[\w\"'])\s*==?\s*(?=[\w\"'-])", " equals "),
    (r"(?<=\w) \* (?=\w)", " times "),
    (r"(?<=[A-Za-z])~(?=\d)", " tilde "),
    # commands: flags, paths, files
    (r"(?<!\S)--(?=[A-Za-z])", "dash dash "),
    (r"(?<!\S)-(?=[A-Za-z])", "dash "),
    (r"\b([A-Za-z]):\\", r"\1 drive "),
    (r"\\+", " backslash "),
    (r"(?<![\w/.~])(?:~/|\./|/)(?=[A-Za-z._])[\w.+~-]*(?:/[\w.+~-]+)*/?|\b[A-Za-z][\w.+-]*(?:/[A-Za-z_][\w.+-]*){2,}/?",
     _slashes),
    (r"(?<![\w.])\.\.\.(?=\s|$)", "dot dot dot"),
    (r"(?<![\w.])\.(?=[a-z][a-z0-9]{1,12}\b)", "dot "),
    (r"(?<=[A-Za-z_]{2})\.(?=[a-z][a-z0-9]{0,9}\b)", " dot "),
    (r"(?<=\s)\.(?=\s)", "dot"),
    # versions, hashes, identifiers, a lone Greek letter (β-blocker, Δ)
    (r"(?<![^\W\d_])[\u0391-\u03A9\u03B1-\u03C9](?![^\W\d_])", lambda m: unicodedata.name(m.group()).split()[-1].lower()),
    (r"(?<=\d)-?(" + "|".join(_PRERELEASE) + r")\.?(\d*)\b", lambda m: f" {_PRERELEASE[m.group(1)]} {m.group(2)}".rstrip()),
    (_HEX_HASH, _hash),
    (r"(?<=[A-Za-z0-9])_+(?=[A-Za-z0-9])", " "),
    (r"(?<![\w&])#(?=[A-Za-z])", "hashtag "),
]
_RULES = [(re.compile(p), r) for p, r in CODE_RULES]
_LEFTOVER = re.compile(r"[{}<>|\\`^\[\]]|::|_+")


def drop_code_punctuation(text: str) -> str:
    """Code punctuation no rule claimed (and a bracket left unpaired) is never read aloud.

    Run last, after comparisons and asides are said.

    >>> drop_code_punctuation("a {b} | c`d")
    'a  b    c d'
    """
    return _LEFTOVER.sub(" ", text)


def say_code(text: str) -> str:
    """Code spans and identifiers in words; the rest of the text as it was.

    >>> say_code("Use std::net::{UdpSocket, TcpStream} and Vec<String> with cargo build --release.")
    'Use std net UdpSocket and TcpStream and Vec of String with cargo build dash dash release.'
    >>> say_code("C/C++, C# and .NET; #[derive(Debug)] on AsRef<[u8]>; see a1b2c3d.")
    'C and C plus plus, C sharp and dot net;  derive Debug  on AsRef of u8 slice ; see a 1 b 2 c 3 d.'
    """
    for pattern, replacement in _RULES:
        previous = None
        while previous != text:  # nested shapes (List<Optional<String>>) unwrap one level per pass
            previous, text = text, pattern.sub(replacement, text)
    return text
