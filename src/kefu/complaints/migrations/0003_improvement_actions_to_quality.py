"""Complaints' improvement actions move to quality's one ImprovementAction (K-09): each row is
copied with its complaint referenced by kind and id, then the old table goes."""

from django.db import migrations


def copy_actions(apps, schema_editor):
    old = apps.get_model("complaints", "ImprovementAction")
    new = apps.get_model("quality", "ImprovementAction")
    rows = []
    for row in old.objects.select_related("complaint").order_by("pk"):
        complaint = row.complaint
        rows.append(
            new(
                origin="complaints",
                source_type="complaints.complaint" if complaint else "",
                source_id=str(complaint.pk) if complaint else "",
                source_label=complaint.number if complaint else "",
                title=row.title,
                category=row.nature,
                department_id=row.department_id,
                owner_id=row.owner_id,
                due_on=row.due_on,
                done_at=row.done_at,
                done_note=row.done_note,
                created_by_id=row.created_by_id,
                created_at=row.created_at,
            )
        )
    new.objects.bulk_create(rows, batch_size=500)


def copy_back(apps, schema_editor):
    old = apps.get_model("complaints", "ImprovementAction")
    new = apps.get_model("quality", "ImprovementAction")
    for row in new.objects.filter(origin="complaints").order_by("pk"):
        old.objects.create(
            complaint_id=int(row.source_id) if row.source_id else None,
            title=row.title,
            nature=row.category,
            department_id=row.department_id,
            owner_id=row.owner_id,
            due_on=row.due_on,
            done_at=row.done_at,
            done_note=row.done_note,
            created_by_id=row.created_by_id,
            created_at=row.created_at,
        )
    new.objects.filter(origin="complaints").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0002_policies_templates_rules"),
        ("quality", "0003_improvement_actions_and_scores"),
    ]

    operations = [
        migrations.RunPython(copy_actions, copy_back),
        migrations.DeleteModel(name="ImprovementAction"),
    ]
