"""Faithful cuts: when --max-minutes drops stories, nothing spoken refers to them and the notes say so."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

from conftest import DATA, EXAMPLE
from podcast.cli import app
from podcast.config import Config
from podcast.pipeline import plan_episode
from podcast.publish.html import notes_html

WEEK = DATA / "cuts" / "week-in-review.txt"
NAMES = ["Arizona", "Zephyr", "Quokka", "Tarsier", "Wombat", "Narwhal"]
"""One name met only in each story of the week's digest, in order."""


def _preview(runner, digest, minutes: str) -> tuple[dict, str]:
    result = runner.invoke(app, ["preview", str(digest), "--format", "json", "--whos-who", "--max-minutes", minutes])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def test_nothing_outside_the_kept_stories_mentions_a_dropped_one(runner) -> None:
    for minutes in ("2", "1.5", "1.2", "0.5"):
        document, stderr = _preview(runner, WEEK, minutes)
        stories = [s for s in document["segments"] if s["kind"] == "story"]
        kept = len(stories)
        assert kept < len(NAMES), stderr
        around = " ".join(s["text"] for s in document["segments"] if s["kind"] != "story")
        for name in NAMES[kept:]:
            assert name not in around, (minutes, name, around)
        for name in NAMES[:kept]:  # the introduction, rundown and closing still cover every kept story
            assert name in around, (minutes, name, around)
        count = {1: "One story", 2: "Two stories", 3: "Three stories", 4: "Four stories", 5: "Five stories"}[kept]
        assert f"{count} this week" in around
        assert "We'll be back on Monday." in around  # a closing sentence about no story stays


def test_the_examples_closing_summary_keeps_only_the_kept_stories_topics(runner) -> None:
    document, _ = _preview(runner, EXAMPLE, "3")
    outro = document["segments"][-1]["text"]
    assert "EV battery industry" in outro
    assert not re.search(r"digital currency|legal challenges", outro)


def test_show_notes_name_the_stories_left_out_of_the_audio() -> None:
    config = dataclasses.replace(Config(), script=dataclasses.replace(Config().script, max_minutes=1.5))
    plan = plan_episode(WEEK, config, dt.date(2026, 11, 25))
    assert plan.notes.left_out == plan.dropped and len(plan.dropped) >= 2
    assert plan.notes.headings == tuple(s.title for s in plan.script.segments if s.kind == "story")
    html = notes_html(plan.notes)
    assert "Left out of the audio" in html
    for title in plan.dropped:
        assert f"<li>{title}</li>" in html
