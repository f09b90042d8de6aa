"""A record as one value: its own fields in both languages and its relations.

A snapshot is what a pending change proposes (core/revisions.py), what each
version in a record's history keeps of its relations (core/history.py) and what
a restore brings back. It is plain JSON:

    {"fields": {"name_th": "ภูเก็ต", "name_en": "Phuket", "country": 1, ...},
     "relations": {"focus_areas": [2, 5],
                   "sources": [{"id": 7, "title": "...", "url": "...", ...}],
                   "partnerships": [{"id": 3, "partner": 4, "kind": "mou", ...}]}}

The relations are found, not declared: a record's many-to-many fields (and
those of other records that point at it), its sources, and the records that
belong to it (a foreign key that deletes them with it): a project's partners
with their roles, a city's partnerships. What a record's admin page edits is
therefore what its snapshot holds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import formats
from django.utils.translation import gettext
from modeltranslation.translator import NotRegistered, translator

from core.dates import local_date, local_datetime

Snapshot = dict[str, Any]

# Kept by the record itself, never proposed, compared or restored.
BOOKKEEPING = {
    "created_at",
    "updated_at",
    "published_at",
    "published_by",
    "publish_at",
    "unpublish_at",
}


def translated_bases(model: type[models.Model]) -> set[str]:
    """modeltranslation's base columns (`name` beside `name_th`, `name_en`): they
    mirror one of the languages and are never a change of their own."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def own_fields(model: type[models.Model]) -> list[models.Field]:
    bases = translated_bases(model)
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable
        and not field.primary_key
        and field.name not in BOOKKEEPING
        and field.name not in bases
    ]


@dataclass(frozen=True)
class Relation:
    name: str  # the accessor on the record
    kind: str  # "ids" or "children"
    model: type[models.Model]  # the related (or child) model
    parent_field: str = ""  # the child's field that points at the record

    def manager(self, record: models.Model):
        return getattr(record, self.name)


def relations(model: type[models.Model]) -> list[Relation]:
    found = []
    field: Any  # forward and reverse relations, which share no base class
    for field in model._meta.get_fields():
        if isinstance(field, GenericRelation):
            model_: Any = field.related_model
            found.append(Relation(field.name, "children", model_))
        elif field.many_to_many:
            through = field.remote_field.through if field.concrete else field.through
            if through._meta.auto_created:
                name = field.name if field.concrete else field.get_accessor_name()
                found.append(Relation(name, "ids", field.related_model))
        elif (
            field.one_to_many
            and field.auto_created
            and field.on_delete is models.CASCADE
            and getattr(field.related_model, "shown_publicly", False)
        ):
            found.append(
                Relation(
                    field.get_accessor_name(),
                    "children",
                    field.related_model,
                    field.field.name,
                )
            )
    return found


def _json(value: Any) -> Any:
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def field_values(record: models.Model, fields: list[models.Field]) -> dict[str, Any]:
    return {field.name: _json(field.value_from_object(record)) for field in fields}


def child_fields(relation: Relation) -> list[models.Field]:
    skip = {relation.parent_field, "content_type", "object_id"}
    return [field for field in own_fields(relation.model) if field.name not in skip]


def take(record: models.Model) -> Snapshot:
    """The record as it is in the database, with its relations."""
    return {
        "fields": field_values(record, own_fields(type(record))),
        "relations": take_relations(record),
    }


def take_relations(record: models.Model) -> dict[str, Any]:
    taken: dict[str, Any] = {}
    for relation in relations(type(record)):
        queryset = relation.manager(record).all().order_by("pk")
        if relation.kind == "ids":
            taken[relation.name] = list(queryset.values_list("pk", flat=True))
        else:
            fields = child_fields(relation)
            taken[relation.name] = [
                {"id": child.pk, **field_values(child, fields)} for child in queryset
            ]
    return taken


