"""One exception per failure kind, all under PodcastError.

Every message says what went wrong and what to do about it; the CLI prints it as
a single `Error: …` line and exits non-zero.
"""


class PodcastError(Exception):
    """Base of every error a user can act on."""


class DigestError(PodcastError):
    """The digest file is missing, unreadable or holds nothing to speak."""


class TemplateError(PodcastError):
    """A script template is missing or does not render."""


class ConfigError(PodcastError):
    """podcast.toml or a command-line option has a bad value."""


class EngineError(PodcastError):
    """The speech engine could not be loaded or could not speak."""


class VoiceError(EngineError):
    """The requested voice does not exist for the engine."""


class ClipError(EngineError):
    """A synthesized clip is missing, silent or implausibly short or long."""


class AudioError(PodcastError):
    """ffmpeg is missing or failed to encode or decode audio."""


class OutputError(PodcastError):
    """An output file or folder cannot be written."""


class EngineUnavailable(EngineError):
    """The engine is registered but its optional dependencies are not installed."""


class QualityCheckError(PodcastError):
    """The intelligibility check cannot read the episode or its script."""
