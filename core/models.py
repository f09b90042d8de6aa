"""What every app shares: publication status, timestamps, sources and years."""

from collections.abc import Callable, Collection
from typing import Any, ClassVar, Self, TypeVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models, router
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.collation import SortKeysKept
from core.constraints import validate_constraint
from core.dates import common_era_of

# Years the portal accepts anywhere: from the oldest data we cite to a generous horizon.
MIN_YEAR = 1900
MAX_YEAR = 2100


class CommonEraYearValidator(MaxValueValidator):
    """At most `limit_value`, and a year that would be within the limits in the
    Common Era (2561 for 2018) gets a message that says so."""

    def __call__(self, value: Any) -> None:
        common_era = (
            common_era_of(value, MIN_YEAR, self.limit_value)
            if isinstance(value, int)
            else None
        )
        if common_era is not None:
            raise ValidationError(
                _(
                    "%(value)s looks like a year of the Buddhist Era; years are "
                    "entered in the Common Era: %(ce)s."
                ),
                code="buddhist_era",
                params={"value": value, "ce": common_era},
            )
        super().__call__(value)


YEAR_VALIDATORS = [MinValueValidator(MIN_YEAR), CommonEraYearValidator(MAX_YEAR)]
# Years are stored in the Common Era; Thai pages show them in the Buddhist Era.
YEAR_HELP = _("A year of the Common Era (CE), for example 2018 (B.E. 2561).")


def year_field(verbose_name: Any) -> models.PositiveSmallIntegerField:
    """An optional year of the Common Era, within MIN_YEAR..MAX_YEAR."""
    return models.PositiveSmallIntegerField(
        verbose_name,
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=YEAR_HELP,
    )


def year_in_range(field: str) -> models.Q:
    """A check that a nullable year column is empty or within MIN_YEAR..MAX_YEAR."""
    return models.Q(**{f"{field}__isnull": True}) | models.Q(
        **{f"{field}__gte": MIN_YEAR, f"{field}__lte": MAX_YEAR}
    )


def start_before_end(start: str = "start_year", end: str = "end_year") -> models.Q:
    return (
        models.Q(**{f"{start}__isnull": True})
        | models.Q(**{f"{end}__isnull": True})
        | models.Q(**{f"{start}__lte": models.F(end)})
    )


class YearSpanQuerySet(models.QuerySet):
    # Ties among records of the same start year, by the record's own fields
    # (names or expressions of order_by).
    newest_first_ties: tuple[Any, ...] = ("pk",)

    def newest_first_ordering(self) -> tuple:
        """The latest start year first, records without one last: the same order
        on SQLite and PostgreSQL, which put NULL at opposite ends by default."""
        return (models.F("start_year").desc(nulls_last=True), *self.newest_first_ties)

    def newest_first(self) -> Self:
        return self.order_by(*self.newest_first_ordering())


class YearSpan(models.Model):
    """A record that runs from a start year to an end year, either unknown."""

    start_year = year_field(_("start year"))
    end_year = year_field(_("end year"))

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=year_in_range("start_year") & year_in_range("end_year"),
                name="%(class)s_years_in_range",
            ),
            models.CheckConstraint(
                condition=start_before_end(),
                name="%(class)s_start_year_before_end_year",
                violation_error_message=_(
                    "The start year must not be after the end year."
                ),
            ),
        ]


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class PublishableQuerySet(models.QuerySet):
    def published_q(self, path: str = "") -> models.Q:
        """The rule 'is it public?' for the records at the end of `path` (a
        relation such as "city", or "" for these records themselves), as a
        condition: a query can then ask it of related records with a join, where
        an IN (subquery) would be evaluated again for every row of an export."""
        return models.Q(**{f"{_prefix(path)}status": PublicationStatus.PUBLISHED})

    def published(self) -> Self:
        return self.filter(self.published_q())


def _prefix(path: str) -> str:
    return f"{path}__" if path else ""


class KeptPublishedManager(models.Manager):
    """`Model.objects.published()` as a copy of a queryset built once per
    process: the rule is the same for every request, and building it (the
    conditions on the record and on the records it depends on, through joins)
    takes longer than the query it filters (about 160 µs for a city, against
    4 µs for the copy). A related manager (a city's projects) builds its own."""

    def published(self):
        if hasattr(self, "instance"):
            return self.get_queryset().published()  # type: ignore[attr-defined]
        key = (self.model, type(self), self._db)
        kept = _kept_published.get(key)
        if kept is None:
            # Never evaluated itself: each caller gets a copy (all()).
            kept = _kept_published[key] = self.get_queryset().published()  # type: ignore[attr-defined]
        return kept.all()


QS = TypeVar("QS", bound=models.QuerySet)

_kept_published: dict[tuple[type, type, str | None], models.QuerySet] = {}
_kept_querysets: dict[tuple[str, str | None], models.QuerySet] = {}


def kept_queryset(name: str, build: Callable[[], QS]) -> QS:
    """A copy of the queryset `build()` gives, built once per process and
    language (which orders names) under `name`: the options of a filter, the
    same on every request. `build` must depend on nothing else."""
    key = (name, get_language())
    kept = _kept_querysets.get(key)
    if kept is None:
        kept = _kept_querysets[key] = build()
    return kept.all()  # type: ignore[return-value]


