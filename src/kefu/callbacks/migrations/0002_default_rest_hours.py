"""The customers' default rest hours (004 §四 避免在客户休息时打扰客户): lunch 12:00–14:00 and
night 21:00–09:00, in the shop's time zone. Shop data: an admin changes them."""

from datetime import time

from django.db import migrations

SPANS = [(time(12, 0), time(14, 0), "午休"), (time(21, 0), time(9, 0), "夜间")]


def forwards(apps, schema_editor):
    RestPeriod = apps.get_model("callbacks", "RestPeriod")
    if not RestPeriod.objects.exists():
        RestPeriod.objects.bulk_create(
            RestPeriod(starts_at=start, ends_at=end, name=name) for start, end, name in SPANS
        )


class Migration(migrations.Migration):
    dependencies = [("callbacks", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
