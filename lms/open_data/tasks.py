"""Background work for open data: rebuilding the files (run at once in development and tests,
by ``manage.py db_worker`` in production). The argument is a plain slug."""

from django_tasks import task


@task()
def rebuild_open_data_task(slug=None):
    """Rebuild the data set ``slug``, or every data set when it is None.

    Returns ``{slug: {"rows": n, "suppressed": n}}`` for the data sets built.
    """
    from .build import rebuild, rebuild_all

    records = [rebuild(slug)] if slug else rebuild_all()
    return {record.slug: {"rows": record.row_count, "suppressed": record.suppressed_count} for record in records}
