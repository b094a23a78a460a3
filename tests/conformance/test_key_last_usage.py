"""GetKeyLastUsage (from the model; the early-2024 guide predates it).

Model: input KeyId* (key id or key ARN; "Alias names are not supported"); output KeyId,
KeyLastUsage {Operation, Timestamp, CloudTrailEventId, KmsRequestId} (absent when the key
has not been used since tracking began), TrackingStartDate ("the date from which KMS
began recording cryptographic activity for this key, or the date the KMS key was
created, whichever is later") and KeyCreationDate. Only successful cryptographic
operations count (Decrypt, DeriveSharedSecret, Encrypt, GenerateDataKey*, GenerateMac,
ReEncrypt — recorded on both keys —, Sign, Verify, VerifyMac); the keys of a
multi-Region set track their use independently.

Trent keeps uses in memory and writes them to the store once a second (README): a clean
stop keeps every use, a crash may lose the last second. The CloudTrailEventId is the
eventID of the request's record in <data-dir>/audit.log.
"""

from __future__ import annotations

import datetime
import json
import time

import pytest
from helpers import NOT_NULL, assert_recent, kms_error, max_len, min_len, not_found_key_msg, random_uuid, unique, validation_msg

US = "us-east-1"
EU = "eu-west-1"


def _now():
    return datetime.datetime.now(datetime.timezone.utc)


@pytest.fixture(scope="module")
def srv(module_trent):
    s = module_trent.new(start=False)
    s.start(extra_args=["--transition-delay", "0.3"])
    return s


@pytest.fixture(scope="module")
def kms(srv):
    return srv.client(region=US)


def last(client, key_id):
    r = client.get_key_last_usage(KeyId=key_id)
    r.pop("ResponseMetadata", None)
    return r


def rid(resp) -> str:
    return resp["ResponseMetadata"]["RequestId"]


def audit_record(srv, request_id: str, timeout: float = 5.0) -> dict:
    """The audit record of one request (records are flushed within about a second)."""
    path = srv.data_dir / "audit.log"
    deadline = time.monotonic() + timeout
    while True:
        if path.exists():
            for line in path.read_text().splitlines():
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                if rec.get("requestID") == request_id:
                    return rec
        if time.monotonic() > deadline:
            raise AssertionError(f"no audit record for request {request_id} within {timeout}s")
        time.sleep(0.1)


def assert_used(srv, client, key_arn, operation, response, t0=None):
    """GetKeyLastUsage of `key_arn` reports `operation` made by the request of `response`."""
    r = last(client, key_arn)
    assert r["KeyId"] == key_arn
    use = r.get("KeyLastUsage")
    assert use, f"no KeyLastUsage after {operation}: {r}"
    assert set(use) == {"Operation", "Timestamp", "CloudTrailEventId", "KmsRequestId"}, use
    assert use["Operation"] == operation
    assert use["KmsRequestId"] == rid(response)
    assert_recent(use["Timestamp"], slack=60)
    if t0 is not None:
        assert use["Timestamp"] >= t0 - datetime.timedelta(seconds=1)
    rec = audit_record(srv, rid(response))
    assert rec["eventName"] == operation
    assert use["CloudTrailEventId"] == rec["eventID"]
    return use


# ------------------------------------------------------------------ new key
def test_new_key_has_no_usage(srv, kms):
    md = kms.create_key()["KeyMetadata"]
    r = last(kms, md["KeyId"])
    assert set(r) == {"KeyId", "TrackingStartDate", "KeyCreationDate"}, r
    assert r["KeyId"] == md["Arn"]
    assert "KeyLastUsage" not in r
    assert r["KeyCreationDate"] == md["CreationDate"]
    # tracking began when this server first started, before the key existed:
    # TrackingStartDate is max(tracking start, creation) = the creation date
    assert r["TrackingStartDate"] == r["KeyCreationDate"]
    # by ARN too
    assert last(kms, md["Arn"]) == r


