"""Demo builder for the e-library: subjects and fifty Thai and English items of every type.

Listed in ``lms.demo.BUILDERS`` after the courses, so items can point at the demo courses
they relate to. Each item's file is a small PDF drawn here, at load time, with fpdf2,
HarfBuzz and the site's Sarabun: a cover page (the library draws the item's cover from it,
``library.files.refresh_from_document``), a page of its summary and sections in Thai (the
English items carry a Thai summary), and for reports a page of key figures; an infographic
is one page. Videos and audio are addresses on the demo's media site, with a cover drawn
here with Pillow. Every page of every PDF says that it is a demonstration document with
made-up figures; the laws are short summaries written for the demo, not the laws' text.

Like every demo builder it creates what is missing and leaves what exists alone: an item
is looked up by its identifier (and by its slug under ``/library/``), a subject by its Thai
name, a file by its title and a drawn cover by its title. So a second ``load_demo`` adds
no rows and no page revisions.
"""

import datetime
from functools import cache
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db.models import Q
from django.utils.html import escape
from PIL import Image, ImageDraw, ImageFont
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

# The certificate's Thai text layer: without it, text extractors read "สำนักงาน" back with a stray
# character after SARA AM and "ปั้น" as "ปั้ น", and search would miss those words in the PDFs.
from lms.demo.content import ORGANISATION_EN, ORGANISATION_TH
from lms.pdf import FONT_DIR, ThaiPDF
from lms.thai import format_date

from .models import (
    Access,
    ItemLanguage,
    ItemType,
    LibraryItemCreator,
    LibraryItemPage,
    Subject,
    normalise_date_issued,
)

DGA_TH = "สำนักงานพัฒนารัฐบาลดิจิทัล (องค์การมหาชน)"
DGA_EN = "Digital Government Development Agency (Public Organization)"
OPDC = "สำนักงานคณะกรรมการพัฒนาระบบราชการ"
OCSC = "สำนักงานคณะกรรมการข้าราชการพลเรือน"
CSDI = "สถาบันพัฒนาข้าราชการพลเรือน"
PDPC = "สำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคล"
NCSA = "สำนักงานคณะกรรมการการรักษาความมั่นคงปลอดภัยไซเบอร์แห่งชาติ"
NSO = "สำนักงานสถิติแห่งชาติ"
LPDI = "สถาบันพัฒนาบุคลากรท้องถิ่น"

CC_BY = ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
CC_BY_NC = ("CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/")
ALL_RIGHTS_RESERVED = ("สงวนลิขสิทธิ์", "")

MEDIA_SITE = "https://media.demo.go.th"

# The subject headings, by a key the items use: (Thai name, English name).
SUBJECTS = {
    "digital-government": ("รัฐบาลดิจิทัล", "Digital government"),
    "personal-data": ("การคุ้มครองข้อมูลส่วนบุคคล", "Personal data protection"),
    "cybersecurity": ("ความมั่นคงปลอดภัยไซเบอร์", "Cybersecurity"),
    "open-data": ("ข้อมูลเปิดภาครัฐ", "Open government data"),
    "planning": ("การวางแผนและงบประมาณ", "Planning and budgeting"),
    "human-resources": ("การบริหารทรัพยากรบุคคลภาครัฐ", "Public sector human resources"),
    "public-service": ("การให้บริการประชาชน", "Public service delivery"),
    "law": ("กฎหมายมหาชนและกฎหมายปกครอง", "Public and administrative law"),
    "governance": ("ธรรมาภิบาลและการต่อต้านการทุจริต", "Good governance and anti-corruption"),
    "innovation": ("นวัตกรรมภาครัฐ", "Public sector innovation"),
    "statistics": ("สถิติและการวิเคราะห์ข้อมูล", "Statistics and data analysis"),
    "local-government": ("การปกครองส่วนท้องถิ่น", "Local government"),
}

LAW_NOTE = (
    "หมายเหตุ",
    "เอกสารนี้เป็นสรุปสาระสำคัญเพื่อการเรียนรู้ ไม่ใช่ตัวบทกฎหมาย โปรดตรวจสอบตัวบทฉบับทางการที่ประกาศในราชกิจจานุเบกษา",
)

