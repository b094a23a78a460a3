"""STS on Trent's endpoint: AssumeRole (trust policies, DurationSeconds, RoleSessionName),
GetCallerIdentity for sessions, KMS calls signed with session credentials, and what keys
and identity policies see of a session (its ARN arn:aws:sts::<acct>:assumed-role/<role>/<session>,
aws:PrincipalArn = the role ARN, aws:PrincipalTag/* = the role's tags).

Texts: AssumeRole refusal (HTTP 403 AccessDenied) "User: <arn> is not authorized to perform:
sts:AssumeRole on resource: <role arn>"; validation errors are STS's ValidationError with the
"1 validation error detected: ..." form; a bad session token is KMS UnrecognizedClientException /
STS InvalidClientTokenId "The security token included in the request is invalid.".
"""

from __future__ import annotations

import datetime
import re

import pytest

from authz_fixtures import (
    A, B, INVALID_TOKEN_MSG, MAX_SESSION_MSG, Role, User, a2, a5, account_entry, allow, assume_denied,
    audit_record, client, config_yaml, doc, key_policy, kstmt, session_client, start, trust,
)
from helpers import kms_error

ALICE = User("alice")
NOBODY = User("nobody")
ASSUMER = User("assumer", policies=[("a", doc(allow("sts:AssumeRole", f"arn:aws:iam::{A}:role/ops-role")))])
BOB = User("bob", account=B, policies=[("a", doc(allow(["sts:AssumeRole", "kms:*"])))])
CAROL = User("carol", account=B)
APP = Role("app", trust(ALICE.arn), tags={"env": "prod"}, max_session=7200,
           policies=[("use", doc(allow(["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"])))])
OPS = Role("ops-role", trust(f"arn:aws:iam::{A}:root"), policies=[("d", doc(allow("kms:DescribeKey")))])
XROLE = Role("xrole", trust(B), policies=[("x", doc(allow(["kms:Encrypt", "kms:DescribeKey"])))])
TAGROLE = Role("tagrole", trust(ALICE.arn), tags={"team": "payments"}, policies=[("t", doc(
    allow("kms:Encrypt", condition={"StringEquals": {"aws:PrincipalTag/team": "payments"}}),
    allow("kms:Decrypt", condition={"StringEquals": {"aws:PrincipalTag/team": "hr"}}),
))])


@pytest.fixture(scope="module")
def srv(module_trent):
    return start(module_trent, config_yaml(
        account_entry(A, users=[ALICE, NOBODY, ASSUMER], roles=[APP, OPS, XROLE, TAGROLE]),
        account_entry(B, users=[BOB, CAROL])))


@pytest.fixture(scope="module")
def admin(srv):
    return client(srv)


@pytest.fixture(scope="module")
def key(admin):
    return admin.create_key()["KeyMetadata"]


def _sts(srv, who):
    return client(srv, who, service="sts")


def _assume(srv, who, role, session="s1", **kw):
    return _sts(srv, who).assume_role(RoleArn=role.arn, RoleSessionName=session, **kw)


@pytest.fixture(scope="module")
def app_session(srv):
    return _assume(srv, ALICE, APP, "s1")


def _expires_in(resp) -> float:
    exp = resp["Credentials"]["Expiration"]
    return (exp - datetime.datetime.now(datetime.timezone.utc)).total_seconds()


# ---------------------------------------------------------------- AssumeRole
def test_assume_role_response(app_session):
    creds = app_session["Credentials"]
    assert re.fullmatch(r"ASIA[A-Z0-9]{12,124}", creds["AccessKeyId"]), creds["AccessKeyId"]
    assert len(creds["SecretAccessKey"]) >= 40
    assert creds["SessionToken"]
    assert 3500 < _expires_in(app_session) <= 3600 + 5        # default 3600 s
    user = app_session["AssumedRoleUser"]
    assert user["Arn"] == APP.session_arn("s1")
    assert re.fullmatch(r"AROA[A-Z0-9]{12,}:s1", user["AssumedRoleId"]), user["AssumedRoleId"]


