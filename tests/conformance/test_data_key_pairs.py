"""GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext for every
KeyPairSpec of the model (RSA_2048/3072/4096, ECC_NIST_P256/P384/P521,
ECC_SECG_P256K1, ECC_NIST_EDWARDS25519, SM2).

Checked outside Trent: PublicKey is DER SubjectPublicKeyInfo; PrivateKeyPlaintext
is DER PKCS#8 that `cryptography` loads (the `openssl` CLI for SM2, which
`cryptography` lacks) and whose public half equals PublicKey; a signature (and,
for RSA, an OAEP decryption) made with the private key works with the public
key; PrivateKeyCiphertextBlob decrypts through Decrypt, with the same
encryption context, to PrivateKeyPlaintext.

Each spec's pair is generated once per module (RSA_4096 generation is slow: it
is generated exactly once, and the WithoutPlaintext variant skips it).
Error types only (AWS's texts not confirmed): InvalidKeyUsageException for a
non-symmetric KeyId (seed-features §2.2), DryRunOperationException; the
KeyPairSpec enum uses the standard enum-validation text; DisabledException
"<arn> is disabled." / KMSInvalidStateException "<arn> is pending deletion."
(seed-features §3).
"""

import os

import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.serialization import load_der_private_key

import keytypes as kt
from helpers import assert_enum_validation, kms_error, unique

PAIR_SPECS = ["RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521",
              "ECC_SECG_P256K1", "ECC_NIST_EDWARDS25519", "SM2"]
WITHOUT_PLAINTEXT_SPECS = [s for s in PAIR_SPECS if s != "RSA_4096"]
CONTEXT = {"purpose": "data key pair", "tenant": "t-1"}


class PairCache:
    def __init__(self, kms, key_id):
        self.kms, self.key_id, self._pairs = kms, key_id, {}

    def get(self, spec):
        if spec not in self._pairs:
            try:
                self._pairs[spec] = ("ok", self.kms.generate_data_key_pair(
                    KeyId=self.key_id, KeyPairSpec=spec, EncryptionContext=CONTEXT))
            except ClientError as e:
                if e.response["Error"]["Code"] == "UnsupportedOperationException" and spec in kt.PENDING_SPECS:
                    self._pairs[spec] = ("unsupported", e)
                else:
                    raise
        state, value = self._pairs[spec]
        if state == "unsupported":
            kt.xfail_if_pending(spec, value)
        return value


@pytest.fixture(scope="module")
def wrapping_key(kms):
    return kms.create_key(Description="data key pair wrapping key")["KeyMetadata"]


@pytest.fixture(scope="module")
def pairs(kms, wrapping_key):
    return PairCache(kms, wrapping_key["KeyId"])


def pkcs8_algorithm(der: bytes) -> bytes:
    """The AlgorithmIdentifier TLV of a PKCS#8 PrivateKeyInfo, after checking its outline."""
    tag, body, end = kt.der_read(der)
    assert tag == 0x30 and end == len(der), "PKCS#8 is not one DER SEQUENCE"
    tag, version, i = kt.der_read(body)
    assert tag == 0x02 and version in (b"\x00", b"\x01"), version
    start = i
    tag, _, i = kt.der_read(body, i)
    assert tag == 0x30
    alg = body[start:i]
    tag, _, i = kt.der_read(body, i)
    assert tag == 0x04, "privateKey is not an OCTET STRING"
    return alg


def spki_algorithm(der: bytes) -> bytes:
    _, body, _ = kt.der_read(der)
    _, _, i = kt.der_read(body)
    return body[:i]


def openssl_public_of_private(priv_der: bytes) -> bytes:
    with kt.OpenSSLDir() as d:
        d.write("priv.der", priv_der)
        d.run("pkey", "-inform", "DER", "-in", "priv.der", "-pubout", "-outform", "DER", "-out", "pub.der")
        return d.read("pub.der")


def check_private_matches_public(spec, priv_der, pub_der):
    assert pkcs8_algorithm(priv_der) == spki_algorithm(pub_der), "PKCS#8 and SPKI name different algorithms"
    if spec == "SM2":
        assert openssl_public_of_private(priv_der) == pub_der
        return None
    priv = load_der_private_key(priv_der, password=None)
    assert priv.public_key().public_bytes(ser.Encoding.DER, ser.PublicFormat.SubjectPublicKeyInfo) == pub_der
    return priv


