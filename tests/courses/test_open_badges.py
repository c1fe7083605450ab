"""Open Badges 3.0: certificates as signed credentials, checked with nothing but the published key."""

import base64
import datetime
import hashlib
import json
import stat
from decimal import Decimal
from io import StringIO

import jwt
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from courses.credentials import load_signing_key
from courses.services.certificates import issue_certificate, revoke
from tests.factories import CivilServantFactory

pytestmark = pytest.mark.django_db

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


@pytest.fixture
def key_file(tmp_path, settings):
    """A signing key made by the management command in a temporary folder, and the settings pointing at it."""
    path = tmp_path / "keys" / "certificate-signing-key.pem"
    settings.CERTIFICATE_RETIRED_KEYS_FILE = tmp_path / "keys" / "retired.json"
    make_key(path)
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_SIGNING_KEY_FILE = path
    return path


@pytest.fixture
def no_key(tmp_path, settings):
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_SIGNING_KEY_FILE = tmp_path / "missing.pem"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.PUBLIC_BASE_URL = "https://learn.example.go.th"


@pytest.fixture
def holder():
    return CivilServantFactory(
        email="suda.private@example.go.th",
        name_prefix="นางสาว",
        first_name="สุดา",
        last_name="รักไทย",
        first_name_en="Suda",
        last_name_en="Rakthai",
    )


@pytest.fixture
def make_certificate(holder):
    counter = iter(range(1, 1000))

    def make_certificate(**fields):
        values = {
            "user": holder,
            "source_key": f"course-test:{next(counter)}",
            "title_th": "การบริหารราชการดิจิทัล",
            "title_en": "Digital Government Administration",
            "hours": Decimal("6.5"),
        }
        values.update(fields)
        return issue_certificate(**values)[0]

    return make_certificate


def make_key(path, *options):
    """Run ``manage.py make_certificate_key --path <path> [options]``; what it printed."""
    out = StringIO()
    call_command("make_certificate_key", "--path", str(path), *options, stdout=out)
    return out.getvalue()


def credential_url(certificate):
    return reverse("certificates:credential", args=[certificate.grouped_code])


def published_keys(client):
    """The key set as a verifier would fetch it from /.well-known/jwks.json."""
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    return jwt.PyJWKSet.from_dict(json.loads(response.content))


def verify(token, key_set, **options):
    """Check ``token`` with the published key named by its ``kid``: the claims, or an exception."""
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "EdDSA"
    key = key_set[header["kid"]]
    return jwt.decode(token, key=key, algorithms=["EdDSA"], options=options)


class TestPublishedKeys:
    def test_the_key_set_holds_the_public_ed25519_key_only(self, client, key_file):
        body = json.loads(client.get("/.well-known/jwks.json").content)

        assert len(body["keys"]) == 1
        key = body["keys"][0]
        assert {key["kty"], key["crv"], key["use"], key["alg"]} == {"OKP", "Ed25519", "sig", "EdDSA"}
        assert len(base64.urlsafe_b64decode(key["x"] + "==")) == 32
        assert "d" not in key

    def test_the_key_id_is_the_rfc_7638_thumbprint(self, client, key_file):
        key = json.loads(client.get("/.well-known/jwks.json").content)["keys"][0]

        canonical = json.dumps({"crv": key["crv"], "kty": key["kty"], "x": key["x"]}, separators=(",", ":"))
        digest = base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()
        assert key["kid"] == digest

    def test_without_a_key_the_set_is_empty_and_no_credential_is_signed(self, client, no_key, make_certificate):
        certificate = make_certificate()

        assert json.loads(client.get("/.well-known/jwks.json").content) == {"keys": []}
        response = client.get(credential_url(certificate))
        assert response.status_code == 503
        assert json.loads(response.content)["error"] == "signing_key_missing"

    def test_a_key_from_the_environment_comes_before_the_file(self, client, key_file, settings, tmp_path):
        other = tmp_path / "other.pem"
        make_key(other)
        settings.CERTIFICATE_SIGNING_KEY = other.read_text().replace("\n", "\\n")

        kid = json.loads(client.get("/.well-known/jwks.json").content)["keys"][0]["kid"]

        assert kid == load_signing_key(other.read_bytes()).kid
        assert kid != load_signing_key(key_file.read_bytes()).kid


