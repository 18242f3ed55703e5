"""Commands on the show: `init` its settings, `publish` feed and site, list its `episodes`, `serve` it.

The publish modules (feed, site, server) are imported inside each command, not
here: making an episode or asking for `--help` should not pay for them.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from ..errors import ConfigError
from .console import clock, err, report_delivered, report_published, sent, user_errors
from .options import CatalogOutputOpt, ConfigOpt, ToOpt, build_config

if TYPE_CHECKING:
    from ..config import Config, ShowConfig

episodes_app = typer.Typer(help="List, show or remove catalogued episodes.", no_args_is_help=True)
KeyArg = typer.Argument(..., help="The episode's date (YYYY-MM-DD), GUID or audio file name.", show_default=False)


def publish(
    feed_url: Optional[str] = typer.Argument(
        None, help="With --verify: the live feed to check (default: the show's base_url + feed.xml).", show_default=False
    ),
    to: Optional[str] = ToOpt,
    verify: bool = typer.Option(
        False, "--verify", help="Fetch the live feed like a podcast app, check it and every file it names; exit 1 on any problem."
    ),
    output: Optional[str] = CatalogOutputOpt,
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Rebuild feed.xml and the show website from the catalog and print the feed's path; upload it with --to.

    The upload sends only changed files (a manifest of hashes is kept at the target), media first and feed.xml last, then deletes what the site no longer has, then pings the configured WebSub hub and Podping. --verify alone checks the live feed and changes nothing.

    Example: roundup-podcast publish --to s3://my-bucket/podcast/ --verify
    """
    from .. import publish as publishing  # deferred: see the module docstring

    with user_errors():
        settings = build_config(config, output=output, target=to)
        if feed_url is not None and not verify:
            raise ConfigError(f"a feed URL ({feed_url}) is only read with --verify; add --verify or drop it")
        if not verify or to is not None:
            published = publishing.publish(settings)
            report_published(published)
            if settings.publish.target:
                from ..publish.upload import deliver

                report_delivered(deliver(published, settings, sent))
            typer.echo(str(published.feed))
        if verify:
            _verify(feed_url, settings)


def _verify(feed_url: Optional[str], settings: Config) -> None:
    from ..publish import site_base_url  # deferred: see the module docstring
    from ..publish.feed import FEED_NAME
    from ..publish.verify import render_table, verify_feed

    feed_url = feed_url or site_base_url(settings) + FEED_NAME
    err.print(f"Verifying {feed_url}", markup=False)
    checks = verify_feed(feed_url)
    typer.echo(render_table(checks))
    if any(check.problem for check in checks):
        raise typer.Exit(1)


@episodes_app.command("list")
def episodes_list(output: Optional[str] = CatalogOutputOpt, config: Optional[Path] = ConfigOpt) -> None:
    """List the catalogued episodes, newest first: date, duration, GUID, title.

    Example: roundup-podcast episodes list --output output/
    """
    from .. import publish as publishing  # deferred: see the module docstring

    with user_errors():
        for entry in publishing.list_episodes(build_config(config, output=output)):
            typer.echo(f"{entry.date}  {clock(entry.seconds):>6}  {entry.guid}  {entry.title}")


@episodes_app.command("show")
def episodes_show(key: str = KeyArg, output: Optional[str] = CatalogOutputOpt, config: Optional[Path] = ConfigOpt) -> None:
    """Print one catalogued episode as JSON.

    Example: roundup-podcast episodes show 2026-11-25
    """
    from .. import publish as publishing  # deferred: see the module docstring

    with user_errors():
        entry = publishing.find_episode(key, build_config(config, output=output))
        typer.echo(json.dumps(dataclasses.asdict(entry), indent=2, ensure_ascii=False, default=str))


