"""Asymmetric ENCRYPT_DECRYPT keys (RSA_2048/3072/4096 with RSAES_OAEP_SHA_1/256,
SM2 with SM2PKE): CreateKey/DescribeKey/GetPublicKey, Encrypt/Decrypt/ReEncrypt,
interoperability with ciphertext made outside Trent (`cryptography` for RSA
OAEP, the `openssl` CLI for SM2PKE) and the size limits of seed-features §2.4
(214/190, 342/318, 470/446; SM2PKE 1024 from the Encrypt API reference).

Only exception types are asserted where AWS's message could not be confirmed:
- oversize plaintext → ValidationException (LocalStack and another emulator say
  "Algorithm <alg> and key spec <spec> cannot encrypt data larger than <n> bytes.";
  not confirmed against AWS);
- EncryptionContext with an asymmetric key → ValidationException (several
  emulators say "EncryptionContext is not supported when encrypting/decrypting
  with asymmetric CMKs."; not confirmed);
- a missing EncryptionAlgorithm means SYMMETRIC_DEFAULT, which the model's
  InvalidKeyUsageException covers ("the encryption algorithm ... is incompatible
  with the type of key material");
- an RSA ciphertext sent without KeyId, with another key or under the other OAEP
  hash → InvalidCiphertextException (KMS cannot read key metadata from an
  asymmetric ciphertext; the existing suite pins its empty message for
  symmetric blobs, here only the type is pinned).
"""

import os

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import load_der_public_key

import keytypes as kt
from helpers import kms_error, unique

ENC_ROWS = kt.rows("ENCRYPT_DECRYPT")
MAX_PLAINTEXT = {
    ("RSA_2048", "RSAES_OAEP_SHA_1"): 214, ("RSA_2048", "RSAES_OAEP_SHA_256"): 190,
    ("RSA_3072", "RSAES_OAEP_SHA_1"): 342, ("RSA_3072", "RSAES_OAEP_SHA_256"): 318,
    ("RSA_4096", "RSAES_OAEP_SHA_1"): 470, ("RSA_4096", "RSAES_OAEP_SHA_256"): 446,
    ("SM2", "SM2PKE"): 1024,
}
ALL_ALGS = [pytest.param(s, a, id=f"{s}-{a}") for (s, a) in MAX_PLAINTEXT]
RSA_ALGS = [p for p in ALL_ALGS if p.values[0] in kt.RSA_BITS]


@pytest.fixture(scope="module")
def keys(kms):
    return kt.KeyCache(kms)


def enc_key(keys, spec):
    return keys.get(spec, "ENCRYPT_DECRYPT")


def oaep(alg):
    h = hashes.SHA1() if alg == "RSAES_OAEP_SHA_1" else hashes.SHA256()
    return padding.OAEP(mgf=padding.MGF1(h), algorithm=h, label=None)


def outside_encrypt(pub_der, spec, alg, plaintext):
    """Encrypt with the public key outside Trent."""
    if alg == "SM2PKE":
        with kt.OpenSSLDir() as d:
            d.write("pub.pem", kt.pem_public(pub_der))
            d.write("pt", plaintext)
            d.run("pkeyutl", "-encrypt", "-pubin", "-inkey", "pub.pem", "-in", "pt", "-out", "ct")
            return d.read("ct")
    return load_der_public_key(pub_der).encrypt(plaintext, oaep(alg))


@pytest.fixture(scope="module")
def symmetric_key(kms):
    return kms.create_key(Description="asymmetric-encrypt peer")["KeyMetadata"]


# ---------------------------------------------------------- CreateKey / Describe
@pytest.mark.parametrize("row", kt.row_params("ENCRYPT_DECRYPT"))
def test_create_and_describe(kms, keys, row):
    md = keys.row(row)
    for meta in (md, kms.describe_key(KeyId=md["Arn"])["KeyMetadata"]):
        assert meta["KeySpec"] == row.spec and meta.get("CustomerMasterKeySpec", row.spec) == row.spec  # deprecated field; may be absent
        assert meta["KeyUsage"] == "ENCRYPT_DECRYPT"
        assert meta["KeyState"] == "Enabled"
        kt.assert_algorithm_lists(meta, row)


