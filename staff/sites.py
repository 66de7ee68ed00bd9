"""The admin site staff work in: the organisation's name in its header and title, what
needs attention first on its index, the content apps before the security and task tables.

INSTALLED_APPS names `staff.apps.StaffAdminConfig` instead of `django.contrib.admin`, so
`admin.site` is a StaffAdminSite; config/urls.py makes it an OTPStaffAdminSite when
two-factor sign-in is required."""

from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

# The apps editors work in, in this order, and the order of their models.
CONTENT_APPS = {
    "prisoners": ["person", "source", "placeofdetention", "criminalarticle", "methodology"],
    "campaigns": [
        "campaign",
        "signature",
        "signatureinvalidation",
        "blockedemaildomain",
        "blockedaddress",
    ],
    "officials": ["officialletter", "official"],
    "stories": ["story"],
}
# Accounts, sign-in throttling, one-time-password devices, the log of staff's access to
# personal data (core) and background tasks: at the
# bottom of the index, under their own heading.
OPERATIONS_APPS = ["auth", "otp_totp", "otp_static", "axes", "core", "django_tasks_database"]


# Models of the libraries whose names are plain English, not marked for translation (the
# others are translated in locale/, staff/library_strings.py): named on the index and in
# the sidebar in the admin's language.
MODEL_NAMES = {
    ("otp_totp", "TOTPDevice"): _("Authenticator apps"),
    ("otp_static", "StaticDevice"): _("Backup code lists"),
}


def content_first(app_list: list[dict]) -> list[dict]:
    """The content apps first (their models in editors' order), then any other app, then
    the security and operations apps; the libraries' models in the admin's language."""

    def app_rank(app: dict) -> tuple:
        label = app["app_label"]
        if label in CONTENT_APPS:
            return (0, list(CONTENT_APPS).index(label))
        if label in OPERATIONS_APPS:
            return (2, OPERATIONS_APPS.index(label))
        return (1, 0)

    for app in app_list:
        for model in app["models"]:
            model["name"] = MODEL_NAMES.get((app["app_label"], model["object_name"]), model["name"])
        order = CONTENT_APPS.get(app["app_label"], [])
        app["models"].sort(
            key=lambda model: (
                order.index(model["object_name"].lower())
                if model["object_name"].lower() in order
                else len(order)
            )
        )
    return sorted(app_list, key=app_rank)


class StaffAdminSite(admin.AdminSite):
    index_template = "staff/admin/index.html"
    # Django's "Site administration" says nothing to an editor; the index is where the
    # day's work starts.
    index_title = _("Overview")

    @property
    def site_header(self) -> str:
        return settings.ORGANISATION_NAME

    @property
    def site_title(self) -> str:
        return settings.ORGANISATION_NAME

    def get_app_list(self, request, app_label=None):
        return content_first(super().get_app_list(request, app_label))

    def index(self, request, extra_context=None):
        """Django's index, with what needs attention (staff/dashboard.py) above the
        content apps, and the security and operations apps apart below them. Written
        out rather than calling super(), which would build the app list twice more."""
        from staff.dashboard import index_context

        context = self.each_context(request)
        app_list = context["available_apps"]
        context |= {
            "title": self.index_title,
            "subtitle": None,
            "app_list": [app for app in app_list if app["app_label"] not in OPERATIONS_APPS],
            "operations_app_list": [app for app in app_list if app["app_label"] in OPERATIONS_APPS],
            **index_context(request.user),
            **(extra_context or {}),
        }
        request.current_app = self.name
        return TemplateResponse(request, self.index_template, context)


class OTPStaffAdminSite(OTPAdminSite, StaffAdminSite):
    """The staff admin site that also asks for a one-time code (ADMIN_REQUIRE_2FA)."""
