"""GetKeyPolicy, ListKeyPolicies, PutKeyPolicy, and Policy on CreateKey.

seed-features §5.2 (programmatic default policy, exact text) and §5.3 (grammar:
Version + Statement with Effect Allow|Deny and a Principal; a statement without
Resource is accepted; size limit 32,768 bytes; malformed -> MalformedPolicyDocumentException).
Authorization by policy is not part of this capability, so no lockout checks here.
"""

import json

import pytest
from botocore.exceptions import ClientError

from helpers import kms_error, not_found_key_msg, random_uuid, validation_msg


def default_policy(account):
    return {
        "Version": "2012-10-17",
        "Id": "key-default-1",
        "Statement": [
            {
                "Sid": "Enable IAM User Permissions",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                "Action": "kms:*",
                "Resource": "*",
            }
        ],
    }


def custom_policy(account, sid="AllowAccount", **extra):
    stmt = {
        "Sid": sid,
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
        "Action": "kms:*",
        "Resource": "*",
    }
    stmt.update(extra)
    return {"Version": "2012-10-17", "Id": "custom-1", "Statement": [stmt]}


def test_default_key_policy(trent, kms, new_key):
    kid = new_key()["KeyId"]
    resp = kms.get_key_policy(KeyId=kid, PolicyName="default")
    assert json.loads(resp["Policy"]) == default_policy(trent.account)


def test_get_key_policy_without_policy_name(trent, kms, new_key):
    kid = new_key()["KeyId"]
    assert json.loads(kms.get_key_policy(KeyId=kid)["Policy"]) == default_policy(trent.account)


def test_get_key_policy_by_arn(trent, kms, new_key):
    md = new_key()
    assert json.loads(kms.get_key_policy(KeyId=md["Arn"], PolicyName="default")["Policy"]) == default_policy(trent.account)


def test_get_key_policy_unknown_policy_name(kms, new_key):
    kid = new_key()["KeyId"]
    with kms_error("NotFoundException"):
        kms.get_key_policy(KeyId=kid, PolicyName="other")


def test_get_key_policy_invalid_policy_name(trent, new_key):
    kms = trent.client(parameter_validation=False)
    kid = new_key()["KeyId"]
    with kms_error("ValidationException",
                   validation_msg("bad name!", "policyName", r"Member must satisfy regular expression pattern: [\w]+")):
        kms.get_key_policy(KeyId=kid, PolicyName="bad name!")


def test_get_key_policy_unknown_key(trent, kms):
    kid = random_uuid()
    with kms_error("NotFoundException", not_found_key_msg(trent.key_arn(kid))):
        kms.get_key_policy(KeyId=kid, PolicyName="default")


def test_list_key_policies(kms, new_key):
    kid = new_key()["KeyId"]
    resp = kms.list_key_policies(KeyId=kid)
    assert resp["PolicyNames"] == ["default"]
    assert resp["Truncated"] is False
    assert kms.list_key_policies(KeyId=kid, Limit=1)["PolicyNames"] == ["default"]


def test_list_key_policies_unknown_key(trent, kms):
    kid = random_uuid()
    with kms_error("NotFoundException", not_found_key_msg(trent.key_arn(kid))):
        kms.list_key_policies(KeyId=kid)


def test_create_key_with_policy(trent, kms):
    pol = custom_policy(trent.account, sid="FromCreateKey")
    kid = kms.create_key(Policy=json.dumps(pol))["KeyMetadata"]["KeyId"]
    assert json.loads(kms.get_key_policy(KeyId=kid, PolicyName="default")["Policy"]) == pol


def test_put_and_get_key_policy(trent, kms, new_key):
    kid = new_key()["KeyId"]
    pol = custom_policy(trent.account, sid="Replaced")
    resp = kms.put_key_policy(KeyId=kid, PolicyName="default", Policy=json.dumps(pol, indent=2))
    assert set(resp) == {"ResponseMetadata"}
    assert json.loads(kms.get_key_policy(KeyId=kid, PolicyName="default")["Policy"]) == pol


def test_put_key_policy_without_policy_name(trent, kms, new_key):
    kid = new_key()["KeyId"]
    pol = custom_policy(trent.account, sid="NoName")
    kms.put_key_policy(KeyId=kid, Policy=json.dumps(pol))
    assert json.loads(kms.get_key_policy(KeyId=kid)["Policy"]) == pol


def test_put_key_policy_with_conditions_and_lists(trent, kms, new_key):
    kid = new_key()["KeyId"]
    pol = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Admins",
                "Effect": "Allow",
                "Principal": {"AWS": [f"arn:aws:iam::{trent.account}:root", f"arn:aws:iam::{trent.account}:user/admin"]},
                "Action": ["kms:Describe*", "kms:Get*", "kms:List*", "kms:PutKeyPolicy"],
                "Resource": "*",
            },
            {
                "Sid": "DenyWithoutContext",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "kms:Decrypt",
                "Resource": "*",
                "Condition": {"Null": {"kms:EncryptionContextKeys": "true"}},
            },
        ],
    }
    kms.put_key_policy(KeyId=kid, PolicyName="default", Policy=json.dumps(pol))
    assert json.loads(kms.get_key_policy(KeyId=kid)["Policy"]) == pol


