"""Wire protocol (JSON 1.1) and request validation against the KMS model.

AWS validates every request against the model before anything else and answers
ValidationException "1 validation error detected: Value '<v>' at '<member>'
failed to satisfy constraint: <constraint>" (members in lowerCamelCase, `Value
null` for a missing required member, no value for a sensitive member).
Malformed JSON / wrong JSON types are SerializationException and an unknown
X-Amz-Target is UnknownOperationException (AWS's Coral framework; the
`__type` may carry a `namespace#` prefix, which clients strip).
"""

import base64
import json

import pytest

from helpers import (
    assert_enum_validation,
    max_len,
    max_val,
    min_len,
    min_val,
    validation_msg,
)

KEYLESS = "1234abcd-12ab-34cd-56ef-1234567890ab"

# (operation, body, member) for a missing required member -> "Value null at '<member>'"
REQUIRED = [
    ("DescribeKey", {}, "keyId"),
    ("EnableKey", {}, "keyId"),
    ("DisableKey", {}, "keyId"),
    ("ScheduleKeyDeletion", {}, "keyId"),
    ("CancelKeyDeletion", {}, "keyId"),
    ("GetKeyPolicy", {}, "keyId"),
    ("ListKeyPolicies", {}, "keyId"),
    ("ListResourceTags", {}, "keyId"),
    ("UpdateKeyDescription", {"Description": "d"}, "keyId"),
    ("PutKeyPolicy", {"Policy": "{}"}, "keyId"),
    ("TagResource", {"Tags": []}, "keyId"),
    ("UntagResource", {"TagKeys": []}, "keyId"),
    ("UntagResource", {"KeyId": KEYLESS}, "tagKeys"),
    ("CreateAlias", {"TargetKeyId": KEYLESS}, "aliasName"),
    ("CreateAlias", {"AliasName": "alias/x"}, "targetKeyId"),
    ("UpdateAlias", {"TargetKeyId": KEYLESS}, "aliasName"),
    ("UpdateAlias", {"AliasName": "alias/x"}, "targetKeyId"),
    ("DeleteAlias", {}, "aliasName"),
    ("Encrypt", {"Plaintext": base64.b64encode(b"x").decode()}, "keyId"),
    ("Encrypt", {"KeyId": KEYLESS}, "plaintext"),
    ("GenerateDataKey", {"KeySpec": "AES_256"}, "keyId"),
    ("GenerateDataKeyWithoutPlaintext", {"KeySpec": "AES_256"}, "keyId"),
]


@pytest.mark.parametrize("op,body,member", REQUIRED, ids=[f"{o}-{m}" for o, _, m in REQUIRED])
def test_missing_required_member(trent, op, body, member):
    r = trent.raw(op, body)
    assert r.status == 400
    assert r.error_type == "ValidationException"
    assert r.message == validation_msg(None, member, "Member must not be null")


# (operation, extra body, member, value, constraint)
BOUNDS = [
    ("ListKeys", {}, "limit", 0, min_val(1)),
    ("ListKeys", {}, "limit", 1001, max_val(1000)),
    ("ListAliases", {}, "limit", 0, min_val(1)),
    ("ListAliases", {}, "limit", 1001, max_val(1000)),
    ("ListResourceTags", {"KeyId": KEYLESS}, "limit", 0, min_val(1)),
    ("ListKeyPolicies", {"KeyId": KEYLESS}, "limit", 1001, max_val(1000)),
    ("ListKeys", {}, "marker", "", min_len(1)),
    ("ListKeys", {}, "marker", "m" * 1025, max_len(1024)),
    ("ScheduleKeyDeletion", {"KeyId": KEYLESS}, "pendingWindowInDays", 0, min_val(1)),
    ("ScheduleKeyDeletion", {"KeyId": KEYLESS}, "pendingWindowInDays", 366, max_val(365)),
    ("GenerateRandom", {}, "numberOfBytes", 0, min_val(1)),
    ("GenerateRandom", {}, "numberOfBytes", 1025, max_val(1024)),
    ("DescribeKey", {}, "keyId", "", min_len(1)),
    ("DescribeKey", {}, "keyId", "k" * 2049, max_len(2048)),
    ("CreateKey", {}, "description", "d" * 8193, max_len(8192)),
]


@pytest.mark.parametrize(
    "op,extra,member,value,constraint", BOUNDS, ids=[f"{b[0]}-{b[2]}-{str(b[3])[:8]}" for b in BOUNDS]
)
def test_model_bounds(trent, op, extra, member, value, constraint):
    field = member[0].upper() + member[1:]
    r = trent.raw(op, {**extra, field: value})
    assert (r.status, r.error_type) == (400, "ValidationException"), r.json
    assert r.message == validation_msg(value, member, constraint)


def test_validation_precedes_key_lookup(trent):
    """A malformed request about a key that does not exist is a ValidationException, not NotFound."""
    r = trent.raw("ScheduleKeyDeletion", {"KeyId": KEYLESS, "PendingWindowInDays": 400})
    assert r.error_type == "ValidationException"
    assert r.message == validation_msg(400, "pendingWindowInDays", max_val(365))


