"""What an app adds to the admin of a model that a lower app owns, without replacing that
admin: a read-only field on its page (a link, a button) and a step after a save. The
owner's admin stays the one registered in its own admin.py; the app that adds registers
in its own admin.py (found by the admin's autodiscovery), by the model's label
("campaigns.Campaign"), so that core names no app.

    # supporters/admin.py
    admin_hooks.add_field("campaigns.CampaignUpdate", email_link)
    admin_hooks.add_after_save("news.News", announce)

    # campaigns/admin.py: class CampaignUpdateAdmin(ExtensibleAdmin, ...)
    # prisoners/admin.py, after writing news: admin_hooks.after_save(request, news)
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import Model
from django.http import HttpRequest


@dataclass(frozen=True)
class ExtraField:
    # Called with the object shown, returns HTML; its label is admin.display's description.
    function: Callable[[Model], str]
    # A field of the fieldset it joins; "" for a fieldset of its own, last.
    beside: str


_fields: dict[str, list[ExtraField]] = defaultdict(list)
_after_save: dict[str, list[Callable[[HttpRequest, list], None]]] = defaultdict(list)


def add_field(model_label: str, function: Callable[[Model], str], *, beside: str = "") -> None:
    """Show `function(obj)` read-only on the model's admin page (once, however often the
    module registering it is imported)."""
    field = ExtraField(function, beside)
    if field not in _fields[model_label]:
        _fields[model_label].append(field)


def add_after_save(model_label: str, step: Callable[[HttpRequest, list], None]) -> None:
    """Run `step(request, objects)` after the owner's admin saved objects of the model."""
    if step not in _after_save[model_label]:
        _after_save[model_label].append(step)


def after_save(request: HttpRequest, objects: Sequence[Model]) -> None:
    """Run the steps other apps registered for these objects (all of one model), after
    the admin that owns them saved them."""
    if not objects:
        return
    for step in _after_save[objects[0]._meta.label]:
        step(request, list(objects))


def _names(fields) -> list[str]:
    return [
        name for line in fields for name in (line if isinstance(line, list | tuple) else [line])
    ]


class ExtensibleAdmin:
    """A ModelAdmin whose page shows the fields other apps registered for its model."""

    def _extra_fields(self) -> list[ExtraField]:
        return _fields[self.model._meta.label]

    def get_readonly_fields(self, request, obj=None):
        extra = [field.function for field in self._extra_fields()]
        return [*super().get_readonly_fields(request, obj), *extra]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        for field in self._extra_fields():
            joins = next(
                (
                    options
                    for _name, options in fieldsets
                    if field.beside in _names(options["fields"])
                ),
                None,
            )
            if joins is None:
                fieldsets.append((None, {"fields": [field.function]}))
            else:
                joins["fields"] = [*joins["fields"], field.function]
        return fieldsets
