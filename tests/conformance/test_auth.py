"""SigV4 authentication, checked with hand-signed raw requests.

AWS's answers for a JSON 1.1 service such as KMS:
- wrong secret / anything changed after signing: InvalidSignatureException "The
  request signature we calculated does not match the signature you provided.
  Check your AWS Secret Access Key and signing method. Consult the service
  documentation for details."
- unknown access key: UnrecognizedClientException "The security token included
  in the request is invalid."
- no Authorization: MissingAuthenticationTokenException "Missing Authentication Token"
- stale X-Amz-Date: InvalidSignatureException "Signature expired: <date> is now
  earlier than <date> (<now> - 5 min.)"; a date too far ahead: "Signature not yet
  current: <date> is still later than <date> (<now> + 5 min.)"
"""

import datetime
import json

import pytest

from helpers import (
    INVALID_SIGNATURE_MSG,
    MISSING_TOKEN_MSG,
    UNRECOGNIZED_CLIENT_MSG,
    send,
    sign_request,
)

BODY = {"NumberOfBytes": 16}


def _signed(trent, body=BODY, target="GenerateRandom", **kw):
    ak, sk = trent.admin_credentials()
    kw.setdefault("access_key", ak)
    kw.setdefault("secret_key", sk)
    kw.setdefault("region", "us-east-1")
    return sign_request(trent.endpoint, target, body, **kw)


def _assert_error(r, type_, message=None, prefix=None):
    assert 400 <= r.status < 500, (r.status, r.body)
    assert r.error_type == type_, r.body
    if message is not None:
        assert r.message == message, r.body
    if prefix is not None:
        assert (r.message or "").startswith(prefix), r.body


def test_correctly_signed_request_succeeds(trent):
    r = send(_signed(trent))
    assert r.status == 200, r.body
    assert "Plaintext" in r.json


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1", "ap-southeast-2"])
def test_any_region_in_scope_is_accepted(trent, region):
    r = send(_signed(trent, region=region))
    assert r.status == 200, r.body


def test_wrong_secret(trent):
    ak, sk = trent.admin_credentials()
    r = send(_signed(trent, secret_key=sk[:-1] + ("A" if sk[-1] != "A" else "B")))
    _assert_error(r, "InvalidSignatureException", INVALID_SIGNATURE_MSG)


def test_unknown_access_key(trent):
    r = send(_signed(trent, access_key="AKIAIDONOTEXIST00000", secret_key="x" * 40))
    _assert_error(r, "UnrecognizedClientException", UNRECOGNIZED_CLIENT_MSG)


def test_missing_authorization(trent):
    r = send(_signed(trent), drop_headers=["Authorization"])
    _assert_error(r, "MissingAuthenticationTokenException", MISSING_TOKEN_MSG)


def test_missing_authorization_and_date(trent):
    r = send(_signed(trent), drop_headers=["Authorization", "X-Amz-Date"])
    _assert_error(r, "MissingAuthenticationTokenException", MISSING_TOKEN_MSG)


def test_body_tampered_after_signing(trent):
    req = _signed(trent)
    r = send(req, body=json.dumps({"NumberOfBytes": 17}).encode())
    _assert_error(r, "InvalidSignatureException", INVALID_SIGNATURE_MSG)


def test_body_whitespace_tampered_after_signing(trent):
    req = _signed(trent)
    r = send(req, body=req.data + b" ")
    _assert_error(r, "InvalidSignatureException", INVALID_SIGNATURE_MSG)


def test_target_header_tampered_after_signing(trent):
    req = _signed(trent, body={}, target="ListKeys")
    r = send(req, headers={"X-Amz-Target": "TrentService.ListAliases"})
    _assert_error(r, "InvalidSignatureException", INVALID_SIGNATURE_MSG)


def test_content_type_tampered_after_signing(trent):
    req = _signed(trent)
    r = send(req, headers={"Content-Type": "application/json"})
    assert r.status >= 400
    assert r.error_type in ("InvalidSignatureException", "UnknownOperationException", "SerializationException"), r.body


def test_date_tampered_after_signing(trent):
    req = _signed(trent)
    date = req.headers["X-Amz-Date"]
    later = (datetime.datetime.strptime(date, "%Y%m%dT%H%M%SZ") + datetime.timedelta(seconds=1)).strftime("%Y%m%dT%H%M%SZ")
    r = send(req, headers={"X-Amz-Date": later})
    _assert_error(r, "InvalidSignatureException", INVALID_SIGNATURE_MSG)


