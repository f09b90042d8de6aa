"""Check constraints judged in Python (core/constraints.py) agree with the
database's own judgement, and full_clean() asks the database no more."""

import datetime
from decimal import Decimal

import pytest
from django.db import models
from django.db.models import F, Q, Value
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cities.models import City, Country, FocusArea
from core.constraints import NotUnderstood, compile_condition, holds
from partners.models import Partner, Partnership
from projects.models import Project

pytestmark = pytest.mark.django_db

MODELS = [Country, FocusArea, City, Partner, Partnership, Project]
CHECKS = [
    (model, constraint)
    for model in MODELS
    for constraint in model._meta.constraints
    if isinstance(constraint, models.CheckConstraint)
]


def database_says(constraint, values: dict, model=None) -> bool:
    """As Django asks it: each value with its field's type."""
    fields = {f.name: f for f in model._meta.local_concrete_fields} if model else {}
    against = {
        name: Value(value, fields.get(name)) if name in fields else value
        for name, value in values.items()
    }
    return bool(Q(constraint.condition).check(against))


def field_values(model):
    """Arbitrary values of the fields that the model's checks read: in range,
    out of range, at the edges, empty."""
    numbers = st.one_of(
        st.none(),
        st.integers(min_value=-200, max_value=3000),
        st.sampled_from([0, 1899, 1900, 2017, 2018, 2100, 2101, -90, 90, -180, 180]),
    )
    decimals = st.one_of(
        st.none(),
        st.decimals(
            min_value=-200,
            max_value=200,
            places=5,
            allow_nan=False,
            allow_infinity=False,
        ),
        st.sampled_from([Decimal("-90"), Decimal("90.00001"), Decimal("0")]),
    )
    texts = st.one_of(
        st.sampled_from(
            ["", "TH", "th", "T", "THA", "USD", "usd", "a-b", "a--b", "-a"]
        ),
        st.text(alphabet="abAZ09-_ ก", max_size=6),
    )
    by_kind = {
        models.DecimalField: decimals,
        models.CharField: texts,
        models.SlugField: texts,
    }
    fields = {}
    for field in model._meta.local_concrete_fields:
        strategy = next(
            (s for kind, s in by_kind.items() if isinstance(field, kind)), numbers
        )
        fields[field.name] = strategy
    return st.fixed_dictionaries(fields)


@pytest.mark.parametrize(
    ("model", "constraint"), CHECKS, ids=[c.name for _m, c in CHECKS]
)
def test_every_check_of_the_portal_is_judged_in_python(model, constraint):
    compile_condition(constraint.condition)


@pytest.mark.parametrize(
    ("model", "constraint"), CHECKS, ids=[c.name for _m, c in CHECKS]
)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_python_and_the_database_judge_alike(model, constraint, data):
    values = data.draw(field_values(model))
    judged = holds(constraint, values)
    if judged is NotUnderstood:
        return
    assert judged == database_says(constraint, values, model), values


NO_NUMBER = Value(None, models.IntegerField())
NO_TEXT = Value(None, models.CharField())


@pytest.mark.parametrize(
    ("condition", "values", "expected"),
    [
        (Q(start__lte=F("end")), {"start": 2020, "end": NO_NUMBER}, True),  # unknown
        (Q(start__lte=F("end")), {"start": 2021, "end": 2020}, False),
        (~Q(currency=""), {"currency": NO_TEXT}, True),
        (Q(code__regex=r"^[A-Z]{2}$"), {"code": "TH"}, True),
        (Q(code__regex=r"^[A-Z]{2}$"), {"code": "THA"}, False),
        (Q(a__isnull=True) | Q(b__gte=1), {"a": 1, "b": 0}, False),
        (Q(a__gte=datetime.date(2020, 1, 1)), {"a": datetime.date(2019, 1, 1)}, False),
    ],
)
def test_three_valued_logic_as_in_sql(condition, values, expected):
    judge, _fields = compile_condition(condition)
    plain = {k: v.value if isinstance(v, Value) else v for k, v in values.items()}
    assert (judge(plain) is not False) == expected
    check = models.CheckConstraint(condition=condition, name="x")
    assert database_says(check, values) == expected


@pytest.mark.parametrize(
    "condition",
    [
        Q(name__icontains="x"),
        Q(name__lower="x"),
        Q(a__gte=F("b__c")),
        Q(a=1, _connector=Q.XOR),
    ],
)
def test_other_conditions_are_left_to_the_database(condition):
    with pytest.raises(NotUnderstood):
        compile_condition(condition)


def test_text_is_not_ordered_nor_matched_across_lines_in_python():
    constraint = models.CheckConstraint(condition=Q(a__gte="b"), name="x")
    assert holds(constraint, {"a": "c"}) is NotUnderstood
    pattern = models.CheckConstraint(condition=Q(a__regex=r"^[a-z]+$"), name="y")
    assert holds(pattern, {"a": "abc\n"}) is NotUnderstood


def test_full_clean_of_a_city_asks_the_database_nothing(
    english, django_assert_num_queries
):
    from tests.factories import CityFactory

    city = CityFactory.build(country=Country(pk=1, code="TH"))
    city.latitude = Decimal("97.5")
    city.land_area_km2 = Decimal(0)
    with django_assert_num_queries(0), pytest.raises(Exception) as raised:
        city.full_clean(validate_unique=False, exclude={"country", "slug"})
    messages = raised.value.message_dict
    assert "latitude" in messages
    assert messages["__all__"] == ["The land area must be more than zero."]
