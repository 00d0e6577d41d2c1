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
