"""The site's settings with a fourth language, Ukrainian, added as docs/architecture.md
says ("Adding a language"), without a catalogue of ours: for
tests/config/test_adding_a_language.py, in a process of its own (modeltranslation makes the
per-language columns from LANGUAGES when the models are imported)."""

from config.settings import *  # noqa: F403
from config.settings import LANGUAGES

LANGUAGES = [*LANGUAGES, ("uk", "Ukrainian")]
