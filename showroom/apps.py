from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowroomConfig(AppConfig):
    """Showroom (RULES.md SHW):
    daily opening checklists, 5S, the front-desk rota.
    """

    name = "showroom"
    verbose_name = _("Showroom")
