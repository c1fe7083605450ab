"""Demo builder for seminars: seven Thai seminars under ``/seminars/`` with their sessions and registrations.

Listed in ``lms.demo.BUILDERS`` after the courses and the library, so seminars can point
at the demo courses and library items they relate to. The seminars show each case the
seminar pages handle:

- a past seminar on site whose attendees checked in or were marked by the organiser,
  with credited hours and certificates of attendance, and its handout and slides (PDFs
  drawn here at load time, the slides for attendees only);
- a past workshop without a certificate that the demo learner attended (their hours);
- an upcoming workshop on site, for civil servants, with a cancellation deadline;
- an online seminar for everyone (the meeting link is shown to confirmed registrants);
- a full workshop with a waitlist: one registrant cancelled and the first on the
  waitlist got the seat; the demo learner waits;
- a seminar that needs the training officer's approval: one request approved, one
  declined with a reason, one pending for the demo training officer;
- a hybrid seminar with two sessions.

Dates are set relative to the day the demo is loaded, when a seminar is made; later runs
do not move them. Registrations, cancellations, approvals and attendance go through
``courses.services.seminars`` with the time they would have happened, and e-mail none of
the made-up people (``courses.seminar_notifications.emails_muted``). The people besides the demo accounts are
civil servants of the demo agencies (accounts made like the demo accounts, not printed).

Like every demo builder it creates what is missing and leaves what exists alone: a
seminar found by its slug under ``/seminars/`` is not touched (an editor may have changed
it), a person with any registration in a session is not registered there again, a file
is found by its title and a drawn cover by its title. So a second ``load_demo`` adds no
rows and no page revisions.
"""

import datetime
from decimal import Decimal
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from home.models import PrivacyNoticePage
from lms.demo.content import ADDRESS, ORGANISATION_EN, ORGANISATION_TH
from lms.demo.users import create_demo_user
from lms.models import LearnerType, User
from lms.pdf import ThaiPDF
from lms.thai import format_date

from .demo import draw_cover
from .models import (
    Audience,
    Registration,
    SeminarAgendaItem,
    SeminarFormat,
    SeminarMaterial,
    SeminarPage,
    SeminarSession,
    SeminarSpeaker,
)
from .seminar_notifications import emails_muted
from .services.seminars import (
    SeminarError,
    approve,
    cancel_registration,
    check_in,
    decline,
    mark_attended,
    register,
)

DEMO_NOTE = "(ข้อมูลสมมติเพื่อการสาธิต)"

# --- The people

# Civil servants and state-enterprise staff of the demo agencies who register for the demo
# seminars, in the row format of ``lms.demo.users.DEMO_USERS``. Two work at OCSC and one at
# CSDI (under OCSC), where the demo training officer decides on approvals.
ATTENDEES = (
    ("pornthip", "นางสาว", "พรทิพย์", "วงศ์สวัสดิ์", "Pornthip", "Wongsawat", "OCSC", "นักทรัพยากรบุคคลปฏิบัติการ"),
    ("kittipong", "นาย", "กิตติพงษ์", "ศรีสุข", "Kittipong", "Srisuk", "OCSC", "นักวิเคราะห์นโยบายและแผนชำนาญการ"),
    ("supansa", "นางสาว", "สุพรรษา", "มีสุข", "Supansa", "Meesuk", "CSDI", "นักทรัพยากรบุคคลชำนาญการ"),
    ("anucha", "นาย", "อนุชา", "บุญมา", "Anucha", "Boonma", "NSO", "นักวิชาการสถิติชำนาญการ"),
    ("jiraporn", "นาง", "จิราพร", "แสงทอง", "Jiraporn", "Saengthong", "RD", "นักวิชาการภาษีชำนาญการ"),
    ("thanawat", "นาย", "ธนวัฒน์", "พึ่งบุญ", "Thanawat", "Phuengboon", "DOPA", "เจ้าพนักงานปกครองปฏิบัติการ"),
    ("wanida", "นางสาว", "วนิดา", "ชัยมงคล", "Wanida", "Chaimongkol", "DDC", "นักวิชาการสาธารณสุขชำนาญการ"),
    ("prasert", "นาย", "ประเสริฐ", "ทองคำ", "Prasert", "Thongkham", "OBEC", "นักวิชาการคอมพิวเตอร์ปฏิบัติการ"),
    ("nattaya", "นาง", "ณัฐยา", "รุ่งเรือง", "Nattaya", "Rungruang", "DSD", "นักวิชาการพัฒนาฝีมือแรงงานชำนาญการ"),
    ("sakchai", "นาย", "ศักดิ์ชัย", "อินทร์แก้ว", "Sakchai", "Inkaew", "MEA", "วิศวกรระดับ 6"),
    ("ratchanee", "นางสาว", "รัชนี", "คำแก้ว", "Ratchanee", "Khamkaew", "LPDI", "นักทรัพยากรบุคคลปฏิบัติการ"),
    ("worawut", "นาย", "วรวุฒิ", "จันทร์เพ็ญ", "Worawut", "Chanphen", "CGD", "นักวิชาการคลังชำนาญการ"),
)  # fmt: skip
STATE_ENTERPRISES = ("MEA", "MWA")


def attendee_rows():
    """The ``ATTENDEES`` as rows for ``lms.demo.users.create_demo_user``."""
    return [
        {
            "key": f"attendee:{key}",
            "role": "Seminar attendee",
            "group": None,
            "email": f"{key}@demo.go.th",
            "name_prefix": prefix,
            "first_name": first,
            "last_name": last,
            "first_name_en": first_en,
            "last_name_en": last_en,
            "learner_type": LearnerType.STATE_ENTERPRISE if agency in STATE_ENTERPRISES else LearnerType.CIVIL_SERVANT,
            "agency": agency,
            "position": position,
        }
        for key, prefix, first, last, first_en, last_en, agency, position in ATTENDEES
    ]


def attendee_emails():
    return [row["email"] for row in attendee_rows()]


# --- The seminars

