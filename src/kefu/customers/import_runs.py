"""Starting customer imports (C-02): a supervisor's upload (run in the background), the command
line, and the daily drop folder, each file of which is imported once."""

from __future__ import annotations

import hashlib
import logging
import shutil
import uuid
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from kefu.core.errors import DomainError, InvalidInput, NotFound
from kefu.core.models import User
from kefu.core.permissions import require
from kefu.customers.imports import Progress, run_import
from kefu.customers.models import CustomerImport, ImportMode, ImportStatus

log = logging.getLogger(__name__)

SUFFIXES = (".csv", ".xlsx")
CHUNK = 1 << 20


def _check_name(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidInput(
            "file_type",
            _("Upload a CSV or Excel (.xlsx) file."),
            {"file": _("Upload a CSV or Excel (.xlsx) file.")},
        )
    return suffix


def _too_large() -> InvalidInput:
    limit = settings.KEFU_CUSTOMER_IMPORT_MAX_BYTES
    return InvalidInput(
        "file_too_large",
        _("The file is larger than %(mb)s MB. Split it and import each part.")
        % {"mb": round(limit / 1024 / 1024, 1)},
        {"file": _("File too large.")},
    )


def _store(source: IO[bytes], filename: str) -> tuple[Path, str, int]:
    """Copy the upload under var/import/uploads, refusing it past the size limit."""
    suffix = _check_name(filename)
    folder = Path(settings.VAR_DIR) / "import" / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}{suffix}"
    digest, size = hashlib.sha256(), 0
    with target.open("wb") as out:
        while chunk := source.read(CHUNK):
            size += len(chunk)
            if size > settings.KEFU_CUSTOMER_IMPORT_MAX_BYTES:
                out.close()
                target.unlink()
                raise _too_large()
            digest.update(chunk)
            out.write(chunk)
    return target, digest.hexdigest(), size


def _new_run(
    actor: User | None, path: Path, filename: str, *, sha256: str, mode: str, source: str
) -> CustomerImport:
    if mode not in ImportMode.values:
        raise InvalidInput("import_mode", _("Choose how to import."), {"mode": _("invalid")})
    return CustomerImport.objects.create(
        filename=Path(filename).name[:200],
        path=str(path),
        sha256=sha256,
        mode=mode,
        source=source,
        created_by=actor,
    )


def _enqueue(run: CustomerImport) -> None:
    from kefu.customers.tasks import run_customer_import

    transaction.on_commit(lambda: run_customer_import.enqueue(run.pk))


@transaction.atomic
def start_customer_import(
    *, actor: User, file: IO[bytes], filename: str, mode: str = ImportMode.PREVIEW
) -> CustomerImport:
    """Keep an uploaded file and import it in the background; the page polls its progress.

    Implements C-02 (upload, preview first).
    """
    require(actor, "customer.import")
    path, sha256, _size = _store(file, filename)
    run = _new_run(
        actor, path, filename, sha256=sha256, mode=mode, source=CustomerImport.Source.UPLOAD
    )
    _enqueue(run)
    return run


@transaction.atomic
def confirm_customer_import(*, actor: User, preview: CustomerImport, mode: str) -> CustomerImport:
    """Import a previewed file for real: its good rows, or all of it only if every row is good."""
    require(actor, "customer.import")
    if preview.mode != ImportMode.PREVIEW or preview.status != ImportStatus.DONE:
        raise NotFound("import_not_previewed", _("Preview the file first."))
    if mode == ImportMode.PREVIEW:
        raise InvalidInput("import_mode", _("Choose how to import."), {"mode": _("invalid")})
    run = _new_run(
        actor,
        Path(preview.path),
        preview.filename,
        sha256=preview.sha256,
        mode=mode,
        source=preview.source,
    )
    _enqueue(run)
    return run


def import_customer_file(
    *,
    actor: User | None,
    path: Path,
    mode: str,
    source: str = CustomerImport.Source.COMMAND,
    progress: Progress | None = None,
) -> CustomerImport:
    """Import a file on this machine now (command line, drop folder). ``actor`` None is the
    trusted command line. Implements C-02."""
    if actor is not None:
        require(actor, "customer.import")
    _check_name(path.name)
    if path.stat().st_size > settings.KEFU_CUSTOMER_IMPORT_MAX_BYTES:
        raise _too_large()
    run = _new_run(actor, path, path.name, sha256=_digest(path), mode=mode, source=source)
    return run_import(run, progress=progress)


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def import_drop_folder() -> list[CustomerImport]:
    """Import each new file of the drop folder once, good rows kept; then move it to done/.

    A file whose content was imported before (same SHA-256) is moved without importing it
    again. Implements C-02 (daily file drop).
    """
    folder = Path(settings.KEFU_IMPORT_DROP_DIR)
    done = folder / "done"
    runs = []
    for path in sorted(p for p in folder.glob("*") if p.suffix.lower() in SUFFIXES):
        done.mkdir(parents=True, exist_ok=True)
        target = done / path.name
        if target.exists():
            target = done / f"{path.stem}-{uuid.uuid4().hex[:8]}{path.suffix}"
        try:
            shutil.move(path, target)  # first, so a second worker never takes the same file
        except FileNotFoundError:
            continue
        seen = CustomerImport.objects.filter(
            sha256=_digest(target), source=CustomerImport.Source.DROP, status=ImportStatus.DONE
        )
        if seen.exists():
            continue
        try:
            runs.append(
                import_customer_file(
                    actor=None,
                    path=target,
                    mode=ImportMode.GOOD_ROWS,
                    source=CustomerImport.Source.DROP,
                )
            )
        except DomainError as exc:
            log.warning("dropped customer file %s refused: %s", target.name, exc.code)
    return runs
