"""The intelligibility check (extra `qa`): an offline recogniser listens to an
episode and the words it gets wrong are the words listeners will likely mishear."""

from .compare import compare, normalize_words
from .listen import Recognizer, load_recognizer

__all__ = ["Recognizer", "compare", "load_recognizer", "normalize_words"]
