"""Audit trail: every call leaves one JSON line in <data-dir>/audit.log, shaped like a
CloudTrail record for KMS, and no secret ever reaches it."""

from __future__ import annotations

import base64
import json
import os
import stat

import botocore.exceptions
import pytest


def audit_records(trent):
    path = trent.data_dir / "audit.log"
    return path, [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_every_call_is_audited_without_secrets(trent_factory):
    trent = trent_factory.new()
    kms = trent.client()
    created = kms.create_key(Description="audited")
    key_id = created["KeyMetadata"]["KeyId"]
    arn = created["KeyMetadata"]["Arn"]
    kms.create_alias(AliasName="alias/audited", TargetKeyId=key_id)
    secret = b"audit-plaintext-\x00\x01\x02-must-never-be-logged"
    encrypted = kms.encrypt(KeyId="alias/audited", Plaintext=secret, EncryptionContext={"app": "billing"})
    encrypt_request_id = encrypted["ResponseMetadata"]["RequestId"]
    data_key = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")["Plaintext"]
    with pytest.raises(botocore.exceptions.ClientError):
        kms.decrypt(CiphertextBlob=encrypted["CiphertextBlob"], EncryptionContext={"app": "other"})
    bad = trent.client(access_key=trent.admin_credentials()[0], secret_key="x" * 40)
    with pytest.raises(botocore.exceptions.ClientError):
        bad.list_keys()
    trent.stop()  # a clean stop flushes every buffered record

    path, records = audit_records(trent)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    names = [r["eventName"] for r in records]
    for expected in ["CreateKey", "CreateAlias", "Encrypt", "GenerateDataKey", "Decrypt", "ListKeys"]:
        assert expected in names, names

    encrypt = next(r for r in records if r["requestID"] == encrypt_request_id)
    assert encrypt["eventName"] == "Encrypt"
    assert encrypt["eventSource"] == "kms.amazonaws.com"
    assert encrypt["eventType"] == "AwsApiCall"
    assert encrypt["awsRegion"] == "us-east-1"
    assert encrypt["readOnly"] is True
    assert encrypt["requestParameters"] == {"KeyId": "alias/audited", "EncryptionContext": {"app": "billing"}}
    assert encrypt["resources"] == [{"accountId": trent.account, "type": "AWS::KMS::Key", "ARN": arn}]
    assert encrypt["userIdentity"]["arn"] == f"arn:aws:iam::{trent.account}:user/admin"
    assert encrypt["sourceIPAddress"] == "127.0.0.1"
    assert "errorCode" not in encrypt

    failed = next(r for r in records if r["eventName"] == "Decrypt")
    assert failed["errorCode"] == "InvalidCiphertextException"
    assert failed["resources"][0]["ARN"] == arn

    unauthenticated = next(r for r in records if r["eventName"] == "ListKeys")
    assert unauthenticated["errorCode"] == "InvalidSignatureException"
    assert "userIdentity" not in unauthenticated

    raw = path.read_bytes()
    for value in (secret, data_key):
        assert value not in raw
        assert base64.b64encode(value) not in raw
    assert trent.admin_credentials()[1].encode() not in raw
