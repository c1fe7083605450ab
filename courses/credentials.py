"""Certificates as Open Badges 3.0 credentials, signed by the platform as VC-JWT (EdDSA, Ed25519).

``credential_for(certificate)`` builds the ``OpenBadgeCredential`` (W3C VC Data Model 2.0
contexts plus the Open Badges 3.0.3 context); ``sign(credential)`` secures it as a compact
JWS whose payload is the credential itself with the registered claims Open Badges 3.0
(§8.2) adds (``iss``, ``jti``, ``nbf``, ``exp`` when it expires). The JOSE header says
``alg: EdDSA``, ``typ: vc+jwt``, ``kid`` (the RFC 7638 thumbprint of the public key) and
``jku`` (the address of the key set); a verifier checks the signature with the key of that
``kid`` published at ``/.well-known/jwks.json`` (``jwks()``).

The signing key is an Ed25519 private key in PEM, from the ``CERTIFICATE_SIGNING_KEY``
environment variable or else the file ``CERTIFICATE_SIGNING_KEY_FILE`` (made by
``manage.py make_certificate_key``); never from git. Without one, nothing is signed:
``signing_key()`` is None, the key set is empty and the credential view answers 503.
Several app servers must be given the same key.

Credentials are signed when asked for, not stored: Ed25519 signatures are deterministic,
so the same certificate gives the same token until its status changes. Revocation is
carried in ``credentialStatus`` (see ``credential_status``); because a token fetched
before a revocation stays validly signed, ``credentialStatus.id`` points at the live
answer (the credential address), which a verifier should fetch.
"""

import base64
import datetime
import hashlib
import json
import logging
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .models.certificates import CertificateStatus

logger = logging.getLogger(__name__)

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
CREDENTIAL_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
VC_JWT_MEDIA_TYPE = "application/vc+jwt"
ALGORITHM = "EdDSA"
# The status method is the platform's own (documented in the README): simpler than a
# revocation list, and honest about being a pointer to the live answer.
STATUS_TYPE = "GovTechLearningCertificateStatus"

# Credentials are data, not interface: the same for every visitor, so their sentences are
# written in Thai and English here rather than translated for the one who asks.
COURSE_CRITERIA = (
    "เรียนครบทุกบทเรียนที่กำหนดและผ่านแบบทดสอบตามเกณฑ์ของหลักสูตร"
    " / Completed every required lesson and passed the quizzes the course's completion rule requires."
)
ATTENDANCE_CRITERIA = "เข้าร่วมการอบรมครบตามที่กำหนด / Attended the training as required."


@dataclass(frozen=True)
class SigningKey:
    """The platform's Ed25519 key pair: the private key signs, ``public_jwk`` is published."""

    private_key: Ed25519PrivateKey = field(repr=False)
    public_jwk: dict
    kid: str


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def thumbprint(jwk):
    """The RFC 7638 thumbprint of an OKP public key (SHA-256, base64url): its ``kid``."""
    required = {name: jwk[name] for name in ("crv", "kty", "x")}
    canonical = json.dumps(required, separators=(",", ":"), sort_keys=True).encode()
    return _b64url(hashlib.sha256(canonical).digest())


def new_private_key_pem():
    """A fresh Ed25519 private key as PKCS#8 PEM bytes (for ``make_certificate_key``)."""
    return Ed25519PrivateKey.generate().private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )


@lru_cache(maxsize=4)
def load_signing_key(pem):
    """The ``SigningKey`` of PEM bytes; ValueError when they are not an Ed25519 private key."""
    private_key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(private_key, Ed25519PrivateKey):
        raise ValueError("the certificate signing key must be an Ed25519 private key")
    raw_public = private_key.public_key().public_bytes(
        encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw
    )
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": _b64url(raw_public)}
    kid = thumbprint(jwk)
    return SigningKey(private_key=private_key, public_jwk={**jwk, "kid": kid, "use": "sig", "alg": ALGORITHM}, kid=kid)


