"""Grants end to end (spec authorization.md §7, seed-features §6): CreateGrant and use with
and without the token, EncryptionContextEquals/Subset, Name idempotency, ListGrants shape,
filters and pagination, ListRetirableGrants, RetireGrant (by token, by key + id) and who may
retire, RevokeGrant and who may revoke, operations per key type, child grants, and grants
to a principal of another account.
"""

from __future__ import annotations

import datetime
import re

import pytest

from authz_fixtures import (
    A, ALIAS_NOT_SUPPORTED_MSG, B, DRY_RUN_MSG, GRANT_EC_SYMMETRIC_ONLY_MSG, ONLY_CREATE_GRANT_MSG, User,
    a2, a5, account_entry, allow, audit_record, client, config_yaml, doc, start,
)
from helpers import kms_error, unique

ALICE = User("alice")              # the grantee in most tests; no identity policy
BOBBY = User("bobby")              # a third party; no identity policy
RETIRER = User("retirer")          # a retiring principal; no identity policy
GRANTER = User("granter", policies=[("g", doc(allow("kms:CreateGrant", condition={
    "ForAllValues:StringEquals": {"kms:GrantOperations": ["Encrypt", "Decrypt"]}})))])
BOB = User("bob", account=B)       # another account; no identity policy
CAROL = User("carol", account=B)


@pytest.fixture(scope="module")
def srv(module_trent):
    return start(module_trent, config_yaml(
        account_entry(A, users=[ALICE, BOBBY, RETIRER, GRANTER]), account_entry(B, users=[BOB, CAROL])))


@pytest.fixture(scope="module")
def admin(srv):
    return client(srv)


@pytest.fixture
def key(admin):
    return admin.create_key()["KeyMetadata"]


def _grant(admin, key, grantee=ALICE.arn, ops=("Encrypt", "Decrypt"), **kw):
    return admin.create_grant(KeyId=key["KeyId"], GranteePrincipal=grantee, Operations=list(ops), **kw)


# ---------------------------------------------------------------- create/use
def test_grant_allows_exactly_its_operations(srv, admin, key):
    alice = client(srv, ALICE)
    with kms_error("AccessDeniedException", a2(ALICE.arn, "kms:Encrypt", key["Arn"])):
        alice.encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    g = _grant(admin, key)
    assert re.fullmatch(r"[0-9a-f]{64}", g["GrantId"]), g["GrantId"]
    assert 1 <= len(g["GrantToken"]) <= 8192
    blob = alice.encrypt(KeyId=key["KeyId"], Plaintext=b"granted", GrantTokens=[g["GrantToken"]])["CiphertextBlob"]
    assert alice.decrypt(CiphertextBlob=blob, GrantTokens=[g["GrantToken"]])["Plaintext"] == b"granted"
    # without the token: the grant is effective at once
    blob = alice.encrypt(KeyId=key["KeyId"], Plaintext=b"again")["CiphertextBlob"]
    assert alice.decrypt(CiphertextBlob=blob)["Plaintext"] == b"again"
    for action, call in [
        ("kms:GenerateDataKey", lambda: alice.generate_data_key(KeyId=key["KeyId"], KeySpec="AES_256")),
        ("kms:DescribeKey", lambda: alice.describe_key(KeyId=key["KeyId"])),
        ("kms:ListGrants", lambda: alice.list_grants(KeyId=key["KeyId"])),
    ]:
        with kms_error("AccessDeniedException", a2(ALICE.arn, action, key["Arn"])):
            call()
    # the grant is for this key only
    other = admin.create_key()["KeyMetadata"]
    with kms_error("AccessDeniedException", a2(ALICE.arn, "kms:Encrypt", other["Arn"])):
        alice.encrypt(KeyId=other["KeyId"], Plaintext=b"x", GrantTokens=[g["GrantToken"]])


def test_grant_use_is_audited_with_the_grant_id(srv, admin, key):
    g = _grant(admin, key, ops=["Encrypt"])
    out = client(srv, ALICE).encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    rec = audit_record(srv, out["ResponseMetadata"]["RequestId"])
    assert any(g["GrantId"] in d for d in rec["additionalEventData"]["authorization"]), rec


