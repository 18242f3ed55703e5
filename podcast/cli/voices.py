"""`voices`: list every installed engine's voices, or audition one into a sample file.

The speech engines are imported inside the command, not here: the other
commands and `--help` should not pay for them.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Optional

import typer

from .console import err, user_errors


def voices(
    engine: Optional[str] = typer.Option(None, "--engine", help="Only this engine's voices (default: every installed engine)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    say: Optional[str] = typer.Option(None, "--say", help="Speak this text into a sample file instead of listing."),
    voice: Optional[str] = typer.Option(None, "--voice", help="With --say: the voice id to audition."),
    rate: int = typer.Option(175, "--rate", help="With --say: words per minute.", min=60, max=450),
    output: Path = typer.Option(Path("voice-sample.wav"), "--output", "-o", help="With --say: the sample file (.wav or .mp3)."),
) -> None:
    """List the voices of every installed engine (engine, id, language, gender or variant), or audition one with --say.

    Example: roundup-podcast voices --say "Good morning, this is the news." --voice gmw/en-us+m3
    """
    with user_errors():
        if say is not None:
            from ..tts.audition import audition_voice  # deferred: see the module docstring

            speaker = audition_voice(say, voice or "", rate, output, engine or "")
            err.print(f"Spoke with {speaker}", markup=False)
            typer.echo(str(output))
            return
        from ..tts.casting import list_voices  # deferred: see the module docstring

        found, notes = list_voices(engine or "")
        if as_json:
            typer.echo(json.dumps([dataclasses.asdict(v) for v in found], indent=2))
        else:
            for v in found:
                typer.echo(f"{v.engine:<8} {v.id:<28} {v.language:<16} {v.gender:<7} {v.name}")
        for note in notes:
            err.print(note, markup=False)
        if not engine and not as_json:
            _print_defaults()


def _print_defaults() -> None:
    """Which voices speak when none is chosen, and why not Piper's when it cannot load."""
    from ..config import VoiceConfig  # deferred: see the module docstring
    from ..tts.casting import cast

    roles = cast(VoiceConfig()).values()
    for notice in dict.fromkeys(v.notice for v in roles if v.notice):
        err.print(notice, markup=False)
    chosen = "; ".join(f"{v.role}: {v.engine.name} {v.voice}" for v in roles)
    err.print(f"Default voices: {chosen} (make --draft speaks with pyttsx3, fast and rough)", markup=False)