def configured_pem():
    """The PEM bytes of the configured key, or None: the environment variable, else the file."""
    text = (settings.CERTIFICATE_SIGNING_KEY or "").strip()
    if text:
        # A PEM in a one-line environment file may carry its line breaks as "\n".
        return text.replace("\\n", "\n").encode()
    path = Path(settings.CERTIFICATE_SIGNING_KEY_FILE)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        logger.exception("Cannot read the certificate signing key file %s", path)
        return None


def signing_key():
    """The configured ``SigningKey``, or None when there is none (or it cannot be read; logged)."""
    pem = configured_pem()
    if not pem:
        return None
    try:
        return load_signing_key(pem)
    except (ValueError, TypeError):
        logger.exception("The certificate signing key is not a readable Ed25519 private key in PEM")
        return None


def retired_public_keys():
    """The public keys of earlier signing keys (``CERTIFICATE_RETIRED_KEYS_FILE``), or none."""
    path = Path(settings.CERTIFICATE_RETIRED_KEYS_FILE)
    try:
        keys = json.loads(path.read_text(encoding="utf-8")).get("keys", [])
    except FileNotFoundError:
        return []
    except (OSError, ValueError, AttributeError):
        logger.exception("Cannot read the retired certificate keys in %s", path)
        return []
    return [key for key in keys if isinstance(key, dict) and key.get("kty") == "OKP" and key.get("kid")]


def jwks():
    """The published key set: the public half of the signing key, then earlier keys still honoured.

    Retired keys verify credentials fetched before a key change; nothing new is signed with them.
    """
    key = signing_key()
    keys = [dict(key.public_jwk)] if key is not None else []
    seen = {entry["kid"] for entry in keys}
    for retired in retired_public_keys():
        if retired["kid"] not in seen:
            seen.add(retired["kid"])
            keys.append(retired)
    return {"keys": keys}


# --- The credential


def _base_url():
    return settings.PUBLIC_BASE_URL.rstrip("/")


def absolute(path):
    """``path`` on the site's public address (``PUBLIC_BASE_URL``)."""
    return f"{_base_url()}{path}"


def verification_url(certificate):
    """The credential's ``id``: the public verification page, the very address printed on the PDF."""
    from .services.certificates import verification_url as printed_url

    return printed_url(certificate)


def credential_url(certificate):
    return absolute(reverse("certificates:credential", args=[certificate.grouped_code]))


def issuer_id():
    """The issuer's stable id: the address of its profile."""
    return absolute(reverse("certificates:issuer"))


def jwks_url():
    return absolute(reverse("jwks"))


def issuer_profile(name_th, name_en=""):
    """An Open Badges ``Profile`` of the issuer, with the name as given."""
    profile = {"id": issuer_id(), "type": ["Profile"], "name": name_th, "url": f"{_base_url()}/"}
    if name_en:
        profile["description"] = name_en
    return profile


def _timestamp(moment):
    """ISO 8601 in UTC to the second, e.g. ``2026-11-24T03:15:00Z``."""
    return moment.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def valid_until(certificate):
    """The last moment a certificate with an expiry date is valid: the end of that day in Thailand."""
    if certificate.expires_on is None:
        return None
    end_of_day = datetime.datetime.combine(certificate.expires_on, datetime.time(23, 59, 59))
    return timezone.make_aware(end_of_day, timezone.get_fixed_timezone(7 * 60))


def _number(hours):
    value = Decimal(hours or 0)
    return int(value) if value == value.to_integral_value() else float(value)


def public_holder_name(name):
    """A holder's name as it may be shown: never an e-mail address (kept as a name when none was given)."""
    return "" if "@" in (name or "") else (name or "")


