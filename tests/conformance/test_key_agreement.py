"""KEY_AGREEMENT keys (ECC_NIST_P256/P384/P521 and SM2) and DeriveSharedSecret.

The shared secret is the raw ECDH output (the x-coordinate, as OpenSSL's
`pkeyutl -derive` gives it; AWS's ECDH announcement blog compares it with
OpenSSL, and LocalStack's snapshot-validated fix #13402 returns it raw). It is
checked against `cryptography`'s ECDH, the `openssl` CLI (P-256) and, for SM2,
which neither supports for key agreement in this environment, plain affine EC
arithmetic on the GM/T 0003.5 curve (keytypes.py).

Error types: a PublicKey that is not a usable SPKI for the key's curve
(garbage, truncated, RSA, Ed25519, another curve, a point off the curve) is
ValidationException (LocalStack answers ValidationException for an unloadable
key; AWS's message is not confirmed, so only the type is asserted); a key
whose usage is not KEY_AGREEMENT is InvalidKeyUsageException (model); the
KeyAgreementAlgorithm enum is [ECDH] (model), checked with the standard
enum-validation text.
"""


import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.serialization import load_der_public_key

import keytypes as kt
from helpers import assert_enum_validation, kms_error

NIST = {"ECC_NIST_P256": ec.SECP256R1, "ECC_NIST_P384": ec.SECP384R1, "ECC_NIST_P521": ec.SECP521R1}
SECRET_LEN = {"ECC_NIST_P256": 32, "ECC_NIST_P384": 48, "ECC_NIST_P521": 66, "SM2": 32}


@pytest.fixture(scope="module")
def keys(kms):
    return kt.KeyCache(kms)


def ka_key(keys, spec):
    return keys.get(spec, "KEY_AGREEMENT")


def spki(pub) -> bytes:
    return pub.public_bytes(ser.Encoding.DER, ser.PublicFormat.SubjectPublicKeyInfo)


def peer(spec):
    priv = ec.generate_private_key(NIST[spec]())
    return priv, spki(priv.public_key())


def derive(kms, md, public_key, **kw):
    return kms.derive_shared_secret(KeyId=md["KeyId"], KeyAgreementAlgorithm="ECDH", PublicKey=public_key, **kw)


# ---------------------------------------------------------- CreateKey / Describe
@pytest.mark.parametrize("row", kt.row_params("KEY_AGREEMENT"))
def test_create_and_describe(kms, keys, row):
    md = keys.row(row)
    for meta in (md, kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]):
        assert meta["KeySpec"] == row.spec and meta.get("CustomerMasterKeySpec", row.spec) == row.spec  # deprecated field; may be absent
        assert meta["KeyUsage"] == "KEY_AGREEMENT" and meta["KeyState"] == "Enabled"
        kt.assert_algorithm_lists(meta, row)


@pytest.mark.parametrize("row", kt.row_params("KEY_AGREEMENT"))
def test_get_public_key(kms, keys, row):
    md = keys.row(row)
    resp = kms.get_public_key(KeyId=md["Arn"])
    assert resp["KeyId"] == md["Arn"]
    assert resp["KeySpec"] == row.spec and resp["KeyUsage"] == "KEY_AGREEMENT"
    kt.assert_algorithm_lists(resp, row)
    kt.assert_spki(resp["PublicKey"], row.spec)
    kt.assert_loads_in_cryptography(resp["PublicKey"], row.spec)


# ------------------------------------------------------------ DeriveSharedSecret
@pytest.mark.parametrize("spec", list(NIST))
def test_shared_secret_equals_cryptography_ecdh(kms, keys, spec):
    md = ka_key(keys, spec)
    priv, pub = peer(spec)
    resp = derive(kms, md, pub)
    assert resp["KeyId"] == md["Arn"]
    assert resp["KeyAgreementAlgorithm"] == "ECDH"
    assert resp["KeyOrigin"] == "AWS_KMS"
    trent_pub = load_der_public_key(kms.get_public_key(KeyId=md["KeyId"])["PublicKey"])
    expected = priv.exchange(ec.ECDH(), trent_pub)
    assert resp["SharedSecret"] == expected
    assert len(resp["SharedSecret"]) == SECRET_LEN[spec]
    # Deterministic for the same peer, different for another peer.
    assert derive(kms, md, pub)["SharedSecret"] == expected
    assert derive(kms, md, peer(spec)[1])["SharedSecret"] != expected


