"""Strings of Django and of the installed libraries that their own catalogues leave in
English in Belarusian or Russian, named here so that `make messages` keeps them in
locale/, whose translations Django reads before any library's (LOCALE_PATHS). Each is
the library's own msgid, marked with gettext_noop: nothing imports this module."""

from django.utils.translation import gettext_noop, ngettext_lazy

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
    # django-import-export's buttons on a list, and its import and export pages (it has
    # no Belarusian).
    gettext_noop("Import"),
    gettext_noop("Export"),
    gettext_noop("This importer will import the following fields: "),
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("File to import"),
    gettext_noop("Format"),
    gettext_noop("Submit"),
    gettext_noop("Confirm import"),
    gettext_noop(
        "Below is a preview of data to be imported. If you are satisfied with the results, "
        "click 'Confirm import'"
    ),
    gettext_noop("Preview"),
    gettext_noop("Errors"),
    gettext_noop("Line number"),
    gettext_noop("Some rows failed to validate"),
    gettext_noop(
        "Please correct these errors in your data where possible, then reupload it using "
        "the form above."
    ),
    gettext_noop("Update"),
    gettext_noop("Select all"),
    gettext_noop("Non field specific"),
    gettext_noop("Resource"),
    gettext_noop("Export selected %(verbose_name_plural)s"),
    ngettext_lazy("Export %(len)s selected item.", "Export %(len)s selected items.", "len"),
    # django-tasks-db's model.
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
]