def test_describe_and_management_calls_do_not_count(srv, kms):
    md = kms.create_key()["KeyMetadata"]
    kid = md["KeyId"]
    kms.describe_key(KeyId=kid)
    kms.get_key_policy(KeyId=kid, PolicyName="default")
    kms.list_resource_tags(KeyId=kid)
    kms.update_key_description(KeyId=kid, Description="d")
    kms.tag_resource(KeyId=kid, Tags=[{"TagKey": "a", "TagValue": "b"}])
    kms.get_key_rotation_status(KeyId=kid)
    kms.create_alias(AliasName="alias/" + unique("klu"), TargetKeyId=kid)
    kms.disable_key(KeyId=kid)
    kms.enable_key(KeyId=kid)
    assert "KeyLastUsage" not in last(kms, kid)


# ------------------------------------------------------------ symmetric use
def test_encrypt_then_decrypt(srv, kms):
    md = kms.create_key()["KeyMetadata"]
    kid, arn = md["KeyId"], md["Arn"]
    t0 = _now()
    enc = kms.encrypt(KeyId=kid, Plaintext=b"hello")
    u1 = assert_used(srv, kms, arn, "Encrypt", enc, t0)
    # the response keeps naming the key by ARN whatever the request used
    assert last(kms, kid)["KeyId"] == arn
    time.sleep(0.01)
    dec = kms.decrypt(CiphertextBlob=enc["CiphertextBlob"])
    u2 = assert_used(srv, kms, arn, "Decrypt", dec)
    assert u2["Timestamp"] >= u1["Timestamp"]
    assert u2["KmsRequestId"] != u1["KmsRequestId"]
    assert u2["CloudTrailEventId"] != u1["CloudTrailEventId"]
    r = last(kms, kid)
    assert r["TrackingStartDate"] == r["KeyCreationDate"] == md["CreationDate"]


def test_use_through_alias_is_recorded_on_the_key(srv, kms):
    md = kms.create_key()["KeyMetadata"]
    alias = "alias/" + unique("klu")
    kms.create_alias(AliasName=alias, TargetKeyId=md["KeyId"])
    enc = kms.encrypt(KeyId=alias, Plaintext=b"x")
    assert_used(srv, kms, md["Arn"], "Encrypt", enc)


def test_failed_calls_do_not_change_it(srv, kms):
    md = kms.create_key()["KeyMetadata"]
    kid, arn = md["KeyId"], md["Arn"]
    enc = kms.encrypt(KeyId=kid, Plaintext=b"x", EncryptionContext={"a": "1"})
    before = assert_used(srv, kms, arn, "Encrypt", enc)
    # garbage ciphertext naming the key
    with kms_error("InvalidCiphertextException"):
        kms.decrypt(CiphertextBlob=b"\x01" * 64, KeyId=kid)
    # a real ciphertext with the wrong encryption context
    with kms_error("InvalidCiphertextException"):
        kms.decrypt(CiphertextBlob=enc["CiphertextBlob"], EncryptionContext={"a": "2"})
    # DryRun: the request would have succeeded, but nothing was used
    with kms_error("DryRunOperationException"):
        kms.encrypt(KeyId=kid, Plaintext=b"x", DryRun=True)
    # a disabled key
    kms.disable_key(KeyId=kid)
    with kms_error("DisabledException", f"{arn} is disabled."):
        kms.encrypt(KeyId=kid, Plaintext=b"x")
    with kms_error("DisabledException", f"{arn} is disabled."):
        kms.decrypt(CiphertextBlob=enc["CiphertextBlob"], EncryptionContext={"a": "1"})
    assert last(kms, kid).get("KeyLastUsage") == before
    kms.enable_key(KeyId=kid)
    assert last(kms, kid).get("KeyLastUsage") == before


def test_failed_call_on_unused_key_records_nothing(srv, kms):
    md = kms.create_key()["KeyMetadata"]
    with kms_error("InvalidCiphertextException"):
        kms.decrypt(CiphertextBlob=b"\x02" * 80, KeyId=md["KeyId"])
    kms.disable_key(KeyId=md["KeyId"])
    with kms_error("DisabledException"):
        kms.encrypt(KeyId=md["KeyId"], Plaintext=b"x")
    assert "KeyLastUsage" not in last(kms, md["KeyId"])


