"""Batch `make`: several digests or a folder; a bad digest is reported and the others are still made."""

from __future__ import annotations

from pathlib import Path

from conftest import SHORT_DIGEST, TONE

from podcast.cli import app

SECOND_DIGEST = SHORT_DIGEST.replace("Morning Brief", "Evening Brief")


def _run(runner, *args: str):
    return runner.invoke(app, ["make", *args, "--date", "2026-11-25", *TONE])


def test_folder_batch_goes_on_past_a_bad_digest(runner, tmp_path: Path) -> None:
    folder = tmp_path / "digests"
    folder.mkdir()
    (folder / "a-morning.txt").write_text(SHORT_DIGEST, encoding="utf-8")
    (folder / "b-empty.txt").write_text("", encoding="utf-8")
    (folder / "c-evening.md").write_text(SECOND_DIGEST, encoding="utf-8")
    (folder / "cover.png").write_bytes(b"\x89PNG not a digest")
    out = tmp_path / "out"
    result = _run(runner, str(folder), "-o", str(out))
    assert result.exit_code == 1
    rows = result.stdout.splitlines()
    assert rows[0].split()[:4] == ["Digest", "Result", "Length", "Time"]
    assert rows[1].split()[:2] == ["a-morning.txt", "made"] and rows[1].endswith(str(out / "2026-11-25-morning-brief.mp3"))
    assert rows[2].split()[:2] == ["b-empty.txt", "failed"] and "is empty" in rows[2]
    assert rows[3].split()[:2] == ["c-evening.md", "made"] and rows[3].endswith(str(out / "2026-11-25-evening-brief.mp3"))
    assert rows[4] == "3 digests: 2 made, 1 failed"
    assert len(rows) == 5  # cover.png is not taken as a digest
    assert sorted(p.name for p in out.glob("*.mp3")) == ["2026-11-25-evening-brief.mp3", "2026-11-25-morning-brief.mp3"]


def test_batch_of_good_digests_exits_zero(runner, tmp_path: Path) -> None:
    morning, evening = tmp_path / "morning.txt", tmp_path / "evening.txt"
    morning.write_text(SHORT_DIGEST, encoding="utf-8")
    evening.write_text(SECOND_DIGEST, encoding="utf-8")
    result = _run(runner, str(morning), str(evening), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "2 digests: 2 made, 0 failed"


def test_two_digests_for_one_episode_file_do_not_overwrite(runner, tmp_path: Path) -> None:
    first, copy = tmp_path / "first.txt", tmp_path / "copy.txt"
    first.write_text(SHORT_DIGEST, encoding="utf-8")
    copy.write_text(SHORT_DIGEST.replace("Rail link opens.", "Rail link opens today."), encoding="utf-8")
    result = _run(runner, str(first), str(copy), str(tmp_path / "missing.txt"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    rows = result.stdout.splitlines()
    assert "made" in rows[1]
    assert "failed" in rows[2] and f"same episode file 2026-11-25-morning-brief.mp3 as {first}" in rows[2]
    assert "failed" in rows[3] and "not found" in rows[3]
    assert rows[4] == "3 digests: 1 made, 2 failed"


def test_empty_folder_is_an_error(runner, tmp_path: Path) -> None:
    result = _run(runner, str(tmp_path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: folder {tmp_path} holds no digest files")


def test_unexpected_error_on_one_digest_is_recorded(runner, tmp_path: Path, monkeypatch) -> None:
    from podcast import pipeline

    real_plan = pipeline.plan_episode

    def plan(digest: Path, *args, **kwargs):
        if digest.name == "bug.txt":
            raise RuntimeError("reader crashed")
        return real_plan(digest, *args, **kwargs)

    monkeypatch.setattr(pipeline, "plan_episode", plan)
    (tmp_path / "bug.txt").write_text(SHORT_DIGEST, encoding="utf-8")
    (tmp_path / "good.txt").write_text(SECOND_DIGEST, encoding="utf-8")
    result = _run(runner, str(tmp_path / "bug.txt"), str(tmp_path / "good.txt"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    rows = result.stdout.splitlines()
    assert "failed" in rows[1] and "unexpected RuntimeError: reader crashed" in rows[1]
    assert "made" in rows[2]
