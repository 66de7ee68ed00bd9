"""OPEN_DATA_LICENSE: an SPDX identifier of an open licence, CC-BY-4.0 unless told."""

from tests.config.test_settings import run_python, setting


def test_the_open_data_is_cc_by_unless_told_otherwise():
    assert setting("s.OPEN_DATA_LICENSE", DEBUG="True") == "CC-BY-4.0"
    assert setting("s.OPEN_DATA_LICENSE", DEBUG="True", OPEN_DATA_LICENSE="ODbL-1.0") == "ODbL-1.0"


def test_an_identifier_it_does_not_know_stops_the_process():
    result = run_python("-c", "import config.settings", DEBUG="True", OPEN_DATA_LICENSE="MIT-ish")

    assert "OPEN_DATA_LICENSE='MIT-ish' is not one of: CC-BY-4.0" in result.stderr
