"""How every form field is rendered: `{{ form.name.as_field_group }}` uses Django's own
machinery (the renderer's field_template_name) with the site's markup: the label (after a
checkbox, before any other input), the help text and the errors, both tied to the input
by Django's aria-describedby."""

from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    field_template_name = "core/forms/field.html"