# ------------------------------------------------------------ GenerateDataKeyPair
@pytest.mark.parametrize("spec", PAIR_SPECS)
def test_response_shape(pairs, wrapping_key, spec):
    resp = pairs.get(spec)
    assert resp["KeyId"] == wrapping_key["Arn"]
    assert resp["KeyPairSpec"] == spec
    kt.assert_spki(resp["PublicKey"], spec)
    kt.assert_loads_in_cryptography(resp["PublicKey"], spec)
    pkcs8_algorithm(resp["PrivateKeyPlaintext"])
    assert resp["PrivateKeyPlaintext"] not in resp["PrivateKeyCiphertextBlob"]


@pytest.mark.parametrize("spec", PAIR_SPECS)
def test_private_key_is_pkcs8_of_the_public_key(pairs, spec):
    resp = pairs.get(spec)
    check_private_matches_public(spec, resp["PrivateKeyPlaintext"], resp["PublicKey"])


@pytest.mark.parametrize("spec", PAIR_SPECS)
def test_private_key_works_with_the_public_key(pairs, spec):
    resp = pairs.get(spec)
    priv_der, pub_der = resp["PrivateKeyPlaintext"], resp["PublicKey"]
    message = b"made with a data key pair " + os.urandom(8)
    if spec == "SM2":
        with kt.OpenSSLDir() as d:
            d.write("priv.der", priv_der)
            d.run("pkey", "-inform", "DER", "-in", "priv.der", "-out", "priv.pem")
            d.write("msg", message)
            d.run("pkeyutl", "-sign", "-inkey", "priv.pem", "-rawin", "-in", "msg", "-digest", "sm3",
                  "-pkeyopt", "distid:1234567812345678", "-out", "sig")
            sig = d.read("sig")
        assert kt.openssl_verify(pub_der, "SM2DSA", message, sig)
        return
    priv = load_der_private_key(priv_der, password=None)
    if isinstance(priv, rsa.RSAPrivateKey):
        sig = priv.sign(message, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())
        kt.verify_with_cryptography(pub_der, "RSASSA_PSS_SHA_256", message, sig)
        assert kt.openssl_verify(pub_der, "RSASSA_PSS_SHA_256", message, sig)
        pub = priv.public_key()
        oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
        assert priv.decrypt(pub.encrypt(message, oaep), oaep) == message
    elif isinstance(priv, ec.EllipticCurvePrivateKey):
        alg = kt.ECDSA_ALG[spec]
        sig = priv.sign(message, ec.ECDSA(kt.crypto_hash(alg)))
        kt.verify_with_cryptography(pub_der, alg, message, sig)
        assert kt.openssl_verify(pub_der, alg, message, sig)
    elif isinstance(priv, ed25519.Ed25519PrivateKey):
        sig = priv.sign(message)
        kt.verify_with_cryptography(pub_der, "ED25519_SHA_512", message, sig)
        assert kt.ed25519_verify_reference(kt.spki_parts(pub_der)[2], message, sig)
    else:
        raise AssertionError(type(priv))


@pytest.mark.parametrize("spec", PAIR_SPECS)
def test_private_key_ciphertext_decrypts_with_the_same_context(kms, pairs, wrapping_key, spec):
    resp = pairs.get(spec)
    dec = kms.decrypt(CiphertextBlob=resp["PrivateKeyCiphertextBlob"], EncryptionContext=CONTEXT)
    assert dec["Plaintext"] == resp["PrivateKeyPlaintext"]
    assert dec["KeyId"] == wrapping_key["Arn"]
    assert dec["EncryptionAlgorithm"] == "SYMMETRIC_DEFAULT"


def test_private_key_ciphertext_needs_the_context(kms, pairs):
    resp = pairs.get("ECC_NIST_P256")
    with kms_error("InvalidCiphertextException"):
        kms.decrypt(CiphertextBlob=resp["PrivateKeyCiphertextBlob"])
    with kms_error("InvalidCiphertextException"):
        kms.decrypt(CiphertextBlob=resp["PrivateKeyCiphertextBlob"], EncryptionContext={**CONTEXT, "tenant": "t-2"})


def test_every_call_makes_a_new_pair(kms, wrapping_key):
    a = kms.generate_data_key_pair(KeyId=wrapping_key["KeyId"], KeyPairSpec="ECC_NIST_P384")
    b = kms.generate_data_key_pair(KeyId=wrapping_key["KeyId"], KeyPairSpec="ECC_NIST_P384")
    assert a["PublicKey"] != b["PublicKey"] and a["PrivateKeyPlaintext"] != b["PrivateKeyPlaintext"]


def test_by_alias_and_without_context(kms, wrapping_key):
    alias = "alias/" + unique("dkp")
    kms.create_alias(AliasName=alias, TargetKeyId=wrapping_key["KeyId"])
    resp = kms.generate_data_key_pair(KeyId=alias, KeyPairSpec="ECC_NIST_P256")
    assert resp["KeyId"] == wrapping_key["Arn"]
    assert kms.decrypt(CiphertextBlob=resp["PrivateKeyCiphertextBlob"])["Plaintext"] == resp["PrivateKeyPlaintext"]


