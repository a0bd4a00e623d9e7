"""Demo staff: one sign-in per role, so every page can be tried. Idempotent."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from borikan.core.models import Agency, Office, Role, User

DEMO_PASSWORD = "borikan-demo"


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
        if User.objects.filter(username=demo.username).exists():
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
    return {"staff created": created, "staff total": len(DEMO_USERS)}


def logins() -> list[tuple[str, str, str]]:
    """(username, password, role) of every demo account, for `make run` to print."""
    return [(d.username, DEMO_PASSWORD, str(d.role.label)) for d in DEMO_USERS]