class TestTheCredential:
    def test_the_credential_verifies_with_only_the_published_key(self, client, key_file, make_certificate):
        certificate = make_certificate()

        body = json.loads(client.get(credential_url(certificate)).content)
        claims = verify(body["jwt"], published_keys(client))

        header = jwt.get_unverified_header(body["jwt"])
        assert header["typ"] == "vc+jwt"
        assert header["jku"] == "https://learn.example.go.th/.well-known/jwks.json"
        assert claims["id"] == body["credential"]["id"]
        assert {key: claims[key] for key in body["credential"]} == body["credential"]
        assert body["status"] == "valid"

    def test_the_credential_is_an_open_badge_of_the_certificate(self, client, key_file, make_certificate):
        issued = timezone.make_aware(datetime.datetime(2026, 11, 24, 10, 30))
        certificate = make_certificate(now=issued)

        claims = verify(json.loads(client.get(credential_url(certificate)).content)["jwt"], published_keys(client))

        verify_url = f"https://learn.example.go.th/certificates/verify/{certificate.grouped_code}/"
        assert claims["@context"] == CONTEXT
        assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
        assert claims["id"] == verify_url
        assert claims["jti"] == verify_url
        assert claims["validFrom"] == "2026-11-24T03:30:00Z"
        assert claims["nbf"] == int(issued.timestamp())
        assert "validUntil" not in claims
        assert "exp" not in claims
        assert claims["issuer"]["type"] == ["Profile"]
        assert claims["issuer"]["id"] == claims["iss"] == "https://learn.example.go.th/certificates/issuer/"
        assert claims["issuer"]["name"] == certificate.issuer_name_th
        subject = claims["credentialSubject"]
        assert subject["type"] == ["AchievementSubject"]
        assert subject["creditsEarned"] == 6.5
        assert [entry["identityHash"] for entry in subject["identifier"]] == ["นางสาวสุดา รักไทย", "Miss Suda Rakthai"]
        achievement = subject["achievement"]
        assert achievement["type"] == ["Achievement"]
        assert achievement["name"] == "การบริหารราชการดิจิทัล"
        assert "Digital Government Administration" in achievement["description"]
        assert achievement["criteria"]["narrative"]
        assert achievement["creditsAvailable"] == 6.5
        assert achievement["id"].startswith("urn:uuid:")

    def test_the_credential_says_nothing_personal_beyond_the_name(self, client, key_file, make_certificate, holder):
        certificate = make_certificate()

        content = client.get(credential_url(certificate)).content.decode()

        assert holder.email not in content
        assert holder.agency.name_th not in content
        assert holder.position not in content
        assert f'"{holder.pk}"' not in content

    def test_a_certificate_that_expires_carries_valid_until_and_reads_as_expired_after(
        self, client, key_file, make_certificate
    ):
        certificate = make_certificate(now=timezone.now() - datetime.timedelta(days=400), valid_months=12)
        body = json.loads(client.get(credential_url(certificate)).content)

        with pytest.raises(jwt.ExpiredSignatureError):
            verify(body["jwt"], published_keys(client))
        claims = verify(body["jwt"], published_keys(client), verify_exp=False)
        assert claims["validUntil"] == f"{certificate.expires_on.isoformat()}T23:59:59+07:00"
        assert claims["exp"] == int(datetime.datetime.fromisoformat(claims["validUntil"]).timestamp())
        assert body["status"] == "expired"

    def test_a_certificate_still_valid_has_its_expiry_in_the_token(self, client, key_file, make_certificate):
        certificate = make_certificate(valid_months=24)

        claims = verify(json.loads(client.get(credential_url(certificate)).content)["jwt"], published_keys(client))

        assert claims["validUntil"].startswith(certificate.expires_on.isoformat())

    def test_a_revoked_certificate_reads_as_revoked(self, client, key_file, make_certificate):
        certificate = revoke(make_certificate(), "Issued to the wrong person")

        body = json.loads(client.get(credential_url(certificate)).content)
        claims = verify(body["jwt"], published_keys(client))

        assert body["status"] == "revoked"
        assert body["revocationReason"] == "Issued to the wrong person"
        assert body["revokedAt"].startswith(str(timezone.now().year))
        status = claims["credentialStatus"]
        assert status["status"] == "revoked"
        assert status["revocationReason"] == "Issued to the wrong person"
        assert status["id"] == f"https://learn.example.go.th{credential_url(certificate)}"

    def test_a_valid_certificate_points_to_where_its_status_is_checked(self, client, key_file, make_certificate):
        certificate = make_certificate()

        claims = verify(json.loads(client.get(credential_url(certificate)).content)["jwt"], published_keys(client))

        assert claims["credentialStatus"]["id"].endswith(credential_url(certificate))
        assert "status" not in claims["credentialStatus"]

    def test_a_tampered_token_fails_verification(self, client, key_file, make_certificate):
        certificate = make_certificate()
        token = json.loads(client.get(credential_url(certificate)).content)["jwt"]
        header, payload, signature = token.split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["credentialSubject"]["creditsEarned"] = 60
        forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()

        with pytest.raises(jwt.InvalidSignatureError):
            verify(f"{header}.{forged}.{signature}", published_keys(client))

    def test_a_token_signed_with_another_key_fails_verification(
        self, client, key_file, make_certificate, settings, tmp_path
    ):
        certificate = make_certificate()
        keys_before = published_keys(client)
        other = tmp_path / "other.pem"
        make_key(other)
        settings.CERTIFICATE_SIGNING_KEY_FILE = other
        token = json.loads(client.get(credential_url(certificate)).content)["jwt"]
        header = jwt.get_unverified_header(token)

        with pytest.raises(jwt.InvalidSignatureError):
            jwt.decode(token, key=keys_before.keys[0], algorithms=["EdDSA"])
        assert header["kid"] != keys_before.keys[0].key_id

    def test_a_client_that_asks_for_vc_jwt_gets_the_token_alone(self, client, key_file, make_certificate):
        certificate = make_certificate()

        response = client.get(credential_url(certificate), HTTP_ACCEPT="application/vc+jwt")

        assert response.status_code == 200
        assert response["Content-Type"] == "application/vc+jwt"
        assert "Accept" in response["Vary"]
        claims = verify(response.content.decode(), published_keys(client))
        assert claims["id"].endswith(f"/certificates/verify/{certificate.grouped_code}/")

    def test_other_clients_get_json(self, client, key_file, make_certificate):
        response = client.get(credential_url(make_certificate()))

        assert response["Content-Type"] == "application/json"
        assert response["Access-Control-Allow-Origin"] == "*"
        assert set(json.loads(response.content)) == {"credential", "jwt", "status"}

    def test_an_unknown_code_has_no_credential(self, client, key_file):
        response = client.get("/certificates/verify/0000-0000-0000-0000-0000-0000-0000/credential.json")

        assert response.status_code == 404
        assert json.loads(response.content)["error"] == "not_found"

    def test_garbage_has_no_credential(self, client, key_file):
        response = client.get("/certificates/verify/%E0%B8%81" + "x" * 3000 + "/credential.json")

        assert response.status_code == 404

    def test_the_issuer_profile_is_published_at_the_issuer_id(self, client):
        body = json.loads(client.get(reverse("certificates:issuer")).content)

        assert body["id"] == "https://learn.example.go.th/certificates/issuer/"
        assert body["type"] == ["Profile"]
        assert body["name"]