@pytest.mark.parametrize("row", kt.row_params("ENCRYPT_DECRYPT"))
def test_get_public_key(kms, keys, row):
    md = keys.row(row)
    resp = kms.get_public_key(KeyId=md["KeyId"])
    assert resp["KeyId"] == md["Arn"]
    assert resp["KeySpec"] == row.spec and resp["KeyUsage"] == "ENCRYPT_DECRYPT"
    kt.assert_algorithm_lists(resp, row)
    kt.assert_spki(resp["PublicKey"], row.spec)
    kt.assert_loads_in_cryptography(resp["PublicKey"], row.spec)


# ------------------------------------------------------------- round trips
@pytest.mark.parametrize("spec,alg", ALL_ALGS)
def test_encrypt_decrypt_round_trip(kms, keys, spec, alg):
    md = enc_key(keys, spec)
    pt = os.urandom(100)
    enc = kms.encrypt(KeyId=md["KeyId"], Plaintext=pt, EncryptionAlgorithm=alg)
    assert enc["KeyId"] == md["Arn"] and enc["EncryptionAlgorithm"] == alg
    blob = enc["CiphertextBlob"]
    if spec in kt.RSA_BITS:
        assert len(blob) == kt.RSA_BITS[spec] // 8
    again = kms.encrypt(KeyId=md["KeyId"], Plaintext=pt, EncryptionAlgorithm=alg)["CiphertextBlob"]
    assert again != blob, "public-key encryption must be randomized"
    dec = kms.decrypt(KeyId=md["Arn"], CiphertextBlob=blob, EncryptionAlgorithm=alg)
    assert dec["Plaintext"] == pt
    assert dec["KeyId"] == md["Arn"] and dec["EncryptionAlgorithm"] == alg


@pytest.mark.parametrize("spec,alg", ALL_ALGS)
def test_ciphertext_made_outside_decrypts_in_trent(kms, keys, spec, alg):
    md = enc_key(keys, spec)
    pub = kms.get_public_key(KeyId=md["KeyId"])["PublicKey"]
    pt = b"encrypted outside Trent with the public key " + os.urandom(8)
    blob = outside_encrypt(pub, spec, alg, pt)
    dec = kms.decrypt(KeyId=md["KeyId"], CiphertextBlob=blob, EncryptionAlgorithm=alg)
    assert dec["Plaintext"] == pt and dec["EncryptionAlgorithm"] == alg


def test_decrypt_through_an_alias(kms, keys):
    md = enc_key(keys, "RSA_2048")
    alias = "alias/" + unique("rsa-enc")
    kms.create_alias(AliasName=alias, TargetKeyId=md["KeyId"])
    blob = kms.encrypt(KeyId=alias, Plaintext=b"via alias", EncryptionAlgorithm="RSAES_OAEP_SHA_256")["CiphertextBlob"]
    dec = kms.decrypt(KeyId=alias, CiphertextBlob=blob, EncryptionAlgorithm="RSAES_OAEP_SHA_256")
    assert dec["Plaintext"] == b"via alias" and dec["KeyId"] == md["Arn"]


def test_sm2pke_ciphertext_is_der_c1_c3_c2(kms, keys):
    """AWS's SM2PKE format: DER SEQUENCE { x INTEGER, y INTEGER, C3 OCTET STRING (SM3), C2 OCTET STRING }."""
    md = enc_key(keys, "SM2")
    pt = os.urandom(77)
    blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=pt, EncryptionAlgorithm="SM2PKE")["CiphertextBlob"]
    tag, body, end = kt.der_read(blob)
    assert tag == 0x30 and end == len(blob)
    parts, i = [], 0
    while i < len(body):
        t, v, i = kt.der_read(body, i)
        parts.append((t, v))
    assert [t for t, _ in parts] == [0x02, 0x02, 0x04, 0x04], parts
    x, y = (int.from_bytes(v, "big") for _, v in parts[:2])
    assert kt.sm2_on_curve((x, y)), "C1 is not a point on the SM2 curve"
    assert len(parts[2][1]) == 32 and len(parts[3][1]) == len(pt)


