from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.i18n import set_language

from core.csrf import origin_checked
from sitewide import views
from sitewide.sitemaps import collect_sitemaps

if settings.SERVES_OFFICE and settings.ADMIN_REQUIRE_2FA:
    from staff.sites import OTPStaffAdminSite

    # Staff must enter a one-time code after their password (see docs/security.md).
    admin.site.__class__ = OTPStaffAdminSite

# Under /api/, the open data's own 404 (problem details readable from any site).
handler404 = views.page_not_found

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # In both roles: monitoring reads it with HEALTHZ_TOKEN (no supporter's data in it).
    path("healthz/details", views.healthz_details, name="healthz-details"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": collect_sitemaps()}, name="sitemap"),
    path("mirror-key.pem", views.mirror_key, name="mirror-key"),
    path("api/v1/", include("config.api_urls")),
    # Without a CSRF token, so that every page with the language switcher is the same for
    # everyone and can be cached; another site's page cannot post it (core/csrf.py).
    path("i18n/setlang/", origin_checked(set_language), name="set_language"),
]

if settings.SERVES_OFFICE:
    # The staff admin is the office's alone (docs/deploy.md, "Two hosts"): the public
    # role, on the exposed host, serves no admin URL at all, so no sign-in form, no staff
    # session and no page of supporters' data can be reached there; ADMIN_URL is a 404.
    # The office (on a private network) serves the public pages too: staff see the site
    # as visitors do, and one process (`SITE_ROLE=both`, `make run`) is both.
    urlpatterns.append(path(settings.ADMIN_URL, admin.site.urls))

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("open-data/", views.open_data, name="open-data"),
    path("prisoners/", include("prisoners.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("campaigns/", include("officials.urls")),
    path("reports/", include("reports.urls")),
    path("stories/", include("stories.urls")),
    path("mirrors/", include("mirrors.urls")),
    path("", include("supporters.urls")),
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
