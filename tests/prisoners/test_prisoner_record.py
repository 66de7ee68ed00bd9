"""The record card of a profile: each fact cites its source; the incommunicado notice."""

import datetime

import pytest

from prisoners.models import CaseArticle, CriminalArticle, Recognition, Status, Stay, Verdict
from tests.factories import make_person, make_place, make_source
from tests.html import text_of
from tests.prisoners.pages import fact_sources


@pytest.fixture
def maria(db):
    return make_person(name_en="Maria", slug="maria", status=Status.SENTENCED)


def test_each_record_fact_shows_its_source(client, maria):
    def cited(entry, title):
        entry.sources.set([make_source(title=title)])

    article = CriminalArticle.objects.create(country="BY", article="342", title="Riots")
    cited(CaseArticle.objects.create(person=maria, article=article), "Indictment")
    cited(Verdict.objects.create(person=maria, term="11 years", term_months=132), "Court report")
    cited(Stay.objects.create(person=maria, place=make_place(name_en="IK-4")), "Letter")
    cited(Recognition.objects.create(person=maria, organisation="Viasna"), "Viasna statement")
    cites = fact_sources(client.get("/en/prisoners/maria/").content)
    assert "Source: Indictment" in cites["Articles of the criminal code"]
    assert "Source: Court report" in cites["Verdict"]
    assert "Source: Letter" in cites["Where held"]
    assert "Source: Viasna statement" in cites["Recognised as a political prisoner"]
    assert cites["Status"]  # the status change that gives the status


def test_it_warns_that_a_person_is_held_incommunicado(client, maria):
    maria.is_incommunicado = True
    maria.last_contact_on = datetime.date(2023, 2, 1)
    maria.save()
    text = text_of(client.get("/en/prisoners/maria/").content)
    assert "Held incommunicado." in text
    assert "no letters, calls or visits reach this person" in text


def test_it_does_not_warn_when_the_person_is_not_incommunicado(client, maria):
    assert "Held incommunicado." not in text_of(client.get("/en/prisoners/maria/").content)
