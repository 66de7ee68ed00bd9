"""The admin's own pages can be worked in on a laptop: at 1280 and 1024 pixels, in
Belarusian (the longest words of the three languages), every link and control of the
tables staff act from is on the screen and is what a click there reaches."""

import pytest

from campaigns.models import Campaign
from core.network import ip_hash
from prisoners.models import Person
from tests.e2e.browsing import CAMPAIGN_SLUG, Tab
from tests.e2e.pages import signed_in_to_the_admin
from tests.factories import make_signature

pytestmark = pytest.mark.browser

ADMIN_VIEWPORTS = ["desktop", "laptop"]

# Each element of the selector, brought to the middle of the window by scrolling down
# only (nothing scrolled sideways, neither the page nor a box inside it): what is drawn
# at its centre (another element on top of it takes the click), and whether it lies
# inside the window.
REACHABLE_JS = """(selector) => [...document.querySelectorAll(selector)].map((element) => {
  for (let box = element.parentElement; box; box = box.parentElement) box.scrollLeft = 0;
  window.scrollTo(0, 0);
  const top = element.getBoundingClientRect().top;
  window.scrollTo(0, top - window.innerHeight / 2);
  const box = element.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return {
    text: element.textContent.trim() || element.getAttribute("aria-label") || element.name,
    on_top: Boolean(hit) && (hit === element || element.contains(hit)),
    covered_by: hit && !element.contains(hit) ? hit.closest("[id]")?.id || hit.tagName : "",
    in_window: box.left >= 0 && box.right <= document.documentElement.clientWidth,
  };
})"""

# The words of each cell that are broken across lines (a word drawn as more than one
# line box): a column squeezed narrower than its longest word.
BROKEN_WORDS_JS = """(selector) => {
  const broken = [];
  for (const cell of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def in_belarusian(tab: Tab) -> None:
    """The admin in Belarusian from now on (the language the header's switch sets)."""
    tab.page.context.add_cookies([{"name": "django_language", "value": "be", "url": tab.origin}])


def recent_actions_of(username: str) -> None:
    """A day's work in the index's "Recent actions" box: its ten lines, the most it shows."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth.models import User

    user = User.objects.get(username=username)
    people = list(Person.objects.all())
    for n in range(10):
        LogEntry.objects.log_actions(user.pk, [people[n % len(people)]], CHANGE, "[]")


def unreachable(tab: Tab, selector: str) -> list[dict]:
    found = tab.page.evaluate(REACHABLE_JS, selector)
    assert found, f"nothing matches {selector}"
    return [item for item in found if not (item["on_top"] and item["in_window"])]


@pytest.mark.parametrize("viewport", ADMIN_VIEWPORTS)
def test_every_flood_can_be_reviewed_from_the_index(open_tab, settings, viewport):
    settings.FLOOD_IP_RECORD_PER_HOUR, settings.FLOOD_DOMAIN_RECORD_PER_HOUR = 5, 5
    campaign = Campaign.objects.get(slug=CAMPAIGN_SLUG)
    for n in range(6):
        make_signature(campaign, ip_hash=ip_hash("203.0.113.5"), email=f"f{n}@flood.example")
    tab = open_tab(viewport)
    signed_in_to_the_admin(tab)
    recent_actions_of("editor-in-chief")  # a tall box beside the tables
    in_belarusian(tab)
    tab.goto("/admin/")

    assert tab.page.locator(".flood-table a").count() == 2  # the address and the domain
    assert unreachable(tab, ".flood-table a") == []
    assert tab.page.evaluate(BROKEN_WORDS_JS, ".flood-table th, .signing-days th") == []
    assert tab.horizontal_overflow() == 0


def a_whole_record() -> Person:
    """The seed article's person, with an entry of every part of the record (the seed
    has status changes, a verdict, events, quotes and a relation): a stay, a recognition
    and a charge besides, each citing the person's source."""
    from prisoners.models import CaseArticle, CriminalArticle, Recognition, Stay
    from tests.factories import make_place

    person = Person.objects.get(slug="sergei-tikhanovsky")
    source = person.sources.first()
    article = CriminalArticle.objects.create(
        country="BY", code="Criminal Code", article="342", part="1", title_en="Riots"
    )
    for entry in (
        Stay.objects.create(person=person, place=make_place(name_en="Penal colony No. 3")),
        Recognition.objects.create(person=person, organisation_en="Viasna"),
        CaseArticle.objects.create(person=person, article=article),
    ):
        entry.sources.set([source])
    return person


# Every existing entry's sources (select2's box, which stands for the select) and its
# Delete box; not the hidden template of a new entry.
SOURCES_AND_DELETE = (
    ".inline-group select[name$='-sources']:not([name*='__prefix__']) + .select2,"
    ".inline-group select[name$='-source']:not([name*='__prefix__']) + .select2,"
    ".inline-group input[name$='-DELETE']:not([name*='__prefix__'])"
)


@pytest.mark.parametrize("viewport", ADMIN_VIEWPORTS)
def test_the_sources_and_delete_of_every_entry_of_the_record_are_on_the_screen(open_tab, viewport):
    person = a_whole_record()
    tab = open_tab(viewport)
    signed_in_to_the_admin(tab)
    in_belarusian(tab)
    tab.goto(f"/admin/prisoners/person/{person.pk}/change/")
    tab.page.locator(".select2").first.wait_for()
    for folded in tab.page.locator("details summary").all():  # the timeline, the quotes
        folded.click()

    entries = tab.page.locator(".inline-group input[name$='-DELETE']:not([name*='__prefix__'])")
    assert entries.count() == 3 + 1 + 4 + 5 + 1 + 3  # status, verdict, events, quotes, …
    assert unreachable(tab, SOURCES_AND_DELETE) == []
    assert tab.horizontal_overflow() == 0
