"""Consent to the privacy notice: recording who accepted which version, from where."""

import ipaddress

from lms.models import ConsentRecord
from lms.services import login_throttle


def consent_address(request):
    """The client's address for the consent record, or None when it is missing or not an IP address."""
    address = login_throttle.client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def record_consent(user, notice, request):
    """Record that ``user`` accepted ``notice`` (a ``home.PrivacyNoticePage``) in its current version.

    Accepting the same version twice keeps the first record: it is the evidence.
    Returns the ``ConsentRecord``.
    """
    record, _created = ConsentRecord.objects.get_or_create(
        user=user,
        version=notice.version,
        defaults={"notice": notice, "ip_address": consent_address(request)},
    )
    return record
