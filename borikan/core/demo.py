"""Demo staff: one sign-in per role, so every page can be tried. Idempotent."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from borikan.core.models import Agency, Office, Role, User
from borikan.core.twofactor import DEMO_DEVICE

DEMO_PASSWORD = "borikan-demo"
# The demo administrator's authenticator key (administrators must give a code after their
# password): the same on every demo install, so `borikan otp-code admin` or any authenticator
# app can give the codes. Never used outside the demo device.
DEMO_TOTP_KEY = "3132303331313639424f52494b414e44454d4f21"  # hex of "12031169BORIKANDEMO!"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    office: str | None = None
    agency: str | None = None
    extension: str = ""


DEMO_USERS = (
    DemoUser("agent", "สมหญิง", "รักบริการ", Role.AGENT, office="MOC", extension="1001"),
    DemoUser("agent2", "ธนากร", "ใส่ใจ", Role.AGENT, office="MOC", extension="1002"),
    DemoUser("counter", "วิภาวดี", "ยิ้มแย้ม", Role.COUNTER, office="MOC"),
    DemoUser("provincial.cmi", "ปรีชา", "เชียงใหม่ดี", Role.PROVINCIAL, office="PCO-CMI"),
    DemoUser("provincial.kkn", "อรุณี", "ขอนแก่นงาม", Role.PROVINCIAL, office="PCO-KKN"),
    DemoUser("officer.dit", "ชัยวัฒน์", "ค้าภายใน", Role.OFFICER, agency="DIT"),
    DemoUser("officer.dip", "กมลชนก", "ทรัพย์ปัญญา", Role.OFFICER, agency="DIP"),
    DemoUser("officer.dbd", "ธนพล", "พัฒนาธุรกิจ", Role.OFFICER, agency="DBD"),
    DemoUser("director", "ประเสริฐ", "กองกลาง", Role.DIRECTOR, agency="CAD"),
    DemoUser("supervisor", "นันทนา", "ดูแลดี", Role.SUPERVISOR, office="MOC"),
    DemoUser("admin", "ผู้ดูแล", "ระบบ", Role.ADMIN),
)


@transaction.atomic
def load() -> dict[str, int]:
    """Creates the demo staff that are missing; never changes an existing account."""
    created = 0
    for demo in DEMO_USERS:
        existing = User.objects.filter(username=demo.username).first()
        if existing is not None:
            if demo.role == Role.ADMIN:
                _demo_authenticator(existing)
            continue
        user = User(
            username=demo.username,
            first_name=demo.first_name,
            last_name=demo.last_name,
            role=demo.role,
            office=Office.objects.get(code=demo.office) if demo.office else None,
            agency=Agency.objects.get(code=demo.agency) if demo.agency else None,
            extension=demo.extension,
            email=f"{demo.username}@demo.borikan.local",
            is_staff=demo.role == Role.ADMIN,
            is_superuser=demo.role == Role.ADMIN,
        )
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
        created += 1
        if demo.role == Role.ADMIN:
            _demo_authenticator(user)
    return {"staff created": created, "staff total": len(DEMO_USERS)}


def _demo_authenticator(user: User) -> None:
    if not TOTPDevice.objects.filter(user=user).exists():
        TOTPDevice.objects.create(user=user, name=DEMO_DEVICE, key=DEMO_TOTP_KEY)


def demo_totp_key_base32() -> str:
    import base64

    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode().rstrip("=")


def logins() -> list[tuple[str, str, str]]:
    """(username, password, role) of every demo account, for `make run` to print."""
    return [(d.username, DEMO_PASSWORD, str(d.role.label)) for d in DEMO_USERS]
