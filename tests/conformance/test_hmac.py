"""HMAC keys (HMAC_224/256/384/512, GENERATE_VERIFY_MAC): CreateKey/DescribeKey,
GenerateMac/VerifyMac, and the operations an HMAC key refuses.

The key never leaves Trent, so a MAC cannot be compared with Python's `hmac`;
what is checked instead: the MAC length is the hash length, GenerateMac is
deterministic, VerifyMac accepts it, and any change to MAC, message, key or
algorithm is refused. A mismatch is KMSInvalidMacException, never
MacValid: false (model; seed-features §1.2).

AWS texts pinned: the message-length text "1 validation error detected: Value
at 'message' failed to satisfy constraint: Member must have length less than
or equal to 4096" (LocalStack's AWS-recorded snapshots, which use the same
form for GenerateMac); DisabledException "<arn> is disabled." and
KMSInvalidStateException "<arn> is pending deletion." (seed-features §3).
Only the type is asserted for InvalidKeyUsageException, KMSInvalidMacException
and UnsupportedOperationException (AWS's texts not confirmed).
"""

import os

import pytest
from botocore.exceptions import ClientError

import keytypes as kt
from helpers import kms_error, max_len, validation_msg

SPECS = list(kt.HMAC_ALG)


@pytest.fixture(scope="module")
def keys(kms):
    return kt.KeyCache(kms)


def hmac_key(keys, spec):
    return keys.get(spec, "GENERATE_VERIFY_MAC")


def flip(b: bytes, i: int) -> bytes:
    b = bytearray(b)
    b[i] ^= 0x80
    return bytes(b)


@pytest.mark.parametrize("row", kt.row_params("GENERATE_VERIFY_MAC"))
def test_create_and_describe(kms, keys, row):
    md = keys.row(row)
    for meta in (md, kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]):
        assert meta["KeySpec"] == row.spec and meta.get("CustomerMasterKeySpec", row.spec) == row.spec  # deprecated field; may be absent
        assert meta["KeyUsage"] == "GENERATE_VERIFY_MAC"
        assert meta["KeyState"] == "Enabled" and meta["Origin"] == "AWS_KMS"
        kt.assert_algorithm_lists(meta, row)


@pytest.mark.parametrize("spec", SPECS)
def test_get_public_key_is_unsupported(kms, keys, spec):
    with kms_error("UnsupportedOperationException"):
        kms.get_public_key(KeyId=hmac_key(keys, spec)["KeyId"])


@pytest.mark.parametrize("spec", SPECS)
def test_generate_mac_length_determinism_and_verify(kms, keys, spec):
    md = hmac_key(keys, spec)
    alg = kt.HMAC_ALG[spec]
    message = os.urandom(500)
    resp = kms.generate_mac(KeyId=md["KeyId"], Message=message, MacAlgorithm=alg)
    assert resp["KeyId"] == md["Arn"] and resp["MacAlgorithm"] == alg
    mac = resp["Mac"]
    assert len(mac) == kt.HMAC_LEN[spec]
    assert kms.generate_mac(KeyId=md["Arn"], Message=message, MacAlgorithm=alg)["Mac"] == mac, "HMAC must be deterministic"
    assert kms.generate_mac(KeyId=md["KeyId"], Message=message + b"!", MacAlgorithm=alg)["Mac"] != mac
    v = kms.verify_mac(KeyId=md["KeyId"], Message=message, Mac=mac, MacAlgorithm=alg)
    assert v["MacValid"] is True
    assert v["KeyId"] == md["Arn"] and v["MacAlgorithm"] == alg