VENUE_HALL = {
    "venue_name": "ห้องประชุมใหญ่ ชั้น 3 อาคารศูนย์การเรียนรู้ภาครัฐ (ตัวอย่าง)",
    "venue_address": ADDRESS,
    "map_url": "https://www.openstreetmap.org/?mlat=13.8834&mlon=100.5660#map=17/13.8834/100.5660",
}
VENUE_LAB = {
    "venue_name": "ห้องปฏิบัติการคอมพิวเตอร์ 2 ชั้น 5 อาคารศูนย์การเรียนรู้ภาครัฐ (ตัวอย่าง)",
    "venue_address": ADDRESS,
    "map_url": "https://www.openstreetmap.org/?mlat=13.8834&mlon=100.5660#map=17/13.8834/100.5660",
}
VENUE_WORKSHOP = {
    "venue_name": "ห้องอบรม 401 ชั้น 4 อาคารศูนย์การเรียนรู้ภาครัฐ (ตัวอย่าง)",
    "venue_address": ADDRESS,
    "map_url": "https://www.openstreetmap.org/?mlat=13.8834&mlon=100.5660#map=17/13.8834/100.5660",
}

PAST_FORUM = "digital-government-forum"
PAST_WORKSHOP = "open-data-exchange-forum"
UPCOMING_ON_SITE = "citizen-centred-service-design-workshop"
ONLINE = "pdpa-online-seminar"
FULL = "cyber-incident-tabletop-exercise"
NEEDS_APPROVAL = "workforce-planning-with-data"
HYBRID = "responsible-ai-in-government"