# The items, in the order they are created. Each has: identifier, slug, type, language,
# title (in the item's language), title_en (for Thai items), creators (in order),
# subjects (keys of SUBJECTS), publisher, date (as a librarian types it: CE or BE, a year
# or a full date), access, rights, description; then either sections (heading, text) for
# its PDF, with optional key figures ``facts`` (figure, label), or an address ``url``
# (videos and audio, drawn a cover); ``url`` beside a PDF is the item's page elsewhere;
# ``courses`` are slugs of the demo courses it relates to.
ITEMS = [
    # --- Manuals and guides
    {
        "identifier": "local:opdc-2565-001",
        "slug": "action-plan-manual-2566-2570",
        "type": ItemType.MANUAL,
        "language": ItemLanguage.THAI,
        "title": "คู่มือการจัดทำแผนปฏิบัติราชการ ระยะ 5 ปี (พ.ศ. 2566–2570)",
        "title_en": "Manual for Preparing Five-Year Government Action Plans (2023–2027)",
        "creators": [OPDC, "พิมพ์ชนก วงศ์สวัสดิ์"],
        "subjects": ["planning", "governance"],
        "publisher": OPDC,
        "date": "2565-09-30",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "แนวทางทีละขั้นตอนสำหรับส่วนราชการในการจัดทำแผนปฏิบัติราชการระยะ 5 ปีและแผนปฏิบัติราชการรายปี "
            "ให้สอดคล้องกับยุทธศาสตร์ชาติ แผนแม่บท และแผนระดับที่สาม พร้อมตัวอย่างตัวชี้วัดและแบบฟอร์ม"
        ),
        "sections": [
            (
                "ความเชื่อมโยงของแผนสามระดับ",
                "แผนปฏิบัติราชการเป็นแผนระดับที่สามที่ถ่ายทอดเป้าหมายจากยุทธศาสตร์ชาติและแผนแม่บทลงสู่โครงการของส่วนราชการ "
                "ผู้จัดทำแผนควรระบุให้ชัดว่าแต่ละโครงการส่งผลต่อเป้าหมายใดของแผนระดับที่หนึ่งและระดับที่สอง",
            ),
            (
                "ขั้นตอนการจัดทำแผน",
                "เริ่มจากการวิเคราะห์สภาพแวดล้อมและผลการดำเนินงานที่ผ่านมา กำหนดเป้าประสงค์และตัวชี้วัด "
                "จัดทำโครงการสำคัญพร้อมงบประมาณ แล้วเสนอหัวหน้าส่วนราชการให้ความเห็นชอบก่อนเผยแพร่ทางเว็บไซต์ของหน่วยงาน",
            ),
            (
                "การติดตามและประเมินผล",
                "ส่วนราชการรายงานผลการดำเนินงานตามแผนอย่างน้อยปีละสองครั้ง และทบทวนแผนเมื่อสถานการณ์เปลี่ยนแปลง "
                "ตัวชี้วัดที่ดีต้องวัดได้ มีค่าเป้าหมายรายปี และมีแหล่งข้อมูลที่ตรวจสอบได้",
            ),
        ],
        "courses": ["data-driven-policy"],
    },
    {
        "identifier": "local:dga-2566-014",
        "slug": "pdpa-guidelines-for-government-agencies",
        "type": ItemType.MANUAL,
        "language": ItemLanguage.THAI,
        "title": "แนวทางการคุ้มครองข้อมูลส่วนบุคคล (PDPA) สำหรับหน่วยงานของรัฐ",
        "title_en": "Personal Data Protection (PDPA) Guidelines for Government Agencies",
        "creators": [DGA_TH, "ธนากร ศรีสุข", "ปิยะนุช แก้วมณี"],
        "subjects": ["personal-data", "digital-government"],
        "publisher": DGA_TH,
        "date": "2023-06-01",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "แนวปฏิบัติสำหรับเจ้าหน้าที่ของรัฐในการเก็บรวบรวม ใช้ และเปิดเผยข้อมูลส่วนบุคคลของประชาชน "
            "ตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562 ตั้งแต่การแจ้งวัตถุประสงค์ "
            "การจัดทำบันทึกรายการกิจกรรมการประมวลผล จนถึงการรับมือเหตุละเมิด"
        ),
        "sections": [
            (
                "ฐานทางกฎหมายของหน่วยงานรัฐ",
                "หน่วยงานของรัฐส่วนใหญ่ประมวลผลข้อมูลส่วนบุคคลโดยอาศัยฐานภารกิจของรัฐหรือฐานหน้าที่ตามกฎหมาย "
                "จึงไม่จำเป็นต้องขอความยินยอมทุกครั้ง แต่ต้องแจ้งวัตถุประสงค์และระยะเวลาการเก็บรักษาให้เจ้าของข้อมูลทราบ",
            ),
            (
                "บันทึกรายการกิจกรรมการประมวลผล",
                "ทุกกองและทุกโครงการที่ใช้ข้อมูลส่วนบุคคลควรจัดทำบันทึกรายการ (Record of Processing Activities) "
                "ระบุประเภทข้อมูล แหล่งที่มา ผู้รับข้อมูล และมาตรการรักษาความมั่นคงปลอดภัย",
            ),
            (
                "เมื่อเกิดเหตุละเมิด",
                "แจ้งเจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคลของหน่วยงานทันที ประเมินความเสี่ยง "
                "และแจ้งสำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคลภายใน 72 ชั่วโมงนับแต่ทราบเหตุ "
                "หากมีความเสี่ยงสูงต้องแจ้งเจ้าของข้อมูลด้วย",
            ),
        ],
        "courses": ["pdpa-for-officials"],
    },
    {
        "identifier": "local:dga-2567-003",
        "slug": "open-data-publishing-manual",
        "type": ItemType.MANUAL,
        "language": ItemLanguage.THAI,
        "title": "คู่มือการเปิดเผยข้อมูลเปิดภาครัฐสำหรับหน่วยงาน",
        "title_en": "Open Government Data Publishing Manual for Agencies",
        "creators": [DGA_TH, "กิตติพงษ์ จันทร์เพ็ญ"],
        "subjects": ["open-data", "digital-government"],
        "publisher": DGA_TH,
        "date": "2024-02-15",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "ขั้นตอนการคัดเลือกชุดข้อมูล จัดทำคำอธิบายข้อมูล (เมทาดาตา) เลือกสัญญาอนุญาต "
            "และเผยแพร่บนศูนย์กลางข้อมูลเปิดภาครัฐ เพื่อให้ประชาชนและภาคเอกชนนำข้อมูลไปใช้ต่อได้"
        ),
        "sections": [
            (
                "เลือกชุดข้อมูลที่มีคุณค่า",
                "เริ่มจากข้อมูลที่ประชาชนขอบ่อย ข้อมูลที่ใช้ประกอบการตัดสินใจเชิงนโยบาย "
                "และข้อมูลที่ไม่มีข้อมูลส่วนบุคคลหรือความลับของราชการ จัดลำดับด้วยความต้องการใช้และความพร้อมของข้อมูล",
            ),
            (
                "คำอธิบายชุดข้อมูล",
                "ชุดข้อมูลทุกชุดต้องมีชื่อ คำอธิบาย หน่วยงานเจ้าของ ความถี่ในการปรับปรุง รูปแบบไฟล์ และสัญญาอนุญาต "
                "ควรเผยแพร่ในรูปแบบที่เครื่องอ่านได้ เช่น CSV หรือ JSON แทนไฟล์ภาพหรือ PDF",
            ),
            (
                "สัญญาอนุญาตแบบเปิด",
                "หน่วยงานควรใช้สัญญาอนุญาตครีเอทีฟคอมมอนส์แบบแสดงที่มา เพื่อให้ผู้ใช้นำข้อมูลไปใช้ ดัดแปลง และเผยแพร่ต่อได้โดยอ้างอิงแหล่งที่มา",
            ),
        ],
        "courses": ["open-government-data"],
    },
    {
        "identifier": "local:ncsa-2566-007",
        "slug": "cyber-incident-response-playbook",
        "type": ItemType.MANUAL,
        "language": ItemLanguage.THAI,
        "title": "คู่มือการรับมือภัยคุกคามทางไซเบอร์สำหรับหน่วยงานของรัฐ",
        "title_en": "Cyber Incident Response Playbook for Government Agencies",
        "creators": [NCSA, "ณัฐวุฒิ พรหมมา"],
        "subjects": ["cybersecurity"],
        "publisher": NCSA,
        "date": "2023-11-20",
        "access": Access.CIVIL_SERVANTS,
        "rights": ALL_RIGHTS_RESERVED,
        "description": (
            "ขั้นตอนปฏิบัติเมื่อหน่วยงานพบเหตุการณ์ภัยคุกคามทางไซเบอร์ ตั้งแต่การตรวจพบ การควบคุมความเสียหาย "
            "การกู้คืนระบบ จนถึงการรายงานต่อหน่วยงานกำกับ เผยแพร่เฉพาะเจ้าหน้าที่ของรัฐ"
        ),
        "sections": [
            (
                "ระดับความรุนแรงของเหตุการณ์",
                "จำแนกเหตุการณ์เป็นระดับไม่ร้ายแรง ร้ายแรง และร้ายแรงวิกฤติ ตามผลกระทบต่อบริการสำคัญและข้อมูลของประชาชน "
                "ระดับความรุนแรงเป็นตัวกำหนดว่าต้องรายงานใครและภายในเวลาเท่าใด",
            ),
            (
                "หกขั้นตอนการรับมือ",
                "เตรียมความพร้อม ตรวจพบและวิเคราะห์ ควบคุมความเสียหาย กำจัดภัยคุกคาม กู้คืนระบบ "
                "และทบทวนบทเรียนหลังเหตุการณ์ ทุกขั้นตอนต้องบันทึกเวลาและการตัดสินใจไว้เป็นหลักฐาน",
            ),
            (
                "ตัวอย่าง: มัลแวร์เรียกค่าไถ่",
                "แยกเครื่องที่ติดมัลแวร์ออกจากเครือข่ายทันที ห้ามชำระค่าไถ่ ตรวจสอบข้อมูลสำรองก่อนกู้คืน "
                "และแจ้งศูนย์ประสานการรักษาความมั่นคงปลอดภัยระบบคอมพิวเตอร์ภาครัฐ",
            ),
        ],
        "courses": ["cyber-threat-response"],
    },
    {
        "identifier": "local:opdc-2567-011",
        "slug": "citizen-centred-service-design-guide",
        "type": ItemType.MANUAL,
        "language": ItemLanguage.THAI,
        "title": "คู่มือการออกแบบบริการภาครัฐโดยยึดประชาชนเป็นศูนย์กลาง",
        "title_en": "Citizen-Centred Public Service Design Guide",
        "creators": [OPDC, "สุดารัตน์ บุญมา", "วรวุฒิ ทองดี"],
        "subjects": ["public-service", "innovation"],
        "publisher": OPDC,
        "date": "2024-07-10",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "เครื่องมือและตัวอย่างสำหรับทีมออกแบบบริการของส่วนราชการ ตั้งแต่การทำความเข้าใจผู้รับบริการ "
            "การเขียนแผนที่การเดินทางของผู้รับบริการ (Customer Journey Map) ไปจนถึงการทดสอบต้นแบบกับประชาชนจริง"
        ),
        "sections": [
            (
                "เริ่มจากปัญหาของผู้รับบริการ",
                "สัมภาษณ์และสังเกตผู้รับบริการอย่างน้อยห้าถึงแปดคนก่อนออกแบบ บันทึกสิ่งที่เขาทำจริง "
                "ไม่ใช่เพียงสิ่งที่เขาบอก แล้วสรุปเป็นข้อค้นพบที่ทีมเห็นตรงกัน",
            ),
            (
                "แผนที่การเดินทางของผู้รับบริการ",
                "เขียนทุกขั้นตอนตั้งแต่ประชาชนรู้ว่าต้องใช้บริการจนได้รับผลลัพธ์ ระบุจุดที่ต้องรอ ต้องกรอกข้อมูลซ้ำ "
                "หรือต้องเดินทางมาที่สำนักงาน จุดเหล่านี้คือโอกาสในการปรับปรุง",
            ),
            (
                "ทดสอบต้นแบบให้เร็ว",
                "ต้นแบบบนกระดาษหรือหน้าจอจำลองเพียงไม่กี่หน้าก็ทดสอบได้ ให้ผู้รับบริการลองทำงานจริงโดยไม่ช่วยเหลือ "
                "แล้วปรับแก้ก่อนลงทุนพัฒนาระบบ",
            ),
        ],
        "courses": ["designing-e-services"],
    },
    {
        "identifier": "local:dga-2564-021",
        "slug": "e-saraban-user-guide",
        "type": ItemType.MANUAL,
        "language": ItemLanguage.THAI,
        "title": "คู่มือการใช้งานระบบสารบรรณอิเล็กทรอนิกส์สำหรับเจ้าหน้าที่",
        "title_en": "Electronic Correspondence (e-Saraban) User Guide for Officers",
        "creators": [DGA_TH],
        "subjects": ["digital-government", "public-service"],
        "publisher": DGA_TH,
        "date": "2564",
        "access": Access.SIGNED_IN,
        "rights": CC_BY_NC,
        "description": (
            "วิธีรับ ส่ง ลงทะเบียน และเก็บหนังสือราชการด้วยระบบสารบรรณอิเล็กทรอนิกส์ การลงลายมือชื่ออิเล็กทรอนิกส์ "
            "และการออกเลขหนังสือ ตามระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ"
        ),
        "sections": [
            (
                "การรับหนังสือ",
                "เมื่อมีหนังสือเข้า ระบบลงทะเบียนรับและออกเลขรับให้อัตโนมัติ เจ้าหน้าที่สารบรรณตรวจสอบความครบถ้วนของไฟล์แนบ "
                "แล้วส่งต่อให้ผู้บังคับบัญชาพิจารณาสั่งการผ่านระบบ",
            ),
            (
                "การลงนามและส่งหนังสือ",
                "ผู้มีอำนาจลงนามด้วยลายมือชื่ออิเล็กทรอนิกส์ที่ผูกกับบัญชีผู้ใช้ของตน ระบบประทับเวลาและเก็บประวัติการแก้ไขทุกครั้ง "
                "หนังสือที่ส่งถึงหน่วยงานภายนอกใช้ช่องทางไปรษณีย์อิเล็กทรอนิกส์กลางของหน่วยงาน",
            ),
            (
                "การเก็บรักษา",
                "หนังสือราชการอิเล็กทรอนิกส์ต้องเก็บรักษาตามอายุการเก็บเช่นเดียวกับหนังสือกระดาษ และสำรองข้อมูลไว้นอกสถานที่อย่างน้อยหนึ่งชุด",
            ),
        ],
        "courses": ["electronic-administration-act"],
    },
    {
        "identifier": "local:dga-2024-027",
        "slug": "cloud-first-guide",
        "type": ItemType.MANUAL,
        "language": ItemLanguage.ENGLISH,
        "title": "Cloud First: A Practical Guide for Thai Government Agencies",
        "creators": ["Digital Government Development Agency", "Srisuk, Thanakorn"],
        "subjects": ["digital-government", "cybersecurity"],
        "publisher": DGA_EN,
        "date": "2024-09-02",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "How an agency moves its services to the government's shared cloud: deciding what to move first, "
            "classifying data, writing the service agreement and checking costs. With a summary in Thai."
        ),
        "sections": [
            (
                "Start with a service inventory",
                "List every system the agency runs, who owns it, what data it holds and when its hardware reaches "
                "the end of its life. Systems due for renewal are the natural first candidates for the cloud.",
            ),
            (
                "Classify the data before moving it",
                "Public, internal, confidential and secret data have different requirements for location, encryption "
                "and access logging. Personal data also falls under the Personal Data Protection Act B.E. 2562.",
            ),
            (
                "บทสรุปภาษาไทย",
                "คู่มือนี้แนะนำให้หน่วยงานสำรวจระบบสารสนเทศทั้งหมด จัดชั้นความลับของข้อมูล "
                "และย้ายระบบที่ถึงรอบเปลี่ยนอุปกรณ์ขึ้นระบบคลาวด์กลางภาครัฐก่อน พร้อมตรวจสอบค่าใช้จ่ายและข้อตกลงระดับการให้บริการ",
            ),
        ],
    },
    # --- Laws and regulations: short summaries written for the demo, never the text of the law
    {
        "identifier": "local:dga-2562-001",
        "slug": "digital-government-act-2562",
        "type": ItemType.LAW,
        "language": ItemLanguage.THAI,
        "title": "พระราชบัญญัติการบริหารงานและการให้บริการภาครัฐผ่านระบบดิจิทัล พ.ศ. 2562",
        "title_en": "Government Administration and Services through Digital Systems Act B.E. 2562 (2019)",
        "creators": [DGA_TH],
        "subjects": ["law", "digital-government"],
        "publisher": DGA_TH,
        "date": "2562",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "สรุปสาระสำคัญของกฎหมายที่กำหนดให้หน่วยงานของรัฐบริหารงานและให้บริการประชาชนผ่านระบบดิจิทัล "
            "เชื่อมโยงข้อมูลระหว่างกัน และเปิดเผยข้อมูลต่อสาธารณะ (ฉบับสรุปเพื่อการเรียนรู้ ไม่ใช่ตัวบทกฎหมาย)"
        ),
        "sections": [
            (
                "เจตนารมณ์",
                "กฎหมายฉบับนี้กำหนดให้หน่วยงานของรัฐบริหารงานและให้บริการประชาชนผ่านระบบดิจิทัล "
                "เพื่อให้การทำงานสะดวก รวดเร็ว มีประสิทธิภาพ และเชื่อมโยงข้อมูลระหว่างหน่วยงานได้ "
                "ประชาชนไม่ต้องยื่นเอกสารที่ทางราชการมีอยู่แล้วซ้ำอีก",
            ),
            (
                "หน้าที่ของหน่วยงานของรัฐ",
                "จัดทำธรรมาภิบาลข้อมูลภาครัฐ เปิดเผยข้อมูลสาธารณะในรูปแบบข้อมูลดิจิทัล จัดให้มีระบบยืนยันตัวตนทางดิจิทัล "
                "และรักษาความมั่นคงปลอดภัยของระบบและข้อมูล ตามมาตรฐานที่คณะกรรมการพัฒนารัฐบาลดิจิทัลกำหนด",
            ),
            (
                "สิ่งที่ประชาชนได้รับ",
                "ยื่นคำขอ ชำระค่าธรรมเนียม และรับผลการพิจารณาผ่านช่องทางดิจิทัลได้ "
                "และหน่วยงานของรัฐต้องเชื่อมโยงข้อมูลกันเองแทนการขอสำเนาเอกสารจากประชาชน",
            ),
            LAW_NOTE,
        ],
        "courses": ["digital-government-basics"],
    },
    {
        "identifier": "local:pdpc-2565-001",
        "slug": "personal-data-protection-act-2562-summary",
        "type": ItemType.LAW,
        "language": ItemLanguage.THAI,
        "title": "พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562 (สรุปสาระสำคัญสำหรับเจ้าหน้าที่ของรัฐ)",
        "title_en": "Personal Data Protection Act B.E. 2562 (2019): a Summary for Public Officials",
        "creators": [PDPC, "อรพรรณ สุขเจริญ"],
        "subjects": ["personal-data", "law"],
        "publisher": PDPC,
        "date": "2565-06-01",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "สรุปหลักการของกฎหมายคุ้มครองข้อมูลส่วนบุคคล สิทธิของเจ้าของข้อมูล และหน้าที่ของหน่วยงานของรัฐในฐานะผู้ควบคุมข้อมูล "
            "สำหรับเจ้าหน้าที่ที่ต้องตอบคำขอของประชาชน"
        ),
        "sections": [
            (
                "ใครต้องปฏิบัติตาม",
                "ผู้ควบคุมข้อมูลส่วนบุคคลและผู้ประมวลผลข้อมูลส่วนบุคคลทุกราย รวมถึงหน่วยงานของรัฐ "
                "ต้องเก็บรวบรวม ใช้ และเปิดเผยข้อมูลเท่าที่จำเป็นตามวัตถุประสงค์ที่แจ้งไว้",
            ),
            (
                "สิทธิของเจ้าของข้อมูล",
                "สิทธิได้รับแจ้ง สิทธิเข้าถึงและขอรับสำเนา สิทธิขอให้แก้ไข สิทธิคัดค้าน สิทธิขอให้ลบหรือระงับการใช้ "
                "และสิทธิขอโอนย้ายข้อมูล หน่วยงานต้องดำเนินการตามคำขอภายใน 30 วัน",
            ),
            (
                "บทกำหนดโทษ",
                "ผู้ฝ่าฝืนอาจมีความรับผิดทางแพ่ง โทษทางอาญา และโทษปรับทางปกครองสูงสุดห้าล้านบาท "
                "เจ้าหน้าที่จึงควรรู้ขั้นตอนของหน่วยงานเมื่อได้รับคำขอหรือพบเหตุละเมิด",
            ),
            LAW_NOTE,
        ],
        "courses": ["pdpa-for-officials"],
    },
    {
        "identifier": "local:psl-2565-law02",
        "slug": "electronic-administration-act-2565-summary",
        "type": ItemType.LAW,
        "language": ItemLanguage.THAI,
        "title": "พระราชบัญญัติการปฏิบัติราชการทางอิเล็กทรอนิกส์ พ.ศ. 2565 (สรุปสาระสำคัญ)",
        "title_en": "Electronic Administration Act B.E. 2565 (2022): Key Points",
        "creators": [ORGANISATION_TH, "กิตติพงษ์ จันทร์เพ็ญ"],
        "subjects": ["law", "digital-government"],
        "publisher": ORGANISATION_TH,
        "date": "2022-10-15",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "สรุปหลักการที่ให้การติดต่อราชการด้วยวิธีการทางอิเล็กทรอนิกส์มีผลเช่นเดียวกับกระดาษ "
            "การประชุมผ่านสื่ออิเล็กทรอนิกส์ และการออกคำสั่งหรือใบอนุญาตเป็นเอกสารอิเล็กทรอนิกส์"
        ),
        "sections": [
            (
                "หลักการสำคัญ",
                "การติดต่อกับหน่วยงานของรัฐด้วยวิธีการทางอิเล็กทรอนิกส์มีผลเช่นเดียวกับการติดต่อด้วยกระดาษ "
                "หน่วยงานต้องประกาศช่องทางอิเล็กทรอนิกส์ให้ประชาชนทราบ "
                "และจะปฏิเสธคำขอเพียงเพราะยื่นทางอิเล็กทรอนิกส์ไม่ได้",
            ),
            (
                "การประชุมและการออกคำสั่ง",
                "การประชุมของคณะกรรมการทำผ่านสื่ออิเล็กทรอนิกส์ได้ "
                "และคำสั่งทางปกครองหรือใบอนุญาตออกเป็นเอกสารอิเล็กทรอนิกส์ได้ โดยมีผลเช่นเดียวกับฉบับกระดาษ",
            ),
            LAW_NOTE,
        ],
        "courses": ["electronic-administration-act"],
    },
    {
        "identifier": "local:opdc-2563-004",
        "slug": "good-governance-decree-2546-summary",
        "type": ItemType.LAW,
        "language": ItemLanguage.THAI,
        "title": "พระราชกฤษฎีกาว่าด้วยหลักเกณฑ์และวิธีการบริหารกิจการบ้านเมืองที่ดี พ.ศ. 2546 (สรุปสาระสำคัญ)",
        "title_en": "Royal Decree on Good Governance B.E. 2546 (2003): Summary",
        "creators": [OPDC],
        "subjects": ["governance", "law", "planning"],
        "publisher": OPDC,
        "date": "2563",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "สรุปเป้าหมายของการบริหารกิจการบ้านเมืองที่ดีทั้งเจ็ดประการ และสิ่งที่ส่วนราชการต้องปฏิบัติ "
            "เช่น การจัดทำแผนปฏิบัติราชการ และการประกาศระยะเวลาแล้วเสร็จของงานบริการ"
        ),
        "sections": [
            (
                "เป้าหมายเจ็ดประการ",
                "เกิดประโยชน์สุขของประชาชน เกิดผลสัมฤทธิ์ต่อภารกิจของรัฐ มีประสิทธิภาพและเกิดความคุ้มค่า "
                "ไม่มีขั้นตอนเกินความจำเป็น ปรับปรุงภารกิจให้ทันต่อสถานการณ์ ประชาชนได้รับความสะดวก "
                "และมีการประเมินผลการปฏิบัติราชการอย่างสม่ำเสมอ",
            ),
            (
                "สิ่งที่ส่วนราชการต้องทำ",
                "จัดทำแผนปฏิบัติราชการ กำหนดระยะเวลาแล้วเสร็จของงานบริการและประกาศให้ประชาชนทราบ "
                "ตอบคำถามหรือข้อร้องเรียนของประชาชน และทบทวนกฎระเบียบที่เป็นอุปสรรค",
            ),
            LAW_NOTE,
        ],
    },
    {
        "identifier": "local:oic-2564-en01",
        "slug": "official-information-act-2540-english-summary",
        "type": ItemType.LAW,
        "language": ItemLanguage.ENGLISH,
        "title": "Official Information Act B.E. 2540 (1997): an English Summary",
        "creators": ["Office of the Official Information Commission"],
        "subjects": ["law", "governance", "open-data"],
        "publisher": "Office of the Official Information Commission",
        "date": "2021-03-15",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "What the Official Information Act requires of every state agency and how the public asks for "
            "information: a summary in English for foreign readers, with a Thai summary. Not the text of the Act."
        ),
        "sections": [
            (
                "Information every agency must publish",
                "Each state agency publishes its structure, powers and contact points in the Government Gazette, "
                "and keeps its plans, budgets, contracts and decisions available for public inspection.",
            ),
            (
                "Requests from the public",
                "Anyone may ask for other official information. An agency may withhold it only on the grounds the "
                "Act sets out, such as national security or personal privacy, and must give reasons for a refusal.",
            ),
            (
                "บทสรุปภาษาไทย",
                "พระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540 รับรองสิทธิของประชาชนในการรู้ข้อมูลข่าวสารของราชการ "
                "หน่วยงานของรัฐต้องเปิดเผยข้อมูลเป็นหลัก และปกปิดเป็นข้อยกเว้นเท่าที่กฎหมายกำหนด",
            ),
        ],
    },
    {
        "identifier": "local:psl-2564-law05",
        "slug": "correspondence-regulation-2564-summary",
        "type": ItemType.LAW,
        "language": ItemLanguage.THAI,
        "title": "ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ (ฉบับที่ 4) พ.ศ. 2564 (สรุปสาระสำคัญ)",
        "title_en": "Regulation of the Office of the Prime Minister on Official Correspondence (No. 4) B.E. 2564",
        "creators": [ORGANISATION_TH],
        "subjects": ["law", "digital-government"],
        "publisher": ORGANISATION_TH,
        "date": "2021-10-01",
        "access": Access.SIGNED_IN,
        "rights": CC_BY,
        "description": (
            "สรุปการเปลี่ยนแปลงของระเบียบงานสารบรรณที่รองรับการรับส่งหนังสือราชการทางอิเล็กทรอนิกส์ และการลงลายมือชื่ออิเล็กทรอนิกส์"
        ),
        "sections": [
            (
                "สิ่งที่เปลี่ยนไป",
                "ระเบียบฉบับนี้รองรับการรับส่งหนังสือราชการทางอิเล็กทรอนิกส์อย่างเต็มรูปแบบ "
                "หนังสือที่ส่งผ่านระบบสารบรรณอิเล็กทรอนิกส์หรือไปรษณีย์อิเล็กทรอนิกส์ของหน่วยงานมีผลเช่นเดียวกับหนังสือกระดาษ",
            ),
            (
                "ลายมือชื่ออิเล็กทรอนิกส์",
                "ผู้มีอำนาจลงนามในหนังสือราชการด้วยลายมือชื่ออิเล็กทรอนิกส์ได้ "
                "หน่วยงานต้องมีวิธีการที่เชื่อถือได้ในการระบุตัวผู้ลงนามและตรวจสอบว่าหนังสือไม่ถูกแก้ไขภายหลัง",
            ),
            LAW_NOTE,
        ],
        "courses": ["electronic-administration-act"],
    },
    # --- Reports
    {
        "identifier": "local:psl-2567-ar01",
        "slug": "annual-report-2566",
        "type": ItemType.REPORT,
        "language": ItemLanguage.THAI,
        "title": "รายงานประจำปี 2566 สำนักงานพัฒนาการเรียนรู้ภาครัฐ (ตัวอย่าง)",
        "title_en": "Annual Report 2023, Public Sector Learning Office (demo)",
        "creators": [ORGANISATION_TH],
        "subjects": ["human-resources", "digital-government"],
        "publisher": ORGANISATION_TH,
        "date": "2024-01-31",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "ผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2566 ของแพลตฟอร์มการเรียนรู้ภาครัฐ "
            "จำนวนผู้เรียน หลักสูตรใหม่ ประกาศนียบัตรที่ออก และการใช้จ่ายงบประมาณ"
        ),
        "sections": [
            (
                "สารจากผู้อำนวยการ",
                "ปีงบประมาณ พ.ศ. 2566 เป็นปีที่ผู้เรียนบนแพลตฟอร์มการเรียนรู้ภาครัฐเพิ่มขึ้นเกือบสองเท่า "
                "ขอขอบคุณวิทยากรและหน่วยงานเครือข่ายที่ร่วมพัฒนาหลักสูตรและแบ่งปันสื่อการเรียนรู้",
            ),
            (
                "ผลการดำเนินงานที่สำคัญ",
                "เปิดหลักสูตรใหม่ 12 หลักสูตรด้านทักษะดิจิทัล การคุ้มครองข้อมูลส่วนบุคคล และการออกแบบบริการ "
                "ออกประกาศนียบัตรอิเล็กทรอนิกส์ที่ตรวจสอบได้กว่าแปดหมื่นฉบับ "
                "และเปิดห้องสมุดอิเล็กทรอนิกส์ให้ประชาชนใช้ได้โดยไม่เสียค่าใช้จ่าย",
            ),
            (
                "การใช้จ่ายงบประมาณ",
                "เบิกจ่ายงบประมาณร้อยละ 97.4 ของงบประมาณที่ได้รับจัดสรร ส่วนใหญ่ใช้ในการพัฒนาหลักสูตรและดูแลระบบ",
            ),
        ],
        "facts": [
            ("128,450", "ผู้เรียนที่ลงทะเบียน"),
            ("42", "หลักสูตรออนไลน์"),
            ("86%", "ผู้เรียนที่เรียนจบตามเกณฑ์"),
            ("4.6/5", "คะแนนความพึงพอใจ"),
        ],
    },
    {
        "identifier": "local:psl-2568-ar01",
        "slug": "annual-report-2567",
        "type": ItemType.REPORT,
        "language": ItemLanguage.THAI,
        "title": "รายงานประจำปี 2567 สำนักงานพัฒนาการเรียนรู้ภาครัฐ (ตัวอย่าง)",
        "title_en": "Annual Report 2024, Public Sector Learning Office (demo)",
        "creators": [ORGANISATION_TH],
        "subjects": ["human-resources", "digital-government"],
        "publisher": ORGANISATION_TH,
        "date": "2568-01-30",
        "access": Access.OPEN,
        "rights": CC_BY,
        "url": "https://www.demo.go.th/about/annual-report-2567",
        "description": (
            "ผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2567 การเชื่อมโยงชั่วโมงการเรียนรู้กับแผนพัฒนารายบุคคล และทิศทางการพัฒนาในปีต่อไป"
        ),
        "sections": [
            (
                "สารจากผู้อำนวยการ",
                "ปี 2567 เราเชื่อมโยงชั่วโมงการเรียนรู้บนแพลตฟอร์มกับแผนพัฒนารายบุคคล (IDP) ของข้าราชการ "
                "ให้ผู้บังคับบัญชาและเจ้าหน้าที่ฝึกอบรมติดตามผลการพัฒนาได้ในที่เดียว",
            ),
            (
                "ผลการดำเนินงานที่สำคัญ",
                "หน่วยงานเครือข่ายเพิ่มเป็น 64 หน่วยงาน ห้องสมุดอิเล็กทรอนิกส์มีรายการกว่าสองพันรายการ "
                "และเปิดให้ห้องสมุดแห่งชาติเก็บเกี่ยวรายการผ่านโปรโตคอล OAI-PMH",
            ),
            (
                "ทิศทางปี 2568",
                "พัฒนาหลักสูตรด้านการวิเคราะห์ข้อมูลและปัญญาประดิษฐ์อย่างรับผิดชอบ และเพิ่มสื่อการเรียนรู้ที่ผู้พิการทางการเห็นและการได้ยินใช้ได้",
            ),
        ],
        "facts": [
            ("215,300", "ผู้เรียนที่ลงทะเบียน"),
            ("64", "หน่วยงานเครือข่าย"),
            ("2,140", "รายการในห้องสมุดอิเล็กทรอนิกส์"),
            ("4.7/5", "คะแนนความพึงพอใจ"),
        ],
    },
    {
        "identifier": "local:psl-2024-rev01",
        "slug": "digital-government-review-of-thailand-2024",
        "type": ItemType.REPORT,
        "language": ItemLanguage.ENGLISH,
        "title": "Digital Government Review of Thailand 2024: Towards a Data-Driven Public Sector",
        "creators": [ORGANISATION_EN, "Wongsawat, Pimchanok", "Kaewmanee, Piyanut"],
        "subjects": ["digital-government", "open-data"],
        "publisher": ORGANISATION_EN,
        "date": "2024-11-05",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "A review of how far Thailand's public sector has come in putting services online, sharing data "
            "between agencies and opening it to the public, with recommendations for the next five years."
        ),
        "sections": [
            (
                "Key findings",
                "Thailand has moved most central government services online and built shared platforms for digital "
                "identity, payments and data exchange. Local government and back-office processes have moved more "
                "slowly.",
            ),
            (
                "Recommendations",
                "Fund shared platforms rather than one system per agency, make data sharing between agencies the "
                "default, and measure services by what citizens experience rather than by the number of systems built.",
            ),
            (
                "บทสรุปสำหรับผู้บริหาร",
                "ภาครัฐไทยให้บริการออนไลน์ได้เกือบครบทุกบริการของส่วนกลางแล้ว ความท้าทายต่อไปคือการเชื่อมโยงข้อมูลระหว่างหน่วยงาน "
                "การพัฒนาบริการขององค์กรปกครองส่วนท้องถิ่น และการวัดผลจากประสบการณ์ของประชาชน",
            ),
        ],
        "facts": [
            ("79%", "central government services available online"),
            ("1,240", "open datasets published"),
            ("35", "agencies sharing data through the exchange"),
            ("3 days", "median time to approve a licence online"),
        ],
        "courses": ["digital-government-basics"],
    },
    {
        "identifier": "local:ncsa-2567-002",
        "slug": "cyber-threat-report-2566",
        "type": ItemType.REPORT,
        "language": ItemLanguage.THAI,
        "title": "รายงานสถานการณ์ภัยคุกคามไซเบอร์ของหน่วยงานภาครัฐ ประจำปี 2566",
        "title_en": "Cyber Threats to Thai Government Agencies: 2023 Report",
        "creators": [NCSA],
        "subjects": ["cybersecurity", "statistics"],
        "publisher": NCSA,
        "date": "2024-03-28",
        "access": Access.SIGNED_IN,
        "rights": ALL_RIGHTS_RESERVED,
        "description": (
            "สถิติเหตุการณ์ภัยคุกคามไซเบอร์ที่หน่วยงานภาครัฐแจ้งในปี 2566 ประเภทของการโจมตี "
            "เวลาที่ใช้ในการควบคุมเหตุ และข้อเสนอแนะสำหรับผู้ดูแลระบบ"
        ),
        "sections": [
            (
                "ภาพรวม",
                "ภัยคุกคามที่พบมากที่สุดในหน่วยงานภาครัฐยังคงเป็นการโจมตีเว็บไซต์ การหลอกลวงทางอีเมล (ฟิชชิง) "
                "และมัลแวร์เรียกค่าไถ่ หน่วยงานที่มีระบบสำรองข้อมูลแยกจากเครือข่ายหลักกู้คืนบริการได้เร็วกว่าอย่างชัดเจน",
            ),
            (
                "ข้อเสนอแนะ",
                "ปรับปรุงซอฟต์แวร์ให้เป็นปัจจุบัน เปิดใช้การยืนยันตัวตนแบบหลายปัจจัยกับบัญชีผู้ดูแลระบบทุกบัญชี "
                "และฝึกซ้อมแผนรับมือเหตุการณ์อย่างน้อยปีละครั้ง",
            ),
        ],
        "facts": [
            ("1,732", "เหตุการณ์ที่ได้รับแจ้ง"),
            ("41%", "การโจมตีเว็บไซต์"),
            ("23%", "มัลแวร์เรียกค่าไถ่"),
            ("6 ชั่วโมง", "เวลาเฉลี่ยในการควบคุมเหตุ"),
        ],
        "courses": ["cyber-threat-response"],
    },
    {
        "identifier": "local:nso-2567-015",
        "slug": "public-service-satisfaction-survey-2567",
        "type": ItemType.REPORT,
        "language": ItemLanguage.THAI,
        "title": "รายงานผลการสำรวจความพึงพอใจของประชาชนต่อการให้บริการของภาครัฐ พ.ศ. 2567",
        "title_en": "Survey of Public Satisfaction with Government Services 2024",
        "creators": [NSO, "ศิริพร มณีวงศ์"],
        "subjects": ["statistics", "public-service"],
        "publisher": NSO,
        "date": "2024-12-20",
        "access": Access.OPEN,
        "rights": CC_BY,
        "url": "https://data.demo.go.th/dataset/public-service-satisfaction-2567",
        "description": (
            "ผลการสำรวจครัวเรือนทั่วประเทศเรื่องความพึงพอใจต่อบริการของหน่วยงานภาครัฐ "
            "ทั้งที่สำนักงานและทางออนไลน์ ชุดข้อมูลดิบเผยแพร่บนศูนย์ข้อมูลเปิด"
        ),
        "sections": [
            (
                "วิธีการสำรวจ",
                "สำรวจครัวเรือนตัวอย่าง 27,500 ครัวเรือนทั่วประเทศด้วยการสัมภาษณ์และแบบสอบถามออนไลน์ ระหว่างเดือนมิถุนายนถึงสิงหาคม 2567",
            ),
            (
                "ผลการสำรวจ",
                "ประชาชนพึงพอใจความสุภาพของเจ้าหน้าที่มากที่สุด และพึงพอใจระยะเวลารอคอยน้อยที่สุด "
                "ผู้ที่ใช้บริการออนไลน์พึงพอใจสูงกว่าผู้ที่มาติดต่อที่สำนักงาน",
            ),
        ],
        "facts": [
            ("8.2/10", "ความพึงพอใจโดยรวม"),
            ("64%", "เคยใช้บริการออนไลน์"),
            ("27,500", "ครัวเรือนตัวอย่าง"),
            ("77", "จังหวัดที่สำรวจ"),
        ],
        "courses": ["data-driven-policy"],
    },
    {
        "identifier": "local:ocsc-2567-009",
        "slug": "public-workforce-report-2566",
        "type": ItemType.REPORT,
        "language": ItemLanguage.THAI,
        "title": "รายงานกำลังคนภาครัฐ ประจำปี 2566",
        "title_en": "Thai Public Sector Workforce Report 2023",
        "creators": [OCSC],
        "subjects": ["human-resources", "statistics"],
        "publisher": OCSC,
        "date": "2024-05-15",
        "access": Access.CIVIL_SERVANTS,
        "rights": ALL_RIGHTS_RESERVED,
        "description": (
            "โครงสร้างอายุ การเกษียณ ตำแหน่งที่สรรหายาก และชั่วโมงการพัฒนาของกำลังคนภาครัฐ สำหรับผู้บริหารและหน่วยงานบริหารทรัพยากรบุคคล"
        ),
        "sections": [
            (
                "โครงสร้างอายุ",
                "กำลังคนภาครัฐมีแนวโน้มสูงวัยขึ้น ส่วนราชการควรวางแผนสืบทอดตำแหน่งและถ่ายทอดความรู้จากผู้ที่ใกล้เกษียณ "
                "โดยเฉพาะในตำแหน่งที่ต้องใช้ประสบการณ์สูง",
            ),
            (
                "ทักษะที่ขาดแคลน",
                "ตำแหน่งด้านเทคโนโลยีสารสนเทศ การวิเคราะห์ข้อมูล และความมั่นคงปลอดภัยไซเบอร์สรรหาได้ยากที่สุด "
                "หลายหน่วยงานเลือกพัฒนาบุคลากรที่มีอยู่แทนการสรรหาจากภายนอก",
            ),
        ],
        "facts": [
            ("38%", "อายุ 50 ปีขึ้นไป"),
            ("1 ใน 5", "จะเกษียณภายในสิบปี"),
            ("12%", "ตำแหน่งด้านดิจิทัลที่ยังว่าง"),
            ("24", "ชั่วโมงการพัฒนาเฉลี่ยต่อคนต่อปี"),
        ],
    },
    # --- Research
    {
        "identifier": "10.99999/psl.2023.001",
        "slug": "older-people-digital-services-bangkok",
        "type": ItemType.RESEARCH,
        "language": ItemLanguage.THAI,
        "title": "การยอมรับบริการภาครัฐผ่านระบบดิจิทัลของผู้สูงอายุในเขตกรุงเทพมหานคร",
        "title_en": "Older People's Acceptance of Digital Government Services in Bangkok",
        "creators": ["อรพรรณ สุขเจริญ", "วรวุฒิ ทองดี"],
        "subjects": ["public-service", "digital-government"],
        "publisher": ORGANISATION_TH,
        "date": "2023-08-21",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "งานวิจัยเชิงสำรวจว่าอะไรทำให้ผู้สูงอายุใช้หรือไม่ใช้บริการภาครัฐผ่านแอปพลิเคชัน พร้อมข้อเสนอแนะในการออกแบบบริการสำหรับผู้สูงอายุ"
        ),
        "sections": [
            (
                "บทคัดย่อ",
                "งานวิจัยนี้ศึกษาปัจจัยที่มีผลต่อการใช้บริการภาครัฐผ่านแอปพลิเคชันของผู้สูงอายุ 420 คนในเขตกรุงเทพมหานคร "
                "ด้วยแบบจำลองการยอมรับเทคโนโลยี พบว่าการรับรู้ความง่ายในการใช้งานและการมีคนในครอบครัวช่วยสอน "
                "มีอิทธิพลต่อความตั้งใจใช้มากที่สุด",
            ),
            (
                "ข้อเสนอแนะเชิงนโยบาย",
                "หน่วยงานควรออกแบบหน้าจอที่ตัวอักษรใหญ่ ขั้นตอนน้อย และมีช่องทางให้ลูกหลานหรืออาสาสมัครช่วยยื่นคำขอแทนได้อย่างปลอดภัย",
            ),
            ("คำสำคัญ", "ผู้สูงอายุ การยอมรับเทคโนโลยี รัฐบาลดิจิทัล การให้บริการประชาชน"),
        ],
    },
    {
        "identifier": "10.99999/psl.2024.007",
        "slug": "open-data-success-factors-local-government",
        "type": ItemType.RESEARCH,
        "language": ItemLanguage.THAI,
        "title": "ปัจจัยความสำเร็จของการเปิดเผยข้อมูลภาครัฐ: กรณีศึกษาองค์กรปกครองส่วนท้องถิ่นในภาคเหนือ",
        "title_en": "Success Factors of Open Government Data: Local Governments in Northern Thailand",
        "creators": ["ธีรพงษ์ อินทร์แก้ว", "ศิริพร มณีวงศ์"],
        "subjects": ["open-data", "local-government"],
        "publisher": LPDI,
        "date": "2024-04-30",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "การศึกษาเทศบาลและองค์การบริหารส่วนตำบลในภาคเหนือที่เปิดเผยข้อมูลอย่างต่อเนื่อง "
            "ว่าปัจจัยใดทำให้ข้อมูลเปิดได้รับการปรับปรุงและถูกนำไปใช้"
        ),
        "sections": [
            (
                "บทคัดย่อ",
                "ศึกษาเทศบาลและองค์การบริหารส่วนตำบล 36 แห่งในจังหวัดเชียงใหม่ ลำปาง และน่าน "
                "พบว่าการสนับสนุนของผู้บริหาร ทักษะด้านข้อมูลของบุคลากร และการมีผู้ใช้ข้อมูลในพื้นที่ "
                "เป็นปัจจัยที่ทำให้ข้อมูลเปิดถูกปรับปรุงอย่างต่อเนื่อง",
            ),
            (
                "ข้อเสนอแนะ",
                "ควรเริ่มจากชุดข้อมูลที่ชุมชนใช้จริง เช่น งบประมาณ โครงการก่อสร้าง และจุดบริการน้ำดื่ม และอบรมเจ้าหน้าที่ให้ปรับปรุงข้อมูลได้เอง",
            ),
        ],
        "courses": ["open-government-data"],
    },
    {
        "identifier": "10.99999/psl.2024.012",
        "slug": "digital-skills-of-thai-civil-servants",
        "type": ItemType.RESEARCH,
        "language": ItemLanguage.ENGLISH,
        "title": "Measuring the Digital Skills of Thai Civil Servants: Evidence from a National Survey",
        "creators": ["Sukcharoen, Orapan", "Srisuk, Thanakorn", "Inkaew, Teerapong"],
        "subjects": ["human-resources", "digital-government", "statistics"],
        "publisher": ORGANISATION_EN,
        "date": "2024-10-01",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "A national survey of civil servants' digital skills against the civil service's digital skills "
            "framework, showing where training should go next. With a Thai abstract."
        ),
        "sections": [
            (
                "Abstract",
                "We surveyed 6,812 civil servants in 48 departments. Skills in using digital tools were high, while "
                "skills in data analysis and in designing digital services were low, especially outside Bangkok.",
            ),
            (
                "Implications",
                "Training should move from general computer use towards working with data and redesigning services, "
                "with short practical courses that count towards each officer's individual development plan.",
            ),
            (
                "บทคัดย่อภาษาไทย",
                "การสำรวจข้าราชการ 6,812 คนจาก 48 กรม พบว่าทักษะการใช้เครื่องมือดิจิทัลอยู่ในระดับสูง "
                "แต่ทักษะการวิเคราะห์ข้อมูลและการออกแบบบริการดิจิทัลยังต่ำ โดยเฉพาะในส่วนภูมิภาค",
            ),
        ],
        "courses": ["digital-government-basics"],
    },
    {
        "identifier": "10.99999/psl.2022.004",
        "slug": "digital-competency-development-mixed-methods",
        "type": ItemType.RESEARCH,
        "language": ItemLanguage.THAI,
        "title": "การพัฒนาสมรรถนะดิจิทัลของข้าราชการพลเรือนสามัญ: การวิจัยแบบผสานวิธี",
        "title_en": "Developing the Digital Competencies of Civil Servants: a Mixed-Methods Study",
        "creators": ["ปิยะนุช แก้วมณี"],
        "subjects": ["human-resources", "digital-government"],
        "publisher": CSDI,
        "date": "2565",
        "access": Access.SIGNED_IN,
        "rights": CC_BY_NC,
        "description": (
            "งานวิจัยเชิงปริมาณและเชิงคุณภาพเรื่องวิธีพัฒนาสมรรถนะดิจิทัลของข้าราชการที่ได้ผลจริง และรูปแบบการพัฒนาที่เสนอสำหรับส่วนราชการ"
        ),
        "sections": [
            (
                "บทคัดย่อ",
                "การสำรวจข้าราชการ 1,050 คน และการสนทนากลุ่มกับผู้บริหาร 40 คน "
                "พบว่าการเรียนรู้จากการทำงานจริงและการมีพี่เลี้ยงช่วยพัฒนาสมรรถนะดิจิทัลได้มากกว่าการฝึกอบรมในห้องเรียนเพียงอย่างเดียว",
            ),
            (
                "รูปแบบการพัฒนาที่เสนอ",
                "เสนอรูปแบบ 70:20:10 ที่ผสมการเรียนรู้จากงาน การเรียนรู้จากผู้อื่น และการเรียนรู้ผ่านหลักสูตรออนไลน์ "
                "โดยวัดผลจากผลงานที่นำไปใช้ได้จริง",
            ),
        ],
    },
    {
        "identifier": "10.99999/psl.2025.003",
        "slug": "chatbots-in-local-government-services",
        "type": ItemType.RESEARCH,
        "language": ItemLanguage.ENGLISH,
        "title": "Chatbots in Thai Local Government Services: A Mixed-Methods Study",
        "creators": ["Phromma, Nattawut", "Boonma, Sudarat"],
        "subjects": ["local-government", "innovation", "public-service"],
        "publisher": LPDI,
        "date": "2025-06-30",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "How residents of eighteen municipalities used the chatbots on their local government's messaging "
            "channels, and when those chatbots helped. With a Thai abstract."
        ),
        "sections": [
            (
                "Abstract",
                "We studied the chatbots of 18 municipalities. Residents used them most for rubbish collection "
                "schedules, tax payments and complaints; satisfaction fell sharply when a chatbot could not hand "
                "the conversation over to an officer.",
            ),
            (
                "Recommendations",
                "Start with the ten questions residents ask most, always offer a way to reach a person, and publish "
                "how quickly complaints received through the chatbot are resolved.",
            ),
            (
                "บทคัดย่อภาษาไทย",
                "การศึกษาแชตบอตของเทศบาล 18 แห่ง พบว่าประชาชนใช้สอบถามตารางเก็บขยะ การชำระภาษี และการร้องเรียนมากที่สุด "
                "ความพึงพอใจลดลงมากเมื่อแชตบอตส่งต่อให้เจ้าหน้าที่ไม่ได้",
            ),
        ],
    },
    {
        "identifier": "10.99999/psl.2025.009",
        "slug": "remote-work-and-performance-in-departments",
        "type": ItemType.RESEARCH,
        "language": ItemLanguage.THAI,
        "title": "ผลของการปฏิบัติงานนอกสถานที่ตั้งต่อผลสัมฤทธิ์ของงานในส่วนราชการ",
        "title_en": "Effects of Remote Work on Performance in Government Departments",
        "creators": ["จิราภรณ์ ศรีวิไล", "ธนากร ศรีสุข"],
        "subjects": ["human-resources"],
        "publisher": OCSC,
        "date": "2025-02-14",
        "access": Access.CIVIL_SERVANTS,
        "rights": ALL_RIGHTS_RESERVED,
        "description": (
            "งานวิจัยในส่วนราชการ 12 แห่งว่าการปฏิบัติงานนอกสถานที่ตั้งส่งผลต่อผลสัมฤทธิ์ของงานอย่างไร "
            "รายงานฉบับสมบูรณ์เผยแพร่เฉพาะเจ้าหน้าที่ของรัฐ"
        ),
        "sections": [
            (
                "บทคัดย่อ",
                "ศึกษาส่วนราชการ 12 แห่งที่ให้บุคลากรปฏิบัติงานนอกสถานที่ตั้ง "
                "พบว่าผลสัมฤทธิ์ของงานไม่ลดลงเมื่อมีการกำหนดเป้าหมายงานที่ชัดเจนและติดตามผลเป็นรายสัปดาห์",
            ),
            (
                "ข้อเสนอแนะ",
                "ส่วนราชการควรกำหนดงานที่ปฏิบัตินอกสถานที่ได้ จัดเครื่องมือทำงานร่วมกันที่ปลอดภัย และประเมินผลจากผลงานแทนเวลาที่อยู่ในสำนักงาน",
            ),
        ],
    },
    # --- Books
    {
        "identifier": "local:csdi-2563-002",
        "slug": "digital-government-concepts-and-practice",
        "type": ItemType.BOOK,
        "language": ItemLanguage.THAI,
        "title": "รัฐบาลดิจิทัล: แนวคิด ทฤษฎี และการประยุกต์ใช้ในประเทศไทย",
        "title_en": "Digital Government: Concepts, Theories and Practice in Thailand",
        "creators": ["วรวุฒิ ทองดี", "อรพรรณ สุขเจริญ"],
        "subjects": ["digital-government"],
        "publisher": CSDI,
        "date": "2020",
        "access": Access.SIGNED_IN,
        "rights": ALL_RIGHTS_RESERVED,
        "description": (
            "ตำราว่าด้วยรัฐบาลดิจิทัลตั้งแต่แนวคิดรัฐบาลอิเล็กทรอนิกส์ยุคแรกจนถึงรัฐบาลที่ขับเคลื่อนด้วยข้อมูล พร้อมกรณีศึกษาของหน่วยงานไทย"
        ),
        "sections": [
            (
                "คำนำ",
                "หนังสือเล่มนี้เขียนขึ้นสำหรับข้าราชการและนักศึกษาที่ต้องการเข้าใจรัฐบาลดิจิทัลอย่างเป็นระบบ "
                "ตั้งแต่แนวคิดรัฐบาลอิเล็กทรอนิกส์ยุคแรกจนถึงรัฐบาลที่ขับเคลื่อนด้วยข้อมูล",
            ),
            (
                "สารบัญ",
                "บทที่ 1 จากรัฐบาลอิเล็กทรอนิกส์สู่รัฐบาลดิจิทัล บทที่ 2 สถาปัตยกรรมองค์กรภาครัฐ "
                "บทที่ 3 ธรรมาภิบาลข้อมูล บทที่ 4 การออกแบบบริการ บทที่ 5 กรณีศึกษาของประเทศไทย",
            ),
        ],
        "courses": ["digital-government-basics"],
    },
    {
        "identifier": "local:psl-2564-bk01",
        "slug": "principles-of-modern-public-administration",
        "type": ItemType.BOOK,
        "language": ItemLanguage.THAI,
        "title": "หลักการบริหารราชการแผ่นดินยุคใหม่",
        "title_en": "Principles of Modern Public Administration",
        "creators": ["ประเสริฐ วัฒนกุล"],
        "subjects": ["governance", "planning"],
        "publisher": ORGANISATION_TH,
        "date": "2021",
        "access": Access.OPEN,
        "rights": CC_BY_NC,
        "description": (
            "หลักการบริหารราชการแผ่นดินที่เปลี่ยนจากการสั่งการตามลำดับชั้นไปสู่การทำงานร่วมกันระหว่างหน่วยงาน "
            "ภาคเอกชน และประชาชน พร้อมตัวอย่างจากส่วนราชการไทย"
        ),
        "sections": [
            (
                "คำนำ",
                "การบริหารราชการแผ่นดินเปลี่ยนจากการสั่งการตามลำดับชั้นไปสู่การทำงานร่วมกันระหว่างหน่วยงาน ภาคเอกชน และประชาชน "
                "หนังสือเล่มนี้อธิบายหลักการสำคัญพร้อมตัวอย่างจากส่วนราชการไทย",
            ),
            (
                "บทที่ 1 โครงสร้างการบริหารราชการ",
                "ราชการบริหารส่วนกลาง ส่วนภูมิภาค และส่วนท้องถิ่น มีบทบาทต่างกันแต่ต้องทำงานเชื่อมโยงกัน "
                "เพื่อให้ประชาชนได้รับบริการที่ครบถ้วนโดยไม่ต้องติดต่อหลายหน่วยงาน",
            ),
            (
                "บทที่ 2 การบริหารแบบมุ่งผลสัมฤทธิ์",
                "ส่วนราชการกำหนดผลลัพธ์ที่ต้องการให้เกิดกับประชาชน แล้ววัดผลการทำงานจากผลลัพธ์นั้น ไม่ใช่จากจำนวนกิจกรรมหรืองบประมาณที่ใช้ไป",
            ),
        ],
    },
    {
        "identifier": "local:psl-2022-bk02",
        "slug": "public-administration-in-thailand-an-introduction",
        "type": ItemType.BOOK,
        "language": ItemLanguage.ENGLISH,
        "title": "Public Administration in Thailand: An Introduction",
        "creators": ["Wattanakul, Prasert", "Maneewong, Siriporn"],
        "subjects": ["governance", "local-government"],
        "publisher": ORGANISATION_EN,
        "date": "2022",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "An introduction to the Thai state for readers new to its public sector: the ministries, provincial "
            "and local administration, the civil service and two decades of reform."
        ),
        "sections": [
            (
                "Preface",
                "This book introduces the structure of the Thai state, how central, provincial and local "
                "administration divide their work, and the reforms of the past two decades.",
            ),
            (
                "Contents",
                "1. The Thai state and its ministries. 2. Provinces and districts. 3. Local government. "
                "4. The civil service. 5. Public sector reform and digital government.",
            ),
            (
                "คำนำภาษาไทย",
                "หนังสือเล่มนี้แนะนำโครงสร้างการบริหารราชการแผ่นดินของไทยสำหรับผู้อ่านชาวต่างชาติ และผู้เริ่มทำงานร่วมกับหน่วยงานภาครัฐ",
            ),
        ],
    },
    {
        "identifier": "local:ocsc-2565-010",
        "slug": "civil-service-ethics-and-conflicts-of-interest",
        "type": ItemType.BOOK,
        "language": ItemLanguage.THAI,
        "title": "จริยธรรมข้าราชการและการป้องกันผลประโยชน์ทับซ้อน",
        "title_en": "Civil Service Ethics and Preventing Conflicts of Interest",
        "creators": [OCSC, "จิราภรณ์ ศรีวิไล"],
        "subjects": ["governance", "human-resources"],
        "publisher": OCSC,
        "date": "2022-12-09",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "ความหมายของผลประโยชน์ทับซ้อน การรับของขวัญ และกรณีศึกษาที่ข้าราชการพบในการทำงาน พร้อมแนวทางปฏิบัติเมื่อไม่แน่ใจ"
        ),
        "sections": [
            (
                "ผลประโยชน์ทับซ้อนคืออะไร",
                "สถานการณ์ที่เจ้าหน้าที่ของรัฐมีประโยชน์ส่วนตนเกี่ยวข้องกับการตัดสินใจในหน้าที่ "
                "เช่น การจัดซื้อจัดจ้างจากบริษัทของญาติ หรือการรับของขวัญจากผู้ที่กำลังยื่นขออนุญาต",
            ),
            (
                "การรับของขวัญ",
                "รับของขวัญได้เฉพาะตามประเพณีนิยมและมีมูลค่าไม่เกินสามพันบาท หากไม่แน่ใจให้รายงานผู้บังคับบัญชาและปฏิเสธไว้ก่อน",
            ),
        ],
    },
    {
        "identifier": "local:csdi-2567-004",
        "slug": "public-sector-leadership-in-the-digital-era",
        "type": ItemType.BOOK,
        "language": ItemLanguage.THAI,
        "title": "ภาวะผู้นำภาครัฐในยุคดิจิทัล",
        "title_en": "Public Sector Leadership in the Digital Era",
        "creators": [CSDI, "ประเสริฐ วัฒนกุล"],
        "subjects": ["human-resources", "innovation"],
        "publisher": CSDI,
        "date": "2024",
        "access": Access.CIVIL_SERVANTS,
        "rights": ALL_RIGHTS_RESERVED,
        "description": (
            "หนังสือประกอบการพัฒนาผู้บริหารระดับกลางของส่วนราชการ ว่าด้วยการนำทีมในงานที่เปลี่ยนเร็ว "
            "การตัดสินใจด้วยข้อมูล และการสร้างวัฒนธรรมการเรียนรู้"
        ),
        "sections": [
            (
                "คำนำ",
                "ผู้บริหารภาครัฐในวันนี้ต้องนำทีมที่ทำงานทั้งในสำนักงานและทางออนไลน์ ตัดสินใจด้วยข้อมูล "
                "และเปิดโอกาสให้ทีมทดลองสิ่งใหม่โดยยอมรับความผิดพลาดที่เกิดจากการเรียนรู้",
            ),
            (
                "ห้าบทบาทของผู้นำ",
                "กำหนดทิศทางให้ชัด สร้างความไว้วางใจ ตัดสินใจด้วยข้อมูล เชื่อมโยงกับหน่วยงานอื่น และพัฒนาคนในทีมอย่างต่อเนื่อง",
            ),
        ],
    },
    # --- E-books
    {
        "identifier": "local:pdpc-2566-eb01",
        "slug": "50-questions-on-personal-data",
        "type": ItemType.EBOOK,
        "language": ItemLanguage.THAI,
        "title": "50 คำถามเรื่องข้อมูลส่วนบุคคลที่ประชาชนควรรู้",
        "title_en": "50 Questions on Personal Data Every Citizen Should Know",
        "creators": [PDPC],
        "subjects": ["personal-data"],
        "publisher": PDPC,
        "date": "2023-05-28",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "คำถามที่ประชาชนถามบ่อยเรื่องข้อมูลส่วนบุคคล ตั้งแต่การให้สำเนาบัตรประชาชน จนถึงสิ่งที่ต้องทำเมื่อข้อมูลรั่วไหล ตอบด้วยภาษาที่เข้าใจง่าย"
        ),
        "sections": [
            (
                "ถาม: หน่วยงานขอสำเนาบัตรประชาชนได้หรือไม่",
                "ตอบ: ขอได้เมื่อจำเป็นต่อการให้บริการ แต่ต้องแจ้งวัตถุประสงค์ "
                "และไม่ควรขอสำเนาหากตรวจสอบข้อมูลจากระบบของรัฐได้อยู่แล้ว ประชาชนควรเขียนกำกับบนสำเนาว่าใช้เพื่อการใด",
            ),
            (
                "ถาม: ข้อมูลของฉันรั่วไหล ต้องทำอย่างไร",
                "ตอบ: ติดต่อเจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคลของหน่วยงานนั้น และร้องเรียนต่อสำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคลได้ "
                "เปลี่ยนรหัสผ่าน และระวังการหลอกลวงที่อ้างข้อมูลที่รั่วไหล",
            ),
        ],
        "courses": ["pdpa-for-officials"],
    },
    {
        "identifier": "local:psl-2567-eb02",
        "slug": "design-thinking-for-civil-servants",
        "type": ItemType.EBOOK,
        "language": ItemLanguage.THAI,
        "title": "คิดแบบนักออกแบบ: Design Thinking สำหรับข้าราชการ",
        "title_en": "Design Thinking for Civil Servants",
        "creators": ["สุดารัตน์ บุญมา"],
        "subjects": ["innovation", "public-service"],
        "publisher": ORGANISATION_TH,
        "date": "2024-03-01",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "หนังสืออิเล็กทรอนิกส์ขนาดสั้นว่าด้วยการคิดเชิงออกแบบ ห้าขั้นตอนพร้อมตัวอย่างจริงจากสำนักงานเขต "
            "ที่ลดเวลาการให้บริการจากสองวันเหลือสามสิบนาที"
        ),
        "sections": [
            (
                "ห้าขั้นตอนของการคิดเชิงออกแบบ",
                "เข้าใจผู้รับบริการ กำหนดโจทย์ให้ชัด ระดมความคิด สร้างต้นแบบ และทดสอบ "
                "ขั้นตอนเหล่านี้วนซ้ำได้จนกว่าบริการจะแก้ปัญหาของผู้รับบริการได้จริง",
            ),
            (
                "ตัวอย่างจากสำนักงานเขต",
                "ทีมงานสำนักงานเขตแห่งหนึ่งลดเวลาการขอหนังสือรับรองจากสองวันเหลือสามสิบนาที "
                "หลังพบว่าประชาชนต้องเดินทางไปถ่ายสำเนาเอกสารนอกสำนักงาน",
            ),
        ],
        "courses": ["designing-e-services"],
    },
    {
        "identifier": "local:nso-2566-eb01",
        "slug": "data-storytelling-for-agencies",
        "type": ItemType.EBOOK,
        "language": ItemLanguage.THAI,
        "title": "เล่าเรื่องด้วยข้อมูล: การนำเสนอข้อมูลสำหรับหน่วยงานภาครัฐ",
        "title_en": "Data Storytelling for Government Agencies",
        "creators": [NSO, "ศิริพร มณีวงศ์"],
        "subjects": ["statistics", "open-data"],
        "publisher": NSO,
        "date": "2023",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": ("วิธีเลือกแผนภูมิ เขียนหัวเรื่อง และเล่าเรื่องจากข้อมูลสถิติให้ผู้บริหารและประชาชนเข้าใจในครั้งเดียว"),
        "sections": [
            (
                "เลือกแผนภูมิให้เหมาะกับคำถาม",
                "ใช้แผนภูมิแท่งเมื่อเปรียบเทียบ แผนภูมิเส้นเมื่อแสดงแนวโน้มตามเวลา และแผนที่เมื่อคำถามเกี่ยวกับพื้นที่ "
                "หลีกเลี่ยงแผนภูมิวงกลมที่มีมากกว่าห้าส่วน",
            ),
            (
                "เขียนหัวเรื่องที่บอกข้อค้นพบ",
                "หัวเรื่องที่ดีบอกผู้อ่านว่าควรเห็นอะไร เช่น ผู้ใช้บริการออนไลน์เพิ่มขึ้นเท่าตัวในสามปี แทนหัวเรื่องกว้าง ๆ อย่างจำนวนผู้ใช้บริการ",
            ),
        ],
        "courses": ["data-driven-policy"],
    },
    {
        "identifier": "local:dga-2567-eb05",
        "slug": "pocket-guide-to-government-digital-services",
        "type": ItemType.EBOOK,
        "language": ItemLanguage.MULTIPLE,
        "title": "คู่มือฉบับพกพา บริการดิจิทัลภาครัฐ",
        "title_en": "Pocket Guide to Government Digital Services",
        "creators": [DGA_TH],
        "subjects": ["digital-government", "public-service"],
        "publisher": DGA_TH,
        "date": "2024-08-12",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "คู่มือสองภาษาสำหรับประชาชนและชาวต่างชาติ: ยืนยันตัวตนครั้งเดียว ยื่นคำขอ และติดตามสถานะบริการภาครัฐทางออนไลน์ "
            "A bilingual guide to using government services online."
        ),
        "sections": [
            (
                "ยืนยันตัวตนครั้งเดียว ใช้ได้หลายบริการ / One digital ID for many services",
                "ยืนยันตัวตนทางดิจิทัลครั้งเดียวแล้วใช้บริการของหลายหน่วยงานได้โดยไม่ต้องสมัครใหม่ "
                "Verify your identity once and use the services of many agencies without registering again.",
            ),
            (
                "ติดตามคำขอได้ตลอดเวลา / Track your request at any time",
                "ทุกคำขอมีเลขอ้างอิง ตรวจสอบสถานะได้ทางเว็บไซต์และแอปพลิเคชัน "
                "Every request has a reference number: check its status on the website or in the app.",
            ),
        ],
    },
    {
        "identifier": "local:lpdi-2566-eb03",
        "slug": "local-budgets-explained-for-citizens",
        "type": ItemType.EBOOK,
        "language": ItemLanguage.THAI,
        "title": "งบประมาณท้องถิ่นฉบับประชาชน",
        "title_en": "Local Budgets Explained for Citizens",
        "creators": [LPDI, "ธีรพงษ์ อินทร์แก้ว"],
        "subjects": ["local-government", "planning", "governance"],
        "publisher": LPDI,
        "date": "2023-10-01",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "อธิบายที่มาของรายได้และการจัดทำงบประมาณขององค์กรปกครองส่วนท้องถิ่น และช่องทางที่ประชาชนมีส่วนร่วมและติดตามการใช้จ่ายได้"
        ),
        "sections": [
            (
                "งบประมาณมาจากไหน",
                "รายได้ขององค์กรปกครองส่วนท้องถิ่นมาจากภาษีที่จัดเก็บเอง ภาษีที่รัฐจัดเก็บแล้วแบ่งให้ และเงินอุดหนุนจากรัฐบาล",
            ),
            (
                "ประชาชนมีส่วนร่วมได้อย่างไร",
                "ร่วมประชุมประชาคมเพื่อเสนอโครงการเข้าแผนพัฒนาท้องถิ่น ติดตามประกาศจัดซื้อจัดจ้าง และขอดูข้อบัญญัติงบประมาณได้ที่สำนักงาน",
            ),
        ],
    },
    # --- Infographics: one page each
    {
        "identifier": "local:pdpc-2566-ig01",
        "slug": "infographic-reporting-a-data-breach-in-72-hours",
        "type": ItemType.INFOGRAPHIC,
        "language": ItemLanguage.THAI,
        "title": "อินโฟกราฟิก: แจ้งเหตุละเมิดข้อมูลส่วนบุคคลภายใน 72 ชั่วโมง",
        "title_en": "Infographic: Reporting a Personal Data Breach within 72 Hours",
        "creators": [PDPC],
        "subjects": ["personal-data"],
        "publisher": PDPC,
        "date": "2023-09-01",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": "สี่ขั้นตอนที่หน่วยงานต้องทำเมื่อพบเหตุละเมิดข้อมูลส่วนบุคคล ในหน้าเดียว",
        "facts": [
            ("1", "พบเหตุ: แจ้งเจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคลทันที"),
            ("2", "ประเมินความเสี่ยงต่อสิทธิและเสรีภาพของเจ้าของข้อมูล"),
            ("3", "แจ้งสำนักงานภายใน 72 ชั่วโมงนับแต่ทราบเหตุ"),
            ("4", "ความเสี่ยงสูง: แจ้งเจ้าของข้อมูลพร้อมแนวทางเยียวยา"),
        ],
        "sections": [("จำไว้", "บันทึกรายละเอียดเหตุการณ์และการแก้ไขทุกครั้ง แม้เหตุนั้นไม่ต้องแจ้งสำนักงาน")],
        "courses": ["pdpa-for-officials"],
    },
    {
        "identifier": "local:dga-2567-ig02",
        "slug": "infographic-digital-services-in-numbers-2566",
        "type": ItemType.INFOGRAPHIC,
        "language": ItemLanguage.THAI,
        "title": "อินโฟกราฟิก: บริการภาครัฐผ่านระบบดิจิทัลในตัวเลข ปี 2566",
        "title_en": "Infographic: Digital Government Services in Numbers, 2023",
        "creators": [DGA_TH],
        "subjects": ["digital-government", "statistics"],
        "publisher": DGA_TH,
        "date": "2024-01-15",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": "ตัวเลขสำคัญของบริการภาครัฐผ่านระบบดิจิทัลในปีงบประมาณ พ.ศ. 2566",
        "facts": [
            ("12.5 ล้าน", "บัญชีผู้ใช้ที่ยืนยันตัวตนแล้ว"),
            ("1,100+", "บริการที่ยื่นคำขอออนไลน์ได้"),
            ("68%", "คำขอที่ไม่ต้องแนบสำเนาเอกสาร"),
            ("4.5/5", "คะแนนความพึงพอใจเฉลี่ย"),
        ],
        "sections": [
            (
                "ที่มาของข้อมูล",
                "รวบรวมจากระบบบริการของหน่วยงานที่เชื่อมต่อกับศูนย์กลางบริการภาครัฐ ณ สิ้นปีงบประมาณ พ.ศ. 2566",
            )
        ],
    },
    {
        "identifier": "local:ncsa-2567-ig03",
        "slug": "infographic-five-ways-to-a-safer-password",
        "type": ItemType.INFOGRAPHIC,
        "language": ItemLanguage.THAI,
        "title": "อินโฟกราฟิก: 5 วิธีตั้งรหัสผ่านให้ปลอดภัย",
        "title_en": "Infographic: Five Ways to a Safer Password",
        "creators": [NCSA],
        "subjects": ["cybersecurity"],
        "publisher": NCSA,
        "date": "2024-02-01",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": "ห้าวิธีง่าย ๆ ที่ทำให้บัญชีของเจ้าหน้าที่และประชาชนปลอดภัยขึ้น",
        "facts": [
            ("1", "ใช้วลีรหัสผ่านยาวอย่างน้อย 12 ตัวอักษร"),
            ("2", "ไม่ใช้รหัสผ่านเดียวกันกับหลายระบบ"),
            ("3", "เปิดการยืนยันตัวตนแบบหลายปัจจัย"),
            ("4", "ใช้โปรแกรมจัดการรหัสผ่าน"),
            ("5", "เปลี่ยนรหัสผ่านทันทีเมื่อสงสัยว่ารั่วไหล"),
        ],
        "sections": [],
        "courses": ["cyber-threat-response"],
    },
    {
        "identifier": "local:psl-2025-ig04",
        "slug": "thailands-digital-government-at-a-glance",
        "type": ItemType.INFOGRAPHIC,
        "language": ItemLanguage.ENGLISH,
        "title": "Thailand's Digital Government at a Glance",
        "creators": [ORGANISATION_EN],
        "subjects": ["digital-government", "law"],
        "publisher": ORGANISATION_EN,
        "date": "2025-03-10",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": "The laws and shared services behind Thailand's digital government, on one page.",
        "facts": [
            ("2019", "Digital Government Act in force"),
            ("2022", "Electronic Administration Act in force"),
            ("1 ID", "one digital identity for citizen services"),
            ("24/7", "services open around the clock"),
        ],
        "sections": [
            (
                "สรุปภาษาไทย",
                "รัฐบาลดิจิทัลของไทยมีกฎหมายรองรับทั้งการให้บริการผ่านระบบดิจิทัลและการปฏิบัติราชการทางอิเล็กทรอนิกส์ "
                "ประชาชนใช้บัญชีดิจิทัลเดียวติดต่อได้หลายหน่วยงาน",
            )
        ],
    },
    # --- Videos: addresses on the demo's media site, with a drawn cover
    {
        "identifier": "local:pdpc-2566-v01",
        "slug": "video-the-pdpa-in-10-minutes",
        "type": ItemType.VIDEO,
        "language": ItemLanguage.THAI,
        "title": "วิดีโอ: รู้จักกฎหมายคุ้มครองข้อมูลส่วนบุคคลใน 10 นาที",
        "title_en": "Video: The Personal Data Protection Act in 10 Minutes",
        "creators": [PDPC, "อรพรรณ สุขเจริญ"],
        "subjects": ["personal-data", "law"],
        "publisher": PDPC,
        "date": "2023-07-03",
        "access": Access.OPEN,
        "rights": CC_BY,
        "url": f"{MEDIA_SITE}/video/pdpa-in-10-minutes",
        "description": (
            "วิดีโอสั้นอธิบายหลักการของกฎหมายคุ้มครองข้อมูลส่วนบุคคล สิทธิของเจ้าของข้อมูล "
            "และสิ่งที่เจ้าหน้าที่ของรัฐต้องทำ ความยาว 10 นาที มีคำบรรยายภาษาไทย"
        ),
        "courses": ["pdpa-for-officials"],
    },
    {
        "identifier": "local:opdc-2567-v02",
        "slug": "video-applying-for-a-service-online",
        "type": ItemType.VIDEO,
        "language": ItemLanguage.THAI,
        "title": "วิดีโอสาธิต: ยื่นคำขอรับบริการภาครัฐออนไลน์ทีละขั้นตอน",
        "title_en": "Demonstration: Applying for a Government Service Online, Step by Step",
        "creators": [OPDC],
        "subjects": ["public-service", "digital-government"],
        "publisher": OPDC,
        "date": "2024-05-20",
        "access": Access.OPEN,
        "rights": CC_BY,
        "url": f"{MEDIA_SITE}/video/apply-online-step-by-step",
        "description": (
            "สาธิตการยื่นคำขอรับบริการผ่านศูนย์บริการออนไลน์ ตั้งแต่ยืนยันตัวตน กรอกคำขอ ชำระค่าธรรมเนียม จนถึงรับใบอนุญาตอิเล็กทรอนิกส์"
        ),
        "courses": ["designing-e-services"],
    },
    {
        "identifier": "local:dga-2024-v03",
        "slug": "video-open-data-in-action",
        "type": ItemType.VIDEO,
        "language": ItemLanguage.ENGLISH,
        "title": "Open Data in Action: Stories from Thai Provinces",
        "creators": ["Digital Government Development Agency"],
        "subjects": ["open-data", "local-government"],
        "publisher": DGA_EN,
        "date": "2024-11-18",
        "access": Access.OPEN,
        "rights": CC_BY,
        "url": f"{MEDIA_SITE}/video/open-data-in-action",
        "description": (
            "Three short films on provinces that opened their data: flood maps in Ubon Ratchathani, school "
            "budgets in Nan and bus timetables in Khon Kaen. English with Thai subtitles."
        ),
        "courses": ["open-government-data"],
    },
    {
        "identifier": "local:psl-2568-v04",
        "slug": "seminar-recording-towards-digital-government-2570",
        "type": ItemType.VIDEO,
        "language": ItemLanguage.THAI,
        "title": "บันทึกการสัมมนา: ก้าวสู่รัฐบาลดิจิทัล พ.ศ. 2570",
        "title_en": "Seminar Recording: Towards Digital Government 2027",
        "creators": [ORGANISATION_TH, "วิไลวรรณ ศรีประเสริฐ"],
        "subjects": ["digital-government", "innovation"],
        "publisher": ORGANISATION_TH,
        "date": "2025-08-27",
        "access": Access.SIGNED_IN,
        "rights": ALL_RIGHTS_RESERVED,
        "url": f"{MEDIA_SITE}/video/seminar-digital-government-2570",
        "description": (
            "บันทึกการสัมมนาวิชาการประจำปี ผู้บริหารจากหน่วยงานภาครัฐเล่าแผนและบทเรียนของการเปลี่ยนผ่านสู่รัฐบาลดิจิทัล "
            "ความยาว 2 ชั่วโมง 40 นาที"
        ),
    },
    # --- Audio
    {
        "identifier": "local:psl-2567-p12",
        "slug": "podcast-modern-civil-service-episode-12",
        "type": ItemType.AUDIO,
        "language": ItemLanguage.THAI,
        "title": "พอดแคสต์ ราชการยุคใหม่ ตอนที่ 12: ทำงานกับข้อมูลอย่างไรให้ปลอดภัย",
        "title_en": "Modern Civil Service Podcast, Episode 12: Working Safely with Data",
        "creators": ["ณัฐวุฒิ พรหมมา", "ปิยะนุช แก้วมณี"],
        "subjects": ["cybersecurity", "personal-data"],
        "publisher": ORGANISATION_TH,
        "date": "2024-06-14",
        "access": Access.OPEN,
        "rights": CC_BY,
        "url": f"{MEDIA_SITE}/podcast/modern-civil-service/12",
        "description": (
            "คุยกันสบาย ๆ เรื่องการส่งไฟล์ การใช้แฟลชไดรฟ์ และการคุยงานผ่านแอปพลิเคชันแชตอย่างปลอดภัย "
            "สำหรับเจ้าหน้าที่ทุกระดับ ความยาว 28 นาที"
        ),
    },
    {
        "identifier": "local:ocsc-2566-ab01",
        "slug": "audiobook-civil-service-code-of-ethics",
        "type": ItemType.AUDIO,
        "language": ItemLanguage.THAI,
        "title": "หนังสือเสียง: ประมวลจริยธรรมข้าราชการพลเรือน",
        "title_en": "Audiobook: The Civil Service Code of Ethics",
        "creators": [OCSC],
        "subjects": ["governance", "human-resources"],
        "publisher": OCSC,
        "date": "2566",
        "access": Access.OPEN,
        "rights": CC_BY,
        "url": f"{MEDIA_SITE}/audio/civil-service-code-of-ethics",
        "description": (
            "หนังสือเสียงอ่านประมวลจริยธรรมข้าราชการพลเรือนพร้อมคำอธิบาย สำหรับผู้พิการทางการเห็นและผู้ที่ชอบฟัง ความยาว 45 นาที"
        ),
    },
    {
        "identifier": "local:psl-2025-p03",
        "slug": "podcast-service-design-stories-episode-3",
        "type": ItemType.AUDIO,
        "language": ItemLanguage.ENGLISH,
        "title": "Public Service Design Stories, Episode 3: Renewing a Driving Licence",
        "creators": ["Boonma, Sudarat"],
        "subjects": ["public-service", "innovation"],
        "publisher": ORGANISATION_EN,
        "date": "2025-09-09",
        "access": Access.SIGNED_IN,
        "rights": CC_BY,
        "url": f"{MEDIA_SITE}/podcast/service-design-stories/3",
        "description": (
            "How a provincial land transport office redesigned driving licence renewal around the people who "
            "queue for it, told by the team that did it. 34 minutes."
        ),
        "courses": ["designing-e-services"],
    },
    # --- Course material
    {
        "identifier": "local:psl-2567-cm01",
        "slug": "digital-government-essentials-handout",
        "type": ItemType.COURSE_MATERIAL,
        "language": ItemLanguage.THAI,
        "title": "เอกสารประกอบการเรียน หลักสูตรพื้นฐานรัฐบาลดิจิทัล",
        "title_en": "Course Handout: Digital Government Essentials",
        "creators": [ORGANISATION_TH],
        "subjects": ["digital-government"],
        "publisher": ORGANISATION_TH,
        "date": "2024-10-01",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": "เอกสารสรุปเนื้อหาและแบบฝึกหัดท้ายบทของหลักสูตรพื้นฐานรัฐบาลดิจิทัล สำหรับพิมพ์หรืออ่านประกอบบทเรียน",
        "sections": [
            (
                "บทที่ 1 รัฐบาลดิจิทัลคืออะไร",
                "รัฐบาลดิจิทัลไม่ได้หมายถึงการนำเอกสารกระดาษขึ้นเว็บไซต์ "
                "แต่เป็นการออกแบบการทำงานและบริการใหม่โดยใช้ข้อมูลและเทคโนโลยี เพื่อให้ประชาชนได้รับบริการที่ง่ายและรวดเร็วขึ้น",
            ),
            (
                "บทที่ 2 ทักษะดิจิทัลของข้าราชการ",
                "ข้าราชการทุกคนควรใช้เครื่องมือดิจิทัลในการทำงานได้ รู้วิธีรักษาความปลอดภัยของข้อมูล "
                "และเข้าใจกฎหมายที่เกี่ยวข้องกับการให้บริการผ่านระบบดิจิทัล",
            ),
            (
                "แบบฝึกหัดท้ายบท",
                "เลือกบริการหนึ่งของหน่วยงาน เขียนขั้นตอนที่ประชาชนต้องทำในปัจจุบัน และขั้นตอนที่ลดลงได้หากหน่วยงานเชื่อมโยงข้อมูลกัน",
            ),
        ],
        "courses": ["digital-government-basics"],
    },
    {
        "identifier": "local:psl-2567-cm02",
        "slug": "data-driven-policy-lecture-slides",
        "type": ItemType.COURSE_MATERIAL,
        "language": ItemLanguage.THAI,
        "title": "สไลด์ประกอบการบรรยาย การกำหนดนโยบายด้วยข้อมูล",
        "title_en": "Lecture Slides: Data-Driven Policy Making",
        "creators": ["ศิริพร มณีวงศ์"],
        "subjects": ["statistics", "planning"],
        "publisher": ORGANISATION_TH,
        "date": "2024-11-11",
        "access": Access.SIGNED_IN,
        "rights": CC_BY_NC,
        "description": "สไลด์ประกอบการบรรยายของหลักสูตรการกำหนดนโยบายด้วยข้อมูล ตั้งแต่การตั้งคำถามเชิงนโยบายจนถึงการประเมินผล",
        "sections": [
            (
                "ตั้งคำถามเชิงนโยบายให้ตอบได้ด้วยข้อมูล",
                "คำถามที่ดีระบุกลุ่มเป้าหมาย ผลลัพธ์ที่ต้องการ และระยะเวลา เช่น ผู้สูงอายุในจังหวัดใดเข้าถึงบริการสุขภาพทางไกลน้อยที่สุดในปีที่ผ่านมา",
            ),
            (
                "จากข้อมูลสู่ข้อเสนอ",
                "สำรวจข้อมูลที่มี ตรวจสอบคุณภาพ วิเคราะห์ และนำเสนอทางเลือกเชิงนโยบายพร้อมต้นทุนและผลกระทบ ให้ผู้บริหารตัดสินใจได้",
            ),
        ],
        "courses": ["data-driven-policy"],
    },
    {
        "identifier": "local:ncsa-2568-cm03",
        "slug": "cyber-threat-response-exercises",
        "type": ItemType.COURSE_MATERIAL,
        "language": ItemLanguage.THAI,
        "title": "แบบฝึกหัดและกรณีศึกษา การรับมือภัยคุกคามไซเบอร์",
        "title_en": "Exercises and Case Studies: Responding to Cyber Threats",
        "creators": ["ณัฐวุฒิ พรหมมา"],
        "subjects": ["cybersecurity"],
        "publisher": NCSA,
        "date": "2025-01-20",
        "access": Access.CIVIL_SERVANTS,
        "rights": ALL_RIGHTS_RESERVED,
        "description": (
            "กรณีศึกษาเหตุการณ์จริงที่ปรับให้ไม่ระบุหน่วยงาน และแบบฝึกหัดการซ้อมรับมือบนโต๊ะ (Tabletop Exercise) "
            "สำหรับทีมรับมือเหตุการณ์ของหน่วยงาน"
        ),
        "sections": [
            (
                "กรณีศึกษา: อีเมลปลอมจากผู้บริหาร",
                "เจ้าหน้าที่การเงินได้รับอีเมลที่อ้างว่ามาจากผู้บริหาร ขอให้โอนเงินด่วนให้ผู้ขาย "
                "ทีมรับมือพบว่าโดเมนของผู้ส่งต่างจากโดเมนจริงเพียงหนึ่งตัวอักษร",
            ),
            (
                "แบบฝึกหัดการซ้อมบนโต๊ะ",
                "แบ่งทีมเป็นฝ่ายบริหาร ฝ่ายเทคนิค และฝ่ายสื่อสาร รับสถานการณ์ทีละขั้น "
                "แล้วตัดสินใจภายในเวลาที่กำหนด บันทึกสิ่งที่ทีมยังไม่รู้ว่าต้องทำอย่างไร",
            ),
        ],
        "courses": ["cyber-threat-response"],
    },
    {
        "identifier": "local:psl-2025-cm04",
        "slug": "designing-e-services-workbook",
        "type": ItemType.COURSE_MATERIAL,
        "language": ItemLanguage.ENGLISH,
        "title": "Workbook: Designing Electronic Public Services",
        "creators": ["Boonma, Sudarat", "Thongdee, Worawut"],
        "subjects": ["public-service", "innovation"],
        "publisher": ORGANISATION_EN,
        "date": "2025-04-01",
        "access": Access.OPEN,
        "rights": CC_BY,
        "description": (
            "The exercises of the course on designing electronic public services: a journey map, a form "
            "rewritten in plain language and a test with five users. With Thai instructions."
        ),
        "sections": [
            (
                "Exercise 1: Map the journey",
                "Choose a service your agency provides. Write every step a citizen takes, from finding out they "
                "need the service to receiving the result, and mark where they wait or repeat information.",
            ),
            (
                "Exercise 2: Rewrite one form",
                "Remove every question whose answer the government already holds, and rewrite the rest so that "
                "a first-time user understands them without help.",
            ),
            (
                "คำชี้แจงภาษาไทย",
                "ทำแบบฝึกหัดทั้งสองข้อกับบริการจริงของหน่วยงาน แล้วนำผลไปทดสอบกับผู้รับบริการอย่างน้อยห้าคน",
            ),
        ],
        "courses": ["designing-e-services"],
    },
]


