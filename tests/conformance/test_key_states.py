"""The key-state table (seed-features §3) for the Disabled and PendingDeletion
columns, over every operation in this capability.

Messages: [1] DisabledException "<key ARN> is disabled."; [2]/[3] resolved, as
the spec recommends, to KMSInvalidStateException "<key ARN> is pending
deletion." (the text AWS's own CloudWatch alarm example matches on); [4]
KMSInvalidStateException "<key ARN> is not pending deletion ..." (the guide's
footnote adds "(or pending replica deletion)", so only the prefix is pinned).
"""

import json

import pytest

from helpers import kms_error, unique


def _make(kms, state):
    md = kms.create_key(Description=f"state {state}")["KeyMetadata"]
    blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"before", EncryptionContext={"s": state})["CiphertextBlob"]
    alias = "alias/" + unique("st")
    kms.create_alias(AliasName=alias, TargetKeyId=md["KeyId"])
    kms.tag_resource(KeyId=md["KeyId"], Tags=[{"TagKey": "keep", "TagValue": "me"}])
    if state == "Disabled":
        kms.disable_key(KeyId=md["KeyId"])
    elif state == "PendingDeletion":
        kms.schedule_key_deletion(KeyId=md["KeyId"], PendingWindowInDays=30)
    got = kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"]
    assert got == state
    return {"md": md, "blob": blob, "alias": alias, "ec": {"s": state}}


@pytest.fixture
def disabled_key(kms):
    return _make(kms, "Disabled")


@pytest.fixture
def pending_key(kms):
    return _make(kms, "PendingDeletion")


def _state_of(kms, k):
    return kms.describe_key(KeyId=k["md"]["KeyId"])["KeyMetadata"]["KeyState"]


# Operations, as callables taking (kms, key, other_enabled_key_metadata)
OPS = {
    "Encrypt": lambda kms, k, o: kms.encrypt(KeyId=k["md"]["KeyId"], Plaintext=b"x"),
    "EncryptByAlias": lambda kms, k, o: kms.encrypt(KeyId=k["alias"], Plaintext=b"x"),
    "Decrypt": lambda kms, k, o: kms.decrypt(CiphertextBlob=k["blob"], EncryptionContext=k["ec"]),
    "DecryptWithKeyId": lambda kms, k, o: kms.decrypt(
        CiphertextBlob=k["blob"], EncryptionContext=k["ec"], KeyId=k["md"]["Arn"]),
    "ReEncryptFrom": lambda kms, k, o: kms.re_encrypt(
        CiphertextBlob=k["blob"], SourceEncryptionContext=k["ec"], DestinationKeyId=o["KeyId"]),
    "ReEncryptTo": lambda kms, k, o: kms.re_encrypt(
        CiphertextBlob=kms.encrypt(KeyId=o["KeyId"], Plaintext=b"o")["CiphertextBlob"], DestinationKeyId=k["md"]["KeyId"]),
    "GenerateDataKey": lambda kms, k, o: kms.generate_data_key(KeyId=k["md"]["KeyId"], KeySpec="AES_256"),
    "GenerateDataKeyWithoutPlaintext": lambda kms, k, o: kms.generate_data_key_without_plaintext(
        KeyId=k["md"]["KeyId"], NumberOfBytes=32),
    "DescribeKey": lambda kms, k, o: kms.describe_key(KeyId=k["md"]["KeyId"]),
    "DescribeKeyByAlias": lambda kms, k, o: kms.describe_key(KeyId=k["alias"]),
    "EnableKey": lambda kms, k, o: kms.enable_key(KeyId=k["md"]["KeyId"]),
    "DisableKey": lambda kms, k, o: kms.disable_key(KeyId=k["md"]["KeyId"]),
    "UpdateKeyDescription": lambda kms, k, o: kms.update_key_description(KeyId=k["md"]["KeyId"], Description="new"),
    "ScheduleKeyDeletion": lambda kms, k, o: kms.schedule_key_deletion(KeyId=k["md"]["KeyId"], PendingWindowInDays=7),
    "CancelKeyDeletion": lambda kms, k, o: kms.cancel_key_deletion(KeyId=k["md"]["KeyId"]),
    "GetKeyPolicy": lambda kms, k, o: kms.get_key_policy(KeyId=k["md"]["KeyId"], PolicyName="default"),
    "ListKeyPolicies": lambda kms, k, o: kms.list_key_policies(KeyId=k["md"]["KeyId"]),
    "PutKeyPolicy": lambda kms, k, o: kms.put_key_policy(
        KeyId=k["md"]["KeyId"], PolicyName="default",
        Policy=kms.get_key_policy(KeyId=k["md"]["KeyId"], PolicyName="default")["Policy"]),
    "CreateAlias": lambda kms, k, o: kms.create_alias(AliasName="alias/" + unique("new"), TargetKeyId=k["md"]["KeyId"]),
    "DeleteAlias": lambda kms, k, o: kms.delete_alias(AliasName=k["alias"]),
    "UpdateAliasAwayFromKey": lambda kms, k, o: kms.update_alias(AliasName=k["alias"], TargetKeyId=o["KeyId"]),
    "UpdateAliasOntoKey": lambda kms, k, o: _update_alias_onto(kms, k, o),
    "ListAliases": lambda kms, k, o: kms.list_aliases(KeyId=k["md"]["KeyId"]),
    "TagResource": lambda kms, k, o: kms.tag_resource(KeyId=k["md"]["KeyId"], Tags=[{"TagKey": "t", "TagValue": "v"}]),
    "UntagResource": lambda kms, k, o: kms.untag_resource(KeyId=k["md"]["KeyId"], TagKeys=["keep"]),
    "ListResourceTags": lambda kms, k, o: kms.list_resource_tags(KeyId=k["md"]["KeyId"]),
}


