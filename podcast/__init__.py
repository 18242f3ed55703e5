"""roundup-podcast: turn a daily news digest into a finished podcast episode, offline."""

__version__ = "0.1.0"

import warnings

# pydub warns at import when ffmpeg is not on PATH; we point it at our own ffmpeg
# (podcast.audio.ffmpeg.configure_pydub), so the warning would only mislead users.
warnings.filterwarnings("ignore", message="Couldn't find ffmpeg or avconv", category=RuntimeWarning)
