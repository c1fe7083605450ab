"""Demo builder: a sample of real Thai ministries, departments, divisions and state enterprises.

Agencies are matched by ``code``; one is saved only when a value differs, so a second
run changes nothing. Abbreviations are left blank where no Thai abbreviation is in
common official use.
"""

from lms.demo import sync
from lms.models import Agency

MINISTRY = Agency.Level.MINISTRY
DEPARTMENT = Agency.Level.DEPARTMENT
DIVISION = Agency.Level.DIVISION

# (code, parent code, level, Thai name, English name, abbreviation, state enterprise);
# parents come before their children.
AGENCIES = (
    ("OPM", None, MINISTRY, "สำนักนายกรัฐมนตรี", "Office of the Prime Minister", "นร.", False),
    ("OCSC", "OPM", DEPARTMENT, "สำนักงานคณะกรรมการข้าราชการพลเรือน", "Office of the Civil Service Commission", "สำนักงาน ก.พ.", False),
    ("CSDI", "OCSC", DIVISION, "สถาบันพัฒนาข้าราชการพลเรือน", "Civil Service Development Institute", "", False),
    ("OPDC", "OPM", DEPARTMENT, "สำนักงานคณะกรรมการพัฒนาระบบราชการ", "Office of the Public Sector Development Commission", "สำนักงาน ก.พ.ร.", False),
    ("BB", "OPM", DEPARTMENT, "สำนักงบประมาณ", "Bureau of the Budget", "สงป.", False),
    ("MDES", None, MINISTRY, "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", "Ministry of Digital Economy and Society", "ดศ.", False),
    ("OPS-MDES", "MDES", DEPARTMENT, "สำนักงานปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", "Office of the Permanent Secretary, Ministry of Digital Economy and Society", "สป.ดศ.", False),
    ("NSO", "MDES", DEPARTMENT, "สำนักงานสถิติแห่งชาติ", "National Statistical Office", "สสช.", False),
    ("NSO-CMI", "NSO", DIVISION, "สำนักงานสถิติจังหวัดเชียงใหม่", "Chiang Mai Provincial Statistical Office", "", False),
    ("TMD", "MDES", DEPARTMENT, "กรมอุตุนิยมวิทยา", "Thai Meteorological Department", "", False),
    ("MOF", None, MINISTRY, "กระทรวงการคลัง", "Ministry of Finance", "กค.", False),
    ("CGD", "MOF", DEPARTMENT, "กรมบัญชีกลาง", "The Comptroller General's Department", "บก.", False),
    ("RD", "MOF", DEPARTMENT, "กรมสรรพากร", "The Revenue Department", "", False),
    ("CUSTOMS", "MOF", DEPARTMENT, "กรมศุลกากร", "The Customs Department", "", False),
    ("MOI", None, MINISTRY, "กระทรวงมหาดไทย", "Ministry of Interior", "มท.", False),
    ("DOPA", "MOI", DEPARTMENT, "กรมการปกครอง", "Department of Provincial Administration", "ปค.", False),
    ("DLA", "MOI", DEPARTMENT, "กรมส่งเสริมการปกครองท้องถิ่น", "Department of Local Administration", "สถ.", False),
    ("LPDI", "DLA", DIVISION, "สถาบันพัฒนาบุคลากรท้องถิ่น", "Local Personnel Development Institute", "", False),
    ("MEA", "MOI", DEPARTMENT, "การไฟฟ้านครหลวง", "Metropolitan Electricity Authority", "กฟน.", True),
    ("MWA", "MOI", DEPARTMENT, "การประปานครหลวง", "Metropolitan Waterworks Authority", "กปน.", True),
    ("MOPH", None, MINISTRY, "กระทรวงสาธารณสุข", "Ministry of Public Health", "สธ.", False),
    ("OPS-MOPH", "MOPH", DEPARTMENT, "สำนักงานปลัดกระทรวงสาธารณสุข", "Office of the Permanent Secretary, Ministry of Public Health", "สป.สธ.", False),
    ("DDC", "MOPH", DEPARTMENT, "กรมควบคุมโรค", "Department of Disease Control", "คร.", False),
    ("IUDC", "DDC", DIVISION, "สถาบันป้องกันควบคุมโรคเขตเมือง", "Institute for Urban Disease Control and Prevention", "สปคม.", False),
    ("DMS", "MOPH", DEPARTMENT, "กรมการแพทย์", "Department of Medical Services", "", False),
    ("MOE", None, MINISTRY, "กระทรวงศึกษาธิการ", "Ministry of Education", "ศธ.", False),
    ("OPS-MOE", "MOE", DEPARTMENT, "สำนักงานปลัดกระทรวงศึกษาธิการ", "Office of the Permanent Secretary, Ministry of Education", "สป.ศธ.", False),
    ("OBEC", "MOE", DEPARTMENT, "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน", "Office of the Basic Education Commission", "สพฐ.", False),
    ("OVEC", "MOE", DEPARTMENT, "สำนักงานคณะกรรมการการอาชีวศึกษา", "Office of the Vocational Education Commission", "สอศ.", False),
    ("MOL", None, MINISTRY, "กระทรวงแรงงาน", "Ministry of Labour", "รง.", False),
    ("DSD", "MOL", DEPARTMENT, "กรมพัฒนาฝีมือแรงงาน", "Department of Skill Development", "กพร.", False),
)  # fmt: skip


def build_agencies(demo):
    """Create or correct every agency in ``AGENCIES``; put them on ``demo.agencies`` by code."""
    existing = {
        agency.code: agency
        for agency in Agency.objects.select_related("parent").filter(code__in=[row[0] for row in AGENCIES])
    }
    for code, parent_code, level, name_th, name_en, abbreviation, state_enterprise in AGENCIES:
        values = {
            "name_th": name_th,
            "name_en": name_en,
            "abbreviation": abbreviation,
            "level": level,
            "parent": demo.agencies[parent_code] if parent_code else None,
            "is_state_enterprise": state_enterprise,
        }
        agency = existing.get(code)
        if agency is None:
            agency = Agency.objects.create(code=code, **values)
            demo.changed(f"created the agency {code}")
        elif sync(agency, values):
            demo.changed(f"updated the agency {code}")
        demo.agencies[code] = agency
    return demo.agencies
