"""Demo builder: one account per role, with Thai and English names and consent on record.

Accounts that already exist are left alone (no password reset, no group change), so a
second run changes nothing. New accounts get ``settings.DEMO_PASSWORD`` only on a
developer's machine (``shown_demo_password``); anywhere else they get a random password
that is never shown: use the password reset to sign in.
"""

import secrets

from django.conf import settings
from django.contrib.auth.models import Group

from home.models import PrivacyNoticePage
from lms import roles
from lms.demo import DemoLogin
from lms.models import ConsentRecord, LearnerType, User

DEMO_USERS = (
    {
        "key": "admin",
        "role": "Administrator",
        "group": roles.ADMINISTRATORS,
        "superuser": True,
        "email": "admin@demo.go.th",
        "name_prefix": "นาย",
        "first_name": "ธนากร",
        "last_name": "ศรีสวัสดิ์",
        "first_name_en": "Thanakorn",
        "last_name_en": "Srisawat",
        "learner_type": LearnerType.CIVIL_SERVANT,
        "agency": "OCSC",
        "position": "นักวิชาการคอมพิวเตอร์ชำนาญการ",
    },
    {
        "key": "instructor",
        "role": "Instructor",
        "group": roles.INSTRUCTORS,
        "email": "instructor@demo.go.th",
        "name_prefix": "ดร.",
        "first_name": "วิภาวรรณ",
        "last_name": "ทองดี",
        "first_name_en": "Wipawan",
        "last_name_en": "Thongdee",
        "learner_type": LearnerType.CIVIL_SERVANT,
        "agency": "CSDI",
        "position": "นักทรัพยากรบุคคลชำนาญการพิเศษ",
    },
    {
        "key": "officer",
        "role": "Training officer",
        "group": roles.TRAINING_OFFICERS,
        "email": "officer@demo.go.th",
        "name_prefix": "นางสาว",
        "first_name": "ปิยะนุช",
        "last_name": "แก้วมณี",
        "first_name_en": "Piyanuch",
        "last_name_en": "Kaewmanee",
        "learner_type": LearnerType.CIVIL_SERVANT,
        "agency": "OCSC",
        "position": "นักทรัพยากรบุคคลชำนาญการ",
    },
    {
        "key": "learner",
        "role": "Civil servant",
        "group": None,
        "email": "learner@demo.go.th",
        "name_prefix": "นาย",
        "first_name": "สมชาย",
        "last_name": "ใจดี",
        "first_name_en": "Somchai",
        "last_name_en": "Jaidee",
        "learner_type": LearnerType.CIVIL_SERVANT,
        "agency": "CGD",
        "position": "นักวิชาการเงินและบัญชีปฏิบัติการ",
    },
    {
        "key": "citizen",
        "role": "Citizen",
        "group": None,
        "email": "citizen@demo.go.th",
        "name_prefix": "นาง",
        "first_name": "มาลี",
        "last_name": "รักไทย",
        "first_name_en": "Malee",
        "last_name_en": "Rakthai",
        "learner_type": LearnerType.CITIZEN,
        "agency": None,
        "position": "",
    },
)

PROFILE_FIELDS = ("name_prefix", "first_name", "last_name", "first_name_en", "last_name_en", "learner_type", "position")


LOCAL_HOSTS = ("", "localhost", "127.0.0.1", "::1")


def database_is_local(database):
    """True for a database settings dict of SQLite or of a server on this machine.

    An empty host or a path (``/var/run/postgresql``) means a Unix socket.
    """
    if "sqlite" in database.get("ENGINE", ""):
        return True
    host = str(database.get("HOST") or "")
    return host in LOCAL_HOSTS or host.startswith("/")


def shown_demo_password():
    """``settings.DEMO_PASSWORD`` where a known password is safe, else None.

    Only with ``DEBUG`` on and the default database on this machine (SQLite, localhost or
    a socket): a developer's copy, never a shared server even if it runs with ``DEBUG``.
    """
    password = getattr(settings, "DEMO_PASSWORD", None)
    if password and settings.DEBUG and database_is_local(settings.DATABASES["default"]):
        return password
    return None


def demo_password():
    """The password new demo accounts get: the development one (``shown_demo_password``) or a random one."""
    return shown_demo_password() or secrets.token_urlsafe(24)


def build_users(demo):
    """Create the missing demo accounts; put every demo account on ``demo.users`` by role key."""
    notice = demo.pages.get("privacy") or PrivacyNoticePage.current()
    existing = {user.email: user for user in User.objects.filter(email__in=[row["email"] for row in DEMO_USERS])}
    for row in DEMO_USERS:
        user = existing.get(row["email"])
        created = user is None
        if created:
            user = create_demo_user(demo, row, notice)
            demo.changed(f"created the account {user.email}")
        demo.users[row["key"]] = user
        demo.logins.append(DemoLogin(email=user.email, role=row["role"], created=created))
    return demo.users


def create_demo_user(demo, row, notice):
    """One demo account with its role group and its consent to the current privacy notice."""
    profile = {name: row[name] for name in PROFILE_FIELDS}
    agency = demo.agencies.get(row["agency"]) if row["agency"] else None
    create = User.objects.create_superuser if row.get("superuser") else User.objects.create_user
    user = create(
        email=row["email"],
        password=demo_password(),
        email_verified=True,
        agency=agency,
        **profile,
    )
    if row["group"]:
        group, _created = Group.objects.get_or_create(name=row["group"])
        user.groups.add(group)
    if notice is not None:
        ConsentRecord.objects.get_or_create(user=user, version=notice.version, defaults={"notice": notice})
    return user
