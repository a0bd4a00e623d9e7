"""The case list's indexes: the open cases of an agency and of an office get partial indexes of
their own, and three single-column indexes that the list indexes already cover go.

`status`, `agency_id` and `office_id` each lead an index of migration 0002 (case_status_q,
case_agency_q, case_office_q), which serves any look-up their own index would; every index is
written on each case opened and each change of status. Dropped with plain SQL (the names are
Django's, the same on SQLite and PostgreSQL): Django's own way would rebuild the whole table on
SQLite and re-check every foreign key on PostgreSQL.
"""

import django.db.models.deletion
from django.db import migrations, models

OPEN = ("received", "submitted", "dispatched", "in_progress", "waiting")
DROPPED = {
    "cases_case_status_95787cb3": '"status"',
    "cases_case_agency_id_062136fa": '"agency_id"',
    "cases_case_office_id_93691f7b": '"office_id"',
}


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_origin_ref_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="case",
                    name="agency",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.agency",
                        verbose_name="responsible agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="case",
                    name="office",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.office",
                        verbose_name="receiving office",
                    ),
                ),
                migrations.AlterField(
                    model_name="case",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("received", "Received"),
                            ("submitted", "Submitted to the director"),
                            ("dispatched", "Dispatched to the agency"),
                            ("in_progress", "In progress"),
                            ("waiting", "Waiting for the citizen"),
                            ("answered", "Answered"),
                            ("closed", "Closed"),
                            ("merged", "Merged into another case"),
                        ],
                        default="received",
                        max_length=12,
                        verbose_name="status",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    # PostgreSQL also made a pattern index for the CharField (…_like).
                    [f'DROP INDEX IF EXISTS "{name}"' for name in DROPPED]
                    + ['DROP INDEX IF EXISTS "cases_case_status_95787cb3_like"'],
                    [
                        f'CREATE INDEX "{name}" ON "cases_case" ({column})'
                        for name, column in DROPPED.items()
                    ],
                )
            ],
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(status__in=OPEN),
                fields=["agency", "-received_at", "-id", "status"],
                name="case_agency_open",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(status__in=OPEN),
                fields=["office", "-received_at", "-id", "status"],
                name="case_office_open",
            ),
        ),
    ]