# --- The builder


def build_library(demo):
    """Create the subjects and the items of ``ITEMS`` that are missing under ``/library/``, published.

    Every item, new or existing, is put on ``demo.pages`` as ``library:<slug>``.
    """
    index = demo.pages.get("library")
    if index is None:
        return []
    subjects = build_subjects(demo)
    existing = existing_items(index)
    taken = set(index.get_children().filter(slug__in=[spec["slug"] for spec in ITEMS]).values_list("slug", flat=True))
    courses = demo_courses(demo)
    items = []
    for spec in ITEMS:
        item = existing.get(spec["identifier"]) or existing.get(spec["slug"])
        if item is None and spec["slug"] in taken:
            # Another kind of page holds the address: say so and go on.
            if demo.stdout is not None:
                demo.stdout.write(f"  The library item {spec['slug']} was not added: another page has its address.")
            continue
        if item is None:
            item = create_item(demo, index, spec, subjects, courses)
        demo.pages[f"library:{spec['slug']}"] = item
        items.append(item)
    return items


def build_subjects(demo):
    """The subjects of ``SUBJECTS`` by key, found by their Thai name or created."""
    names = [name for name, _name_en in SUBJECTS.values()]
    existing = {subject.name: subject for subject in Subject.objects.filter(name__in=names)}
    subjects = {}
    for key, (name, name_en) in SUBJECTS.items():
        subject = existing.get(name)
        if subject is None:
            subject = Subject.objects.create(name=name, name_en=name_en)
            demo.changed(f"created the library subject {name_en}")
        subjects[key] = subject
    return subjects


