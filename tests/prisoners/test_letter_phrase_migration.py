"""The migration that keeps an opening phrase's texts by language code (so that the
languages of letters are a setting, not columns) loses no text of a phrase or of its
history, forwards and backwards."""

import pytest

from tests.migrations import migrate, migrate_to_the_latest

BEFORE = [("prisoners", "0013_criminal_article_unique_label")]
AFTER = [("prisoners", "0014_letter_phrase_texts")]


@pytest.fixture
def latest_afterwards():
    yield
    migrate_to_the_latest()


@pytest.mark.django_db(transaction=True)
def test_every_text_of_the_phrases_and_their_history_moves_and_comes_back(latest_afterwards):
    old = migrate(BEFORE)
    Guidance = old.get_model("prisoners", "LetterGuidance")
    Phrase = old.get_model("prisoners", "LetterPhrase")
    History = old.get_model("prisoners", "HistoricalLetterPhrase")
    guidance = Guidance.objects.get_or_create(pk=1, defaults={"body_en": "Synthetic"})[0]
    phrase = Phrase.objects.create(guidance=guidance, position=50, russian="Синтетика",
                                   belarusian="Сінтэтыка", meaning_en="Synthetic")  # fmt: skip
    History.objects.create(id=phrase.pk, guidance_id=guidance.pk, position=50,
                           russian="Синтетика (было)", belarusian="Сінтэтыка (было)",
                           meaning_en="Synthetic", history_date="2026-01-01T00:00Z",
                           history_type="+")  # fmt: skip
    before = {(p.pk, p.russian, p.belarusian) for p in Phrase.objects.all()}

    new = migrate(AFTER)
    phrases = new.get_model("prisoners", "LetterPhrase").objects.all()
    assert {(p.pk, p.texts["ru"], p.texts["be"]) for p in phrases} == before
    history = new.get_model("prisoners", "HistoricalLetterPhrase").objects.get(id=phrase.pk)
    assert history.texts == {"ru": "Синтетика (было)", "be": "Сінтэтыка (было)"}

    back = migrate(BEFORE)
    assert {(p.pk, p.russian, p.belarusian) for p in back.get_model(
        "prisoners", "LetterPhrase").objects.all()} == before  # fmt: skip
    assert back.get_model("prisoners", "HistoricalLetterPhrase").objects.get(
        id=phrase.pk).russian == "Синтетика (было)"  # fmt: skip