# Each session: ``days`` from the day the demo is loaded, ``start`` and ``end`` (Bangkok),
# its venue and/or ``online_url``, ``capacity``, optional ``cancel_days_before`` (the
# cancellation deadline), and the ``plan``: who registers, in this order of arrival, and
# what happens next (see ``register_demo_people``).
SEMINARS = (
    {
        "slug": PAST_FORUM,
        "title": "สัมมนาการขับเคลื่อนรัฐบาลดิจิทัลสู่การบริการประชาชน",
        "title_en": "Driving Digital Government towards Citizen Services",
        "summary": (
            "สัมมนาวิชาการประจำปีว่าด้วยการยกระดับบริการภาครัฐผ่านระบบดิจิทัล แลกเปลี่ยนประสบการณ์จากหน่วยงาน"
            "ที่เปิดให้บริการออนไลน์ครบวงจร พร้อมแนวทางการเชื่อมโยงข้อมูลระหว่างหน่วยงาน"
        ),
        "description": (
            "การสัมมนาครั้งนี้รวบรวมผู้บริหารและผู้ปฏิบัติงานจากหน่วยงานภาครัฐที่นำบริการขึ้นสู่ระบบดิจิทัล "
            "มาเล่าบทเรียนจากการปรับกระบวนงาน การลดสำเนาเอกสาร และการเชื่อมโยงข้อมูลผ่านศูนย์แลกเปลี่ยนข้อมูลกลาง",
            "ผู้เข้าร่วมจะได้เห็นตัวอย่างการวัดผลความพึงพอใจของผู้รับบริการ และร่วมอภิปรายแนวทางนำไปใช้กับหน่วยงานของตน "
            "ผู้ที่เข้าร่วมตลอดการสัมมนาได้รับเกียรติบัตรและชั่วโมงการพัฒนา 6 ชั่วโมง",
        ),
        "format": SeminarFormat.ON_SITE,
        "audience": Audience.EVERYONE,
        "training_hours": "6",
        "awards_certificate": True,
        "owner": "instructor",
        "organisers": (),
        "cover": {"colours": ("#12305f", "#1a4d94"), "accent": "#f2b705", "motif": "nodes"},
        "speakers": (
            (
                "ดร.วิภาวรรณ ทองดี",
                "นักทรัพยากรบุคคลชำนาญการพิเศษ สถาบันพัฒนาข้าราชการพลเรือน",
                "ผู้ออกแบบหลักสูตรพัฒนาทักษะดิจิทัลสำหรับข้าราชการ",
            ),
            (
                "นายณรงค์ชัย เพชรรัตน์",
                "ผู้อำนวยการกองพัฒนาบริการดิจิทัล (ตัวอย่าง)",
                "ดูแลการนำบริการของกรมขึ้นสู่ระบบออนไลน์ครบวงจรกว่า 40 งานบริการ",
            ),
        ),
        "agenda": (
            ("08:30–09:00", "ลงทะเบียนและรับเอกสาร", ""),
            ("09:00–10:30", "ทิศทางรัฐบาลดิจิทัลและบริการที่ยึดประชาชนเป็นศูนย์กลาง", "บรรยายโดย ดร.วิภาวรรณ ทองดี"),
            ("10:45–12:00", "กรณีศึกษา: บริการออนไลน์ครบวงจรโดยไม่ต้องใช้สำเนาเอกสาร", "บรรยายโดย นายณรงค์ชัย เพชรรัตน์"),
            ("13:00–15:00", "การเชื่อมโยงข้อมูลระหว่างหน่วยงานและการวัดผลบริการ", "อภิปรายกลุ่มย่อยและนำเสนอ"),
            ("15:00–16:00", "สรุปบทเรียนและแนวทางนำไปใช้ในหน่วยงาน", "ทำแบบประเมินหลังการสัมมนา"),
        ),
        "courses": ("digital-government-basics",),
        "library": ("digital-government-essentials-handout", "seminar-recording-towards-digital-government-2570"),
        "materials": (
            {
                "kind": "handout",
                "title": "เอกสารประกอบการสัมมนา การขับเคลื่อนรัฐบาลดิจิทัลสู่การบริการประชาชน",
                "attendees_only": False,
                "points": (
                    "บริการที่ดีเริ่มจากการเข้าใจเส้นทางของผู้รับบริการ ตั้งแต่ค้นหาข้อมูลจนได้รับผลการพิจารณา",
                    "ลดการขอสำเนาเอกสารด้วยการตรวจสอบข้อมูลจากหน่วยงานเจ้าของข้อมูลโดยตรง",
                    "กำหนดตัวชี้วัดบริการที่วัดได้จริง เช่น ระยะเวลารอคอยและสัดส่วนคำขอที่ยื่นออนไลน์",
                    "เปิดช่องทางรับฟังความคิดเห็นและนำผลมาปรับปรุงบริการอย่างต่อเนื่อง",
                ),
            },
            {
                "kind": "slides",
                "title": "สไลด์ประกอบการบรรยาย ทิศทางรัฐบาลดิจิทัล",
                "attendees_only": True,
                "slides": (
                    ("ทิศทางรัฐบาลดิจิทัล", ("บริการครบวงจรในจุดเดียว", "ข้อมูลเชื่อมโยงแทนสำเนาเอกสาร", "ตัดสินใจด้วยข้อมูล")),
                    ("บทเรียนจากหน่วยงานต้นแบบ", ("เริ่มจากบริการที่มีผู้ใช้มากที่สุด", "ออกแบบร่วมกับผู้รับบริการ", "วัดผลก่อนและหลังปรับปรุง")),
                    (
                        "ก้าวต่อไปของหน่วยงาน",
                        ("ทบทวนกระบวนงานที่ยังใช้กระดาษ", "กำหนดเจ้าของข้อมูลและมาตรฐาน", "พัฒนาทักษะดิจิทัลของบุคลากร"),
                    ),
                ),
            },
        ),
        "sessions": (
            {
                "days": -45,
                "start": "09:00",
                "end": "16:00",
                **VENUE_HALL,
                "capacity": 80,
                "plan": (
                    ("anucha", "check_in"),
                    ("jiraporn", "check_in"),
                    ("thanawat", "check_in"),
                    ("wanida", "marked"),
                    ("prasert", "marked"),
                    ("nattaya", "marked"),
                    ("sakchai", "register"),  # confirmed, did not come
                    ("ratchanee", "cancel"),
                ),
            },
        ),
    },
    {
        "slug": PAST_WORKSHOP,
        "title": "เวทีแลกเปลี่ยนเรียนรู้ การเปิดเผยข้อมูลเปิดภาครัฐ",
        "title_en": "Open Government Data Exchange Forum",
        "summary": (
            "เวทีแลกเปลี่ยนประสบการณ์การจัดทำและเผยแพร่ชุดข้อมูลเปิดของหน่วยงาน ตั้งแต่การคัดเลือกชุดข้อมูล "
            "การจัดทำคำอธิบายข้อมูล จนถึงการติดตามการนำไปใช้"
        ),
        "description": (
            "ผู้ดูแลข้อมูลจากหน่วยงานต่าง ๆ ร่วมเล่าวิธีคัดเลือกชุดข้อมูลที่ประชาชนต้องการ การเตรียมข้อมูลให้อ่านได้ด้วยเครื่อง "
            "และการปกปิดข้อมูลส่วนบุคคลก่อนเผยแพร่",
            "เวทีนี้ไม่มีเกียรติบัตร ผู้เข้าร่วมได้รับชั่วโมงการพัฒนา 3 ชั่วโมง",
        ),
        "format": SeminarFormat.ON_SITE,
        "audience": Audience.EVERYONE,
        "training_hours": "3",
        "awards_certificate": False,
        "owner": "instructor",
        "organisers": (),
        "cover": {"colours": ("#0b4f4a", "#1e6b3a"), "accent": "#f2b705", "motif": "grid"},
        "speakers": (
            (
                "นางสาวกมลชนก รัตนวงศ์",
                "นักวิชาการสถิติชำนาญการพิเศษ (ตัวอย่าง)",
                "ผู้ประสานงานข้อมูลเปิดของหน่วยงาน ดูแลชุดข้อมูลกว่า 120 ชุด",
            ),
        ),
        "agenda": (
            ("13:00–13:30", "ข้อมูลเปิดภาครัฐ: หลักการและมาตรฐานคำอธิบายข้อมูล", ""),
            ("13:30–15:00", "เล่าประสบการณ์: จากตารางในสำนักงานสู่ชุดข้อมูลเปิด", "วงสนทนาผู้ดูแลข้อมูล"),
            ("15:00–16:00", "ถาม-ตอบ และแนวทางติดตามการนำข้อมูลไปใช้", ""),
        ),
        "courses": ("open-government-data",),
        "library": ("open-data-publishing-manual", "open-data-success-factors-local-government"),
        "materials": (
            {
                "kind": "handout",
                "title": "เอกสารประกอบเวที การเปิดเผยข้อมูลเปิดภาครัฐ",
                "attendees_only": False,
                "points": (
                    "เลือกชุดข้อมูลที่มีผู้ขอใช้บ่อยหรือเกี่ยวกับบริการประชาชนก่อน",
                    "เผยแพร่ในรูปแบบที่อ่านได้ด้วยเครื่อง เช่น CSV พร้อมคำอธิบายข้อมูล",
                    "ตรวจสอบและปกปิดข้อมูลส่วนบุคคลทุกครั้งก่อนเผยแพร่",
                ),
            },
        ),
        "sessions": (
            {
                "days": -20,
                "start": "13:00",
                "end": "16:00",
                **VENUE_WORKSHOP,
                "capacity": 40,
                "plan": (
                    ("learner", "check_in"),
                    ("worawut", "check_in"),
                    ("anucha", "marked"),
                    ("kittipong", "marked"),
                ),
            },
        ),
    },
    {
        "slug": UPCOMING_ON_SITE,
        "title": "อบรมเชิงปฏิบัติการ การออกแบบบริการภาครัฐที่ยึดประชาชนเป็นศูนย์กลาง",
        "title_en": "Workshop: Citizen-Centred Public Service Design",
        "summary": (
            "ฝึกออกแบบบริการด้วยกระบวนการคิดเชิงออกแบบ ตั้งแต่สัมภาษณ์ผู้รับบริการ เขียนแผนที่การเดินทางของผู้รับบริการ "
            "จนถึงทดสอบต้นแบบบริการกับผู้ใช้จริง"
        ),
        "description": (
            "การอบรมแบบลงมือทำทั้งวัน ผู้เข้าอบรมแบ่งกลุ่มเลือกบริการของหน่วยงานหนึ่งบริการ แล้วออกแบบใหม่ตามขั้นตอน "
            "เข้าใจปัญหา กำหนดโจทย์ ระดมความคิด สร้างต้นแบบ และทดสอบ",
            "เหมาะสำหรับข้าราชการและพนักงานรัฐวิสาหกิจที่ดูแลงานบริการประชาชน โปรดนำตัวอย่างแบบฟอร์มหรือขั้นตอนบริการของหน่วยงานมาด้วย",
        ),
        "format": SeminarFormat.ON_SITE,
        "audience": Audience.STAFF,
        "training_hours": "6",
        "awards_certificate": True,
        "owner": "instructor",
        "organisers": (),
        "cover": {"colours": ("#3b1f5f", "#12305f"), "accent": "#f2b705", "motif": "blocks"},
        "speakers": (
            (
                "นายภาคภูมิ วงศ์ไทย",
                "นักออกแบบบริการ ศูนย์นวัตกรรมภาครัฐ (ตัวอย่าง)",
                "นำกระบวนการออกแบบบริการไปใช้กับหน่วยงานภาครัฐกว่า 30 แห่ง",
            ),
            ("ดร.วิภาวรรณ ทองดี", "นักทรัพยากรบุคคลชำนาญการพิเศษ สถาบันพัฒนาข้าราชการพลเรือน", ""),
        ),
        "agenda": (
            ("09:00–09:30", "ปฐมนิเทศและแบ่งกลุ่ม", ""),
            ("09:30–10:30", "เข้าใจผู้รับบริการ: สัมภาษณ์และสังเกต", "ฝึกปฏิบัติเป็นกลุ่ม"),
            ("10:45–12:00", "แผนที่การเดินทางของผู้รับบริการ", "ระบุจุดที่ผู้รับบริการติดขัด"),
            ("13:00–15:00", "ระดมความคิดและสร้างต้นแบบบริการ", "ต้นแบบกระดาษและต้นแบบหน้าจอ"),
            ("15:00–16:30", "ทดสอบต้นแบบและนำเสนอ", "ให้ข้อเสนอแนะระหว่างกลุ่ม"),
        ),
        "courses": ("designing-e-services",),
        "library": ("citizen-centred-service-design-guide", "design-thinking-for-civil-servants"),
        "sessions": (
            {
                "days": 12,
                "start": "09:00",
                "end": "16:30",
                **VENUE_WORKSHOP,
                "capacity": 40,
                "cancel_days_before": 3,
                "plan": (
                    ("learner", "register"),
                    ("jiraporn", "register"),
                    ("wanida", "register"),
                    ("sakchai", "register"),
                    ("ratchanee", "register"),
                ),
            },
        ),
    },
    {
        "slug": ONLINE,
        "title": "สัมมนาออนไลน์ กฎหมายคุ้มครองข้อมูลส่วนบุคคลที่ประชาชนและหน่วยงานรัฐควรรู้",
        "title_en": "Online Seminar: What Citizens and Agencies Should Know about the PDPA",
        "summary": (
            "สัมมนาออนไลน์เปิดให้ทุกคนเข้าร่วม อธิบายสิทธิของเจ้าของข้อมูลส่วนบุคคล หน้าที่ของหน่วยงานรัฐ และวิธียื่นคำขอใช้สิทธิ พร้อมช่วงถาม-ตอบสด"
        ),
        "description": (
            "เจ้าของข้อมูลมีสิทธิขอเข้าถึง ขอแก้ไข และขอให้ลบข้อมูลของตน หน่วยงานรัฐต้องแจ้งวัตถุประสงค์ของการเก็บข้อมูล "
            "และดูแลความปลอดภัยของข้อมูลที่เก็บไว้ การสัมมนานี้อธิบายทั้งสองด้านด้วยตัวอย่างจากงานบริการจริง",
            "ลิงก์เข้าร่วมประชุมออนไลน์แสดงบนหน้านี้และในอีเมลยืนยันเมื่อท่านลงทะเบียนแล้ว",
        ),
        "format": SeminarFormat.ONLINE,
        "audience": Audience.EVERYONE,
        "training_hours": "2",
        "awards_certificate": False,
        "owner": "admin",
        "organisers": ("instructor",),
        "cover": {"colours": ("#1a4d94", "#0b4f4a"), "accent": "#e8eef8", "motif": "shield"},
        "speakers": (
            (
                "นางสาวปวีณา ศักดิ์ดี",
                "นิติกรชำนาญการพิเศษ (ตัวอย่าง)",
                "เจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคลของหน่วยงาน ให้คำปรึกษาด้านกฎหมายข้อมูลส่วนบุคคล",
            ),
        ),
        "agenda": (
            ("13:30–14:15", "สิทธิของเจ้าของข้อมูลส่วนบุคคล", ""),
            ("14:15–15:00", "หน้าที่ของหน่วยงานรัฐในฐานะผู้ควบคุมข้อมูล", ""),
            ("15:00–15:30", "ถาม-ตอบสด", "ส่งคำถามผ่านช่องแชตของห้องประชุมออนไลน์"),
        ),
        "courses": ("pdpa-for-officials",),
        "library": ("50-questions-on-personal-data", "video-the-pdpa-in-10-minutes"),
        "sessions": (
            {
                "days": 6,
                "start": "13:30",
                "end": "15:30",
                "online_url": "https://meet.example.go.th/pdpa-for-everyone",
                "capacity": 500,
                "plan": (
                    ("citizen", "register"),
                    ("prasert", "register"),
                    ("nattaya", "register"),
                    ("worawut", "register"),
                ),
            },
        ),
    },
    {
        "slug": FULL,
        "title": "อบรมเชิงปฏิบัติการ ซ้อมรับมือเหตุการณ์ภัยคุกคามไซเบอร์แบบจำลองสถานการณ์",
        "title_en": "Cyber Incident Response Tabletop Exercise",
        "summary": (
            "ซ้อมรับมือเหตุการณ์ภัยคุกคามไซเบอร์บนโต๊ะแบบจำลองสถานการณ์ ทีมละสามคน ตั้งแต่ตรวจพบเหตุ "
            "ประเมินผลกระทบ แจ้งเหตุ จนถึงกู้คืนระบบ รับจำนวนจำกัดเพื่อให้ทุกคนได้ลงมือ"
        ),
        "description": (
            "ผู้เข้าอบรมรับบทบาทในทีมรับมือเหตุการณ์ของหน่วยงานสมมติ และตัดสินใจตามสถานการณ์ที่เปลี่ยนไปทุก 20 นาที "
            "เช่น มัลแวร์เรียกค่าไถ่ในระบบสารบรรณ และข้อมูลส่วนบุคคลรั่วไหล",
            "ที่นั่งมีจำกัด เมื่อเต็มแล้วท่านลงชื่อรอได้ และจะได้รับอีเมลทันทีเมื่อมีที่นั่งว่าง",
        ),
        "format": SeminarFormat.ON_SITE,
        "audience": Audience.STAFF,
        "training_hours": "3",
        "awards_certificate": True,
        "owner": "instructor",
        "organisers": (),
        "cover": {"colours": ("#5a1620", "#12305f"), "accent": "#f2b705", "motif": "circles"},
        "speakers": (
            (
                "นายธีรวัฒน์ กล้าหาญ",
                "ผู้เชี่ยวชาญด้านความมั่นคงปลอดภัยไซเบอร์ (ตัวอย่าง)",
                "ผู้ฝึกสอนการซ้อมรับมือเหตุการณ์ไซเบอร์ให้หน่วยงานโครงสร้างพื้นฐานสำคัญ",
            ),
        ),
        "agenda": (
            ("13:00–13:30", "ทบทวนขั้นตอนการรับมือเหตุการณ์", ""),
            ("13:30–15:30", "สถานการณ์จำลอง: มัลแวร์เรียกค่าไถ่และข้อมูลรั่วไหล", "ทีมละสามคน"),
            ("15:30–16:00", "สรุปบทเรียนหลังเหตุการณ์", ""),
        ),
        "courses": ("cyber-threat-response",),
        "library": ("cyber-incident-response-playbook", "infographic-reporting-a-data-breach-in-72-hours"),
        "sessions": (
            {
                "days": 18,
                "start": "13:00",
                "end": "16:00",
                **VENUE_LAB,
                "capacity": 6,
                "cancel_days_before": 3,
                "plan": (
                    ("anucha", "register"),
                    ("thanawat", "cancel"),  # cancels after the waitlist formed: wanida gets the seat
                    ("prasert", "register"),
                    ("nattaya", "register"),
                    ("sakchai", "register"),
                    ("worawut", "register"),
                    ("wanida", "register"),  # waitlisted, then promoted
                    ("jiraporn", "register"),  # waitlisted
                    ("learner", "register"),  # waitlisted
                ),
            },
        ),
    },
    {
        "slug": NEEDS_APPROVAL,
        "title": "สัมมนาเชิงปฏิบัติการ การวางแผนกำลังคนภาครัฐด้วยข้อมูล",
        "title_en": "Workshop: Data-Driven Public Workforce Planning",
        "summary": (
            "สำหรับผู้รับผิดชอบงานบริหารทรัพยากรบุคคล ฝึกวิเคราะห์ข้อมูลกำลังคนเพื่อคาดการณ์ความต้องการบุคลากร "
            "การเกษียณอายุ และทักษะที่หน่วยงานต้องพัฒนา การลงทะเบียนต้องได้รับอนุมัติจากเจ้าหน้าที่ฝึกอบรมของหน่วยงาน"
        ),
        "description": (
            "ผู้เข้าร่วมใช้ชุดข้อมูลกำลังคนตัวอย่างฝึกวิเคราะห์โครงสร้างอายุ อัตราการลาออก และช่องว่างทักษะ "
            "แล้วจัดทำร่างแผนกำลังคนสามปีของหน่วยงานสมมติ",
            "การลงทะเบียนแต่ละรายการรอการอนุมัติจากเจ้าหน้าที่ฝึกอบรมของหน่วยงานต้นสังกัด ท่านจะได้รับอีเมลแจ้งผลการพิจารณา",
        ),
        "format": SeminarFormat.ON_SITE,
        "audience": Audience.STAFF,
        "training_hours": "6",
        "requires_approval": True,
        "awards_certificate": True,
        "owner": "admin",
        "organisers": ("instructor",),
        "cover": {"colours": ("#12305f", "#0b4f4a"), "accent": "#e8eef8", "motif": "bars"},
        "speakers": (
            ("นางรัตนา ประเสริฐวงศ์", "ผู้เชี่ยวชาญด้านการวางแผนกำลังคน (ตัวอย่าง)", "ร่วมจัดทำแผนกำลังคนของส่วนราชการหลายแห่ง"),
        ),
        "agenda": (
            ("09:00–10:30", "ข้อมูลกำลังคนที่หน่วยงานมีอยู่และใช้ประโยชน์ได้", ""),
            ("10:45–12:00", "คาดการณ์การเกษียณและการลาออก", "ฝึกด้วยชุดข้อมูลตัวอย่าง"),
            ("13:00–15:00", "ช่องว่างทักษะและแผนพัฒนาบุคลากร", ""),
            ("15:00–16:00", "นำเสนอร่างแผนกำลังคนสามปี", ""),
        ),
        "courses": ("data-driven-policy",),
        "library": ("public-workforce-report-2566", "digital-skills-of-thai-civil-servants"),
        "sessions": (
            {
                "days": 25,
                "start": "09:00",
                "end": "16:00",
                **VENUE_HALL,
                "capacity": 30,
                "plan": (
                    ("supansa", "approve"),
                    ("kittipong", "decline"),
                    ("pornthip", "register"),  # pending: for the demo training officer to decide
                ),
            },
        ),
    },
    {
        "slug": HYBRID,
        "title": "สัมมนาการใช้ปัญญาประดิษฐ์อย่างรับผิดชอบในหน่วยงานภาครัฐ",
        "title_en": "Responsible Use of Artificial Intelligence in Government Agencies",
        "summary": (
            "สัมมนาแบบผสมผสาน เข้าร่วมได้ทั้งที่ห้องประชุมและออนไลน์ ว่าด้วยการนำปัญญาประดิษฐ์มาใช้ในงานบริการ "
            "อย่างโปร่งใส เป็นธรรม และคุ้มครองข้อมูลส่วนบุคคล จัดสองรุ่น เลือกรุ่นที่สะดวก"
        ),
        "description": (
            "ผู้บรรยายนำเสนอหลักจริยธรรมปัญญาประดิษฐ์ กรณีศึกษาแชตบอตตอบคำถามประชาชนของหน่วยงานท้องถิ่น "
            "และรายการตรวจสอบความเสี่ยงก่อนนำระบบไปใช้",
            "ทั้งสองรุ่นมีเนื้อหาเดียวกัน ลงทะเบียนได้รุ่นเดียว ผู้เข้าร่วมออนไลน์ได้รับลิงก์ห้องประชุมเมื่อการลงทะเบียนได้รับการยืนยัน",
        ),
        "format": SeminarFormat.HYBRID,
        "audience": Audience.EVERYONE,
        "training_hours": "3",
        "awards_certificate": False,
        "owner": "instructor",
        "organisers": ("instructor",),
        "cover": {"colours": ("#0b4f4a", "#3b1f5f"), "accent": "#f2b705", "motif": "waves"},
        "speakers": (
            (
                "ผศ.ดร.ศิริพร อัครเดช",
                "อาจารย์ด้านวิทยาการข้อมูล (ตัวอย่าง)",
                "วิจัยด้านความเป็นธรรมของแบบจำลองปัญญาประดิษฐ์ในบริการสาธารณะ",
            ),
            ("นายชยพล มั่นคง", "หัวหน้าทีมพัฒนาบริการดิจิทัล องค์กรปกครองส่วนท้องถิ่น (ตัวอย่าง)", "พัฒนาแชตบอตตอบคำถามประชาชนของเทศบาล"),
        ),
        "agenda": (
            ("09:00–10:00", "หลักจริยธรรมปัญญาประดิษฐ์สำหรับภาครัฐ", ""),
            ("10:00–11:00", "กรณีศึกษา: แชตบอตตอบคำถามประชาชน", ""),
            ("11:00–12:00", "รายการตรวจสอบความเสี่ยงก่อนนำระบบไปใช้ และถาม-ตอบ", ""),
        ),
        "courses": ("data-driven-policy",),
        "library": ("chatbots-in-local-government-services",),
        "sessions": (
            {
                "label": "รุ่นที่ 1",
                "days": 9,
                "start": "09:00",
                "end": "12:00",
                **VENUE_HALL,
                "online_url": "https://meet.example.go.th/responsible-ai-round-1",
                "capacity": 60,
                "plan": (
                    ("kittipong", "register"),
                    ("supansa", "register"),
                    ("citizen", "register"),
                ),
            },
            {
                "label": "รุ่นที่ 2",
                "days": 30,
                "start": "09:00",
                "end": "12:00",
                **VENUE_HALL,
                "online_url": "https://meet.example.go.th/responsible-ai-round-2",
                "capacity": 60,
                "plan": (
                    ("learner", "register"),
                    ("ratchanee", "register"),
                ),
            },
        ),
    },
)
SEMINAR_SLUGS = tuple(spec["slug"] for spec in SEMINARS)
DECLINE_REASON = "ขอให้ลงทะเบียนในรุ่นถัดไป เนื่องจากวันดังกล่าวท่านมีภารกิจจัดประชุมคณะทำงานของสำนักงาน"
APPROVAL_NOTE = "อนุมัติ งานวางแผนกำลังคนเป็นภารกิจหลักของกลุ่มงาน"
# Upcoming sessions open for registration this long before the demo is loaded.
OPENED_BEFORE_LOAD = datetime.timedelta(days=14)
# Past sessions opened this long before they started, and closed the day before.
PAST_OPENED_BEFORE = datetime.timedelta(days=30)