def test_shared_secret_equals_openssl_pkeyutl_derive(kms, keys):
    md = ka_key(keys, "ECC_NIST_P256")
    priv, pub = peer("ECC_NIST_P256")
    trent_pub = kms.get_public_key(KeyId=md["KeyId"])["PublicKey"]
    with kt.OpenSSLDir() as d:
        d.write("mine.pem", priv.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption()))
        d.write("peer.pem", kt.pem_public(trent_pub))
        d.run("pkeyutl", "-derive", "-inkey", "mine.pem", "-peerkey", "peer.pem", "-out", "secret")
        assert derive(kms, md, pub)["SharedSecret"] == d.read("secret")


@pytest.mark.parametrize("spec", list(NIST))
def test_two_trent_keys_agree(kms, keys, spec):
    a = ka_key(keys, spec)
    b = kms.create_key(KeySpec=spec, KeyUsage="KEY_AGREEMENT")["KeyMetadata"]
    pa = kms.get_public_key(KeyId=a["KeyId"])["PublicKey"]
    pb = kms.get_public_key(KeyId=b["KeyId"])["PublicKey"]
    assert derive(kms, a, pb)["SharedSecret"] == derive(kms, b, pa)["SharedSecret"]


def test_sm2_shared_secret_equals_reference_ecdh(kms, keys):
    md = ka_key(keys, "SM2")
    trent_point = kt.sm2_point_from_spki(kms.get_public_key(KeyId=md["KeyId"])["PublicKey"])
    assert kt.sm2_on_curve(trent_point)
    d, q = kt.sm2_keypair()
    resp = derive(kms, md, kt.ec_spki(kt.CURVE_OID["SM2"], kt.sm2_point_bytes(q)))
    expected = kt.sm2_mul(d, trent_point)[0].to_bytes(32, "big")
    assert resp["SharedSecret"] == expected
    assert resp["KeyAgreementAlgorithm"] == "ECDH"


def test_sm2_public_key_is_rejected_by_a_nist_key(kms, keys):
    md = ka_key(keys, "ECC_NIST_P256")
    _, q = kt.sm2_keypair()
    with kms_error("ValidationException"):
        derive(kms, md, kt.ec_spki(kt.CURVE_OID["SM2"], kt.sm2_point_bytes(q)))


def test_nist_public_key_is_rejected_by_an_sm2_key(kms, keys):
    md = ka_key(keys, "SM2")
    with kms_error("ValidationException"):
        derive(kms, md, peer("ECC_NIST_P256")[1])


# -------------------------------------------------------------- bad public keys
def _bad_public_keys(spec):
    _, good = peer(spec)
    other_curve = "ECC_NIST_P384" if spec != "ECC_NIST_P384" else "ECC_NIST_P256"
    oid, params, point = kt.spki_parts(good)
    off_curve = bytearray(point)
    off_curve[-1] ^= 0x01
    return {
        "garbage": b"not a public key",
        "truncated SPKI": good[:-5],
        "trailing bytes": good + b"\x00",
        "raw point, no SPKI": point,
        "other curve": peer(other_curve)[1],
        "secp256k1": spki(ec.generate_private_key(ec.SECP256K1()).public_key()),
        "RSA": spki(rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()),
        "Ed25519": spki(ed25519.Ed25519PrivateKey.generate().public_key()),
        "point off the curve": kt.ec_spki(kt.CURVE_OID[spec], bytes(off_curve)),
    }


@pytest.mark.parametrize("spec", list(NIST))
def test_unusable_public_key_is_a_validation_error(kms, keys, spec):
    md = ka_key(keys, spec)
    for label, blob in _bad_public_keys(spec).items():
        try:
            derive(kms, md, blob)
        except ClientError as e:
            err = e.response["Error"]
            assert err["Code"] == "ValidationException", (label, err)
        else:
            pytest.fail(f"{label}: DeriveSharedSecret accepted an unusable public key")