def existing_items(index):
    """The demo's items that exist, by identifier (anywhere) and by slug (under ``index``)."""
    identifiers = [spec["identifier"] for spec in ITEMS]
    slugs = [spec["slug"] for spec in ITEMS]
    under_index = index.get_children().filter(slug__in=slugs).values("pk")
    found = LibraryItemPage.objects.filter(Q(identifier__in=identifiers) | Q(pk__in=under_index))
    by_key = {}
    for item in found:
        by_key[item.identifier] = item
        if item.is_child_of(index):
            by_key[item.slug] = item
    return by_key


def demo_courses(demo):
    """The demo courses the items relate to, by slug: those ``build_courses`` made, else found by slug."""
    from courses.models import CoursePage

    slugs = {slug for spec in ITEMS for slug in spec.get("courses", ())}
    courses = {slug: demo.pages[f"course:{slug}"] for slug in slugs if f"course:{slug}" in demo.pages}
    missing = slugs - courses.keys()
    if missing and "courses" in demo.pages:
        courses.update(
            (course.slug, course)
            for course in CoursePage.objects.child_of(demo.pages["courses"]).filter(slug__in=missing)
        )
    return courses


def create_item(demo, index, spec, subjects, courses):
    """One published item from its spec: its PDF (or, for media, its drawn cover), creators, subjects, courses."""
    rights, rights_url = spec["rights"]
    item = LibraryItemPage(
        title=spec["title"],
        slug=spec["slug"],
        title_en=spec.get("title_en", ""),
        description=f"<p>{escape(spec['description'])}</p>",
        publisher=spec["publisher"],
        date_issued=normalise_date_issued(spec["date"]),
        item_type=spec["type"],
        language=spec["language"],
        identifier=spec["identifier"],
        rights=rights,
        rights_url=rights_url,
        access=spec["access"],
        external_url=spec.get("url", ""),
    )
    if has_pdf(spec):
        # Saving the item reads the PDF: its format, its text and a cover drawn from its first page.
        item.document = item_document(demo, spec)
    else:
        item.cover = media_cover(demo, spec)
    for position, name in enumerate(spec["creators"]):
        item.creators.add(LibraryItemCreator(name=name, sort_order=position))
    item.subjects = [subjects[key] for key in spec["subjects"]]
    related = [courses[slug] for slug in spec.get("courses", ()) if slug in courses]
    if related:
        item.related_courses = related
    index.add_child(instance=item)
    item.save_revision().publish()
    demo.changed(f"created the library item {item.url_path}")
    return item


