"""Condition keys end to end (spec authorization.md §5): the request's encryption context,
source IP (127.0.0.1 here), aws:SecureTransport (false over plain HTTP), kms:RequestAlias,
kms:ResourceAliases, principal and resource tags (ABAC with policy variables), algorithms,
key spec, deletion window, ReEncryptOnSameKey, request tags, times, and the operators around
them (IfExists, Null, ForAnyValue/ForAllValues, Numeric*, Date*, Bool, IpAddress, Arn*).

Every refusal here is the default-key-policy case, so its text is A2 (identity-based), except
the explicit Deny cases (A3).
"""

from __future__ import annotations

import pytest

from authz_fixtures import (
    A, User, a2, a3, account_entry, allow, client, config_yaml, deny, doc, key_policy, kstmt, start,
)
from helpers import kms_error, unique

SE = "StringEquals"
EC_USER = User("ecuser", policies=[("ec", doc(allow(["kms:Encrypt", "kms:Decrypt"], condition={
    SE: {"kms:EncryptionContext:purpose": "billing"}})))])
EC_KEYS = User("eckeys", policies=[("ec", doc(allow("kms:Encrypt", condition={
    "ForAnyValue:StringEquals": {"kms:EncryptionContextKeys": "purpose"}})))])
EC_IFEXISTS = User("ecifexists", policies=[("ec", doc(allow("kms:Encrypt", condition={
    "StringEqualsIfExists": {"kms:EncryptionContext:purpose": "billing"}})))])
EC_NULL = User("ecnull", policies=[("ec", doc(allow("kms:Encrypt", condition={
    "Null": {"kms:EncryptionContextKeys": "false"}})))])
IP_USER = User("ipuser", policies=[("ip", doc(
    allow("kms:Encrypt", condition={"IpAddress": {"aws:SourceIp": "127.0.0.0/8"}}),
    allow("kms:Decrypt", condition={"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}}),
    allow("kms:DescribeKey", condition={"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}),
))])
ALIAS_USER = User("aliasuser", policies=[("ra", doc(allow(["kms:Encrypt", "kms:DescribeKey"], condition={
    "StringLike": {"kms:RequestAlias": "alias/app-*"}})))])
RES_ALIAS = User("resalias", policies=[("ra", doc(allow("kms:Encrypt", condition={
    "ForAnyValue:StringLike": {"kms:ResourceAliases": "alias/finance-*"}})))])
ABAC = doc(
    allow("kms:Encrypt", condition={SE: {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}),
    allow("kms:DescribeKey", condition={SE: {"aws:PrincipalTag/team": "payments"}}),
)
PAY = User("pay", tags={"team": "payments"}, managed=["abac"])
HR = User("hr", tags={"team": "hr"}, managed=["abac"])
TRANSPORT = User("transport", policies=[("t", doc(
    allow("kms:Encrypt", condition={"Bool": {"aws:SecureTransport": "false"}}),
    allow("kms:Decrypt", condition={"Bool": {"aws:SecureTransport": "true"}}),
))])
TIMEY = User("timey", policies=[("t", doc(
    allow("kms:Encrypt", condition={"DateGreaterThan": {"aws:CurrentTime": "2001-01-01T00:00:00Z"}}),
    allow("kms:Decrypt", condition={"DateLessThan": {"aws:CurrentTime": "2001-01-01T00:00:00Z"}}),
))])
ARN_USER = User("arnuser", policies=[("a", doc(
    allow("kms:Encrypt", condition={"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{A}:user/arn*"}}),
    allow("kms:Decrypt", condition={"ArnEquals": {"aws:PrincipalArn": f"arn:aws:iam::{A}:user/someone-else"}}),
    allow("kms:DescribeKey", condition={SE: {"aws:username": "arnuser"}}),
))])
ALGO = User("algo", policies=[("a", doc(
    allow(["kms:Encrypt", "kms:Decrypt"], condition={SE: {"kms:EncryptionAlgorithm": ["SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_256"]}}),
    allow("kms:Sign", condition={SE: {"kms:SigningAlgorithm": "RSASSA_PSS_SHA_256"}}),
    allow("kms:GenerateMac", condition={SE: {"kms:MacAlgorithm": "HMAC_SHA_256"}}),
))])
SPEC = User("spec", policies=[("s", doc(
    allow(["kms:DescribeKey", "kms:CreateKey"], condition={SE: {"kms:KeySpec": "SYMMETRIC_DEFAULT"}}),
    allow("kms:GetPublicKey", condition={SE: {"kms:KeyUsage": "SIGN_VERIFY"}}),
))])
WINDOW = User("window", policies=[("w", doc(allow("kms:ScheduleKeyDeletion", condition={
    "NumericGreaterThanEquals": {"kms:ScheduleKeyDeletionPendingWindowInDays": "20"}})))])
SAMEKEY = User("samekey", policies=[("s", doc(
    allow(["kms:ReEncryptFrom", "kms:ReEncryptTo"]),
    deny("kms:ReEncryptTo", condition={"Bool": {"kms:ReEncryptOnSameKey": "true"}}),
))])
TAGGER = User("tagger", policies=[("t", doc(allow("kms:TagResource", condition={
    "ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]},
    SE: {"aws:RequestTag/env": ["dev", "test"]},
})))])
KP_USER = User("kpuser")
USERS = [EC_USER, EC_KEYS, EC_IFEXISTS, EC_NULL, IP_USER, ALIAS_USER, RES_ALIAS, PAY, HR, TRANSPORT, TIMEY,
         ARN_USER, ALGO, SPEC, WINDOW, SAMEKEY, TAGGER, KP_USER]


@pytest.fixture(scope="module")
def srv(module_trent):
    return start(module_trent, config_yaml(account_entry(A, users=USERS, managed={"abac": ABAC})))


@pytest.fixture(scope="module")
def admin(srv):
    return client(srv)


@pytest.fixture(scope="module")
def key(admin):
    return admin.create_key()["KeyMetadata"]


def _c(srv, u):
    return client(srv, u)


# -------------------------------------------------------- encryption context
def test_encryption_context_condition(srv, admin, key):
    c = _c(srv, EC_USER)
    blob = c.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext={"purpose": "billing", "other": "1"})["CiphertextBlob"]
    assert c.decrypt(CiphertextBlob=blob, EncryptionContext={"purpose": "billing", "other": "1"})["Plaintext"] == b"x"
    msg = a2(EC_USER.arn, "kms:Encrypt", key["Arn"])
    with kms_error("AccessDeniedException", msg):
        c.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext={"purpose": "payroll"})
    with kms_error("AccessDeniedException", msg):
        c.encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    # values are case-sensitive under StringEquals
    with kms_error("AccessDeniedException", msg):
        c.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext={"purpose": "Billing"})
    # the key name of the condition is case-insensitive (G:12059)
    c.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext={"PURPOSE": "billing"})
    other = admin.encrypt(KeyId=key["KeyId"], Plaintext=b"y", EncryptionContext={"purpose": "hr"})["CiphertextBlob"]
    with kms_error("AccessDeniedException", a2(EC_USER.arn, "kms:Decrypt", key["Arn"])):
        c.decrypt(CiphertextBlob=other, EncryptionContext={"purpose": "hr"})


