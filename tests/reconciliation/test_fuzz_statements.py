"""Property-based fuzzing of bank statement files, from bytes to the ledger: any file is read
or refused with a StatementError (row, column, Vietnamese message), never another exception,
and importing one either stores the whole statement or nothing at all. (Amount and date
values, and codes in memo noise, are fuzzed in
tests/reconciliation/test_statement_parsers_values.py.)"""

import csv
import io

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from reconciliation.models import StatementImport, StatementLine
from reconciliation.services import import_statement
from reconciliation.statements import StatementError, parse_statement

HEADER = ["Ngày giao dịch", "Số CT", "Số tiền ghi có", "Nội dung chi tiết"]
names = st.sampled_from(["sao-ke.csv", "sao-ke.xlsx", "sao-ke.txt", "sao-ke.xls", ""])
cell = st.one_of(
    st.sampled_from(["01/09/2024", "31/02/2024", "100.000", "-5", "1,5", "", "UH7K3Q9X", "²"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20),
)
GOOD_ROW = ["01/09/2024", "1", "100.000", "Ung ho nguoi ngheo"]
rows = st.lists(st.lists(cell, min_size=1, max_size=5), max_size=12)


def csv_file(body, delimiter=","):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([HEADER, *body])
    return buffer.getvalue().encode()


def read_or_refuse(data, name):
    """The parse result, or None when refused; anything else fails the test."""
    try:
        return parse_statement(data, name)
    except StatementError as error:
        assert str(error)
        return None


@hypothesis_settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=3000), name=names)
@example(data=b"PK\x03\x04" + b"\x00" * 40, name="sao-ke.xlsx")
@example(data=b"\xff\xfe" + "Ngày".encode("utf-16-le"), name="sao-ke.csv")
def test_any_bytes_are_read_or_refused(data, name):
    read_or_refuse(data, name)


@hypothesis_settings(max_examples=200, deadline=None)
@given(body=rows, delimiter=st.sampled_from([",", ";", "\t"]))
@example(body=[GOOD_ROW], delimiter=",")
def test_a_known_layout_with_any_cells_gives_whole_positive_amounts_or_a_refusal(body, delimiter):
    result = read_or_refuse(csv_file(body, delimiter), "vietcombank.csv")
    if body == [GOOD_ROW]:
        assert result is not None and result.lines[0].amount == 100_000  # the control
    if result is not None:
        for line in result.lines:
            assert isinstance(line.amount, int) and line.amount > 0


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=rows)
@example(body=[GOOD_ROW, ["02/09/2024", "2", "50.000", "Ủng hộ"]])
def test_an_import_stores_the_whole_statement_or_nothing(account, body):
    before = (StatementImport.objects.count(), StatementLine.objects.count())
    try:
        report = import_statement(account=account, file_bytes=csv_file(body), filename="f.csv")
    except (StatementError, ValidationError):
        assert (StatementImport.objects.count(), StatementLine.objects.count()) == before
        return
    stored = StatementLine.objects.filter(statement_import=report.statement_import).count()
    assert stored == report.new
    if GOOD_ROW in body:
        assert report.new >= 1  # the control: a good row is stored
    assert StatementLine.objects.count() == before[1] + report.new