def has_pdf(spec):
    return "sections" in spec or "facts" in spec


def item_document(demo, spec):
    """The item's PDF as a Wagtail document of the item's title, drawn and saved when missing."""
    document_model = get_document_model()
    document = document_model.objects.filter(title=spec["title"]).first()
    if document is not None:
        return document
    document = document_model(title=spec["title"])
    document.file.save(f"{spec['slug']}.pdf", ContentFile(item_pdf(spec["identifier"])), save=False)
    document._set_document_file_metadata()
    document.save()
    demo.changed(f"created the library file {document.file.name}")
    return document


def media_cover(demo, spec):
    """A video's or an audio item's cover: the Wagtail image of that title, drawn and saved when missing."""
    image_model = get_image_model()
    title = COVER_TITLE.format(title=spec["title"])
    image = image_model.objects.filter(title=title).first()
    if image is not None:
        return image
    image = image_model(title=title)
    image.file = ImageFile(BytesIO(media_cover_png(spec["identifier"])), name=f"library-cover-{spec['slug']}.png")
    image._set_image_file_metadata()
    image.save()
    demo.changed(f"created the cover image {title}")
    return image


# --- The PDFs

PAGE_WIDTH, PAGE_HEIGHT = 210, 297  # A4 portrait, millimetres
MARGIN = 18
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
CONTENT_TOP = 26
CONTENT_BOTTOM = PAGE_HEIGHT - 22
INK = (33, 37, 41)
MUTED = (90, 98, 106)
WHITE = (255, 255, 255)
# Fixed, so the same spec gives the same file on every run.
PDF_DATE = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
DEMO_NOTE = {
    "th": "เอกสารตัวอย่างเพื่อการสาธิตระบบ ชื่อบุคคลและตัวเลขในเอกสารนี้เป็นข้อมูลสมมติ",
    "en": "A demonstration document: the names and figures in it are made up.",
}

