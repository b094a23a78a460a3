"""Key policies for real (spec authorization.md §4): GetKeyPolicy's re-serialized layout,
validation of principals against Trent's identities (§4.4), and the policy lockout safety
check (§4.5) on PutKeyPolicy and CreateKey, refusing and bypassed, with the
kms:BypassPolicyLockoutSafetyCheck condition key.
"""

from __future__ import annotations

import json

import pytest

from authz_fixtures import (
    A, ADMIN_ARN, B, INVALID_ARN_IN_POLICY_MSG, INVALID_PRINCIPALS_MSG, LOCKOUT_MSG, NO_PRINCIPAL_MSG, Role,
    User, a1, a2, a3, account_entry, allow, client, config_yaml, deny, doc, key_policy, kstmt, start, trust,
)
from helpers import kms_error

ALICE = User("alice")
CREATOR = User("creator", policies=[("c", doc(allow(["kms:CreateKey", "kms:DescribeKey"])))])
NOBYPASS = User("nobypass", policies=[("p", doc(
    allow("kms:*"),
    deny("kms:PutKeyPolicy", condition={"Bool": {"kms:BypassPolicyLockoutSafetyCheck": "true"}}),
))])
NULLBYPASS = User("nullbypass", policies=[("p", doc(allow("kms:CreateKey", condition={
    "Null": {"kms:BypassPolicyLockoutSafetyCheck": "true"}})))])
BOB = User("bob", account=B)
APP = Role("app", trust(f"arn:aws:iam::{A}:root"))
DEFAULT_POLICY_TEXT = (
    '{\n  "Version" : "2012-10-17",\n  "Id" : "key-default-1",\n  "Statement" : [ {\n'
    '    "Sid" : "Enable IAM User Permissions",\n    "Effect" : "Allow",\n    "Principal" : {\n'
    '      "AWS" : "arn:aws:iam::111122223333:root"\n    },\n    "Action" : "kms:*",\n    "Resource" : "*"\n  } ]\n}'
)


@pytest.fixture(scope="module")
def srv(module_trent):
    return start(module_trent, config_yaml(
        account_entry(A, users=[ALICE, CREATOR, NOBYPASS, NULLBYPASS], groups=[{"name": "devs", "members": ["alice"]}],
                      roles=[APP]),
        account_entry(B, users=[BOB])))


@pytest.fixture(scope="module")
def admin(srv):
    return client(srv)


def jackson(value, depth=0) -> str:
    """Jackson's DefaultPrettyPrinter, the layout GetKeyPolicy answers in (§4.2)."""
    if isinstance(value, dict):
        if not value:
            return "{ }"
        pad = "  " * (depth + 1)
        inner = ",\n".join(f"{pad}{json.dumps(k, ensure_ascii=False)} : {jackson(v, depth + 1)}" for k, v in value.items())
        return "{\n" + inner + "\n" + "  " * depth + "}"
    if isinstance(value, list):
        if not value:
            return "[ ]"
        return "[ " + ", ".join(jackson(v, depth) for v in value) + " ]"
    return json.dumps(value, ensure_ascii=False)


def _policy(srv_admin, key_id):
    return srv_admin.get_key_policy(KeyId=key_id, PolicyName="default")["Policy"]


# -------------------------------------------------------------- GetKeyPolicy
def test_default_policy_exact_text(admin):
    md = admin.create_key()["KeyMetadata"]
    assert jackson(json.loads(DEFAULT_POLICY_TEXT)) == DEFAULT_POLICY_TEXT   # the printer matches AWS's sample
    assert _policy(admin, md["KeyId"]) == DEFAULT_POLICY_TEXT


def test_put_policy_comes_back_pretty_printed(admin):
    md = admin.create_key()["KeyMetadata"]
    policy = {
        "Version": "2012-10-17",
        "Id": "compact",
        "Statement": [
            {"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:root"},
             "Action": "kms:*", "Resource": "*"},
            {"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": ALICE.arn},
             "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*",
             "Condition": {"StringEquals": {"kms:EncryptionContext:app": "web"}}},
        ],
    }
    admin.put_key_policy(KeyId=md["KeyId"], PolicyName="default", Policy=json.dumps(policy, separators=(",", ":")))
    text = _policy(admin, md["KeyId"])
    assert json.loads(text) == policy
    assert text == jackson(policy)


def test_bare_account_principal_is_rendered_as_root_arn(admin):
    md = admin.create_key(Policy=json.dumps(doc(kstmt("Allow", A, "kms:*"))))["KeyMetadata"]
    got = json.loads(_policy(admin, md["KeyId"]))
    assert got["Statement"][0]["Principal"] == {"AWS": f"arn:aws:iam::{A}:root"}


# ---------------------------------------------------------------- validation
@pytest.mark.parametrize("principal", [
    f"arn:aws:iam::{A}:user/ghost",
    f"arn:aws:iam::{A}:role/ghost",
    f"arn:aws:iam::{B}:user/ghost",
])
def test_unknown_principal_is_refused(admin, principal):
    md = admin.create_key()["KeyMetadata"]
    with kms_error("MalformedPolicyDocumentException", INVALID_PRINCIPALS_MSG):
        admin.put_key_policy(KeyId=md["KeyId"], PolicyName="default",
                             Policy=key_policy(kstmt("Allow", principal, "kms:Encrypt")))
    with kms_error("MalformedPolicyDocumentException", INVALID_PRINCIPALS_MSG):
        admin.create_key(Policy=key_policy(kstmt("Allow", principal, "kms:Encrypt")))
    assert _policy(admin, md["KeyId"]) == DEFAULT_POLICY_TEXT


@pytest.mark.parametrize("principal", [ALICE.arn, APP.arn, BOB.arn, f"arn:aws:sts::{A}:assumed-role/app/s1",
                                       f"arn:aws:iam::{B}:root", B])
