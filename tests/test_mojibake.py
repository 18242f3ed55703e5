"""Mojibake of any origin: repaired where a round trip recovers the text, otherwise dropped with a warning."""

from __future__ import annotations

import pytest

from conftest import DATA
from podcast.cli import app
from podcast.digest.encoding import repair, unreadable

WRITTEN = "Northvolt’s lenders met on Monday — “we are relieved,” said the café owner in Skellefteå; prices fell 7–10%…"


CODE_PAGES = ["cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1256", "cp874", "koi8_r", "mac_cyrillic",
              "mac_roman", "shift_jis", "gbk", "gb18030"]


@pytest.mark.parametrize("code_page", CODE_PAGES)
@pytest.mark.parametrize("errors", ["replace", "ignore"])
def test_utf8_read_through_a_legacy_code_page_is_repaired(code_page: str, errors: str) -> None:
    """Where the wrong decode kept every byte the text comes back exactly; where it lost some
    (a quote or a dash the code page has no character for), the words do and nothing odd is left."""
    broken = WRITTEN.encode("utf-8").decode(code_page, errors)
    assert broken != WRITTEN
    repaired = repair(broken)
    try:
        WRITTEN.encode("utf-8").decode(code_page)
    except UnicodeDecodeError:
        for words in ("Northvolt’s lenders", "café owner in Skellefteå", "fell 7–10%", "we are relieved,"):
            assert words in repaired
        assert not unreadable(repaired)
    else:
        assert repaired == WRITTEN


@pytest.mark.parametrize("text", ["Bái Jìng 白静 said", "Moscow (Москва) and Athens (Αθήνα)", "a β-blocker at 5 µm", "Jörg Müller, Guaidó"])
def test_text_in_its_own_script_is_left_alone(text: str) -> None:
    assert repair(text) == text
    assert not unreadable(text)


def test_unrepairable_paragraphs_are_dropped_with_a_warning_naming_them(runner) -> None:
    digest = DATA / "read" / "mojibake-unrepairable-big5.txt"
    result = runner.invoke(app, ["preview", str(digest), "--date", "2026-11-25"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning: dropped a paragraph")]
    assert len(warnings) == 2, result.stderr
    assert "story 'Northvolt" in warnings[0] and "lenders approved" in warnings[0]
    assert "\ufffd" not in result.stdout and "Steel output fell" in result.stdout
