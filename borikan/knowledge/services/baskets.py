"""The client's basket (SPEC S5 step 3-4): articles chosen, checked by the client, e-mailed."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, override

from borikan.contacts.identifiers import phone_try_parse
from borikan.contacts.models import Contact
from borikan.core.errors import DomainError, interpolate
from borikan.core.models import User
from borikan.core.services import audit_record
from borikan.core.tokens import secret_new
from borikan.interactions.models import Interaction
from borikan.knowledge.models import (
    Article,
    Audience,
    Basket,
    BasketItem,
    BasketStatus,
    Status,
)
from borikan.notifications.services import message_queue

MAX_ITEMS = 20
REF_KIND = "basket"


class BasketError(DomainError):
    code = "basket_invalid"


def _locked(basket: Basket) -> Basket:
    return Basket.objects.select_for_update().get(pk=basket.pk)


def _still_open(basket: Basket) -> None:
    if basket.status == BasketStatus.SENT:
        raise BasketError(
            _("This basket has been sent already: start a new one."), code="basket_sent"
        )


@transaction.atomic
def basket_open(*, by: User, contact: Contact | None = None, email: str = "") -> Basket:
    """A new, empty basket for a client (who may not be known yet)."""
    basket = Basket.objects.create(
        contact=contact,
        email=(email or (contact.email if contact is not None else "")).strip(),
        created_by=by,
        office=by.office,
    )
    return basket


@transaction.atomic
def basket_add(*, basket: Basket, article: Article, by: User) -> Basket:
    """Put a published public article in the basket; the client must check it again."""
    basket = _locked(basket)
    _still_open(basket)
    if article.status != Status.PUBLISHED or article.audience != Audience.PUBLIC:
        raise BasketError(
            _("Only published articles for the public can be sent to a client."),
            code="article_not_public",
        )
    if basket.items.filter(article=article).exists():
        return basket
    if basket.items.count() >= MAX_ITEMS:
        raise BasketError(
            interpolate(_("A basket holds at most %(count)s articles."), count=MAX_ITEMS),
            code="basket_full",
        )
    BasketItem.objects.create(basket=basket, article=article)
    if basket.status == BasketStatus.CONFIRMED:
        basket.status, basket.confirmed_at = BasketStatus.OPEN, None
        basket.save(update_fields=["status", "confirmed_at"])
    return basket


@transaction.atomic
def basket_remove(*, basket: Basket, article_id: int, by: User) -> Basket:
    """Take an article out of the basket; the client must check it again."""
    basket = _locked(basket)
    _still_open(basket)
    deleted, _by_model = basket.items.filter(article_id=article_id).delete()
    if deleted and basket.status == BasketStatus.CONFIRMED:
        basket.status, basket.confirmed_at = BasketStatus.OPEN, None
        basket.save(update_fields=["status", "confirmed_at"])
    return basket


@transaction.atomic
def basket_confirm(*, basket: Basket, item_count: int) -> Basket:
    """The client has read the basket on screen and agrees it is what they want sent.

    item_count is how many articles the client saw: if the agent changed the basket meanwhile,
    the client is asked to check again rather than confirm something else.
    """
    basket = _locked(basket)
    _still_open(basket)
    count = basket.items.count()
    if count == 0:
        raise BasketError(_("The basket is empty."), code="basket_empty")
    if item_count != count:
        raise BasketError(
            _("The basket changed while you were reading it: please check it again."),
            code="basket_changed",
            status=409,
        )
    if basket.status == BasketStatus.OPEN:
        basket.status, basket.confirmed_at = BasketStatus.CONFIRMED, timezone.now()
        basket.save(update_fields=["status", "confirmed_at"])
    return basket


def _email_checked(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise BasketError(
            _("Type the client's e-mail address, e.g. name@example.com."), code="bad_email"
        ) from None
    return email


@transaction.atomic
def basket_send(*, basket: Basket, by: User, email: str = "") -> Basket:
    """E-mail the checked basket to the client through the outbox (sent after commit, retried)."""
    basket = _locked(basket)
    _still_open(basket)
    items = list(basket.items.select_related("article__agency"))
    if not items:
        raise BasketError(_("The basket is empty."), code="basket_empty")
    if basket.status != BasketStatus.CONFIRMED:
        raise BasketError(
            _("The client has not checked the basket yet: show it to them first."),
            code="basket_unchecked",
        )
    basket.email = _email_checked(email or basket.email)
    articles = [item.article for item in items]
    language = (
        "en" if basket.contact is not None and basket.contact.preferred_language == "en" else "th"
    )
    with override(language):
        context = {"articles": articles, "basket": basket, "site_url": settings.SITE_URL}
        subject = ngettext(
            "Information from the Ministry of Commerce: %(count)d article",
            "Information from the Ministry of Commerce: %(count)d articles",
            len(articles),
        ) % {"count": len(articles)}
        body = render_to_string("knowledge/email/basket.txt", context)
        html = render_to_string("knowledge/email/basket.html", context)
    message = message_queue(
        channel="email",
        recipient=basket.email,
        subject=subject,
        body=body,
        html=html,
        dedupe_key=f"basket:{basket.pk}",
        ref_kind=REF_KIND,
        ref_id=str(basket.pk),
    )
    basket.status, basket.sent_at = BasketStatus.SENT, timezone.now()
    basket.message_id = message.pk if message is not None else None
    basket.save(update_fields=["email", "status", "sent_at", "message_id"])
    audit_record(
        actor=by,
        action="basket.send",
        obj=basket,
        contact_id=basket.contact_id,
        changes={"articles": [a.pk for a in articles], "email": basket.email},
    )
    return basket


@transaction.atomic
def basket_send_link(*, basket: Basket, by: User, phone: str) -> Basket:
    """Send the client an SMS with a link to check the basket on their own phone."""
    basket = _locked(basket)
    _still_open(basket)
    parsed = phone_try_parse(phone)
    if parsed is None or parsed.kind != "mobile" or not parsed.value.startswith("+66"):
        raise BasketError(
            _("Type the client's mobile number, e.g. 081 234 5678."), code="bad_phone"
        )
    token, token_hash = secret_new("b")
    basket.token_hash = token_hash
    basket.save(update_fields=["token_hash"])
    with override("th"):
        body = interpolate(
            _("Please check the information we will e-mail you: %(url)s"),
            url=f"{settings.SITE_URL}/b/{token}/",
        )
        text = str(body)
    message_queue(
        channel="sms",
        recipient=parsed.value,
        subject="",
        body=text,
        ref_kind=REF_KIND,
        ref_id=str(basket.pk),
    )
    audit_record(actor=by, action="basket.link", obj=basket, contact_id=basket.contact_id)
    return basket


@transaction.atomic
def basket_link_interaction(*, basket: Basket, interaction: Interaction) -> None:
    """Record the basket on the service log entry it belongs to (and its client, if unknown)."""
    basket = _locked(basket)
    basket.interaction = interaction
    fields = ["interaction"]
    if basket.contact_id is None and interaction.contact_id is not None:
        basket.contact_id = interaction.contact_id
        fields.append("contact")
    basket.save(update_fields=fields)


def baskets_repoint_contact(source_id: int, target_id: int) -> None:
    """Merge handler: the duplicate contact's baskets now belong to the one kept."""
    Basket.objects.filter(contact_id=source_id).update(contact_id=target_id)
