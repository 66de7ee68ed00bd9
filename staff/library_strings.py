"""Strings of Django and of the installed libraries that their own catalogues leave in
English in Belarusian or Russian, named here so that `make messages` keeps them in
locale/, whose translations Django reads before any library's (LOCALE_PATHS). Each is
the library's own msgid, marked with gettext_noop: nothing imports this module."""

from django.utils.translation import gettext_noop

STRINGS = [
    # Django 6.1's new strings, not yet in its Russian catalogue.
    gettext_noop("- Select an option -"),
    gettext_noop("Filter by %(field_name)s"),
    # django-axes' models (translated into Russian by axes, not into Belarusian).
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    # django-import-export's buttons on a list (it has no Belarusian).
    gettext_noop("Import"),
    gettext_noop("Export"),
    # django-tasks-db's model.
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
]