@episodes_app.command("embed")
def episodes_embed(
    key: str = KeyArg,
    fmt: str = typer.Option("html", "--format", help="html (an iframe with a plain audio fallback), markdown or json (oEmbed fields)."),
    output: Optional[str] = CatalogOutputOpt,
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Print the snippet that puts the episode's player beside the digest on any web page.

    The player (site/embed/<episode>.html) is written by every publish; its label
    is [show] player_label in podcast.toml.

    Example: roundup-podcast episodes embed 2026-11-25 --format markdown
    """
    from .. import publish as publishing  # deferred: see the module docstring

    with user_errors():
        typer.echo(publishing.embed_episode(key, build_config(config, output=output), fmt))


@episodes_app.command("remove")
def episodes_remove(key: str = KeyArg, output: Optional[str] = CatalogOutputOpt, config: Optional[Path] = ConfigOpt) -> None:
    """Remove an episode from the catalog and rebuild feed and site; its files stay in the output folder.

    Example: roundup-podcast episodes remove 2026-11-25
    """
    from .. import publish as publishing  # deferred: see the module docstring

    with user_errors():
        entry, published = publishing.remove_episode(key, build_config(config, output=output))
        err.print(f"Removed {entry.date} {entry.title} ({entry.guid})", markup=False)
        report_published(published)


def serve(
    port: int = typer.Option(8000, "--port", help="Port to listen on.", min=0, max=65535),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    output: Optional[str] = CatalogOutputOpt,
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Serve the published site on localhost (HEAD and byte ranges supported) until Ctrl-C.

    Example: roundup-podcast serve --port 8000
    """
    from .. import publish as publishing  # deferred: see the module docstring
    from ..publish.serve import make_server
    from ..publish.site import SITE_NAME

    with user_errors():
        settings = build_config(config, output=output)
        publishing.repair_site(settings)
        server = make_server(settings.output_dir / SITE_NAME, host, port, verbose=True)
        err.print(f"Serving {settings.output_dir / 'site'} at http://{host}:{server.server_port}/ (Ctrl-C stops)", markup=False)
        with server:
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                err.print("Stopped", markup=False)


def init(
    title: Optional[str] = typer.Option(None, "--title", help="Show title."),
    author: Optional[str] = typer.Option(None, "--author", help="Author, shown as the show's artist."),
    email: Optional[str] = typer.Option(None, "--email", help="Owner email (for Apple's and Spotify's ownership check)."),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="Where the site will be served, e.g. https://example.com/podcast/."),
    language: Optional[str] = typer.Option(None, "--language", help="ISO 639 language code, e.g. en or en-us."),
    category: Optional[str] = typer.Option(None, "--category", help="Apple Podcasts category, e.g. News."),
    subcategory: Optional[str] = typer.Option(None, "--subcategory", help="Apple Podcasts subcategory, e.g. 'Daily News'."),
    description: Optional[str] = typer.Option(None, "--description", help="One-line description of the show."),
    owner: Optional[str] = typer.Option(None, "--owner", help="Owner name (default: the author)."),
    cover: Optional[Path] = typer.Option(None, "--cover", help="Square JPEG/PNG cover, 1400-3000 px, relative to the file."),
    explicit: Optional[bool] = typer.Option(None, "--explicit/--clean", help="Whether episodes contain explicit material."),
    copyright: Optional[str] = typer.Option(None, "--copyright", help="Copyright line."),
    path: Path = typer.Option(Path("podcast.toml"), "--config", help="File to write."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented podcast.toml; asks for each value unless any is given as a flag.

    Example: roundup-podcast init --title "Daily Tech Roundup" --author "The Newsroom" --email news@example.com --base-url https://example.com/podcast/ --language en --category Technology
    """
    from ..config import ShowConfig  # deferred: see the module docstring
    from ..show_file import write_show_file

    given = {
        "title": title, "author": author, "email": email, "base_url": base_url, "language": language,
        "category": category, "subcategory": subcategory, "description": description, "owner_name": owner,
        "cover": cover, "explicit": explicit, "copyright": copyright,
    }
    with user_errors():
        values = {key: value for key, value in given.items() if value is not None}
        if "category" in values and "subcategory" not in values:
            values["subcategory"] = ""
        show = ShowConfig(**values)
        if not values:
            show = _ask_show(show, path.parent)
        write_show_file(path, show, force)
        typer.echo(str(path))


def _ask_show(show: ShowConfig, where: Path) -> ShowConfig:
    """Prompt for every value, re-asking until each passes the same checks as podcast.toml."""
    from ..show_file import QUESTIONS, check_init_values, flag_of  # deferred: see the module docstring

    for key, question in QUESTIONS:
        current = getattr(show, key)
        while True:
            if isinstance(current, bool):
                value: object = typer.confirm(question, default=current)
            else:
                answer = typer.prompt(question, default="" if current is None else str(current), show_default=True)
                value = Path(answer) if key == "cover" and answer else (None if key == "cover" else answer)
            candidate = dataclasses.replace(show, **{key: value})
            try:
                check_init_values(candidate, where)
            except ConfigError as exc:
                if str(exc).startswith(flag_of(key) + " "):
                    err.print(f"  {exc}", markup=False)
                    continue
            show = candidate
            break
    return show
