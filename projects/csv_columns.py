"""The columns of the projects' CSV files."""

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cities.models import City, FocusArea
from core.csvio.columns import (
    Column,
    CsvSpec,
    Kind,
    focus_columns,
    record_columns,
    slug_column,
    thai_unreviewed_column,
    translated_columns,
    year_span_columns,
)
from core.csvio.export import slugs_of
from partners.models import Partner

from .models import Bankable, PartnerRole, Project, ProjectPartner, Stage

ROLE_COLUMNS = {
    PartnerRole.LEAD: ("partners_lead", _("Partners that lead the project.")),
    PartnerRole.FUNDER: ("partners_funder", _("Partners that fund the project.")),
    PartnerRole.TECHNICAL: (
        "partners_technical",
        _("Technical partners of the project."),
    ),
    PartnerRole.IMPLEMENTER: (
        "partners_implementer",
        _("Partners that carry out the project."),
    ),
    PartnerRole.OTHER: ("partners_other", _("Partners in another role.")),
}


class ProjectSpec(CsvSpec):
    name = "projects"
    model = Project
    columns = [
        slug_column(),
        Column(
            "stage",
            Kind.CHOICE,
            format_lazy(
                _(
                    "Stage of the project: {values}; empty where no source states "
                    "it. {ongoing_or_planned} is for a project that ASEAN lists as "
                    "ongoing or planned without saying which."
                ),
                values=", ".join(value for value in Stage.values if value),
                ongoing_or_planned=Stage.ONGOING_OR_PLANNED,
            ),
            example=Stage.IN_PROGRESS,
            field="stage",
            choices=tuple(value for value in Stage.values if value),
        ),
        *year_span_columns(
            _("Year the project started (Common Era)."),
            _("Year the project ended or ends (Common Era)."),
            examples=("2019", "2021"),
        ),
        Column(
            "estimated_cost",
            Kind.DECIMAL,
            _("Estimated cost, in the currency of the next column."),
            example="1500000",
            field="estimated_cost",
        ),
        Column(
            "currency",
            Kind.CODE,
            _("ISO 4217 code of the currency of the estimated cost."),
            example="USD",
            field="currency",
            pattern="[A-Z]{3}",
        ),
        Column(
            "bankable",
            Kind.CHOICE,
            format_lazy(
                _(
                    "{yes} where a source states that the project is bankable, "
                    "ready for private or development-bank financing (for example "
                    "an approved or signed loan); empty where no source says so."
                ),
                yes=Bankable.YES,
            ),
            example=Bankable.YES,
            field="bankable",
            choices=(Bankable.YES,),
        ),
        Column(
            "is_featured",
            Kind.BOOLEAN,
            _("Whether the home page features the project."),
            example="false",
            field="is_featured",
        ),
        Column(
            "network_level",
            Kind.BOOLEAN,
            _("Whether the project is one of the ASCN as a whole, not of one city."),
            example="false",
            field="network_level",
        ),
        Column(
            "cities",
            Kind.SLUGS,
            _("Slugs of the pilot cities of the project."),
            example="phuket",
            field="cities",
            attr="city_slugs",
        ),
        *[
            Column(
                header,
                Kind.SLUGS,
                description,
                example="huawei" if role == PartnerRole.LEAD else "",
                field=header,
                attr=header,
            )
            for role, (header, description) in ROLE_COLUMNS.items()
        ],
        Column(
            "focus_areas",
            Kind.SLUGS,
            _("Slugs of the focus areas of the project."),
            example="built-infrastructure",
            field="focus_areas",
            attr="focus_area_slugs",
        ),
        *translated_columns(
            "title",
            _("Title"),
            "Smart City Framework and Guidance for Thailand: Phuket",
            "แผนการพัฒนาเมืองอัจฉริยะในจังหวัดภูเก็ต",
            required=True,
        ),
        *translated_columns("summary", _("Summary"), "", ""),
        *translated_columns("description", _("Description"), "", ""),
        *translated_columns("image_alt", _("Description of the image"), "", ""),
        *focus_columns("image"),
        thai_unreviewed_column(_("the title and the summary.")),
        *record_columns(),
    ]

    def annotate_export(self, queryset, *, public: bool):
        def only_public(link: str, model) -> Q | None:
            return model.objects.published_q(link) if public else None

        roles = {
            header: slugs_of(
                ProjectPartner,
                "project",
                "partner__slug",
                extra_filter=Q(role=role) & (only_public("partner", Partner) or Q()),
            )
            for role, (header, _description) in ROLE_COLUMNS.items()
        }
        return queryset.annotate(
            city_slugs=slugs_of(
                Project.cities.through,
                "project",
                "city__slug",
                extra_filter=only_public("city", City),
            ),
            focus_area_slugs=slugs_of(
                Project.focus_areas.through,
                "project",
                "focusarea__slug",
                extra_filter=only_public("focusarea", FocusArea),
            ),
            **roles,
        ).order_by("slug")

    def relation_lookups(self):
        partners = {p.slug: p for p in Partner.objects.all()}
        return {
            "cities": {c.slug: c for c in City.objects.all()},
            "focus_areas": {f.slug: f for f in FocusArea.objects.all()},
            **{header: partners for header, _description in ROLE_COLUMNS.values()},
        }

    def set_relations(self, record, values, lookups):
        super().set_relations(record, values, lookups)  # cities, focus areas
        for role, (header, _description) in ROLE_COLUMNS.items():
            if header not in values:
                continue  # a file without this column leaves these partners alone
            ProjectPartner.objects.filter(project=record, role=role).delete()
            ProjectPartner.objects.bulk_create(
                ProjectPartner(project=record, partner=lookups[header][slug], role=role)
                for slug in values[header]
            )

    def set_relations_of_many(self, changes, lookups):
        created = super().set_relations_of_many(changes, lookups)
        wanted: dict = {}  # project → role → partners, for the roles in the file
        for record, values in changes:
            roles = {
                role: {lookups[header][slug].pk for slug in values[header]}
                for role, (header, _description) in ROLE_COLUMNS.items()
                if header in values
            }
            if roles:
                wanted[record.pk] = roles
        if not wanted:
            return created
        kept = set()
        for link in ProjectPartner.objects.filter(project_id__in=list(wanted)):
            roles = wanted[link.project_id]
            if link.role not in roles:
                continue
            if link.partner_id in roles[link.role]:
                kept.add((link.project_id, link.role, link.partner_id))
            else:
                link.delete()  # with its version in history, as in the admin
        return created + ProjectPartner.objects.bulk_create(
            [
                ProjectPartner(project_id=project, role=role, partner_id=partner)
                for project, roles in wanted.items()
                for role, partners in roles.items()
                for partner in sorted(partners)
                if (project, role, partner) not in kept
            ],
            batch_size=500,
        )
