"""Passkeys (WebAuthn) as a member of staff's second factor: the options a browser needs to make or use one,
and checking what it sends back (with the `webauthn` library).

The relying party is the site at ``PUBLIC_BASE_URL``: its host name is the RP ID, its scheme and host the
origin every response must come from, so a passkey made here never signs in anywhere else.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sqlalchemy import select

from .. import settings
from ..extensions import db
from ..platform.clock import utcnow
from ..platform.db import update_if
from .models import StaffPasskey, StaffUser

if TYPE_CHECKING:
    from webauthn.helpers.structs import PublicKeyCredentialDescriptor

# The `webauthn` library (and the cryptography it brings) is imported where a passkey is made or used, not when
# the app starts: most requests never touch a passkey, and it costs every worker about 0.2 s to load.

MAX_NAME_LENGTH = 60


def relying_party() -> tuple[str, str]:
    """(RP ID, origin) from ``PUBLIC_BASE_URL``, e.g. ("participation.council.gov.uk", "https://participation…")."""
    parts = urlsplit(settings.get("PUBLIC_BASE_URL"))
    return parts.hostname or "localhost", f"{parts.scheme}://{parts.netloc}"


def encode_challenge(challenge: bytes) -> str:
    """A challenge as text, to keep in the session until the browser answers."""
    return base64.urlsafe_b64encode(challenge).decode("ascii").rstrip("=")


def decode_challenge(text: str) -> bytes | None:
    """The challenge kept by `encode_challenge`, or None when the text is not one."""
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None


def _descriptors(user: StaffUser) -> list[PublicKeyCredentialDescriptor]:
    from webauthn.helpers.structs import PublicKeyCredentialDescriptor

    return [
        PublicKeyCredentialDescriptor(id=passkey.credential_id)
        for passkey in db.session.scalars(select(StaffPasskey).where(StaffPasskey.staff_id == user.id))
    ]


def registration_options(user: StaffUser) -> tuple[str, bytes]:
    """What the browser needs to make a new passkey for ``user`` (as JSON), and the challenge to keep until
    it answers. A passkey the person already has on that device is not made twice."""
    from webauthn import generate_registration_options, options_to_json
    from webauthn.helpers.structs import (
        AuthenticatorSelectionCriteria,
        ResidentKeyRequirement,
        UserVerificationRequirement,
    )

    rp_id, _ = relying_party()
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=settings.get("ORG_NAME"),
        user_id=f"staff-{user.id}".encode(),
        user_name=user.email,
        user_display_name=user.name,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED, user_verification=UserVerificationRequirement.PREFERRED
        ),
        exclude_credentials=_descriptors(user),
    )
    return options_to_json(options), options.challenge


def add_passkey(user: StaffUser, credential: str, challenge: bytes, name: str) -> StaffPasskey | None:
    """Check the browser's answer to `registration_options` and keep the new passkey under ``name``; None
    when the answer is not a valid passkey for this site and challenge (or one already kept)."""
    from webauthn import verify_registration_response
    from webauthn.helpers.exceptions import WebAuthnException

    rp_id, origin = relying_party()
    try:
        verified = verify_registration_response(
            credential=credential, expected_challenge=challenge, expected_rp_id=rp_id, expected_origin=origin
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        return None
    if db.session.scalar(select(StaffPasskey.id).where(StaffPasskey.credential_id == verified.credential_id)):
        return None
    passkey = StaffPasskey(
        staff_id=user.id,
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        name=(name or "").strip()[:MAX_NAME_LENGTH] or "Passkey",
    )
    db.session.add(passkey)
    db.session.flush()
    return passkey


def authentication_options(user: StaffUser) -> tuple[str, bytes]:
    """What the browser needs to sign ``user`` in with one of their passkeys (as JSON), and the challenge."""
    from webauthn import generate_authentication_options, options_to_json
    from webauthn.helpers.structs import UserVerificationRequirement

    rp_id, _ = relying_party()
    options = generate_authentication_options(
        rp_id=rp_id, allow_credentials=_descriptors(user), user_verification=UserVerificationRequirement.PREFERRED
    )
    return options_to_json(options), options.challenge


def _credential_id(credential: str) -> bytes | None:
    try:
        raw_id = json.loads(credential).get("rawId")
    except (ValueError, AttributeError, TypeError):
        return None
    return decode_challenge(raw_id) if isinstance(raw_id, str) else None


def use_passkey(user: StaffUser, credential: str, challenge: bytes) -> StaffPasskey | None:
    """Check the browser's answer to `authentication_options`: the passkey of ``user``'s it proved, or None.

    The signature counter is moved on by one conditional UPDATE, so an answer replayed at the same moment
    is taken once."""
    credential_id = _credential_id(credential)
    if credential_id is None:
        return None
    passkey = db.session.scalar(
        select(StaffPasskey).where(StaffPasskey.staff_id == user.id, StaffPasskey.credential_id == credential_id)
    )
    if passkey is None:
        return None
    from webauthn import verify_authentication_response
    from webauthn.helpers.exceptions import WebAuthnException

    rp_id, origin = relying_party()
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        return None
    if not update_if(
        passkey,
        StaffPasskey.sign_count == passkey.sign_count,
        sign_count=verified.new_sign_count,
        last_used_at=utcnow(),
    ):
        return None
    return passkey