def test_encryption_context_keys_for_any_value(srv, key):
    c = _c(srv, EC_KEYS)
    c.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext={"purpose": "any", "b": "c"})
    msg = a2(EC_KEYS.arn, "kms:Encrypt", key["Arn"])
    with kms_error("AccessDeniedException", msg):
        c.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext={"b": "c"})
    with kms_error("AccessDeniedException", msg):      # ForAnyValue on an empty set is false
        c.encrypt(KeyId=key["KeyId"], Plaintext=b"x")


def test_if_exists_and_null(srv, key):
    c = _c(srv, EC_IFEXISTS)
    c.encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    c.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext={"purpose": "billing"})
    with kms_error("AccessDeniedException", a2(EC_IFEXISTS.arn, "kms:Encrypt", key["Arn"])):
        c.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext={"purpose": "other"})
    n = _c(srv, EC_NULL)
    n.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext={"k": "v"})
    with kms_error("AccessDeniedException", a2(EC_NULL.arn, "kms:Encrypt", key["Arn"])):
        n.encrypt(KeyId=key["KeyId"], Plaintext=b"x")


def test_encryption_context_condition_in_key_policy(srv, admin):
    md = admin.create_key(Policy=key_policy(kstmt("Allow", KP_USER.arn, "kms:Encrypt", condition={
        SE: {"kms:EncryptionContext:app": "web"}})))["KeyMetadata"]
    c = _c(srv, KP_USER)
    c.encrypt(KeyId=md["KeyId"], Plaintext=b"x", EncryptionContext={"app": "web"})
    with kms_error("AccessDeniedException", a2(KP_USER.arn, "kms:Encrypt", md["Arn"])):
        c.encrypt(KeyId=md["KeyId"], Plaintext=b"x", EncryptionContext={"app": "batch"})


# ------------------------------------------------------------------ network
def test_source_ip(srv, admin, key):
    c = _c(srv, IP_USER)
    blob = c.encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    c.describe_key(KeyId=key["KeyId"])
    with kms_error("AccessDeniedException", a2(IP_USER.arn, "kms:Decrypt", key["Arn"])):
        c.decrypt(CiphertextBlob=blob)


