"""Identities: bootstrap admin, config-file accounts, environment bootstrap,
sts:GetCallerIdentity, and account/region isolation.

STS answers as AWS does: GetCallerIdentity -> {UserId, Account, Arn} with Arn
arn:aws:iam::<account>:user/<name>; an unknown access key is
InvalidClientTokenId and a bad signature SignatureDoesNotMatch (STS's own codes).
"""

import configparser
import json
import os
import re
import stat
import subprocess

import pytest

from conftest import DEFAULT_ACCOUNT, clean_env
from helpers import kms_error, not_found_key_msg, unique

ALICE_ACCOUNT = "444455556666"
BOB_ACCOUNT = "777788889999"
ALICE_KEY1 = ("AKIAALICEEXAMPLE0001", "alice-secret-at-least-forty-characters-long-0000")
ALICE_KEY2 = ("AKIAALICEEXAMPLE0002", "alice-second-secret-from-the-environment-0002")
BOB_KEY = ("AKIABOBEXAMPLE000001", "bob-secret-at-least-forty-characters-long-00000")

KMS_ALL = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}'
# Config-file users have no permissions unless a policy gives them some: these tests are
# about identities and isolation, so each user gets an identity policy allowing kms:*.
CONFIG = f"""
accounts:
  - id: "{ALICE_ACCOUNT}"
    users:
      - name: alice
        policies:
          - name: all-kms
            document: '{KMS_ALL}'
        accessKeys:
          - id: {ALICE_KEY1[0]}
            secret: "{ALICE_KEY1[1]}"
          - id: {ALICE_KEY2[0]}
            secretEnv: ALICE_SECRET_2
  - id: "{BOB_ACCOUNT}"
    users:
      - name: bob
        policies:
          - name: all-kms
            document: '{KMS_ALL}'
        accessKeys:
          - id: {BOB_KEY[0]}
            secret: "{BOB_KEY[1]}"
"""


@pytest.fixture(scope="module")
def multi(module_trent):
    return module_trent.new(config_yaml=CONFIG, env={"ALICE_SECRET_2": ALICE_KEY2[1]})


def _kms(srv, creds, region="us-east-1", **kw):
    return srv.client(region=region, access_key=creds[0], secret_key=creds[1], **kw)


def _sts(srv, creds):
    return srv.client(service="sts", access_key=creds[0], secret_key=creds[1])


# ------------------------------------------------------------- bootstrap
def test_bootstrap_credentials_file(multi):
    path = multi.credentials_file
    assert path.exists()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    cp = configparser.ConfigParser()
    cp.read(path)
    assert "default" in cp
    ak, sk = cp["default"]["aws_access_key_id"], cp["default"]["aws_secret_access_key"]
    assert re.fullmatch(r"[A-Z0-9]{16,128}", ak), ak
    assert len(sk) >= 30


def test_get_caller_identity_admin(multi):
    ident = multi.client(service="sts").get_caller_identity()
    assert ident["Account"] == DEFAULT_ACCOUNT
    assert ident["Arn"] == f"arn:aws:iam::{DEFAULT_ACCOUNT}:user/admin"
    assert ident["UserId"]


@pytest.mark.parametrize("creds", [ALICE_KEY1, ALICE_KEY2], ids=["inline-secret", "secretEnv"])
def test_get_caller_identity_config_user(multi, creds):
    ident = _sts(multi, creds).get_caller_identity()
    assert ident["Account"] == ALICE_ACCOUNT
    assert ident["Arn"] == f"arn:aws:iam::{ALICE_ACCOUNT}:user/alice"
    assert ident["UserId"]


def test_both_keys_of_a_user_are_the_same_principal(multi):
    a = _sts(multi, ALICE_KEY1).get_caller_identity()
    b = _sts(multi, ALICE_KEY2).get_caller_identity()
    assert (a["UserId"], a["Arn"]) == (b["UserId"], b["Arn"])
    admin = multi.client(service="sts").get_caller_identity()
    assert admin["UserId"] != a["UserId"]


def test_both_keys_of_a_user_share_its_keys(multi):
    k1 = _kms(multi, ALICE_KEY1)
    k2 = _kms(multi, ALICE_KEY2)
    md = k1.create_key()["KeyMetadata"]
    assert md["AWSAccountId"] == ALICE_ACCOUNT
    assert md["Arn"].startswith(f"arn:aws:kms:us-east-1:{ALICE_ACCOUNT}:key/")
    blob = k1.encrypt(KeyId=md["KeyId"], Plaintext=b"shared")["CiphertextBlob"]
    assert k2.decrypt(CiphertextBlob=blob)["Plaintext"] == b"shared"


