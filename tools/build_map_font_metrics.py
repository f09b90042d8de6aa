"""Write cities/map_font.json: the advance widths of the bold Sarabun the portal
serves (static/fonts/sarabun), which the map uses to measure its labels before a
browser draws them (cities/maps.py places the labels so that none overlaps
another or covers a dot).

    python tools/build_map_font_metrics.py

Needs fontTools and brotli (requirements-dev.txt) to read the WOFF2 files; the
JSON is committed, so the portal itself needs neither.
"""

import json
import sys
from pathlib import Path

from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "static" / "fonts" / "sarabun"
# The labels are bold; the font comes in a Thai and a Latin subset.
FILES = ("sarabun-latin-700-normal.woff2", "sarabun-thai-700-normal.woff2")
TARGET = ROOT / "cities" / "map_font.json"


def main() -> None:
    advances: dict[str, int] = {}
    vertical = None
    ink = {}
    for name in FILES:
        font = TTFont(FONTS / name)
        units = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        for code, glyph in sorted(font.getBestCmap().items()):
            if code < 0x20:
                continue
            advances.setdefault(chr(code), round(metrics[glyph][0] * 1000 / units))
        # Browsers size a line of text by the font's ascent and descent (the
        # typographic ones: the font sets USE_TYPO_METRICS).
        os2 = font["OS/2"]
        found = (
            round(os2.sTypoAscender * 1000 / units),
            round(-os2.sTypoDescender * 1000 / units),
        )
        if vertical not in (None, found):
            sys.exit(f"{name}: ascent and descent differ from the other subset")
        vertical = found
        # Thai vowels and tone marks reach above and below the line: the
        # browser's box of a Thai label is taller than the line.
        glyphs = font.getGlyphSet()
        top = bottom = 0
        for glyph in font.getGlyphOrder():
            pen = BoundsPen(glyphs)
            glyphs[glyph].draw(pen)
            if pen.bounds:
                top = max(top, pen.bounds[3])
                bottom = min(bottom, pen.bounds[1])
        script = "thai" if "thai" in name else "latin"
        ink[script] = {
            "top": round(top * 1000 / units),
            "bottom": round(-bottom * 1000 / units),
        }
    if vertical is None:
        sys.exit("no font read")
    data = {
        "font": "Sarabun Bold, from " + ", ".join(FILES),
        "units_per_em": 1000,
        "ascent": vertical[0],
        "descent": vertical[1],
        "ink": ink,
        "advances": dict(sorted(advances.items())),
    }
    TARGET.write_text(
        json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
    )
    print(f"{TARGET.relative_to(ROOT)}: {len(advances)} characters")


if __name__ == "__main__":
    main()