def test_grant_operations_for_other_key_types(srv, admin):
    sig = admin.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    _grant(admin, sig, ops=["Sign", "GetPublicKey"])
    alice = client(srv, ALICE)
    s = alice.sign(KeyId=sig["KeyId"], Message=b"m", SigningAlgorithm="ECDSA_SHA_256")["Signature"]
    alice.get_public_key(KeyId=sig["KeyId"])
    with kms_error("AccessDeniedException", a2(ALICE.arn, "kms:Verify", sig["Arn"])):
        alice.verify(KeyId=sig["KeyId"], Message=b"m", Signature=s, SigningAlgorithm="ECDSA_SHA_256")
    hm = admin.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]
    _grant(admin, hm, ops=["GenerateMac"])
    alice.generate_mac(KeyId=hm["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_256")


def test_grant_with_reencrypt(srv, admin, key):
    dest = admin.create_key()["KeyMetadata"]
    _grant(admin, key, ops=["ReEncryptFrom"])
    blob = admin.encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    alice = client(srv, ALICE)
    with kms_error("AccessDeniedException", a2(ALICE.arn, "kms:ReEncryptTo", dest["Arn"])):
        alice.re_encrypt(CiphertextBlob=blob, DestinationKeyId=dest["KeyId"])
    _grant(admin, dest, ops=["ReEncryptTo"])
    assert alice.re_encrypt(CiphertextBlob=blob, DestinationKeyId=dest["KeyId"])["KeyId"] == dest["Arn"]


def test_dry_run_creates_nothing(admin, key):
    with kms_error("DryRunOperationException", DRY_RUN_MSG):
        _grant(admin, key, DryRun=True)
    assert admin.list_grants(KeyId=key["KeyId"])["Grants"] == []


# --------------------------------------------------------------- constraints
def test_encryption_context_equals(srv, admin, key):
    _grant(admin, key, ops=["Encrypt", "DescribeKey"], Constraints={"EncryptionContextEquals": {"dept": "it", "app": "x"}})
    alice = client(srv, ALICE)
    alice.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext={"app": "x", "dept": "it"})
    alice.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext={"APP": "x", "Dept": "it"})  # keys: any case
    msg = a2(ALICE.arn, "kms:Encrypt", key["Arn"])
    for ec in ({"dept": "it"}, {"dept": "it", "app": "x", "more": "1"}, {"dept": "IT", "app": "x"}, None):
        with kms_error("AccessDeniedException", msg):
            alice.encrypt(KeyId=key["KeyId"], Plaintext=b"x", **({"EncryptionContext": ec} if ec else {}))
    # constraints do not apply to DescribeKey
    alice.describe_key(KeyId=key["KeyId"])


def test_encryption_context_subset(srv, admin, key):
    _grant(admin, key, ops=["Encrypt", "Decrypt"], Constraints={"EncryptionContextSubset": {"dept": "it"}})
    alice = client(srv, ALICE)
    blob = alice.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext={"dept": "it", "more": "1"})["CiphertextBlob"]
    assert alice.decrypt(CiphertextBlob=blob, EncryptionContext={"dept": "it", "more": "1"})["Plaintext"] == b"x"
    with kms_error("AccessDeniedException", a2(ALICE.arn, "kms:Encrypt", key["Arn"])):
        alice.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext={"more": "1"})
    other = admin.encrypt(KeyId=key["KeyId"], Plaintext=b"y", EncryptionContext={"dept": "hr"})["CiphertextBlob"]
    with kms_error("AccessDeniedException", a2(ALICE.arn, "kms:Decrypt", key["Arn"])):
        alice.decrypt(CiphertextBlob=other, EncryptionContext={"dept": "hr"})


# ---------------------------------------------------------------- validation
def test_only_create_grant_is_refused(admin, key):
    with kms_error("ValidationException", ONLY_CREATE_GRANT_MSG):
        _grant(admin, key, ops=["CreateGrant"])


@pytest.mark.parametrize("spec,usage,ops", [
    ("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", ["Sign"]),
    ("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", ["GenerateMac"]),
    ("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", ["GetPublicKey"]),
    ("RSA_2048", "ENCRYPT_DECRYPT", ["GenerateDataKey"]),
    ("ECC_NIST_P256", "SIGN_VERIFY", ["Encrypt"]),
    ("HMAC_256", "GENERATE_VERIFY_MAC", ["Decrypt"]),
    ("ECC_NIST_P256", "KEY_AGREEMENT", ["Sign"]),
])
def test_operations_not_allowed_for_the_key_type(admin, spec, usage, ops):
    md = admin.create_key(KeySpec=spec, KeyUsage=usage)["KeyMetadata"]
    with kms_error("ValidationException"):
        _grant(admin, md, ops=ops)
    assert admin.list_grants(KeyId=md["KeyId"])["Grants"] == []