def build_seminars(demo):
    """Create the demo seminars missing under ``/seminars/``, published, and their registrations.

    Every seminar, new or existing, is put on ``demo.pages`` as ``seminar:<slug>``; the
    people of ``ATTENDEES`` on ``demo.users`` as ``attendee:<key>``.
    """
    index = demo.pages.get("seminars")
    if index is None:
        return []
    people = build_attendees(demo)
    existing = {page.slug: page for page in SeminarPage.objects.child_of(index).filter(slug__in=SEMINAR_SLUGS)}
    taken = set(index.get_children().filter(slug__in=SEMINAR_SLUGS).values_list("slug", flat=True))
    seminars = []
    with transaction.atomic(), emails_muted():
        for spec in SEMINARS:
            seminar = existing.get(spec["slug"])
            if seminar is None and spec["slug"] in taken:
                if demo.stdout is not None:
                    demo.stdout.write(f"  The seminar {spec['slug']} was not added: another page has its address.")
                continue
            if seminar is None:
                seminar = create_seminar(demo, index, spec)
            demo.pages[f"seminar:{spec['slug']}"] = seminar
            register_demo_people(demo, seminar, spec, people)
            seminars.append(seminar)
    return seminars


def build_attendees(demo):
    """The demo seminars' people, by key: the demo accounts and ``ATTENDEES`` (created when missing)."""
    rows = attendee_rows()
    existing = {user.email: user for user in User.objects.filter(email__in=[row["email"] for row in rows])}
    notice = demo.pages.get("privacy") or PrivacyNoticePage.current()
    people = {key: user for key, user in demo.users.items() if not key.startswith("attendee:")}
    for row in rows:
        user = existing.get(row["email"])
        if user is None:
            if row["agency"] not in demo.agencies:
                continue
            user = create_demo_user(demo, row, notice)
            demo.changed(f"created the account {user.email}")
        demo.users[row["key"]] = user
        people[row["key"].removeprefix("attendee:")] = user
    return people


