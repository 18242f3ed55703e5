"""The embeddable player and the seeking pages, driven in a real browser.

Selenium drives Debian's chromium through its chromedriver (both installed by
.ci/run); Selenium Manager stays offline. The site is served by
`roundup-podcast serve`; the page that embeds the player is served by a second
server on another port, so the player runs in a cross-origin iframe as it does
on a newsroom's page. Screenshots and the accessibility results are written to
build/screenshots/ (or $ROUNDUP_SCREENSHOTS) for a person to look at.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import threading
from pathlib import Path
from typing import Iterator

import pytest
from mutagen.mp3 import MP3
from typer.testing import CliRunner

from podcast.cli import app
from publishing import DATES, PublishedShow, free_port, require_tool, served

SCREENSHOTS = Path(os.environ.get("ROUNDUP_SCREENSHOTS", Path(__file__).parent.parent / "build" / "screenshots"))
EPISODE = f"{DATES[-1]}-morning-brief"
SERIOUS = ("serious", "critical")
WAIT_SECONDS = 20


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless chromium under Selenium, with the system's chromedriver and no network lookups."""
    chromium = require_tool("chromium", "chromium")
    driver_path = require_tool("chromedriver", "chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = chromium
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        "--autoplay-policy=no-user-gesture-required", "--mute-audio",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(argument)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SE_OFFLINE", "true")
        driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def host_page(folder: Path, body: str) -> Iterator[str]:
    """A newsroom's page holding `body`, served on another port (another origin) than the site."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "digest.html").write_text(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>The digest</title>"
        "<style>body{font-family:sans-serif;max-width:50rem;margin:0 auto;padding:8px}</style></head>"
        f"<body><main><h1>Morning Brief: Chips and Trains</h1>{body}<p>A chip maker opened a plant in Ohio.</p></main></body></html>",
        encoding="utf-8",
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), functools.partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/digest.html"
    finally:
        server.shutdown()
        server.server_close()


def _wait(driver, script: str, what: str):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT_SECONDS).until(lambda d: d.execute_script(script), message=what)


def _metadata(driver) -> float:
    return _wait(driver, "var a = document.querySelector('audio'); return a.readyState >= 1 && a.duration;", "audio metadata")


def _snippet(show: PublishedShow) -> str:
    result = CliRunner().invoke(app, ["episodes", "embed", DATES[-1], "--config", str(show.config)])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def site(published_show: PublishedShow) -> Iterator[str]:
    with served(published_show.config, published_show.port):
        yield f"http://127.0.0.1:{published_show.port}/"


def _screenshot(driver, width: int, name: str) -> Path:
    """The whole page at `width` CSS pixels, as a phone or a desktop shows it."""
    height = driver.execute_script("return Math.max(document.documentElement.scrollHeight, 600);")
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    assert driver.save_screenshot(str(path))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return path


def test_player_in_another_origins_iframe_plays_seeks_and_changes_speed(
    browser, site: str, published_show: PublishedShow, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    snippet = _snippet(published_show)
    with host_page(tmp_path / "newsroom", snippet) as url:
        browser.get(url)
        host_origin = browser.execute_script("return location.origin;")
        frame = browser.find_element(By.TAG_NAME, "iframe")
        assert frame.get_attribute("src") == f"{site}embed/{EPISODE}.html"
        browser.switch_to.frame(frame)
        assert browser.execute_script("return location.origin;") != host_origin
        assert browser.find_element(By.CLASS_NAME, "label").text.casefold() == "listen to the full version"

        duration = _metadata(browser)
        measured = MP3(published_show.output / f"{EPISODE}.mp3").info.length
        assert abs(duration - measured) < 0.5, (duration, measured)

        third = browser.find_elements(By.CSS_SELECTOR, "ol.chapters [data-start]")[2]
        start = float(third.get_attribute("data-start"))
        third.click()
        position = browser.execute_script("var a = document.querySelector('audio'); a.pause(); return a.currentTime;")
        assert abs(position - start) < 0.25, (position, start)
        assert third.get_attribute("aria-current") == "true"

        speed = browser.find_element(By.ID, "speed")
        speed.find_element(By.CSS_SELECTOR, "option[value='1.5']").click()
        assert browser.execute_script("return document.querySelector('audio').playbackRate;") == 1.5

        browser.find_element(By.TAG_NAME, "h1").click()  # focus leaves the controls: keys go to the page
        browser.find_element(By.TAG_NAME, "body").send_keys("k")
        _wait(browser, "var a = document.querySelector('audio'); return !a.paused && a.currentTime > " f"{start + 0.2};", "playing after k")
        assert browser.find_element(By.ID, "play").get_attribute("aria-label") == "Pause"
        browser.find_element(By.TAG_NAME, "body").send_keys(Keys.SPACE)
        assert browser.execute_script("return document.querySelector('audio').paused;")
        before = browser.execute_script("return document.querySelector('audio').currentTime;")
        browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
        after = browser.execute_script("return document.querySelector('audio').currentTime;")
        assert abs(after - before - 5) < 0.25, (before, after)

        toggle = browser.find_element(By.ID, "transcript-toggle")
        transcript = browser.find_element(By.ID, "transcript")
        assert (toggle.get_attribute("aria-expanded"), transcript.is_displayed()) == ("false", False)
        toggle.click()
        assert (toggle.get_attribute("aria-expanded"), transcript.is_displayed()) == ("true", True)
        lines = transcript.find_elements(By.CSS_SELECTOR, "[data-start]")
        lines[-1].click()
        position = browser.execute_script("var a = document.querySelector('audio'); a.pause(); return a.currentTime;")
        assert abs(position - float(lines[-1].get_attribute("data-start"))) < 0.25
        browser.execute_script("window.scrollTo(0, 0);")  # the screenshots show the player from its top
        browser.switch_to.default_content()
        _screenshot(browser, 320, "player-320.png")
        _screenshot(browser, 1280, "player-1280.png")


def test_player_fits_280_pixels_without_scrolling_sideways(browser, site: str) -> None:
    browser.get(f"{site}embed/{EPISODE}.html")
    _metadata(browser)
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 280, "height": 600, "deviceScaleFactor": 1, "mobile": True})
    try:
        overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
        hidden = browser.execute_script(
            "return ['play', 'seek', 'time', 'speed'].filter(function (id) {"
            " var box = document.getElementById(id).getBoundingClientRect(); return box.width === 0 || box.right > 280; });"
        )
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert (overflow, hidden) == (0, [])


def test_episode_page_chapters_and_transcript_seek(browser, site: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{site}episodes/{EPISODE}.html")
    _metadata(browser)
    for selector in ("ol.chapters [data-start]", "section [data-start].line"):
        controls = browser.find_elements(By.CSS_SELECTOR, selector)
        assert len(controls) >= 3, selector
        controls[2].click()
        position = browser.execute_script("var a = document.querySelector('audio'); a.pause(); return a.currentTime;")
        assert abs(position - float(controls[2].get_attribute("data-start"))) < 0.25, selector


def _axe(driver) -> dict:
    from axe_selenium_python import Axe

    axe = Axe(driver)
    axe.inject()
    return axe.run()


@pytest.mark.parametrize("page", ["embed", "index", "episode"])
def test_pages_have_no_serious_accessibility_violations(browser, site: str, page: str) -> None:
    path = {"embed": f"embed/{EPISODE}.html", "index": "index.html", "episode": f"episodes/{EPISODE}.html"}[page]
    browser.get(site + path)
    _metadata(browser)
    results = _axe(browser)
    found = [(v["id"], v["impact"], len(v["nodes"])) for v in results["violations"]]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    summary = {
        "page": path, "violations": found, "passes": len(results["passes"]),
        "incomplete": [(v["id"], v["impact"], len(v["nodes"])) for v in results["incomplete"]],
    }
    (SCREENSHOTS / f"axe-{page}.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    assert results["passes"], "axe ran no checks"
    assert [v for v in found if v[1] in SERIOUS] == [], found
