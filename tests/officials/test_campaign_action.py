"""The campaign's page offers to write to its officials: each official's page linked,
the letters counted, the officials written to most, in a constant number of queries."""

import pytest

from officials.models import LetterToOfficial
from tests.html import find_all, parse, text_of
from tests.officials.conftest import make_letter, make_official, page_url


def test_it_links_each_official_and_tables_the_most_written_to(client, letter, prosecutor, head):
    for _ in range(3):
        LetterToOfficial.objects.create(letter=letter, official=head)
    LetterToOfficial.objects.create(letter=letter, official=prosecutor)
    html = client.get("/en/campaigns/free-maria/").content
    (section,) = find_all(html, "section", id="officials")
    assert "Write to an official" in section.text
    for official in (prosecutor, head):
        assert find_all(html, "a", href=page_url(letter, official))
    assert "4 letters sent to officials through this appeal." in text_of(html)
    elements = parse(html)
    (table,) = [e for e in elements if e.tag == "table" and e.attrs.get("class") == "written-to"]
    cells = [" ".join(e.text.split()) for e in elements if e.tag == "td" and e.is_inside(table)]
    assert cells == [
        "Head Example (synthetic), Head of an example colony", "3",
        "Prosecutor Example (synthetic), Prosecutor of an example region", "1",
    ]  # fmt: skip


def test_a_campaign_without_a_letter_to_officials_offers_none(client, campaign):
    html = client.get("/en/campaigns/free-maria/").content
    assert not find_all(html, "section", id="officials")


@pytest.mark.parametrize("officials", [1, 6])
def test_it_costs_the_same_queries_however_many_officials_and_letters(
    client, campaign, django_assert_num_queries, officials
):
    named = [make_official(name_en=f"Official {n} (synthetic)") for n in range(officials)]
    letter = make_letter(campaign, named)
    for official in named:
        LetterToOfficial.objects.create(letter=letter, official=official)
    # The page's ten (tests/campaigns/test_campaign_detail.py), the letters' officials
    # and the letters sent per official.
    with django_assert_num_queries(12):
        assert client.get("/en/campaigns/free-maria/").status_code == 200