def test_constraints_only_on_symmetric_keys(admin):
    md = admin.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]
    with kms_error("ValidationException", GRANT_EC_SYMMETRIC_ONLY_MSG):
        _grant(admin, md, ops=["Encrypt"], Constraints={"EncryptionContextSubset": {"a": "b"}})


def test_unknown_operation_name(srv, key):
    raw = client(srv, parameter_validation=False)
    with kms_error("ValidationException"):
        raw.create_grant(KeyId=key["KeyId"], GranteePrincipal=ALICE.arn, Operations=["Dance"])


def test_alias_is_not_a_key_for_create_grant(admin, key):
    name = "alias/" + unique("g")
    admin.create_alias(AliasName=name, TargetKeyId=key["KeyId"])
    with kms_error("InvalidArnException", ALIAS_NOT_SUPPORTED_MSG):
        admin.create_grant(KeyId=name, GranteePrincipal=ALICE.arn, Operations=["Encrypt"])


def test_invalid_grant_token(srv, admin, key):
    _grant(admin, key, ops=["Encrypt"])
    with kms_error("InvalidGrantTokenException"):
        client(srv, ALICE).encrypt(KeyId=key["KeyId"], Plaintext=b"x", GrantTokens=["not-a-grant-token"])


def test_create_grant_needs_permission(srv, key):
    with kms_error("AccessDeniedException", a2(ALICE.arn, "kms:CreateGrant", key["Arn"])):
        client(srv, ALICE).create_grant(KeyId=key["KeyId"], GranteePrincipal=ALICE.arn, Operations=["Encrypt"])


def test_grant_operations_condition(srv, admin, key):
    c = client(srv, GRANTER)
    c.create_grant(KeyId=key["KeyId"], GranteePrincipal=ALICE.arn, Operations=["Encrypt"])
    with kms_error("AccessDeniedException", a2(GRANTER.arn, "kms:CreateGrant", key["Arn"])):
        c.create_grant(KeyId=key["KeyId"], GranteePrincipal=ALICE.arn, Operations=["Encrypt", "GenerateDataKey"])


# ------------------------------------------------------------- child grants
def test_grant_with_create_grant_delegates_a_subset(srv, admin, key):
    g = _grant(admin, key, ops=["CreateGrant", "Encrypt", "Decrypt"])
    alice = client(srv, ALICE)
    child = alice.create_grant(KeyId=key["KeyId"], GranteePrincipal=BOBBY.arn, Operations=["Encrypt"],
                               GrantTokens=[g["GrantToken"]])
    client(srv, BOBBY).encrypt(KeyId=key["KeyId"], Plaintext=b"x", GrantTokens=[child["GrantToken"]])
    with kms_error("AccessDeniedException"):
        alice.create_grant(KeyId=key["KeyId"], GranteePrincipal=BOBBY.arn, Operations=["GenerateDataKey"])


# -------------------------------------------------------------- idempotency
def test_name_makes_create_grant_idempotent(srv, admin, key):
    g1 = _grant(admin, key, Name="same-name")
    g2 = _grant(admin, key, Name="same-name")
    assert g1["GrantId"] == g2["GrantId"]
    assert g1["GrantToken"] != g2["GrantToken"]
    alice = client(srv, ALICE)
    for tok in (g1["GrantToken"], g2["GrantToken"]):
        alice.encrypt(KeyId=key["KeyId"], Plaintext=b"x", GrantTokens=[tok])
    assert _grant(admin, key, Name="other-name")["GrantId"] != g1["GrantId"]
    assert _grant(admin, key)["GrantId"] != _grant(admin, key)["GrantId"]
    assert len(admin.list_grants(KeyId=key["KeyId"])["Grants"]) == 4