def take_relations_of_many(
    model: type[models.Model], records: list[models.Model]
) -> dict[Any, dict[str, Any]]:
    """`take_relations` of many records of one model at once, by primary key: a
    query per relation, not per relation and record (an import's versions)."""
    pks = [record.pk for record in records]
    taken: dict[Any, dict[str, Any]] = {pk: {} for pk in pks}
    fields: dict[str, Any] = {}
    each: Any
    for each in model._meta.get_fields():
        named = isinstance(each, GenericRelation) or getattr(each, "concrete", False)
        fields[each.name if named else each.get_accessor_name()] = each
    for relation in relations(model):
        found: dict[Any, list] = {pk: [] for pk in pks}
        field: Any = fields[relation.name]
        if relation.kind == "ids":
            if field.concrete:
                through = field.remote_field.through
                owner, other = field.m2m_field_name(), field.m2m_reverse_field_name()
            else:
                through = field.through
                owner = field.field.m2m_reverse_field_name()
                other = field.field.m2m_field_name()
            links = through._default_manager.filter(**{f"{owner}__in": pks})
            for pk, linked in links.order_by(other).values_list(owner, other):
                found[pk].append(linked)
        else:
            children = relation.model._default_manager.order_by("pk")
            if isinstance(field, GenericRelation):
                owner = field.object_id_field_name
                children = children.filter(
                    **{
                        field.content_type_field_name: field.get_content_type(),
                        f"{owner}__in": pks,
                    }
                )
            else:
                owner = relation.parent_field
                children = children.filter(**{f"{owner}__in": pks})
            columns = [(f.name, f.attname) for f in child_fields(relation)]
            files = {
                f.name
                for f in child_fields(relation)
                if isinstance(f, models.FileField)
            }
            owner_field: Any = relation.model._meta.get_field(owner)
            owner_attname = owner_field.attname
            # Values, not records: as `field_values` reads them, without making
            # a model instance of each child.
            for child in children.values(
                "pk", owner_attname, *(a for _n, a in columns)
            ):
                found[child[owner_attname]].append(
                    {
                        "id": child["pk"],
                        **{
                            n: (child[a] or "") if n in files else _json(child[a])
                            for n, a in columns
                        },
                    }
                )
        for pk in pks:
            taken[pk][relation.name] = found[pk]
    return taken


def _python(field: models.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, models.FileField):
        return value
    if field.is_relation:
        return field.target_field.to_python(value)  # type: ignore[attr-defined]
    return field.to_python(value)


def assign(record: models.Model, values: dict[str, Any]) -> None:
    for field in own_fields(type(record)):
        if field.name in values:
            setattr(record, field.attname, _python(field, values[field.name]))


def apply(
    record: models.Model, snapshot: Snapshot, *, keep_status: bool = True
) -> list[str]:
    """Give the record (saved or not) the snapshot's fields and relations, and
    save it. Returns what could not be brought back (a related record deleted
    since), in words."""
    values = dict(snapshot.get("fields", {}))
    if keep_status and record.pk:
        values.pop("status", None)
    assign(record, values)
    record.save()
    return apply_relations(record, snapshot.get("relations"))


def apply_relations(record: models.Model, taken: dict[str, Any] | None) -> list[str]:
    missing: list[str] = []
    if taken is None:
        return missing
    for relation in relations(type(record)):
        if relation.name not in taken:
            continue
        wanted = taken[relation.name]
        if relation.kind == "ids":
            present = set(
                relation.model._default_manager.filter(pk__in=wanted).values_list(
                    "pk", flat=True
                )
            )
            relation.manager(record).set(sorted(present))
            if len(present) < len(set(wanted)):
                missing.append(
                    gettext("%(relation)s: %(count)s no longer exist")
                    % {
                        "relation": relation.model._meta.verbose_name_plural,
                        "count": len(set(wanted) - present),
                    }
                )
        else:
            missing += _apply_children(record, relation, wanted)
    return missing


def _exists(model: Any, pk: Any) -> bool:
    return model._default_manager.filter(pk=pk).exists()


def _apply_children(record, relation: Relation, wanted: list[dict]) -> list[str]:
    fields = child_fields(relation)
    current = {child.pk: child for child in relation.manager(record).all()}
    keep = {row.get("id") for row in wanted}
    for pk, child in current.items():
        if pk not in keep:
            child.delete()
    missing = []
    for row in wanted:
        child = current.get(row.get("id"))
        if child is None:
            child = relation.model()
            if not relation.model._default_manager.filter(pk=row.get("id")).exists():
                child.pk = row.get("id")
        for field in fields:
            if field.name in row:
                setattr(child, field.attname, _python(field, row[field.name]))
        if relation.parent_field:
            setattr(child, relation.parent_field, record)
        else:  # a generic relation: the sources
            child.record = record
        unknown = [
            field
            for field in fields
            if field.is_relation
            and row.get(field.name) is not None
            and not _exists(field.related_model, row[field.name])
        ]
        if unknown:
            missing.append(
                gettext("%(relation)s: one no longer exists")
                % {"relation": relation.model._meta.verbose_name_plural}
            )
            continue
        child.save()
    return missing


# --- comparison -----------------------------------------------------------


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


