"""Every operation Trent implements, allowed and denied with AWS's message.

`nobody` has no identity policy: under the default key policy (which delegates to the
account) every key operation is refused with A2, "... because no identity-based policy
allows the kms:<Action> action" naming the key ARN; operations without a key resource
(CreateKey, ListKeys, ListAliases, GenerateRandom, ListRetirableGrants) name resource `*`
(spec authorization.md §3.1, §8). `allops` has an identity policy that lists every action
by its exact name (no wildcards), so each operation must check exactly its own action
(ReEncrypt: kms:ReEncryptFrom on the source and kms:ReEncryptTo on the destination).
Alias operations need the action on the alias ARN and on the key (§2.6).
"""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from authz_fixtures import (
    A, DRY_RUN_MSG, User, a2, account_entry, allow, audit_record, client, config_yaml, default_policy, doc,
    request_id_of, start,
)
from helpers import kms_error, unique

ACTIONS = [
    "CreateKey", "DescribeKey", "ListKeys", "EnableKey", "DisableKey", "UpdateKeyDescription", "ScheduleKeyDeletion",
    "CancelKeyDeletion", "GetKeyPolicy", "ListKeyPolicies", "PutKeyPolicy", "CreateAlias", "UpdateAlias",
    "DeleteAlias", "ListAliases", "TagResource", "UntagResource", "ListResourceTags", "Encrypt", "Decrypt",
    "ReEncryptFrom", "ReEncryptTo", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext", "GenerateRandom", "Sign", "Verify", "GetPublicKey", "GenerateMac",
    "VerifyMac", "DeriveSharedSecret", "CreateGrant", "ListGrants", "ListRetirableGrants", "RetireGrant",
    "RevokeGrant",
]
ALIAS_ACTIONS = ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"]

NOBODY = User("nobody")
ALLOPS = User("allops", policies=[("every-action", doc(allow([f"kms:{a}" for a in ACTIONS])))])
# alias operations allowed on keys only / on aliases only
ALIAS_KEYS = User("aliaskeys", policies=[("keys", doc(allow(ALIAS_ACTIONS, f"arn:aws:kms:*:{A}:key/*")))])
ALIAS_ONLY = User("aliasonly", policies=[("aliases", doc(allow(ALIAS_ACTIONS, f"arn:aws:kms:*:{A}:alias/*")))])
RE_FROM = User("refrom", policies=[("p", doc(allow("kms:ReEncryptFrom")))])
RE_TO = User("reto", policies=[("p", doc(allow("kms:ReEncryptTo")))])
USERS = [NOBODY, ALLOPS, ALIAS_KEYS, ALIAS_ONLY, RE_FROM, RE_TO]


class Ctx:
    pass


@pytest.fixture(scope="module")
def x(module_trent):
    srv = start(module_trent, config_yaml(account_entry(A, users=USERS)))
    c = Ctx()
    c.srv = srv
    c.admin = admin = client(srv)
    c.sym = admin.create_key(Description="sym")["KeyMetadata"]
    c.sym2 = admin.create_key(Description="sym2")["KeyMetadata"]
    c.sign = admin.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    c.hmac = admin.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]
    c.ka = admin.create_key(KeySpec="ECC_NIST_P256", KeyUsage="KEY_AGREEMENT")["KeyMetadata"]
    c.blob = admin.encrypt(KeyId=c.sym["KeyId"], Plaintext=b"table")["CiphertextBlob"]
    c.signature = admin.sign(KeyId=c.sign["KeyId"], Message=b"m", SigningAlgorithm="ECDSA_SHA_256")["Signature"]
    c.mac = admin.generate_mac(KeyId=c.hmac["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_256")["Mac"]
    c.peer = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)

    def fresh():
        return admin.create_key(Description="fresh")["KeyMetadata"]

    c.fresh = fresh
    return c


def _alias_arn(name):
    return f"arn:aws:kms:us-east-1:{A}:{name}"


# Each entry: action -> prepare(caller_client, ctx) returning (thunk, resource ARN or "*").
def _create_alias(c, x):
    k = x.fresh()
    name = "alias/" + unique("op")
    return (lambda: c.create_alias(AliasName=name, TargetKeyId=k["KeyId"])), (_alias_arn(name), k["Arn"])