# ------------------------------------------------- GenerateDataKeyPairWithoutPlaintext
@pytest.mark.parametrize("spec", WITHOUT_PLAINTEXT_SPECS)
def test_without_plaintext(kms, wrapping_key, spec):
    try:
        resp = kms.generate_data_key_pair_without_plaintext(
            KeyId=wrapping_key["KeyId"], KeyPairSpec=spec, EncryptionContext=CONTEXT)
    except ClientError as e:
        kt.xfail_if_pending(spec, e)
    assert "PrivateKeyPlaintext" not in resp
    assert resp["KeyId"] == wrapping_key["Arn"] and resp["KeyPairSpec"] == spec
    kt.assert_spki(resp["PublicKey"], spec)
    priv_der = kms.decrypt(CiphertextBlob=resp["PrivateKeyCiphertextBlob"], EncryptionContext=CONTEXT)["Plaintext"]
    check_private_matches_public(spec, priv_der, resp["PublicKey"])


# --------------------------------------------------------------------- errors
@pytest.mark.parametrize("spec,usage", [
    ("RSA_2048", "ENCRYPT_DECRYPT"),
    ("RSA_2048", "SIGN_VERIFY"),
    ("ECC_NIST_P256", "SIGN_VERIFY"),
    ("ECC_NIST_P256", "KEY_AGREEMENT"),
    ("HMAC_256", "GENERATE_VERIFY_MAC"),
])
@pytest.mark.parametrize("without_plaintext", [False, True], ids=["GenerateDataKeyPair", "WithoutPlaintext"])
def test_key_id_must_be_a_symmetric_encryption_key(kms, spec, usage, without_plaintext):
    md = kms.create_key(KeySpec=spec, KeyUsage=usage)["KeyMetadata"]
    op = kms.generate_data_key_pair_without_plaintext if without_plaintext else kms.generate_data_key_pair
    with kms_error("InvalidKeyUsageException"):
        op(KeyId=md["KeyId"], KeyPairSpec="ECC_NIST_P256")


def test_unknown_key_pair_spec(kms, wrapping_key):
    allowed = PAIR_SPECS  # the model's DataKeyPairSpec enum
    with kms_error("ValidationException") as e:
        kms.generate_data_key_pair(KeyId=wrapping_key["KeyId"], KeyPairSpec="RSA_1024")
    assert_enum_validation(e.message, "RSA_1024", "keyPairSpec", allowed)


@pytest.mark.parametrize("without_plaintext", [False, True], ids=["GenerateDataKeyPair", "WithoutPlaintext"])
def test_dry_run(kms, wrapping_key, without_plaintext):
    op = kms.generate_data_key_pair_without_plaintext if without_plaintext else kms.generate_data_key_pair
    with kms_error("DryRunOperationException"):
        op(KeyId=wrapping_key["KeyId"], KeyPairSpec="ECC_NIST_P256", DryRun=True)


@pytest.fixture(scope="module")
def state_keys(kms):
    disabled = kms.create_key()["KeyMetadata"]
    kms.disable_key(KeyId=disabled["KeyId"])
    pending = kms.create_key()["KeyMetadata"]
    kms.schedule_key_deletion(KeyId=pending["KeyId"], PendingWindowInDays=7)
    return {"Disabled": disabled, "PendingDeletion": pending}


@pytest.mark.parametrize("without_plaintext", [False, True], ids=["GenerateDataKeyPair", "WithoutPlaintext"])
def test_disabled_wrapping_key(kms, state_keys, without_plaintext):
    md = state_keys["Disabled"]
    op = kms.generate_data_key_pair_without_plaintext if without_plaintext else kms.generate_data_key_pair
    with kms_error("DisabledException", f"{md['Arn']} is disabled."):
        op(KeyId=md["KeyId"], KeyPairSpec="ECC_NIST_P256")


@pytest.mark.parametrize("without_plaintext", [False, True], ids=["GenerateDataKeyPair", "WithoutPlaintext"])
def test_pending_deletion_wrapping_key(kms, state_keys, without_plaintext):
    md = state_keys["PendingDeletion"]
    op = kms.generate_data_key_pair_without_plaintext if without_plaintext else kms.generate_data_key_pair
    with kms_error("KMSInvalidStateException", f"{md['Arn']} is pending deletion."):
        op(KeyId=md["KeyId"], KeyPairSpec="ECC_NIST_P256")