# ---------------------------------------------------------------- size limits
@pytest.mark.parametrize("spec,alg", ALL_ALGS)
def test_max_plaintext_and_one_byte_more(kms, keys, spec, alg):
    md = enc_key(keys, spec)
    n = MAX_PLAINTEXT[(spec, alg)]
    pt = os.urandom(n)
    blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=pt, EncryptionAlgorithm=alg)["CiphertextBlob"]
    assert kms.decrypt(KeyId=md["KeyId"], CiphertextBlob=blob, EncryptionAlgorithm=alg)["Plaintext"] == pt
    with kms_error("ValidationException"):
        kms.encrypt(KeyId=md["KeyId"], Plaintext=os.urandom(n + 1), EncryptionAlgorithm=alg)


# ------------------------------------------------------ algorithm and context
def test_encrypt_without_algorithm_is_rejected(kms, keys):
    md = enc_key(keys, "RSA_2048")
    with kms_error("InvalidKeyUsageException"):
        kms.encrypt(KeyId=md["KeyId"], Plaintext=b"x")


@pytest.mark.parametrize("spec,alg", [
    ("RSA_2048", "SYMMETRIC_DEFAULT"),
    ("RSA_3072", "SM2PKE"),
    ("SM2", "RSAES_OAEP_SHA_256"),
    ("SM2", "SYMMETRIC_DEFAULT"),
])
def test_encrypt_with_algorithm_the_key_spec_lacks(kms, keys, spec, alg):
    md = enc_key(keys, spec)
    with kms_error("InvalidKeyUsageException"):
        kms.encrypt(KeyId=md["KeyId"], Plaintext=b"x", EncryptionAlgorithm=alg)


def test_rsa_algorithm_on_a_symmetric_key(kms, symmetric_key):
    with kms_error("InvalidKeyUsageException"):
        kms.encrypt(KeyId=symmetric_key["KeyId"], Plaintext=b"x", EncryptionAlgorithm="RSAES_OAEP_SHA_256")


@pytest.mark.parametrize("spec,alg", [("RSA_2048", "RSAES_OAEP_SHA_1"), ("RSA_4096", "RSAES_OAEP_SHA_256"), ("SM2", "SM2PKE")])
def test_encryption_context_with_an_asymmetric_key_is_rejected(kms, keys, spec, alg):
    md = enc_key(keys, spec)
    with kms_error("ValidationException"):
        kms.encrypt(KeyId=md["KeyId"], Plaintext=b"x", EncryptionAlgorithm=alg, EncryptionContext={"purpose": "test"})
    blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"x", EncryptionAlgorithm=alg)["CiphertextBlob"]
    with kms_error("ValidationException"):
        kms.decrypt(KeyId=md["KeyId"], CiphertextBlob=blob, EncryptionAlgorithm=alg, EncryptionContext={"purpose": "test"})


# ---------------------------------------------------------------- Decrypt errors
@pytest.fixture(scope="module")
def rsa_blob(kms, keys):
    md = enc_key(keys, "RSA_2048")
    blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"rsa secret", EncryptionAlgorithm="RSAES_OAEP_SHA_256")["CiphertextBlob"]
    return md, blob


def test_decrypt_without_key_id_fails(kms, rsa_blob):
    _, blob = rsa_blob
    with kms_error("InvalidCiphertextException"):
        kms.decrypt(CiphertextBlob=blob, EncryptionAlgorithm="RSAES_OAEP_SHA_256")
    with kms_error("InvalidCiphertextException"):
        kms.decrypt(CiphertextBlob=blob)


