"""Staff access to personal data is accountable: every list, record or download of it that
a member of staff opens is written down (core.models.PersonalDataAccess): who, when,
what and how many rows. One INSERT per page, whatever its number of rows. Apps call
`record` from the admin views that show or export such data."""

from collections.abc import Mapping

from django.http import HttpRequest

from core.models import PersonalDataAccess


def record(request: HttpRequest, *, action: str, data: str, rows_by_scope: Mapping[str, int]):
    """Write one entry per scope (a campaign, say) with its number of rows: a page that
    shows the signatures of three campaigns is three entries. A page with no rows is one
    entry of 0 rows: that someone looked is worth knowing too."""
    user = request.user
    scopes = dict(rows_by_scope) or {"": 0}
    PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(
            user=user,
            username=user.get_username(),
            action=action,
            data=data,
            scope=scope[:300],
            rows=rows,
            path=request.get_full_path()[:500],
        )
        for scope, rows in sorted(scopes.items())
    )
