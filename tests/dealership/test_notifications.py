from __future__ import annotations

import pytest
from django.urls import reverse

from dealership.models import Notification
from dealership.services import notification_send

pytestmark = pytest.mark.django_db


def test_notification_is_sent_once_per_key(consultant_a, store):
    assert notification_send(user=consultant_a, key="fu:1", title="回访", store=store) is True
    assert notification_send(user=consultant_a, key="fu:1", title="回访", store=store) is False
    assert Notification.objects.filter(user=consultant_a).count() == 1


def test_reminder_page_shows_own_and_marks_read(login, consultant_a, consultant_b):
    notification_send(user=consultant_a, key="a", title="给刘先生回电话")
    notification_send(user=consultant_b, key="b", title="别人的提醒")
    client = login(consultant_a)
    html = client.get(reverse("notifications")).content.decode()
    assert "给刘先生回电话" in html and "别人的提醒" not in html
    assert 'data-unread="1"' in html
    client.post(reverse("notifications"))
    assert not Notification.objects.filter(user=consultant_a, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=consultant_b, read_at__isnull=True).count() == 1


def test_a_reminder_reads_in_the_readers_language(client, store, manager):
    """Reminders were kept in the language they were sent in (the store's):
    an English reader saw 今天有 1 个待回访. Now each reads their own."""
    from django.utils.translation import gettext_noop

    from dealership.services import message

    notification_send(
        user=manager,
        key="t:1",
        title=message(gettext_noop("Key %(key)s not returned (%(vin)s)"), key="K1", vin="LVX"),
    )
    notification_send(user=manager, key="t:2", title="已写好的文字")  # plain text: as it is
    client.force_login(manager)
    chinese = client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "钥匙K1未归还（LVX）" in chinese and "已写好的文字" in chinese
    client.post("/i18n/setlang/", {"language": "en", "next": "/notifications/"})
    english = client.get("/notifications/").content.decode()
    assert "Key K1 not returned (LVX)" in english and "已写好的文字" in english
