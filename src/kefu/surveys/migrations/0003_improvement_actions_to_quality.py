"""Surveys' improvement actions move to quality's one ImprovementAction (Q-04): each row is
copied with its reason as the category, then the old table goes."""

from django.db import migrations

FIELDS = ("title", "month", "owner_id", "due_on", "done_at", "done_note", "created_by_id")


def copy_actions(apps, schema_editor):
    old = apps.get_model("surveys", "ImprovementAction")
    new = apps.get_model("quality", "ImprovementAction")
    rows = [
        new(
            origin="surveys",
            category=row.reason,
            created_at=row.created_at,
            **{name: getattr(row, name) for name in FIELDS},
        )
        for row in old.objects.order_by("pk")
    ]
    new.objects.bulk_create(rows, batch_size=500)


def copy_back(apps, schema_editor):
    old = apps.get_model("surveys", "ImprovementAction")
    new = apps.get_model("quality", "ImprovementAction")
    for row in new.objects.filter(origin="surveys").order_by("pk"):
        old.objects.create(
            reason=row.category,
            created_at=row.created_at,
            **{name: getattr(row, name) for name in FIELDS},
        )
    new.objects.filter(origin="surveys").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_policies_settings_templates"),
        ("quality", "0003_improvement_actions_and_scores"),
    ]

    operations = [
        migrations.RunPython(copy_actions, copy_back),
        migrations.DeleteModel(name="ImprovementAction"),
    ]
