"""Check constraints validated in Python, as the database would judge them.

Django's `Model.full_clean()` validates each `CheckConstraint` with a query of its
own (`SELECT 1 WHERE <condition>`): six queries for a pilot city, six for a project.
An import of 5,000 rows spent nine tenths of its preview on them. The conditions
the portal writes are simple (a field compared with a number, another field or a
pattern; empty or not), and such a condition is judged here the way SQL does,
with its three values: a comparison with NULL is unknown, and a constraint fails
only when its condition is false, never when it is unknown.

A condition this module does not understand (another lookup, a function, a
transform) or a value it cannot compare as the database would is validated by
Django itself, query and all. The database still enforces every constraint when a
record is written; a test compares both judgements over arbitrary values.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.constants import LOOKUP_SEP

# Three-valued logic: True, False or None (unknown).
Truth = bool | None
Values = dict[str, Any]
Condition = Callable[[Values], Truth]


class NotUnderstood(Exception):
    """The condition, or a value, is left to the database."""


# Values whose order Python and both databases agree on; text is left out, since
# its order depends on the database's collation.
ORDERED = (int, float, Decimal, datetime.date, datetime.datetime, datetime.time)


def _ordered(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, ORDERED):
        raise NotUnderstood(value)
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str) or "\n" in value:
        # "$" matches before a final line break in Python (and so in SQLite's
        # REGEXP) but not in PostgreSQL.
        raise NotUnderstood(value)
    return value


def _compare(lookup: str, left: Any, right: Any) -> Truth:
    if lookup == "isnull":
        return (left is None) == bool(right)
    if left is None or right is None:
        return None
    if lookup == "exact":
        if type(left) is not type(right) and not (
            isinstance(left, ORDERED) and isinstance(right, ORDERED)
        ):
            raise NotUnderstood((left, right))
        return left == right
    if lookup == "regex":
        return re.search(_text(right), _text(left)) is not None
    left, right = _ordered(left), _ordered(right)
    if lookup == "gt":
        return left > right
    if lookup == "gte":
        return left >= right
    if lookup == "lt":
        return left < right
    if lookup == "lte":
        return left <= right
    raise NotUnderstood(lookup)


LOOKUPS = {"exact", "isnull", "regex", "gt", "gte", "lt", "lte"}


def _operand(value: Any) -> Callable[[Values], Any]:
    if isinstance(value, models.F):
        if LOOKUP_SEP in value.name:
            raise NotUnderstood(value)
        name = value.name
        return lambda values: values[name]
    if hasattr(value, "resolve_expression"):
        raise NotUnderstood(value)
    return lambda values: value


def _lookup(key: str, value: Any) -> tuple[str, Condition]:
    field, _sep, lookup = key.partition(LOOKUP_SEP)
    lookup = lookup or "exact"
    if lookup not in LOOKUPS:
        raise NotUnderstood(key)
    if lookup == "exact" and value is None:
        lookup, value = "isnull", True
    right = _operand(value)
    return field, lambda values: _compare(lookup, values[field], right(values))


def _all(results: list[Truth]) -> Truth:
    if False in results:
        return False
    return None if None in results else True


def _any(results: list[Truth]) -> Truth:
    if True in results:
        return True
    return None if None in results else False


def compile_condition(condition: Any) -> tuple[Condition, set[str]]:
    """A function of the field values that judges `condition`, and the fields it
    reads; NotUnderstood for a condition left to the database."""
    if not isinstance(condition, models.Q) or condition.connector not in (
        models.Q.AND,
        models.Q.OR,
    ):
        raise NotUnderstood(condition)
    parts: list[Condition] = []
    fields: set[str] = set()
    for child in condition.children:
        if isinstance(child, tuple):
            field, part = _lookup(*child)
            fields.add(field)
            if isinstance(child[1], models.F):
                fields.add(child[1].name)
        else:
            part, read = compile_condition(child)
            fields |= read
        parts.append(part)
    combine = _all if condition.connector == models.Q.AND else _any

    def judge(values: Values) -> Truth:
        result = combine([part(values) for part in parts])
        if condition.negated:
            return None if result is None else not result
        return result

    return judge, fields


# By the constraint's identity: constraints compare by value and cannot be hashed.
_COMPILED: dict[
    int, tuple[models.CheckConstraint, tuple[Condition, set[str]] | None]
] = {}


def _compiled(constraint: models.CheckConstraint) -> tuple[Condition, set[str]] | None:
    found = _COMPILED.get(id(constraint))
    if found is None or found[0] is not constraint:
        try:
            compiled = compile_condition(constraint.condition)
        except NotUnderstood:
            compiled = None
        found = _COMPILED[id(constraint)] = (constraint, compiled)
    return found[1]


def holds(
    constraint: models.CheckConstraint, values: Values
) -> bool | type[NotUnderstood]:
    """Whether the database would accept a row of these values (only a false
    condition fails), or NotUnderstood."""
    compiled = _compiled(constraint)
    if compiled is None:
        return NotUnderstood
    judge, _fields = compiled
    try:
        return judge(values) is not False
    except NotUnderstood:
        return NotUnderstood


def validate_constraint(
    constraint: Any,
    model: type[models.Model],
    instance: models.Model,
    exclude: set[str] | None,
    using: str,
) -> None:
    """As `constraint.validate()`, without a query for the check constraints
    understood here."""
    by_django: Any = constraint.validate  # with a query, where one is needed
    if not isinstance(constraint, models.CheckConstraint):
        by_django(model, instance, exclude=exclude, using=using)
        return
    compiled = _compiled(constraint)
    if compiled is None:
        by_django(model, instance, exclude=exclude, using=using)
        return
    _judge, fields = compiled
    names = {field.name: field for field in model._meta.local_concrete_fields}
    if fields & (exclude or set()) or not fields <= set(names) | {"pk"}:
        # A field that failed its own validation, or one this model does not
        # have: Django skips the constraint (a FieldError).
        return
    values = {
        name: instance.pk if name == "pk" else getattr(instance, names[name].attname)
        for name in fields
    }
    judged = holds(constraint, values)
    if judged is NotUnderstood:
        by_django(model, instance, exclude=exclude, using=using)
    elif not judged:
        raise ValidationError(
            constraint.get_violation_error_message(),
            code=constraint.violation_error_code,
        )
