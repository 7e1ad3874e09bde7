"""REST API of the showroom app (mounted at /api/)."""

urlpatterns: list = []
