"""Top-level URLs. Wagtail's page tree serves everything not matched here."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from courses import certificate_views
from lms import views
from lms.api import api_router

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("account/", include("lms.accounts.urls")),
    path("search/", include("home.search_urls")),
    path("learning/", include("courses.urls")),
    path("certificates/", include("courses.certificate_urls")),
    path("library/", include("library.urls")),
    path("open-data/", include("lms.open_data.urls")),
    path(".well-known/jwks.json", certificate_views.jwks, name="jwks"),
    path("my/", include("lms.dashboard_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("images/<str:signature>/<int:image_id>/<str:filter_spec>/", ServeView.as_view(), name="wagtailimages_serve"),
    path("api/v2/", api_router.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler403 = "lms.views.permission_denied"
handler404 = "lms.views.page_not_found"
handler500 = "lms.views.server_error"
