"""Draw static/maps/asean.svg, the base map of the pilot-city map, from Natural Earth
country outlines as the npm package world-atlas ships them (TopoJSON):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/build_basemap.py package/countries-50m.json static/maps/asean.svg

The SVG is committed; this script is needed only to draw it again.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cities import maps  # noqa: E402

# ISO 3166-1 numeric codes of the eleven ASEAN member states (Timor-Leste, 626,
# since October 2025).
ASEAN = {"096", "116", "360", "418", "458", "104", "608", "702", "764", "704", "626"}
MARGIN = 3.0  # degrees around the frame, so that coastlines run off the edge


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale_x, scale_y = topology["transform"]["scale"]
    translate_x, translate_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + translate_x, y * scale_y + translate_y))
        arcs.append(points)
    return arcs


def ring(arcs, indexes) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def in_frame(points) -> bool:
    return any(
        maps.WEST - MARGIN <= lon <= maps.EAST + MARGIN
        and maps.SOUTH - MARGIN <= lat <= maps.NORTH + MARGIN
        for lon, lat in points
    )


def path_data(rings) -> str:
    parts = []
    for points in rings:
        projected = []
        for lon, lat in points:
            # Whole SVG units are finer than a screen shows the map; rounding
            # keeps the file small.
            x, y = maps.project(lat, lon)
            xy = (round(x), round(y))
            if not projected or projected[-1] != xy:
                projected.append(xy)
        if len(projected) < 3:
            continue
        head, *tail = projected
        parts.append(
            f"M{head[0]},{head[1]}" + "".join(f"L{x},{y}" for x, y in tail) + "Z"
        )
    return "".join(parts)


def main(source: str, target: str) -> None:
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    asean, others = [], []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {
            "Polygon": [geometry.get("arcs", [])],
            "MultiPolygon": geometry.get("arcs", []),
        }.get(geometry["type"], [])
        rings = [ring(arcs, indexes) for polygon in polygons for indexes in polygon]
        rings = [r for r in rings if in_frame(r)]
        if not rings:
            continue
        data = path_data(rings)
        if data:
            (asean if geometry.get("id") in ASEAN else others).append(data)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {maps.WIDTH:g} {maps.HEIGHT:g}" '
        f'width="{maps.WIDTH:g}" height="{maps.HEIGHT:g}">'
        "<!-- Country outlines: Natural Earth (public domain), "
        "via the npm package world-atlas (ISC licence). -->"
        f'<rect width="100%" height="100%" fill="#dbe9f4"/>'
        f'<path fill="#eceae4" stroke="#b9b5aa" stroke-width="0.6" '
        f'd="{"".join(others)}"/>'
        f'<path fill="#fbfaf7" stroke="#8f8a7c" stroke-width="0.8" '
        f'd="{"".join(asean)}"/>'
        "</svg>\n"
    )
    Path(target).write_text(svg, encoding="utf-8")
    print(f"{target}: {len(svg) // 1024} KiB, {len(asean)} ASEAN states")


if __name__ == "__main__":
    main(*sys.argv[1:3])
