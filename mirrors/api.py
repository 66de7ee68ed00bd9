"""Open data: the listed mirrors as JSON. Documented in docs/api.md."""

from django.http import HttpRequest, HttpResponse

from core.opendata import in_every_language, json_response, open_data
from mirrors.models import Mirror


def mirror_summary(mirror: Mirror) -> dict:
    return {
        "kind": mirror.kind,
        "address": mirror.address,
        "last_checked": mirror.last_checked.isoformat() if mirror.last_checked else None,
        "note": in_every_language(mirror, "note"),
    }


@open_data(max_age=300)
def mirror_list(request: HttpRequest) -> HttpResponse:
    return json_response({"results": [mirror_summary(m) for m in Mirror.objects.listed()]})
