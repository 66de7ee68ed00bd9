"""Month names, listed here only so that `makemessages` puts them in our catalogues.

Django's own Belarusian catalogue gives genitive forms ("траўня") where the nominative
("травень") belongs, and mixes spellings; our locale/be catalogue, which Django reads
before its own, corrects both the nominative names (used in "May 2020") and the
genitive ones ("29 May 2020", context "alt. month").
"""

from django.utils.translation import gettext_noop, pgettext_lazy

NOMINATIVE = [
    gettext_noop("January"), gettext_noop("February"), gettext_noop("March"),
    gettext_noop("April"), gettext_noop("May"), gettext_noop("June"), gettext_noop("July"),
    gettext_noop("August"), gettext_noop("September"), gettext_noop("October"),
    gettext_noop("November"), gettext_noop("December"),
]  # fmt: skip

GENITIVE = [
    pgettext_lazy("alt. month", "January"), pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"), pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"), pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"), pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"), pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"), pgettext_lazy("alt. month", "December"),
]  # fmt: skip
