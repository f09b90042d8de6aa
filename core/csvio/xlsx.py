"""XLSX files written for download, streamed: the same columns and records as the
CSV export, as typed cells (numbers, dates, booleans) in one worksheet with a bold,
frozen header row.

An XLSX file is a zip of a few XML parts. The worksheet is written row by row into
a zip entry that `zipfile` writes to an unseekable stream (sizes in data
descriptors after each entry), and what it has written so far is handed out after
every few hundred rows: memory stays flat however many rows, and the first bytes
leave before the last record is read. Text goes in inline strings (no shared
strings table, which would have to hold every string until the end); a cell
written as a string is never a formula, so, unlike the CSV, text needs no
apostrophe in front of "=".
"""

from __future__ import annotations

import datetime
import itertools
import re
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.db import models
from django.http import StreamingHttpResponse

from .columns import Column, CsvSpec, Kind, format_decimal

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BATCH_ROWS = 500
# Excel's largest column width; and its limit of characters in one cell.
MAX_WIDTH = 80
MAX_CELL_CHARACTERS = 32_767
EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
# The cell styles of styles.xml, by their index in cellXfs.
STYLE_HEADER = 1
STYLE_DATETIME = 2
# Widths by kind, in characters; a header longer than that widens its column.
WIDTHS = {
    Kind.TEXT: 40,
    Kind.URL: 40,
    Kind.SLUG: 24,
    Kind.SLUGS: 32,
    Kind.CODE: 8,
    Kind.CHOICE: 16,
    Kind.INTEGER: 10,
    Kind.DECIMAL: 12,
    Kind.BOOLEAN: 8,
    Kind.DATETIME: 20,
}

# Characters XML 1.0 does not allow, and "_xHHHH_" itself: OOXML writes both as
# "_xHHHH_" (ECMA-376 Part 1, 22.9.2.19 ST_Xstring), which spreadsheet programs
# and openpyxl read back as the character. A carriage return is allowed but a
# parser reads it as a line feed, so it goes as a character reference.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]|_(?=x[0-9A-Fa-f]{4}_)"
)


def xml_text(text: str) -> str:
    text = FORBIDDEN.sub(lambda match: f"_x{ord(match.group()):04X}_", text)
    return escape(text).replace("\r", "&#13;")


def column_letter(index: int) -> str:
    """A, B, ..., Z, AA, ... for 0, 1, ..."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def serial(moment: datetime.datetime | datetime.date) -> str:
    """A date and time as Excel's serial number of days, in UTC."""
    if isinstance(moment, datetime.datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(datetime.UTC).replace(tzinfo=None)
    else:
        moment = datetime.datetime.combine(moment, datetime.time())
    days = (moment - EXCEL_EPOCH) / datetime.timedelta(days=1)
    return repr(round(days, 10))


def cell_xml(reference: str, value: Any) -> str:
    """One cell of the sheet; empty for a value the CSV writes as a blank."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'<c r="{reference}"><v>{value}</v></c>'
    if isinstance(value, Decimal):
        return f'<c r="{reference}"><v>{format_decimal(value)}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c r="{reference}" s="{STYLE_DATETIME}"><v>{serial(value)}</v></c>'
    text = xml_text(str(value)[:MAX_CELL_CHARACTERS])
    return (
        f'<c r="{reference}" t="inlineStr">'
        f'<is><t xml:space="preserve">{text}</t></is></c>'
    )


def row_xml(number: int, letters: list[str], values: Iterable[Any]) -> str:
    cells = "".join(
        cell_xml(f"{letter}{number}", value)
        for letter, value in zip(letters, values, strict=True)
    )
    return f'<row r="{number}">{cells}</row>'


def header_row(letters: list[str], columns: list[Column]) -> str:
    cells = "".join(
        f'<c r="{letter}1" s="{STYLE_HEADER}" t="inlineStr">'
        f"<is><t>{xml_text(column.header)}</t></is></c>"
        for letter, column in zip(letters, columns, strict=True)
    )
    return f'<row r="1">{cells}</row>'


def sheet_head(columns: list[Column]) -> str:
    widths = "".join(
        f'<col min="{number}" max="{number}" customWidth="1" width="'
        f'{min(MAX_WIDTH, max(WIDTHS.get(column.kind, 16), len(column.header) + 3))}"'
        "/>"
        for number, column in enumerate(columns, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        "</sheetView></sheetViews>"
        '<sheetFormatPr defaultRowHeight="15"/>'
        f"<cols>{widths}</cols><sheetData>"
    )


SHEET_TAIL = "</sheetData></worksheet>"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OFFICE_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"

CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.\
relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="{OFFICE_TYPES}.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="{OFFICE_TYPES}.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" ContentType="{OFFICE_TYPES}.styles+xml"/>\
</Types>"""

ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">\
<Relationship Id="rId1" Type="{DOCUMENT}/officeDocument" Target="xl/workbook.xml"/>\
</Relationships>"""

WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">\
<Relationship Id="rId1" Type="{DOCUMENT}/worksheet" Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" Type="{DOCUMENT}/styles" Target="styles.xml"/>\
</Relationships>"""

# Fonts: the default and a bold one for the header; cell styles: the default, the
# header, and date and time (numFmt 164, a custom format).
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}">\
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>\
</cellStyleXfs>\
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" \
applyNumberFormat="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""


def workbook(sheet_name: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
        f'<sheets><sheet name="{xml_text(sheet_name[:31])}" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    )


class Drain:
    """An unseekable file that keeps what is written until it is taken."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts = []
        return data


def xlsx_chunks(
    columns: list[Column], records: Iterable[Any], *, sheet_name: str
) -> Iterator[bytes]:
    """The XLSX file, a few hundred rows at a time."""
    drain = Drain()
    letters = [column_letter(index) for index in range(len(columns))]
    with zipfile.ZipFile(drain, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", workbook(sheet_name)),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/styles.xml", STYLES),
        ):
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write((sheet_head(columns) + header_row(letters, columns)).encode())
            yield drain.take()
            batch: list[str] = []
            for number, record in enumerate(records, start=2):
                batch.append(
                    row_xml(
                        number,
                        letters,
                        (column.cell(column.value(record)) for column in columns),
                    )
                )
                if len(batch) >= BATCH_ROWS:
                    sheet.write("".join(batch).encode())
                    batch = []
                    chunk = drain.take()
                    if chunk:
                        yield chunk
            sheet.write(("".join(batch) + SHEET_TAIL).encode())
    yield drain.take()


def export_chunks(
    spec: CsvSpec, queryset: models.QuerySet, *, public: bool
) -> Iterator[bytes]:
    """The XLSX of `queryset`, of the same columns and records as its CSV.

    As for the CSV, the query runs before the first bytes are handed out."""
    columns = spec.public_columns() if public else spec.columns
    records = iter(spec.export_records(queryset, public=public))
    first = list(itertools.islice(records, 1))
    return xlsx_chunks(
        columns, itertools.chain(first, records), sheet_name=str(spec.name)
    )


def xlsx_response(
    spec: CsvSpec, queryset: models.QuerySet, *, public: bool
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        export_chunks(spec, queryset, public=public), content_type=CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{spec.filename("xlsx")}"'
    return response
