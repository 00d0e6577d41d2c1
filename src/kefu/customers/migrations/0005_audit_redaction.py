"""PIPL erasure (C-05) must reach audit payloads, while the log stays append-only.

The core trigger refuses every UPDATE of an audit line. This replaces it with one that lets
exactly one kind through: a redaction, which keeps who did what to which record and when
(id, at, actor, action, subject, ip) and marks the line ``"redacted": true``; any other
update, and every DELETE on PostgreSQL, is still refused beneath any code path.
"""

from django.db import migrations

SQLITE = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_update",
    """CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry
       WHEN NOT (NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
                 AND NEW.subject_type = OLD.subject_type AND NEW.subject_id = OLD.subject_id
                 AND NEW.actor_id IS OLD.actor_id AND NEW.ip IS OLD.ip
                 AND json_extract(NEW.data, '$.redacted') = 1)
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.at = OLD.at
            AND NEW.action = OLD.action AND NEW.subject_type = OLD.subject_type
            AND NEW.subject_id = OLD.subject_id
            AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
            AND NEW.ip IS NOT DISTINCT FROM OLD.ip
            AND (NEW.data ->> 'redacted') = 'true' THEN
           RETURN NEW;
         END IF;
         RAISE EXCEPTION 'the audit log is append-only';
       END; $$ LANGUAGE plpgsql;""",
]
SQLITE_BACK = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_update",
    """CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
]
POSTGRES_BACK = [
    """CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql;""",
]


def _run(schema_editor, by_vendor):
    for statement in by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRES})


def backwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_BACK, "postgresql": POSTGRES_BACK})


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0004_first_contact_policy"),
        ("core", "0002_audit_append_only"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
