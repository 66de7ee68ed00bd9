"""The campaign page and its counter are kept in process memory too, but never longer
than the shared cache keeps them: the total shown must not lag more than it may."""

import datetime

import time_machine

from core.page_cache import HotCache


def test_it_renders_once_for_every_process_until_the_shared_entry_expires(db):
    renders = []

    def render():
        renders.append(1)
        return f"total {len(renders)}"

    with time_machine.travel(datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.UTC)) as t:
        first_process, second_process = HotCache(), HotCache()
        assert first_process.get_or_render("k", 3, render) == "total 1"
        assert second_process.get_or_render("k", 3, render) == "total 1"  # shared
        t.shift(2.9)
        assert first_process.get_or_render("k", 3, render) == "total 1"
        t.shift(0.2)  # past the shared entry's deadline: both render anew, once
        assert second_process.get_or_render("k", 3, render) == "total 2"
        assert first_process.get_or_render("k", 3, render) == "total 2"
    assert len(renders) == 2


def test_it_keeps_a_bounded_number_of_entries(db):
    hot = HotCache(max_entries=3)
    for number in range(10):
        hot.get_or_render(f"k{number}", 3, lambda: "html")
    assert len(hot._entries) <= 3
