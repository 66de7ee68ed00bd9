from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = _("Staff")
    default = True


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the staff's admin site (staff/sites.py) as `admin.site`."""

    default = False
    default_site = "staff.sites.StaffAdminSite"