def local_moment(days, clock, today=None):
    """``days`` from ``today`` (the local date) at ``clock`` ("09:30") in the site's time zone, aware."""
    today = today or timezone.localdate()
    hour, minute = (int(part) for part in clock.split(":"))
    naive = datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(hour, minute))
    return timezone.make_aware(naive)


def session_fields(spec, position, now):
    """The ``SeminarSession`` fields of a session spec, dated from ``now`` (the load time)."""
    starts = local_moment(spec["days"], spec["start"], timezone.localdate(now))
    ends = local_moment(spec["days"], spec["end"], timezone.localdate(now))
    if starts <= now:
        opens, closes = starts - PAST_OPENED_BEFORE, starts - datetime.timedelta(days=1)
    else:
        opens = local_moment(-OPENED_BEFORE_LOAD.days, "08:30", timezone.localdate(now))
        closes = starts - datetime.timedelta(days=2)
    fields = {
        "label": spec.get("label", ""),
        "starts_at": starts,
        "ends_at": ends,
        "venue_name": spec.get("venue_name", ""),
        "venue_address": spec.get("venue_address", ""),
        "map_url": spec.get("map_url", ""),
        "online_url": spec.get("online_url", ""),
        "capacity": spec["capacity"],
        "registration_opens_at": opens,
        "registration_closes_at": closes,
        "sort_order": position,
    }
    if spec.get("cancel_days_before"):
        fields["cancellation_deadline"] = starts - datetime.timedelta(days=spec["cancel_days_before"])
    return fields


