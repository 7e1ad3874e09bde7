"""REST API of the inventory app (mounted at /api/)."""

from rest_framework.routers import SimpleRouter

from inventory.api import VehicleViewSet

router = SimpleRouter()
router.register("vehicles", VehicleViewSet, basename="vehicle")

urlpatterns = router.urls
