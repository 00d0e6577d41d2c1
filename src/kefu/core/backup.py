"""Backups of the whole database: SQLite's online backup API, pg_dump/pg_restore on PostgreSQL.

A SQLite backup is a consistent copy taken while Kefu keeps running (readers and writers go
on); a PostgreSQL backup is pg_dump's custom format, consistent as of its start. Restoring
writes into the configured database, which must be new (empty) unless ``force`` is given.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection


class BackupError(Exception):
    """A backup or restore that could not run; the message says why."""


def _pg_command(name: str, settings: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    tool = shutil.which(name)
    if tool is None:
        raise BackupError(f"{name} is not installed (the PostgreSQL client tools).")
    args = [tool, "--dbname", settings["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            args += [flag, str(settings[key])]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def _run(args: list[str], env: dict[str, str]) -> None:
    finished = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise BackupError(finished.stderr.strip()[-2000:] or f"{args[0]} failed")


def backup(target: Path) -> Path:
    """Write a backup of the configured database to ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        source = sqlite3.connect(str(settings["NAME"]))
        copy = sqlite3.connect(str(target))
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_command("pg_dump", settings)
        _run([*args, "--format", "custom", "--no-owner", "--file", str(target)], env)
    else:
        raise BackupError(f"No backup method for {connection.vendor}.")
    return target


def _is_empty() -> bool:
    return not connection.introspection.table_names()


def restore(source: Path, *, force: bool = False) -> None:
    """Load the backup ``source`` into the configured database."""
    if not source.is_file():
        raise BackupError(f"No backup file at {source}.")
    if not force and not _is_empty():
        raise BackupError("The database is not empty; restore into a new one (or --force).")
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.close()
        backup_file = sqlite3.connect(str(source))
        database = sqlite3.connect(str(settings["NAME"]))
        try:
            backup_file.backup(database)
        finally:
            database.close()
            backup_file.close()
    elif connection.vendor == "postgresql":
        connection.close()
        args, env = _pg_command("pg_restore", settings)
        _run([*args, "--no-owner", "--clean", "--if-exists", "--exit-on-error", str(source)], env)
    else:
        raise BackupError(f"No restore method for {connection.vendor}.")