def create_seminar(demo, index, spec):
    """One published seminar from its spec: sessions, speakers, agenda, materials, cover and related pages."""
    now = timezone.now()
    seminar = SeminarPage(
        title=spec["title"],
        title_en=spec["title_en"],
        slug=spec["slug"],
        summary=spec["summary"],
        description="".join(f"<p>{escape(paragraph)}</p>" for paragraph in spec["description"]),
        format=spec["format"],
        audience=spec["audience"],
        training_hours=Decimal(spec["training_hours"]),
        requires_approval=spec.get("requires_approval", False),
        awards_certificate=spec["awards_certificate"],
        cover_image=seminar_cover(demo, spec),
        owner=demo.users.get(spec["owner"]),
    )
    organisers = [demo.users[key] for key in spec["organisers"] if key in demo.users]
    if organisers:
        seminar.organisers = organisers
    for position, (name, role, biography) in enumerate(spec["speakers"]):
        seminar.speakers.add(
            SeminarSpeaker(
                name=name, position=role, biography=f"{biography} {DEMO_NOTE}" if biography else "", sort_order=position
            )
        )
    for position, (time, title, detail) in enumerate(spec["agenda"]):
        seminar.agenda_items.add(SeminarAgendaItem(time=time, title=title, detail=detail, sort_order=position))
    sessions = [session_fields(session, position, now) for position, session in enumerate(spec["sessions"])]
    for fields in sessions:
        seminar.sessions.add(SeminarSession(**fields))
    for position, material in enumerate(spec.get("materials", ())):
        document = material_document(demo, spec, material, sessions[0]["starts_at"])
        seminar.materials.add(
            SeminarMaterial(
                document=document,
                title=material["title"],
                attendees_only=material["attendees_only"],
                sort_order=position,
            )
        )
    courses = [demo.pages[f"course:{slug}"] for slug in spec.get("courses", ()) if f"course:{slug}" in demo.pages]
    if courses:
        seminar.related_courses = courses
    items = [demo.pages[f"library:{slug}"] for slug in spec.get("library", ()) if f"library:{slug}" in demo.pages]
    if items:
        seminar.related_library_items = items
    index.add_child(instance=seminar)
    seminar.save_revision(user=seminar.owner).publish()
    demo.changed(f"created the seminar {seminar.url_path}")
    return SeminarPage.objects.get(pk=seminar.pk)