def _update_alias(c, x):
    k1, k2 = x.fresh(), x.fresh()
    name = "alias/" + unique("op")
    x.admin.create_alias(AliasName=name, TargetKeyId=k1["KeyId"])
    return (lambda: c.update_alias(AliasName=name, TargetKeyId=k2["KeyId"])), (_alias_arn(name), k1["Arn"], k2["Arn"])


def _delete_alias(c, x):
    k = x.fresh()
    name = "alias/" + unique("op")
    x.admin.create_alias(AliasName=name, TargetKeyId=k["KeyId"])
    return (lambda: c.delete_alias(AliasName=name)), (_alias_arn(name), k["Arn"])


def _cancel(c, x):
    k = x.fresh()
    x.admin.schedule_key_deletion(KeyId=k["KeyId"], PendingWindowInDays=7)
    return (lambda: c.cancel_key_deletion(KeyId=k["KeyId"])), k["Arn"]


def _enable(c, x):
    k = x.fresh()
    x.admin.disable_key(KeyId=k["KeyId"])
    return (lambda: c.enable_key(KeyId=k["KeyId"])), k["Arn"]


def _fresh(call):
    def prep(c, x):
        k = x.fresh()
        return (lambda: call(c, k)), k["Arn"]
    return prep


def _on(attr, call):
    def prep(c, x):
        k = getattr(x, attr)
        return (lambda: call(c, x, k)), k["Arn"]
    return prep


def _star(call):
    def prep(c, x):
        return (lambda: call(c, x)), "*"
    return prep


def _revoke(c, x):
    k = x.fresh()
    g = x.admin.create_grant(KeyId=k["KeyId"], GranteePrincipal=f"arn:aws:iam::{A}:user/admin", Operations=["Encrypt"])
    return (lambda: c.revoke_grant(KeyId=k["KeyId"], GrantId=g["GrantId"])), k["Arn"]


def _retire(c, x):
    # grantee admin, no retiring principal: only the issuing account's principals with
    # kms:RetireGrant in an identity policy may retire it (§7.8 rule 3)
    k = x.fresh()
    g = x.admin.create_grant(KeyId=k["KeyId"], GranteePrincipal=f"arn:aws:iam::{A}:user/admin", Operations=["Encrypt"])
    return (lambda: c.retire_grant(KeyId=k["Arn"], GrantId=g["GrantId"])), k["Arn"]