# ------------------------------------------------------------------ listing
def test_list_grants_entry_shape(admin, key):
    g = _grant(admin, key, ops=["Encrypt", "Decrypt"], Name="named-grant", RetiringPrincipal=RETIRER.arn,
               Constraints={"EncryptionContextSubset": {"dept": "it"}})
    plain = _grant(admin, key, ops=["Encrypt"])
    grants = {e["GrantId"]: e for e in admin.list_grants(KeyId=key["KeyId"])["Grants"]}
    assert set(grants) == {g["GrantId"], plain["GrantId"]}
    e = grants[g["GrantId"]]
    assert e["KeyId"] == key["Arn"]
    assert e["Name"] == "named-grant"
    assert e["GranteePrincipal"] == ALICE.arn
    assert e["RetiringPrincipal"] == RETIRER.arn
    assert e["IssuingAccount"] == f"arn:aws:iam::{A}:root"
    assert e["Operations"] == ["Encrypt", "Decrypt"]
    assert e["Constraints"] == {"EncryptionContextSubset": {"dept": "it"}}
    assert abs((e["CreationDate"] - datetime.datetime.now(datetime.timezone.utc)).total_seconds()) < 300
    p = grants[plain["GrantId"]]
    assert p["Name"] == ""
    assert "Constraints" not in p and "RetiringPrincipal" not in p


def test_list_grants_pagination_and_filters(admin, key):
    ids = {_grant(admin, key, grantee=(ALICE.arn if i % 2 else BOBBY.arn), ops=["Encrypt"])["GrantId"] for i in range(5)}
    seen, marker, pages = [], None, 0
    while True:
        kw = {"Marker": marker} if marker else {}
        page = admin.list_grants(KeyId=key["KeyId"], Limit=2, **kw)
        pages += 1
        seen += [e["GrantId"] for e in page["Grants"]]
        assert len(page["Grants"]) <= 2
        if not page["Truncated"]:
            assert "NextMarker" not in page
            break
        marker = page["NextMarker"]
    assert pages == 3 and len(seen) == 5 and set(seen) == ids
    one = next(iter(ids))
    assert [e["GrantId"] for e in admin.list_grants(KeyId=key["KeyId"], GrantId=one)["Grants"]] == [one]
    alice_grants = admin.list_grants(KeyId=key["KeyId"], GranteePrincipal=ALICE.arn)["Grants"]
    assert len(alice_grants) == 2 and all(e["GranteePrincipal"] == ALICE.arn for e in alice_grants)


def test_list_grants_invalid_marker(admin, key):
    with kms_error("InvalidMarkerException"):
        admin.list_grants(KeyId=key["KeyId"], Marker="bogus-marker")


def test_list_retirable_grants(admin):
    k1, k2 = admin.create_key()["KeyMetadata"], admin.create_key()["KeyMetadata"]
    g1 = _grant(admin, k1, RetiringPrincipal=RETIRER.arn)
    g2 = _grant(admin, k2, RetiringPrincipal=RETIRER.arn)
    _grant(admin, k2)
    got = admin.list_retirable_grants(RetiringPrincipal=RETIRER.arn)["Grants"]
    assert {e["GrantId"] for e in got} >= {g1["GrantId"], g2["GrantId"]}
    assert all(e["RetiringPrincipal"] == RETIRER.arn for e in got)


def test_list_retirable_grants_needs_iam_permission(srv):
    with kms_error("AccessDeniedException", a2(RETIRER.arn, "kms:ListRetirableGrants", "*")):
        client(srv, RETIRER).list_retirable_grants(RetiringPrincipal=RETIRER.arn)


# ----------------------------------------------------------------- retiring
def test_retire_by_token_as_retiring_principal(srv, admin, key):
    g = _grant(admin, key, RetiringPrincipal=RETIRER.arn)
    client(srv, RETIRER).retire_grant(GrantToken=g["GrantToken"])
    assert admin.list_grants(KeyId=key["KeyId"])["Grants"] == []
    with kms_error("AccessDeniedException", a2(ALICE.arn, "kms:Encrypt", key["Arn"])):
        client(srv, ALICE).encrypt(KeyId=key["KeyId"], Plaintext=b"x")


def test_retire_by_key_and_id_as_grantee_with_retire_grant(srv, admin, key):
    g = _grant(admin, key, ops=["Encrypt", "RetireGrant"])
    client(srv, ALICE).retire_grant(KeyId=key["Arn"], GrantId=g["GrantId"])
    assert admin.list_grants(KeyId=key["KeyId"])["Grants"] == []