def test_decrypt_with_the_other_oaep_hash_fails(kms, rsa_blob):
    md, blob = rsa_blob
    with kms_error("InvalidCiphertextException"):
        kms.decrypt(KeyId=md["KeyId"], CiphertextBlob=blob, EncryptionAlgorithm="RSAES_OAEP_SHA_1")


def test_decrypt_without_algorithm_fails(kms, rsa_blob):
    md, blob = rsa_blob
    with kms_error("InvalidKeyUsageException"):
        kms.decrypt(KeyId=md["KeyId"], CiphertextBlob=blob)


def test_decrypt_with_another_rsa_key_fails(kms, rsa_blob):
    _, blob = rsa_blob
    other = kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]
    with kms_error("InvalidCiphertextException"):
        kms.decrypt(KeyId=other["KeyId"], CiphertextBlob=blob, EncryptionAlgorithm="RSAES_OAEP_SHA_256")


def test_decrypt_of_a_tampered_ciphertext_fails(kms, rsa_blob):
    md, blob = rsa_blob
    bad = bytearray(blob)
    bad[10] ^= 0x40
    with kms_error("InvalidCiphertextException"):
        kms.decrypt(KeyId=md["KeyId"], CiphertextBlob=bytes(bad), EncryptionAlgorithm="RSAES_OAEP_SHA_256")


@pytest.mark.parametrize("spec", ["RSA_2048", "ECC_NIST_P256"])
def test_encrypt_and_decrypt_with_a_sign_verify_key(kms, keys, rsa_blob, spec):
    md = keys.get(spec, "SIGN_VERIFY")
    with kms_error("InvalidKeyUsageException"):
        kms.decrypt(KeyId=md["KeyId"], CiphertextBlob=rsa_blob[1], EncryptionAlgorithm="RSAES_OAEP_SHA_256")
    with kms_error("InvalidKeyUsageException"):
        kms.encrypt(KeyId=md["KeyId"], Plaintext=b"x", EncryptionAlgorithm="RSAES_OAEP_SHA_256")


@pytest.mark.parametrize("op", ["GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair", "Sign", "GenerateMac"])
def test_rsa_encryption_key_refuses_other_operations(kms, keys, op):
    md = enc_key(keys, "RSA_2048")
    calls = {
        "GenerateDataKey": lambda: kms.generate_data_key(KeyId=md["KeyId"], KeySpec="AES_256"),
        "GenerateDataKeyWithoutPlaintext": lambda: kms.generate_data_key_without_plaintext(KeyId=md["KeyId"], NumberOfBytes=32),
        "GenerateDataKeyPair": lambda: kms.generate_data_key_pair(KeyId=md["KeyId"], KeyPairSpec="RSA_2048"),
        "Sign": lambda: kms.sign(KeyId=md["KeyId"], Message=b"x", SigningAlgorithm="RSASSA_PSS_SHA_256"),
        "GenerateMac": lambda: kms.generate_mac(KeyId=md["KeyId"], Message=b"x", MacAlgorithm="HMAC_SHA_256"),
    }
    with kms_error("InvalidKeyUsageException"):
        calls[op]()


def test_dry_run_encrypt_and_decrypt(kms, rsa_blob):
    md, blob = rsa_blob
    with kms_error("DryRunOperationException"):
        kms.encrypt(KeyId=md["KeyId"], Plaintext=b"x", EncryptionAlgorithm="RSAES_OAEP_SHA_1", DryRun=True)
    with kms_error("DryRunOperationException"):
        kms.decrypt(KeyId=md["KeyId"], CiphertextBlob=blob, EncryptionAlgorithm="RSAES_OAEP_SHA_256", DryRun=True)