# Each type's colour and its name on the PDF's cover (Thai, English).
TYPE_STYLES = {
    ItemType.BOOK: ("#7a4b27", "หนังสือ", "Book"),
    ItemType.EBOOK: ("#0f6e6e", "หนังสืออิเล็กทรอนิกส์", "E-book"),
    ItemType.REPORT: ("#1d3f72", "รายงาน", "Report"),
    ItemType.MANUAL: ("#1f6b3a", "คู่มือและแนวทาง", "Manual and guide"),
    ItemType.RESEARCH: ("#5b2c83", "งานวิจัย", "Research"),
    ItemType.LAW: ("#8a1c2b", "กฎหมายและระเบียบ", "Law and regulation"),
    ItemType.INFOGRAPHIC: ("#b5541c", "อินโฟกราฟิก", "Infographic"),
    ItemType.VIDEO: ("#a32620", "วิดีโอ", "Video"),
    ItemType.AUDIO: ("#3949ab", "เสียง", "Audio"),
    ItemType.COURSE_MATERIAL: ("#4e6b1f", "เอกสารประกอบหลักสูตร", "Course material"),
}

LABELS = {
    "th": {"summary": "สาระสำคัญ", "creators": "ผู้จัดทำ", "issued": "เผยแพร่", "identifier": "เลขระบุ",
           "rights": "สัญญาอนุญาต", "figures": "ตัวเลขสำคัญ"},
    "en": {"summary": "Summary", "creators": "Authors", "issued": "Published", "identifier": "Identifier",
           "rights": "Licence", "figures": "Key figures"},
}  # fmt: skip


