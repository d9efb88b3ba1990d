"""The administration pages: accounts created there are audited; the audit log cannot be edited."""

from __future__ import annotations

import pytest

from firstyear.accounts.models import AuditEvent, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, reference_data, persona):
    client.force_login(persona("admin", "E92000001"))
    return client


def test_admin_creates_an_account_with_a_role_and_it_is_audited(admin_client):
    from firstyear.areas.models import Area

    response = admin_client.post("/admin/accounts/user/add/", {
        "email": "new.lead@example.org", "full_name": "New Lead",
        "password1": "a long enough passphrase 42", "password2": "a long enough passphrase 42",
        "usable_password": "true",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-role": "programme_lead", "memberships-0-area": Area.objects.get(code="E06000009").pk,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="new.lead@example.org")
    assert user.check_password("a long enough passphrase 42")
    assert list(user.memberships.values_list("role", "area__code")) == [("programme_lead", "E06000009")]
    actions = set(AuditEvent.objects.filter(object_ref="new.lead@example.org").values_list("action", flat=True))
    assert actions == {"user.created", "membership.added"}


def test_audit_log_is_read_only_in_the_admin(admin_client):
    event = AuditEvent.objects.first()
    assert admin_client.get("/admin/accounts/auditevent/").status_code == 200
    assert admin_client.get("/admin/accounts/auditevent/add/").status_code == 403
    assert admin_client.post(f"/admin/accounts/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403


def test_non_admins_cannot_reach_the_admin(client, reference_data, persona):
    client.force_login(persona("analyst", "E06000008"))
    assert client.get("/admin/").status_code == 302
