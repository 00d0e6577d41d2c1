"""The first-contact promise of seed 004 §一 3 (客服专员负责的客户，应在一周内与客户进行沟通，
并做详细备案): 7 calendar days from the assignment; and the (disabled) retention policy row."""

from django.db import migrations

POLICY = {
    "key": "customer.first_contact",
    "name": "新分配客户首次沟通",
    "minutes": 7 * 24 * 60,
    "clock": "calendar",
    "warn_before_minutes": 24 * 60,
    "seed": "004 §一 3: 客服专员负责的客户,应在一周内与客户进行沟通,并做详细备案",
}


def forwards(apps, schema_editor):
    Policy = apps.get_model("sla", "Policy")
    Policy.objects.get_or_create(key=POLICY["key"], defaults=POLICY)
    RetentionPolicy = apps.get_model("customers", "RetentionPolicy")
    RetentionPolicy.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0003_import_distribution_privacy"),
        ("sla", "0004_policy_key_dotted"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