# ------------------------------------------------------------------ ReEncrypt
def test_reencrypt_symmetric_to_rsa(kms, keys, symmetric_key):
    rsa_md = enc_key(keys, "RSA_3072")
    ec = {"from": "symmetric"}
    src = kms.encrypt(KeyId=symmetric_key["KeyId"], Plaintext=b"moving to RSA", EncryptionContext=ec)["CiphertextBlob"]
    out = kms.re_encrypt(CiphertextBlob=src, SourceEncryptionContext=ec, DestinationKeyId=rsa_md["KeyId"],
                         DestinationEncryptionAlgorithm="RSAES_OAEP_SHA_256")
    assert out["SourceKeyId"] == symmetric_key["Arn"] and out["KeyId"] == rsa_md["Arn"]
    assert out["SourceEncryptionAlgorithm"] == "SYMMETRIC_DEFAULT"
    assert out["DestinationEncryptionAlgorithm"] == "RSAES_OAEP_SHA_256"
    assert len(out["CiphertextBlob"]) == 384
    dec = kms.decrypt(KeyId=rsa_md["KeyId"], CiphertextBlob=out["CiphertextBlob"], EncryptionAlgorithm="RSAES_OAEP_SHA_256")
    assert dec["Plaintext"] == b"moving to RSA"


def test_reencrypt_rsa_to_symmetric(kms, keys, symmetric_key):
    rsa_md = enc_key(keys, "RSA_2048")
    pub = kms.get_public_key(KeyId=rsa_md["KeyId"])["PublicKey"]
    src = outside_encrypt(pub, "RSA_2048", "RSAES_OAEP_SHA_1", b"encrypted outside, re-encrypted inside")
    out = kms.re_encrypt(CiphertextBlob=src, SourceKeyId=rsa_md["KeyId"], SourceEncryptionAlgorithm="RSAES_OAEP_SHA_1",
                         DestinationKeyId=symmetric_key["KeyId"], DestinationEncryptionContext={"to": "symmetric"})
    assert out["SourceKeyId"] == rsa_md["Arn"] and out["KeyId"] == symmetric_key["Arn"]
    assert out["SourceEncryptionAlgorithm"] == "RSAES_OAEP_SHA_1"
    assert out["DestinationEncryptionAlgorithm"] == "SYMMETRIC_DEFAULT"
    dec = kms.decrypt(CiphertextBlob=out["CiphertextBlob"], EncryptionContext={"to": "symmetric"})
    assert dec["Plaintext"] == b"encrypted outside, re-encrypted inside" and dec["KeyId"] == symmetric_key["Arn"]


def test_reencrypt_rsa_to_rsa(kms, keys):
    a = enc_key(keys, "RSA_2048")
    b = enc_key(keys, "RSA_4096")
    src = kms.encrypt(KeyId=a["KeyId"], Plaintext=b"rsa to rsa", EncryptionAlgorithm="RSAES_OAEP_SHA_256")["CiphertextBlob"]
    out = kms.re_encrypt(CiphertextBlob=src, SourceKeyId=a["Arn"], SourceEncryptionAlgorithm="RSAES_OAEP_SHA_256",
                         DestinationKeyId=b["Arn"], DestinationEncryptionAlgorithm="RSAES_OAEP_SHA_1")
    assert out["SourceKeyId"] == a["Arn"] and out["KeyId"] == b["Arn"]
    assert (out["SourceEncryptionAlgorithm"], out["DestinationEncryptionAlgorithm"]) == ("RSAES_OAEP_SHA_256", "RSAES_OAEP_SHA_1")
    assert len(out["CiphertextBlob"]) == 512
    dec = kms.decrypt(KeyId=b["KeyId"], CiphertextBlob=out["CiphertextBlob"], EncryptionAlgorithm="RSAES_OAEP_SHA_1")
    assert dec["Plaintext"] == b"rsa to rsa"


def test_reencrypt_rsa_source_without_source_key_id_fails(kms, rsa_blob, symmetric_key):
    _, blob = rsa_blob
    with kms_error("InvalidCiphertextException"):
        kms.re_encrypt(CiphertextBlob=blob, SourceEncryptionAlgorithm="RSAES_OAEP_SHA_256",
                       DestinationKeyId=symmetric_key["KeyId"])