# Managers are made with Manager.from_queryset(), as QuerySet.as_manager() makes
# them, but once and by name, so that django-stubs can type them. Its plugin
# cannot find them on the models by itself (modeltranslation replaces their
# classes as the apps load): each translated model declares the types of its
# `objects` and `_default_manager`, on which its related managers are based.
PublishableManager = KeptPublishedManager.from_queryset(PublishableQuerySet)


class ConstraintsCheckedInPython(models.Model):
    """Check constraints validated without a query each (core/constraints.py):
    `full_clean()` of a form or an import row judges them as the database would."""

    class Meta:
        abstract = True

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        # Model.validate_constraints, with the check of core/constraints.py.
        using = router.db_for_write(self.__class__, instance=self)
        excluded = set(exclude or ())
        errors: dict[str, list[ValidationError]] = {}
        for model_class, model_constraints in self.get_constraints():
            for constraint in model_constraints:
                try:
                    validate_constraint(
                        constraint, model_class, self, excluded, using=using
                    )
                except ValidationError as error:
                    fields: tuple[str, ...] = tuple(getattr(constraint, "fields", ()))
                    if getattr(error, "code", None) == "unique" and len(fields) == 1:
                        errors.setdefault(fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class PublishableModel(SortKeysKept, ConstraintsCheckedInPython, TimeStampedModel):
    """A record the public may see once it is published."""

    # A change makes cached public pages stale (core/versioning.py).
    shown_publicly = True

    status = models.CharField(
        _("publication status"),
        max_length=20,
        choices=PublicationStatus,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    # When `manage.py publish_scheduled` publishes the record (a draft or one in
    # review) and takes it offline again (back to a draft): core/scheduling.py.
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The record is published at this time, if it is not yet."),
    )
    unpublish_at = models.DateTimeField(
        _("unpublish at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The published record goes back to a draft at this time."),
    )

    objects: ClassVar["PublishableManager[Self]"] = PublishableManager()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED


def missing_alt_text(record, image_field: str, alt_field: str) -> list[str]:
    """A record with an image needs its description in both languages before it
    is published."""
    if not getattr(record, image_field):
        return []
    missing = [
        str(label)
        for code, label in settings.LANGUAGES
        if not (getattr(record, f"{alt_field}_{code}", "") or "").strip()
    ]
    if not missing:
        return []
    return [
        _("Describe the image in %(languages)s before publishing.")
        % {"languages": ", ".join(missing)}
    ]


class SourceLanguage(models.TextChoices):
    """Languages of the sources' titles, for a title whose letters do not tell
    (Indonesian and English share them); BCP 47 codes, as `lang` takes them."""

    THAI = "th", _("Thai")
    ENGLISH = "en", _("English")
    INDONESIAN = "id", _("Indonesian")
    MALAY = "ms", _("Malay")
    FILIPINO = "fil", _("Filipino")
    VIETNAMESE = "vi", _("Vietnamese")
    KHMER = "km", _("Khmer")
    LAO = "lo", _("Lao")
    BURMESE = "my", _("Burmese")
    JAPANESE = "ja", _("Japanese")
    KOREAN = "ko", _("Korean")
    CHINESE = "zh", _("Chinese")
    FRENCH = "fr", _("French")
    GERMAN = "de", _("German")


class Source(models.Model):
    """A link that backs a record's facts, with the date the facts hold for."""

    shown_publicly = True

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"), max_length=500)
    as_of = models.DateField(
        _("as of"),
        null=True,
        blank=True,
        help_text=_("The date on which the source states the facts."),
    )
    language = models.CharField(
        _("language of the title"),
        max_length=3,
        choices=SourceLanguage,
        blank=True,
        help_text=_(
            "Leave empty when the letters tell: Thai letters are read as Thai, "
            "Latin letters as English, kana as Japanese. Choose it for a title in "
            "another language written in Latin letters, e.g. Indonesian."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="source_record_idx")
        ]

    def __str__(self) -> str:
        return self.title


class ThaiNameConfirmation(models.Model):
    """A record whose Thai name a Thai source may confirm. A name no Thai source
    supports is a transliteration of our own: the translation dashboard lists
    those records for staff."""

    name_th_confirmed = models.BooleanField(
        _("Thai name confirmed by a Thai source"),
        default=False,
        help_text=_(
            "Tick when a Thai source (a Thai government page, Thai media, Thai "
            "Wikipedia) spells the name this way."
        ),
    )
    name_th_source = models.URLField(
        _("Thai source of the Thai name"), max_length=500, blank=True
    )

    class Meta:
        abstract = True


class ThaiReviewMark(models.Model):
    """A record whose Thai text may be a translation from English that no Thai
    reader has reviewed yet: staff count and filter them, the public Thai page
    says so, and the exports carry the mark."""

    thai_unreviewed = models.BooleanField(
        _("Thai translated from English, not yet reviewed"),
        default=False,
        help_text=_(
            "The Thai text was translated from the English and awaits a Thai "
            "reader. Untick once a Thai reader has reviewed it."
        ),
    )

    class Meta:
        abstract = True


class SourcedModel(models.Model):
    sources = GenericRelation(Source, verbose_name=_("sources"))

    class Meta:
        abstract = True


SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
slug_validator = RegexValidator(
    SLUG_PATTERN,
    _(
        "Use lower-case English letters, digits and single hyphens only, "
        "for example “chiang-mai”."
    ),
)


def slug_field(**kwargs) -> models.SlugField:
    """An ASCII slug, unique and the same in both languages (e.g. `phuket`)."""
    return models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        validators=[slug_validator],
        help_text=_("Part of the page address, the same in Thai and English."),
        **kwargs,
    )