# The drawings are kept for the life of the process: the tests load the demo many times.
@cache
def item_pdf(identifier):
    """The PDF of the item with this identifier, as bytes."""
    return DemoPdf(ITEMS_BY_IDENTIFIER[identifier]).render()


@cache
def demo_note_png(language):
    """The footer's note that the document is a demonstration, drawn as a PNG (transparent, in the muted grey)."""
    font = ImageFont.truetype(str(FONT_DIR / "Sarabun_400Regular.ttf"), 40, layout_engine=ImageFont.Layout.RAQM)
    text = DEMO_NOTE[language]
    left, top, right, bottom = font.getbbox(text)
    image = Image.new("RGBA", (right + 4, bottom + 8), (0, 0, 0, 0))
    ImageDraw.Draw(image).text((2, 2), text, font=font, fill=(*MUTED, 255))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@cache
def media_cover_png(identifier):
    """The drawn cover of the video or audio item with this identifier, as PNG bytes."""
    return draw_media_cover(ITEMS_BY_IDENTIFIER[identifier])


def hex_to_rgb(value):
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def tint(colour, share):
    """``colour`` mixed with white: ``share`` of white (0 to 1)."""
    return tuple(round(c + (255 - c) * share) for c in colour)


OPENING = "([{“‘"
CLOSING = ")]}”’,.;:!?%…"
QUOTES = "\"'"