def test_rsa_key_public_key_from_trent_is_rejected(kms, keys):
    md = ka_key(keys, "ECC_NIST_P521")
    rsa_md = keys.get("RSA_2048", "ENCRYPT_DECRYPT")
    with kms_error("ValidationException"):
        derive(kms, md, kms.get_public_key(KeyId=rsa_md["KeyId"])["PublicKey"])


# ------------------------------------------------------------ usage and algorithm
@pytest.mark.parametrize("spec,usage", [
    ("ECC_NIST_P256", "SIGN_VERIFY"),
    ("RSA_2048", "ENCRYPT_DECRYPT"),
    ("HMAC_256", "GENERATE_VERIFY_MAC"),
    ("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT"),
    ("SM2", "SIGN_VERIFY"),
])
def test_derive_needs_a_key_agreement_key(kms, keys, spec, usage):
    md = kms.create_key()["KeyMetadata"] if spec == "SYMMETRIC_DEFAULT" else keys.get(spec, usage)
    with kms_error("InvalidKeyUsageException"):
        derive(kms, md, peer("ECC_NIST_P256")[1])


@pytest.mark.parametrize("bad", ["ECDHE", "ecdh", "X25519"])
def test_key_agreement_algorithm_must_be_ecdh(kms, keys, bad):
    md = ka_key(keys, "ECC_NIST_P256")
    with kms_error("ValidationException") as e:
        kms.derive_shared_secret(KeyId=md["KeyId"], KeyAgreementAlgorithm=bad, PublicKey=peer("ECC_NIST_P256")[1])
    assert_enum_validation(e.message, bad, "keyAgreementAlgorithm", ["ECDH"])


@pytest.mark.parametrize("op", ["Sign", "Encrypt", "GenerateMac", "GenerateDataKeyPair"])
def test_key_agreement_key_refuses_other_operations(kms, keys, op):
    md = ka_key(keys, "ECC_NIST_P384")
    calls = {
        "Sign": lambda: kms.sign(KeyId=md["KeyId"], Message=b"m", SigningAlgorithm="ECDSA_SHA_384"),
        "Encrypt": lambda: kms.encrypt(KeyId=md["KeyId"], Plaintext=b"m"),
        "GenerateMac": lambda: kms.generate_mac(KeyId=md["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_384"),
        "GenerateDataKeyPair": lambda: kms.generate_data_key_pair(KeyId=md["KeyId"], KeyPairSpec="ECC_NIST_P384"),
    }
    with kms_error("InvalidKeyUsageException"):
        calls[op]()


def test_dry_run(kms, keys):
    md = ka_key(keys, "ECC_NIST_P256")
    with kms_error("DryRunOperationException"):
        derive(kms, md, peer("ECC_NIST_P256")[1], DryRun=True)


# ------------------------------------------------------------------ key states
@pytest.fixture(scope="module")
def state_keys(kms):
    out = {}
    for state in ("Disabled", "PendingDeletion"):
        md = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="KEY_AGREEMENT")["KeyMetadata"]
        if state == "Disabled":
            kms.disable_key(KeyId=md["KeyId"])
        else:
            kms.schedule_key_deletion(KeyId=md["KeyId"], PendingWindowInDays=7)
        out[state] = md
    return out


STATE_OPS = {
    "DeriveSharedSecret": lambda kms, md: derive(kms, md, peer("ECC_NIST_P256")[1]),
    "GetPublicKey": lambda kms, md: kms.get_public_key(KeyId=md["KeyId"]),
}


@pytest.mark.parametrize("op", list(STATE_OPS))
def test_disabled_key(kms, state_keys, op):
    md = state_keys["Disabled"]
    with kms_error("DisabledException", f"{md['Arn']} is disabled."):
        STATE_OPS[op](kms, md)


@pytest.mark.parametrize("op", list(STATE_OPS))
def test_pending_deletion_key(kms, state_keys, op):
    md = state_keys["PendingDeletion"]
    with kms_error("KMSInvalidStateException", f"{md['Arn']} is pending deletion."):
        STATE_OPS[op](kms, md)
