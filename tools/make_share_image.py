"""Draw the portal's default share image, static/img/share.png: the picture a chat
app or social network shows for a page that has no image of its own (og:image).

    python tools/make_share_image.py

1200 x 630 pixels, the size Facebook, LINE and X ask for; the portal's name in
Thai and English in Sarabun, the portal's own font, on its accent colour, with
a dot for each pilot city of the reference data where it lies. Run it again
after changing the name or the colours, look at the result, and commit it.
"""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "static" / "fonts" / "sarabun"
OUT = ROOT / "static" / "img" / "share.png"

WIDTH, HEIGHT = 1200, 630
ACCENT = (10, 79, 153)  # --accent of static/css/site.css
DARK = (6, 53, 103)  # --accent-dark
WHITE = (255, 255, 255)
PALE = (205, 222, 240)
GOLD = (242, 169, 0)  # --focus
MARGIN = 80


def font(script: str, weight: int, size: int) -> ImageFont.FreeTypeFont:
    # Sarabun comes in a Thai and a Latin file, as the pages load it.
    path = FONTS / f"sarabun-{script}-{weight}-normal.woff2"
    return ImageFont.truetype(str(path), size)


def draw() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), ACCENT)
    canvas = ImageDraw.Draw(image)
    # The pilot cities on the right, longitude and latitude drawn as x and y
    # (from 94° E and 24° N at 10 pixels a degree): the shape of ASEAN.
    cities = json.loads(
        (ROOT / "portal" / "reference_data" / "cities.json").read_text()
    )
    for city in cities:
        x = 840 + (float(city["longitude"]) - 94) * 10
        y = 150 + (24 - float(city["latitude"])) * 10
        canvas.ellipse((x - 7, y - 7, x + 7, y + 7), fill=PALE)
    canvas.rectangle((0, HEIGHT - 18, WIDTH, HEIGHT), fill=DARK)
    canvas.rectangle((MARGIN, 96, MARGIN + 96, 104), fill=GOLD)

    canvas.text((MARGIN, 128), "ASCN", font=font("latin", 700, 96), fill=WHITE)
    canvas.text(
        (MARGIN, 262),
        "เครือข่ายเมืองอัจฉริยะอาเซียน",
        font=font("thai", 700, 58),
        fill=WHITE,
    )
    canvas.text(
        (MARGIN, 352),
        "ASEAN Smart Cities Network",
        font=font("latin", 400, 50),
        fill=PALE,
    )
    canvas.text(
        (MARGIN, 470),
        "เมืองนำร่อง ภาคี และโครงการ",
        font=font("thai", 400, 34),
        fill=WHITE,
    )
    canvas.text(
        (MARGIN, 518),
        "Pilot cities, partners and projects",
        font=font("latin", 400, 32),
        fill=PALE,
    )
    return image


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    draw().save(OUT, optimize=True)
    print(f"{OUT.relative_to(ROOT)}: {WIDTH} x {HEIGHT}, {OUT.stat().st_size:,} bytes")
