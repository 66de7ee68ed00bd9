import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connections, models, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _

from core import cache_keys
from core.countries import CountryField, country_name
from core.fields import TextField
from core.languages import content_languages, localized_fields
from core.managers import SlugManager
from core.markdown import render_markdown
from core.page_cache import forget_pages
from core.schema_org import CONTEXT, absolute, node_id
from prisoners import search, search_index
from prisoners.dates import FuzzyDate, Precision, normalise, precision_field
from prisoners.models.letters import Letter
from prisoners.models.places import PlaceOfDetention, Stay
from prisoners.models.record import (
    HELD,
    CaseArticle,
    CriminalArticle,
    PersonPartManager,
    Recognition,
    Status,
    StatusChange,
    StatusKind,
    Verdict,
    derived_status,
)
from prisoners.models.sources import Source


class RelationManager(models.Manager):
    def get_by_natural_key(self, person_slug: str, other_slug: str, kind: str):
        return self.get(person__slug=person_slug, other__slug=other_slug, kind=kind)


# Addresses under /prisoners/ that are pages, not people.
RESERVED_SLUGS = {"birthdays", "letters", "methodology", "statistics"}


def reject_reserved_slug(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(_("This address is taken by a page of the site."))


class Gender(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    OTHER = "other", _("Other")


class PersonQuerySet(models.QuerySet):
    def refresh_search_columns(self) -> int:
        """Recompute the derived search columns of these people, e.g. after loading
        fixtures, which bypass save(). Returns how many were updated."""
        people = list(self)
        for person in people:
            person.refresh_search_columns()
        fields = ["search_text", "search_skeleton", "sort_name"]
        return self.model.objects.bulk_update(people, fields, batch_size=500)

    def refresh_records(self) -> int:
        """Re-derive the status and dates of these people from their status histories,
        e.g. after loading fixtures or an import, which bypass save(). Only rows whose
        derived columns differ are written. Returns how many were."""

        fields = ["status", "arrested_on", "arrested_on_precision", "released_on",
                  "released_on_precision"]  # fmt: skip
        changed = []
        for person in self.prefetch_related("status_changes"):
            status, arrested, released = derived_status(list(person.status_changes.all()))
            derived = [status, *arrested, *released]
            if [getattr(person, field) for field in fields] != derived:
                for field, value in zip(fields, derived, strict=True):
                    setattr(person, field, value)
                changed.append(person)
        return self.model.objects.bulk_update(changed, fields, batch_size=500) if changed else 0

    def published(self):
        return self.filter(is_published=True)

    def political_prisoners(self):
        return self.filter(is_political_prisoner=True)

    def drafts(self):
        return self.filter(is_published=False)

    def lacking_sources(self):
        """People who cite no source, or with an entry of their record or an event that
        cites none: a fact nobody can check (one query, whatever the number of people)."""

        unsourced = ~Q(Exists(Person.sources.through.objects.filter(person_id=OuterRef("pk"))))
        for model in (StatusChange, Verdict, CaseArticle, Stay, Recognition, Event):
            unsourced |= Q(Exists(model.objects.filter(person_id=OuterRef("pk"), sources=None)))
        return self.filter(unsourced)

    def not_updated_since(self, moment: datetime.datetime):
        return self.filter(updated_at__lt=moment)

    def public_profiles(self):
        """What any visitor may see: published profiles of political prisoners."""
        return self.published().political_prisoners()

    def search(self, query: str):
        """People whose any stored spelling matches every word of the query."""
        terms = search.query_terms(query)
        if not terms:
            return self
        exact = Q()
        loose = Q()
        for word, key in terms:
            exact &= Q(search_text__contains=word)
            loose &= Q(search_text__contains=word) | (
                Q(search_skeleton__contains=key) if key else Q(pk__in=[])
            )
        if connections[self.db].vendor == "sqlite":
            # The same match, answered by SQLite's trigram index (prisoners/search_index.py).
            loose = Q()
            for ids in search_index.matching(terms):
                loose &= Q(pk__in=ids)
        # Exact spellings first, then those found through the skeleton.
        return (
            self.filter(loose)
            .annotate(search_rank=Case(When(exact, then=Value(0)), default=Value(1)))
            .order_by("search_rank", "sort_name", "pk")
        )

    def with_status(self, status: str):
        return self.filter(status=status) if status in Status.values else self

    def in_country(self, country: str):
        return self.filter(country=country) if country else self

    def with_article(self, article_pk: int | None):
        """People charged or convicted under the article (the pk of a CriminalArticle)."""

        if not article_pk:
            return self
        return self.filter(
            pk__in=CaseArticle.objects.filter(article_id=article_pk).values("person_id")
        )

    def held_in(self, place_slug: str):
        """People who have stayed in the place of detention (its slug)."""

        if not place_slug:
            return self
        return self.filter(pk__in=Stay.objects.filter(place__slug=place_slug).values("person_id"))

    def in_region(self, region: str):
        """People who have stayed in a place of detention in the region."""

        if not region:
            return self
        return self.filter(pk__in=Stay.objects.filter(place__region=region).values("person_id"))

    def sentenced_between(self, min_months: int | None, max_months: int | None):
        """People with a verdict of at least min_months and under max_months (either may
        be None: no bound)."""

        if min_months is None and max_months is None:
            return self
        verdicts = Verdict.objects.filter(term_months__isnull=False)
        if min_months is not None:
            verdicts = verdicts.filter(term_months__gte=min_months)
        if max_months is not None:
            verdicts = verdicts.filter(term_months__lt=max_months)
        return self.filter(pk__in=verdicts.values("person_id"))

    def recognised_by(self, organisation: str):
        """People the organisation has recognised as political prisoners."""

        if not organisation:
            return self
        return self.filter(
            pk__in=Recognition.objects.filter(organisation=organisation).values("person_id")
        )

    def incommunicado(self, only: bool = True):
        return self.filter(is_incommunicado=True) if only else self

    def filter_choices(self) -> dict[str, list]:
        """The articles, places, regions and organisations these people's records name,
        for the list's filters: three queries whatever the number of people."""

        people = self.order_by().values("pk")
        articles = CriminalArticle.objects.filter(case_articles__person__in=people).distinct()
        places = PlaceOfDetention.objects.filter(stays__person__in=people).distinct()
        return {
            "articles": [(article.pk, str(article)) for article in articles],
            "places": [(place.slug, place.name) for place in places],
            "regions": sorted({place.region for place in places if place.region}),
            "organisations": sorted(
                set(
                    Recognition.objects.filter(person__in=people)
                    .order_by()
                    .values_list("organisation", flat=True)
                )
            ),
        }

    def filter_choices_of_public_profiles(self, language: str) -> dict[str, list]:
        """filter_choices of the public profiles, cached for five minutes per language."""
        return cache.get_or_set(
            cache_keys.filter_choices(language),
            lambda: self.public_profiles().filter_choices(),
            cache_keys.FILTER_CHOICES_SECONDS,
        )

    def count_by_status(self) -> dict[str, int]:
        rows = self.order_by().values("status").annotate(n=Count("pk"))
        return {row["status"]: row["n"] for row in rows}

    def initials_by_page(self, per_page: int) -> list[tuple[str, int]]:
        """Each initial of these people's names in the list's order (sort_name: the name's
        Latin spelling), with the page of `per_page` names where it begins: the initials
        navigation of the list, one query whatever the number of people."""
        rows = (
            self.order_by()
            .annotate(initial=Substr("sort_name", 1, 1))
            .values("initial")
            .annotate(n=Count("pk"))
            .order_by("initial")
        )
        pages, before = [], 0
        for row in rows:
            if row["initial"]:  # a name with no Latin letter or digit has no initial
                pages.append((row["initial"].upper(), before // per_page + 1))
            before += row["n"]
        return pages

    def search_index(self) -> list[tuple[str, str, str, str]]:
        """For the static copy's search (prisoners.views.search_index): each person's
        profile address, name in the active language, and the two search columns, folded
        as the site's search reads them (prisoners/search.py). One query."""
        names = [f"name_{code}" for code, _name in settings.LANGUAGES]
        people = self.order_by("sort_name", "pk").only(
            "slug", "name", *names, "search_text", "search_skeleton"
        )
        # One reverse() for all: the profiles' addresses differ only by the slug.
        address = reverse("prisoners:detail", kwargs={"slug": "slug"})
        head, tail = address[: address.rindex("slug")], address[address.rindex("slug") + 4 :]
        return [
            (f"{head}{person.slug}{tail}", person.name, person.search_text, person.search_skeleton)
            for person in people
        ]

    def countries(self) -> list[str]:
        """The country codes these people come from, each once."""
        return sorted(
            set(self.order_by().exclude(country="").values_list("country", flat=True)),
            key=lambda code: country_name(code).casefold(),
        )

    def public_status_counts(self) -> dict[str, int]:
        """How many public profiles there are in each status: cached for a minute, since
        it counts every profile and changes only when staff publish one."""
        return cache.get_or_set(
            cache_keys.STATUS_COUNTS,
            lambda: self.public_profiles().count_by_status(),
            cache_keys.STATUS_COUNTS_SECONDS,
        )

    def countries_of_public_profiles(self) -> list[str]:
        """The countries of the public profiles, for the search filter: cached for five
        minutes, since a new country appears rarely and this scans every profile."""
        return cache.get_or_set(
            cache_keys.COUNTRIES,
            lambda: self.public_profiles().countries(),
            cache_keys.COUNTRIES_SECONDS,
        )

    def with_record(self):
        """Everything the profile's record card and timeline show, in a fixed number of
        queries whatever the size of the record."""

        return self.prefetch_related(
            Prefetch("status_changes", StatusChange.objects.prefetch_related("sources")),
            Prefetch("stays", Stay.objects.select_related("place").prefetch_related("sources")),
            Prefetch("verdicts", Verdict.objects.prefetch_related("sources")),
            Prefetch(
                "case_articles",
                CaseArticle.objects.select_related("article").prefetch_related("sources"),
            ),
            Prefetch("recognitions", Recognition.objects.prefetch_related("sources")),
        )

    def with_current_place(self):
        """The stays, with their places, so that `current_place` costs no query."""

        return self.prefetch_related(Prefetch("stays", Stay.objects.select_related("place")))

    def born_in_month(self, month: int):
        return self.filter(
            date_of_birth__month=month, date_of_birth_precision=Precision.DAY
        ).order_by("date_of_birth__day")

    def born_between(self, first: datetime.date, last: datetime.date):
        """People whose birthday falls between these days (both included; at most a year
        apart, across a year's end). A birthday on 29 February counts on the 28th in
        other years (Person.next_birthday). Only birthdays known to the day: a year or a
        month of birth is stored as its first day, which is nobody's birthday."""
        days = Q()
        day = first
        while day <= last:
            month_end = _last_day_of_month(day)
            until = min(month_end, last)
            # A year without 29 February: its birthdays count on the 28th.
            late_february = day.month == 2 and until.day == month_end.day == 28
            days |= Q(
                date_of_birth__month=day.month,
                date_of_birth__day__gte=day.day,
                date_of_birth__day__lte=29 if late_february else until.day,
            )
            day = month_end + datetime.timedelta(days=1)
        return self.filter(days, date_of_birth_precision=Precision.DAY)

    def with_postal_address(self):
        """Annotate `current_postal_address`, where letters reach each person now, in SQL
        as Person.postal_address says it in Python: the address of the place of their
        last stay, if that stay has no end ("" without one, NULL without any stay)."""

        last_stay = (
            Stay.objects.filter(person=OuterRef("pk"))
            .order_by("-position", "-pk")
            .annotate(
                address=Case(
                    When(OPEN_STAY, then=F("place__postal_address")),
                    default=Value(""),
                    output_field=models.TextField(),
                )
            )
        )
        return self.annotate(current_postal_address=Subquery(last_stay.values("address")[:1]))

    def can_receive_letters(self):
        """Public profiles of people held now whose current place has an address for
        letters (incommunicado or not)."""
        return (
            self.public_profiles()
            .filter(status__in=HELD)
            .with_postal_address()
            .filter(current_postal_address__gt="")
        )

    def suggested_for_letters(self):
        """Whom the site may suggest writing to: those who can receive letters and are not
        held incommunicado, whose letters are known not to arrive."""
        return self.can_receive_letters().filter(is_incommunicado=False)

    def with_letter_count(self, *, since: datetime.date):
        """Annotate `letter_count`: the letters counted for each person since that day
        (a subquery: no join, no GROUP BY over the people)."""

        letters = (
            Letter.objects.filter(person=OuterRef("pk"), sent_on__gte=since)
            .order_by()
            .values("person")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            letter_count=Coalesce(Subquery(letters, output_field=models.IntegerField()), 0)
        )


# A stay without an end, as Stay.ended.is_known says it: no date, or a date of unknown
# precision (normalise() stores none, but rows loaded raw may have one).
OPEN_STAY = Q(ended_on__isnull=True) | Q(ended_on_precision=Precision.UNKNOWN)


def _last_day_of_month(day: datetime.date) -> datetime.date:
    next_month = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return next_month - datetime.timedelta(days=1)


class Person(models.Model):
    """Someone the site writes about: a political prisoner with a public profile, or a
    person in their story (a relative, an official) who is never listed as a prisoner."""

    name = models.CharField(_("name"), max_length=200, help_text=_("As written in this language."))
    slug = models.SlugField(
        _("address name"), max_length=200, unique=True, validators=[reject_reserved_slug]
    )
    other_spellings = TextField(
        _("other spellings"),
        blank=True,
        help_text=_(
            "Every other way the name is written, one per line (romanisations such as "
            "Tsikhanouski, Tikhanovskiy). Search finds the person by each of them."
        ),
    )
    is_political_prisoner = models.BooleanField(
        _("political prisoner"),
        default=True,
        help_text=_("Off for people who appear in a prisoner's story but were not held."),
    )
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        help_text=_(
            "The case's id in the database it is imported from; an import updates the "
            "person with the same id instead of adding another."
        ),
    )
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, blank=True, default=""
    )
    # Derived from the status history (refresh_record); never typed by hand.
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.UNKNOWN,
        editable=False,
        help_text=_("Derived from the status history."),
    )
    country = CountryField(_("country"), blank=True)
    occupation = models.CharField(_("occupation or role"), max_length=200, blank=True)

    arrested_on = models.DateField(_("arrested on"), null=True, blank=True, editable=False)
    arrested_on_precision = models.CharField(
        _("precision of the arrest date"),
        max_length=10,
        choices=Precision.choices,
        default=Precision.UNKNOWN,
        editable=False,
    )
    released_on = models.DateField(_("released on"), null=True, blank=True, editable=False)
    released_on_precision = models.CharField(
        _("precision of the release date"),
        max_length=10,
        choices=Precision.choices,
        default=Precision.UNKNOWN,
        editable=False,
    )
    charge = TextField(_("charge"), blank=True, help_text=_("In the words of the source."))
    conditions = TextField(_("conditions of detention"), blank=True)
    last_contact_on = models.DateField(_("last known contact"), null=True, blank=True)
    last_contact_on_precision = precision_field(_("precision of the last contact date"))
    is_incommunicado = models.BooleanField(
        _("held incommunicado"),
        default=False,
        help_text=_("No letters, calls or visits reach the person, as far as is known."),
    )

    photo = models.ImageField(_("photo"), upload_to="people/", blank=True)
    photo_alt = models.CharField(
        _("photo description"),
        max_length=300,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    photo_credit = models.CharField(_("photo credit"), max_length=200, blank=True)

    summary = TextField(_("summary"), max_length=600, blank=True)
    story = TextField(_("story"), blank=True, help_text=_("Markdown."))

    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    # A full date unless staff or the case import say the source gives less: a birth
    # year is stored as 1 January, which is no birthday to show or celebrate.
    date_of_birth_precision = models.CharField(
        _("precision of the date of birth"),
        max_length=10,
        choices=Precision.choices,
        default=Precision.DAY,
    )
    letter_language = models.CharField(
        _("language letters must be written in"), max_length=100, blank=True
    )
    name_for_letters = models.CharField(
        _("name on the envelope"),
        max_length=300,
        blank=True,
        help_text=_(
            "The recipient as the prison knows them: surname, first name and patronymic, "
            "and the year of birth, e.g. “Тихановский Сергей Леонидович, 1978 г. р.”. "
            "Empty: the name in Russian, with the year of birth when it is known."
        ),
    )

    sources = models.ManyToManyField(Source, related_name="people", verbose_name=_("sources"))
    is_published = models.BooleanField(_("published"), default=False)
    is_featured = models.BooleanField(_("featured on the home page"), default=False)
    # Defaults rather than auto_now, so that fixtures (loaded raw, without save()) load.
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    # Derived from the spellings above on every save; see prisoners/search.py.
    sort_name = models.CharField(max_length=200, editable=False, db_index=True, default="")
    search_text = models.TextField(editable=False, default="")
    search_skeleton = models.TextField(editable=False, default="")

    objects = SlugManager.from_queryset(PersonQuerySet)()

    class Meta:
        ordering = ["sort_name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["is_published", "is_political_prisoner", "status"]),
            # The list filtered by status, in its order: without it, every row of the
            # status is read and sorted for one page (bench/flat_cost.py).
            models.Index(
                fields=["is_published", "is_political_prisoner", "status", "sort_name", "id"],
                name="person_status_sorted",
            ),
            models.Index(
                fields=["sort_name"], condition=Q(is_featured=True), name="person_featured"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="person_external_id"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.last_contact_on, self.last_contact_on_precision = normalise(
            self.last_contact_on, self.last_contact_on_precision
        )
        if self.date_of_birth is not None:
            # Without a date, the precision stays as it is (a full date by default), so
            # that a date typed later is not dropped as one of unknown precision.
            self.date_of_birth, self.date_of_birth_precision = normalise(
                self.date_of_birth, self.date_of_birth_precision
            )
        self.refresh_search_columns()
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)
        self.forget_cached_version()

    def get_absolute_url(self) -> str:
        return reverse("prisoners:detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.forget_cached_version()
        return result

    def forget_cached_version(self) -> None:
        """Stop serving the stored pages of this profile (core/page_cache.py), so that an
        edit shows at once: now, and again after the commit, so that a request that read
        the old row before the commit cannot leave its page stored. The pool of people the
        site suggests writing to is forgotten too: a release, a transfer or
        "incommunicado" changes it."""
        paths = self.profile_paths()
        forget_pages(paths)
        cache.delete(cache_keys.LETTER_POOL)
        transaction.on_commit(lambda: (forget_pages(paths), cache.delete(cache_keys.LETTER_POOL)))

    def profile_paths(self) -> list[str]:
        """The profile's address in every language."""
        paths = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                paths.append(self.get_absolute_url())
        return paths

    def spellings(self) -> list[str]:
        """Every way the name is written: in each language, and the other spellings."""
        names = [getattr(self, field, "") or "" for field in localized_fields("name")]
        names += self.other_spellings.splitlines()
        stripped = (" ".join(name.split()) for name in [self.name, *names])
        return [name for name in dict.fromkeys(stripped) if name]

    def refresh_search_columns(self) -> None:
        """Recompute the stored search columns from the spellings (done on save; call it
        before bulk_create, which does not save)."""
        self.search_text, self.search_skeleton = search.search_columns(self.spellings())
        self.sort_name = search.fold(getattr(self, "name_en", "") or self.name)

    @property
    def arrested(self) -> FuzzyDate:
        return FuzzyDate(self.arrested_on, self.arrested_on_precision)

    @property
    def last_contact(self) -> FuzzyDate:
        return FuzzyDate(self.last_contact_on, self.last_contact_on_precision)

    @property
    def born(self) -> FuzzyDate:
        return FuzzyDate(self.date_of_birth, self.date_of_birth_precision)

    @property
    def has_known_birthday(self) -> bool:
        """Whether the day and month of birth are known: a year alone is no birthday."""
        return self.born.is_known and self.date_of_birth_precision == Precision.DAY

    def refresh_record(self) -> None:
        """Derive the status and the dates of arrest and release from the status history
        and store them (for filters, counts and the list), without touching anything
        else on the row."""

        changes = list(self.status_changes.order_by("position", "pk"))
        self.status, arrested, released = derived_status(changes)
        self.arrested_on, self.arrested_on_precision = arrested
        self.released_on, self.released_on_precision = released
        self.updated_at = timezone.now()
        type(self).objects.filter(pk=self.pk).update(
            status=self.status,
            arrested_on=self.arrested_on,
            arrested_on_precision=self.arrested_on_precision,
            released_on=self.released_on,
            released_on_precision=self.released_on_precision,
            updated_at=self.updated_at,
        )
        self.forget_cached_version()

    @property
    def current_stay(self):
        """The stay the person is in now: the last one, while they are held and it has no
        end (from prefetched rows when they are prefetched)."""
        stays = list(self.stays.all())
        if not (self.is_held and stays) or stays[-1].ended.is_known:
            return None
        return stays[-1]

    @property
    def current_place(self):
        stay = self.current_stay
        return stay.place if stay else None

    @property
    def postal_address(self) -> str:
        """Where letters reach the person now: the address of their current place."""
        place = self.current_place
        return place.postal_address if place else ""

    @property
    def letter_recipient(self) -> str:
        """The first line of the envelope: the name as staff wrote it for letters, else
        the name in the first language of letters it is written in (settings.
        LETTER_LANGUAGES, else the default language), with the year of birth, which
        prisons use to tell people of one name apart, written as that language writes it
        ("1978 г. р.")."""
        if self.name_for_letters:
            return self.name_for_letters
        languages = [*settings.LETTER_LANGUAGES, settings.LANGUAGE_CODE]
        spelled = ((getattr(self, f"name_{code}", "") or "", code) for code in languages)
        name, language = next((entry for entry in spelled if entry[0]), (self.name, ""))
        if self.date_of_birth is None:
            return name
        with translation.override(language or settings.LANGUAGE_CODE):
            return pgettext(
                "the recipient on an envelope: a name and the year of birth",
                "%(name)s, %(year)s",
            ) % {"name": name, "year": self.date_of_birth.year}

    def next_birthday(self, today: datetime.date) -> datetime.date | None:
        """The next birthday from today (today's included); one on 29 February falls on
        the 28th in other years."""
        if self.date_of_birth is None:
            return None
        birthday = self._birthday_in(today.year)
        return birthday if birthday >= today else self._birthday_in(today.year + 1)

    def _birthday_in(self, year: int) -> datetime.date:
        try:
            return self.date_of_birth.replace(year=year)
        except ValueError:  # 29 February in a year without one
            return datetime.date(year, 2, 28)

    @property
    def last_status_change(self):
        changes = list(self.status_changes.all())
        return changes[-1] if changes else None

    @property
    def current_verdict(self):
        verdicts = list(self.verdicts.all())
        return verdicts[-1] if verdicts else None

    @property
    def released(self) -> FuzzyDate:
        return FuzzyDate(self.released_on, self.released_on_precision)

    @property
    def is_held(self) -> bool:
        return self.status in HELD

    @property
    def is_released(self) -> bool:
        return self.status in (Status.RELEASED, Status.RELEASED_EXILED)

    def facts_without_source(self) -> list:
        """The entries of the record and the events that cite no source, a query for each
        kind (the profile's page in the admin lists them)."""

        return [
            entry
            for model in (StatusChange, Verdict, CaseArticle, Stay, Recognition, Event)
            for entry in model.objects.filter(person=self, sources=None)
        ]

    def cited_sources(self) -> list[Source]:
        """Every source cited on the profile: the person's, then those of the timeline
        and the quotes, each once (from prefetched rows when they are prefetched)."""
        sources = list(self.sources.all())
        for event in self.events.all():
            sources.extend(event.sources.all())
        for part in self.record_parts():
            sources.extend(part.sources.all())
        sources.extend(quote.source for quote in self.quotes.all())
        return list({source.pk: source for source in sources}.values())

    def record_parts(self) -> list:
        """Every sourced entry of the legal record (from prefetched rows, see
        PersonQuerySet.with_record)."""
        return [
            *self.status_changes.all(),
            *self.verdicts.all(),
            *self.case_articles.all(),
            *self.stays.all(),
            *self.recognitions.all(),
        ]

    def days_in_detention(self, today: datetime.date | None = None) -> int | None:
        """Whole days from arrest to release (or to today while held), only when both ends
        are known to the day; a coarser date would make the count a guess."""
        if not (self.arrested.is_known and self.arrested_on_precision == Precision.DAY):
            return None
        if self.is_held:
            end = today or timezone.localdate()
        elif self.released.is_known and self.released_on_precision == Precision.DAY:
            end = self.released_on
        else:
            return None
        return (end - self.arrested_on).days

    @property
    def story_html(self):
        return render_markdown(self.story)

    def schema_org_id(self) -> str:
        """The person's identifier in structured data, the same on every page, address
        and language (core/schema_org.py): from the profile's address in the default
        language."""
        with translation.override(settings.LANGUAGE_CODE):
            return node_id(self.get_absolute_url(), "person")

    def schema_org_reference(self, origin: str) -> dict:
        """The person as another page's structured data names them: identifier, name,
        and the profile's address on `origin` when there is a public one."""
        reference = {"@type": "Person", "name": self.name}
        if self.is_political_prisoner and self.is_published:
            reference["@id"] = self.schema_org_id()
            reference["url"] = origin + self.get_absolute_url()
        return reference

    def schema_org_names(self) -> list:
        """The name in each other language, tagged with it (a JSON-LD value object),
        then the other spellings, whose language is not known: schema.org alternateName,
        where `name` is the name in the language of the page."""
        shown = " ".join(self.name.split())
        names, seen = [], {shown}
        for code in content_languages():
            name = " ".join((getattr(self, f"name_{code}", "") or "").split())
            if name and name not in seen:
                names.append({"@value": name, "@language": code})
                seen.add(name)
        for spelling in self.spellings():
            if spelling not in seen:
                names.append(spelling)
                seen.add(spelling)
        return names

    def schema_org(self, origin: str, relations: list[tuple[str, "Person"]] = ()) -> dict:
        """schema.org Person data, with the facts the profile shows that schema.org can
        say and nothing else: names in every language, the summary, birth and death dates
        cut to their precision, the photo, country, occupation, the people close to them
        (`relations`: each relation's kind as read from this profile, and the other
        person), and every source the profile cites (`subjectOf`). Links on `origin`,
        the address the visitor used (core.schema_org.links_origin)."""
        url = origin + self.get_absolute_url()
        data = {
            "@context": CONTEXT,
            "@type": "Person",
            "@id": self.schema_org_id(),
            "name": self.name,
            "alternateName": self.schema_org_names(),
            "url": url,
            "mainEntityOfPage": url,
        }
        if self.summary:
            data["description"] = self.summary
        if self.born.is_known:
            data["birthDate"] = self.born.iso()
        last = self.last_status_change
        if last is not None and last.kind == StatusKind.DIED and last.when.is_known:
            data["deathDate"] = last.when.iso()
        if self.photo:
            data["image"] = absolute(origin, self.photo.url)
        if self.country:
            data["nationality"] = {"@type": "Country", "name": country_name(self.country.code)}
        if self.occupation:
            data["jobTitle"] = self.occupation
        for kind, other in relations:
            if schema_property := RELATION_PROPERTIES.get(kind):
                data.setdefault(schema_property, []).append(other.schema_org_reference(origin))
        data["subjectOf"] = [source.schema_org() for source in self.cited_sources()]
        return data


class Event(models.Model):
    """One dated step in a person's story: an arrest, a trial, a release."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="events", verbose_name=_("person")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order in the timeline, when dates are unknown.")
    )
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = precision_field(_("precision of the date"))
    title = models.CharField(_("title"), max_length=200)
    description = TextField(_("description"), blank=True)
    sources = models.ManyToManyField(Source, related_name="events", verbose_name=_("sources"))

    objects = PersonPartManager()

    class Meta:
        ordering = ["person_id", "position", "date"]
        constraints = [
            models.UniqueConstraint(fields=["person", "position"], name="event_position_unique")
        ]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.date, self.date_precision = normalise(self.date, self.date_precision)
        super().save(*args, **kwargs)

    def natural_key(self) -> tuple:
        return (*self.person.natural_key(), self.position)

    natural_key.dependencies = ["prisoners.person"]

    @property
    def when(self) -> FuzzyDate:
        return FuzzyDate(self.date, self.date_precision)


class Quote(models.Model):
    """Words a person said, verbatim as the source gives them."""

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="quotes",
        verbose_name=_("profile"),
        help_text=_("The profile the quote is shown on."),
    )
    speaker = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="quotes_said", verbose_name=_("speaker")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = TextField(_("words, verbatim"))
    original_language = models.CharField(
        _("language of the source"),
        max_length=10,
        default="en",
        help_text=_("Where the text is shown in another language, it is marked as a translation."),
    )
    context = models.CharField(_("context"), max_length=300, blank=True)
    said_on = models.DateField(_("said on"), null=True, blank=True)
    said_on_precision = precision_field(_("precision of the date"))
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("source")
    )

    objects = PersonPartManager()

    class Meta:
        ordering = ["person_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["person", "position"], name="quote_position_unique")
        ]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs):
        self.said_on, self.said_on_precision = normalise(self.said_on, self.said_on_precision)
        super().save(*args, **kwargs)

    def natural_key(self) -> tuple:
        return (*self.person.natural_key(), self.position)

    natural_key.dependencies = ["prisoners.person"]

    @property
    def shown_language(self) -> dict:
        """The language of the text the current visitor sees (theirs, or the English
        fallback), and whether that text is the editors' translation rather than the
        source's own words."""
        language = get_language() or settings.LANGUAGE_CODE
        if not getattr(self, f"text_{language}", ""):
            language = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        return {"language": language, "is_translation": language != self.original_language}

    @property
    def said(self) -> FuzzyDate:
        return FuzzyDate(self.said_on, self.said_on_precision)


class RelationKind(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Sibling")
    LAWYER = "lawyer", _("Lawyer")
    COLLEAGUE = "colleague", _("Colleague")


# How a relation reads from the other person's profile.
INVERSE_KIND = {RelationKind.PARENT: RelationKind.CHILD, RelationKind.CHILD: RelationKind.PARENT}

# The schema.org property of a Person that says each kind of relation (the other person is
# the profile's spouse, parent…); schema.org has no property for a lawyer, who "knows".
RELATION_PROPERTIES = {
    RelationKind.SPOUSE: "spouse",
    RelationKind.PARENT: "parent",
    RelationKind.CHILD: "children",
    RelationKind.SIBLING: "sibling",
    RelationKind.LAWYER: "knows",
    RelationKind.COLLEAGUE: "colleague",
}


class Relation(models.Model):
    """`other` is the `kind` of `person`: Svetlana Tikhanovskaya is the spouse of Sergei
    Tikhanovsky."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="relations", verbose_name=_("person")
    )
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices)
    other = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="inverse_relations",
        verbose_name=_("related person"),
    )
    sources = models.ManyToManyField(Source, related_name="relations", verbose_name=_("sources"))

    objects = RelationManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "other", "kind"], name="relation_unique"),
            models.CheckConstraint(
                condition=~Q(person=models.F("other")), name="relation_not_self"
            ),
        ]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")

    def __str__(self) -> str:
        return _("%(other)s: %(kind)s of %(person)s") % {
            "other": self.other, "kind": self.get_kind_display(), "person": self.person,
        }  # fmt: skip

    def natural_key(self) -> tuple:
        return (*self.person.natural_key(), *self.other.natural_key(), self.kind)

    natural_key.dependencies = ["prisoners.person"]

    def other_than(self, viewer: Person) -> Person:
        """The person of the relation who is not `viewer`."""
        return self.other if viewer.pk == self.person_id else self.person

    def kind_from(self, viewer: Person) -> str:
        """The relation's kind as it reads on `viewer`'s profile."""
        if viewer.pk == self.person_id:
            return self.kind
        return INVERSE_KIND.get(self.kind, self.kind)

    def label_from(self, viewer: Person) -> str:
        """The relation as it reads on `viewer`'s profile."""
        return RelationKind(self.kind_from(viewer)).label