def test_statement_without_resource_is_accepted(trent, kms, new_key):
    """§5.3: CreateKey and PutKeyPolicy succeed; the statement is merely ineffective (so the
    policy keeps its working statements, or the lockout safety check would refuse it)."""
    kid = new_key()["KeyId"]
    pol = custom_policy(trent.account)
    ineffective = dict(pol["Statement"][0], Sid="NoResource")
    del ineffective["Resource"]
    pol["Statement"].append(ineffective)
    kms.put_key_policy(KeyId=kid, PolicyName="default", Policy=json.dumps(pol))
    assert json.loads(kms.get_key_policy(KeyId=kid)["Policy"]) == pol
    # Alone, the ineffective statement would lock the caller out.
    del pol["Statement"][:-1]
    with pytest.raises(ClientError) as refused:
        kms.put_key_policy(KeyId=kid, PolicyName="default", Policy=json.dumps(pol))
    assert refused.value.response["Error"]["Code"] == "MalformedPolicyDocumentException"


MALFORMED = {
    "not-json": "{this is not json",
    "json-array": "[]",
    "json-string": '"policy"',
    "no-statement": json.dumps({"Version": "2012-10-17"}),
    "empty-statement-list": json.dumps({"Version": "2012-10-17", "Statement": []}),
    "bad-effect": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Maybe", "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*"}]}),
    "no-effect": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*"}]}),
    "no-principal": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}),
    "bad-version": json.dumps({"Version": "2099-01-01", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*"}]}),
    "unknown-top-level-element": json.dumps({"Version": "2012-10-17", "Bogus": 1, "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*"}]}),
    "statement-not-object": json.dumps({"Version": "2012-10-17", "Statement": ["Allow everything"]}),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_put_key_policy_malformed(trent, kms, new_key, name):
    kid = new_key()["KeyId"]
    before = kms.get_key_policy(KeyId=kid, PolicyName="default")["Policy"]
    with kms_error("MalformedPolicyDocumentException"):
        kms.put_key_policy(KeyId=kid, PolicyName="default", Policy=MALFORMED[name])
    assert kms.get_key_policy(KeyId=kid, PolicyName="default")["Policy"] == before


@pytest.mark.parametrize("name", ["not-json", "no-statement", "bad-effect"])
def test_create_key_with_malformed_policy(kms, name):
    with kms_error("MalformedPolicyDocumentException"):
        kms.create_key(Policy=MALFORMED[name])


def _padded_policy(account, total_bytes):
    base = json.dumps(custom_policy(account))
    pad = total_bytes - len(base.encode())
    assert pad > 0
    return base[:-1] + " " * pad + "}"


def test_policy_size_limit(trent, kms, new_key):
    kid = new_key()["KeyId"]
    ok = _padded_policy(trent.account, 32768)
    assert len(ok.encode()) == 32768
    kms.put_key_policy(KeyId=kid, PolicyName="default", Policy=ok)
    assert json.loads(kms.get_key_policy(KeyId=kid)["Policy"]) == custom_policy(trent.account)
    too_big = _padded_policy(trent.account, 32769)
    with kms_error(("LimitExceededException", "MalformedPolicyDocumentException")):
        kms.put_key_policy(KeyId=kid, PolicyName="default", Policy=too_big)
    with kms_error(("LimitExceededException", "MalformedPolicyDocumentException")):
        kms.create_key(Policy=too_big)


def test_policy_model_length_limit(trent, new_key):
    kms = trent.client(parameter_validation=False)
    kid = new_key()["KeyId"]
    huge = _padded_policy(trent.account, 131073)
    with kms_error("ValidationException", prefix="1 validation error detected: Value ",
                   contains="at 'policy' failed to satisfy constraint: Member must have length less than or equal to 131072"):
        kms.put_key_policy(KeyId=kid, PolicyName="default", Policy=huge)


def test_policy_character_set(trent, new_key):
    kms = trent.client(parameter_validation=False)
    kid = new_key()["KeyId"]
    pol = json.dumps(custom_policy(trent.account, sid="Chinese")).replace("custom-1", "\u4e2d\u6587")
    with kms_error("ValidationException", prefix="1 validation error detected: Value ",
                   contains="at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern"):
        kms.put_key_policy(KeyId=kid, PolicyName="default", Policy=pol)


def test_policy_latin1_characters_allowed(trent, kms, new_key):
    kid = new_key()["KeyId"]
    pol = custom_policy(trent.account)
    pol["Id"] = "política-clé"
    kms.put_key_policy(KeyId=kid, PolicyName="default", Policy=json.dumps(pol, ensure_ascii=False))
    assert json.loads(kms.get_key_policy(KeyId=kid)["Policy"]) == pol


def test_put_key_policy_unknown_key(trent, kms):
    kid = random_uuid()
    with kms_error("NotFoundException", not_found_key_msg(trent.key_arn(kid))):
        kms.put_key_policy(KeyId=kid, PolicyName="default", Policy=json.dumps(custom_policy(trent.account)))


def test_put_key_policy_missing_policy(trent, new_key):
    kid = new_key()["KeyId"]
    r = trent.raw("PutKeyPolicy", {"KeyId": kid, "PolicyName": "default"})
    assert (r.status, r.error_type) == (400, "ValidationException")
    assert r.message == validation_msg(None, "policy", "Member must not be null")


def test_bypass_policy_lockout_safety_check_flag_is_accepted(trent, kms, new_key):
    pol = custom_policy(trent.account, sid="Bypass")
    kid = kms.create_key(Policy=json.dumps(pol), BypassPolicyLockoutSafetyCheck=True)["KeyMetadata"]["KeyId"]
    assert json.loads(kms.get_key_policy(KeyId=kid)["Policy"]) == pol
    pol2 = custom_policy(trent.account, sid="BypassAgain")
    kms.put_key_policy(KeyId=kid, PolicyName="default", Policy=json.dumps(pol2), BypassPolicyLockoutSafetyCheck=True)
    assert json.loads(kms.get_key_policy(KeyId=kid)["Policy"]) == pol2