def test_who_may_not_retire(srv, admin, key):
    g = _grant(admin, key, ops=["Encrypt"], RetiringPrincipal=RETIRER.arn)
    msg = lambda u: a2(u.arn, "kms:RetireGrant", key["Arn"])
    with kms_error("AccessDeniedException", msg(ALICE)):         # grantee, but no RetireGrant operation
        client(srv, ALICE).retire_grant(KeyId=key["Arn"], GrantId=g["GrantId"])
    with kms_error("AccessDeniedException", msg(BOBBY)):         # unrelated
        client(srv, BOBBY).retire_grant(GrantToken=g["GrantToken"])
    assert [e["GrantId"] for e in admin.list_grants(KeyId=key["KeyId"])["Grants"]] == [g["GrantId"]]
    # the issuing account's admin (identity policy allows kms:RetireGrant) may
    admin.retire_grant(KeyId=key["Arn"], GrantId=g["GrantId"])
    assert admin.list_grants(KeyId=key["KeyId"])["Grants"] == []


def test_retire_unknown_grant(admin, key):
    with kms_error(("InvalidGrantIdException", "NotFoundException")):
        admin.retire_grant(KeyId=key["Arn"], GrantId="0" * 64)
    with kms_error("InvalidGrantTokenException"):
        admin.retire_grant(GrantToken="definitely-not-a-token")


# ----------------------------------------------------------------- revoking
def test_revoke(srv, admin, key):
    g = _grant(admin, key, RetiringPrincipal=RETIRER.arn)
    # a retiring principal is not a key administrator: grants never allow RevokeGrant
    with kms_error("AccessDeniedException", a2(RETIRER.arn, "kms:RevokeGrant", key["Arn"])):
        client(srv, RETIRER).revoke_grant(KeyId=key["KeyId"], GrantId=g["GrantId"])
    with kms_error("AccessDeniedException", a2(ALICE.arn, "kms:RevokeGrant", key["Arn"])):
        client(srv, ALICE).revoke_grant(KeyId=key["KeyId"], GrantId=g["GrantId"])
    admin.revoke_grant(KeyId=key["KeyId"], GrantId=g["GrantId"])
    assert admin.list_grants(KeyId=key["KeyId"])["Grants"] == []
    with kms_error("AccessDeniedException", a2(ALICE.arn, "kms:Encrypt", key["Arn"])):
        client(srv, ALICE).encrypt(KeyId=key["KeyId"], Plaintext=b"x", GrantTokens=[g["GrantToken"]])
    with kms_error(("InvalidGrantIdException", "NotFoundException")):
        admin.revoke_grant(KeyId=key["KeyId"], GrantId=g["GrantId"])


def test_grants_work_on_a_disabled_key_for_retire_and_revoke(admin, key):
    g1, g2 = _grant(admin, key), _grant(admin, key)
    admin.disable_key(KeyId=key["KeyId"])
    admin.retire_grant(KeyId=key["Arn"], GrantId=g1["GrantId"])
    admin.revoke_grant(KeyId=key["KeyId"], GrantId=g2["GrantId"])


# ------------------------------------------------------------ cross-account
def test_grant_to_a_principal_of_another_account(srv, admin, key):
    bob = client(srv, BOB)
    with kms_error("AccessDeniedException", a5(BOB.arn, "kms:Encrypt")):
        bob.encrypt(KeyId=key["Arn"], Plaintext=b"x")
    g = _grant(admin, key, grantee=BOB.arn, ops=["Encrypt", "Decrypt", "DescribeKey"])
    blob = bob.encrypt(KeyId=key["Arn"], Plaintext=b"x", GrantTokens=[g["GrantToken"]])["CiphertextBlob"]
    assert bob.decrypt(CiphertextBlob=blob, KeyId=key["Arn"])["Plaintext"] == b"x"
    assert bob.describe_key(KeyId=key["Arn"])["KeyMetadata"]["Arn"] == key["Arn"]
    with kms_error("AccessDeniedException", a5(BOB.arn, "kms:GenerateDataKey")):
        bob.generate_data_key(KeyId=key["Arn"], KeySpec="AES_256")
    with kms_error("AccessDeniedException", a5(CAROL.arn, "kms:Encrypt")):
        client(srv, CAROL).encrypt(KeyId=key["Arn"], Plaintext=b"x")
    # ListGrants can never be allowed by a grant (and B has no policy for it)
    with kms_error("AccessDeniedException", a5(BOB.arn, "kms:ListGrants")):
        bob.list_grants(KeyId=key["Arn"])
