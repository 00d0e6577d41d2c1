"""Customer profiles (C-01) and the notes agents keep on them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kefu.core.models import Channel, Team, User


class Gender(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class MemberLevel(models.TextChoices):
    NONE = "none", _("Not a member")
    REGULAR = "regular", _("Member")
    SILVER = "silver", _("Silver member")
    GOLD = "gold", _("Gold member")
    DIAMOND = "diamond", _("Diamond member")


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Customer(models.Model):
    """A consumer the shop serves. Personal fields are declared in apps.py (C-05)."""

    name = models.CharField(_("name"), max_length=100)
    # The customer's number in the shop's other systems; daily imports match on it (C-02).
    external_id = models.CharField(_("external ID"), max_length=64, blank=True)
    language = models.CharField(
        _("language"), max_length=10, blank=True, help_text=_("e.g. zh-hans, en, yue")
    )
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN
    )
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    province = models.CharField(_("province"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=30, blank=True)
    phone = models.CharField(
        _("mobile phone"), max_length=20, blank=True, help_text=_("E.164, e.g. +8613812345678")
    )
    alt_phone = models.CharField(_("other phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    wechat_id = models.CharField(_("WeChat ID"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    member_level = models.CharField(
        _("member level"), max_length=10, choices=MemberLevel.choices, default=MemberLevel.NONE
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="customers")
    preferences = models.TextField(_("preferences"), blank=True)
    source_channel = models.CharField(
        _("source channel"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    marketing_consent = models.BooleanField(_("agrees to marketing"), default=False)
    marketing_consent_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    owner = models.ForeignKey(
        User,
        verbose_name=_("owning agent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customers",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customers",
    )
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    last_contacted_at = models.DateTimeField(_("last contacted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    # Optimistic lock: every update states the version it read; a stale one is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["alt_phone"], name="customer_alt_phone", condition=~Q(alt_phone="")
            ),
            models.Index(fields=["owner", "-created_at"]),
            models.Index(fields=["team", "-created_at"]),
            models.Index(fields=["member_level", "-created_at"], name="customer_level_created"),
        ]
        # One customer per phone and per email: imports and intake match on them (C-02).
        constraints = [
            models.UniqueConstraint(
                fields=["phone"], name="customer_phone_unique", condition=~Q(phone="")
            ),
            models.UniqueConstraint(
                fields=["email"], name="customer_email_unique", condition=~Q(email="")
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                name="customer_external_id_unique",
                condition=~Q(external_id=""),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Note(models.Model):
    """A free note an agent keeps on a customer; shown on the 360 timeline."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["customer", "-created_at"], name="note_customer_created")]


class ImportMode(models.TextChoices):
    PREVIEW = "preview", _("Preview only (nothing is written)")
    GOOD_ROWS = "good_rows", _("Import the good rows, report the bad ones")
    ALL_OR_NOTHING = "all_or_nothing", _("Import only if every row is good")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused, nothing imported")
    FAILED = "failed", _("Failed")


class CustomerImport(models.Model):
    """One run of the daily customer import (C-02): its file, progress and outcome counts."""

    class Source(models.TextChoices):
        UPLOAD = "upload", _("Uploaded on the page")
        DROP = "drop", _("Drop folder")
        COMMAND = "command", _("Command line")

    filename = models.CharField(_("file"), max_length=200)
    path = models.CharField(_("stored file"), max_length=500, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    mode = models.CharField(_("mode"), max_length=16, choices=ImportMode.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    # Bytes of a CSV, rows of a worksheet; an all-or-nothing run counts its file twice.
    progress_total = models.PositiveBigIntegerField(default=0)
    progress_done = models.PositiveBigIntegerField(default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    failed = models.PositiveIntegerField(_("rows with errors"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("customer import")
        verbose_name_plural = _("customer imports")
        ordering = ["-created_at", "-id"]

    @property
    def percent(self) -> int:
        if self.status in (ImportStatus.DONE, ImportStatus.REFUSED):
            return 100
        if not self.progress_total:
            return 0
        return min(99, self.progress_done * 100 // self.progress_total)


class ImportRowError(models.Model):
    """One bad cell or row of an import, as the report shows it: row number, column, message."""

    run = models.ForeignKey(CustomerImport, on_delete=models.CASCADE, related_name="row_errors")
    row = models.PositiveIntegerField(_("row"))
    column = models.CharField(_("column"), max_length=60, blank=True)
    message = models.CharField(_("message"), max_length=300)

    class Meta:
        ordering = ["row", "id"]


class SavedFilter(models.Model):
    """A supervisor's named customer filter: member level, value, region, product (C-03)."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    criteria = models.JSONField(_("criteria"), default=dict)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SkillKind(models.TextChoices):
    PRODUCT = "product", _("Product (SKU)")
    CATEGORY = "category", _("Product category")
    LANGUAGE = "language", _("Language")


class AgentSkill(models.Model):
    """What an agent knows well; distribution prefers agents whose skills fit the customer."""

    agent = models.ForeignKey(User, on_delete=models.CASCADE, related_name="customer_skills")
    kind = models.CharField(_("kind"), max_length=10, choices=SkillKind.choices)
    value = models.CharField(_("value"), max_length=60)

    class Meta:
        verbose_name = _("agent skill")
        verbose_name_plural = _("agent skills")
        constraints = [
            models.UniqueConstraint(fields=["agent", "kind", "value"], name="agent_skill_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class RetentionPolicy(models.Model):
    """How long an inactive customer's data is kept before it is erased (C-05); one row."""

    enabled = models.BooleanField(_("erase inactive customers"), default=False)
    inactive_months = models.PositiveSmallIntegerField(_("months without activity"), default=36)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policy")
        constraints = [
            models.CheckConstraint(
                condition=Q(inactive_months__gte=1), name="retention_months_positive"
            )
        ]
