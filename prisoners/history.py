"""The history of every fact: who changed what, when, and an earlier version to restore.

Registered here, after the translations (see the end of prisoners/translation.py), so the
historical tables get every language's column: django-simple-history's advice for
modeltranslation. The sources a fact cites are kept too (``m2m_fields``)."""

import simple_history

from prisoners.models import (
    CaseArticle,
    CriminalArticle,
    Event,
    Methodology,
    Person,
    PlaceOfDetention,
    Quote,
    Recognition,
    Source,
    StatusChange,
    Stay,
    Verdict,
)

# Derived columns, rebuilt on every save: a copy in history says nothing an editor did.
PERSON_DERIVED = ["search_text", "search_skeleton", "sort_name"]

simple_history.register(Person, m2m_fields=["sources"], excluded_fields=PERSON_DERIVED)
for model in (Event, CaseArticle, Verdict, StatusChange, Stay, Recognition, PlaceOfDetention):
    simple_history.register(model, m2m_fields=["sources"])
for model in (Quote, Source, CriminalArticle, Methodology):
    simple_history.register(model)
