"""Shared assertions and a raw SigV4 request helper for the conformance tests."""

from __future__ import annotations

import base64
import contextlib
import datetime
import json
import re
import uuid
from dataclasses import dataclass

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import pytest
import requests
from botocore.exceptions import ClientError

UUID_V4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

# AWS's texts (see the module docstrings of the tests that use them for the source).
INVALID_SIGNATURE_MSG = (
    "The request signature we calculated does not match the signature you provided. "
    "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
)
UNRECOGNIZED_CLIENT_MSG = "The security token included in the request is invalid."
MISSING_TOKEN_MSG = "Missing Authentication Token"
INCORRECT_KEY_MSG = "The key ID in the request does not identify a CMK that can perform this operation."
ALIAS_PREFIX_MSG = (
    'Alias must start with the prefix "alias/". Please see '
    "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html"
)


def random_uuid() -> str:
    return str(uuid.uuid4())


def unique(prefix: str = "t") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


# --------------------------------------------------------------------- errors
@dataclass
class KmsError:
    code: str
    message: str
    status: int
    response: dict


@contextlib.contextmanager
def kms_error(code, message=None, *, prefix=None, contains=None, status=400):
    """Expect a botocore ClientError with this exact error code (or one of a
    tuple of codes) and, when given, this exact message / prefix / substring."""
    box = KmsError("", "", 0, {})
    try:
        yield box
    except ClientError as e:
        err = e.response.get("Error", {})
        box.code = err.get("Code", "")
        box.message = err.get("Message", "")
        box.status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        box.response = e.response
    else:
        pytest.fail(f"expected {code} but the call succeeded")
    codes = code if isinstance(code, tuple) else (code,)
    assert box.code in codes, f"expected error code {codes}, got {box.code}: {box.message!r}"
    if message is not None:
        assert box.message == message, f"{box.code} message:\n  got      {box.message!r}\n  expected {message!r}"
    if prefix is not None:
        assert box.message.startswith(prefix), f"{box.code} message {box.message!r} does not start with {prefix!r}"
    if contains is not None:
        for c in contains if isinstance(contains, (list, tuple)) else [contains]:
            assert c in box.message, f"{box.code} message {box.message!r} does not contain {c!r}"
    if status is not None:
        assert box.status == status, f"HTTP status {box.status}, expected {status}"


def not_found_key_msg(arn: str) -> str:
    return f"Key '{arn}' does not exist"


def alias_not_found_msg(alias_arn: str) -> str:
    return f"Alias {alias_arn} is not found."


def validation_msg(value, member: str, constraint: str) -> str:
    """AWS's single-error validation text. value=None renders as `Value null`,
    value=... (Ellipsis) as the sensitive form `Value at`."""
    if value is None:
        v = "Value null"
    elif value is Ellipsis:
        v = "Value"
    else:
        v = f"Value '{value}'"
    return f"1 validation error detected: {v} at '{member}' failed to satisfy constraint: {constraint}"


def max_len(n):
    return f"Member must have length less than or equal to {n}"


def min_len(n):
    return f"Member must have length greater than or equal to {n}"


def max_val(n):
    return f"Member must have value less than or equal to {n}"


def min_val(n):
    return f"Member must have value greater than or equal to {n}"


NOT_NULL = "Member must not be null"


def assert_enum_validation(message: str, value: str, member: str, allowed) -> None:
    head = (
        f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: "
        f"Member must satisfy enum value set: ["
    )
    assert message.startswith(head) and message.endswith("]"), message
    listed = {s.strip() for s in message[len(head):-1].split(",")}
    assert listed == set(allowed), f"enum set {listed} != {set(allowed)}"


# ------------------------------------------------------------------ raw HTTP
@dataclass
class RawResponse:
    status: int
    headers: dict
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body) if self.body else {}

    @property
    def error_type(self) -> str:
        t = self.json.get("__type", "")
        return t.split("#")[-1]

    @property
    def message(self):
        j = self.json
        return j.get("message", j.get("Message"))


def sign_request(
    endpoint: str,
    target: str | None,
    body,
    *,
    region: str,
    access_key: str,
    secret_key: str,
    service: str = "kms",
    path: str = "/",
    headers: dict | None = None,
    timestamp: datetime.datetime | None = None,
    content_type: str = "application/x-amz-json-1.1",
) -> botocore.awsrequest.AWSRequest:
    if isinstance(body, (dict, list)):
        data = json.dumps(body).encode()
    elif isinstance(body, str):
        data = body.encode()
    else:
        data = body
    h = {"Content-Type": content_type}
    if target is not None:
        h["X-Amz-Target"] = target if "." in target else f"TrentService.{target}"
    h.update(headers or {})
    req = botocore.awsrequest.AWSRequest(method="POST", url=endpoint + path, data=data, headers=h)
    creds = botocore.credentials.Credentials(access_key, secret_key)
    signer = botocore.auth.SigV4Auth(creds, service, region)
    if timestamp is None:
        signer.add_auth(req)
    else:
        orig = botocore.auth.get_current_datetime
        botocore.auth.get_current_datetime = lambda: timestamp
        try:
            signer.add_auth(req)
        finally:
            botocore.auth.get_current_datetime = orig
    return req


def send(req: botocore.awsrequest.AWSRequest, *, url: str | None = None, body: bytes | None = None,
         headers: dict | None = None, drop_headers=()) -> RawResponse:
    h = {k: v for k, v in req.headers.items() if k.lower() not in {d.lower() for d in drop_headers}}
    h.update(headers or {})
    data = req.data if body is None else body
    r = requests.post(url or req.url, data=data, headers=h, timeout=30)
    return RawResponse(r.status_code, dict(r.headers), r.content)


def raw_request(endpoint: str, target: str, body, *, region: str = "us-east-1", **kw) -> RawResponse:
    req = sign_request(endpoint, target, body, region=region, **kw)
    return send(req)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def assert_recent(ts: datetime.datetime, slack: float = 300.0) -> None:
    now = datetime.datetime.now(datetime.timezone.utc)
    delta = abs((now - ts).total_seconds())
    assert delta < slack, f"timestamp {ts} is {delta:.0f}s away from now"
