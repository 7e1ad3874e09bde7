from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from dealership import views

org_patterns = (
    [
        path("stores/", views.store_list, name="store_list"),
        path("stores/<int:store_id>/", views.store_detail, name="store_detail"),
        path("switch/", views.store_switch, name="store_switch"),
    ],
    "org",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("notifications/", views.notification_list, name="notifications"),
    path("org/", include(org_patterns)),
    path("sales/", include("sales.urls")),
    path("followups/", include("followups.urls")),
    path("inventory/", include("inventory.urls")),
    path("showroom/", include("showroom.urls")),
    path("scoring/", include("scoring.urls")),
    path("dashboard/", include("dealership.dashboard.urls")),
    path("api/", include("sales.api_urls")),
    path("api/", include("followups.api_urls")),
    path("api/", include("inventory.api_urls")),
    path("api/", include("showroom.api_urls")),
    path("api/", include("scoring.api_urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

# Unmatched URLs and requests Django refuses before a view answer
# {"code", "detail"} under /api/ like the API.
handler400 = "dealership.api.bad_request"
handler404 = "dealership.api.not_found"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
