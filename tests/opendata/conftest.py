from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from cities.models import CityFocusArea
from core.models import PublicationStatus, Source
from projects.models import PartnerRole, ProjectPartner
from tests.factories import (
    CityFactory,
    CountryFactory,
    FocusAreaFactory,
    PartnerFactory,
    PartnershipFactory,
    ProjectFactory,
)

DRAFT = PublicationStatus.DRAFT


@pytest.fixture
def records(db):
    """A small network: two countries, three published cities (one whose Thai
    name starts with a leading vowel), a draft city, partners, projects and
    their links, drafts among them."""
    thailand = CountryFactory(code="TH", name_th="ไทย", name_en="Thailand")
    vietnam = CountryFactory(code="VN", name_th="เวียดนาม", name_en="Viet Nam")
    water = FocusAreaFactory(
        slug="quality-environment",
        name_th="สิ่งแวดล้อมที่มีคุณภาพ",
        name_en="Quality Environment",
        position=1,
    )
    health = FocusAreaFactory(
        slug="health-well-being",
        name_th="สุขภาพและความเป็นอยู่",
        name_en="Health and Well-Being",
        position=2,
    )
    draft_area = FocusAreaFactory(slug="draft-area", status=DRAFT)
    chiang_mai = CityFactory(
        slug="chiang-mai",
        name_th="เชียงใหม่",
        name_en="Chiang Mai",
        country=thailand,
        latitude=Decimal("18.78830"),
        longitude=Decimal("98.98530"),
        joined_year=2018,
        summary_th="เมืองทางภาคเหนือ",
        summary_en="A city in the north",
    )
    phuket = CityFactory(
        slug="phuket",
        name_th="ภูเก็ต",
        name_en="Phuket",
        country=thailand,
        latitude=Decimal("7.88000"),
        longitude=Decimal("98.39000"),
        joined_year=2018,
    )
    da_nang = CityFactory(
        slug="da-nang",
        name_th="ดานัง",
        name_en="Da Nang",
        country=vietnam,
        latitude=Decimal("16.05440"),
        longitude=Decimal("108.20220"),
        joined_year=2019,
    )
    hidden = CityFactory(
        slug="hidden-city", name_th="เมืองลับ", name_en="Hidden", status=DRAFT
    )
    for city, area in [(chiang_mai, water), (chiang_mai, health), (phuket, water)]:
        CityFocusArea.objects.create(city=city, focus_area=area, basis="action_plan")
    CityFocusArea.objects.create(city=chiang_mai, focus_area=draft_area)
    huawei = PartnerFactory(slug="huawei", name_th="หัวเว่ย", name_en="Huawei")
    adb = PartnerFactory(
        slug="adb",
        name_th="ธนาคารพัฒนาเอเชีย",
        name_en="Asian Development Bank",
        kind="fund",
    )
    secret = PartnerFactory(slug="secret", status=DRAFT)
    PartnershipFactory(city=chiang_mai, partner=huawei, start_year=2020)
    PartnershipFactory(city=hidden, partner=huawei)
    PartnershipFactory(city=phuket, partner=secret)
    smart = ProjectFactory(
        slug="smart-water",
        title_th="น้ำอัจฉริยะ",
        title_en="Smart Water",
        start_year=2021,
        estimated_cost=Decimal("1500000.00"),
        currency="USD",
        bankable="yes",
        description_th="รายละเอียด",
        description_en="Details",
    )
    smart.cities.set([chiang_mai, hidden])
    smart.focus_areas.set([water, draft_area])
    ProjectPartner.objects.create(project=smart, partner=huawei, role=PartnerRole.LEAD)
    ProjectPartner.objects.create(project=smart, partner=adb, role=PartnerRole.FUNDER)
    ProjectPartner.objects.create(project=smart, partner=secret, role=PartnerRole.LEAD)
    older = ProjectFactory(
        slug="old-bus", title_th="รถเมล์", title_en="Buses", start_year=2019
    )
    older.cities.set([phuket])
    ProjectFactory(slug="draft-project", status=DRAFT)
    Source.objects.create(
        content_type=ContentType.objects.get_for_model(smart),
        object_id=smart.pk,
        title="ASEAN report",
        url="https://asean.org/report.pdf",
        as_of=date(2024, 1, 31),
    )
    return {
        "thailand": thailand,
        "chiang_mai": chiang_mai,
        "phuket": phuket,
        "da_nang": da_nang,
        "hidden": hidden,
        "huawei": huawei,
        "smart": smart,
    }
