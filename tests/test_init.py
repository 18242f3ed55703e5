"""`init` writes a podcast.toml that loads back; every bad show value is named with its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from podcast.cli import app
from podcast.config import load_config
from publishing import COVER

FLAGS = [
    "--title", "Morning Brief", "--author", "The Desk", "--email", "desk@example.com",
    "--base-url", "https://example.com/brief/", "--language", "en-gb", "--category", "Technology",
]


def test_init_with_flags_writes_a_file_that_loads_back(tmp_path: Path) -> None:
    path = tmp_path / "podcast.toml"
    result = CliRunner().invoke(app, ["init", "--config", str(path), *FLAGS])
    assert (result.exit_code, result.stdout) == (0, f"{path}\n"), result.output
    text = path.read_text()
    assert text.count("\n# ") >= 10  # commented
    show = load_config(path).show
    assert (show.title, show.author, show.email, show.base_url, show.language) == (
        "Morning Brief", "The Desk", "desk@example.com", "https://example.com/brief/", "en-gb",
    )
    assert (show.category, show.subcategory, show.explicit, show.cover) == ("Technology", "", False, None)
    assert load_config(path).output_dir == tmp_path / "output"


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "podcast.toml"
    path.write_text("# mine\n")
    result = CliRunner().invoke(app, ["init", "--config", str(path), *FLAGS])
    assert (result.exit_code, result.stderr) == (1, f"Error: {path} already exists; edit it, or pass --force to overwrite it\n")
    assert path.read_text() == "# mine\n"
    assert CliRunner().invoke(app, ["init", "--config", str(path), "--force", *FLAGS]).exit_code == 0


def test_init_asks_for_each_value_and_asks_again_after_a_bad_one(tmp_path: Path) -> None:
    (tmp_path / "cover.png").write_bytes(COVER.read_bytes())
    answers = [
        "Evening Wrap", "News at six, read aloud.", "Wrap Team", "", "wrap@example", "wrap@example.com", "EN", "en",
        "Newz", "News", "Tech", "Tech News", "y", "ftp://x", "https://example.org/wrap/", "cover.png", "© Wrap Team",
    ]
    path = tmp_path / "podcast.toml"
    result = CliRunner().invoke(app, ["init", "--config", str(path)], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    for rejected in ("--email 'wrap@example'", "--language 'EN'", "--category 'Newz'", "--subcategory 'Tech'", "--base-url 'ftp://x'"):
        assert rejected in result.stderr
    show = load_config(path).show
    assert (show.title, show.email, show.language, show.category, show.subcategory) == (
        "Evening Wrap", "wrap@example.com", "en", "News", "Tech News",
    )
    assert (show.explicit, show.base_url, show.cover, show.copyright) == (True, "https://example.org/wrap/", tmp_path / "cover.png", "© Wrap Team")


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--category", "Newz", "Error: --category 'Newz' is not an Apple Podcasts category (did you mean 'News'?); use one of: Arts, "),
        ("--email", "desk-at-example.com", "Error: --email 'desk-at-example.com' is not an email address; write it like news@example.com\n"),
        ("--base-url", "example.com/brief", "Error: --base-url 'example.com/brief' is not an http(s) URL; write where the site will live, e.g. https://example.com/podcast/\n"),
        ("--language", "English", "Error: --language 'English' is not an ISO 639 language code; write e.g. en or en-us (lower case)\n"),
    ],
)
def test_init_reports_a_bad_flag_with_its_fix(tmp_path: Path, flag: str, value: str, message: str) -> None:
    args = list(FLAGS)
    args[args.index(flag) + 1] = value
    result = CliRunner().invoke(app, ["init", "--config", str(tmp_path / "podcast.toml"), *args])
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert not (tmp_path / "podcast.toml").exists()


def _image(path: Path, size: tuple[int, int], mode: str = "RGB", fmt: str = "PNG") -> Path:
    Image.new(mode, size).save(path, fmt)
    return path


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda d: _image(d / "c.png", (1400, 1000)), "is 1400x1000 px, not square; crop it to a square of 1400–3000 px"),
        (lambda d: _image(d / "c.png", (1000, 1000)), "is 1000x1000 px; Apple needs 1400–3000 px, resize it"),
        (lambda d: _image(d / "c.png", (3200, 3200)), "is 3200x3200 px; Apple needs 1400–3000 px, resize it"),
        (lambda d: _image(d / "c.gif", (1400, 1400), "P", "GIF"), "is GIF; Apple takes JPEG or PNG only, convert it"),
        (lambda d: _image(d / "c.jpg", (1400, 1400), "CMYK", "JPEG"), "is in colour mode CMYK; save it as RGB"),
        (lambda d: d / "c.png", "not found; give the path of a square JPEG or PNG, relative to podcast.toml"),
    ],
)
def test_config_names_a_bad_cover_and_the_fix(tmp_path: Path, make, problem: str) -> None:
    cover = make(tmp_path)
    config = tmp_path / "podcast.toml"
    config.write_text(f'[show]\ncover = "{cover.name}"\n')
    result = CliRunner().invoke(app, ["preview", "nothing.txt", "--config", str(config)])
    assert (result.exit_code, result.stderr) == (1, f"Error: {config}: [show] cover {cover} {problem}\n")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('subcategory = "Daily News"\ncategory = "Technology"', "[show] subcategory 'Daily News' is not allowed: Apple's category Technology has no subcategories; leave it empty"),
        ('explicit = "no"', "[show] explicit must be true or false, not 'no'"),
        ('description = ""', "[show] description is empty; write a sentence or two about the show"),
        (f'description = "{"x" * 4001}"', "[show] description is 4001 bytes; Apple allows 4000, shorten it"),
        ('language = "english"', "[show] language 'english' is not an ISO 639 language code; write e.g. en or en-us (lower case)"),
    ],
)
def test_config_names_other_bad_values(tmp_path: Path, line: str, message: str) -> None:
    config = tmp_path / "podcast.toml"
    config.write_text(f"[show]\n{line}\n")
    result = CliRunner().invoke(app, ["preview", "nothing.txt", "--config", str(config)])
    assert (result.exit_code, result.stderr) == (1, f"Error: {config}: {message}\n")
