"""The AWS CLI against Trent, configured only through its ordinary settings:
AWS_SHARED_CREDENTIALS_FILE=<data>/credentials, AWS_ENDPOINT_URL_KMS, AWS_DEFAULT_REGION."""

import base64
import json
import subprocess

import pytest

from conftest import clean_env
from helpers import unique


@pytest.fixture(scope="module")
def cli_server(module_trent):
    return module_trent.new()


@pytest.fixture
def aws(cli_server, tmp_path):
    env = clean_env({
        "AWS_SHARED_CREDENTIALS_FILE": str(cli_server.credentials_file),
        "AWS_CONFIG_FILE": str(tmp_path / "no-config"),
        "AWS_ENDPOINT_URL_KMS": cli_server.endpoint,
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_MAX_ATTEMPTS": "1",
        "HOME": str(tmp_path),
    })

    def run(*args, check=True):
        r = subprocess.run(["aws", *args, "--output", "json"], env=env, capture_output=True,
                           timeout=120, cwd=str(tmp_path))
        if check:
            assert r.returncode == 0, f"aws {' '.join(args)} failed:\n{r.stderr.decode()}"
            return json.loads(r.stdout) if r.stdout.strip() else None
        return r

    return run


def test_cli_end_to_end(aws, tmp_path):
    md = aws("kms", "create-key", "--description", "from the cli")["KeyMetadata"]
    assert md["Description"] == "from the cli" and md["KeyState"] == "Enabled"
    alias = "alias/" + unique("cli")
    assert aws("kms", "create-alias", "--alias-name", alias, "--target-key-id", md["KeyId"]) is None

    names = [a["AliasName"] for a in aws("kms", "list-aliases")["Aliases"]]
    assert alias in names
    listed = aws("kms", "list-aliases", "--key-id", md["KeyId"])["Aliases"]
    assert [a["AliasName"] for a in listed] == [alias]

    plaintext = b"secret bytes \x00\x01\x02 from a file\n"
    (tmp_path / "plain.bin").write_bytes(plaintext)
    enc = aws("kms", "encrypt", "--key-id", alias, "--plaintext", "fileb://plain.bin",
              "--encryption-context", "purpose=cli-test,team=sec")
    assert enc["KeyId"] == md["Arn"]
    (tmp_path / "cipher.bin").write_bytes(base64.b64decode(enc["CiphertextBlob"]))

    dec = aws("kms", "decrypt", "--ciphertext-blob", "fileb://cipher.bin",
              "--encryption-context", "team=sec,purpose=cli-test")
    assert base64.b64decode(dec["Plaintext"]) == plaintext
    assert dec["KeyId"] == md["Arn"]

    bad = aws("kms", "decrypt", "--ciphertext-blob", "fileb://cipher.bin",
              "--encryption-context", "purpose=other", check=False)
    assert bad.returncode != 0
    assert b"InvalidCiphertextException" in bad.stderr

    described = aws("kms", "describe-key", "--key-id", alias)["KeyMetadata"]
    assert described["KeyId"] == md["KeyId"]


def test_cli_data_key_and_random(aws):
    md = aws("kms", "create-key")["KeyMetadata"]
    dk = aws("kms", "generate-data-key", "--key-id", md["KeyId"], "--key-spec", "AES_256")
    assert len(base64.b64decode(dk["Plaintext"])) == 32
    rnd = aws("kms", "generate-random", "--number-of-bytes", "64")
    assert len(base64.b64decode(rnd["Plaintext"])) == 64


def test_cli_tags_and_deletion(aws):
    md = aws("kms", "create-key", "--tags", "TagKey=env,TagValue=dev")["KeyMetadata"]
    tags = aws("kms", "list-resource-tags", "--key-id", md["KeyId"])["Tags"]
    assert tags == [{"TagKey": "env", "TagValue": "dev"}]
    sched = aws("kms", "schedule-key-deletion", "--key-id", md["KeyId"], "--pending-window-in-days", "7")
    assert sched["KeyState"] == "PendingDeletion" and sched["PendingWindowInDays"] == 7
    aws("kms", "cancel-key-deletion", "--key-id", md["KeyId"])
    assert aws("kms", "describe-key", "--key-id", md["KeyId"])["KeyMetadata"]["KeyState"] == "Disabled"


def test_cli_error_is_reported(aws):
    r = aws("kms", "describe-key", "--key-id", "alias/" + unique("nope"), check=False)
    assert r.returncode != 0
    assert b"NotFoundException" in r.stderr
