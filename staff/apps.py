from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as OTPStaticDefaultConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as OTPTOTPDefaultConfig
from django_tasks_db.apps import TasksAppConfig


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = _("Staff")
    default = True


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the staff's admin site (staff/sites.py) as `admin.site`."""

    default = False
    default_site = "staff.sites.StaffAdminSite"


# The security and task apps under names staff read in their own language (Django's way
# to rename an installed app: INSTALLED_APPS names these configurations instead of the
# libraries' own, which have no name or an English one).


class OTPTOTPConfig(OTPTOTPDefaultConfig):
    default = False
    verbose_name = _("One-time codes from an app")


class OTPStaticConfig(OTPStaticDefaultConfig):
    default = False
    verbose_name = _("One-time backup codes")


class AxesConfig(AxesAppConfig):
    default = False
    verbose_name = _("Lockouts after failed sign-ins")


class TasksConfig(TasksAppConfig):
    default = False
    verbose_name = _("Background tasks")
