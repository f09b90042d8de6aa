"""The background tasks of the CSV import, run by the worker
(`manage.py db_worker`)."""

from django_tasks import task

from . import jobs


@task()
def run_import_job(job_id: int) -> None:
    """Preview or write a large CSV file (core/csvio/jobs.py)."""
    jobs.run(job_id)