def test_get_caller_identity_of_a_session(srv, app_session):
    ident = session_client(srv, app_session["Credentials"], service="sts").get_caller_identity()
    assert ident["Arn"] == APP.session_arn("s1")
    assert ident["Account"] == A
    assert ident["UserId"] == app_session["AssumedRoleUser"]["AssumedRoleId"]


def test_two_sessions_of_one_role_share_its_role_id(srv):
    s1 = _assume(srv, ALICE, APP, "one")
    s2 = _assume(srv, ALICE, APP, "two")
    assert s1["Credentials"]["AccessKeyId"] != s2["Credentials"]["AccessKeyId"]
    r1, r2 = s1["AssumedRoleUser"]["AssumedRoleId"], s2["AssumedRoleUser"]["AssumedRoleId"]
    assert r1.split(":")[0] == r2.split(":")[0] and (r1.split(":")[1], r2.split(":")[1]) == ("one", "two")


def test_kms_with_session_credentials(srv, key, app_session):
    kms = session_client(srv, app_session["Credentials"])
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"session")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"session"
    assert kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["AWSAccountId"] == A
    with kms_error("AccessDeniedException", a2(APP.session_arn("s1"), "kms:PutKeyPolicy", key["Arn"])):
        kms.put_key_policy(KeyId=key["KeyId"], PolicyName="default", Policy=key_policy())
    with kms_error("AccessDeniedException", a2(APP.session_arn("s1"), "kms:CreateKey", "*")):
        kms.create_key()


def test_session_is_audited_as_assumed_role(srv, key, app_session):
    out = session_client(srv, app_session["Credentials"]).describe_key(KeyId=key["KeyId"])
    rec = audit_record(srv, out["ResponseMetadata"]["RequestId"])
    assert rec["userIdentity"]["type"] == "AssumedRole"
    assert rec["userIdentity"]["arn"] == APP.session_arn("s1")
    assert rec["userIdentity"]["accessKeyId"] == app_session["Credentials"]["AccessKeyId"]


