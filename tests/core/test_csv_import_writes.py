"""An import writes its rows together, a few queries for hundreds of rows, and
leaves what saving each record in turn would have left: the records, their
relations and, in the importer's name, a version of each with its relations."""

import pytest
from django.db import transaction

from cities.models import City, Country, FocusArea
from core import history, workflow
from core.csvio.applying import apply_import
from core.csvio.planning import RowResult, plan_import
from core.models import ContentVersion
from core.snapshots import take_relations, take_relations_of_many
from partners.models import Partner
from projects.csv_columns import ProjectSpec
from projects.models import Project, ProjectPartner
from tests.core.test_csv_import import rows_of, staff_export, to_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize("model", [Project, City, Partner, FocusArea, Country])
def test_relations_of_many_records_are_those_of_each(ascn_data, model):
    records = list(model.objects.all())
    taken = take_relations_of_many(model, records)
    assert taken == {record.pk: take_relations(record) for record in records}


def projects_file() -> bytes:
    """Every project exported, a few edited (text, status, cities, partners in
    their roles), and two new ones with relations."""
    header, rows = rows_of(staff_export(ProjectSpec, Project))
    column = {name: index for index, name in enumerate(header)}
    drafts = [row for row in rows if row[column["status"]] == "draft"]
    edits = {
        0: {"title_th": "ชื่อใหม่", "cities": "phuket;rayong"},
        1: {"partners_lead": "huawei", "partners_funder": ""},
        2: {"focus_areas": "", "summary_en": "New summary"},
    }
    for index, cells in edits.items():
        for name, value in cells.items():
            rows[index][column[name]] = value
    if drafts:
        drafts[0][column["status"]] = "review"
    for n, slug in enumerate(["brand-new-one", "brand-new-two"]):
        new = list(rows[n])
        new[column["slug"]] = slug
        new[column["title_en"]] = f"Brand new {n}"
        new[column["updated_at"]] = new[column["created_at"]] = ""
        new[column["status"]] = "draft"
        new[column["cities"]] = "jakarta"
        new[column["partners_technical"]] = "huawei"
        rows.append(new)
    return to_csv(header, rows)


def one_by_one(plan) -> None:
    """The writes as they were: each record saved, its relations set, its
    newest version given them."""
    with transaction.atomic(), history.changes_made_by(plan.user):
        for row in plan.rows:
            if row.status not in (RowResult.NEW, RowResult.CHANGED):
                continue
            record = row.instance
            workflow.stamp_published(record, old_status=row.old_status, user=plan.user)
            record.save()
            plan.spec.set_relations(record, row.values, plan.lookups)
            history.settle(record)


def without_ids(relations: dict) -> dict:
    # Children are taken in the order of their ids, which is the order in which
    # they were written: a project's partners in two roles come in another order
    # written together than one by one. Their content is what must agree.
    return {
        name: sorted(
            (
                {k: v for k, v in item.items() if k != "id"}
                if isinstance(item, dict)
                else item
                for item in value
            ),
            key=repr,
        )
        for name, value in relations.items()
    }


MOMENTS = {"created_at", "updated_at", "published_at"}


def state() -> dict:
    """What a reader of the database sees, moments and row ids aside."""
    versions = {}
    for project in Project.objects.all():
        version = history.latest_version(project)
        versions[project.slug] = (
            {
                name: value
                for name, value in vars(version).items()
                if not name.startswith("_")
                and name
                not in MOMENTS | {"id", "history_id", "history_date", "relations"}
            },
            without_ids(version.relations),
        )
    return {
        "projects": [
            {k: v for k, v in row.items() if k not in MOMENTS | {"id"}}
            | {"published": row["published_at"] is not None}
            for row in Project.objects.order_by("slug").values()
        ],
        "cities": sorted(
            Project.cities.through.objects.values_list("project__slug", "city__slug")
        ),
        "focus_areas": sorted(
            Project.focus_areas.through.objects.values_list(
                "project__slug", "focusarea__slug"
            )
        ),
        "partners": sorted(
            ProjectPartner.objects.values_list("project__slug", "partner__slug", "role")
        ),
        "versions": versions,
    }


class Rollback(Exception):
    pass


def written_by(write, data: bytes, user) -> dict:
    try:
        with transaction.atomic():
            plan = plan_import(ProjectSpec(), data, user=user, lock=True)
            assert plan.is_valid, plan.errors
            write(plan)
            found = state()
            raise Rollback
    except Rollback:
        return found


def test_writing_together_leaves_what_saving_each_would(ascn_data, admin_user):
    data = projects_file()
    assert written_by(apply_import, data, admin_user) == written_by(
        one_by_one, data, admin_user
    )


def test_every_record_written_has_one_new_version_in_the_importers_name(
    ascn_data, admin_user
):
    data = projects_file()
    before = {p.pk: p.history.count() for p in Project.objects.all()}
    roles_before = ProjectPartner.history.count()
    plan = plan_import(ProjectSpec(), data, user=admin_user)
    written = {
        row.key for row in plan.rows if row.status in (RowResult.NEW, RowResult.CHANGED)
    }
    apply_import(plan)
    for project in Project.objects.all():
        added = project.history.count() - before.get(project.pk, 0)
        assert added == (1 if project.slug in written else 0), project.slug
        if project.slug in written:
            version = history.latest_version(project)
            assert version.history_user == admin_user
            assert version.history_type == ("+" if project.pk not in before else "~")
            assert version.relations == take_relations(project)
    new_roles = ProjectPartner.history.filter(history_type="+").order_by("-history_id")
    assert ProjectPartner.history.count() > roles_before
    assert {version.history_user for version in new_roles[:2]} == {admin_user}


def test_an_import_makes_one_new_content_version(ascn_data, admin_user):
    before = ContentVersion.objects.get().number
    apply_import(plan_import(ProjectSpec(), projects_file(), user=admin_user))
    assert ContentVersion.objects.get().number == before + 1


def test_an_import_that_changes_nothing_keeps_the_content_version(ascn_data):
    before = ContentVersion.objects.get().number
    data = staff_export(ProjectSpec, Project).encode("utf-8")
    apply_import(plan_import(ProjectSpec(), data))
    assert ContentVersion.objects.get().number == before


def test_a_large_file_takes_a_few_queries_per_hundred_rows(
    ascn_data, admin_user, django_assert_max_num_queries
):
    header, rows = rows_of(staff_export(ProjectSpec, Project))
    slug, title = header.index("slug"), header.index("title_en")
    template = rows[0]
    new = []
    for n in range(600):
        row = list(template)
        row[slug], row[title] = f"generated-{n:04d}", f"Generated {n}"
        row[header.index("updated_at")] = row[header.index("created_at")] = ""
        row[header.index("status")] = "draft"
        new.append(row)
    data = to_csv(header, new)
    with django_assert_max_num_queries(80):
        with transaction.atomic():
            plan = plan_import(ProjectSpec(), data, user=admin_user, lock=True)
            apply_import(plan)
    assert Project.objects.filter(slug__startswith="generated-").count() == 600
