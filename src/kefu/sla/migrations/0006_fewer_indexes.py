"""Drop single-column foreign-key indexes that a composite index already leads with: one
B-tree less to write per insert. Only the indexes are dropped (no SQLite table rebuild)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_fewer_indexes"),
        ("sla", "0005_deadline_breached_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "sla_deadline_owner_id_6af3ae06"',
                    'CREATE INDEX "sla_deadline_owner_id_6af3ae06" ON "sla_deadline" ("owner_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "sla_deadline_team_id_c0da7c82"',
                    'CREATE INDEX "sla_deadline_team_id_c0da7c82" ON "sla_deadline" ("team_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="deadline",
                    name="owner",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="deadlines",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="owner",
                    ),
                ),
                migrations.AlterField(
                    model_name="deadline",
                    name="team",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="deadlines",
                        to="core.team",
                        verbose_name="team",
                    ),
                ),
            ],
        ),
    ]
