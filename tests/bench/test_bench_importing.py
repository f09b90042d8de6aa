"""The benchmark's CSV files are files the import accepts: their rows have the
export's columns, no more and no fewer, so a renamed column cannot break
`make bench-import` unnoticed."""

import pytest

from bench.importing import project_row
from projects.csv_columns import ProjectSpec


@pytest.mark.parametrize("n", [0, 1, 5, 15])
def test_a_new_project_row_has_exactly_the_export_columns(n):
    row = project_row(n, ["bangkok", "phuket"], ["huawei"], ["mobility", "safety"])
    assert list(row) != []
    assert set(row) == set(ProjectSpec().headers())