def achievement_id(certificate):
    """A stable id of what was achieved: the course or seminar (or, without one, the training's title)."""
    if certificate.course_id:
        seed = f"{_base_url()}/achievements/course/{certificate.course_id}"
    elif certificate.seminar_id:
        seed = f"{_base_url()}/achievements/seminar/{certificate.seminar_id}"
    else:
        seed = f"{_base_url()}/achievements/{certificate.source_key.split(':', 1)[0]}/{certificate.title_th}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"


def _achievement(certificate):
    hours = _number(certificate.hours)
    is_course = certificate.source_key.startswith("course:")
    english = f" / {certificate.title_en}" if certificate.title_en else ""
    if certificate.source_key.startswith("seminar:"):
        description = (
            f"เข้าร่วมการสัมมนา {certificate.title_th} จำนวน {hours} ชั่วโมง / Attended the seminar{english}: {hours} hours."
        )
    else:
        description = (
            f"ผ่านการอบรม {certificate.title_th} จำนวน {hours} ชั่วโมง / Completed the training{english}: {hours} hours."
        )
    return {
        "id": achievement_id(certificate),
        "type": ["Achievement"],
        "achievementType": "Course" if is_course else "Certificate",
        "name": certificate.title_th,
        "description": description,
        "criteria": {"narrative": COURSE_CRITERIA if is_course else ATTENDANCE_CRITERIA},
        "creditsAvailable": hours,
    }


def _subject(certificate):
    names = [public_holder_name(certificate.holder_name_th), public_holder_name(certificate.holder_name_en)]
    identifiers = [
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": name}
        for name in names
        if name
    ]
    subject = {"type": ["AchievementSubject"], "achievement": _achievement(certificate)}
    if identifiers:
        subject["identifier"] = identifiers
    subject["creditsEarned"] = _number(certificate.hours)
    return subject


def credential_status(certificate):
    """Where a verifier learns the status now, and, once revoked, that it is revoked (when and why)."""
    status = {"id": credential_url(certificate), "type": STATUS_TYPE, "statusPurpose": "revocation"}
    if certificate.revoked_at is not None:
        status.update(
            {
                "status": CertificateStatus.REVOKED.value,
                "revokedAt": _timestamp(certificate.revoked_at),
                "revocationReason": certificate.revocation_reason,
            }
        )
    return status


def credential_for(certificate):
    """The certificate as an unsigned Open Badges 3.0 ``OpenBadgeCredential`` (a dict ready for JSON).

    No e-mail address, agency or account id: the holder is named, as on the verification
    page, and nothing else about them is said.
    """
    credential = {
        "@context": list(CONTEXT),
        "id": verification_url(certificate),
        "type": list(CREDENTIAL_TYPES),
        "name": certificate.title_th,
        "issuer": issuer_profile(certificate.issuer_name_th, certificate.issuer_name_en),
        "validFrom": _timestamp(certificate.issued_at),
    }
    until = valid_until(certificate)
    if until is not None:
        credential["validUntil"] = until.isoformat()
    credential["credentialSubject"] = _subject(certificate)
    credential["credentialStatus"] = credential_status(certificate)
    return credential


def sign(credential, key):
    """The credential as a VC-JWT: a compact JWS (EdDSA) whose payload is the credential.

    The registered claims Open Badges 3.0 asks for are added from the credential: ``iss``
    (issuer id), ``jti`` (credential id), ``nbf`` (``validFrom``) and ``exp`` (``validUntil``).
    """
    claims = dict(credential)
    claims["iss"] = credential["issuer"]["id"]
    claims["jti"] = credential["id"]
    claims["nbf"] = int(datetime.datetime.fromisoformat(credential["validFrom"]).timestamp())
    if "validUntil" in credential:
        claims["exp"] = int(datetime.datetime.fromisoformat(credential["validUntil"]).timestamp())
    headers = {"kid": key.kid, "typ": "vc+jwt", "jku": jwks_url()}
    return jwt.encode(claims, key.private_key, algorithm=ALGORITHM, headers=headers)
