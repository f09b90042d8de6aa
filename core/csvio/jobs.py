"""A CSV import as jobs: its preview, then its writes, each an `ImportJob`.

A file of up to CSV_IMPORT_BACKGROUND_ROWS lines is previewed and written within
the request, at once. A larger one becomes a task (core/csvio/tasks.py) that the
worker runs (`manage.py db_worker`, started by `make run` and `make serve`)
while the admin shows how far it got. Either way the same code runs, as the
person who started it and in their language; what came of it (the preview, the
rows written, or why it stopped) is kept on the job. The writes stay one
transaction: a job that fails, or a worker that stops half-way, leaves nothing
written.
"""

from __future__ import annotations

import datetime
import gc
import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.models import ImportJob

from . import uploads
from .applying import apply_import
from .columns import CsvSpec
from .planning import ImportPlan, RowResult, plan_import

logger = logging.getLogger(__name__)

# Rows of the preview shown on its page: every row in error or in conflict (they
# need a decision) up to the first, new and changed ones up to the second.
SHOWN_PROBLEMS = 1000
SHOWN_CHANGES = 200
SHOWN_UNCHANGED = 500
# A running job whose progress has not moved for this long has stopped (its
# worker was stopped or killed): since its writes are one transaction, nothing
# of it was written.
STALLED_AFTER = datetime.timedelta(minutes=10)


def in_background(data: bytes) -> bool:
    """Whether a file is large enough for the worker (a line count: a cell may
    hold a line break, so rows are never more than lines)."""
    return data.count(b"\n") > settings.CSV_IMPORT_BACKGROUND_ROWS


def start_preview(*, spec: CsvSpec, data: bytes, file_name: str, user) -> ImportJob:
    """Keep the file and preview it (now, or by the worker); an earlier preview
    of the same person for the same records is replaced, its file deleted."""
    for earlier in ImportJob.objects.filter(
        created_by=user, spec=spec.name, phase=ImportJob.Phase.PREVIEW, closed=""
    ):
        uploads.discard(earlier.token)
        ImportJob.objects.filter(pk=earlier.pk).update(closed="replaced")
    job = ImportJob.objects.create(
        spec=spec.name,
        phase=ImportJob.Phase.PREVIEW,
        file_name=file_name[:255],
        token=uploads.keep(data),
        language=translation.get_language() or settings.LANGUAGE_CODE,
        created_by=user,
    )
    _start(job, data)
    return job


def start_apply(preview: ImportJob, *, overwrite: list[str]) -> ImportJob | None:
    """Write what a preview showed (checked again, as the records may have
    changed since); None when the preview is no longer waiting for an answer
    (confirmed already, cancelled, replaced)."""
    if not can_confirm(preview):
        return None
    claimed = ImportJob.objects.filter(pk=preview.pk, closed="").update(
        closed="confirmed"
    )
    if not claimed:
        return None  # confirmed twice at once: the second does nothing
    data = uploads.read(preview.token) or b""
    job = ImportJob.objects.create(
        spec=preview.spec,
        phase=ImportJob.Phase.APPLY,
        file_name=preview.file_name,
        token=preview.token,
        overwrite=overwrite,
        language=translation.get_language() or preview.language,
        rows=preview.rows,
        created_by=preview.created_by,
    )
    _start(job, data)
    return job


def cancel(preview: ImportJob) -> None:
    uploads.discard(preview.token)
    ImportJob.objects.filter(pk=preview.pk, closed="").update(closed="cancelled")


def can_confirm(job: ImportJob) -> bool:
    return (
        job.phase == ImportJob.Phase.PREVIEW
        and job.state == ImportJob.State.DONE
        and not job.closed
        and bool((job.result or {}).get("preview", {}).get("can_confirm"))
    )


def _start(job: ImportJob, data: bytes) -> None:
    if in_background(data):
        from .tasks import run_import_job

        run_import_job.enqueue(job.pk)
    else:
        run(job.pk)
        job.refresh_from_db()


# --- how far it got ------------------------------------------------------


def _progress_file(job_id: int) -> Path:
    return Path(settings.CSV_IMPORT_DIR) / f"job-{job_id}.progress"


def write_progress(job_id: int, step: str, done: int, total: int) -> None:
    """Beside the uploaded file, not in the database: the writes are one
    transaction, which no one else sees until it ends."""
    path = _progress_file(job_id)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps({"step": step, "done": done, "total": total}))
    os.replace(partial, path)


def read_progress(job: ImportJob) -> dict[str, Any] | None:
    """The step, rows done and rows in all, and when it last moved."""
    path = _progress_file(job.pk)
    try:
        found = json.loads(path.read_text())
        moved = datetime.datetime.fromtimestamp(path.stat().st_mtime, datetime.UTC)
    except (OSError, ValueError):
        return None
    return {**found, "moved": moved}


