"""The segment kinds of an episode, declared once, in the order they are spoken.

Each kind names its template (`scripts_templates/<name>.txt.j2`), the voice role
that reads it, where its content comes from in the `Digest`, whether a show can
switch it on or off (`--<name>/--no-<name>` on `make` and `preview`, `[script]
<name>` in podcast.toml) and the extra silence before it. The writer, the
programme's pauses, the preview's estimate and the config and CLI switches all
read this table: a new kind is one entry here plus one template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Mapping, Sequence

from ..models import Digest, Segment, Story
from ..sentences import as_sentence

if TYPE_CHECKING:
    from ..config import AudioConfig

Content = Callable[[Digest], list[tuple[str, dict]]]
"""Where a kind's segments come from: (chapter title, template variables) for each; none leaves the kind out."""


@dataclass(frozen=True)
class SegmentKind:
    """One kind of segment."""

    name: str
    """The kind's name in the script and its template's: `<name>.txt.j2`."""
    role: str
    """The voice role that reads it: anchor or story."""
    content: Content
    optional: bool = False
    """A show can switch it on or off; a user's templates folder may leave its template out."""
    default: bool = True
    """Whether an optional kind is spoken when the show says nothing."""
    help: str = ""
    """What the switch does, for --help and podcast.toml."""
    pause_before: str = ""
    """The [audio] setting (in ms) of extra silence before each segment of this kind, on top of pause_after_segment_ms."""

    @property
    def switch(self) -> str:
        """The command-line flag: `--whos-who/--no-whos-who`."""
        flag = self.name.replace("_", "-")
        return f"--{flag}/--no-{flag}"


def spoken_story(story: Story) -> Story:
    """Every paragraph ends with a full stop, so the voice never runs two together."""
    return Story(story.title, "\n\n".join(as_sentence(p) for p in story.body.split("\n\n") if p.strip()))


def _intro(digest: Digest) -> list[tuple[str, dict]]:
    return [("Intro", {})]


def _headlines(digest: Digest) -> list[tuple[str, dict]]:
    """The summary bullets, or the story headings when there are none; a digest of bare
    headlines has no rundown, since its stories are the headlines."""
    headlines = list(digest.hub) or ([s.title for s in digest.stories] if any(s.body.strip() for s in digest.stories) else [])
    return [("Headlines", {"headlines": headlines})] if headlines else []


def _stories(digest: Digest) -> list[tuple[str, dict]]:
    total = len(digest.stories)
    return [
        (story.title, {"story": spoken_story(story), "index": index, "total": total})
        for index, story in enumerate(digest.stories, start=1)
    ]


def _whos_who(digest: Digest) -> list[tuple[str, dict]]:
    return [("Who's who", {"glossary": digest.glossary})] if digest.glossary else []


def _outro(digest: Digest) -> list[tuple[str, dict]]:
    return [("Outro", {})]


SEGMENT_KINDS: tuple[SegmentKind, ...] = (
    SegmentKind("intro", "anchor", _intro),
    SegmentKind("headlines", "anchor", _headlines),
    SegmentKind("story", "story", _stories, pause_before="pause_before_story_ms"),
    SegmentKind(
        "whos_who", "anchor", _whos_who, optional=True, default=False,
        help="Read a \"who's who\" from the digest's glossary after the stories.",
    ),
    SegmentKind("outro", "anchor", _outro),
)
"""Every kind, in the order an episode speaks them."""


def kind_named(name: str) -> SegmentKind | None:
    return next((kind for kind in SEGMENT_KINDS if kind.name == name), None)


def switches() -> list[SegmentKind]:
    """The kinds a show can switch on or off."""
    return [kind for kind in SEGMENT_KINDS if kind.optional]


def is_on(kind: SegmentKind, chosen: Mapping[str, bool]) -> bool:
    """Whether `kind` is spoken: always, unless it is optional and switched off (or off by default)."""
    return not kind.optional or chosen.get(kind.name, kind.default)


def pause_after(segments: Sequence[Segment], n: int, audio: AudioConfig) -> float:
    """Seconds of silence after segment n: the pause between segments, plus the next kind's own lead-in.

    >>> from podcast.config import AudioConfig
    >>> segments = [Segment("intro", "Intro", "Hi."), Segment("story", "A", "A.", "story"), Segment("outro", "Outro", "Bye.")]
    >>> [pause_after(segments, n, AudioConfig()) for n in range(3)]
    [1.7, 0.7, 0.0]
    """
    if n + 1 >= len(segments):
        return 0.0
    following = kind_named(segments[n + 1].kind)
    extra = getattr(audio, following.pause_before) if following and following.pause_before else 0
    return (audio.pause_after_segment_ms + extra) / 1000
