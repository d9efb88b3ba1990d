from django.db import migrations


def seed(apps, schema_editor):
    from firstyear.reviews.codelists import seed as seed_code_lists

    seed_code_lists(apps)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