def language_label(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


def field_label(model: type[models.Model], field: models.Field) -> str:
    base = getattr(field, "translated_field", None)
    if base is not None:
        return f"{base.verbose_name} ({language_label(field.language)})"  # type: ignore[attr-defined]
    return str(field.verbose_name)


EMPTY = "—"


def display(field: models.Field, value: Any, cache: dict) -> str:
    """A value as staff read it: choices and yes / no in words, related records
    by name, dates in the admin's language, nothing shown as a dash."""
    if value is None or value == "" or value == []:
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return gettext("Yes") if value else gettext("No")
    if field.is_relation:
        return name_of(field.related_model, value, cache)
    python = _python(field, value)
    if isinstance(field, models.DateTimeField):
        return local_datetime(python)
    if isinstance(field, models.DateField):
        return local_date(python)
    if isinstance(field, models.DecimalField):
        return formats.number_format(python, use_l10n=True, force_grouping=True)
    if isinstance(field, models.IntegerField) and "year" not in field.name:
        return formats.number_format(python, use_l10n=True, force_grouping=True)
    return str(python)


def name_of(model: Any, pk: Any, cache: dict) -> str:
    key = (model, pk)
    if key not in cache:
        found = model._default_manager.filter(pk=pk).first()
        cache[key] = str(found) if found is not None else deleted_name(model, pk)
    return cache[key]


def deleted_name(model: Any, pk: Any) -> str:
    return gettext("%(record)s #%(id)s (deleted)") % {
        "record": model._meta.verbose_name,
        "id": pk,
    }


def describe_child(relation: Relation, row: dict, cache: dict) -> str:
    parts = []
    for field in child_fields(relation):
        if field.name == "position":
            continue
        shown = display(field, row.get(field.name), cache)
        if shown != EMPTY:
            parts.append(f"{field_label(relation.model, field)}: {shown}")
    return "; ".join(parts)


def describe_relation(relation: Relation, value: list, cache: dict) -> str:
    if not value:
        return EMPTY
    if relation.kind == "ids":
        return ", ".join(sorted(name_of(relation.model, pk, cache) for pk in value))
    return "\n".join(describe_child(relation, row, cache) for row in value)


def _without_ids(rows: list) -> list:
    return [
        {k: v for k, v in row.items() if k != "id"} if isinstance(row, dict) else row
        for row in rows
    ]


def nothing(model: type[models.Model]) -> Snapshot:
    """A record that does not exist (yet, or any more): no values, no relations.
    Compared with it, every relation a snapshot holds counts."""
    return {"fields": {}, "relations": {r.name: [] for r in relations(model)}}


def remember_names(
    model: type[models.Model], taken: list[Snapshot], cache: dict
) -> None:
    """Put the name of every record that the snapshots point at into `cache`,
    one query per related model, so that comparing many versions (a history
    page) costs as many queries as comparing one."""
    wanted: dict[Any, set] = {}

    def want(related: Any, pk: Any) -> None:
        if pk is not None and (related, pk) not in cache:
            wanted.setdefault(related, set()).add(pk)

    for snapshot in taken:
        values = snapshot.get("fields", {})
        for field in own_fields(model):
            if field.is_relation:
                want(field.related_model, values.get(field.name))
        for relation in relations(model):
            rows = (snapshot.get("relations") or {}).get(relation.name) or []
            if relation.kind == "ids":
                for pk in rows:
                    want(relation.model, pk)
                continue
            for field in child_fields(relation):
                if field.is_relation:
                    for row in rows:
                        want(field.related_model, row.get(field.name))
    for related, pks in wanted.items():
        found = related._default_manager.filter(pk__in=pks)
        names = {record.pk: str(record) for record in found}
        for pk in pks:
            cache[(related, pk)] = names.get(pk) or deleted_name(related, pk)


def compare(
    model: type[models.Model],
    old: Snapshot | None,
    new: Snapshot,
    *,
    cache: dict | None = None,
) -> list[Change]:
    """What `new` changes against `old`, field by field and in both languages;
    relations count only where `old` recorded them. `cache` holds the names of
    related records between calls (see `remember_names`)."""
    old = old or {"fields": {}, "relations": {}}
    cache = {} if cache is None else cache
    changes = []
    for field in own_fields(model):
        before = old["fields"].get(field.name)
        after = new["fields"].get(field.name)
        if field.name not in new["fields"] or _same(before, after):
            continue
        changes.append(
            Change(
                field_label(model, field),
                display(field, before, cache),
                display(field, after, cache),
            )
        )
    old_relations = old.get("relations") or {}
    new_relations = new.get("relations") or {}
    for relation in relations(model):
        if relation.name not in new_relations or relation.name not in old_relations:
            continue
        before, after = old_relations[relation.name], new_relations[relation.name]
        if relation.kind == "ids":
            if sorted(before) == sorted(after):
                continue
        elif _without_ids(before) == _without_ids(after):
            continue
        changes.append(
            Change(
                str(relation_label(model, relation)),
                describe_relation(relation, before, cache),
                describe_relation(relation, after, cache),
            )
        )
    return changes


def relation_label(model: type[models.Model], relation: Relation) -> str:
    try:
        field = model._meta.get_field(relation.name)
    except Exception:  # a reverse relation is found by its query name
        field = None
    verbose = getattr(field, "verbose_name", None)
    return str(verbose or relation.model._meta.verbose_name_plural)


def _same(a: Any, b: Any) -> bool:
    return (a in (None, "")) and (b in (None, "")) or a == b
