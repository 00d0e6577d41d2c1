"""Every write of the customers app: profiles, notes and audited views of personal data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kefu.core.audit import record_audit
from kefu.core.concurrency import save_if_current
from kefu.core.errors import Conflict, InvalidInput
from kefu.core.events import record_event
from kefu.core.models import Channel, Team, User
from kefu.core.permissions import require
from kefu.customers.contacts import normalise_email, normalise_phone
from kefu.customers.masking import raw_value, revealable_fields
from kefu.customers.models import Customer, Gender, MemberLevel, Note, Tag

TEXT_FIELDS = {
    "name": 100,
    "province": 20,
    "city": 30,
    "wechat_id": 50,
    "address": 200,
    "preferences": 2000,
}
CHOICES = {"gender": Gender, "member_level": MemberLevel, "source_channel": Channel}
PROFILE_FIELDS = (
    *TEXT_FIELDS,
    *CHOICES,
    "birthday",
    "phone",
    "alt_phone",
    "email",
    "marketing_consent",
    "owner_id",
    "team_id",
    "tags",
)
NOTE_MAX = 5000


# --- checking input -----------------------------------------------------------------------


def _clean_text(field: str, value: Any) -> str:
    text = "" if value is None else str(value).strip()
    if field == "name" and not text:
        raise InvalidInput(
            "name_required", _("Enter the customer's name."), {"name": _("This field is required.")}
        )
    if len(text) > TEXT_FIELDS[field]:
        raise InvalidInput(
            "too_long",
            _("The text is too long."),
            {field: _("At most %(n)s characters.") % {"n": TEXT_FIELDS[field]}},
        )
    return text


def _clean_choice(field: str, value: Any) -> str:
    if value not in CHOICES[field].values:
        raise InvalidInput(
            "invalid_choice",
            _("Choose one of the listed values."),
            {field: _("Not one of the choices.")},
        )
    return str(value)


def _clean_birthday(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, date) or not date(1900, 1, 1) <= value <= timezone.localdate():
        raise InvalidInput(
            "invalid_birthday",
            _("The birthday is not a valid past date."),
            {"birthday": _("Enter a past date, e.g. 1990-05-12.")},
        )
    return value


def _clean_user(field: str, value: Any) -> int | None:
    if value in (None, ""):
        return None
    model = User if field == "owner_id" else Team
    if not model.objects.filter(pk=value).exists():
        raise InvalidInput("unknown_" + field, _("No such user or team."), {field: _("Not found.")})
    return int(value)


def _clean_field(field: str, value: Any) -> Any:  # noqa: PLR0911 - one branch per kind
    if field in TEXT_FIELDS:
        return _clean_text(field, value)
    if field in CHOICES:
        return _clean_choice(field, value)
    if field in ("phone", "alt_phone"):
        return normalise_phone(str(value or ""), field=field)
    if field == "email":
        return normalise_email(str(value or ""))
    if field == "birthday":
        return _clean_birthday(value)
    if field in ("owner_id", "team_id"):
        return _clean_user(field, value)
    if field == "marketing_consent":
        return bool(value)
    return sorted({str(t).strip()[:40] for t in value or [] if str(t).strip()})  # tags


def clean_profile(data: Mapping[str, Any]) -> dict[str, Any]:
    """Check and normalise profile fields; every bad field is reported at once."""
    unknown = sorted(set(data) - set(PROFILE_FIELDS))
    if unknown:
        raise InvalidInput(
            "unknown_field",
            _("These fields cannot be set: %(f)s") % {"f": ", ".join(unknown)},
            dict.fromkeys(unknown, _("unknown")),
        )
    cleaned: dict[str, Any] = {}
    errors: list[InvalidInput] = []
    for field, value in data.items():
        try:
            cleaned[field] = _clean_field(field, value)
        except InvalidInput as exc:
            errors.append(exc)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        fields = {k: v for exc in errors for k, v in exc.fields.items()}
        raise InvalidInput("invalid_customer", _("Some fields are not valid."), fields)
    return cleaned


def _refuse_duplicates(values: Mapping[str, Any], *, exclude: int | None = None) -> None:
    """A phone or email belongs to one customer: refuse it on another (409 names the owner)."""
    checks = [
        (f, Q(phone=values[f]) | Q(alt_phone=values[f]))
        for f in ("phone", "alt_phone")
        if values.get(f)
    ]
    if values.get("email"):
        checks.append(("email", Q(email=values["email"])))
    for field, condition in checks:
        other = Customer.objects.filter(condition).exclude(pk=exclude).values_list("pk", flat=True)
        existing = other.first()
        if existing is not None:
            raise Conflict(
                "duplicate_customer",
                _("This phone number or email already belongs to customer #%(id)s.")
                % {"id": existing},
                {field: _("Already in use."), "existing_customer_id": str(existing)},
            )


# --- profiles --------------------------------------------------------------------------


def create_customer(*, actor: User | None, data: Mapping[str, Any]) -> Customer:
    """Create a customer profile, owned by the creating agent unless a supervisor says otherwise.

    Phone numbers are stored in E.164, emails lower-cased; a phone or email that already
    belongs to another customer is refused (409 naming that customer). ``actor`` None is the
    trusted command line. Implements C-01.
    """
    if actor is not None:
        require(actor, "customer.create")
    values = clean_profile(data)
    if "name" not in values:
        raise InvalidInput(
            "name_required", _("Enter the customer's name."), {"name": _("This field is required.")}
        )
    assigning = {"owner_id", "team_id"} & set(values)
    if actor is not None and assigning:
        require(actor, "customer.assign")
    if actor is not None and not assigning:
        values.update(owner_id=actor.pk, team_id=actor.team_id)
    tags = values.pop("tags", [])
    if values.get("marketing_consent"):
        values["marketing_consent_at"] = timezone.now()
    with transaction.atomic():
        _refuse_duplicates(values)
        try:
            with transaction.atomic():
                customer = Customer.objects.create(**values)
        except IntegrityError:
            _refuse_duplicates(values)  # a concurrent create won the race
            raise
        _set_tags(customer, tags)
        record_audit(actor=actor, action="customer.created", subject=customer)
        record_event(
            "customer.created",
            subject=customer,
            actor=actor,
            customer_id=customer.pk,
            payload={"source_channel": customer.source_channel},
        )
    return customer


def update_customer(
    *, actor: User, customer: Customer, version: int | None, changes: Mapping[str, Any]
) -> Customer:
    """Change profile fields, only if nobody saved the customer since ``version`` was read.

    A stale version is refused with 409 and nothing is written; owner and team are changed
    only by supervisors. The audit line and event name the fields, never their values.
    Implements C-01.
    """
    require(actor, "customer.update", customer)
    values = clean_profile(changes)
    if {"owner_id", "team_id"} & set(values):
        require(actor, "customer.assign")
    tags = values.pop("tags", None)
    changed = [f for f, v in values.items() if getattr(customer, f) != v]
    if "marketing_consent" in changed:
        values["marketing_consent_at"] = timezone.now()
        changed.append("marketing_consent_at")
    if tags is not None and tags != sorted(customer.tags.values_list("name", flat=True)):
        changed.append("tags")
    with transaction.atomic():
        _refuse_duplicates({f: values[f] for f in changed if f in values}, exclude=customer.pk)
        for field in changed:
            if field in values:
                setattr(customer, field, values[field])
        customer.updated_at = timezone.now()
        fields = [f for f in changed if f != "tags"]
        try:
            with transaction.atomic():
                save_if_current(customer, version, [*fields, "updated_at"])
        except IntegrityError:
            _refuse_duplicates(values, exclude=customer.pk)
            raise
        if not changed:
            return customer
        if "tags" in changed:
            _set_tags(customer, tags or [])
        record_audit(
            actor=actor,
            action="customer.updated",
            subject=customer,
            data={"fields": sorted(changed)},
        )
        record_event(
            "customer.updated",
            subject=customer,
            actor=actor,
            customer_id=customer.pk,
            payload={"fields": sorted(changed)},
        )
    return customer


def _set_tags(customer: Customer, names: Sequence[str]) -> None:
    customer.tags.set([Tag.objects.get_or_create(name=name)[0] for name in names])


def match_or_create_customer(
    *,
    actor: User | None,
    name: str,
    phone: str = "",
    email: str = "",
    source_channel: str = Channel.WEB,
) -> tuple[Customer, bool]:
    """The customer with this phone (or email), else a new one: how imports find customers.

    A phone and an email that belong to two different customers are refused. Implements C-02
    matching, used by the order import (O-02).
    """
    phone = normalise_phone(phone)
    email = normalise_email(email)
    by_phone = (
        Customer.objects.filter(Q(phone=phone) | Q(alt_phone=phone)).first() if phone else None
    )
    by_email = Customer.objects.filter(email=email).first() if email else None
    if by_phone and by_email and by_phone.pk != by_email.pk:
        raise Conflict(
            "phone_email_mismatch",
            _("The phone number and the email belong to two different customers."),
            {"phone": str(by_phone.pk), "email": str(by_email.pk)},
        )
    found = by_phone or by_email
    if found is not None:
        return found, False
    # New customers wait unassigned until a supervisor distributes them (004 §一 3, C-03).
    data = {
        "name": name,
        "phone": phone,
        "email": email,
        "source_channel": source_channel,
        "owner_id": None,
        "team_id": None,
    }
    return create_customer(actor=actor, data=data), True


# --- notes and personal data ---------------------------------------------------------------


@transaction.atomic
def add_note(*, actor: User, customer: Customer, text: str) -> Note:
    """Keep a note on the customer; it appears on the 360 timeline. Implements C-04."""
    require(actor, "customer.note", customer)
    text = (text or "").strip()
    if not text or len(text) > NOTE_MAX:
        raise InvalidInput(
            "note_text",
            _("Write a note of 1 to %(n)s characters.") % {"n": NOTE_MAX},
            {"text": _("Write a note of 1 to %(n)s characters.") % {"n": NOTE_MAX}},
        )
    note = Note.objects.create(customer=customer, author=actor, text=text)
    record_event(
        "note.added",
        subject=note,
        actor=actor,
        customer_id=customer.pk,
        payload={"note_id": note.pk},
    )
    return note


@transaction.atomic
def reveal_personal_data(
    *, actor: User, customer: Customer, fields: Sequence[str], request: HttpRequest | None = None
) -> dict[str, str]:
    """The full values of ``fields``, after an audit line naming the fields (never the values).

    Refused (and nothing audited) for roles that do not need personal data, such as tech
    support. Implements C-05.
    """
    require(actor, "customer.view_personal", customer)
    allowed = revealable_fields()
    wanted = list(dict.fromkeys(fields))
    unknown = [f for f in wanted if f not in allowed]
    if not wanted or unknown:
        raise InvalidInput(
            "reveal_fields",
            _("Choose which of these to show: %(f)s") % {"f": ", ".join(allowed)},
            {"fields": ", ".join(unknown) or _("This field is required.")},
        )
    record_audit(
        actor=actor,
        action="customer.personal_viewed",
        subject=customer,
        data={"fields": wanted},
        request=request,
    )
    return {f: raw_value(customer, f) for f in wanted}