def test_two_validation_errors_are_counted(trent):
    r = trent.raw("ListKeys", {"Limit": 0, "Marker": ""})
    assert r.error_type == "ValidationException"
    assert r.message.startswith("2 validation errors detected: ")
    assert "Value '0' at 'limit' failed to satisfy constraint: " + min_val(1) in r.message
    assert "Value '' at 'marker' failed to satisfy constraint: " + min_len(1) in r.message


def test_empty_alias_name_breaks_two_constraints(trent):
    """'' is both too short and outside ^[a-zA-Z0-9:/_-]+$: AWS reports every violation."""
    r = trent.raw("DeleteAlias", {"AliasName": ""})
    assert r.error_type == "ValidationException"
    assert r.message.startswith("2 validation errors detected: ")
    parts = set(r.message[len("2 validation errors detected: "):].split("; "))
    assert parts == {
        "Value '' at 'aliasName' failed to satisfy constraint: " + min_len(1),
        "Value '' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
    }


def test_enum_validation_lists_allowed_values(trent):
    r = trent.raw("GenerateDataKey", {"KeyId": KEYLESS, "KeySpec": "AES_1"})
    assert r.error_type == "ValidationException"
    assert_enum_validation(r.message, "AES_1", "keySpec", ["AES_256", "AES_128"])


def test_sensitive_plaintext_is_not_echoed(trent):
    secret = b"TOP-SECRET-" * 400  # 4400 bytes
    r = trent.raw("Encrypt", {"KeyId": KEYLESS, "Plaintext": base64.b64encode(secret).decode()})
    assert r.error_type == "ValidationException"
    assert r.message == validation_msg(..., "plaintext", max_len(4096))
    assert b"TOP-SECRET" not in r.body and base64.b64encode(secret)[:40] not in r.body


# ------------------------------------------------------------- protocol level
def test_success_response_shape(trent):
    r = trent.raw("CreateKey", {"Description": "raw"})
    assert r.status == 200
    assert r.headers.get("Content-Type", "").startswith("application/x-amz-json-1.1")
    assert r.headers.get("x-amzn-RequestId") or r.headers.get("X-Amzn-RequestId")
    md = r.json["KeyMetadata"]
    assert isinstance(md["CreationDate"], (int, float)) and not isinstance(md["CreationDate"], bool)
    assert md["Arn"].startswith("arn:aws:kms:us-east-1:")
    assert b"\\/" not in r.body, "ARNs should not have escaped slashes, as AWS writes them"


def test_error_response_shape(trent):
    r = trent.raw("DescribeKey", {"KeyId": KEYLESS})
    assert r.status == 400
    assert r.headers.get("Content-Type", "").startswith("application/x-amz-json-1.1")
    assert r.headers.get("x-amzn-RequestId") or r.headers.get("X-Amzn-RequestId")
    assert r.error_type == "NotFoundException"
    assert r.json.get("message") == f"Key 'arn:aws:kms:us-east-1:{trent.account}:key/{KEYLESS}' does not exist"


def test_request_ids_are_unique(trent):
    ids = {trent.raw("GenerateRandom", {"NumberOfBytes": 1}).headers.get("x-amzn-RequestId") for _ in range(3)}
    assert len(ids) == 3 and None not in ids


def test_unknown_operation(trent):
    r = trent.raw("TrentService.DoSomethingElse", {})
    assert r.status == 400
    assert r.error_type == "UnknownOperationException"


def test_wrong_target_prefix(trent):
    r = trent.raw("DynamoDB_20120810.ListTables", {})
    assert r.status == 400
    assert r.error_type == "UnknownOperationException"


def test_malformed_json(trent):
    r = trent.raw("ListKeys", b"{not json")
    assert r.status == 400
    assert r.error_type == "SerializationException"


@pytest.mark.parametrize("body", [{"Limit": "ten"}, {"Limit": True}, {"Limit": [1]}, {"Marker": {"a": 1}}])
def test_wrong_json_types(trent, body):
    r = trent.raw("ListKeys", body)
    assert r.status == 400
    assert r.error_type == "SerializationException", r.json


def test_invalid_base64_blob(trent):
    r = trent.raw("Decrypt", {"CiphertextBlob": "***not base64***"})
    assert r.status == 400
    assert r.error_type == "SerializationException", r.json


def test_unknown_members_are_ignored(trent):
    r = trent.raw("GenerateRandom", {"NumberOfBytes": 8, "SomethingNew": {"x": 1}})
    assert r.status == 200, r.json
    assert len(base64.b64decode(r.json["Plaintext"])) == 8


def test_body_size_limit(trent):
    """Trent rejects bodies over 1 MiB rather than buffering them (ARCHITECTURE.md)."""
    big = json.dumps({"Description": "d" * (2 * 1024 * 1024)})
    r = trent.raw("CreateKey", big)
    assert 400 <= r.status < 500
