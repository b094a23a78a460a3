"""The issue's walkthrough with the AWS CLI: v1 from PyPI (`aws` on PATH) and v2 from
Debian's awscli package (/usr/bin/aws, skipped when absent), each with a fresh
AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE and --endpoint-url.

admin creates a key; alice (no policy) is refused with AWS's text; a grant lets alice
encrypt and decrypt but not change the policy; alice assumes a role and calls KMS with the
session credentials; a lockout policy is refused, then accepted with the bypass flag.
"""

from __future__ import annotations

import json

import pytest

from authz_fixtures import (
    A, ADMIN_KEY, LOCKOUT_MSG, Cli, Role, User, a1, a2, account_entry, allow, b64d, cli_binaries, cli_error_pattern,
    config_yaml, doc, key_policy, kstmt, start, trust,
)

ALICE = User("alice")
APP = Role("app", trust(ALICE.arn), policies=[("p", doc(allow(["kms:Encrypt", "kms:DescribeKey"])))])
ADMIN_ARN = f"arn:aws:iam::{A}:user/admin"


@pytest.fixture(scope="module")
def srv(module_trent):
    return start(module_trent, config_yaml(account_entry(A, users=[ALICE], roles=[APP])))


@pytest.fixture(params=[b for b in cli_binaries()], ids=lambda b: b[0])
def cli(request, srv, tmp_path):
    name, path = request.param
    if path is None:
        pytest.skip(f"{name} is not installed" + (" (/usr/bin/aws from Debian's awscli package)" if name == "cli-v2" else ""))
    c = Cli(path, srv, tmp_path / name)
    c.add_profile("admin", *ADMIN_KEY)
    c.add_profile("alice", *ALICE.key)
    return c


def _error(r, code, op, msg):
    err = r.stderr.decode()
    assert r.returncode != 0, r.stdout.decode()
    pattern = cli_error_pattern(code, op, msg)
    assert pattern.search(err), f"stderr:\n{err}\nexpected to match:\n{pattern.pattern}"


def test_walkthrough(cli):
    (cli.tmp / "plain.bin").write_bytes(b"cli plaintext")
    md = cli.run("admin", "kms", "create-key", "--description", "cli")["KeyMetadata"]
    kid, arn = md["KeyId"], md["Arn"]

    r = cli.run("alice", "kms", "encrypt", "--key-id", kid, "--plaintext", "fileb://plain.bin", check=False)
    _error(r, "AccessDeniedException", "Encrypt", a2(ALICE.arn, "kms:Encrypt", arn))

    g = cli.run("admin", "kms", "create-grant", "--key-id", kid, "--grantee-principal", ALICE.arn,
                "--operations", "Encrypt", "Decrypt")
    assert len(g["GrantId"]) == 64 and g["GrantToken"]

    enc = cli.run("alice", "kms", "encrypt", "--key-id", kid, "--plaintext", "fileb://plain.bin")
    assert enc["KeyId"] == arn
    (cli.tmp / "cipher.bin").write_bytes(b64d(enc["CiphertextBlob"]))
    dec = cli.run("alice", "kms", "decrypt", "--ciphertext-blob", "fileb://cipher.bin")
    assert b64d(dec["Plaintext"]) == b"cli plaintext"

    (cli.tmp / "policy.json").write_text(key_policy())
    r = cli.run("alice", "kms", "put-key-policy", "--key-id", kid, "--policy-name", "default",
                "--policy", "file://policy.json", check=False)
    _error(r, "AccessDeniedException", "PutKeyPolicy", a2(ALICE.arn, "kms:PutKeyPolicy", arn))
    r = cli.run("alice", "kms", "sign", "--key-id", kid, "--message", "fileb://plain.bin",
                "--signing-algorithm", "ECDSA_SHA_256", check=False)
    assert r.returncode != 0

    grants = cli.run("admin", "kms", "list-grants", "--key-id", kid)["Grants"]
    assert [x["GrantId"] for x in grants] == [g["GrantId"]]
    cli.run("admin", "kms", "revoke-grant", "--key-id", kid, "--grant-id", g["GrantId"])
    r = cli.run("alice", "kms", "encrypt", "--key-id", kid, "--plaintext", "fileb://plain.bin", check=False)
    _error(r, "AccessDeniedException", "Encrypt", a2(ALICE.arn, "kms:Encrypt", arn))


def test_assume_role_then_kms(cli):
    md = cli.run("admin", "kms", "create-key")["KeyMetadata"]
    out = cli.run("alice", "sts", "assume-role", "--role-arn", APP.arn, "--role-session-name", "s1")
    creds = out["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    assert out["AssumedRoleUser"]["Arn"] == APP.session_arn("s1")
    cli.add_profile("session", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    ident = cli.run("session", "sts", "get-caller-identity")
    assert ident["Arn"] == APP.session_arn("s1") and ident["Account"] == A
    (cli.tmp / "p.bin").write_bytes(b"p")
    enc = cli.run("session", "kms", "encrypt", "--key-id", md["KeyId"], "--plaintext", "fileb://p.bin")
    assert enc["KeyId"] == md["Arn"]
    r = cli.run("session", "kms", "generate-data-key", "--key-id", md["KeyId"], "--key-spec", "AES_256", check=False)
    _error(r, "AccessDeniedException", "GenerateDataKey", a2(APP.session_arn("s1"), "kms:GenerateDataKey", md["Arn"]))


def test_lockout_check(cli):
    md = cli.run("admin", "kms", "create-key")["KeyMetadata"]
    (cli.tmp / "lock.json").write_text(key_policy(kstmt("Allow", ALICE.arn, "kms:*"), with_root=False))
    r = cli.run("admin", "kms", "put-key-policy", "--key-id", md["KeyId"], "--policy-name", "default",
                "--policy", "file://lock.json", check=False)
    _error(r, "MalformedPolicyDocumentException", "PutKeyPolicy", LOCKOUT_MSG)
    cli.run("admin", "kms", "put-key-policy", "--key-id", md["KeyId"], "--policy-name", "default",
            "--policy", "file://lock.json", "--bypass-policy-lockout-safety-check")
    r = cli.run("admin", "kms", "get-key-policy", "--key-id", md["KeyId"], "--policy-name", "default", check=False)
    _error(r, "AccessDeniedException", "GetKeyPolicy", a1(ADMIN_ARN, "kms:GetKeyPolicy", md["Arn"]))
    got = cli.run("alice", "kms", "get-key-policy", "--key-id", md["KeyId"], "--policy-name", "default")
    assert json.loads(got["Policy"]) == json.loads((cli.tmp / "lock.json").read_text())
