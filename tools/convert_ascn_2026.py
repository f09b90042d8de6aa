"""Merge the ASCN reference data of December 2026 into the portal's reference files.

    python tools/convert_ascn_2026.py /work/shared/reference/ascn-2026

Reads the compiled CSV files (cities, focus areas, facts, Thai names, projects,
partners, partnerships; see that folder's README) and rewrites
`portal/reference_data/*.json` in the portal's own columns, merged with what is
there: a city, partner or project already in the files keeps its slug and its
texts, and gains what the reference adds. Run it by hand, read the diff, then
`manage.py load_ascn`. Run twice, it writes the same files.

Columns that a newer release of the models adds (for instance a city's land
area) are written only where the model's CSV columns have them, so that running
the tool again after such a release fills them.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "portal" / "reference_data"

# The documents behind most rows (the reference README's table of short names).
DOCUMENTS = {
    "ASCN-Consolidated-SCAPs.pdf": "Smart City Action Plans of the 26 pilot cities, "
    "consolidated (SCAP, ASEAN Secretariat)",
    "2022-ASCN-ME-Report": "ASCN Monitoring & Evaluation Report 2022 "
    "(ASEAN Secretariat)",
    "2023-ASCN-ME-Report": "ASCN M&E Report 2023 (ASEAN Secretariat)",
    "2024-ASCN-ME-Report": "ASCN M&E Report 2024 (ASEAN Secretariat)",
    "2025-ASCN-ME-Report": "ASCN M&E Report 2025 (ASEAN Secretariat)",
    "ASCN2019-Report.pdf": "ASCN2019 – Advancing Partnership for Sustainability "
    "(ASEAN Secretariat)",
    "asean.org/our-communities/asean-smart-cities-network": "ASEAN Smart Cities "
    "Network (ASEAN Secretariat's page)",
}
CITY_ALIASES = {"Sihanoukville City": "Sihanoukville"}
NETWORK = "ASCN (regional)"
BASES = {
    "scap2018_explicit": "action_plan",
    "scap2018_mapped": "mapped",
    "ascn2019_report": "report_2019",
    "me_project_classification": "projects",
}
STAGES = {"completed": "completed", "ongoing": "in_progress", "planning": "planning"}
# ME2025 lists ongoing and planned projects together: "unknown" rows from that
# list are "ongoing or planned"; other "unknown" rows are not stated.
ME2025_LIST = 'Appendix A ("ongoing and under planning")'
PARTNER_KINDS = {
    "government agency": "government",
    "government programme": "government",
    "government": "government",
    "government / export credit": "government",
    "development agency": "government",
    "public-private platform": "other",
    "investment corporation": "fund",
    "development finance institution": "fund",
    "multilateral development bank": "fund",
    "multilateral fund": "fund",
    "regional fund": "fund",
    "fund": "fund",
    "consultancy": "company",
    "company": "company",
    "municipal company": "company",
    "university": "academic",
    "UN agency": "international",
    "regional organisation": "international",
    "association of cities": "international",
    "NGO": "other",
}
PARTNERSHIP_KINDS = {
    "technical": "technical",
    "finance": "funding",
    "mou": "mou",
    "research": "other",
    "ppp": "other",
}
NEW_COUNTRIES = [
    {
        "code": "TL",
        "name_en": "Timor-Leste",
        "name_th": "ติมอร์-เลสเต",
        "is_asean_member": True,
    },
    {"code": "DE", "name_en": "Germany", "name_th": "เยอรมนี", "is_asean_member": False},
    {"code": "FR", "name_en": "France", "name_th": "ฝรั่งเศส", "is_asean_member": False},
    {"code": "HU", "name_en": "Hungary", "name_th": "ฮังการี", "is_asean_member": False},
    {
        "code": "NZ",
        "name_en": "New Zealand",
        "name_th": "นิวซีแลนด์",
        "is_asean_member": False,
    },
]
# Names by which projects.csv and partnerships.csv name partners, where they
# differ from partners.csv or the portal (matched by hand, conservatively).
PARTNER_ALIASES = {
    "Asian Development Bank": "Asian Development Bank (ADB)",
    "JICA": "Japan International Cooperation Agency (JICA)",
    "USTDA": "U.S. Trade and Development Agency (USTDA)",
    "depa": "Digital Economy Promotion Agency (depa)",
    "MLIT Japan (Smart JAMP)": "smart-jamp",
    "MLIT Japan (Smart JAMP feasibility study)": "smart-jamp",
    "MLIT Japan": "Ministry of Land, Infrastructure, Transport and Tourism (MLIT), "
    "Japan",
    "JTEC": "Japan Telecommunications Engineering and Consulting Service (JTEC)",
    "ASEAN-Australia Smart Cities Trust Fund (AASCTF)": "aasctf",
    "ASEAN-Australia Smart Cities Trust Fund": "aasctf",
    "MOLIT Republic of Korea (K-City Network)": "Ministry of Land, Infrastructure "
    "and Transport (MOLIT), Republic of Korea - K-City Network",
    "MOLIT (Republic of Korea)": "Ministry of Land, Infrastructure and Transport "
    "(MOLIT), Republic of Korea - K-City Network",
    "Republic of Korea": "republic-of-korea",
    "European Investment Bank": "European Investment Bank (EIB)",
    "Global Environment Facility": "Global Environment Facility (GEF)",
    "Green Climate Fund": "Green Climate Fund (GCF)",
    "UNDP": "United Nations Development Programme (UNDP)",
    "UNCDF": "United Nations Capital Development Fund (UNCDF)",
    "Seoul National University": "Seoul National University (SNU)",
    "Aus4ASEAN Futures Initiative": "Australia for ASEAN (Aus4ASEAN) Futures "
    "Initiative",
    "AMATA": "AMATA Corporation PCL",
    "Chiang Mai University (DustBoy sensors, next phase)": "Chiang Mai University",
    "Government of Hungary (tied-aid loan via Hungarian Export-Import Bank)": (
        "Government of Hungary (Hungarian Export-Import Bank)"
    ),
    "World Bank (IBRD": "World Bank",
    "U.S. Department of State (USASCP)": "usascp",
}
# A project of the reference that is a record of the portal under another title.
PROJECT_ALIASES = {"Bang Sue Smart City": "bang-sue-smart-city-development"}


def read_csv(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8-sig", newline="") as file:
        rows = csv.DictReader(file)
        return [{k: (v or "").strip() for k, v in row.items()} for row in rows]


def read_json(name: str) -> list[dict[str, Any]]:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def write_json(name: str, rows: list[dict[str, Any]]) -> None:
    text = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    (DATA / f"{name}.json").write_text(text, encoding="utf-8")


def slugify(text: str) -> str:
    text = re.sub(r"\([^)]*\)", "", text) if len(text) > 60 else text
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:80].rstrip("-")


def unique_slug(base: str, taken: set[str]) -> str:
    slug, number = base, 2
    while slug in taken:
        slug = f"{base[:76]}-{number}"
        number += 1
    taken.add(slug)
    return slug


def source(url: str, as_of: str) -> dict[str, str]:
    """A source of the portal: a full date is its as_of; a year or year-month
    (the source gives no day) goes into the title, and as_of stays empty."""
    url = url.rstrip(")")
    title = next((t for key, t in DOCUMENTS.items() if key in url), "")
    if not title:
        title = f"Web page at {urlsplit(url).netloc.removeprefix('www.')}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of):
        return {"url": url, "title": title, "as_of": as_of}
    if as_of:
        title = f"{title} (as of {as_of}; no day given)"
    return {"url": url, "title": title}


def add_sources(row: dict[str, Any], *items: dict[str, str]) -> None:
    sources = row.setdefault("sources", [])
    for item in items:
        if all(s["url"] != item["url"] or s["title"] != item["title"] for s in sources):
            sources.append(item)


class Converter:
    def __init__(self, folder: Path) -> None:
        from cities.csv_columns import CitySpec
        from partners.csv_columns import PartnerSpec
        from projects.csv_columns import ProjectSpec

        self.folder = folder
        self.headers = {
            "cities": set(CitySpec().headers()),
            "partners": set(PartnerSpec().headers()),
            "projects": set(ProjectSpec().headers()),
        }
        self.unmatched: list[str] = []

    def has(self, spec: str, header: str) -> bool:
        return header in self.headers[spec]

    def csv(self, name: str) -> list[dict[str, str]]:
        return read_csv(self.folder, name)

    def run(self) -> None:
        self.countries()
        self.cities()
        self.partners()
        self.partnerships()
        self.projects()
        self.derived_focus_areas()
        for line in self.unmatched:
            print(line)

    def countries(self) -> None:
        rows = read_json("countries")
        known = {row["code"] for row in rows}
        rows += [dict(c) for c in NEW_COUNTRIES if c["code"] not in known]
        write_json("countries", rows)

    def cities(self) -> None:
        rows = read_json("cities")
        focus = {f["name_en"]: f["slug"] for f in read_json("focus_areas")}
        self.focus = focus
        by_name = {row["name_en"]: row for row in rows}
        taken = {row["slug"] for row in rows}

        def city(name: str) -> dict[str, Any]:
            return by_name[CITY_ALIASES.get(name, name)]

        for new in self.csv("new_member_cities.csv"):
            if new["name_en"] in by_name:
                continue
            name, year = new["name_en"], int(new["joined_year"])
            row = {
                "slug": unique_slug(slugify(name), taken),
                "name_en": name,
                "name_th": new["name_th"],
                "country": new["country_iso2"],
                "region_en": "",
                "region_th": "",
                "latitude": float(new["lat"]),
                "longitude": float(new["lon"]),
                "joined_year": year,
                "focus_areas": [],
                "summary_en": f"{name} joined the ASEAN Smart Cities Network in "
                f"{year}. The location shown is the approximate centre of the city.",
                "summary_th": f"{new['name_th']}เข้าร่วมเครือข่ายเมืองอัจฉริยะอาเซียน "
                f"(ASCN) ในปี {year + 543} ตำแหน่งบนแผนที่เป็นตำแหน่งโดยประมาณของ"
                "ใจกลางเมือง",
                "vision_en": "",
                "vision_th": "",
                "website": "",
                "sources": [],
            }
            if self.has("cities", "name_th_confirmed"):
                row["name_th_confirmed"] = new["name_th_verified"] == "yes"
            rows.append(row)
            by_name[name] = row
        for member in self.csv("member_cities_joined_after_2018.csv"):
            row = city(member["city_en"])
            row["joined_year"] = int(member["joined_year"])
            add_sources(row, source(member["source_url"], member["as_of"]))

        thai_names: dict[str, dict[str, str]] = {}
        # Other spellings the file lists, as the reference's Thai texts may use
        # them: written with the chosen one.
        self.respell: dict[str, str] = {}
        for item in self.csv("thai_names.csv"):
            thai_names.setdefault(item["name_en"], item)  # the first is the choice
            chosen = thai_names[item["name_en"]]["name_th"]
            if item["name_th"] != chosen:
                self.respell[item["name_th"]] = chosen
        for name, item in thai_names.items():
            row = city(name)
            row["name_th"] = item["name_th"]
            if self.has("cities", "name_th_confirmed"):
                row["name_th_confirmed"] = not item["note"].startswith("NOT CONFIRMED")
            if self.has("cities", "name_th_source"):
                confirmed = not item["note"].startswith("NOT CONFIRMED")
                row["name_th_source"] = item["source_url"] if confirmed else ""
            add_sources(
                row,
                {
                    "url": item["source_url"],
                    "title": f"Thai spelling “{item['name_th']}”",
                },
            )
        makassar = city("Makassar")
        makassar["region_th"] = makassar["region_th"].replace("สุลาเวสีใต้", "ซูลาเวซีใต้")

        links: dict[str, list[dict[str, str]]] = {}
        for link in self.csv("city_focus_areas.csv"):
            links.setdefault(link["city_en"], []).append(link)
        for name, items in links.items():
            row = city(name)
            row["focus_areas"] = [focus[i["focus_area"]] for i in items]
            row["focus_area_bases"] = [
                f"{focus[i['focus_area']]}:{BASES[i['basis']]}" for i in items
            ]
            notes = [
                f"{focus[i['focus_area']]}:{i['note']}"
                for i in items
                if i["basis"] == "scap2018_mapped" and i["note"]
            ]
            row["focus_area_notes"] = "\n".join(notes)
            for item in items:
                add_sources(row, source(item["source_url"], item["as_of"]))

        facts = self.csv("city_facts.csv")
        # The page of each city's plan in the consolidated document.
        self.plan_pages = {
            f["city_en"]: f["value"] for f in facts if f["field"] == "action_plan_url"
        }
        for fact in facts:
            row, field, value = city(fact["city_en"]), fact["field"], fact["value"]
            if field in ("vision_en", "vision_th"):
                for other, chosen in self.respell.items():
                    value = value.replace(other, chosen)
                row[field] = value
                # The reference's Thai visions are translated from the English.
                translated = "translated" in fact["note"]
                if field == "vision_th" and self.has("cities", "thai_unreviewed"):
                    row["thai_unreviewed"] = translated
            elif field == "joined_year":
                row[field] = int(value)
            elif field in ("population", "land_area_km2"):
                # Printed without a year: written once the model can say so.
                # Only the action plans' figures: another (Sumedang's) is a
                # secondary source that its note says to verify first.
                scap = "ASCN-Consolidated-SCAPs" in fact["source_url"]
                if scap and self.has("cities", "land_area_km2"):
                    row[field] = float(value) if "." in value else int(value)
                    self.facts_source(row, fact)
            elif field == "action_plan_url":
                add_sources(
                    row,
                    {
                        "url": value,
                        "title": f"Smart City Action Plan of {row['name_en']} (SCAP)",
                        "as_of": fact["as_of"],
                    },
                )
                continue
            else:
                continue
            add_sources(row, source(fact["source_url"], fact["as_of"]))
        write_json("cities", rows)
        self.city_slugs = {r["name_en"]: r["slug"] for r in rows}
        self.city_slugs.update(
            {alias: self.city_slugs[name] for alias, name in CITY_ALIASES.items()}
        )

    def facts_source(self, row: dict[str, Any], fact: dict[str, str]) -> None:
        """The document that prints a city's population and land area."""
        if not self.has("cities", "facts_source_url"):
            return
        row["facts_source_url"] = self.plan_pages.get(
            fact["city_en"], fact["source_url"]
        )
        row["facts_source_title_en"] = (
            f"Smart City Action Plan of {row['name_en']}, in the consolidated "
            "action plans of the 26 pilot cities (ASEAN Secretariat, 2018)"
        )
        row["facts_source_title_th"] = (
            f"แผนปฏิบัติการเมืองอัจฉริยะของ{row['name_th']} ในเอกสารรวมแผนปฏิบัติการ"
            "ของ 26 เมืองนำร่อง (สำนักเลขาธิการอาเซียน, 2561)"
        )

    def partners(self) -> None:
        rows = read_json("partners")
        by_name = {row["name_en"].casefold(): row for row in rows}
        taken = {row["slug"] for row in rows}
        for item in self.csv("partners.csv"):
            row = by_name.get(item["name_en"].casefold())
            if row is None:
                acronym = re.findall(r"\(([A-Za-z0-9-]+)\)", item["name_en"])
                base = slugify(acronym[-1] if acronym else item["name_en"])
                row = {
                    "slug": unique_slug(base, taken),
                    "name_en": item["name_en"],
                    "name_th": item["name_en"],
                    "kind": PARTNER_KINDS[item["kind"]],
                    "country": item["country_iso2"] or None,
                    "website": "",
                    "since_year": int(item["since"]) if item["since"] else None,
                    "description_en": item["facts"],
                    "description_th": "",
                    "sources": [],
                }
                rows.append(row)
                by_name[item["name_en"].casefold()] = row
            elif not row.get("description_en"):
                row["description_en"] = item["facts"]
            add_sources(row, source(item["source_url"], item["as_of"]))
        self.partner_rows = rows
        self.partners_by_name = by_name
        self.partner_slugs = {row["slug"]: row for row in rows}
        self.partners_taken = taken
        write_json("partners", rows)

    def partner(self, name: str) -> dict[str, Any] | None:
        name = PARTNER_ALIASES.get(name, name)
        found = self.partner_slugs.get(name)
        return found or self.partners_by_name.get(name.casefold())

    def partnerships(self) -> None:
        rows = read_json("partnerships")
        by_key = {(r["city"], r["partner"], r["kind"]): r for r in rows}
        for item in self.csv("partnerships.csv"):
            city = self.city_slugs[item["city_en"]]
            for name in item["partner"].split(";"):
                partner = self.partner(name.strip())
                if partner is None:
                    # Named only here: a partner of its own, with this row's source.
                    partner = {
                        "slug": unique_slug(slugify(name.strip()), self.partners_taken),
                        "name_en": name.strip(),
                        "name_th": name.strip(),
                        "kind": "other",
                        "country": None,
                        "website": "",
                        "since_year": None,
                        "description_en": "",
                        "description_th": "",
                        "sources": [source(item["source_url"], item["as_of"])],
                    }
                    self.partner_rows.append(partner)
                    self.partner_slugs[partner["slug"]] = partner
                    self.partners_by_name[name.strip().casefold()] = partner
                key = (city, partner["slug"], PARTNERSHIP_KINDS[item["kind"]])
                start = int(item["start_year"]) if item["start_year"] else None
                end = int(item["end_year"]) if item["end_year"] else None
                row = by_key.get(key)
                if row is None:
                    row = by_key[key] = {
                        "city": key[0],
                        "partner": key[1],
                        "kind": key[2],
                        "topic_en": item["topic_en"],
                        "topic_th": "",
                        "start_year": start,
                        "end_year": end,
                        "sources": [],
                    }
                    rows.append(row)
                elif item["topic_en"] not in row["topic_en"]:
                    # The same city, partner and kind twice: one partnership.
                    row["topic_en"] = f"{row['topic_en']}; {item['topic_en']}"
                    years = [y for y in (row["start_year"], start) if y]
                    row["start_year"] = min(years) if years else None
                    ends = [y for y in (row["end_year"], end) if y]
                    row["end_year"] = max(ends) if ends else None
                add_sources(row, source(item["source_url"], item["as_of"]))
        write_json("partnerships", rows)
        write_json("partners", self.partner_rows)

    def projects(self) -> None:
        rows = read_json("projects")
        by_slug = {row["slug"]: row for row in rows}
        # Two projects of different cities may share a title (Smart Mobility).
        by_title = {
            (row["title_en"].casefold(), tuple(row.get("cities") or [])): row
            for row in rows
        }
        taken = set(by_slug)
        for item in self.csv("projects.csv"):
            title = item["title_en"]
            network = item["city_en"] == NETWORK
            cities = [] if network else [self.city_slugs[item["city_en"]]]
            row = by_slug.get(PROJECT_ALIASES.get(title, "")) or by_title.get(
                (title.casefold(), tuple(cities))
            )
            focus = [
                self.focus[name.strip()]
                for name in item["focus_areas"].split(";")
                if name.strip()
            ]
            stage = STAGES.get(item["stage"], "")
            if item["stage"] == "unknown" and ME2025_LIST in item["note"]:
                stage = "ongoing_or_planned"
            roles: dict[str, list[str]] = {"partners_funder": [], "partners_other": []}
            for name in item["partners"].split(";"):
                partner = self.partner(name.strip()) if name.strip() else None
                if partner is None:
                    if name.strip():
                        self.unmatched.append(
                            f"project {title!r}: partner {name.strip()!r} not matched"
                        )
                    continue
                # projects.csv names no roles: financiers fund, the rest "other".
                funder = partner["kind"] == "fund"
                role = "partners_funder" if funder else "partners_other"
                if partner["slug"] not in roles[role]:
                    roles[role].append(partner["slug"])
            values = {
                "title_en": title,
                "title_th": item["title_th"],
                "summary_en": item["summary_en"],
                "cities": cities,
                "network_level": network,
                "partners_lead": [],
                "partners_funder": sorted(roles["partners_funder"]),
                "partners_technical": [],
                "partners_implementer": [],
                "partners_other": sorted(roles["partners_other"]),
                "focus_areas": focus,
                "stage": stage,
                "start_year": int(item["start_year"]) if item["start_year"] else None,
                "end_year": int(item["end_year"]) if item["end_year"] else None,
                "estimated_cost": float(item["cost"]) if item["cost"] else None,
                "currency": item["currency"],
                "bankable": "yes" if item["bankable"] == "yes" else "",
            }
            if self.has("projects", "thai_unreviewed"):
                # Its Thai title is translated from the English, by the compiler.
                values["thai_unreviewed"] = item["title_th_status"] == "translated"
            if row is None:
                row = {
                    "slug": unique_slug(slugify(title), taken),
                    **values,
                    "summary_th": "",
                    "sources": [],
                }
                rows.append(row)
            else:
                # The portal's record: keep its texts, fill what it lacks. The
                # mark goes with the reference's Thai title, not the portal's own.
                if row.get("title_th") != item["title_th"]:
                    values.pop("thai_unreviewed", None)
                for key, value in values.items():
                    if key.startswith("partners_") and value:
                        row[key] = sorted(set(row.get(key) or []) | set(value))
                    elif row.get(key) in (None, "", []) and value not in (None, ""):
                        row[key] = value
            add_sources(row, source(item["source_url"], item["as_of"]))
        write_json("projects", rows)

    def derived_focus_areas(self) -> None:
        """The newest members (2025-2026) have no public action plan and no row
        in city_focus_areas.csv: as the reference does for the 2023-2024 members,
        their focus areas are those of their listed projects (basis "projects"),
        with the projects' sources."""
        cities = read_json("cities")
        projects = read_json("projects")
        for row in cities:
            if row.get("focus_area_bases"):
                continue
            own = [p for p in projects if row["slug"] in p["cities"]]
            areas = sorted({area for p in own for area in p["focus_areas"]})
            if not areas:
                continue
            row["focus_areas"] = areas
            row["focus_area_bases"] = [f"{area}:projects" for area in areas]
            add_sources(row, *(item for p in own for item in p["sources"]))
        write_json("cities", cities)


def main(folder: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ascn_portal.settings.dev")
    import django

    django.setup()
    Converter(Path(folder)).run()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
