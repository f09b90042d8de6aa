from decimal import Decimal

import factory

from cities.models import City, Country, FocusArea
from core.models import PublicationStatus
from partners.models import Partner, PartnerKind, Partnership, PartnershipKind
from projects.models import Project, Stage


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "TH"
    name_th = "ไทย"
    name_en = "Thailand"
    is_asean_member = True
    status = PublicationStatus.PUBLISHED


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    slug = factory.Sequence(lambda n: f"focus-{n}")
    name_th = factory.Sequence(lambda n: f"ด้านที่ {n}")
    name_en = factory.Sequence(lambda n: f"Focus {n}")
    status = PublicationStatus.PUBLISHED


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    slug = factory.Sequence(lambda n: f"city-{n}")
    name_th = factory.Sequence(lambda n: f"เมืองทดสอบ {n}")
    name_en = factory.Sequence(lambda n: f"Test City {n}")
    country = factory.SubFactory(CountryFactory)
    latitude = Decimal("13.75")
    longitude = Decimal("100.50")
    joined_year = 2018
    status = PublicationStatus.PUBLISHED


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    slug = factory.Sequence(lambda n: f"partner-{n}")
    name_th = factory.Sequence(lambda n: f"ภาคีทดสอบ {n}")
    name_en = factory.Sequence(lambda n: f"Test Partner {n}")
    kind = PartnerKind.COMPANY
    status = PublicationStatus.PUBLISHED


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    city = factory.SubFactory(CityFactory)
    partner = factory.SubFactory(PartnerFactory)
    kind = PartnershipKind.TWINNING
    topic_th = "การบริหารจัดการน้ำ"
    topic_en = "Water management"
    status = PublicationStatus.PUBLISHED


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    slug = factory.Sequence(lambda n: f"project-{n}")
    title_th = factory.Sequence(lambda n: f"โครงการทดสอบ {n}")
    title_en = factory.Sequence(lambda n: f"Test Project {n}")
    stage = Stage.PLANNING
    status = PublicationStatus.PUBLISHED
