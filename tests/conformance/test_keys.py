import re
"""CreateKey, DescribeKey, ListKeys, EnableKey, DisableKey, UpdateKeyDescription.

AWS texts used here: NotFoundException "Key '<key ARN>' does not exist" for a
well-formed key id or ARN that names no key (boto/botocore#2107 and LocalStack's
snapshots recorded against AWS); "Invalid keyId '<id>'" for a key id that is
not a UUID (LocalStack snapshot test_get_key_invalid_uuid, recorded against
AWS); "Alias <alias ARN> is not found." for an unknown alias.
"""

import datetime

import pytest

from conftest import PRIMARY_REGION
from helpers import (
    UUID_V4,
    alias_not_found_msg,
    assert_enum_validation,
    assert_recent,
    kms_error,
    max_len,
    min_len,
    max_val,
    min_val,
    not_found_key_msg,
    random_uuid,
    unique,
    validation_msg,
)

KEY_SPECS = [
    "RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521",
    "ECC_SECG_P256K1", "SYMMETRIC_DEFAULT", "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512", "SM2",
    "ML_DSA_44", "ML_DSA_65", "ML_DSA_87", "ECC_NIST_EDWARDS25519",
]
KEY_USAGES = ["SIGN_VERIFY", "ENCRYPT_DECRYPT", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT"]


# ------------------------------------------------------------------ CreateKey
def test_create_key_defaults(trent, kms):
    before = datetime.datetime.now(datetime.timezone.utc)
    md = kms.create_key()["KeyMetadata"]
    assert UUID_V4.match(md["KeyId"]), md["KeyId"]
    assert md["Arn"] == f"arn:aws:kms:{PRIMARY_REGION}:{trent.account}:key/{md['KeyId']}"
    assert md["AWSAccountId"] == trent.account
    assert md["Enabled"] is True
    assert md["KeyState"] == "Enabled"
    assert md["Description"] == ""
    assert md["KeyUsage"] == "ENCRYPT_DECRYPT"
    assert md["KeySpec"] == "SYMMETRIC_DEFAULT"
    assert md["CustomerMasterKeySpec"] == "SYMMETRIC_DEFAULT"
    assert md["Origin"] == "AWS_KMS"
    assert md["KeyManager"] == "CUSTOMER"
    assert md["EncryptionAlgorithms"] == ["SYMMETRIC_DEFAULT"]
    assert md["MultiRegion"] is False
    assert "DeletionDate" not in md
    assert "SigningAlgorithms" not in md and "MacAlgorithms" not in md
    assert_recent(md["CreationDate"])
    assert md["CreationDate"] >= before - datetime.timedelta(seconds=5)


def test_create_key_ids_are_unique(kms):
    ids = {kms.create_key()["KeyMetadata"]["KeyId"] for _ in range(5)}
    assert len(ids) == 5


def test_create_key_with_explicit_symmetric_parameters(kms):
    md = kms.create_key(
        Description="explicit", KeyUsage="ENCRYPT_DECRYPT", KeySpec="SYMMETRIC_DEFAULT", Origin="AWS_KMS"
    )["KeyMetadata"]
    assert md["Description"] == "explicit"
    assert md["KeySpec"] == "SYMMETRIC_DEFAULT"
    assert md["KeyState"] == "Enabled"


def test_create_key_with_deprecated_customer_master_key_spec(kms):
    md = kms.create_key(CustomerMasterKeySpec="SYMMETRIC_DEFAULT")["KeyMetadata"]
    assert md["KeySpec"] == md["CustomerMasterKeySpec"] == "SYMMETRIC_DEFAULT"


def test_create_key_description_is_returned_and_not_tags(kms):
    resp = kms.create_key(Description="with tags", Tags=[{"TagKey": "team", "TagValue": "sec"}])
    md = resp["KeyMetadata"]
    assert md["Description"] == "with tags"
    assert "Tags" not in md and "Tags" not in resp
    tags = kms.list_resource_tags(KeyId=md["KeyId"])["Tags"]
    assert tags == [{"TagKey": "team", "TagValue": "sec"}]


def test_create_key_description_max_length(kms):
    md = kms.create_key(Description="d" * 8192)["KeyMetadata"]
    assert len(md["Description"]) == 8192


def test_create_key_description_too_long(trent):
    kms = trent.client(parameter_validation=False)
    with kms_error("ValidationException", validation_msg("d" * 8193, "description", max_len(8192))):
        kms.create_key(Description="d" * 8193)


def test_create_key_unicode_description_round_trips(kms):
    desc = "clé de chiffrement — 鍵 🔑"
    md = kms.create_key(Description=desc)["KeyMetadata"]
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["Description"] == desc


def test_create_key_for_imported_material_waits_for_it(kms):
    meta = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    assert (meta["Origin"], meta["KeyState"], meta["Enabled"]) == ("EXTERNAL", "PendingImport", False)
    assert "CurrentKeyMaterialId" not in meta


def test_create_key_multi_region_names_a_set(kms):
    meta = kms.create_key(MultiRegion=True)["KeyMetadata"]
    assert re.fullmatch(r"mrk-[0-9a-f]{32}", meta["KeyId"])
    assert meta["MultiRegion"] is True
    assert meta["MultiRegionConfiguration"]["MultiRegionKeyType"] == "PRIMARY"


def test_create_key_invalid_key_spec_enum(trent):
    kms = trent.client(parameter_validation=False)
    with kms_error("ValidationException") as e:
        kms.create_key(KeySpec="AES_999")
    assert_enum_validation(e.message, "AES_999", "keySpec", KEY_SPECS)


def test_create_key_invalid_key_usage_enum(trent):
    kms = trent.client(parameter_validation=False)
    with kms_error("ValidationException") as e:
        kms.create_key(KeyUsage="RANDOM")
    assert_enum_validation(e.message, "RANDOM", "keyUsage", KEY_USAGES)


def test_create_key_invalid_origin_enum(trent):
    kms = trent.client(parameter_validation=False)
    with kms_error("ValidationException") as e:
        kms.create_key(Origin="SOMEWHERE")
    assert_enum_validation(e.message, "SOMEWHERE", "origin", ["AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"])


def test_create_key_symmetric_spec_with_sign_usage_is_rejected(kms):
    with kms_error("ValidationException"):
        kms.create_key(KeySpec="SYMMETRIC_DEFAULT", KeyUsage="SIGN_VERIFY")


# ---------------------------------------------------------------- DescribeKey
def test_describe_key_by_every_identifier(trent, kms, new_key):
    md = new_key(Description="describe me")
    alias = "alias/" + unique("desc")
    kms.create_alias(AliasName=alias, TargetKeyId=md["KeyId"])
    for ident in (md["KeyId"], md["Arn"], alias, trent.alias_arn(alias)):
        got = kms.describe_key(KeyId=ident)["KeyMetadata"]
        assert got == md, ident


def test_describe_key_does_not_return_aliases_or_tags(kms, new_key):
    md = new_key(Tags=[{"TagKey": "a", "TagValue": "b"}])
    kms.create_alias(AliasName="alias/" + unique("noshow"), TargetKeyId=md["KeyId"])
    resp = kms.describe_key(KeyId=md["KeyId"])
    assert set(resp) - {"ResponseMetadata"} == {"KeyMetadata"}
    assert "Tags" not in resp["KeyMetadata"] and "Aliases" not in resp["KeyMetadata"]


def test_describe_key_unknown_key_id(trent, kms):
    kid = random_uuid()
    with kms_error("NotFoundException", not_found_key_msg(trent.key_arn(kid))):
        kms.describe_key(KeyId=kid)


def test_describe_key_unknown_key_arn(trent, kms):
    arn = trent.key_arn(random_uuid())
    with kms_error("NotFoundException", not_found_key_msg(arn)):
        kms.describe_key(KeyId=arn)


def test_describe_key_id_that_is_not_a_uuid(kms):
    with kms_error("NotFoundException", "Invalid keyId 'fake-key-id'"):
        kms.describe_key(KeyId="fake-key-id")


def test_describe_key_unknown_alias(trent, kms):
    alias = "alias/" + unique("missing")
    with kms_error("NotFoundException", alias_not_found_msg(trent.alias_arn(alias))):
        kms.describe_key(KeyId=alias)


def test_describe_key_unknown_alias_arn(trent, kms):
    alias = "alias/" + unique("missing")
    with kms_error("NotFoundException", alias_not_found_msg(trent.alias_arn(alias))):
        kms.describe_key(KeyId=trent.alias_arn(alias))


@pytest.mark.parametrize(
    "bad",
    [
        "arn:aws:kms:us-east-1:111122223333",
        "arn:aws:kms:us-east-1:111122223333:",
        "arn:aws:kms:us-east-1:111122223333:thing/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms",
        "arn:aws:s3:::bucket",
    ],
)
def test_describe_key_malformed_arn(kms, bad):
    """The model names InvalidArnException; AWS has also been seen answering NotFoundException
    "Invalid arn ..." for ARNs it cannot use, so either is accepted, but it must be an ARN error."""
    with kms_error(("InvalidArnException", "NotFoundException")) as e:
        kms.describe_key(KeyId=bad)
    if e.code == "NotFoundException":
        assert e.message.startswith("Invalid arn"), e.message


def test_describe_key_arn_of_other_region(trent, kms):
    """Recorded from AWS (LocalStack snapshot test_get_key_in_different_region): a key ARN whose
    region is not the endpoint's region -> NotFoundException "Invalid arn <region of the ARN>"."""
    eu_key = trent.client(region="eu-west-1").create_key()["KeyMetadata"]
    with kms_error("NotFoundException", "Invalid arn eu-west-1"):
        kms.describe_key(KeyId=eu_key["Arn"])
    with kms_error("NotFoundException", "Invalid arn eu-west-1"):
        kms.encrypt(KeyId=eu_key["Arn"], Plaintext=b"x")
    # a bare key ID is resolved in the caller's region
    with kms_error("NotFoundException", not_found_key_msg(trent.key_arn(eu_key["KeyId"]))):
        kms.describe_key(KeyId=eu_key["KeyId"])


def test_describe_key_empty_key_id(trent):
    kms = trent.client(parameter_validation=False)
    with kms_error("ValidationException", validation_msg("", "keyId", min_len(1))):
        kms.describe_key(KeyId="")


def test_describe_key_too_long_key_id(trent):
    kms = trent.client(parameter_validation=False)
    long_id = "a" * 2049
    with kms_error("ValidationException", validation_msg(long_id, "keyId", max_len(2048))):
        kms.describe_key(KeyId=long_id)


def test_describe_key_missing_key_id(trent):
    r = trent.raw("DescribeKey", {})
    assert r.status == 400
    assert r.error_type == "ValidationException"
    assert r.message == validation_msg(None, "keyId", "Member must not be null")


# ------------------------------------------------------------------- ListKeys
def _all_keys(kms, **kw):
    out, marker = [], None
    while True:
        args = dict(kw)
        if marker:
            args["Marker"] = marker
        page = kms.list_keys(**args)
        out += page["Keys"]
        if not page.get("Truncated"):
            return out
        marker = page["NextMarker"]


def test_list_keys_contains_created_key(kms, new_key):
    md = new_key()
    entries = _all_keys(kms)
    assert {"KeyId": md["KeyId"], "KeyArn": md["Arn"]} in entries
    for e in entries:
        assert set(e) == {"KeyId", "KeyArn"}


def test_list_keys_pagination(trent):
    region = "ca-central-1"  # used by no other test: the listing is exactly ours
    kms = trent.client(region=region)
    created = {kms.create_key()["KeyMetadata"]["KeyId"] for _ in range(5)}
    seen, pages, marker = [], [], None
    while True:
        args = {"Limit": 2}
        if marker:
            args["Marker"] = marker
        page = kms.list_keys(**args)
        pages.append(page)
        assert len(page["Keys"]) <= 2
        seen += [k["KeyId"] for k in page["Keys"]]
        if not page["Truncated"]:
            assert "NextMarker" not in page
            break
        assert page["NextMarker"]
        marker = page["NextMarker"]
        assert len(pages) < 10, "pagination does not terminate"
    assert len(pages) >= 3  # Limit is a maximum; KMS may return fewer
    assert len(seen) == len(set(seen)) == 5
    assert set(seen) == created
    full = kms.list_keys()
    assert full["Truncated"] is False and len(full["Keys"]) == 5


def test_list_keys_limit_bounds(trent):
    kms = trent.client(parameter_validation=False)
    with kms_error("ValidationException", validation_msg(0, "limit", min_val(1))):
        kms.list_keys(Limit=0)
    with kms_error("ValidationException", validation_msg(1001, "limit", max_val(1000))):
        kms.list_keys(Limit=1001)
    assert "Keys" in kms.list_keys(Limit=1000)


def test_list_keys_invalid_marker(kms):
    with kms_error("InvalidMarkerException"):
        kms.list_keys(Marker="this-is-not-a-marker-trent-issued")


def test_list_keys_is_per_region(trent, kms, new_key):
    md = new_key()
    other = trent.client(region="ap-northeast-2")
    assert md["KeyId"] not in {k["KeyId"] for k in _all_keys(other)}


# ------------------------------------------------------------ Enable/Disable
def test_disable_and_enable_key(kms, new_key):
    kid = new_key()["KeyId"]
    assert set(kms.disable_key(KeyId=kid)) == {"ResponseMetadata"}
    md = kms.describe_key(KeyId=kid)["KeyMetadata"]
    assert (md["KeyState"], md["Enabled"]) == ("Disabled", False)
    assert set(kms.enable_key(KeyId=kid)) == {"ResponseMetadata"}
    md = kms.describe_key(KeyId=kid)["KeyMetadata"]
    assert (md["KeyState"], md["Enabled"]) == ("Enabled", True)


def test_disable_and_enable_are_idempotent(kms, new_key):
    kid = new_key()["KeyId"]
    kms.enable_key(KeyId=kid)
    kms.disable_key(KeyId=kid)
    kms.disable_key(KeyId=kid)
    assert kms.describe_key(KeyId=kid)["KeyMetadata"]["KeyState"] == "Disabled"
    kms.enable_key(KeyId=kid)
    kms.enable_key(KeyId=kid)
    assert kms.describe_key(KeyId=kid)["KeyMetadata"]["KeyState"] == "Enabled"


def test_disable_enable_by_key_arn(kms, new_key):
    md = new_key()
    kms.disable_key(KeyId=md["Arn"])
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "Disabled"
    kms.enable_key(KeyId=md["Arn"])
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"


@pytest.mark.parametrize("op", ["enable_key", "disable_key"])
def test_enable_disable_unknown_key(trent, kms, op):
    kid = random_uuid()
    with kms_error("NotFoundException", not_found_key_msg(trent.key_arn(kid))):
        getattr(kms, op)(KeyId=kid)


# ------------------------------------------------------- UpdateKeyDescription
def test_update_key_description(kms, new_key):
    kid = new_key(Description="old")["KeyId"]
    assert set(kms.update_key_description(KeyId=kid, Description="new")) == {"ResponseMetadata"}
    assert kms.describe_key(KeyId=kid)["KeyMetadata"]["Description"] == "new"
    kms.update_key_description(KeyId=kid, Description="")
    assert kms.describe_key(KeyId=kid)["KeyMetadata"]["Description"] == ""


def test_update_key_description_by_arn(kms, new_key):
    md = new_key()
    kms.update_key_description(KeyId=md["Arn"], Description="via arn")
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["Description"] == "via arn"


def test_update_key_description_too_long(trent, new_key):
    kms = trent.client(parameter_validation=False)
    kid = new_key()["KeyId"]
    with kms_error("ValidationException", validation_msg("x" * 8193, "description", max_len(8192))):
        kms.update_key_description(KeyId=kid, Description="x" * 8193)


def test_update_key_description_missing_description(trent, new_key):
    kid = new_key()["KeyId"]
    r = trent.raw("UpdateKeyDescription", {"KeyId": kid})
    assert (r.status, r.error_type) == (400, "ValidationException")
    assert r.message == validation_msg(None, "description", "Member must not be null")


def test_update_key_description_unknown_key(trent, kms):
    kid = random_uuid()
    with kms_error("NotFoundException", not_found_key_msg(trent.key_arn(kid))):
        kms.update_key_description(KeyId=kid, Description="x")


# ------------------------------------- identifiers accepted by management ops
MANAGEMENT_OPS = {
    "enable_key": {},
    "disable_key": {},
    "update_key_description": {"Description": "x"},
    "schedule_key_deletion": {"PendingWindowInDays": 7},
    "get_key_policy": {"PolicyName": "default"},
    "list_key_policies": {},
    "put_key_policy": {"PolicyName": "default", "Policy": None},
    "tag_resource": {"Tags": [{"TagKey": "k", "TagValue": "v"}]},
    "untag_resource": {"TagKeys": ["k"]},
    "list_resource_tags": {},
}


@pytest.mark.parametrize("op", sorted(MANAGEMENT_OPS))
@pytest.mark.parametrize("form", ["alias_name", "alias_arn"])
def test_management_ops_reject_alias_identifiers(trent, kms, new_key, op, form):
    """seed-features §4: key-management operations take only a key ID or key ARN."""
    md = new_key()
    alias = "alias/" + unique("mgmt")
    kms.create_alias(AliasName=alias, TargetKeyId=md["KeyId"])
    ident = alias if form == "alias_name" else trent.alias_arn(alias)
    params = dict(MANAGEMENT_OPS[op])
    if "Policy" in params:
        params["Policy"] = kms.get_key_policy(KeyId=md["KeyId"], PolicyName="default")["Policy"]
    with kms_error(("NotFoundException", "InvalidArnException")):
        getattr(kms, op)(KeyId=ident, **params)
    after = kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]
    assert after["KeyState"] == "Enabled" and after["Description"] == ""
    assert kms.list_resource_tags(KeyId=md["KeyId"])["Tags"] == []


@pytest.mark.parametrize("op", sorted(MANAGEMENT_OPS))
def test_management_ops_accept_key_arn(kms, new_key, op):
    md = new_key()
    params = dict(MANAGEMENT_OPS[op])
    if "Policy" in params:
        params["Policy"] = kms.get_key_policy(KeyId=md["KeyId"], PolicyName="default")["Policy"]
    getattr(kms, op)(KeyId=md["Arn"], **params)