def seminar_cover(demo, spec):
    """The seminar's cover: the Wagtail image titled for the seminar, drawn and saved when missing."""
    image_model = get_image_model()
    title = f"ภาพปกสัมมนา {spec['title']}"
    image = image_model.objects.filter(title=title).first()
    if image is not None:
        return image
    image = image_model(title=title)
    image.file = ImageFile(BytesIO(draw_cover(**spec["cover"])), name=f"seminar-cover-{spec['slug']}.png")
    image._set_image_file_metadata()
    image.save()
    demo.changed(f"created the cover image {title}")
    return image


# --- Registrations


def register_demo_people(demo, seminar, spec, people):
    """Carry out each session's ``plan`` for the people not yet registered there, at the times they would have.

    Everyone registers in the plan's order, 45 minutes apart from the opening of
    registration; then ``cancel`` cancels (a freed seat goes to the waitlist), ``approve``
    and ``decline`` are the demo training officer's decisions, and in a session that has
    taken place ``check_in`` checks in with the code and ``marked`` is marked attended by
    the organiser. A refusal (an editor changed the seminar, an account was changed) is
    reported and the rest goes on.
    """
    sessions = list(seminar.sessions.order_by("sort_order", "pk"))
    officer = demo.users.get("officer")
    organiser = seminar.owner or demo.users.get("instructor")
    for session, session_spec in zip(sessions, spec["sessions"], strict=False):
        plan = [(key, outcome) for key, outcome in session_spec["plan"] if key in people]
        already = set(Registration.objects.filter(session=session).values_list("user_id", flat=True))
        todo = [(people[key], outcome) for key, outcome in plan if people[key].pk not in already]
        if not todo:
            continue
        start = session.registration_opens_at or (session.starts_at - OPENED_BEFORE_LOAD)
        start = min(start, timezone.now() - datetime.timedelta(days=2))
        made = []
        for number, (person, outcome) in enumerate(todo):
            moment = start + datetime.timedelta(minutes=45 * (number + 1))
            registration = attempt(demo, seminar, person, register, session, person, now=moment)
            if registration is not None:
                made.append((registration, outcome, moment))
        decided = start + datetime.timedelta(days=1, hours=2)
        for registration, outcome, _moment in made:
            person = registration.user
            if outcome == "cancel":
                attempt(demo, seminar, person, cancel_registration, registration, person, now=decided)
            elif outcome == "approve" and officer is not None:
                attempt(demo, seminar, person, approve, registration, officer, APPROVAL_NOTE, now=decided)
            elif outcome == "decline" and officer is not None:
                attempt(demo, seminar, person, decline, registration, officer, DECLINE_REASON, now=decided)
        if made:
            when = session.label or format_date(session.starts_at, "short", language="th")
            demo.changed(f"registered {len(made)} people for {seminar.slug} ({when})")
        if not session.has_ended():
            continue
        for number, (registration, outcome, _moment) in enumerate(made):
            arrived = session.starts_at - datetime.timedelta(minutes=20) + datetime.timedelta(minutes=3 * number)
            if outcome == "check_in":
                code = session.check_in_code
                attempt(demo, seminar, registration.user, check_in, session, registration.user, code, now=arrived)
            elif outcome == "marked":
                marked = session.starts_at + datetime.timedelta(hours=1)
                attempt(demo, seminar, registration.user, mark_attended, registration, organiser, now=marked)


