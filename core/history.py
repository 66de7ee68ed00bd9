"""The history of content (django-simple-history), written only when something changed.

The library records a version on every save; the admin saves a whole form even when an
editor changed nothing (or changed only what a browser does to line breaks), and each such
version would be a change in the History page and a line in a profile's public log. A
model registered with `records_class=ChangesOnly` gets a new version only when a field the
save wrote differs from its latest version (`core.fields.same_text`; one more SELECT per
save of an existing row). The fields a save writes are its `update_fields` when it names
them (`campaign.close()`, `update.publish()`), else the editable ones: what a form or a
person sets, not the columns save() keeps itself (`updated_at`) nor those derived from
other rows (a person's status, written by `refresh_record`, whose own history is that of
the status changes). Additions, deletions and changes of a many-to-many field (its own
signal) are recorded as before."""

from modeltranslation.translator import NotRegistered, translator
from simple_history.models import HistoricalRecords

from core.fields import same_text

# Set by save() on every save: not an edit.
BOOKKEEPING = frozenset({"updated_at"})


def translation_originals(model) -> frozenset[str]:
    """The columns modeltranslation keeps beside each language's own (`name` beside
    `name_<code>` of every language): on every save it copies the active language's text
    into them, so the admin in one language writes that language there. A copy of
    whichever language an editor happened to work in, never an edit: no new version for
    it, and no line in a public log (prisoners.history)."""
    try:
        return frozenset(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return frozenset()


class ChangesOnly(HistoricalRecords):
    def post_save(self, instance, created, using=None, update_fields=None, **kwargs):
        if (
            created
            or kwargs.get("raw", False)
            or self.changed_since_last_version(instance, update_fields)
        ):
            super().post_save(instance, created, using=using, update_fields=update_fields, **kwargs)

    def create_historical_record(self, instance, history_type, using=None):
        """A first version is an addition, whatever the signal said: the fixtures (and
        anything loaded raw) get no version when saved, then one marked "changed" when
        their sources are set, which a public log would show as an edit nobody made."""
        if history_type == "~" and not getattr(instance, self.manager_name).exists():
            history_type = "+"
        return super().create_historical_record(instance, history_type, using=using)

    def changed_since_last_version(self, instance, update_fields=None) -> bool:
        latest = getattr(instance, self.manager_name).first()
        if latest is None:
            return True
        written = [
            field
            for field in self.fields_included(instance)
            if (field.name in update_fields if update_fields else field.editable)
            and field.name not in BOOKKEEPING
            and field.name not in translation_originals(type(instance))
        ]
        return any(
            not same_text(getattr(latest, field.attname), getattr(instance, field.attname))
            for field in written
        )
