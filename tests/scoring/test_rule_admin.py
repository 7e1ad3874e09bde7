"""PTS-3/PTS-4 in the admin: the penalty catalogue and the follow-up rules
that name its codes cannot drift apart (admin audit)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from followups.models import FollowupRule
from scoring.models import PenaltyRule
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_pts_4_follow_up_rule_names_only_penalty_codes_that_exist():
    """A typo (FU-H-MISSD) saved and the scan then charged nothing, logging
    PENALTY_RULE_UNKNOWN on every run."""
    rule = FollowupRule.objects.get(code="FU-H")
    rule.missed_rule_code, rule.late_rule_code = "FU-H-MISSD", "fu-h-late"
    with pytest.raises(ValidationError) as exc:
        rule.full_clean()
    assert set(exc.value.message_dict) == {"missed_rule_code", "late_rule_code"}
    rule.refresh_from_db()
    rule.full_clean()  # the installed codes are known
    assert PenaltyRule.objects.filter(code=rule.missed_rule_code).exists()


def test_pts_3_a_penalty_rule_keeps_its_code_and_is_ended_not_deleted(client, root):
    rule = PenaltyRule.objects.get(code="FU-H-LATE")
    client.force_login(root)
    page = client.get(reverse("admin:scoring_penaltyrule_change", args=[rule.pk]))
    form = page.context["adminform"].form
    assert "code" not in form.fields  # shown, not editable
    assert not page.context["has_delete_permission"]
    response = client.post(
        reverse("admin:scoring_penaltyrule_delete", args=[rule.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert PenaltyRule.objects.filter(code="FU-H-LATE").exists()


def test_pts_3_a_penalty_rule_ends_after_it_starts():
    from datetime import date

    rule = PenaltyRule.objects.get(code="FU-H-LATE")
    rule.active_from, rule.active_to = date(2025, 12, 1), date(2025, 1, 1)
    with pytest.raises(ValidationError) as exc:
        rule.full_clean()
    assert list(exc.value.message_dict) == ["active_to"]


def test_fu_a_rule_keeps_the_grade_its_code_names(client, root):
    """grade "h" saved on FU-H and the scan then followed up nobody."""
    rule = FollowupRule.objects.get(code="FU-H")
    client.force_login(root)
    page = client.get(reverse("admin:followups_followuprule_change", args=[rule.pk]))
    assert "grade" not in page.context["adminform"].form.fields
    assert rule.grade == "H"
