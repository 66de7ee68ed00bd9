"""`{% follow_form person %}`: the follow form, for the profile page (whose view, in a
lower layer, cannot build it). The same bytes for every visitor: no CSRF token."""

from django import template

from supporters.forms import FollowForm

register = template.Library()


@register.inclusion_tag("supporters/follow.html#follow-form")
def follow_form(person) -> dict:
    return {"person": person, "form": FollowForm()}