class TestTheKeyCommand:
    def test_the_command_writes_a_key_only_its_owner_can_read_and_prints_its_id(self, tmp_path):
        path = tmp_path / "var" / "key.pem"

        printed = make_key(path)

        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
        assert load_signing_key(path.read_bytes()).kid in printed

    def test_the_command_refuses_to_overwrite_a_key(self, tmp_path):
        path = tmp_path / "key.pem"
        make_key(path)
        before = path.read_bytes()

        with pytest.raises(CommandError, match="already exists"):
            make_key(path)

        assert path.read_bytes() == before

    def test_if_missing_the_command_keeps_a_key_that_is_there(self, tmp_path):
        path = tmp_path / "key.pem"
        make_key(path, "--if-missing")
        before = path.read_bytes()

        assert make_key(path, "--if-missing") == ""
        assert path.read_bytes() == before

    def test_after_a_key_change_credentials_fetched_before_still_verify_and_new_ones_use_the_new_key(
        self, client, key_file, make_certificate
    ):
        certificate = make_certificate()
        old_token = json.loads(client.get(credential_url(certificate)).content)["jwt"]
        old_kid = jwt.get_unverified_header(old_token)["kid"]

        make_key(key_file, "--force")

        keys = published_keys(client)
        assert verify(old_token, keys)["id"]
        new_token = json.loads(client.get(credential_url(certificate)).content)["jwt"]
        assert jwt.get_unverified_header(new_token)["kid"] != old_kid
        assert verify(new_token, keys)["id"]
        kids = [key["kid"] for key in json.loads(client.get("/.well-known/jwks.json").content)["keys"]]
        assert kids[0] == jwt.get_unverified_header(new_token)["kid"]  # the current key first
        assert old_kid in kids and len(kids) == 2

    def test_a_retired_key_set_that_cannot_be_read_publishes_the_current_key_alone(self, client, key_file, settings):
        settings.CERTIFICATE_RETIRED_KEYS_FILE.write_text("not json")

        keys = json.loads(client.get("/.well-known/jwks.json").content)["keys"]

        assert [key["kid"] for key in keys] == [load_signing_key(key_file.read_bytes()).kid]

    def test_with_force_the_command_replaces_the_key(self, tmp_path):
        path = tmp_path / "key.pem"
        make_key(path)
        before = path.read_bytes()

        make_key(path, "--force")

        assert path.read_bytes() != before
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