def stalled(job: ImportJob) -> bool:
    if job.state != ImportJob.State.RUNNING:
        return False
    progress = read_progress(job)
    moved = progress["moved"] if progress else job.created_at
    return timezone.now() - moved > STALLED_AFTER


# --- the work ------------------------------------------------------------


def run(job_id: int) -> None:
    """Run a job that waits (the task's body); a job already taken by another
    worker, or finished, is left alone."""
    taken = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.RUNNING
    )
    if not taken:
        return
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    with translation.override(job.language), _without_cycle_collection():
        try:
            _run(job)
        except Exception:
            logger.exception("CSV import job %s failed", job.pk)
            ImportJob.objects.filter(pk=job.pk).update(
                state=ImportJob.State.FAILED,
                error=_(
                    "The import stopped because of an error in the portal, and "
                    "nothing was written. Try again; if it happens again, tell the "
                    "portal's administrators (job %(job)s)."
                )
                % {"job": job.pk},
                finished_at=timezone.now(),
            )
            if job.phase == ImportJob.Phase.APPLY:
                uploads.discard(job.token)
        finally:
            _progress_file(job.pk).unlink(missing_ok=True)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """A job makes hundreds of thousands of objects that live until it ends;
    Python's cycle collector would walk them again and again as they grow (a
    fifth of a large import's time). Reference counting still frees them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run(job: ImportJob) -> None:
    spec = CsvSpec.registry[job.spec]()
    data = uploads.read(job.token)
    if data is None:
        ImportJob.objects.filter(pk=job.pk).update(
            state=ImportJob.State.FAILED,
            error=_("The uploaded file has expired; upload it again."),
            finished_at=timezone.now(),
        )
        return

    def checking(done: int, total: int) -> None:
        write_progress(job.pk, "check", done, total)

    def writing(done: int, total: int) -> None:
        write_progress(job.pk, "write", done, total)

    user = job.created_by
    if job.phase == ImportJob.Phase.PREVIEW:
        plan = plan_import(spec, data, user=user, progress=checking)
        preview = preview_data(plan)
        if not preview["can_confirm"]:
            uploads.discard(job.token)  # nothing to confirm
        _finish(job, plan, {"preview": preview})
        return
    with transaction.atomic():
        plan = plan_import(
            spec, data, user=user, overwrite=job.overwrite, lock=True, progress=checking
        )
        if plan.is_valid:
            counts = apply_import(plan, file_name=job.file_name, progress=writing)
            result: dict[str, Any] = {"counts": counts}
        else:
            # The records changed since the preview, and a row no longer passes.
            result = {"preview": {**preview_data(plan), "can_confirm": False}}
        # Done together with the writes, or not at all.
        _finish(job, plan, result)
    uploads.discard(job.token)


def _finish(job: ImportJob, plan: ImportPlan, result: dict[str, Any]) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.DONE,
        rows=len(plan.rows),
        result=result,
        finished_at=timezone.now(),
    )


def preview_data(plan: ImportPlan) -> dict[str, Any]:
    """What the preview page shows, as JSON: the summary, every row in error or
    in conflict and the first new and changed rows (a file of thousands would
    make a page no one reads), with each changed cell old → new."""
    summary = plan.summary()
    rows = [row for row in plan.rows if row.status != RowResult.UNCHANGED]
    problems = [r for r in rows if r.status in (RowResult.ERROR, RowResult.CONFLICT)]
    changes = [r for r in rows if r.status in (RowResult.NEW, RowResult.CHANGED)]
    shown = sorted(
        problems[:SHOWN_PROBLEMS] + changes[:SHOWN_CHANGES], key=lambda r: r.number
    )
    unchanged = [row.key for row in plan.rows if row.status == RowResult.UNCHANGED]
    return {
        "reading": plan.reading,
        "file_errors": plan.file_errors,
        "summary": summary,
        "is_valid": plan.is_valid,
        "can_confirm": plan.is_valid
        and bool(summary["new"] or summary["changed"] or summary["conflict"]),
        "rows_with_warnings": plan.rows_with_warnings,
        "rows": [
            {
                "number": row.number,
                "key": row.key,
                "status": row.status,
                "errors": row.errors,
                "changed_since": row.changed_since,
                "changed_at": row.changed_at.isoformat() if row.changed_at else None,
                "cells": [
                    {
                        "header": cell.header,
                        "old": cell.old,
                        "new": cell.new,
                        "warnings": cell.warnings,
                    }
                    for cell in row.cells
                ],
            }
            for row in shown
        ],
        "not_shown": len(rows) - len(shown),
        "unchanged": unchanged[:SHOWN_UNCHANGED],
        "unchanged_not_shown": max(0, len(unchanged) - SHOWN_UNCHANGED),
    }
