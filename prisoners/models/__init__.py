"""The people the site writes about, their legal record, the places they are held and the
sources every fact cites."""

from prisoners.models.letters import Letter, LetterGuidance, LetterPhrase
from prisoners.models.methodology import Methodology
from prisoners.models.people import (
    HELD,
    INVERSE_KIND,
    RESERVED_SLUGS,
    Event,
    Gender,
    Person,
    PersonQuerySet,
    Quote,
    Relation,
    RelationKind,
    Status,
    reject_reserved_slug,
)
from prisoners.models.places import PlaceKind, PlaceOfDetention, Stay
from prisoners.models.record import (
    ArticleStage,
    CaseArticle,
    CriminalArticle,
    PenaltyKind,
    Recognition,
    ReleaseKind,
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