def attempt(demo, seminar, person, action, *args, **kwargs):
    """``action(*args, **kwargs)`` of the seminar service; a refusal is reported and None returned."""
    try:
        return action(*args, **kwargs)
    except SeminarError as error:
        if demo.stdout is not None:
            demo.stdout.write(f"  {seminar.slug}: {action.__name__} for {person.email} was refused: {error.message}")
        return None


# --- The materials' PDFs

PAGE_WIDTH = 210
MARGIN = 18
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
INK = (33, 37, 41)
MUTED = (90, 98, 106)
BRAND = (18, 48, 95)
WHITE = (255, 255, 255)


def material_document(demo, spec, material, starts_at):
    """A material's PDF as a Wagtail document of its title, drawn and saved when missing."""
    document_model = get_document_model()
    document = document_model.objects.filter(title=material["title"]).first()
    if document is not None:
        return document
    document = document_model(title=material["title"])
    data = handout_pdf(spec, material, starts_at) if material["kind"] == "handout" else slides_pdf(spec, material)
    document.file.save(f"{spec['slug']}-{material['kind']}.pdf", ContentFile(data), save=False)
    document._set_document_file_metadata()
    document.save()
    demo.changed(f"created the seminar file {document.file.name}")
    return document


def _new_pdf(spec, orientation="P"):
    pdf = ThaiPDF(orientation=orientation, format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_title(spec["title"])
    pdf.set_author(ORGANISATION_TH)
    pdf.set_creator(ORGANISATION_EN)
    pdf.set_lang("th")
    return pdf


def handout_pdf(spec, material, starts_at):
    """A one- or two-page handout: the seminar's title, date and venue, key points, agenda and a demo note."""
    pdf = _new_pdf(spec)
    pdf.add_page()
    width = pdf.epw
    pdf.set_fill_color(*BRAND)
    pdf.rect(0, 0, PAGE_WIDTH, 34, style="F")
    pdf.set_text_color(*WHITE)
    pdf.set_font("Sarabun", "", 11)
    pdf.set_xy(MARGIN, 9)
    pdf.cell(width, 6, ORGANISATION_TH)
    pdf.set_font("Sarabun", "B", 13)
    pdf.set_xy(MARGIN, 17)
    pdf.cell(width, 8, "เอกสารประกอบการสัมมนา")
    pdf.set_xy(MARGIN, 42)
    pdf.set_text_color(*BRAND)
    pdf.set_font("Sarabun", "B", 18)
    pdf.multi_cell(width, 9, spec["title"])
    pdf.set_text_color(*MUTED)
    pdf.set_font("Sarabun", "", 12)
    pdf.multi_cell(width, 7, spec["title_en"])
    session = spec["sessions"][0]
    where = session.get("venue_name") or "ออนไลน์"
    pdf.multi_cell(width, 7, f"{format_date(starts_at, 'long', language='th', with_time=True)} · {where}")
    pdf.ln(4)
    _heading(pdf, "สาระสำคัญ")
    pdf.set_font("Sarabun", "", 13)
    pdf.set_text_color(*INK)
    for point in material["points"]:
        pdf.multi_cell(width, 7.5, f"•  {point}")
        pdf.ln(1)
    pdf.ln(3)
    _heading(pdf, "กำหนดการ")
    for time, title, detail in spec["agenda"]:
        pdf.set_font("Sarabun", "B", 12)
        pdf.set_text_color(*INK)
        pdf.cell(34, 7, time)
        pdf.set_font("Sarabun", "", 12)
        pdf.multi_cell(width - 34, 7, f"{title} {detail}".strip())
    _demo_note(pdf)
    return pdf.thai_output()


def slides_pdf(spec, material):
    """Lecture slides: a landscape page per slide with a heading and its points, and a demo note."""
    pdf = _new_pdf(spec, orientation="L")
    pdf.set_auto_page_break(False)  # one page per slide; the footer sits in the bottom margin
    for heading, points in material["slides"]:
        pdf.add_page()
        width = pdf.epw
        pdf.set_fill_color(*BRAND)
        pdf.rect(0, 0, pdf.w, 12, style="F")
        pdf.set_xy(MARGIN, 26)
        pdf.set_text_color(*BRAND)
        pdf.set_font("Sarabun", "B", 28)
        pdf.multi_cell(width, 14, heading)
        pdf.ln(6)
        pdf.set_text_color(*INK)
        pdf.set_font("Sarabun", "", 20)
        for point in points:
            pdf.multi_cell(width, 12, f"•  {point}")
            pdf.ln(2)
        pdf.set_font("Sarabun", "", 10)
        pdf.set_text_color(*MUTED)
        pdf.set_xy(MARGIN, pdf.h - 16)
        pdf.cell(width, 5, f"{spec['title']} · {DEMO_NOTE}")
    return pdf.thai_output()


def _heading(pdf, text):
    pdf.set_font("Sarabun", "B", 14)
    pdf.set_text_color(*BRAND)
    pdf.cell(pdf.epw, 9, text, new_x="LMARGIN", new_y="NEXT")


def _demo_note(pdf):
    pdf.ln(6)
    pdf.set_font("Sarabun", "", 10)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(pdf.epw, 5.5, f"เอกสารตัวอย่างเพื่อการสาธิตระบบ ชื่อบุคคลและตัวเลขในเอกสารนี้เป็นข้อมูลสมมติ {DEMO_NOTE}")
