"""Cross-account use (spec authorization.md §2.3 cross-account branch, §2.5, §3.1 A5).

A principal of account B uses a key of account A by key ARN or alias ARN only when A's key
policy allows B (its account or the principal itself) **and** B's identity policy allows
the action. Every failure, whichever side is missing, and a key that does not exist, answer
the same A5 text, which hides the key ARN. Operations that are never cross-account
(PutKeyPolicy, ScheduleKeyDeletion, DisableKey, GetKeyPolicy, TagResource, ...) fail even
when both sides allow them.
"""

from __future__ import annotations

import json

import pytest

from authz_fixtures import (
    A, B, User, a5, account_entry, allow, client, config_yaml, deny, doc, key_policy, kstmt, start,
)
from helpers import kms_error, random_uuid, unique

BOB = User("bob", account=B, policies=[("all-kms", doc(allow("kms:*")))])       # B, identity side allows
CAROL = User("carol", account=B)                                               # B, no identity policy
DAVE = User("dave", account=B, policies=[("enc", doc(allow("kms:Encrypt", f"arn:aws:kms:*:{A}:key/*"))),
                                         ("no-dec", doc(deny("kms:Decrypt")))])
B_ROOT = f"arn:aws:iam::{B}:root"


@pytest.fixture(scope="module")
def srv(module_trent):
    return start(module_trent, config_yaml(account_entry(A), account_entry(B, users=[BOB, CAROL, DAVE])))


@pytest.fixture(scope="module")
def admin(srv):
    return client(srv)


@pytest.fixture(scope="module")
def shared(admin):
    """A's key whose policy allows account B everything."""
    md = admin.create_key(Policy=key_policy(kstmt("Allow", B_ROOT, "kms:*", sid="AccountB")))["KeyMetadata"]
    name = "alias/" + unique("shared")
    admin.create_alias(AliasName=name, TargetKeyId=md["KeyId"])
    md["AliasArn"] = f"arn:aws:kms:us-east-1:{A}:{name}"
    md["AliasName"] = name
    return md


def test_allowed_by_key_arn_and_alias_arn(srv, shared):
    bob = client(srv, BOB)
    out = bob.encrypt(KeyId=shared["Arn"], Plaintext=b"cross")
    assert out["KeyId"] == shared["Arn"]
    assert bob.decrypt(CiphertextBlob=out["CiphertextBlob"], KeyId=shared["Arn"])["Plaintext"] == b"cross"
    assert bob.encrypt(KeyId=shared["AliasArn"], Plaintext=b"x")["KeyId"] == shared["Arn"]
    assert bob.describe_key(KeyId=shared["Arn"])["KeyMetadata"]["AWSAccountId"] == A
    dk = bob.generate_data_key(KeyId=shared["AliasArn"], KeySpec="AES_256")
    assert len(dk["Plaintext"]) == 32


def test_decrypt_without_key_id_cross_account(srv, admin, shared):
    blob = admin.encrypt(KeyId=shared["KeyId"], Plaintext=b"from A")["CiphertextBlob"]
    assert client(srv, BOB).decrypt(CiphertextBlob=blob)["Plaintext"] == b"from A"


def test_key_policy_naming_the_foreign_user(srv, admin):
    md = admin.create_key(Policy=key_policy(kstmt("Allow", BOB.arn, ["kms:Encrypt", "kms:DescribeKey"])))["KeyMetadata"]
    bob = client(srv, BOB)
    bob.encrypt(KeyId=md["Arn"], Plaintext=b"x")
    with kms_error("AccessDeniedException", a5(BOB.arn, "kms:GenerateDataKey")):
        bob.generate_data_key(KeyId=md["Arn"], KeySpec="AES_256")
    # naming the foreign user is not enough without B's identity policy (G:13914)
    md2 = admin.create_key(Policy=key_policy(kstmt("Allow", CAROL.arn, "kms:Encrypt")))["KeyMetadata"]
    with kms_error("AccessDeniedException", a5(CAROL.arn, "kms:Encrypt")):
        client(srv, CAROL).encrypt(KeyId=md2["Arn"], Plaintext=b"x")


def test_refused_without_identity_policy(srv, shared):
    carol = client(srv, CAROL)
    with kms_error("AccessDeniedException", a5(CAROL.arn, "kms:Encrypt")):
        carol.encrypt(KeyId=shared["Arn"], Plaintext=b"x")
    with kms_error("AccessDeniedException", a5(CAROL.arn, "kms:DescribeKey")):
        carol.describe_key(KeyId=shared["AliasArn"])


def test_refused_without_key_policy(srv, admin):
    md = admin.create_key()["KeyMetadata"]      # default policy: account A only
    bob = client(srv, BOB)
    with kms_error("AccessDeniedException", a5(BOB.arn, "kms:Encrypt")):
        bob.encrypt(KeyId=md["Arn"], Plaintext=b"x")
    with kms_error("AccessDeniedException", a5(BOB.arn, "kms:DescribeKey")):
        bob.describe_key(KeyId=md["Arn"])


def test_refused_by_key_policy_deny(srv, admin):
    md = admin.create_key(Policy=key_policy(
        kstmt("Allow", B_ROOT, "kms:*"), kstmt("Deny", BOB.arn, "kms:Encrypt")))["KeyMetadata"]
    with kms_error("AccessDeniedException", a5(BOB.arn, "kms:Encrypt")):
        client(srv, BOB).encrypt(KeyId=md["Arn"], Plaintext=b"x")
    client(srv, BOB).describe_key(KeyId=md["Arn"])