@pytest.mark.parametrize("op", ["GenerateDataKey", "GenerateDataKeyWithoutPlaintext"])
def test_generate_data_key(srv, kms, op):
    md = kms.create_key()["KeyMetadata"]
    fn = {"GenerateDataKey": kms.generate_data_key, "GenerateDataKeyWithoutPlaintext": kms.generate_data_key_without_plaintext}[op]
    r = fn(KeyId=md["KeyId"], KeySpec="AES_256")
    assert_used(srv, kms, md["Arn"], op, r)


@pytest.mark.parametrize("op", ["GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext"])
def test_generate_data_key_pair(srv, kms, op):
    md = kms.create_key()["KeyMetadata"]
    fn = {"GenerateDataKeyPair": kms.generate_data_key_pair,
          "GenerateDataKeyPairWithoutPlaintext": kms.generate_data_key_pair_without_plaintext}[op]
    r = fn(KeyId=md["KeyId"], KeyPairSpec="ECC_NIST_P256")
    assert_used(srv, kms, md["Arn"], op, r)


def test_reencrypt_records_source_and_destination(srv, kms):
    src = kms.create_key()["KeyMetadata"]
    dst = kms.create_key()["KeyMetadata"]
    enc = kms.encrypt(KeyId=src["KeyId"], Plaintext=b"move")
    assert "KeyLastUsage" not in last(kms, dst["KeyId"])
    r = kms.re_encrypt(CiphertextBlob=enc["CiphertextBlob"], DestinationKeyId=dst["KeyId"])
    us = assert_used(srv, kms, src["Arn"], "ReEncrypt", r)
    ud = assert_used(srv, kms, dst["Arn"], "ReEncrypt", r)
    assert us == ud
    # ReEncrypt into the same key records once, on that key
    r2 = kms.re_encrypt(CiphertextBlob=r["CiphertextBlob"], DestinationKeyId=dst["KeyId"])
    assert_used(srv, kms, dst["Arn"], "ReEncrypt", r2)
    assert last(kms, src["KeyId"])["KeyLastUsage"] == us


def test_failed_reencrypt_records_nothing(srv, kms):
    src = kms.create_key()["KeyMetadata"]
    dst = kms.create_key()["KeyMetadata"]
    enc = kms.encrypt(KeyId=src["KeyId"], Plaintext=b"move")
    before = last(kms, src["KeyId"])["KeyLastUsage"]
    kms.disable_key(KeyId=dst["KeyId"])
    with kms_error("DisabledException"):
        kms.re_encrypt(CiphertextBlob=enc["CiphertextBlob"], DestinationKeyId=dst["KeyId"])
    assert last(kms, src["KeyId"])["KeyLastUsage"] == before
    assert "KeyLastUsage" not in last(kms, dst["KeyId"])


# ------------------------------------------------------- asymmetric and HMAC
def test_sign_and_verify(srv, kms):
    md = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    kid, arn = md["KeyId"], md["Arn"]
    kms.get_public_key(KeyId=kid)  # not a use of the key
    assert "KeyLastUsage" not in last(kms, kid)
    s = kms.sign(KeyId=kid, Message=b"m", SigningAlgorithm="RSASSA_PSS_SHA_256")
    signed = assert_used(srv, kms, arn, "Sign", s)
    v = kms.verify(KeyId=kid, Message=b"m", Signature=s["Signature"], SigningAlgorithm="RSASSA_PSS_SHA_256")
    assert v["SignatureValid"] is True
    verified = assert_used(srv, kms, arn, "Verify", v)
    # a signature that does not verify is a failed call
    with kms_error("KMSInvalidSignatureException"):
        kms.verify(KeyId=kid, Message=b"other", Signature=s["Signature"], SigningAlgorithm="RSASSA_PSS_SHA_256")
    assert last(kms, kid)["KeyLastUsage"] == verified
    assert signed != verified


def test_generate_and_verify_mac(srv, kms):
    md = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]
    kid, arn = md["KeyId"], md["Arn"]
    g = kms.generate_mac(KeyId=kid, Message=b"m", MacAlgorithm="HMAC_SHA_256")
    assert_used(srv, kms, arn, "GenerateMac", g)
    v = kms.verify_mac(KeyId=kid, Message=b"m", Mac=g["Mac"], MacAlgorithm="HMAC_SHA_256")
    verified = assert_used(srv, kms, arn, "VerifyMac", v)
    with kms_error("KMSInvalidMacException"):
        kms.verify_mac(KeyId=kid, Message=b"x", Mac=g["Mac"], MacAlgorithm="HMAC_SHA_256")
    assert last(kms, kid)["KeyLastUsage"] == verified