OPS = {
    "CreateKey": _star(lambda c, x: c.create_key(Description="by table")),
    "DescribeKey": _on("sym", lambda c, x, k: c.describe_key(KeyId=k["KeyId"])),
    "ListKeys": _star(lambda c, x: c.list_keys()),
    "EnableKey": _enable,
    "DisableKey": _fresh(lambda c, k: c.disable_key(KeyId=k["KeyId"])),
    "UpdateKeyDescription": _fresh(lambda c, k: c.update_key_description(KeyId=k["KeyId"], Description="new")),
    "ScheduleKeyDeletion": _fresh(lambda c, k: c.schedule_key_deletion(KeyId=k["KeyId"], PendingWindowInDays=7)),
    "CancelKeyDeletion": _cancel,
    "GetKeyPolicy": _on("sym", lambda c, x, k: c.get_key_policy(KeyId=k["KeyId"], PolicyName="default")),
    "ListKeyPolicies": _on("sym", lambda c, x, k: c.list_key_policies(KeyId=k["KeyId"])),
    "PutKeyPolicy": _fresh(lambda c, k: c.put_key_policy(KeyId=k["KeyId"], PolicyName="default",
                                                         Policy=json.dumps(default_policy()))),
    "CreateAlias": _create_alias,
    "UpdateAlias": _update_alias,
    "DeleteAlias": _delete_alias,
    "ListAliases": _star(lambda c, x: c.list_aliases()),
    "TagResource": _fresh(lambda c, k: c.tag_resource(KeyId=k["KeyId"], Tags=[{"TagKey": "t", "TagValue": "v"}])),
    "UntagResource": _fresh(lambda c, k: c.untag_resource(KeyId=k["KeyId"], TagKeys=["t"])),
    "ListResourceTags": _on("sym", lambda c, x, k: c.list_resource_tags(KeyId=k["KeyId"])),
    "Encrypt": _on("sym", lambda c, x, k: c.encrypt(KeyId=k["KeyId"], Plaintext=b"p")),
    "Decrypt": _on("sym", lambda c, x, k: c.decrypt(CiphertextBlob=x.blob)),
    "ReEncryptFrom": _on("sym", lambda c, x, k: c.re_encrypt(CiphertextBlob=x.blob, DestinationKeyId=x.sym2["KeyId"])),
    "GenerateDataKey": _on("sym", lambda c, x, k: c.generate_data_key(KeyId=k["KeyId"], KeySpec="AES_256")),
    "GenerateDataKeyWithoutPlaintext": _on("sym", lambda c, x, k: c.generate_data_key_without_plaintext(
        KeyId=k["KeyId"], NumberOfBytes=16)),
    "GenerateDataKeyPair": _on("sym", lambda c, x, k: c.generate_data_key_pair(KeyId=k["KeyId"], KeyPairSpec="ECC_NIST_P256")),
    "GenerateDataKeyPairWithoutPlaintext": _on("sym", lambda c, x, k: c.generate_data_key_pair_without_plaintext(
        KeyId=k["KeyId"], KeyPairSpec="ECC_NIST_P256")),
    "GenerateRandom": _star(lambda c, x: c.generate_random(NumberOfBytes=16)),
    "Sign": _on("sign", lambda c, x, k: c.sign(KeyId=k["KeyId"], Message=b"m", SigningAlgorithm="ECDSA_SHA_256")),
    "Verify": _on("sign", lambda c, x, k: c.verify(KeyId=k["KeyId"], Message=b"m", Signature=x.signature,
                                                   SigningAlgorithm="ECDSA_SHA_256")),
    "GetPublicKey": _on("sign", lambda c, x, k: c.get_public_key(KeyId=k["KeyId"])),
    "GenerateMac": _on("hmac", lambda c, x, k: c.generate_mac(KeyId=k["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_256")),
    "VerifyMac": _on("hmac", lambda c, x, k: c.verify_mac(KeyId=k["KeyId"], Message=b"m", Mac=x.mac,
                                                         MacAlgorithm="HMAC_SHA_256")),
    "DeriveSharedSecret": _on("ka", lambda c, x, k: c.derive_shared_secret(
        KeyId=k["KeyId"], KeyAgreementAlgorithm="ECDH", PublicKey=x.peer)),
    "CreateGrant": _on("sym", lambda c, x, k: c.create_grant(
        KeyId=k["KeyId"], GranteePrincipal=ALLOPS.arn, Operations=["Encrypt"])),   # never NOBODY: it must stay powerless
    "ListGrants": _on("sym", lambda c, x, k: c.list_grants(KeyId=k["KeyId"])),
    "ListRetirableGrants": _star(lambda c, x: c.list_retirable_grants(RetiringPrincipal=ALLOPS.arn)),
    "RetireGrant": _retire,
    "RevokeGrant": _revoke,
}
assert set(OPS) == set(ACTIONS) - {"ReEncryptTo"}


@pytest.mark.parametrize("action", sorted(OPS))
def test_denied_without_identity_policy(x, action):
    c = client(x.srv, NOBODY)
    thunk, resource = OPS[action](c, x)
    if action == "ReEncryptFrom":
        # ReEncrypt checks kms:ReEncryptFrom on the source and kms:ReEncryptTo on the
        # destination; which is refused first is not documented (each is pinned below)
        resource = ((x.sym["Arn"], "kms:ReEncryptFrom"), (x.sym2["Arn"], "kms:ReEncryptTo"))
        allowed = {a2(NOBODY.arn, act, r) for r, act in resource}
        with kms_error("AccessDeniedException") as e:
            thunk()
        assert e.message in allowed, f"{e.message!r} not one of {sorted(allowed)}"
        return
    if isinstance(resource, tuple):
        # alias operations: the alias or a key may be checked first; either text is AWS's
        allowed = {a2(NOBODY.arn, f"kms:{action}", r) for r in resource}
        with kms_error("AccessDeniedException") as e:
            thunk()
        assert e.message in allowed, f"{e.message!r} not one of {sorted(allowed)}"
        return
    with kms_error("AccessDeniedException", a2(NOBODY.arn, f"kms:{action}", resource)):
        thunk()


@pytest.mark.parametrize("action", sorted(OPS))
def test_allowed_by_exact_action_name(x, action):
    c = client(x.srv, ALLOPS)
    thunk, _ = OPS[action](c, x)
    resp = thunk()
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_effects_of_allowed_calls_are_real(x):
    c = client(x.srv, ALLOPS)
    k = x.fresh()
    c.disable_key(KeyId=k["KeyId"])
    assert x.admin.describe_key(KeyId=k["KeyId"])["KeyMetadata"]["KeyState"] == "Disabled"
    md = c.create_key(Description="made by allops")["KeyMetadata"]
    assert md["AWSAccountId"] == A
    # the creator is not special: the new key has the default policy, which delegates to IAM
    assert json.loads(x.admin.get_key_policy(KeyId=md["KeyId"])["Policy"]) == default_policy()


# ------------------------------------------------------------ alias resources
@pytest.mark.parametrize("op", ["CreateAlias", "UpdateAlias", "DeleteAlias"])
def test_alias_operation_needs_the_alias_resource(x, op):
    c = client(x.srv, ALIAS_KEYS)
    thunk, resources = OPS[op](c, x)
    with kms_error("AccessDeniedException", a2(ALIAS_KEYS.arn, f"kms:{op}", resources[0])):
        thunk()


@pytest.mark.parametrize("op", ["CreateAlias", "DeleteAlias"])
def test_alias_operation_needs_the_key(x, op):
    c = client(x.srv, ALIAS_ONLY)
    thunk, resources = OPS[op](c, x)
    with kms_error("AccessDeniedException", a2(ALIAS_ONLY.arn, f"kms:{op}", resources[1])):
        thunk()


def test_update_alias_needs_both_keys(x):
    c = client(x.srv, ALIAS_ONLY)
    thunk, (alias_arn, old, new) = OPS["UpdateAlias"](c, x)
    with kms_error("AccessDeniedException") as e:
        thunk()
    assert e.message in {a2(ALIAS_ONLY.arn, "kms:UpdateAlias", old), a2(ALIAS_ONLY.arn, "kms:UpdateAlias", new)}, e.message


# ------------------------------------------------------------------ ReEncrypt
def test_reencrypt_needs_reencrypt_to_on_destination(x):
    c = client(x.srv, RE_FROM)
    with kms_error("AccessDeniedException", a2(RE_FROM.arn, "kms:ReEncryptTo", x.sym2["Arn"])):
        c.re_encrypt(CiphertextBlob=x.blob, DestinationKeyId=x.sym2["KeyId"])


def test_reencrypt_needs_reencrypt_from_on_source(x):
    c = client(x.srv, RE_TO)
    with kms_error("AccessDeniedException", a2(RE_TO.arn, "kms:ReEncryptFrom", x.sym["Arn"])):
        c.re_encrypt(CiphertextBlob=x.blob, DestinationKeyId=x.sym2["KeyId"])


def test_reencrypt_result_is_usable(x):
    c = client(x.srv, ALLOPS)
    out = c.re_encrypt(CiphertextBlob=x.blob, DestinationKeyId=x.sym2["KeyId"])
    assert out["KeyId"] == x.sym2["Arn"] and out["SourceKeyId"] == x.sym["Arn"]
    assert c.decrypt(CiphertextBlob=out["CiphertextBlob"])["Plaintext"] == b"table"


# --------------------------------------------------------------------- DryRun
def test_dry_run_reports_access_denied_first(x):
    with kms_error("AccessDeniedException", a2(NOBODY.arn, "kms:Encrypt", x.sym["Arn"])):
        client(x.srv, NOBODY).encrypt(KeyId=x.sym["KeyId"], Plaintext=b"p", DryRun=True)
    with kms_error("DryRunOperationException", DRY_RUN_MSG):
        client(x.srv, ALLOPS).encrypt(KeyId=x.sym["KeyId"], Plaintext=b"p", DryRun=True)


# ------------------------------------------------------- other identifiers
def test_denial_names_the_key_arn_whatever_identifier_was_sent(x):
    name = "alias/" + unique("named")
    x.admin.create_alias(AliasName=name, TargetKeyId=x.sym["KeyId"])
    c = client(x.srv, NOBODY)
    for ident in (x.sym["KeyId"], x.sym["Arn"], name, _alias_arn(name)):
        with kms_error("AccessDeniedException", a2(NOBODY.arn, "kms:Encrypt", x.sym["Arn"])):
            c.encrypt(KeyId=ident, Plaintext=b"p")


def test_unknown_key_in_own_account_is_not_found_before_authorization(x):
    from helpers import not_found_key_msg, random_uuid
    kid = random_uuid()
    with kms_error("NotFoundException", not_found_key_msg(f"arn:aws:kms:us-east-1:{A}:key/{kid}")):
        client(x.srv, NOBODY).describe_key(KeyId=kid)


@pytest.mark.parametrize("op,call", [
    ("EnableKeyRotation", lambda c, k: c.enable_key_rotation(KeyId=k)),
    ("GetKeyRotationStatus", lambda c, k: c.get_key_rotation_status(KeyId=k)),
    ("RotateKeyOnDemand", lambda c, k: c.rotate_key_on_demand(KeyId=k)),
    ("ListKeyRotations", lambda c, k: c.list_key_rotations(KeyId=k)),
    ("GetKeyLastUsage", lambda c, k: c.get_key_last_usage(KeyId=k)),
    ("GetParametersForImport", lambda c, k: c.get_parameters_for_import(
        KeyId=k, WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048")),
    ("ReplicateKey", lambda c, k: c.replicate_key(KeyId=k, ReplicaRegion="eu-west-1")),
])
def test_material_lifecycle_operations_are_authorized_before_anything_else(x, op, call):
    """Refused for a caller the key policy does not name, before any check of the key's type
    or origin (the key here has neither imported material nor replicas)."""
    with kms_error("AccessDeniedException", a2(NOBODY.arn, f"kms:{op}", x.sym["Arn"])):
        call(client(x.srv, NOBODY), x.sym["KeyId"])


# ---------------------------------------------------------------------- audit
def test_refused_call_is_audited_with_the_decision(x):
    c = client(x.srv, NOBODY)
    msg = a2(NOBODY.arn, "kms:Encrypt", x.sym["Arn"])
    with kms_error("AccessDeniedException", msg) as e:
        c.encrypt(KeyId=x.sym["KeyId"], Plaintext=b"audited")
    rec = audit_record(x.srv, request_id_of(e))
    assert rec["eventName"] == "Encrypt"
    assert rec["errorCode"] == "AccessDeniedException"
    assert rec["errorMessage"] == msg
    assert rec["userIdentity"]["arn"] == NOBODY.arn
    decisions = rec["additionalEventData"]["authorization"]
    assert any("kms:Encrypt" in d and "denied" in d for d in decisions), decisions
    # the decision is for operators only: the response is AWS's two members, nothing more
    r = x.srv.raw("Encrypt", {"KeyId": x.sym["KeyId"], "Plaintext": "cA=="},
                  access_key=NOBODY.key[0], secret_key=NOBODY.key[1])
    assert r.status == 400
    assert r.json == {"__type": "AccessDeniedException", "message": msg}, r.json


def test_allowed_call_is_audited_with_the_deciding_statement(x):
    out = x.admin.describe_key(KeyId=x.sym["KeyId"])
    rec = audit_record(x.srv, out["ResponseMetadata"]["RequestId"])
    assert "errorCode" not in rec
    decisions = rec["additionalEventData"]["authorization"]
    assert any("kms:DescribeKey" in d and "allowed" in d for d in decisions), decisions