def words(text):
    """``text`` split where a line may break: between words (Thai words found by PyThaiNLP), spaces
    apart, brackets and quotes kept with the word they enclose, punctuation with the word before."""
    from pythainlp.tokenize import word_tokenize

    found, glue, previous = [], False, None
    for token in word_tokenize(text, engine="newmm", keep_whitespace=True):
        opening = token in OPENING or (token in QUOTES and (previous is None or previous.isspace()))
        closing = not opening and not token.isspace() and all(char in CLOSING + QUOTES for char in token)
        if found and (glue or closing):
            found[-1] += token
        else:
            found.append(token)
        glue, previous = opening, token
    return found


def wrap(text, width, measure):
    """``text`` in lines no wider than ``width`` (as ``measure`` gives it), broken between ``words``."""
    lines, line = [], ""
    for word in words(text):
        candidate = line + word
        if line.strip() and measure(candidate.rstrip()) > width:
            lines.append(line.rstrip())
            line = word.lstrip()
        else:
            line = candidate
    if line.strip():
        lines.append(line.rstrip())
    return lines


def thai_issued(date_issued, language):
    """ "พ.ศ. 2566" or "15 มิถุนายน 2566" in Thai; "2023" or "15 June 2023" in English."""
    if len(date_issued) == 4:
        return date_issued if language == "en" else f"พ.ศ. {int(date_issued) + 543}"
    return format_date(datetime.date.fromisoformat(date_issued), language=language)


class DemoPdf(ThaiPDF):
    """One demo item's PDF: a cover page, a page of its summary and sections, its key figures; or an infographic."""

    def __init__(self, spec):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.spec = spec
        self.language = "en" if spec["language"] == ItemLanguage.ENGLISH else "th"
        self.labels = LABELS[self.language]
        colour, self.type_th, self.type_en = TYPE_STYLES[spec["type"]]
        self.colour = hex_to_rgb(colour)
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_creation_date(PDF_DATE)
        self.set_title(spec["title"])
        self.set_author("; ".join(spec["creators"]))
        self.set_lang(self.language)
        self.set_creator(ORGANISATION_EN)

    def render(self):
        if self.spec["type"] == ItemType.INFOGRAPHIC:
            self.draw_infographic()
        else:
            self.draw_cover()
            self.draw_summary()
            if self.spec.get("facts"):
                self.draw_figures()
        return self.thai_output()

    # Every page

    def header(self):
        if self.page_no() == 1:
            return
        self.set_fill_color(*self.colour)
        self.rect(0, 0, PAGE_WIDTH, 5, style="F")
        self.set_font("Sarabun", "", 9)
        self.set_text_color(*MUTED)
        self.set_xy(MARGIN, 10)
        self.cell(CONTENT_WIDTH, 5, self.fitted(self.spec["title"], CONTENT_WIDTH))

    def footer(self):
        # The note is a picture: as text it would put its words in every item's full text, and
        # a search for one of them (ข้อมูล, บุคคล) would find every item.
        self.image(
            BytesIO(demo_note_png(self.language)),
            x=MARGIN,
            y=PAGE_HEIGHT - 13,
            h=3.6,
            alt_text=DEMO_NOTE[self.language],
        )
        self.set_font("Sarabun", "", 8)
        self.set_text_color(*MUTED)
        self.set_xy(PAGE_WIDTH - MARGIN - 12, PAGE_HEIGHT - 13)
        self.cell(12, 4, str(self.page_no()), align="R")

    # Drawing helpers

    def fitted(self, text, width):
        """``text`` cut short with an ellipsis to fit ``width`` in the current font."""
        if self.text_width(text) <= width:
            return text
        while text and self.text_width(text + "…") > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def text_width(self, text):
        """``text``'s width in the current font, from the glyphs' advances without shaping.

        Thai vowel and tone marks take no room, so this is the shaped width near enough to
        wrap lines by, and far quicker than fpdf2's ``get_string_width`` with shaping on.
        """
        return self.current_font.get_text_width(text, self.font_size_pt, None)[1] / self.k

    def lines(self, text, size, style="", width=CONTENT_WIDTH):
        self.set_font("Sarabun", style, size)
        return wrap(text, width, self.text_width)

    def write_lines(self, lines, line_height, colour=INK, x=MARGIN, width=CONTENT_WIDTH, align="L"):
        """Write ``lines`` (wrapped in the current font) from the current height, going on to a new page when full."""
        self.set_text_color(*colour)
        for line in lines:
            if self.get_y() + line_height > CONTENT_BOTTOM:
                font = (self.font_family, self.font_style, self.font_size_pt)
                self.add_page()
                self.set_y(CONTENT_TOP)
                self.set_font(*font)
                self.set_text_color(*colour)
            self.set_x(x)
            self.cell(width, line_height, line, align=align, new_x="LMARGIN", new_y="NEXT")

    def paragraph(self, text, size=12.5, style="", colour=INK, line_height=6.6, space_after=3):
        self.write_lines(self.lines(text, size, style), line_height, colour)
        self.set_y(self.get_y() + space_after)

    def heading(self, text):
        lines = self.lines(text, 15, "B")
        if self.get_y() + 8 * len(lines) + 14 > CONTENT_BOTTOM:
            self.add_page()
            self.set_y(CONTENT_TOP)
            self.set_font("Sarabun", "B", 15)
        self.set_y(self.get_y() + 3)
        self.write_lines(lines, 8, self.colour)
        self.set_y(self.get_y() + 1)

    def title_lines(self, text, sizes, width=CONTENT_WIDTH, most=4):
        """The title wrapped at the largest of ``sizes`` that needs no more than ``most`` lines."""
        for size in sizes:
            lines = self.lines(text, size, "B", width)
            if len(lines) <= most:
                break
        return size, lines

    def type_label(self):
        return self.type_en if self.language == "en" else f"{self.type_th} · {self.type_en}"

    def band(self, height):
        """The coloured band at the top of a cover or an infographic, with the type and the publisher."""
        self.set_fill_color(*self.colour)
        self.rect(0, 0, PAGE_WIDTH, height, style="F")
        with self.local_context(fill_opacity=0.12):
            self.set_fill_color(*WHITE)
            self.circle(PAGE_WIDTH - 8, 18, 46, style="F")
            self.circle(PAGE_WIDTH - 40, height - 6, 22, style="F")
        self.set_font("Sarabun", "B", 10.5)
        self.set_text_color(*WHITE)
        self.set_xy(MARGIN, 14)
        self.cell(CONTENT_WIDTH, 5, self.type_label().upper())
        self.set_font("Sarabun", "", 11.5)
        self.set_text_color(*tint(self.colour, 0.8))
        self.set_xy(MARGIN, 21)
        self.cell(CONTENT_WIDTH, 6, self.fitted(self.spec["publisher"], CONTENT_WIDTH))

    # Pages

    def draw_cover(self):
        spec = self.spec
        self.add_page()
        band = 132
        self.band(band)
        size, lines = self.title_lines(spec["title"], (26, 22, 19))
        self.set_y(44)
        self.write_lines(lines, size * 0.47, WHITE)
        if spec.get("title_en"):
            self.set_y(self.get_y() + 4)
            self.write_lines(self.lines(spec["title_en"], 13), 6.5, tint(self.colour, 0.8))

        self.set_y(band + 14)
        rows = [
            (self.labels["creators"], spec["creators"]),
            (self.labels["issued"], [thai_issued(normalise_date_issued(spec["date"]), self.language)]),
            (self.labels["identifier"], [spec["identifier"]]),
            (self.labels["rights"], [spec["rights"][0]]),
        ]
        for label, values in rows:
            self.set_font("Sarabun", "B", 10)
            self.write_lines([label.upper()], 5.5, self.colour)
            self.set_font("Sarabun", "", 13)
            self.write_lines(values, 6.8, INK)
            self.set_y(self.get_y() + 4)

    def draw_summary(self):
        self.add_page()
        self.set_y(CONTENT_TOP)
        self.heading(self.labels["summary"])
        self.paragraph(self.spec["description"])
        for heading, text in self.spec.get("sections", ()):
            self.heading(heading)
            self.paragraph(text)

    def draw_figures(self):
        self.add_page()
        self.set_y(CONTENT_TOP)
        self.heading(self.labels["figures"])
        self.fact_boxes(self.spec["facts"], self.get_y() + 2)

    def fact_boxes(self, facts, top, height=46, gap=8):
        """``facts`` (figure, label) in boxes, two to a row, from ``top``; returns the height below the last row."""
        width = (CONTENT_WIDTH - gap) / 2
        y = top
        for position, (figure, label) in enumerate(facts):
            column = position % 2
            if column == 0 and position:
                y += height + gap
            x = MARGIN + column * (width + gap)
            self.set_fill_color(*tint(self.colour, 0.88))
            self.rect(x, y, width, height, style="F", round_corners=True, corner_radius=4)
            self.set_font("Sarabun", "B", 26)
            self.set_text_color(*self.colour)
            self.set_xy(x + 6, y + 5)
            self.cell(width - 12, 13, self.fitted(figure, width - 12))
            self.set_xy(x + 6, y + 21)
            self.write_lines(self.lines(label, 12, width=width - 12)[:3], 6.2, INK, x=x + 6, width=width - 12)
        return y + height

    def draw_infographic(self):
        spec = self.spec
        self.add_page()
        band = 84
        self.band(band)
        size, lines = self.title_lines(spec["title"], (24, 20, 17), most=3)
        self.set_y(36)
        self.write_lines(lines, size * 0.47, WHITE)
        if spec.get("title_en"):
            self.set_y(self.get_y() + 2)
            self.write_lines(self.lines(spec["title_en"], 11.5)[:2], 5.8, tint(self.colour, 0.8))
        self.set_y(band + 8)
        self.paragraph(spec["description"], size=13, colour=MUTED)
        bottom = self.fact_boxes(spec["facts"], self.get_y() + 2, height=40, gap=6)
        self.set_y(bottom + 4)
        for heading, text in spec.get("sections", ()):
            self.heading(heading)
            self.paragraph(text)


# --- The covers of videos and audio

# Drawn at the size of an A4 page at 96 dpi, saved at the height of the covers drawn from the PDFs.
DRAWING_SIZE = (800, 1131)
COVER_HEIGHT = 600
COVER_TITLE = "ปก: {title}"


def draw_media_cover(spec, height=COVER_HEIGHT):
    """A PNG: the type's colour, a play button or sound bars, the title in Sarabun, the publisher and the date."""
    size = DRAWING_SIZE
    width, drawing_height = size
    colour = hex_to_rgb(TYPE_STYLES[spec["type"]][0])
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image, "RGBA")
    draw.ellipse((width - 330, -250, width + 310, 390), fill=(255, 255, 255, 30))
    draw.ellipse((-220, drawing_height - 330, 340, drawing_height + 230), fill=(0, 0, 0, 34))

    def font(weight, points):
        name = "Sarabun_700Bold.ttf" if weight == "bold" else "Sarabun_400Regular.ttf"
        return ImageFont.truetype(str(FONT_DIR / name), points, layout_engine=ImageFont.Layout.RAQM)

    margin = 64
    _, type_th, type_en = TYPE_STYLES[spec["type"]]
    label = type_en if spec["language"] == ItemLanguage.ENGLISH else f"{type_th} · {type_en}"
    label_font = font("bold", 28)
    label_width = label_font.getlength(label)
    draw.rounded_rectangle(
        (margin, margin, margin + label_width + 48, margin + 56), radius=28, outline=(255, 255, 255, 220), width=3
    )
    draw.text((margin + 24, margin + 8), label, font=label_font, fill=WHITE)

    # The play button or the sound bars.
    cx, cy, radius = width // 2, 370, 130
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(255, 255, 255, 235))
    if spec["type"] == ItemType.VIDEO:
        draw.polygon([(cx - 40, cy - 62), (cx - 40, cy + 62), (cx + 68, cy)], fill=colour)
    else:
        for n, share in enumerate((0.35, 0.7, 1.0, 0.55, 0.8, 0.4)):
            x = cx - 88 + n * 32
            half = int(share * 70)
            draw.rounded_rectangle((x, cy - half, x + 18, cy + half), radius=9, fill=colour)

    text_width = width - 2 * margin
    for points in (54, 46, 40):
        title_font = font("bold", points)
        lines = wrap(spec["title"], text_width, title_font.getlength)
        if len(lines) <= 4:
            break
    y = 560
    for line in lines:
        draw.text((margin, y), line, font=title_font, fill=WHITE)
        y += int(points * 1.45)
    if spec.get("title_en"):
        english_font = font("regular", 28)
        y += 14
        for line in wrap(spec["title_en"], text_width, english_font.getlength)[:2]:
            draw.text((margin, y), line, font=english_font, fill=(*tint(colour, 0.8), 255))
            y += 40

    small = font("regular", 26)
    language = "en" if spec["language"] == ItemLanguage.ENGLISH else "th"
    issued = thai_issued(normalise_date_issued(spec["date"]), language)
    bottom = drawing_height - 170
    draw.line((margin, bottom, width - margin, bottom), fill=(255, 255, 255, 120), width=2)
    for line in wrap(spec["publisher"], text_width, small.getlength)[:2]:
        draw.text((margin, bottom + 20), line, font=small, fill=WHITE)
        bottom += 38
    draw.text((margin, bottom + 24), issued, font=small, fill=(*tint(colour, 0.8), 255))
    image = image.resize((round(width * height / drawing_height), height), Image.Resampling.LANCZOS)
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


ITEMS_BY_IDENTIFIER = {spec["identifier"]: spec for spec in ITEMS}
