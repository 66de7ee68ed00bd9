"""Adding a language is one entry in LANGUAGES plus its catalogues (docs/architecture.md):
with a fourth language in the settings and no catalogue, the public pages, the language
switch, the case import and the admin work in it. modeltranslation makes each language's
columns when the models are imported, so the check runs in a process of its own, its
schema built from the models (tests/config/fourth_language_scenario.py)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_fourth_language_needs_only_its_entry_in_settings():
    # SQLite in memory, never the database of this run.
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    env["STATIC_FILES_COLLECTED"] = "1"  # by this run's tests/conftest.py
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/config/fourth_language_scenario.py",
         "--ds=tests.config.fourth_language_settings", "--no-migrations",
         "-p", "no:cacheprovider", "-q", "-x"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "5 passed" in result.stdout