def test_path_tampered_after_signing(trent):
    """Signed for "/", sent to "/other": must not be executed. (AWS would answer
    InvalidSignatureException; a 4xx without running the operation is the property pinned here.)"""
    kms = trent.client()
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    alias = "alias/path-tamper-" + datetime.datetime.now().strftime("%H%M%S%f")
    req = _signed(trent, body={"AliasName": alias, "TargetKeyId": key_id}, target="CreateAlias")
    r = send(req, url=trent.endpoint + "/other")
    assert 400 <= r.status < 500, (r.status, r.body)
    assert kms.list_aliases(KeyId=key_id)["Aliases"] == [], "the tampered request was executed"
    if r.body:
        assert r.error_type in ("InvalidSignatureException", "UnknownOperationException"), r.body


def test_query_added_after_signing(trent):
    req = _signed(trent)
    r = send(req, url=trent.endpoint + "/?x=1")
    _assert_error(r, "InvalidSignatureException", INVALID_SIGNATURE_MSG)


def test_signature_tampered(trent):
    req = _signed(trent)
    auth = req.headers["Authorization"]
    sig = auth.rsplit("Signature=", 1)[1]
    flipped = ("0" if sig[0] != "0" else "1") + sig[1:]
    r = send(req, headers={"Authorization": auth.replace(sig, flipped)})
    _assert_error(r, "InvalidSignatureException", INVALID_SIGNATURE_MSG)


def test_region_in_scope_tampered(trent):
    req = _signed(trent, region="us-east-1")
    auth = req.headers["Authorization"].replace("/us-east-1/", "/eu-west-1/")
    r = send(req, headers={"Authorization": auth})
    _assert_error(r, "InvalidSignatureException", INVALID_SIGNATURE_MSG)


def test_unsigned_extra_header_is_ignored(trent):
    req = _signed(trent)
    r = send(req, headers={"X-Unsigned-Extra": "hello"})
    assert r.status == 200, r.body


def test_expired_signature(trent):
    then = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) - datetime.timedelta(minutes=20)
    req = _signed(trent, timestamp=then)
    r = send(req)
    _assert_error(r, "InvalidSignatureException", prefix=f"Signature expired: {req.headers['X-Amz-Date']} is now earlier than ")


def test_signature_from_the_future(trent):
    later = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) + datetime.timedelta(minutes=20)
    req = _signed(trent, timestamp=later)
    r = send(req)
    _assert_error(r, "InvalidSignatureException",
                  prefix=f"Signature not yet current: {req.headers['X-Amz-Date']} is still later than ")


def test_small_clock_skew_is_tolerated(trent):
    skewed = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) - datetime.timedelta(minutes=2)
    r = send(_signed(trent, timestamp=skewed))
    assert r.status == 200, r.body


def test_signed_for_another_service(trent):
    r = send(_signed(trent, service="s3"))
    assert 400 <= r.status < 500
    assert r.error_type in ("InvalidSignatureException", "IncompleteSignatureException"), r.body


@pytest.mark.parametrize("auth", [
    "AWS4-HMAC-SHA256 garbage",
    "AWS4-HMAC-SHA256 Credential=AKIA/20240101/us-east-1/kms/aws4_request",
    "Bearer abc",
])
def test_malformed_authorization_header(trent, auth):
    r = send(_signed(trent), headers={"Authorization": auth})
    assert 400 <= r.status < 500, r.body
    assert r.error_type in ("IncompleteSignatureException", "InvalidSignatureException",
                            "MissingAuthenticationTokenException"), r.body


def test_signed_headers_must_include_host(trent):
    """SigV4 requires `host` among the signed headers."""
    req = _signed(trent)
    auth = req.headers["Authorization"]
    import re
    signed = re.search(r"SignedHeaders=([^,]+)", auth).group(1)
    without_host = ";".join(h for h in signed.split(";") if h != "host")
    r = send(req, headers={"Authorization": auth.replace(signed, without_host)})
    assert 400 <= r.status < 500
    assert r.error_type in ("InvalidSignatureException", "IncompleteSignatureException"), r.body


def test_health_needs_no_auth(trent):
    import urllib.request
    with urllib.request.urlopen(trent.endpoint + "/health", timeout=5) as resp:
        assert resp.status == 200


def test_boto3_with_wrong_secret(trent):
    ak, _ = trent.admin_credentials()
    kms = trent.client(access_key=ak, secret_key="W" * 40)
    with pytest.raises(kms.exceptions.ClientError) as e:
        kms.list_keys()
    err = e.value.response["Error"]
    assert err["Code"] == "InvalidSignatureException"
    assert err["Message"] == INVALID_SIGNATURE_MSG
