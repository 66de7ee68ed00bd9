import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def import_settings(**env: str) -> subprocess.CompletedProcess:
    """Import the settings module in a fresh interpreter with exactly this environment."""
    clean = {"PATH": os.environ["PATH"], **env}
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = import_settings(DEBUG="False")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_unset():
    result = import_settings()
    assert "SECRET_KEY is not set" in result.stderr


def test_it_starts_in_debug_without_a_secret_key():
    result = import_settings(DEBUG="True")
    assert result.returncode == 0, result.stderr


def test_it_names_the_variable_with_a_bad_boolean():
    result = import_settings(DEBUG="maybe")
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_it_names_the_variable_with_a_bad_number():
    result = import_settings(
        DEBUG="True",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_PORT="twenty-five",
    )
    assert "EMAIL_PORT='twenty-five' is not a whole number" in result.stderr


def test_it_rejects_an_unknown_log_level():
    result = import_settings(DEBUG="True", LOG_LEVEL="LOUD")
    assert "LOG_LEVEL='LOUD' is not one of" in result.stderr


def test_it_tunes_sqlite_for_concurrent_writers():
    code = (
        "from config import settings as s; o = s.DATABASES['default']['OPTIONS'];"
        "print(o['transaction_mode'], 'journal_mode=WAL' in o['init_command'],"
        " 'busy_timeout' in o['init_command'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DEBUG": "True"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["IMMEDIATE", "True", "True"]


def test_it_reads_a_postgres_database_url():
    code = "from config import settings as s; print(s.DATABASES['default']['ENGINE'])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DEBUG": "True",
            "DATABASE_URL": "postgres://someone@db.example:5432/appeals",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_it_passes_the_deployment_checks_in_production():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DEBUG": "False",
            "SECRET_KEY": "a-production-like-secret-key-" + "x7Qp2" * 10,
            "ALLOWED_HOSTS": "appeals.example.org",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