def test_sts_unknown_access_key(multi):
    with kms_error("InvalidClientTokenId", status=None):
        _sts(multi, ("AKIANOTKNOWN00000000", "x" * 40)).get_caller_identity()


def test_sts_wrong_secret(multi):
    with kms_error("SignatureDoesNotMatch", status=None):
        _sts(multi, (ALICE_KEY1[0], "wrong-secret-wrong-secret-wrong-secret-00")).get_caller_identity()


def test_secret_env_key_with_wrong_secret(multi):
    with kms_error("InvalidSignatureException", status=None):
        _kms(multi, (ALICE_KEY2[0], ALICE_KEY1[1])).list_keys()


# ------------------------------------------------------------ isolation
def test_accounts_do_not_see_each_others_keys(multi):
    admin = multi.client()
    alice = _kms(multi, ALICE_KEY1)
    md = admin.create_key(Description="admin's")["KeyMetadata"]
    alice_keys = [k["KeyId"] for k in alice.list_keys(Limit=1000)["Keys"]]
    assert md["KeyId"] not in alice_keys
    # a bare key id resolves in the caller's own account
    with kms_error("NotFoundException", not_found_key_msg(f"arn:aws:kms:us-east-1:{ALICE_ACCOUNT}:key/{md['KeyId']}")):
        alice.describe_key(KeyId=md["KeyId"])
    with kms_error(("NotFoundException", "AccessDeniedException")):
        alice.describe_key(KeyId=md["Arn"])
    with kms_error(("NotFoundException", "AccessDeniedException")):
        alice.encrypt(KeyId=md["Arn"], Plaintext=b"x")
    with kms_error(("NotFoundException", "AccessDeniedException")):
        alice.generate_data_key(KeyId=md["Arn"], KeySpec="AES_256")


def test_other_account_cannot_decrypt(multi):
    admin = multi.client()
    bob = _kms(multi, BOB_KEY)
    md = admin.create_key()["KeyMetadata"]
    blob = admin.encrypt(KeyId=md["KeyId"], Plaintext=b"admin secret")["CiphertextBlob"]
    with kms_error(("NotFoundException", "AccessDeniedException", "InvalidCiphertextException", "IncorrectKeyException")):
        bob.decrypt(CiphertextBlob=blob)
    with kms_error(("NotFoundException", "AccessDeniedException", "InvalidCiphertextException", "IncorrectKeyException")):
        bob.re_encrypt(CiphertextBlob=blob, DestinationKeyId=bob.create_key()["KeyMetadata"]["KeyId"])