def _update_alias_onto(kms, k, o):
    name = "alias/" + unique("onto")
    kms.create_alias(AliasName=name, TargetKeyId=o["KeyId"])
    return kms.update_alias(AliasName=name, TargetKeyId=k["md"]["KeyId"])


DISABLED = "disabled"          # [1]
PENDING = "pending"            # [3]
NOT_PENDING = "not-pending"    # [4]
OK = "ok"

EXPECT_DISABLED_STATE = {
    "Encrypt": DISABLED, "EncryptByAlias": DISABLED, "Decrypt": DISABLED, "DecryptWithKeyId": DISABLED,
    "ReEncryptFrom": DISABLED, "ReEncryptTo": DISABLED, "GenerateDataKey": DISABLED,
    "GenerateDataKeyWithoutPlaintext": DISABLED,
    "DescribeKey": OK, "DescribeKeyByAlias": OK, "EnableKey": OK, "DisableKey": OK, "UpdateKeyDescription": OK,
    "ScheduleKeyDeletion": OK, "CancelKeyDeletion": NOT_PENDING, "GetKeyPolicy": OK, "ListKeyPolicies": OK,
    "PutKeyPolicy": OK, "CreateAlias": OK, "DeleteAlias": OK, "UpdateAliasAwayFromKey": OK,
    "UpdateAliasOntoKey": OK, "ListAliases": OK, "TagResource": OK, "UntagResource": OK, "ListResourceTags": OK,
}

EXPECT_PENDING_STATE = {
    "Encrypt": PENDING, "EncryptByAlias": PENDING, "Decrypt": PENDING, "DecryptWithKeyId": PENDING,
    "ReEncryptFrom": PENDING, "ReEncryptTo": PENDING, "GenerateDataKey": PENDING,
    "GenerateDataKeyWithoutPlaintext": PENDING,
    "DescribeKey": OK, "DescribeKeyByAlias": OK, "EnableKey": PENDING, "DisableKey": PENDING,
    "UpdateKeyDescription": PENDING, "ScheduleKeyDeletion": PENDING, "CancelKeyDeletion": OK,
    "GetKeyPolicy": OK, "ListKeyPolicies": OK, "PutKeyPolicy": OK, "CreateAlias": PENDING, "DeleteAlias": OK,
    "UpdateAliasAwayFromKey": OK, "UpdateAliasOntoKey": PENDING, "ListAliases": OK, "TagResource": PENDING,
    "UntagResource": PENDING, "ListResourceTags": OK,
}

assert set(EXPECT_DISABLED_STATE) == set(OPS) == set(EXPECT_PENDING_STATE)