def test_key_policy_naming_the_role_covers_its_sessions(srv, admin, app_session):
    # GenerateMac is not in the role's policy: the key policy alone allows it (same account)
    hm = admin.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC",
                          Policy=key_policy(kstmt("Allow", APP.arn, "kms:GenerateMac")))["KeyMetadata"]
    kms = session_client(srv, app_session["Credentials"])
    kms.generate_mac(KeyId=hm["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_256")
    with kms_error("AccessDeniedException", a2(ALICE.arn, "kms:GenerateMac", hm["Arn"])):
        client(srv, ALICE).generate_mac(KeyId=hm["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_256")


def test_key_policy_naming_one_session(srv, admin):
    s_ok, s_other = _assume(srv, ALICE, APP, "named"), _assume(srv, ALICE, APP, "unnamed")
    md = admin.create_key(Policy=key_policy(kstmt("Allow", APP.session_arn("named"), "kms:GenerateDataKeyWithoutPlaintext")))["KeyMetadata"]
    session_client(srv, s_ok["Credentials"]).generate_data_key_without_plaintext(KeyId=md["KeyId"], NumberOfBytes=16)
    with kms_error("AccessDeniedException", a2(APP.session_arn("unnamed"), "kms:GenerateDataKeyWithoutPlaintext", md["Arn"])):
        session_client(srv, s_other["Credentials"]).generate_data_key_without_plaintext(KeyId=md["KeyId"], NumberOfBytes=16)


def test_principal_arn_of_a_session_is_the_role(srv, admin, app_session):
    stmt = {"Effect": "Allow", "Principal": "*", "Action": "kms:GenerateDataKeyWithoutPlaintext", "Resource": "*",
            "Condition": {"ArnEquals": {"aws:PrincipalArn": APP.arn}}}
    md = admin.create_key(Policy=key_policy(stmt))["KeyMetadata"]
    session_client(srv, app_session["Credentials"]).generate_data_key_without_plaintext(KeyId=md["KeyId"], NumberOfBytes=16)
    with kms_error("AccessDeniedException", a2(ALICE.arn, "kms:GenerateDataKeyWithoutPlaintext", md["Arn"])):
        client(srv, ALICE).generate_data_key_without_plaintext(KeyId=md["KeyId"], NumberOfBytes=16)


def test_role_tags_are_principal_tags(srv, key, admin):
    s = _assume(srv, ALICE, TAGROLE, "tags")
    kms = session_client(srv, s["Credentials"])
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    with kms_error("AccessDeniedException", a2(TAGROLE.session_arn("tags"), "kms:Decrypt", key["Arn"])):
        kms.decrypt(CiphertextBlob=blob)


# ------------------------------------------------------------ trust policies
def test_untrusted_caller_is_refused(srv):
    with kms_error("AccessDenied", assume_denied(NOBODY.arn, APP.arn), status=403):
        _assume(srv, NOBODY, APP)


def test_unknown_role_is_refused_the_same_way(srv):
    ghost = f"arn:aws:iam::{A}:role/ghost"
    with kms_error("AccessDenied", assume_denied(ALICE.arn, ghost), status=403):
        _sts(srv, ALICE).assume_role(RoleArn=ghost, RoleSessionName="s1")


def test_trusting_the_account_needs_an_identity_policy(srv):
    s = _assume(srv, ASSUMER, OPS, "ops")
    assert s["AssumedRoleUser"]["Arn"] == OPS.session_arn("ops")
    for u in (NOBODY, ALICE):
        with kms_error("AccessDenied", assume_denied(u.arn, OPS.arn), status=403):
            _assume(srv, u, OPS)


def test_session_cannot_assume_a_role_it_is_not_trusted_for(srv, app_session):
    sts = session_client(srv, app_session["Credentials"], service="sts")
    with kms_error("AccessDenied", assume_denied(APP.session_arn("s1"), APP.arn), status=403):
        sts.assume_role(RoleArn=APP.arn, RoleSessionName="again")


def test_cross_account_assume_role(srv, key):
    s = _assume(srv, BOB, XROLE, "from-b")
    assert s["AssumedRoleUser"]["Arn"] == XROLE.session_arn("from-b")
    ident = session_client(srv, s["Credentials"], service="sts").get_caller_identity()
    assert (ident["Account"], ident["Arn"]) == (A, XROLE.session_arn("from-b"))
    kms = session_client(srv, s["Credentials"])
    kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")             # the session is a principal of account A
    with kms_error("AccessDeniedException", a2(XROLE.session_arn("from-b"), "kms:Decrypt", key["Arn"])):
        kms.decrypt(CiphertextBlob=client(srv).encrypt(KeyId=key["KeyId"], Plaintext=b"y")["CiphertextBlob"])
    with kms_error("AccessDenied", assume_denied(CAROL.arn, XROLE.arn), status=403):
        _assume(srv, CAROL, XROLE)


def test_session_of_a_b_user_is_still_foreign_to_a_keys(srv, key):
    """bob's own identity (account B) cannot use A's key with the default policy."""
    with kms_error("AccessDeniedException", a5(BOB.arn, "kms:Encrypt")):
        client(srv, BOB).encrypt(KeyId=key["Arn"], Plaintext=b"x")


# ------------------------------------------------------------ DurationSeconds
@pytest.mark.parametrize("seconds", [900, 7200])
def test_duration_within_limits(srv, seconds):
    s = _assume(srv, ALICE, APP, f"d{seconds}", DurationSeconds=seconds)
    assert seconds - 100 < _expires_in(s) <= seconds + 5


def test_duration_above_max_session_duration(srv):
    with kms_error("ValidationError", MAX_SESSION_MSG):
        _assume(srv, ALICE, APP, DurationSeconds=7201)
    with kms_error("ValidationError", MAX_SESSION_MSG):
        _assume(srv, ASSUMER, OPS, DurationSeconds=3601)      # default MaxSessionDuration 3600


@pytest.mark.parametrize("seconds,constraint", [
    (899, "Member must have value greater than or equal to 900"),
    (43201, "Member must have value less than or equal to 43200"),
])
def test_duration_out_of_range(srv, seconds, constraint):
    sts = client(srv, ALICE, service="sts", parameter_validation=False)
    with kms_error("ValidationError", f"1 validation error detected: Value '{seconds}' at 'durationSeconds' "
                                      f"failed to satisfy constraint: {constraint}"):
        sts.assume_role(RoleArn=APP.arn, RoleSessionName="s1", DurationSeconds=seconds)


@pytest.mark.parametrize("name,constraint", [
    ("a", "Member must have length greater than or equal to 2"),
    ("x" * 65, "Member must have length less than or equal to 64"),
    ("bad name!", r"Member must satisfy regular expression pattern: [\w+=,.@-]*"),
])
def test_role_session_name_rules(srv, name, constraint):
    sts = client(srv, ALICE, service="sts", parameter_validation=False)
    with kms_error("ValidationError", f"1 validation error detected: Value '{name}' at 'roleSessionName' "
                                      f"failed to satisfy constraint: {constraint}"):
        sts.assume_role(RoleArn=APP.arn, RoleSessionName=name)


def test_session_name_characters_allowed(srv):
    name = "a_b+c=d,e.f@g-h"
    assert _assume(srv, ALICE, APP, name)["AssumedRoleUser"]["Arn"] == APP.session_arn(name)


# --------------------------------------------------------------- bad tokens
def _tampered(creds):
    tok = creds["SessionToken"]
    mid = len(tok) // 2
    return {**creds, "SessionToken": tok[:mid] + ("A" if tok[mid] != "A" else "B") + tok[mid + 1:]}


def test_tampered_token(srv, app_session):
    bad = _tampered(app_session["Credentials"])
    with kms_error("UnrecognizedClientException", INVALID_TOKEN_MSG):
        session_client(srv, bad).list_keys()
    with kms_error("InvalidClientTokenId", INVALID_TOKEN_MSG, status=403):
        session_client(srv, bad, service="sts").get_caller_identity()


def test_token_of_another_session(srv, app_session):
    other = _assume(srv, ALICE, APP, "other")["Credentials"]
    mixed = {**app_session["Credentials"], "SessionToken": other["SessionToken"]}
    with kms_error(("UnrecognizedClientException", "InvalidSignatureException")):
        session_client(srv, mixed).list_keys()


def test_temporary_key_without_token(srv, app_session):
    creds = app_session["Credentials"]
    c = client(srv, (creds["AccessKeyId"], creds["SecretAccessKey"]))
    with kms_error("UnrecognizedClientException", INVALID_TOKEN_MSG):
        c.list_keys()


def test_grant_to_a_role_covers_its_sessions(srv, admin, app_session):
    md = admin.create_key()["KeyMetadata"]
    kms = session_client(srv, app_session["Credentials"])
    with kms_error("AccessDeniedException", a2(APP.session_arn("s1"), "kms:GenerateDataKeyWithoutPlaintext", md["Arn"])):
        kms.generate_data_key_without_plaintext(KeyId=md["KeyId"], NumberOfBytes=16)
    g = admin.create_grant(KeyId=md["KeyId"], GranteePrincipal=APP.arn, Operations=["GenerateDataKeyWithoutPlaintext"])
    kms.generate_data_key_without_plaintext(KeyId=md["KeyId"], NumberOfBytes=16, GrantTokens=[g["GrantToken"]])
