"""The people the site writes about, their legal record, the places they are held and the
sources every fact cites.

The modules import one way, each only those after it in this list (an import-linter
contract in pyproject.toml says so): people (a person, and what reads across their
record) → letters, places, methodology → record (the legal record, the status it implies,
what every entry of it has) → sources. A lower module names a higher one's model by string
("prisoners.Person")."""

from prisoners.models.letters import Letter, LetterGuidance, LetterPhrase
from prisoners.models.methodology import Methodology
from prisoners.models.people import (
    INVERSE_KIND,
    RESERVED_SLUGS,
    Event,
    Gender,
    Person,
    PersonQuerySet,
    Quote,
    Relation,
    RelationKind,
    reject_reserved_slug,
)
from prisoners.models.places import PlaceKind, PlaceOfDetention, Stay
from prisoners.models.record import (
    HELD,
    ArticleStage,
    CaseArticle,
    CriminalArticle,
    PenaltyKind,
    Recognition,
    ReleaseKind,
    Status,
    StatusChange,
    StatusKind,
    Verdict,
    article_key,
    derived_status,
)
from prisoners.models.sources import Source

__all__ = [
    "HELD", "INVERSE_KIND", "RESERVED_SLUGS", "ArticleStage", "CaseArticle", "CriminalArticle",
    "Event", "Gender", "Letter", "LetterGuidance", "LetterPhrase", "Methodology",
    "PenaltyKind", "Person", "PersonQuerySet",
    "PlaceKind", "PlaceOfDetention", "Quote", "Recognition", "Relation", "RelationKind",
    "ReleaseKind", "Source", "Status", "StatusChange", "StatusKind", "Stay", "Verdict",
    "article_key", "derived_status", "reject_reserved_slug",
]  # fmt: skip
