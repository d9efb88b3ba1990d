"""Make the audit table append-only in the database itself, not just in the ORM."""

from django.db import migrations

from firstyear.accounts import dbguard


def forwards(apps, schema_editor):
    dbguard.install(schema_editor.connection)


def backwards(apps, schema_editor):
    dbguard.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