def test_reencrypt_to_rsa_with_destination_context_is_rejected(kms, keys, symmetric_key):
    rsa_md = enc_key(keys, "RSA_2048")
    src = kms.encrypt(KeyId=symmetric_key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    with kms_error("ValidationException"):
        kms.re_encrypt(CiphertextBlob=src, DestinationKeyId=rsa_md["KeyId"],
                       DestinationEncryptionAlgorithm="RSAES_OAEP_SHA_256", DestinationEncryptionContext={"a": "b"})


def test_reencrypt_to_rsa_of_a_plaintext_too_large_for_oaep(kms, keys, symmetric_key):
    rsa_md = enc_key(keys, "RSA_2048")
    src = kms.encrypt(KeyId=symmetric_key["KeyId"], Plaintext=os.urandom(191))["CiphertextBlob"]
    with kms_error("ValidationException"):
        kms.re_encrypt(CiphertextBlob=src, DestinationKeyId=rsa_md["KeyId"], DestinationEncryptionAlgorithm="RSAES_OAEP_SHA_256")


def test_reencrypt_to_rsa_without_destination_algorithm_is_rejected(kms, keys, symmetric_key):
    rsa_md = enc_key(keys, "RSA_2048")
    src = kms.encrypt(KeyId=symmetric_key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    with kms_error("InvalidKeyUsageException"):
        kms.re_encrypt(CiphertextBlob=src, DestinationKeyId=rsa_md["KeyId"])


def test_reencrypt_sm2_to_rsa(kms, keys):
    sm2 = enc_key(keys, "SM2")
    rsa_md = enc_key(keys, "RSA_3072")
    src = kms.encrypt(KeyId=sm2["KeyId"], Plaintext=b"sm2 to rsa", EncryptionAlgorithm="SM2PKE")["CiphertextBlob"]
    out = kms.re_encrypt(CiphertextBlob=src, SourceKeyId=sm2["KeyId"], SourceEncryptionAlgorithm="SM2PKE",
                         DestinationKeyId=rsa_md["KeyId"], DestinationEncryptionAlgorithm="RSAES_OAEP_SHA_1")
    dec = kms.decrypt(KeyId=rsa_md["KeyId"], CiphertextBlob=out["CiphertextBlob"], EncryptionAlgorithm="RSAES_OAEP_SHA_1")
    assert dec["Plaintext"] == b"sm2 to rsa"


# ------------------------------------------------------------------ key states
@pytest.fixture(scope="module")
def rsa_state_keys(kms):
    out = {}
    for state in ("Disabled", "PendingDeletion"):
        md = kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]
        blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"s", EncryptionAlgorithm="RSAES_OAEP_SHA_256")["CiphertextBlob"]
        if state == "Disabled":
            kms.disable_key(KeyId=md["KeyId"])
        else:
            kms.schedule_key_deletion(KeyId=md["KeyId"], PendingWindowInDays=7)
        out[state] = (md, blob)
    return out


STATE_OPS = {
    "Encrypt": lambda kms, md, blob: kms.encrypt(KeyId=md["KeyId"], Plaintext=b"x", EncryptionAlgorithm="RSAES_OAEP_SHA_256"),
    "Decrypt": lambda kms, md, blob: kms.decrypt(KeyId=md["KeyId"], CiphertextBlob=blob, EncryptionAlgorithm="RSAES_OAEP_SHA_256"),
    "GetPublicKey": lambda kms, md, blob: kms.get_public_key(KeyId=md["KeyId"]),
}


@pytest.mark.parametrize("op", list(STATE_OPS))
def test_disabled_rsa_key(kms, rsa_state_keys, op):
    md, blob = rsa_state_keys["Disabled"]
    with kms_error("DisabledException", f"{md['Arn']} is disabled."):
        STATE_OPS[op](kms, md, blob)


@pytest.mark.parametrize("op", list(STATE_OPS))
def test_pending_deletion_rsa_key(kms, rsa_state_keys, op):
    md, blob = rsa_state_keys["PendingDeletion"]
    with kms_error("KMSInvalidStateException", f"{md['Arn']} is pending deletion."):
        STATE_OPS[op](kms, md, blob)