@pytest.mark.parametrize("spec", SPECS)
def test_changed_mac_or_message_raises_invalid_mac(kms, keys, spec):
    md = hmac_key(keys, spec)
    alg = kt.HMAC_ALG[spec]
    message = b"authentic message"
    mac = kms.generate_mac(KeyId=md["KeyId"], Message=message, MacAlgorithm=alg)["Mac"]
    cases = {
        "first MAC byte flipped": (message, flip(mac, 0)),
        "last MAC byte flipped": (message, flip(mac, -1)),
        "MAC truncated": (message, mac[:-1]),
        "MAC extended": (message, mac + b"\x00"),
        "message changed": (b"Authentic message", mac),
        "message extended": (message + b"\x00", mac),
    }
    for label, (m, t) in cases.items():
        try:
            resp = kms.verify_mac(KeyId=md["KeyId"], Message=m, Mac=t, MacAlgorithm=alg)
        except ClientError as e:
            assert e.response["Error"]["Code"] == "KMSInvalidMacException", (label, e.response["Error"])
        else:
            pytest.fail(f"{label}: VerifyMac answered MacValid={resp.get('MacValid')!r} instead of KMSInvalidMacException")


def test_mac_from_another_key_of_the_same_spec_is_invalid(kms, keys):
    md = hmac_key(keys, "HMAC_256")
    other = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]
    mac = kms.generate_mac(KeyId=other["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_256")["Mac"]
    assert kms.generate_mac(KeyId=md["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_256")["Mac"] != mac
    with kms_error("KMSInvalidMacException"):
        kms.verify_mac(KeyId=md["KeyId"], Message=b"m", Mac=mac, MacAlgorithm="HMAC_SHA_256")


def test_message_of_4096_bytes_is_accepted(kms, keys):
    md = hmac_key(keys, "HMAC_512")
    mac = kms.generate_mac(KeyId=md["KeyId"], Message=b"a" * 4096, MacAlgorithm="HMAC_SHA_512")["Mac"]
    assert kms.verify_mac(KeyId=md["KeyId"], Message=b"a" * 4096, Mac=mac, MacAlgorithm="HMAC_SHA_512")["MacValid"] is True


@pytest.mark.parametrize("op", ["GenerateMac", "VerifyMac"])
def test_message_over_4096_bytes_is_rejected(kms, keys, op):
    md = hmac_key(keys, "HMAC_256")
    with kms_error("ValidationException", validation_msg(..., "message", max_len(4096))):
        if op == "GenerateMac":
            kms.generate_mac(KeyId=md["KeyId"], Message=b"a" * 4097, MacAlgorithm="HMAC_SHA_256")
        else:
            kms.verify_mac(KeyId=md["KeyId"], Message=b"a" * 4097, Mac=b"m" * 32, MacAlgorithm="HMAC_SHA_256")


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("op", ["GenerateMac", "VerifyMac"])
def test_wrong_mac_algorithm_for_the_key(kms, keys, spec, op):
    md = hmac_key(keys, spec)
    wrong = [a for s, a in kt.HMAC_ALG.items() if s != spec]
    for alg in wrong:
        with kms_error("InvalidKeyUsageException"):
            if op == "GenerateMac":
                kms.generate_mac(KeyId=md["KeyId"], Message=b"m", MacAlgorithm=alg)
            else:
                kms.verify_mac(KeyId=md["KeyId"], Message=b"m", Mac=b"m" * 32, MacAlgorithm=alg)


@pytest.mark.parametrize("spec,usage", [
    ("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT"),
    ("RSA_2048", "SIGN_VERIFY"),
    ("ECC_NIST_P256", "KEY_AGREEMENT"),
])
@pytest.mark.parametrize("op", ["GenerateMac", "VerifyMac"])
def test_mac_operations_need_an_hmac_key(kms, keys, spec, usage, op):
    md = kms.create_key()["KeyMetadata"] if spec == "SYMMETRIC_DEFAULT" else keys.get(spec, usage)
    with kms_error("InvalidKeyUsageException"):
        if op == "GenerateMac":
            kms.generate_mac(KeyId=md["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_256")
        else:
            kms.verify_mac(KeyId=md["KeyId"], Message=b"m", Mac=b"m" * 32, MacAlgorithm="HMAC_SHA_256")


@pytest.mark.parametrize("op", [
    "Encrypt", "ReEncryptTo", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext",
    "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "Sign", "Verify", "DeriveSharedSecret",
])
def test_hmac_key_refuses_other_operations(kms, keys, op):
    md = hmac_key(keys, "HMAC_256")
    k = md["KeyId"]
    sym_blob = None
    if op == "ReEncryptTo":
        sym_blob = kms.encrypt(KeyId=kms.create_key()["KeyMetadata"]["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    calls = {
        "Encrypt": lambda: kms.encrypt(KeyId=k, Plaintext=b"x"),
        "ReEncryptTo": lambda: kms.re_encrypt(CiphertextBlob=sym_blob, DestinationKeyId=k),
        "GenerateDataKey": lambda: kms.generate_data_key(KeyId=k, KeySpec="AES_256"),
        "GenerateDataKeyWithoutPlaintext": lambda: kms.generate_data_key_without_plaintext(KeyId=k, KeySpec="AES_256"),
        "GenerateDataKeyPair": lambda: kms.generate_data_key_pair(KeyId=k, KeyPairSpec="ECC_NIST_P256"),
        "GenerateDataKeyPairWithoutPlaintext": lambda: kms.generate_data_key_pair_without_plaintext(KeyId=k, KeyPairSpec="ECC_NIST_P256"),
        "Sign": lambda: kms.sign(KeyId=k, Message=b"x", SigningAlgorithm="ECDSA_SHA_256"),
        "Verify": lambda: kms.verify(KeyId=k, Message=b"x", Signature=b"s" * 64, SigningAlgorithm="ECDSA_SHA_256"),
        "DeriveSharedSecret": lambda: kms.derive_shared_secret(KeyId=k, KeyAgreementAlgorithm="ECDH", PublicKey=b"\x30" * 91),
    }
    with kms_error("InvalidKeyUsageException"):
        calls[op]()


def test_dry_run(kms, keys):
    md = hmac_key(keys, "HMAC_384")
    with kms_error("DryRunOperationException"):
        kms.generate_mac(KeyId=md["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_384", DryRun=True)
    mac = kms.generate_mac(KeyId=md["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_384")["Mac"]
    with kms_error("DryRunOperationException"):
        kms.verify_mac(KeyId=md["KeyId"], Message=b"m", Mac=mac, MacAlgorithm="HMAC_SHA_384", DryRun=True)


# ------------------------------------------------------------------ key states
@pytest.fixture(scope="module")
def state_keys(kms):
    out = {}
    for state in ("Disabled", "PendingDeletion"):
        md = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]
        mac = kms.generate_mac(KeyId=md["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_256")["Mac"]
        if state == "Disabled":
            kms.disable_key(KeyId=md["KeyId"])
        else:
            kms.schedule_key_deletion(KeyId=md["KeyId"], PendingWindowInDays=7)
        out[state] = (md, mac)
    return out


STATE_OPS = {
    "GenerateMac": lambda kms, md, mac: kms.generate_mac(KeyId=md["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_256"),
    "VerifyMac": lambda kms, md, mac: kms.verify_mac(KeyId=md["KeyId"], Message=b"m", Mac=mac, MacAlgorithm="HMAC_SHA_256"),
}


@pytest.mark.parametrize("op", list(STATE_OPS))
def test_disabled_key(kms, state_keys, op):
    md, mac = state_keys["Disabled"]
    with kms_error("DisabledException", f"{md['Arn']} is disabled."):
        STATE_OPS[op](kms, md, mac)


@pytest.mark.parametrize("op", list(STATE_OPS))
def test_pending_deletion_key(kms, state_keys, op):
    md, mac = state_keys["PendingDeletion"]
    with kms_error("KMSInvalidStateException", f"{md['Arn']} is pending deletion."):
        STATE_OPS[op](kms, md, mac)
