"""Identity policies (user inline, managed, group), key policies, explicit denies and the
choice of AccessDenied text (spec authorization.md §2.3, §3.1 A1-A4 and the rules for
choosing the variant):

- default key policy (delegates to the account) + no identity allow -> A2 (identity-based);
- key policy that names the user directly allows without any identity policy;
- key policy without a delegation that covers the request -> A1 (resource-based);
- Deny in an identity policy -> A3, Deny in the key policy -> A4; both -> A3;
- explicit Deny wins over every Allow (key policy naming the user included).
"""

from __future__ import annotations

import json

import pytest

from authz_fixtures import (
    A, ADMIN_ARN, User, a1, a2, a3, a4, account_entry, allow, audit_record, client, config_yaml, deny, doc,
    key_policy, kstmt, request_id_of, start,
)
from helpers import kms_error

KMS_USERS = doc(allow(["kms:Encrypt", "kms:Decrypt"]))
ALICE = User("alice", tags={"team": "payments"},
             policies=[("inline-1", doc(allow("kms:DescribeKey")))], managed=["kms-users"])
MANAGED_ONLY = User("manny", managed=["kms-users"])
GROUPIE = User("groupie")
NOBODY = User("nobody")
KPUSER = User("kpuser")                         # no identity policy: key policies name it
DENIER = User("denier", policies=[("all", doc(allow("kms:*"))), ("no-encrypt", doc(deny("kms:Encrypt", sid="NoEncrypt")))])
FULL = User("full", policies=[("all", doc(allow("kms:*")))])
WILD = User("wild", policies=[("w", doc(allow(["kms:Describe*", "kms:GenerateDataKey*"])))])
NOTACT = User("notact", policies=[("n", doc(allow(None, NotAction=["kms:Decrypt", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"])))])
EU_ONLY = User("euonly", policies=[("r", doc(allow(["kms:Encrypt", "kms:DescribeKey"], f"arn:aws:kms:eu-west-1:{A}:key/*")))])
NOT_EU = User("noteu", policies=[("r", doc(allow("kms:DescribeKey", None, NotResource=f"arn:aws:kms:eu-west-1:{A}:key/*")))])
PATHY = User("pathy", path="/team/sub/")
OWNER = User("owner", policies=[("own", doc(allow("kms:Encrypt", condition={
    "StringEquals": {"aws:ResourceTag/owner": "${aws:username}"}})))])
GROUPS = [
    {"name": "ops", "members": ["alice", "groupie"],
     "policies": [{"name": "ops-gdk", "document": json.dumps(doc(allow("kms:GenerateDataKey")))}]},
    {"name": "readers", "members": ["groupie"], "managedPolicies": ["read-only"]},
]
MANAGED = {"kms-users": KMS_USERS, "read-only": doc(allow(["kms:ListResourceTags", "kms:GetKeyPolicy"]))}
CREATOR = User("creator", policies=[("c", doc(allow(["kms:CreateKey", "kms:DescribeKey"])))])
USERS = [CREATOR, ALICE, MANAGED_ONLY, GROUPIE, NOBODY, KPUSER, DENIER, FULL, WILD, NOTACT, EU_ONLY, NOT_EU, PATHY, OWNER]


@pytest.fixture(scope="module")
def srv(module_trent):
    return start(module_trent, config_yaml(account_entry(A, users=USERS, groups=GROUPS, managed=MANAGED)))


@pytest.fixture(scope="module")
def admin(srv):
    return client(srv)


@pytest.fixture(scope="module")
def key(admin):
    return admin.create_key(Description="default policy")["KeyMetadata"]


@pytest.fixture(scope="module")
def blob(admin, key):
    return admin.encrypt(KeyId=key["KeyId"], Plaintext=b"secret")["CiphertextBlob"]


def _c(srv, u, region="us-east-1"):
    return client(srv, u, region=region)


# --------------------------------------------------------- identity policies
def test_bootstrap_admin_can_do_everything(srv, admin, key):
    assert srv.client(service="sts").get_caller_identity()["Arn"] == ADMIN_ARN
    admin.update_key_description(KeyId=key["KeyId"], Description="default policy")
    admin.get_key_policy(KeyId=key["KeyId"], PolicyName="default")


def test_user_inline_policy(srv, admin, key):
    c = _c(srv, ALICE)
    assert c.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["Arn"] == key["Arn"]
    k = admin.create_key()["KeyMetadata"]
    with kms_error("AccessDeniedException", a2(ALICE.arn, "kms:DisableKey", k["Arn"])):
        c.disable_key(KeyId=k["KeyId"])


def test_user_managed_policy(srv, key, blob):
    for u in (ALICE, MANAGED_ONLY):
        c = _c(srv, u)
        c.encrypt(KeyId=key["KeyId"], Plaintext=b"x")
        assert c.decrypt(CiphertextBlob=blob)["Plaintext"] == b"secret"
    with kms_error("AccessDeniedException", a2(MANAGED_ONLY.arn, "kms:DescribeKey", key["Arn"])):
        _c(srv, MANAGED_ONLY).describe_key(KeyId=key["KeyId"])


def test_group_inline_and_managed_policies(srv, key):
    for u in (ALICE, GROUPIE):
        assert len(_c(srv, u).generate_data_key(KeyId=key["KeyId"], KeySpec="AES_256")["Plaintext"]) == 32
    g = _c(srv, GROUPIE)
    assert g.list_resource_tags(KeyId=key["KeyId"])["Tags"] == []
    g.get_key_policy(KeyId=key["KeyId"], PolicyName="default")
    # alice is in ops but not in readers
    with kms_error("AccessDeniedException", a2(ALICE.arn, "kms:ListResourceTags", key["Arn"])):
        _c(srv, ALICE).list_resource_tags(KeyId=key["KeyId"])
    with kms_error("AccessDeniedException", a2(GROUPIE.arn, "kms:Encrypt", key["Arn"])):
        g.encrypt(KeyId=key["KeyId"], Plaintext=b"x")


def test_no_policy_at_all(srv, key):
    c = _c(srv, NOBODY)
    with kms_error("AccessDeniedException", a2(NOBODY.arn, "kms:DescribeKey", key["Arn"])):
        c.describe_key(KeyId=key["KeyId"])
    with kms_error("AccessDeniedException", a2(NOBODY.arn, "kms:CreateKey", "*")):
        c.create_key()
    with kms_error("AccessDeniedException", a2(NOBODY.arn, "kms:ListKeys", "*")):
        c.list_keys()


def test_action_wildcards(srv, key):
    c = _c(srv, WILD)
    c.describe_key(KeyId=key["KeyId"])
    c.generate_data_key(KeyId=key["KeyId"], NumberOfBytes=16)
    c.generate_data_key_without_plaintext(KeyId=key["KeyId"], NumberOfBytes=16)
    c.generate_data_key_pair_without_plaintext(KeyId=key["KeyId"], KeyPairSpec="ECC_NIST_P256")
    with kms_error("AccessDeniedException", a2(WILD.arn, "kms:Encrypt", key["Arn"])):
        c.encrypt(KeyId=key["KeyId"], Plaintext=b"x")


def test_not_action(srv, key, blob):
    c = _c(srv, NOTACT)
    c.encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    c.describe_key(KeyId=key["KeyId"])
    with kms_error("AccessDeniedException", a2(NOTACT.arn, "kms:Decrypt", key["Arn"])):
        c.decrypt(CiphertextBlob=blob)
    k = client(srv).create_key()["KeyMetadata"]
    with kms_error("AccessDeniedException", a2(NOTACT.arn, "kms:ScheduleKeyDeletion", k["Arn"])):
        c.schedule_key_deletion(KeyId=k["KeyId"], PendingWindowInDays=7)


def test_resource_pattern(srv, admin, key):
    eu_key = client(srv, region="eu-west-1").create_key()["KeyMetadata"]
    assert _c(srv, EU_ONLY, "eu-west-1").encrypt(KeyId=eu_key["KeyId"], Plaintext=b"x")["KeyId"] == eu_key["Arn"]
    with kms_error("AccessDeniedException", a2(EU_ONLY.arn, "kms:Encrypt", key["Arn"])):
        _c(srv, EU_ONLY).encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    # NotResource: everything except eu-west-1 keys
    _c(srv, NOT_EU).describe_key(KeyId=key["KeyId"])
    with kms_error("AccessDeniedException", a2(NOT_EU.arn, "kms:DescribeKey", eu_key["Arn"])):
        _c(srv, NOT_EU, "eu-west-1").describe_key(KeyId=eu_key["KeyId"])


def test_user_path_in_arn_and_message(srv, key):
    assert PATHY.arn == f"arn:aws:iam::{A}:user/team/sub/pathy"
    assert client(srv, PATHY, service="sts").get_caller_identity()["Arn"] == PATHY.arn
    with kms_error("AccessDeniedException", a2(PATHY.arn, "kms:DescribeKey", key["Arn"])):
        _c(srv, PATHY).describe_key(KeyId=key["KeyId"])


def test_policy_variable_username(srv, admin):
    mine = admin.create_key(Tags=[{"TagKey": "owner", "TagValue": "owner"}])["KeyMetadata"]
    other = admin.create_key(Tags=[{"TagKey": "owner", "TagValue": "someone-else"}])["KeyMetadata"]
    c = _c(srv, OWNER)
    c.encrypt(KeyId=mine["KeyId"], Plaintext=b"x")
    with kms_error("AccessDeniedException", a2(OWNER.arn, "kms:Encrypt", other["Arn"])):
        c.encrypt(KeyId=other["KeyId"], Plaintext=b"x")


# ------------------------------------------------------------ explicit deny
def test_explicit_deny_in_identity_policy(srv, key):
    c = _c(srv, DENIER)
    c.describe_key(KeyId=key["KeyId"])
    with kms_error("AccessDeniedException", a3(DENIER.arn, "kms:Encrypt", key["Arn"])) as e:
        c.encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    rec = audit_record(srv, request_id_of(e))
    assert rec["errorCode"] == "AccessDeniedException"
    assert any("NoEncrypt" in d or "no-encrypt" in d for d in rec["additionalEventData"]["authorization"]), rec


def test_identity_deny_beats_key_policy_naming_the_user(srv, admin):
    k = admin.create_key(Policy=key_policy(kstmt("Allow", DENIER.arn, "kms:Encrypt")))["KeyMetadata"]
    with kms_error("AccessDeniedException", a3(DENIER.arn, "kms:Encrypt", k["Arn"])):
        _c(srv, DENIER).encrypt(KeyId=k["KeyId"], Plaintext=b"x")


def test_explicit_deny_in_key_policy(srv, admin):
    k = admin.create_key(Policy=key_policy(
        kstmt("Deny", FULL.arn, "kms:Encrypt", sid="DenyFullEncrypt")))["KeyMetadata"]
    c = _c(srv, FULL)
    c.describe_key(KeyId=k["KeyId"])
    with kms_error("AccessDeniedException", a4(FULL.arn, "kms:Encrypt", k["Arn"])) as e:
        c.encrypt(KeyId=k["KeyId"], Plaintext=b"x")
    rec = audit_record(srv, request_id_of(e))
    assert any("DenyFullEncrypt" in d for d in rec["additionalEventData"]["authorization"]), rec
    # the admin is not named by the Deny
    admin.encrypt(KeyId=k["KeyId"], Plaintext=b"x")


def test_key_policy_deny_for_everyone_stops_the_admin_too(srv, admin):
    k = admin.create_key(Policy=key_policy(kstmt("Deny", "*", "kms:GenerateDataKey")))["KeyMetadata"]
    with kms_error("AccessDeniedException", a4(ADMIN_ARN, "kms:GenerateDataKey", k["Arn"])):
        admin.generate_data_key(KeyId=k["KeyId"], KeySpec="AES_256")


def test_deny_in_both_is_reported_as_identity_based(srv, admin):
    k = admin.create_key(Policy=key_policy(kstmt("Deny", DENIER.arn, "kms:Encrypt")))["KeyMetadata"]
    with kms_error("AccessDeniedException", a3(DENIER.arn, "kms:Encrypt", k["Arn"])):
        _c(srv, DENIER).encrypt(KeyId=k["KeyId"], Plaintext=b"x")


# ------------------------------------------------------- key-policy-only allow
def test_key_policy_naming_the_user_is_enough(srv, admin):
    k = admin.create_key(Policy=key_policy(
        kstmt("Allow", KPUSER.arn, ["kms:Encrypt", "kms:Decrypt"], sid="KeyUser")))["KeyMetadata"]
    c = _c(srv, KPUSER)
    blob = c.encrypt(KeyId=k["KeyId"], Plaintext=b"kp")["CiphertextBlob"]
    assert c.decrypt(CiphertextBlob=blob)["Plaintext"] == b"kp"
    # other actions: the key policy still delegates to the account, so the missing piece is IAM
    with kms_error("AccessDeniedException", a2(KPUSER.arn, "kms:DescribeKey", k["Arn"])):
        c.describe_key(KeyId=k["KeyId"])
    # the same user gets nothing from a key that does not name it
    other = admin.create_key()["KeyMetadata"]
    with kms_error("AccessDeniedException", a2(KPUSER.arn, "kms:Encrypt", other["Arn"])):
        c.encrypt(KeyId=other["KeyId"], Plaintext=b"kp")


def test_key_policy_without_delegation_is_resource_based_denial(srv, admin):
    k = admin.create_key(Policy=key_policy(
        kstmt("Allow", ADMIN_ARN, "kms:*", sid="AdminOnly"), with_root=False))["KeyMetadata"]
    admin.encrypt(KeyId=k["KeyId"], Plaintext=b"x")
    # FULL's identity policy allows kms:*, but the key policy does not delegate to IAM
    with kms_error("AccessDeniedException", a1(FULL.arn, "kms:Encrypt", k["Arn"])):
        _c(srv, FULL).encrypt(KeyId=k["KeyId"], Plaintext=b"x")
    with kms_error("AccessDeniedException", a1(NOBODY.arn, "kms:DescribeKey", k["Arn"])):
        _c(srv, NOBODY).describe_key(KeyId=k["KeyId"])


def test_delegation_limited_to_some_actions(srv, admin):
    k = admin.create_key(Policy=key_policy(
        kstmt("Allow", ADMIN_ARN, "kms:*"),
        kstmt("Allow", f"arn:aws:iam::{A}:root", "kms:DescribeKey", sid="DelegateDescribe"),
        with_root=False))["KeyMetadata"]
    c = _c(srv, FULL)
    c.describe_key(KeyId=k["KeyId"])
    with kms_error("AccessDeniedException", a1(FULL.arn, "kms:Encrypt", k["Arn"])):
        c.encrypt(KeyId=k["KeyId"], Plaintext=b"x")
    with kms_error("AccessDeniedException", a2(NOBODY.arn, "kms:DescribeKey", k["Arn"])):
        _c(srv, NOBODY).describe_key(KeyId=k["KeyId"])


def test_bare_account_id_principal_delegates(srv, admin):
    k = admin.create_key(Policy=json.dumps(doc(
        kstmt("Allow", A, "kms:*")), ensure_ascii=False))["KeyMetadata"]
    _c(srv, FULL).encrypt(KeyId=k["KeyId"], Plaintext=b"x")
    with kms_error("AccessDeniedException", a2(NOBODY.arn, "kms:Encrypt", k["Arn"])):
        _c(srv, NOBODY).encrypt(KeyId=k["KeyId"], Plaintext=b"x")


@pytest.mark.parametrize("principal", ["*", {"AWS": "*"}])
def test_principal_star_allows_everyone_in_the_account(srv, admin, principal):
    stmt = {"Effect": "Allow", "Principal": principal, "Action": "kms:DescribeKey", "Resource": "*"}
    k = admin.create_key(Policy=key_policy(stmt))["KeyMetadata"]
    assert _c(srv, NOBODY).describe_key(KeyId=k["KeyId"])["KeyMetadata"]["KeyId"] == k["KeyId"]
    with kms_error("AccessDeniedException", a2(NOBODY.arn, "kms:Encrypt", k["Arn"])):
        _c(srv, NOBODY).encrypt(KeyId=k["KeyId"], Plaintext=b"x")


def test_put_key_policy_takes_effect_at_once(srv, admin):
    k = admin.create_key()["KeyMetadata"]
    c = _c(srv, KPUSER)
    with kms_error("AccessDeniedException", a2(KPUSER.arn, "kms:Encrypt", k["Arn"])):
        c.encrypt(KeyId=k["KeyId"], Plaintext=b"x")
    admin.put_key_policy(KeyId=k["KeyId"], PolicyName="default",
                         Policy=key_policy(kstmt("Allow", KPUSER.arn, "kms:Encrypt")))
    c.encrypt(KeyId=k["KeyId"], Plaintext=b"x")
    admin.put_key_policy(KeyId=k["KeyId"], PolicyName="default", Policy=key_policy())
    with kms_error("AccessDeniedException", a2(KPUSER.arn, "kms:Encrypt", k["Arn"])):
        c.encrypt(KeyId=k["KeyId"], Plaintext=b"x")


def test_create_key_with_tags_needs_tag_resource_in_iam(srv, admin):
    region = "ap-southeast-2"   # no other test creates keys here
    creator = client(srv, CREATOR, region=region)
    before = {k["KeyId"] for k in client(srv, region=region).list_keys(Limit=1000)["Keys"]}
    with kms_error("AccessDeniedException") as e:
        creator.create_key(Tags=[{"TagKey": "a", "TagValue": "b"}])
    assert e.message.startswith(f"User: {CREATOR.arn} is not authorized to perform: kms:TagResource on resource: "), e.message
    assert e.message.endswith("because no identity-based policy allows the kms:TagResource action"), e.message
    after = {k["KeyId"] for k in client(srv, region=region).list_keys(Limit=1000)["Keys"]}
    assert after == before, "a refused CreateKey must not leave a key behind"
    md = creator.create_key()["KeyMetadata"]           # without Tags kms:CreateKey is enough
    assert creator.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyId"] == md["KeyId"]
    with kms_error("AccessDeniedException", a2(ALICE.arn, "kms:CreateKey", "*")):
        client(srv, ALICE, region=region).create_key()
    client(srv, FULL, region=region).create_key(Tags=[{"TagKey": "a", "TagValue": "b"}])  # kms:* covers TagResource