def test_secure_transport_is_false_over_http(srv, key):
    c = _c(srv, TRANSPORT)
    blob = c.encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    with kms_error("AccessDeniedException", a2(TRANSPORT.arn, "kms:Decrypt", key["Arn"])):
        c.decrypt(CiphertextBlob=blob)


def test_current_time(srv, key):
    c = _c(srv, TIMEY)
    blob = c.encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    with kms_error("AccessDeniedException", a2(TIMEY.arn, "kms:Decrypt", key["Arn"])):
        c.decrypt(CiphertextBlob=blob)


# ------------------------------------------------------------------- aliases
def test_request_alias(srv, admin):
    md = admin.create_key()["KeyMetadata"]
    good, bad = "alias/app-" + unique("x"), "alias/other-" + unique("x")
    admin.create_alias(AliasName=good, TargetKeyId=md["KeyId"])
    admin.create_alias(AliasName=bad, TargetKeyId=md["KeyId"])
    c = _c(srv, ALIAS_USER)
    c.encrypt(KeyId=good, Plaintext=b"x")
    c.encrypt(KeyId=f"arn:aws:kms:us-east-1:{A}:{good}", Plaintext=b"x")
    c.describe_key(KeyId=good)
    msg = a2(ALIAS_USER.arn, "kms:Encrypt", md["Arn"])
    for ident in (bad, md["KeyId"], md["Arn"]):          # another alias, or no alias at all
        with kms_error("AccessDeniedException", msg):
            c.encrypt(KeyId=ident, Plaintext=b"x")


def test_resource_aliases(srv, admin):
    fin, plain = admin.create_key()["KeyMetadata"], admin.create_key()["KeyMetadata"]
    admin.create_alias(AliasName="alias/finance-" + unique("k"), TargetKeyId=fin["KeyId"])
    admin.create_alias(AliasName="alias/misc-" + unique("k"), TargetKeyId=plain["KeyId"])
    c = _c(srv, RES_ALIAS)
    c.encrypt(KeyId=fin["KeyId"], Plaintext=b"x")          # whatever identifier the request used
    with kms_error("AccessDeniedException", a2(RES_ALIAS.arn, "kms:Encrypt", plain["Arn"])):
        c.encrypt(KeyId=plain["KeyId"], Plaintext=b"x")


# ---------------------------------------------------------------- ABAC tags
def test_principal_and_resource_tags(srv, admin):
    pay_key = admin.create_key(Tags=[{"TagKey": "team", "TagValue": "payments"}])["KeyMetadata"]
    hr_key = admin.create_key(Tags=[{"TagKey": "team", "TagValue": "hr"}])["KeyMetadata"]
    pay, hr = _c(srv, PAY), _c(srv, HR)
    pay.encrypt(KeyId=pay_key["KeyId"], Plaintext=b"x")
    hr.encrypt(KeyId=hr_key["KeyId"], Plaintext=b"x")
    with kms_error("AccessDeniedException", a2(PAY.arn, "kms:Encrypt", hr_key["Arn"])):
        pay.encrypt(KeyId=hr_key["KeyId"], Plaintext=b"x")
    with kms_error("AccessDeniedException", a2(HR.arn, "kms:Encrypt", pay_key["Arn"])):
        hr.encrypt(KeyId=pay_key["KeyId"], Plaintext=b"x")
    pay.describe_key(KeyId=hr_key["KeyId"])
    with kms_error("AccessDeniedException", a2(HR.arn, "kms:DescribeKey", hr_key["Arn"])):
        hr.describe_key(KeyId=hr_key["KeyId"])


def test_retagging_moves_access_at_once(srv, admin):
    md = admin.create_key(Tags=[{"TagKey": "team", "TagValue": "payments"}])["KeyMetadata"]
    _c(srv, PAY).encrypt(KeyId=md["KeyId"], Plaintext=b"x")
    admin.tag_resource(KeyId=md["KeyId"], Tags=[{"TagKey": "team", "TagValue": "hr"}])
    _c(srv, HR).encrypt(KeyId=md["KeyId"], Plaintext=b"x")
    with kms_error("AccessDeniedException", a2(PAY.arn, "kms:Encrypt", md["Arn"])):
        _c(srv, PAY).encrypt(KeyId=md["KeyId"], Plaintext=b"x")