@pytest.mark.parametrize("op,params", [
    ("disable_key", {}),
    ("schedule_key_deletion", {"PendingWindowInDays": 7}),
    ("update_key_description", {"Description": "hijacked"}),
    ("tag_resource", {"Tags": [{"TagKey": "owned", "TagValue": "by-bob"}]}),
    ("put_key_policy", {"PolicyName": "default", "Policy": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{BOB_ACCOUNT}:root"}, "Action": "kms:*", "Resource": "*"}]})}),
])
def test_other_account_cannot_manage_keys_by_arn(multi, op, params):
    admin = multi.client()
    bob = _kms(multi, BOB_KEY)
    md = admin.create_key(Description="mine")["KeyMetadata"]
    with kms_error(("NotFoundException", "AccessDeniedException", "InvalidArnException")):
        getattr(bob, op)(KeyId=md["Arn"], **params)
    after = admin.describe_key(KeyId=md["KeyId"])["KeyMetadata"]
    assert after["KeyState"] == "Enabled" and after["Description"] == "mine"
    assert admin.list_resource_tags(KeyId=md["KeyId"])["Tags"] == []


def test_alias_names_are_per_account(multi):
    admin = multi.client()
    alice = _kms(multi, ALICE_KEY1)
    name = "alias/" + unique("both")
    a = admin.create_key()["KeyMetadata"]
    b = alice.create_key()["KeyMetadata"]
    admin.create_alias(AliasName=name, TargetKeyId=a["KeyId"])
    alice.create_alias(AliasName=name, TargetKeyId=b["KeyId"])
    assert admin.describe_key(KeyId=name)["KeyMetadata"]["KeyId"] == a["KeyId"]
    assert alice.describe_key(KeyId=name)["KeyMetadata"]["KeyId"] == b["KeyId"]
    alice_aliases = [x for x in alice.list_aliases()["Aliases"] if x["AliasName"] == name]
    assert [x["AliasArn"] for x in alice_aliases] == [f"arn:aws:kms:us-east-1:{ALICE_ACCOUNT}:{name}"]


def test_alias_cannot_point_at_other_accounts_key(multi):
    admin = multi.client()
    alice = _kms(multi, ALICE_KEY1)
    md = admin.create_key()["KeyMetadata"]
    with kms_error(("NotFoundException", "AccessDeniedException", "InvalidArnException")):
        alice.create_alias(AliasName="alias/" + unique("steal"), TargetKeyId=md["Arn"])


def test_regions_are_isolated(multi):
    us = multi.client(region="us-east-1")
    eu = multi.client(region="eu-west-1")
    md = us.create_key()["KeyMetadata"]
    blob = us.encrypt(KeyId=md["KeyId"], Plaintext=b"us only")["CiphertextBlob"]
    assert md["KeyId"] not in [k["KeyId"] for k in eu.list_keys(Limit=1000)["Keys"]]
    eu_arn = f"arn:aws:kms:eu-west-1:{DEFAULT_ACCOUNT}:key/{md['KeyId']}"
    with kms_error("NotFoundException", not_found_key_msg(eu_arn)):
        eu.describe_key(KeyId=md["KeyId"])
    # the exact text for a foreign-region ARN is pinned in test_keys.py
    with kms_error("NotFoundException"):
        eu.describe_key(KeyId=md["Arn"])
    with kms_error("NotFoundException"):
        eu.encrypt(KeyId=md["Arn"], Plaintext=b"x")
    with kms_error(("NotFoundException", "InvalidCiphertextException")):
        eu.decrypt(CiphertextBlob=blob)
    eu_md = eu.create_key()["KeyMetadata"]
    assert eu_md["Arn"] == f"arn:aws:kms:eu-west-1:{DEFAULT_ACCOUNT}:key/{eu_md['KeyId']}"
    assert us.decrypt(CiphertextBlob=blob)["Plaintext"] == b"us only"


# ------------------------------------------------------- env bootstrap
def test_environment_bootstrap_identity(trent_factory):
    env = {
        "TRENT_ACCOUNT_ID": "999988887777",
        "TRENT_ACCESS_KEY_ID": "AKIAENVBOOTSTRAP0001",
        "TRENT_SECRET_ACCESS_KEY": "env-bootstrap-secret-at-least-forty-chars-0001",
    }
    srv = trent_factory.new(env=env)
    ident = srv.client(service="sts").get_caller_identity()
    assert ident["Account"] == "999988887777"
    assert ident["Arn"].startswith("arn:aws:iam::999988887777:user/")
    md = srv.client().create_key()["KeyMetadata"]
    assert md["AWSAccountId"] == "999988887777"
    # only the configured key opens the door
    with kms_error("UnrecognizedClientException", status=None):
        srv.client(access_key="AKIAENVBOOTSTRAP0002", secret_key=env["TRENT_SECRET_ACCESS_KEY"]).list_keys()


def test_environment_bootstrap_writes_no_credentials_file(trent_factory):
    env = {
        "TRENT_ACCESS_KEY_ID": "AKIAENVBOOTSTRAP0003",
        "TRENT_SECRET_ACCESS_KEY": "env-bootstrap-secret-at-least-forty-chars-0003",
    }
    srv = trent_factory.new(env=env)
    assert srv.client(service="sts").get_caller_identity()["Account"] == DEFAULT_ACCOUNT
    assert not srv.credentials_file.exists(), "the operator supplied the secret; it must not be copied to disk"


def test_bootstrap_identity_survives_restart(trent_factory):
    srv = trent_factory.new()
    creds = srv.admin_credentials()
    md = srv.client().create_key()["KeyMetadata"]
    srv.restart()
    assert srv.admin_credentials() == creds
    assert srv.client().describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyId"] == md["KeyId"]


# ------------------------------------------------------------- AWS CLI
def test_get_caller_identity_with_aws_cli(multi, tmp_path):
    env = clean_env({
        "AWS_SHARED_CREDENTIALS_FILE": str(multi.credentials_file),
        "AWS_CONFIG_FILE": str(tmp_path / "no-config"),
        "AWS_DEFAULT_REGION": "us-east-1",
        "HOME": str(tmp_path),
    })
    r = subprocess.run(["aws", "sts", "get-caller-identity", "--endpoint-url", multi.endpoint, "--output", "json"],
                       env=env, capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr.decode()
    ident = json.loads(r.stdout)
    assert ident["Account"] == DEFAULT_ACCOUNT
    assert ident["Arn"] == f"arn:aws:iam::{DEFAULT_ACCOUNT}:user/admin"
    assert ident["UserId"]
