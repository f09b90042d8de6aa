"""Import, before the plan: the bytes of a file as spreadsheets save them, read
into a header and rows, and how they were read.

Accepted: UTF-8 with or without a BOM ("CSV UTF-8"), UTF-16 with its BOM (Excel's
"Unicode text", tab-separated), and Windows-874 / TIS-620 (Thai Excel's "CSV"),
which is taken only when the text holds Thai script, since any bytes decode in
it; cells separated by commas, semicolons (spreadsheets set to a decimal comma)
or tabs, whichever splits the header into the most known column names.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ENCODINGS: dict[str, Promise] = {
    "utf-8-sig": gettext_lazy("UTF-8 with a BOM"),
    "utf-8": gettext_lazy("UTF-8"),
    "utf-16": gettext_lazy("UTF-16 (Excel's Unicode text)"),
    "cp874": gettext_lazy("Windows-874 / TIS-620 (Thai Excel's CSV)"),
}
DELIMITERS: dict[str, Promise] = {
    ",": gettext_lazy("commas"),
    ";": gettext_lazy("semicolons"),
    "\t": gettext_lazy("tabs"),
}
THAI = range(0x0E01, 0x0E5C)
THAI_CONSONANTS = range(0x0E01, 0x0E2F)
# Vowel signs and tone marks written above or below the letter before them.
THAI_COMBINING = {0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)}


class UnreadableFile(ValueError):
    """The message says why, for the person who uploaded the file."""


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    encoding: str
    delimiter: str

    @property
    def description(self) -> str:
        return _("Read as %(encoding)s, cells separated by %(delimiter)s.") % {
            "encoding": ENCODINGS[self.encoding],
            "delimiter": DELIMITERS[self.delimiter],
        }


def has_thai(text: str) -> bool:
    return any(ord(character) in THAI for character in text)


def looks_thai(text: str) -> bool:
    """Thai letters, and no Thai vowel sign or tone mark on a letter that is not
    Thai: what "café" in Windows-1252 becomes when read as Windows-874."""
    if not any(ord(character) in THAI_CONSONANTS for character in text):
        return False
    return not any(
        ord(character) in THAI_COMBINING and ord(before) not in THAI
        for before, character in zip(text, text[1:], strict=False)
    )


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise UnreadableFile(
                _("The file says it is UTF-16 but is damaged; save it again.")
            ) from None
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data.decode("utf-8-sig"), "utf-8-sig"
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        text = ""
    if looks_thai(text):
        return text, "cp874"
    line = data[: utf8_error.start].count(b"\n") + 1
    raise UnreadableFile(
        _(
            "The file is neither UTF-8, UTF-16 nor Thai Windows-874 (line %(line)s). "
            "Save it as “CSV UTF-8” and try again."
        )
        % {"line": line}
    )


def _header(line: str, delimiter: str) -> list[str]:
    try:
        return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter))]
    except (csv.Error, StopIteration):
        return []


def choose_delimiter(text: str, known_headers: set[str]) -> str:
    """The delimiter that splits the first line into the most known column names
    (a comma when none does better)."""
    first_line = text.split("\n", 1)[0].rstrip("\r")
    scores = {
        delimiter: sum(
            1 for cell in _header(first_line, delimiter) if cell in known_headers
        )
        for delimiter in DELIMITERS
    }
    best = max(scores.values())
    return "," if scores[","] == best else max(scores, key=scores.__getitem__)


def read_table(data: bytes, known_headers: set[str]) -> Table:
    """The header and rows of an uploaded file; UnreadableFile says why not."""
    text, encoding = decode(data)
    if "\x00" in text:
        raise UnreadableFile(
            _("The file contains null bytes; it is not a CSV text file.")
        )
    if not text.strip():
        raise UnreadableFile(_("The file is empty."))
    delimiter = choose_delimiter(text, known_headers)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [cell.strip() for cell in next(reader)]
        rows = list(reader)
    except csv.Error as error:
        raise UnreadableFile(
            _("The file is not valid CSV (line %(line)s): %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from None
    return Table(header, rows, encoding, delimiter)