def test_asymmetric_encrypt_decrypt(srv, kms):
    md = kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]
    e = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"p", EncryptionAlgorithm="RSAES_OAEP_SHA_256")
    assert_used(srv, kms, md["Arn"], "Encrypt", e)
    d = kms.decrypt(KeyId=md["KeyId"], CiphertextBlob=e["CiphertextBlob"], EncryptionAlgorithm="RSAES_OAEP_SHA_256")
    assert_used(srv, kms, md["Arn"], "Decrypt", d)


def test_derive_shared_secret(srv, kms):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    md = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="KEY_AGREEMENT")["KeyMetadata"]
    peer = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    r = kms.derive_shared_secret(KeyId=md["KeyId"], KeyAgreementAlgorithm="ECDH", PublicKey=peer)
    assert_used(srv, kms, md["Arn"], "DeriveSharedSecret", r)


def test_creating_and_pending_keys_are_answered(srv, kms):
    """GetKeyLastUsage is allowed in every key state (a management read)."""
    md = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    assert md["KeyState"] == "PendingImport"
    assert "KeyLastUsage" not in last(kms, md["KeyId"])
    md2 = kms.create_key()["KeyMetadata"]
    kms.encrypt(KeyId=md2["KeyId"], Plaintext=b"x")
    kms.schedule_key_deletion(KeyId=md2["KeyId"], PendingWindowInDays=7)
    assert last(kms, md2["KeyId"])["KeyLastUsage"]["Operation"] == "Encrypt"


# ------------------------------------------------------------ multi-Region
def test_multi_region_keys_track_their_own_use(srv, kms):
    eu = srv.client(region=EU)
    md = kms.create_key(MultiRegion=True)["KeyMetadata"]
    kid = md["KeyId"]
    kms.replicate_key(KeyId=kid, ReplicaRegion=EU)
    deadline = time.monotonic() + 15
    while eu.describe_key(KeyId=kid)["KeyMetadata"]["KeyState"] != "Enabled":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    replica_arn = srv.key_arn(kid, EU)
    rep = eu.describe_key(KeyId=kid)["KeyMetadata"]
    r = last(eu, kid)
    assert r["KeyId"] == replica_arn and "KeyLastUsage" not in r
    assert r["KeyCreationDate"] == rep["CreationDate"]

    enc = kms.encrypt(KeyId=kid, Plaintext=b"x")
    p_use = assert_used(srv, kms, md["Arn"], "Encrypt", enc)
    assert "KeyLastUsage" not in last(eu, kid)
    dec = eu.decrypt(CiphertextBlob=enc["CiphertextBlob"])
    assert_used(srv, eu, replica_arn, "Decrypt", dec)
    assert last(kms, kid)["KeyLastUsage"] == p_use


# -------------------------------------------------------------- durability
def test_usage_survives_clean_restart(trent_factory):
    s = trent_factory.new()
    c = s.client()
    md = c.create_key()["KeyMetadata"]
    enc = c.encrypt(KeyId=md["KeyId"], Plaintext=b"x")
    before = assert_used(s, c, md["Arn"], "Encrypt", enc)
    time.sleep(2)  # recorded uses are flushed once a second
    s.stop()
    s.start()
    c = s.client()
    r = last(c, md["KeyId"])
    assert r["KeyLastUsage"] == before
    assert r["KeyCreationDate"] == md["CreationDate"]
    assert r["TrackingStartDate"] == md["CreationDate"]


def test_usage_right_before_sigterm(trent_factory):
    """A clean stop writes what is pending, even a use made just before it."""
    s = trent_factory.new()
    c = s.client()
    md = c.create_key()["KeyMetadata"]
    enc = c.encrypt(KeyId=md["KeyId"], Plaintext=b"x")
    s.stop()
    s.start()
    c = s.client()
    use = last(c, md["KeyId"]).get("KeyLastUsage")
    assert use and use["KmsRequestId"] == rid(enc) and use["Operation"] == "Encrypt"