def test_refused_by_foreign_identity_deny(srv, shared):
    dave = client(srv, DAVE)
    blob = dave.encrypt(KeyId=shared["Arn"], Plaintext=b"x")["CiphertextBlob"]
    with kms_error("AccessDeniedException", a5(DAVE.arn, "kms:Decrypt")):
        dave.decrypt(CiphertextBlob=blob, KeyId=shared["Arn"])
    with kms_error("AccessDeniedException", a5(DAVE.arn, "kms:DescribeKey")):
        dave.describe_key(KeyId=shared["Arn"])


def test_nonexistent_foreign_key_looks_the_same(srv):
    bob = client(srv, BOB)
    arn = f"arn:aws:kms:us-east-1:{A}:key/{random_uuid()}"
    with kms_error("AccessDeniedException", a5(BOB.arn, "kms:Encrypt")):
        bob.encrypt(KeyId=arn, Plaintext=b"x")
    with kms_error("AccessDeniedException", a5(BOB.arn, "kms:DescribeKey")):
        bob.describe_key(KeyId=f"arn:aws:kms:us-east-1:{A}:alias/{unique('none')}")


def test_bare_key_id_resolves_in_callers_account(srv, shared):
    from helpers import not_found_key_msg
    with kms_error("NotFoundException", not_found_key_msg(f"arn:aws:kms:us-east-1:{B}:key/{shared['KeyId']}")):
        client(srv, BOB).encrypt(KeyId=shared["KeyId"], Plaintext=b"x")


@pytest.mark.parametrize("action,call", [
    ("PutKeyPolicy", lambda c, k: c.put_key_policy(KeyId=k, PolicyName="default", Policy=key_policy())),
    ("GetKeyPolicy", lambda c, k: c.get_key_policy(KeyId=k, PolicyName="default")),
    ("ScheduleKeyDeletion", lambda c, k: c.schedule_key_deletion(KeyId=k, PendingWindowInDays=7)),
    ("DisableKey", lambda c, k: c.disable_key(KeyId=k)),
    ("UpdateKeyDescription", lambda c, k: c.update_key_description(KeyId=k, Description="hijacked")),
    ("TagResource", lambda c, k: c.tag_resource(KeyId=k, Tags=[{"TagKey": "x", "TagValue": "y"}])),
    ("ListResourceTags", lambda c, k: c.list_resource_tags(KeyId=k)),
    ("ListKeyPolicies", lambda c, k: c.list_key_policies(KeyId=k)),
])
def test_never_cross_account_even_when_both_sides_allow(srv, admin, action, call):
    own = admin.create_key(Description="mine", Policy=key_policy(kstmt("Allow", B_ROOT, "kms:*")))["KeyMetadata"]
    with kms_error("AccessDeniedException", a5(BOB.arn, f"kms:{action}")):
        call(client(srv, BOB), own["Arn"])
    md = admin.describe_key(KeyId=own["KeyId"])["KeyMetadata"]
    assert md["KeyState"] == "Enabled" and md["Description"] == "mine"
    assert admin.list_resource_tags(KeyId=own["KeyId"])["Tags"] == []


def test_foreign_account_cannot_alias_the_key(srv, shared):
    bob = client(srv, BOB)
    with kms_error("AccessDeniedException"):
        bob.create_alias(AliasName="alias/" + unique("steal"), TargetKeyId=shared["Arn"])


def test_key_of_b_used_by_a_admin_needs_b_policy(srv):
    bob = client(srv, BOB)
    policy = json.dumps(doc(kstmt("Allow", B_ROOT, "kms:*"), kstmt("Allow", f"arn:aws:iam::{A}:root", "kms:Encrypt")))
    md = bob.create_key(Policy=policy)["KeyMetadata"]
    assert md["AWSAccountId"] == B
    admin = client(srv)
    admin.encrypt(KeyId=md["Arn"], Plaintext=b"x")      # A's admin: Allow * on *, B's key policy allows A Encrypt
    blob = bob.encrypt(KeyId=md["KeyId"], Plaintext=b"y")["CiphertextBlob"]
    with kms_error("AccessDeniedException", a5(f"arn:aws:iam::{A}:user/admin", "kms:Decrypt")):
        admin.decrypt(CiphertextBlob=blob, KeyId=md["Arn"])


def test_caller_account_condition(srv, admin):
    stmt = {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:DescribeKey", "Resource": "*",
            "Condition": {"StringEquals": {"kms:CallerAccount": B}}}
    md = admin.create_key(Policy=key_policy(stmt))["KeyMetadata"]
    client(srv, BOB).describe_key(KeyId=md["Arn"])
    with kms_error("AccessDeniedException", a5(BOB.arn, "kms:Encrypt")):
        client(srv, BOB).encrypt(KeyId=md["Arn"], Plaintext=b"x")


def test_grant_operations_cross_account_by_key_arn(srv, admin, shared):
    bob = client(srv, BOB)
    g = bob.create_grant(KeyId=shared["Arn"], GranteePrincipal=CAROL.arn, Operations=["Encrypt"])
    # the grant alone lets carol (no identity policy) use the key
    client(srv, CAROL).encrypt(KeyId=shared["Arn"], Plaintext=b"x", GrantTokens=[g["GrantToken"]])
    assert g["GrantId"] in [e["GrantId"] for e in bob.list_grants(KeyId=shared["Arn"])["Grants"]]
    bob.revoke_grant(KeyId=shared["Arn"], GrantId=g["GrantId"])
    assert g["GrantId"] not in [e["GrantId"] for e in admin.list_grants(KeyId=shared["KeyId"])["Grants"]]
    with kms_error("AccessDeniedException", a5(CAROL.arn, "kms:Encrypt")):
        client(srv, CAROL).encrypt(KeyId=shared["Arn"], Plaintext=b"x")