def _check(kms, new_key, k, op, expect):
    other = new_key()
    arn = k["md"]["Arn"]
    if expect == OK:
        OPS[op](kms, k, other)
        return
    if expect == DISABLED:
        ctx = kms_error("DisabledException", f"{arn} is disabled.")
    elif expect == PENDING:
        ctx = kms_error("KMSInvalidStateException", f"{arn} is pending deletion.")
    else:
        ctx = kms_error("KMSInvalidStateException", prefix=f"{arn} is not pending deletion")
    with ctx:
        OPS[op](kms, k, other)


@pytest.mark.parametrize("op", sorted(OPS))
def test_disabled_key(kms, new_key, disabled_key, op):
    expect = EXPECT_DISABLED_STATE[op]
    _check(kms, new_key, disabled_key, op, expect)
    if expect != OK or op not in ("EnableKey", "ScheduleKeyDeletion"):
        assert _state_of(kms, disabled_key) == "Disabled", "a failed or read-only call changed the key state"


@pytest.mark.parametrize("op", sorted(OPS))
def test_pending_deletion_key(kms, new_key, pending_key, op):
    expect = EXPECT_PENDING_STATE[op]
    _check(kms, new_key, pending_key, op, expect)
    if op != "CancelKeyDeletion":
        assert _state_of(kms, pending_key) == "PendingDeletion"


def test_disabled_key_state_side_effects(kms, disabled_key):
    kid = disabled_key["md"]["KeyId"]
    kms.update_key_description(KeyId=kid, Description="changed while disabled")
    kms.tag_resource(KeyId=kid, Tags=[{"TagKey": "a", "TagValue": "b"}])
    md = kms.describe_key(KeyId=kid)["KeyMetadata"]
    assert md["Description"] == "changed while disabled"
    assert {"TagKey": "a", "TagValue": "b"} in kms.list_resource_tags(KeyId=kid)["Tags"]
    assert (md["KeyState"], md["Enabled"]) == ("Disabled", False)


def test_reenabled_key_decrypts_old_ciphertext(kms, disabled_key):
    kms.enable_key(KeyId=disabled_key["md"]["KeyId"])
    got = kms.decrypt(CiphertextBlob=disabled_key["blob"], EncryptionContext=disabled_key["ec"])
    assert got["Plaintext"] == b"before"


def test_pending_key_metadata(kms, pending_key):
    md = kms.describe_key(KeyId=pending_key["md"]["KeyId"])["KeyMetadata"]
    assert md["KeyState"] == "PendingDeletion"
    assert md["Enabled"] is False
    assert "DeletionDate" in md


def test_pending_key_still_listed_with_alias_and_tags(kms, pending_key):
    kid = pending_key["md"]["KeyId"]
    keys = []
    marker = None
    while True:
        page = kms.list_keys(**({"Marker": marker} if marker else {}))
        keys += [k["KeyId"] for k in page["Keys"]]
        if not page["Truncated"]:
            break
        marker = page["NextMarker"]
    assert kid in keys
    assert [a["AliasName"] for a in kms.list_aliases(KeyId=kid)["Aliases"]] == [pending_key["alias"]]
    assert kms.list_resource_tags(KeyId=kid)["Tags"] == [{"TagKey": "keep", "TagValue": "me"}]


def test_put_key_policy_on_pending_key_takes_effect(trent, kms, pending_key):
    kid = pending_key["md"]["KeyId"]
    pol = {"Version": "2012-10-17", "Statement": [{"Sid": "Pending", "Effect": "Allow",
           "Principal": {"AWS": f"arn:aws:iam::{trent.account}:root"}, "Action": "kms:*", "Resource": "*"}]}
    kms.put_key_policy(KeyId=kid, PolicyName="default", Policy=json.dumps(pol))
    assert json.loads(kms.get_key_policy(KeyId=kid, PolicyName="default")["Policy"]) == pol


def test_dry_run_on_disabled_and_pending_keys(kms, disabled_key, pending_key):
    for k, code, msg in (
        (disabled_key, "DisabledException", "is disabled."),
        (pending_key, "KMSInvalidStateException", "is pending deletion."),
    ):
        with kms_error(code, f"{k['md']['Arn']} {msg}"):
            kms.encrypt(KeyId=k["md"]["KeyId"], Plaintext=b"x", DryRun=True)
        with kms_error(code, f"{k['md']['Arn']} {msg}"):
            kms.decrypt(CiphertextBlob=k["blob"], EncryptionContext=k["ec"], DryRun=True)