def test_tracking_start_is_kept_across_restarts(trent_factory):
    s = trent_factory.new()
    c = s.client()
    md = c.create_key()["KeyMetadata"]
    first = last(c, md["KeyId"])
    s.restart()
    c = s.client()
    assert last(c, md["KeyId"]) == first  # not a new tracking start


def test_usage_after_crash(trent_factory):
    """After SIGKILL within a second of the use, losing that use is acceptable; what is
    reported must still be consistent (absent, or exactly the use that was made)."""
    s = trent_factory.new()
    c = s.client()
    md = c.create_key()["KeyMetadata"]
    enc = c.encrypt(KeyId=md["KeyId"], Plaintext=b"x")
    s.kill9()
    s.start()
    c = s.client()
    r = last(c, md["KeyId"])
    assert r["KeyId"] == md["Arn"]
    use = r.get("KeyLastUsage")
    if use is not None:
        assert use["KmsRequestId"] == rid(enc) and use["Operation"] == "Encrypt"
    # a use older than the flush interval does survive a crash
    enc2 = c.encrypt(KeyId=md["KeyId"], Plaintext=b"y")
    time.sleep(2)
    s.kill9()
    s.start()
    c = s.client()
    use = last(c, md["KeyId"]).get("KeyLastUsage")
    assert use and use["KmsRequestId"] == rid(enc2)


def test_deleted_key_usage_is_gone(trent_factory):
    s = trent_factory.new()
    c = s.client()
    md = c.create_key()["KeyMetadata"]
    c.encrypt(KeyId=md["KeyId"], Plaintext=b"x")
    c.schedule_key_deletion(KeyId=md["KeyId"], PendingWindowInDays=7)
    # pending deletion: still answered, still showing the last use
    assert last(c, md["KeyId"])["KeyLastUsage"]["Operation"] == "Encrypt"
    time.sleep(1.5)
    s.restart(extra_args=["--scheduler-time-offset", str(8 * 86400)])
    c = s.client()
    with kms_error("NotFoundException", not_found_key_msg(md["Arn"])):
        c.get_key_last_usage(KeyId=md["KeyId"])


# ------------------------------------------------------------------ errors
def test_unknown_key(srv, kms):
    kid = random_uuid()
    with kms_error("NotFoundException", not_found_key_msg(srv.key_arn(kid))):
        kms.get_key_last_usage(KeyId=kid)
    with kms_error("NotFoundException", not_found_key_msg(srv.key_arn(kid))):
        kms.get_key_last_usage(KeyId=srv.key_arn(kid))


def test_alias_is_not_accepted(srv, kms):
    # model: "To specify a KMS key, use its key ID or key ARN. Alias names are not supported."
    md = kms.create_key()["KeyMetadata"]
    alias = "alias/" + unique("klu")
    kms.create_alias(AliasName=alias, TargetKeyId=md["KeyId"])
    with kms_error("NotFoundException", f"Invalid keyId '{alias}'"):
        kms.get_key_last_usage(KeyId=alias)
    alias_arn = srv.alias_arn(alias)
    with kms_error("NotFoundException", f"Invalid keyId '{alias_arn}'"):
        kms.get_key_last_usage(KeyId=alias_arn)


def test_key_of_other_region(srv, kms):
    md = kms.create_key()["KeyMetadata"]
    eu = srv.client(region=EU)
    with kms_error("NotFoundException", not_found_key_msg(srv.key_arn(md["KeyId"], EU))):
        eu.get_key_last_usage(KeyId=md["KeyId"])


@pytest.mark.parametrize("body,value,constraint", [
    ({}, None, NOT_NULL),
    ({"KeyId": ""}, "", min_len(1)),
    ({"KeyId": "k" * 2049}, "k" * 2049, max_len(2048)),
], ids=["missing", "empty", "too-long"])
def test_key_id_validation(srv, body, value, constraint):
    r = srv.raw("GetKeyLastUsage", body)
    assert (r.status, r.error_type) == (400, "ValidationException"), r.json
    assert r.message == validation_msg(value, "keyId", constraint)
