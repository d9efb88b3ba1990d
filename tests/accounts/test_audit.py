"""The audit log is append-only in the database, not just in the ORM."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from firstyear.accounts.audit import AuditAction, record
from firstyear.accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def audit_guard(db):
    """Browser tests lift the SQLite triggers so the test database can be flushed; put them back."""
    from firstyear.accounts import dbguard

    dbguard.install(connection)


def test_orm_refuses_to_change_or_delete_an_event():
    event = record(by=None, action=AuditAction.DATA_IMPORTED, object_ref="file.csv")
    event.reason = "edited"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


@pytest.mark.parametrize("sql", [
    "UPDATE accounts_auditevent SET reason = 'tampered'",
    "DELETE FROM accounts_auditevent",
])
def test_database_refuses_raw_update_and_delete(sql):
    record(by=None, action=AuditAction.DATA_IMPORTED, object_ref="file.csv")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql)
    assert AuditEvent.objects.get().reason == ""