def slug_format_check(model_name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(slug__regex=SLUG_PATTERN),
        name=f"{model_name}_slug_format",
    )


class ContentVersion(models.Model):
    """One row: a number that grows whenever any public record changes, and when.

    Cached public pages are filed under this number, so a change makes every one
    of them stale at once, in every worker and on every host (core/versioning.py).
    It lives in the database, not the cache, because the local-memory cache is
    not shared between workers.
    """

    number = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self) -> str:
        return f"{self.number} ({self.changed_at:%Y-%m-%d %H:%M:%S})"


class ImportBatch(models.Model):
    """One CSV import as it was applied: who, when, which file, and enough to
    undo it (core/csvio/undo.py): every changed record's values before the
    import, in the export's format, the records it created, and each record's
    `updated_at` after it, by which a later change is recognised."""

    spec = models.CharField(_("kind of records"), max_length=40)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("imported at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_count = models.PositiveIntegerField(_("rows created"), default=0)
    changed_count = models.PositiveIntegerField(_("rows changed"), default=0)
    before = models.JSONField(default=dict, editable=False)
    created_keys = models.JSONField(default=list, editable=False)
    after = models.JSONField(default=dict, editable=False)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("CSV import")
        verbose_name_plural = _("CSV imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.spec} {self.created_at:%Y-%m-%d %H:%M} {self.file_name}"


class ImportJob(models.Model):
    """A CSV import's preview, or its writes, as one piece of work: run by the
    worker for a large file, within the request for a small one
    (core/csvio/jobs.py). Who started it, which file, how it ended; how far it
    got is kept beside the uploaded file while it runs."""

    class Phase(models.TextChoices):
        PREVIEW = "preview", _("preview")
        APPLY = "apply", _("import")

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    spec = models.CharField(_("kind of records"), max_length=40)
    phase = models.CharField(_("step"), max_length=10, choices=Phase)
    state = models.CharField(
        _("state"), max_length=10, choices=State, default=State.QUEUED
    )
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    # The uploaded file, kept in CSV_IMPORT_DIR (core/csvio/uploads.py).
    token = models.CharField(max_length=32, editable=False)
    overwrite = models.JSONField(default=list, editable=False)
    # The language of the person who started it: its messages are in it.
    language = models.CharField(max_length=10, editable=False)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    result = models.JSONField(null=True, editable=False)
    error = models.TextField(_("error"), blank=True)
    # A preview that was confirmed, cancelled or replaced by another upload.
    closed = models.CharField(max_length=20, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("CSV import job")
        verbose_name_plural = _("CSV import jobs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.spec} {self.phase} {self.created_at:%Y-%m-%d %H:%M}"


class ChangeState(models.TextChoices):
    DRAFT = "draft", _("Draft change")
    REVIEW = "review", _("Waiting for review")
    SENT_BACK = "sent_back", _("Sent back")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_CHANGE_STATES = [ChangeState.DRAFT, ChangeState.REVIEW, ChangeState.SENT_BACK]


class PendingChange(models.Model):
    """A change to a published record that the public does not see until a
    Publisher publishes it: the whole record as proposed, in both languages and
    with its relations (a snapshot: core/snapshots.py). One open change per
    record at a time (core/revisions.py)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    data = models.JSONField(_("proposed version"), editable=False)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=ChangeState,
        default=ChangeState.DRAFT,
        db_index=True,
    )
    reason = models.CharField(
        _("reason"),
        max_length=300,
        blank=True,
        help_text=_("Why the change was made, e.g. a restored version."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The change is published at this time."),
    )

    class Meta:
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id"], name="pending_change_record_idx"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(state__in=OPEN_CHANGE_STATES),
                name="one_open_change_per_record",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.content_type.model} #{self.object_id} ({self.get_state_display()})"
        )

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_CHANGE_STATES


class ReviewAction(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for review")
    SENT_BACK = "sent_back", _("Sent back")
    PUBLISHED = "published", _("Published")
    SCHEDULED = "scheduled", _("Scheduled")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    COMMENT = "comment", _("Comment")


class ReviewComment(models.Model):
    """One entry of a record's review thread: who did what, with their words."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    change = models.ForeignKey(
        PendingChange,
        verbose_name=_("pending change"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    action = models.CharField(_("action"), max_length=20, choices=ReviewAction)
    text = models.TextField(_("comment"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id"], name="review_comment_record_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.text[:50]}"