def test_request_tags_and_tag_keys(srv, admin):
    md = admin.create_key()["KeyMetadata"]
    c = _c(srv, TAGGER)
    c.tag_resource(KeyId=md["KeyId"], Tags=[{"TagKey": "env", "TagValue": "dev"}, {"TagKey": "team", "TagValue": "a"}])
    msg = a2(TAGGER.arn, "kms:TagResource", md["Arn"])
    with kms_error("AccessDeniedException", msg):
        c.tag_resource(KeyId=md["KeyId"], Tags=[{"TagKey": "env", "TagValue": "prod"}])
    with kms_error("AccessDeniedException", msg):
        c.tag_resource(KeyId=md["KeyId"], Tags=[{"TagKey": "env", "TagValue": "dev"}, {"TagKey": "owner", "TagValue": "x"}])
    tags = {t["TagKey"]: t["TagValue"] for t in admin.list_resource_tags(KeyId=md["KeyId"])["Tags"]}
    assert tags == {"env": "dev", "team": "a"}


# ------------------------------------------------------------- principal keys
def test_principal_arn_and_username(srv, key):
    c = _c(srv, ARN_USER)
    blob = c.encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    c.describe_key(KeyId=key["KeyId"])
    with kms_error("AccessDeniedException", a2(ARN_USER.arn, "kms:Decrypt", key["Arn"])):
        c.decrypt(CiphertextBlob=blob)


# ---------------------------------------------------------------- algorithms
def test_encryption_algorithm_default_and_explicit(srv, admin, key):
    c = _c(srv, ALGO)
    c.encrypt(KeyId=key["KeyId"], Plaintext=b"x")     # omitted -> SYMMETRIC_DEFAULT is in the context
    rsa = admin.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]
    c.encrypt(KeyId=rsa["KeyId"], Plaintext=b"x", EncryptionAlgorithm="RSAES_OAEP_SHA_256")
    with kms_error("AccessDeniedException", a2(ALGO.arn, "kms:Encrypt", rsa["Arn"])):
        c.encrypt(KeyId=rsa["KeyId"], Plaintext=b"x", EncryptionAlgorithm="RSAES_OAEP_SHA_1")


def test_signing_and_mac_algorithms(srv, admin):
    c = _c(srv, ALGO)
    rsa = admin.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    c.sign(KeyId=rsa["KeyId"], Message=b"m", SigningAlgorithm="RSASSA_PSS_SHA_256")
    with kms_error("AccessDeniedException", a2(ALGO.arn, "kms:Sign", rsa["Arn"])):
        c.sign(KeyId=rsa["KeyId"], Message=b"m", SigningAlgorithm="RSASSA_PKCS1_V1_5_SHA_256")
    h256 = admin.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]
    h384 = admin.create_key(KeySpec="HMAC_384", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]
    c.generate_mac(KeyId=h256["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_256")
    with kms_error("AccessDeniedException", a2(ALGO.arn, "kms:GenerateMac", h384["Arn"])):
        c.generate_mac(KeyId=h384["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_384")


# ---------------------------------------------------------- key properties
def test_key_spec_and_usage(srv, admin, key):
    c = _c(srv, SPEC)
    c.describe_key(KeyId=key["KeyId"])
    hmac = admin.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]
    with kms_error("AccessDeniedException", a2(SPEC.arn, "kms:DescribeKey", hmac["Arn"])):
        c.describe_key(KeyId=hmac["KeyId"])
    sig = admin.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    c.get_public_key(KeyId=sig["KeyId"])
    ka = admin.create_key(KeySpec="ECC_NIST_P256", KeyUsage="KEY_AGREEMENT")["KeyMetadata"]
    with kms_error("AccessDeniedException", a2(SPEC.arn, "kms:GetPublicKey", ka["Arn"])):
        c.get_public_key(KeyId=ka["KeyId"])


def test_create_key_spec_condition(srv):
    c = client(srv, SPEC, region="ca-central-1")
    c.create_key()                                   # KeySpec omitted: SYMMETRIC_DEFAULT is in the context
    with kms_error("AccessDeniedException", a2(SPEC.arn, "kms:CreateKey", "*")):
        c.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")


def test_pending_window_condition(srv, admin):
    c = _c(srv, WINDOW)
    k1, k2 = admin.create_key()["KeyMetadata"], admin.create_key()["KeyMetadata"]
    assert c.schedule_key_deletion(KeyId=k1["KeyId"], PendingWindowInDays=25)["PendingWindowInDays"] == 25
    with kms_error("AccessDeniedException", a2(WINDOW.arn, "kms:ScheduleKeyDeletion", k2["Arn"])):
        c.schedule_key_deletion(KeyId=k2["KeyId"], PendingWindowInDays=7)


def test_reencrypt_on_same_key(srv, admin, key):
    c = _c(srv, SAMEKEY)
    other = admin.create_key()["KeyMetadata"]
    blob = admin.encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    c.re_encrypt(CiphertextBlob=blob, DestinationKeyId=other["KeyId"])
    with kms_error("AccessDeniedException", a3(SAMEKEY.arn, "kms:ReEncryptTo", key["Arn"])):
        c.re_encrypt(CiphertextBlob=blob, DestinationKeyId=key["KeyId"])