def test_known_principals_are_accepted(admin, principal):
    md = admin.create_key(Policy=key_policy(kstmt("Allow", principal, "kms:Encrypt")))["KeyMetadata"]
    assert len(json.loads(_policy(admin, md["KeyId"]))["Statement"]) == 2


def test_group_principal_is_an_invalid_arn(admin):
    with kms_error("InvalidArnException", INVALID_ARN_IN_POLICY_MSG):
        admin.create_key(Policy=key_policy(kstmt("Allow", f"arn:aws:iam::{A}:group/devs", "kms:Encrypt")))


def test_statement_without_principal(admin):
    stmt = {"Effect": "Allow", "Principal": {"AWS": []}, "Action": "kms:Encrypt", "Resource": "*"}
    with kms_error("MalformedPolicyDocumentException", NO_PRINCIPAL_MSG):
        admin.create_key(Policy=key_policy(stmt))


# ------------------------------------------------------------------- lockout
def test_put_key_policy_lockout_refused_then_bypassed(srv, admin):
    md = admin.create_key()["KeyMetadata"]
    locking = key_policy(kstmt("Allow", ALICE.arn, "kms:*", sid="AliceOnly"), with_root=False)
    with kms_error("MalformedPolicyDocumentException", LOCKOUT_MSG):
        admin.put_key_policy(KeyId=md["KeyId"], PolicyName="default", Policy=locking)
    with kms_error("MalformedPolicyDocumentException", LOCKOUT_MSG):
        admin.put_key_policy(KeyId=md["KeyId"], PolicyName="default", Policy=locking, BypassPolicyLockoutSafetyCheck=False)
    assert _policy(admin, md["KeyId"]) == DEFAULT_POLICY_TEXT

    admin.put_key_policy(KeyId=md["KeyId"], PolicyName="default", Policy=locking, BypassPolicyLockoutSafetyCheck=True)
    # the admin's identity policy allows everything, but the key policy no longer delegates to IAM
    with kms_error("AccessDeniedException", a1(ADMIN_ARN, "kms:GetKeyPolicy", md["Arn"])):
        admin.get_key_policy(KeyId=md["KeyId"], PolicyName="default")
    alice = client(srv, ALICE)
    assert json.loads(alice.get_key_policy(KeyId=md["KeyId"], PolicyName="default")["Policy"]) == json.loads(locking)
    alice.encrypt(KeyId=md["KeyId"], Plaintext=b"x")


def test_put_key_policy_denying_the_caller_is_a_lockout(admin):
    md = admin.create_key()["KeyMetadata"]
    policy = key_policy(kstmt("Deny", ADMIN_ARN, "kms:PutKeyPolicy"))
    with kms_error("MalformedPolicyDocumentException", LOCKOUT_MSG):
        admin.put_key_policy(KeyId=md["KeyId"], PolicyName="default", Policy=policy)


def test_put_key_policy_that_keeps_the_caller_passes(admin):
    md = admin.create_key()["KeyMetadata"]
    policy = key_policy(kstmt("Allow", ADMIN_ARN, "kms:PutKeyPolicy"), with_root=False)
    admin.put_key_policy(KeyId=md["KeyId"], PolicyName="default", Policy=policy)
    admin.put_key_policy(KeyId=md["KeyId"], PolicyName="default", Policy=key_policy())


def test_create_key_lockout_refused_then_bypassed(srv, admin):
    locking = key_policy(kstmt("Allow", ALICE.arn, "kms:*"), with_root=False)
    with kms_error("MalformedPolicyDocumentException", LOCKOUT_MSG):
        admin.create_key(Policy=locking)
    md = admin.create_key(Policy=locking, BypassPolicyLockoutSafetyCheck=True)["KeyMetadata"]
    with kms_error("AccessDeniedException", a1(ADMIN_ARN, "kms:DescribeKey", md["Arn"])):
        admin.describe_key(KeyId=md["KeyId"])
    client(srv, ALICE).describe_key(KeyId=md["KeyId"])


def test_create_key_lockout_considers_identity_policies(srv):
    """A delegating policy locks out a creator whose IAM policy lacks kms:PutKeyPolicy (G:10327)."""
    creator = client(srv, CREATOR, region="sa-east-1")
    with kms_error("MalformedPolicyDocumentException", LOCKOUT_MSG):
        creator.create_key(Policy=key_policy())
    creator.create_key(Policy=key_policy(), BypassPolicyLockoutSafetyCheck=True)
    # naming the creator in the key policy keeps it able to update the policy
    md = creator.create_key(Policy=key_policy(kstmt("Allow", CREATOR.arn, "kms:PutKeyPolicy")))["KeyMetadata"]
    creator.describe_key(KeyId=md["KeyId"])
    # without Policy there is no check: the default policy applies
    creator.create_key()


def test_bypass_condition_key(srv, admin):
    c = client(srv, NOBYPASS)
    md = admin.create_key()["KeyMetadata"]
    c.put_key_policy(KeyId=md["KeyId"], PolicyName="default", Policy=key_policy())
    with kms_error("AccessDeniedException", a3(NOBYPASS.arn, "kms:PutKeyPolicy", md["Arn"])):
        c.put_key_policy(KeyId=md["KeyId"], PolicyName="default", Policy=key_policy(), BypassPolicyLockoutSafetyCheck=True)


def test_bypass_condition_key_is_absent_when_omitted(srv):
    c = client(srv, NULLBYPASS, region="eu-north-1")
    c.create_key()
    with kms_error("AccessDeniedException", a2(NULLBYPASS.arn, "kms:CreateKey", "*")):
        c.create_key(BypassPolicyLockoutSafetyCheck=False)
