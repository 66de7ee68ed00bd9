from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.htmx import HtmxHttpRequest
from core.page_cache import public_page
from core.schema_org import links_origin
from stories.models import Story


@require_safe
@public_page
def story_list(request: HtmxHttpRequest) -> HttpResponse:
    page = Paginator(Story.objects.latest(), 20).get_page(request.GET.get("page"))
    return render(request, "stories/story_list.html", {"page": page})


@require_safe
@public_page
def story_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    story = get_object_or_404(
        Story.objects.published().select_related("source").prefetch_related("campaigns"),
        slug=slug,
    )
    prisoners = list(story.prisoners.public_profiles())
    context = {
        "story": story,
        "prisoners": prisoners,
        "campaigns": story.campaigns.public(),
        "schema_org": story.schema_org(links_origin(request), prisoners),
    }
    return render(request, "stories/story_detail.html", context)
