"""Imported key material (BYOK): CreateKey Origin=EXTERNAL, GetParametersForImport,
ImportKeyMaterial and DeleteImportedKeyMaterial, with the key material wrapped
outside Trent (with `cryptography` and with the `openssl` CLI) and checked outside
Trent (Python `hmac`, `cryptography` signature verification and RSA encryption).

Sources: seed-features §1.8 and §8 (formats, wrapping algorithms, 24 h parameters,
expiration model, state transitions) and the KMS API model (shapes and errors).

AWS texts pinned: KMSInvalidStateException "<arn> is pending import." (seed-features
§3). Every other message below is the one Trent chose (AWS does not document them):
Sources/TrentAPI/Operations/ImportMaterial.swift, Service/ImportWrapping.swift,
Service/ImportToken.swift, Operations/Rotation.swift and TrentDomain/KeyReference.swift
("Invalid keyId '<text>'" for an alias, since these operations take a key id or key
ARN only).

The hidden server options `--scheduler-time-offset SECONDS` (moves the service clock)
and `--scheduler-interval SECONDS` are used to expire an import token and imported
key material without waiting.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac as pyhmac
import json
import os
import re
import subprocess
import time
from pathlib import Path

import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.keywrap import aes_key_wrap_with_padding
from cryptography.hazmat.primitives.serialization import load_der_public_key

from conftest import clean_env, store_is_postgresql
from helpers import kms_error, unique

DAY = 86400
WRAPPING_ALGORITHMS = ("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256")
WRAPPING_SPECS = {"RSA_2048": 2048, "RSA_3072": 3072, "RSA_4096": 4096}
HMAC_LEN = {"HMAC_224": 28, "HMAC_256": 32, "HMAC_384": 48, "HMAC_512": 64}
HMAC_ALG = {"HMAC_224": "HMAC_SHA_224", "HMAC_256": "HMAC_SHA_256", "HMAC_384": "HMAC_SHA_384", "HMAC_512": "HMAC_SHA_512"}
HMAC_HASH = {"HMAC_224": hashlib.sha224, "HMAC_256": hashlib.sha256, "HMAC_384": hashlib.sha384, "HMAC_512": hashlib.sha512}
ECC_CURVES = {
    "ECC_NIST_P256": (ec.SECP256R1, "ECDSA_SHA_256", hashes.SHA256),
    "ECC_NIST_P384": (ec.SECP384R1, "ECDSA_SHA_384", hashes.SHA384),
    "ECC_NIST_P521": (ec.SECP521R1, "ECDSA_SHA_512", hashes.SHA512),
    "ECC_SECG_P256K1": (ec.SECP256K1, "ECDSA_SHA_256", hashes.SHA256),
}
MATERIAL_ID = re.compile(r"^[0-9a-f]{64}$")

# Trent's texts (see the module docstring).
INCORRECT_MATERIAL_MSG = (
    "The key material in the request is invalid or is not the same key material that was "
    "previously imported into this KMS key."
)
INVALID_TOKEN_MSG = "Import token is invalid."
EXPIRED_TOKEN_MSG = "Import token has expired."
VALID_TO_REQUIRED_MSG = "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES"
VALID_TO_FORBIDDEN_MSG = "A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE"
VALID_TO_PAST_MSG = "The validTo date must be in the future."
VALID_TO_TOO_FAR_MSG = "The validTo date must be no more than 365 days from the current date."
SYMMETRIC_ONLY_MSG = "ImportType, KeyMaterialDescription and KeyMaterialId are valid only for symmetric encryption keys."
NEW_WITH_ID_MSG = "You cannot specify a KeyMaterialId with ImportType NEW_KEY_MATERIAL."
PKCS1_MSG = "The RSAES_PKCS1_V1_5 wrapping algorithm is no longer supported. Use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256."
SM2_REGION_MSG = "The SM2 wrapping key spec is supported only in the China Regions."


def pending_import_msg(arn):
    return f"{arn} is pending import."


def origin_msg(arn, origin="AWS_KMS"):
    return f"{arn} origin is {origin} which is not valid for this operation."


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc)


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def srv(module_trent):
    return module_trent.new()


@pytest.fixture(scope="module")
def kms(srv):
    return srv.client()


def external_key(kms, spec="SYMMETRIC_DEFAULT", usage=None, **kw):
    if usage is None:
        usage = {"SYMMETRIC_DEFAULT": "ENCRYPT_DECRYPT"}.get(spec, "GENERATE_VERIFY_MAC" if spec.startswith("HMAC") else "SIGN_VERIFY")
    return kms.create_key(KeySpec=spec, KeyUsage=usage, Origin="EXTERNAL", **kw)["KeyMetadata"]


# ------------------------------------------------------------------ material
def rsa_private(bits=2048):
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def pkcs8(private_key) -> bytes:
    return private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def spki(public_key) -> bytes:
    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


# ------------------------------------------------------------------ wrapping outside Trent
def _oaep(sha):
    h = hashes.SHA1() if sha == "SHA_1" else hashes.SHA256()
    return padding.OAEP(mgf=padding.MGF1(algorithm=h), algorithm=h, label=None)


def wrap(material: bytes, public_key_der: bytes, algorithm: str) -> bytes:
    """The wrapping a KMS client does, with `cryptography`."""
    pub = load_der_public_key(public_key_der)
    if algorithm in ("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"):
        return pub.encrypt(material, _oaep(algorithm[len("RSAES_OAEP_"):]))
    if algorithm in ("RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256"):
        aes_key = os.urandom(32)
        sha = algorithm[len("RSA_AES_KEY_WRAP_"):]
        return pub.encrypt(aes_key, _oaep(sha)) + aes_key_wrap_with_padding(aes_key, material)
    raise ValueError(algorithm)


def _run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, timeout=60, **kw)
    assert r.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{r.stderr.decode(errors='replace')}"
    return r.stdout


def wrap_openssl(material: bytes, public_key_der: bytes, algorithm: str, workdir: Path) -> bytes:
    """The same wrapping with the `openssl` CLI, as AWS's guide shows it."""
    workdir.mkdir(parents=True, exist_ok=True)
    tag = unique("w")
    pub = workdir / f"{tag}.wrap.der"
    pub.write_bytes(public_key_der)
    md = "sha1" if algorithm.endswith("SHA_1") else "sha256"

    def rsa_oaep(infile: Path, outfile: Path):
        _run(["openssl", "pkeyutl", "-encrypt", "-pubin", "-inkey", str(pub), "-keyform", "DER",
              "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", f"rsa_oaep_md:{md}",
              "-pkeyopt", f"rsa_mgf1_md:{md}", "-in", str(infile), "-out", str(outfile)])
        return outfile.read_bytes()

    src = workdir / f"{tag}.material"
    src.write_bytes(material)
    if algorithm.startswith("RSAES_OAEP_"):
        return rsa_oaep(src, workdir / f"{tag}.wrapped")
    aes = workdir / f"{tag}.aes"
    _run(["openssl", "rand", "-out", str(aes), "32"])
    aes_hex = aes.read_bytes().hex()
    wrapped_material = workdir / f"{tag}.aeswrapped"
    _run(["openssl", "enc", "-id-aes256-wrap-pad", "-K", aes_hex, "-iv", "A65959A6",
          "-in", str(src), "-out", str(wrapped_material)])
    wrapped_aes = rsa_oaep(aes, workdir / f"{tag}.rsawrapped")
    return wrapped_aes + wrapped_material.read_bytes()


def openssl_pkcs8(workdir: Path, *genpkey_args) -> bytes:
    """A private key from `openssl genpkey ... | openssl pkcs8 -topk8 -outform der -nocrypt`."""
    workdir.mkdir(parents=True, exist_ok=True)
    pem = _run(["openssl", "genpkey", *genpkey_args])
    return _run(["openssl", "pkcs8", "-topk8", "-outform", "der", "-nocrypt"], input=pem)


def params(kms, key_id, algorithm="RSAES_OAEP_SHA_256", spec="RSA_2048"):
    return kms.get_parameters_for_import(KeyId=key_id, WrappingAlgorithm=algorithm, WrappingKeySpec=spec)


def do_import(kms, key_id, material, algorithm="RSAES_OAEP_SHA_256", spec="RSA_2048", *,
              wrapper=wrap, expires=False, **kw):
    """GetParametersForImport, wrap outside Trent, ImportKeyMaterial."""
    p = params(kms, key_id, algorithm, spec)
    blob = wrapper(material, p["PublicKey"], algorithm)
    if not expires and "ExpirationModel" not in kw and "ValidTo" not in kw:
        kw["ExpirationModel"] = "KEY_MATERIAL_DOES_NOT_EXPIRE"
    return kms.import_key_material(KeyId=key_id, ImportToken=p["ImportToken"], EncryptedKeyMaterial=blob, **kw)


def verify_signature(public_key, signature, message, signing_algorithm):
    if isinstance(public_key, rsa.RSAPublicKey):
        h = {"256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512}[signing_algorithm[-3:]]()
        if signing_algorithm.startswith("RSASSA_PSS"):
            pad = padding.PSS(mgf=padding.MGF1(h), salt_length=h.digest_size)
        else:
            pad = padding.PKCS1v15()
        public_key.verify(signature, message, pad, h)
    else:
        h = {"256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512}[signing_algorithm[-3:]]()
        public_key.verify(signature, message, ec.ECDSA(h))


def assert_signs_with(kms, md, private_key, signing_algorithms):
    """GetPublicKey is the imported key's public half, and Trent's signatures verify outside."""
    pub = kms.get_public_key(KeyId=md["KeyId"])
    assert pub["PublicKey"] == spki(private_key.public_key())
    for alg in signing_algorithms:
        msg = os.urandom(64)
        sig = kms.sign(KeyId=md["KeyId"], Message=msg, SigningAlgorithm=alg)["Signature"]
        verify_signature(private_key.public_key(), sig, msg, alg)


def flip(b: bytes, i: int) -> bytes:
    b = bytearray(b)
    b[i] ^= 0x01
    return bytes(b)


# =================================================================== CreateKey Origin=EXTERNAL
CREATE_ROWS = [
    ("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT"),
    ("HMAC_224", "GENERATE_VERIFY_MAC"),
    ("HMAC_256", "GENERATE_VERIFY_MAC"),
    ("HMAC_384", "GENERATE_VERIFY_MAC"),
    ("HMAC_512", "GENERATE_VERIFY_MAC"),
    ("RSA_2048", "SIGN_VERIFY"),
    ("RSA_2048", "ENCRYPT_DECRYPT"),
    ("ECC_NIST_P256", "SIGN_VERIFY"),
    ("ECC_NIST_P384", "SIGN_VERIFY"),
    ("ECC_NIST_P521", "SIGN_VERIFY"),
    ("ECC_SECG_P256K1", "SIGN_VERIFY"),
]


@pytest.mark.parametrize("spec,usage", CREATE_ROWS, ids=[f"{s}-{u}" for s, u in CREATE_ROWS])
def test_create_external_key_is_pending_import(kms, spec, usage):
    md = external_key(kms, spec, usage)
    for meta in (md, kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]):
        assert meta["KeyState"] == "PendingImport"
        assert meta["Enabled"] is False
        assert meta["Origin"] == "EXTERNAL"
        assert meta["KeySpec"] == spec and meta["KeyUsage"] == usage
        assert "CurrentKeyMaterialId" not in meta
        assert "ExpirationModel" not in meta and "ValidTo" not in meta
    with kms_error("KMSInvalidStateException", pending_import_msg(md["Arn"])):
        kms.encrypt(KeyId=md["KeyId"], Plaintext=b"data")


PENDING_OPS = {
    "GenerateDataKey": ("SYMMETRIC_DEFAULT", None, lambda kms, k: kms.generate_data_key(KeyId=k, KeySpec="AES_256")),
    "Decrypt": ("RSA_2048", "ENCRYPT_DECRYPT", lambda kms, k: kms.decrypt(
        KeyId=k, CiphertextBlob=b"c" * 256, EncryptionAlgorithm="RSAES_OAEP_SHA_256")),
    "GenerateMac": ("HMAC_256", None, lambda kms, k: kms.generate_mac(KeyId=k, Message=b"m", MacAlgorithm="HMAC_SHA_256")),
    "VerifyMac": ("HMAC_256", None, lambda kms, k: kms.verify_mac(
        KeyId=k, Message=b"m", Mac=b"m" * 32, MacAlgorithm="HMAC_SHA_256")),
    "Sign": ("ECC_NIST_P256", None, lambda kms, k: kms.sign(KeyId=k, Message=b"m", SigningAlgorithm="ECDSA_SHA_256")),
    "Verify": ("RSA_2048", "SIGN_VERIFY", lambda kms, k: kms.verify(
        KeyId=k, Message=b"m", Signature=b"s" * 256, SigningAlgorithm="RSASSA_PSS_SHA_256")),
    "GetPublicKey": ("ECC_NIST_P384", None, lambda kms, k: kms.get_public_key(KeyId=k)),
}


@pytest.mark.parametrize("op", list(PENDING_OPS))
def test_pending_import_key_refuses_its_own_operations(kms, op):
    spec, usage, call = PENDING_OPS[op]
    md = external_key(kms, spec, usage)
    with kms_error("KMSInvalidStateException", pending_import_msg(md["Arn"])):
        call(kms, md["KeyId"])


# =================================================================== GetParametersForImport
PARAM_ROWS = [(a, s) for a in WRAPPING_ALGORITHMS for s in WRAPPING_SPECS]


@pytest.fixture(scope="module")
def sym_pending(kms):
    return external_key(kms)


@pytest.mark.parametrize("algorithm,spec", PARAM_ROWS, ids=[f"{a}-{s}" for a, s in PARAM_ROWS])
def test_get_parameters_for_import(kms, sym_pending, algorithm, spec):
    t0 = now_utc()
    r = params(kms, sym_pending["KeyId"], algorithm, spec)
    assert r["KeyId"] == sym_pending["Arn"]
    pub = load_der_public_key(r["PublicKey"])
    assert isinstance(pub, rsa.RSAPublicKey)
    assert pub.key_size == WRAPPING_SPECS[spec]
    assert spki(pub) == r["PublicKey"], "PublicKey must be a DER SubjectPublicKeyInfo"
    expected = t0 + datetime.timedelta(hours=24)
    assert abs((r["ParametersValidTo"] - expected).total_seconds()) < 120, r["ParametersValidTo"]
    assert isinstance(r["ImportToken"], bytes) and len(r["ImportToken"]) > 0


def test_get_parameters_by_arn_gives_a_new_wrapping_key_each_time(kms, sym_pending):
    a = params(kms, sym_pending["Arn"])
    b = params(kms, sym_pending["KeyId"])
    assert a["KeyId"] == b["KeyId"] == sym_pending["Arn"]
    assert a["ImportToken"] != b["ImportToken"]
    assert a["PublicKey"] != b["PublicKey"]


@pytest.mark.parametrize("spec", ["RSA_2048", "RSA_4096"])
def test_get_parameters_pkcs1_v1_5_is_refused(kms, sym_pending, spec):
    with kms_error("ValidationException", PKCS1_MSG):
        params(kms, sym_pending["KeyId"], "RSAES_PKCS1_V1_5", spec)


@pytest.mark.parametrize("algorithm,spec,message", [
    ("SM2PKE", "SM2", SM2_REGION_MSG),
    ("SM2PKE", "RSA_2048", "Wrapping algorithm SM2PKE is not compatible with wrapping key spec RSA_2048."),
    ("RSAES_OAEP_SHA_256", "SM2", "Wrapping algorithm RSAES_OAEP_SHA_256 is not compatible with wrapping key spec SM2."),
])
def test_get_parameters_sm2_outside_china_is_refused(kms, sym_pending, algorithm, spec, message):
    with kms_error("ValidationException", message):
        params(kms, sym_pending["KeyId"], algorithm, spec)


def test_get_parameters_on_aws_kms_key_is_unsupported(kms):
    md = kms.create_key()["KeyMetadata"]
    with kms_error("UnsupportedOperationException", origin_msg(md["Arn"])):
        params(kms, md["KeyId"])


@pytest.mark.parametrize("algorithm", ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"])
@pytest.mark.parametrize("usage", ["SIGN_VERIFY", "ENCRYPT_DECRYPT"])
def test_get_parameters_rsa_material_needs_rsa_aes_key_wrap(kms, algorithm, usage):
    md = external_key(kms, "RSA_2048", usage)
    with kms_error("ValidationException",
                   f"Wrapping algorithm {algorithm} is not supported for importing key material of key spec RSA_2048."):
        params(kms, md["KeyId"], algorithm, "RSA_4096" if algorithm.endswith("SHA_1") else "RSA_3072")
    for alg in ("RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256"):
        assert params(kms, md["KeyId"], alg, "RSA_2048")["KeyId"] == md["Arn"]


def test_get_parameters_p521_cannot_be_wrapped_directly_by_rsa_2048(kms):
    md = external_key(kms, "ECC_NIST_P521")
    for alg in ("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"):
        with kms_error("ValidationException",
                       f"Wrapping algorithm {alg} is not supported for importing key material of key spec ECC_NIST_P521."):
            params(kms, md["KeyId"], alg, "RSA_2048")
    assert params(kms, md["KeyId"], "RSAES_OAEP_SHA_256", "RSA_3072")["KeyId"] == md["Arn"]
    assert params(kms, md["KeyId"], "RSA_AES_KEY_WRAP_SHA_256", "RSA_2048")["KeyId"] == md["Arn"]


def test_alias_is_not_a_key_id_for_import_operations(kms, srv):
    md = external_key(kms)
    alias = "alias/" + unique("imp")
    kms.create_alias(AliasName=alias, TargetKeyId=md["KeyId"])
    alias_arn = srv.alias_arn(alias)
    for text in (alias, alias_arn):
        with kms_error("NotFoundException", f"Invalid keyId '{text}'"):
            params(kms, text)
        with kms_error("NotFoundException", f"Invalid keyId '{text}'"):
            kms.import_key_material(KeyId=text, ImportToken=b"t" * 16, EncryptedKeyMaterial=b"m" * 16,
                                    ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
        with kms_error("NotFoundException", f"Invalid keyId '{text}'"):
            kms.delete_imported_key_material(KeyId=text)


# =================================================================== ImportKeyMaterial: success
@pytest.mark.parametrize("algorithm", WRAPPING_ALGORITHMS)
def test_import_symmetric_wrapped_with_cryptography(kms, algorithm):
    md = external_key(kms)
    material = os.urandom(32)
    spec = "RSA_3072" if algorithm == "RSAES_OAEP_SHA_1" else "RSA_2048"
    r = do_import(kms, md["KeyId"], material, algorithm, spec)
    assert r["KeyId"] == md["Arn"]
    assert MATERIAL_ID.match(r["KeyMaterialId"]), r
    meta = kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]
    assert meta["KeyState"] == "Enabled" and meta["Enabled"] is True and meta["Origin"] == "EXTERNAL"
    assert meta["ExpirationModel"] == "KEY_MATERIAL_DOES_NOT_EXPIRE" and "ValidTo" not in meta
    assert meta["CurrentKeyMaterialId"] == r["KeyMaterialId"]
    pt = os.urandom(100)
    blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=pt, EncryptionContext={"a": "b"})["CiphertextBlob"]
    d = kms.decrypt(CiphertextBlob=blob, EncryptionContext={"a": "b"})
    assert d["Plaintext"] == pt and d["KeyId"] == md["Arn"]


@pytest.mark.parametrize("algorithm", WRAPPING_ALGORITHMS)
def test_import_symmetric_wrapped_with_openssl(kms, tmp_path, algorithm):
    md = external_key(kms)
    material = os.urandom(32)

    def wrapper(m, pub, alg):
        return wrap_openssl(m, pub, alg, tmp_path)

    r = do_import(kms, md["KeyId"], material, algorithm, "RSA_2048", wrapper=wrapper)
    assert r["KeyId"] == md["Arn"] and MATERIAL_ID.match(r["KeyMaterialId"])
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"
    blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"openssl wrapped")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"openssl wrapped"


def test_same_material_in_two_keys_gives_key_specific_material_ids(kms):
    material = os.urandom(32)
    a, b = external_key(kms), external_key(kms)
    ida = do_import(kms, a["KeyId"], material)["KeyMaterialId"]
    idb = do_import(kms, b["KeyId"], material)["KeyMaterialId"]
    assert ida != idb
    # symmetric imported keys are not interoperable (seed-features §8.1)
    blob = kms.encrypt(KeyId=a["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    with kms_error("IncorrectKeyException"):
        kms.decrypt(CiphertextBlob=blob, KeyId=b["KeyId"])


@pytest.mark.parametrize("spec", list(HMAC_LEN))
def test_import_hmac_material_matches_python_hmac(kms, spec):
    md = external_key(kms, spec)
    material = os.urandom(HMAC_LEN[spec])
    algorithm = "RSAES_OAEP_SHA_1" if spec in ("HMAC_224", "HMAC_384") else "RSAES_OAEP_SHA_256"
    r = do_import(kms, md["KeyId"], material, algorithm)
    assert r["KeyId"] == md["Arn"]
    assert "KeyMaterialId" not in r, "KeyMaterialId is returned for symmetric encryption keys only"
    meta = kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]
    assert meta["KeyState"] == "Enabled" and meta["Enabled"] is True
    assert "CurrentKeyMaterialId" not in meta
    msg = os.urandom(300)
    mac = kms.generate_mac(KeyId=md["KeyId"], Message=msg, MacAlgorithm=HMAC_ALG[spec])["Mac"]
    assert mac == pyhmac.new(material, msg, HMAC_HASH[spec]).digest()
    outside = pyhmac.new(material, b"made outside", HMAC_HASH[spec]).digest()
    assert kms.verify_mac(KeyId=md["KeyId"], Message=b"made outside", Mac=outside,
                          MacAlgorithm=HMAC_ALG[spec])["MacValid"] is True


def test_import_hmac_wrapped_with_openssl(kms, tmp_path):
    md = external_key(kms, "HMAC_512")
    material = os.urandom(64)
    do_import(kms, md["KeyId"], material, "RSAES_OAEP_SHA_256",
              wrapper=lambda m, p, a: wrap_openssl(m, p, a, tmp_path))
    mac = kms.generate_mac(KeyId=md["KeyId"], Message=b"abc", MacAlgorithm="HMAC_SHA_512")["Mac"]
    assert mac == pyhmac.new(material, b"abc", hashlib.sha512).digest()


RSA_SIGN_ALGS = ("RSASSA_PSS_SHA_256", "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PSS_SHA_512")


@pytest.mark.parametrize("algorithm", ["RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256"])
def test_import_rsa_signing_key_with_cryptography(kms, algorithm):
    md = external_key(kms, "RSA_2048", "SIGN_VERIFY")
    key = rsa_private(2048)
    r = do_import(kms, md["KeyId"], pkcs8(key), algorithm, "RSA_2048")
    assert r["KeyId"] == md["Arn"] and "KeyMaterialId" not in r
    meta = kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]
    assert meta["KeyState"] == "Enabled" and meta["Enabled"] is True and "CurrentKeyMaterialId" not in meta
    assert_signs_with(kms, md, key, RSA_SIGN_ALGS)


def test_import_rsa_3072_signing_key(kms):
    md = external_key(kms, "RSA_3072", "SIGN_VERIFY")
    key = rsa_private(3072)
    do_import(kms, md["KeyId"], pkcs8(key), "RSA_AES_KEY_WRAP_SHA_256", "RSA_3072")
    assert_signs_with(kms, md, key, ("RSASSA_PSS_SHA_384",))


def test_import_rsa_signing_key_made_and_wrapped_with_openssl(kms, tmp_path):
    md = external_key(kms, "RSA_2048", "SIGN_VERIFY")
    der = openssl_pkcs8(tmp_path, "-algorithm", "rsa", "-pkeyopt", "rsa_keygen_bits:2048")
    key = serialization.load_der_private_key(der, password=None)
    do_import(kms, md["KeyId"], der, "RSA_AES_KEY_WRAP_SHA_256", "RSA_2048",
              wrapper=lambda m, p, a: wrap_openssl(m, p, a, tmp_path))
    assert_signs_with(kms, md, key, RSA_SIGN_ALGS)


@pytest.mark.parametrize("oaep", ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"])
def test_import_rsa_encryption_key_decrypts_outside_ciphertext(kms, oaep):
    md = external_key(kms, "RSA_2048", "ENCRYPT_DECRYPT")
    key = rsa_private(2048)
    do_import(kms, md["KeyId"], pkcs8(key), "RSA_AES_KEY_WRAP_SHA_1" if oaep.endswith("1") else "RSA_AES_KEY_WRAP_SHA_256")
    assert kms.get_public_key(KeyId=md["KeyId"])["PublicKey"] == spki(key.public_key())
    pt = os.urandom(150)
    ct = key.public_key().encrypt(pt, _oaep(oaep[len("RSAES_OAEP_"):]))
    d = kms.decrypt(KeyId=md["KeyId"], CiphertextBlob=ct, EncryptionAlgorithm=oaep)
    assert d["Plaintext"] == pt and d["KeyId"] == md["Arn"]
    # and Trent's ciphertext decrypts outside with the private key
    ct2 = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"inside", EncryptionAlgorithm=oaep)["CiphertextBlob"]
    assert key.decrypt(ct2, _oaep(oaep[len("RSAES_OAEP_"):])) == b"inside"


ECC_IMPORT_ROWS = [
    ("ECC_NIST_P256", "RSAES_OAEP_SHA_256", "RSA_2048"),
    ("ECC_NIST_P384", "RSA_AES_KEY_WRAP_SHA_256", "RSA_2048"),
    ("ECC_NIST_P521", "RSAES_OAEP_SHA_256", "RSA_3072"),
    ("ECC_NIST_P521", "RSA_AES_KEY_WRAP_SHA_1", "RSA_2048"),
    ("ECC_SECG_P256K1", "RSAES_OAEP_SHA_1", "RSA_2048"),
]


@pytest.mark.parametrize("spec,algorithm,wrapping_spec", ECC_IMPORT_ROWS,
                         ids=[f"{s}-{a}-{w}" for s, a, w in ECC_IMPORT_ROWS])
def test_import_ecc_signing_key(kms, spec, algorithm, wrapping_spec):
    curve, signing, _h = ECC_CURVES[spec]
    md = external_key(kms, spec)
    key = ec.generate_private_key(curve())
    r = do_import(kms, md["KeyId"], pkcs8(key), algorithm, wrapping_spec)
    assert r["KeyId"] == md["Arn"] and "KeyMaterialId" not in r
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"
    assert_signs_with(kms, md, key, (signing,))
    # a signature made outside verifies in Trent
    msg = b"signed outside"
    sig = key.sign(msg, ec.ECDSA(_h()))
    assert kms.verify(KeyId=md["KeyId"], Message=msg, Signature=sig, SigningAlgorithm=signing)["SignatureValid"] is True


def test_import_ecc_key_made_and_wrapped_with_openssl(kms, tmp_path):
    md = external_key(kms, "ECC_NIST_P256")
    der = openssl_pkcs8(tmp_path, "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256")
    key = serialization.load_der_private_key(der, password=None)
    do_import(kms, md["KeyId"], der, "RSAES_OAEP_SHA_256", "RSA_2048",
              wrapper=lambda m, p, a: wrap_openssl(m, p, a, tmp_path))
    assert_signs_with(kms, md, key, ("ECDSA_SHA_256",))


def test_reimport_same_material_into_enabled_key(kms):
    md = external_key(kms)
    material = os.urandom(32)
    first = do_import(kms, md["KeyId"], material)["KeyMaterialId"]
    blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"p")["CiphertextBlob"]
    again = do_import(kms, md["KeyId"], material, "RSA_AES_KEY_WRAP_SHA_256")["KeyMaterialId"]
    assert again == first
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"p"


def test_reimport_into_a_disabled_key_keeps_it_disabled(kms):
    md = external_key(kms)
    material = os.urandom(32)
    do_import(kms, md["KeyId"], material)
    kms.disable_key(KeyId=md["KeyId"])
    do_import(kms, md["KeyId"], material)
    meta = kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]
    assert meta["KeyState"] == "Disabled" and meta["Enabled"] is False
    kms.enable_key(KeyId=md["KeyId"])
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"


def test_import_operations_on_a_key_pending_deletion(kms):
    md = external_key(kms)
    p = params(kms, md["KeyId"])
    kms.schedule_key_deletion(KeyId=md["KeyId"], PendingWindowInDays=7)
    msg = f"{md['Arn']} is pending deletion."
    with kms_error("KMSInvalidStateException", msg):
        params(kms, md["KeyId"])
    with kms_error("KMSInvalidStateException", msg):
        kms.import_key_material(KeyId=md["KeyId"], ImportToken=p["ImportToken"],
                                EncryptedKeyMaterial=wrap(os.urandom(32), p["PublicKey"], "RSAES_OAEP_SHA_256"),
                                ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")


# =================================================================== ImportKeyMaterial: errors
def test_symmetric_material_of_wrong_size(kms):
    md = external_key(kms)
    for n in (31, 16, 33, 64):
        with kms_error("IncorrectKeyMaterialException", INCORRECT_MATERIAL_MSG):
            do_import(kms, md["KeyId"], os.urandom(n))
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"


@pytest.mark.parametrize("spec,size", [("HMAC_512", 32), ("HMAC_224", 32), ("HMAC_256", 28), ("HMAC_384", 64)])
def test_hmac_material_of_wrong_size(kms, spec, size):
    md = external_key(kms, spec)
    with kms_error("IncorrectKeyMaterialException", INCORRECT_MATERIAL_MSG):
        do_import(kms, md["KeyId"], os.urandom(size))
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"


def test_private_key_of_wrong_type_or_size(kms):
    rsa_md = external_key(kms, "RSA_2048", "SIGN_VERIFY")
    p256 = pkcs8(ec.generate_private_key(ec.SECP256R1()))
    with kms_error("IncorrectKeyMaterialException", INCORRECT_MATERIAL_MSG):
        do_import(kms, rsa_md["KeyId"], p256, "RSA_AES_KEY_WRAP_SHA_256")
    with kms_error("IncorrectKeyMaterialException", INCORRECT_MATERIAL_MSG):
        do_import(kms, rsa_md["KeyId"], pkcs8(rsa_private(3072)), "RSA_AES_KEY_WRAP_SHA_256")
    with kms_error("IncorrectKeyMaterialException", INCORRECT_MATERIAL_MSG):
        do_import(kms, rsa_md["KeyId"], os.urandom(32), "RSA_AES_KEY_WRAP_SHA_256")
    ec_md = external_key(kms, "ECC_NIST_P256")
    with kms_error("IncorrectKeyMaterialException", INCORRECT_MATERIAL_MSG):
        do_import(kms, ec_md["KeyId"], pkcs8(ec.generate_private_key(ec.SECP384R1())), "RSA_AES_KEY_WRAP_SHA_256")
    for md in (rsa_md, ec_md):
        assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"


@pytest.mark.parametrize("spec", ["SYMMETRIC_DEFAULT", "HMAC_256", "ECC_NIST_P256"])
def test_reimport_of_different_material_is_refused(kms, spec):
    md = external_key(kms, spec)
    if spec == "SYMMETRIC_DEFAULT":
        first, second, alg = os.urandom(32), os.urandom(32), "RSAES_OAEP_SHA_256"
    elif spec == "HMAC_256":
        first, second, alg = os.urandom(32), os.urandom(32), "RSAES_OAEP_SHA_256"
    else:
        first, second = (pkcs8(ec.generate_private_key(ec.SECP256R1())) for _ in range(2))
        alg = "RSA_AES_KEY_WRAP_SHA_256"
    do_import(kms, md["KeyId"], first, alg)
    with kms_error("IncorrectKeyMaterialException", INCORRECT_MATERIAL_MSG):
        do_import(kms, md["KeyId"], second, alg)
    # also after the material was deleted: only the same material may come back
    kms.delete_imported_key_material(KeyId=md["KeyId"])
    with kms_error("IncorrectKeyMaterialException", INCORRECT_MATERIAL_MSG):
        do_import(kms, md["KeyId"], second, alg)
    do_import(kms, md["KeyId"], first, alg)
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"


def test_token_from_another_key_is_invalid(kms):
    a, b = external_key(kms), external_key(kms)
    p = params(kms, a["KeyId"])
    blob = wrap(os.urandom(32), p["PublicKey"], "RSAES_OAEP_SHA_256")
    with kms_error("InvalidImportTokenException", INVALID_TOKEN_MSG):
        kms.import_key_material(KeyId=b["KeyId"], ImportToken=p["ImportToken"], EncryptedKeyMaterial=blob,
                                ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    assert kms.describe_key(KeyId=b["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"
    # the pair still works for the key it was issued for
    kms.import_key_material(KeyId=a["KeyId"], ImportToken=p["ImportToken"], EncryptedKeyMaterial=blob,
                            ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")


def test_corrupted_token_is_invalid(kms):
    md = external_key(kms)
    p = params(kms, md["KeyId"])
    blob = wrap(os.urandom(32), p["PublicKey"], "RSAES_OAEP_SHA_256")
    token = p["ImportToken"]
    for bad in (flip(token, 0), flip(token, len(token) // 2), flip(token, -1), token[:-1], token + b"\x00",
                os.urandom(len(token)), b"not a token"):
        with kms_error("InvalidImportTokenException", INVALID_TOKEN_MSG):
            kms.import_key_material(KeyId=md["KeyId"], ImportToken=bad, EncryptedKeyMaterial=blob,
                                    ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"


def test_token_from_another_server_is_invalid(kms, module_trent):
    other = module_trent.new()
    okms = other.client()
    md = external_key(kms)
    # same key ARN is impossible across servers, so a token minted elsewhere fails to open
    omd = external_key(okms)
    p = params(okms, omd["KeyId"])
    blob = wrap(os.urandom(32), p["PublicKey"], "RSAES_OAEP_SHA_256")
    with kms_error("InvalidImportTokenException", INVALID_TOKEN_MSG):
        kms.import_key_material(KeyId=md["KeyId"], ImportToken=p["ImportToken"], EncryptedKeyMaterial=blob,
                                ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    other.stop()


def test_wrong_wrapping_is_invalid_ciphertext(kms):
    md = external_key(kms)
    material = os.urandom(32)
    p = params(kms, md["KeyId"], "RSAES_OAEP_SHA_256", "RSA_2048")
    other = params(kms, md["KeyId"], "RSAES_OAEP_SHA_256", "RSA_2048")
    stranger = rsa_private(2048).public_key()
    cases = {
        "another wrapping key of the same key": wrap(material, other["PublicKey"], "RSAES_OAEP_SHA_256"),
        "a key Trent never issued": stranger.encrypt(material, _oaep("SHA_256")),
        "OAEP SHA-1 under a SHA-256 token": wrap(material, p["PublicKey"], "RSAES_OAEP_SHA_1"),
        "OAEP SHA-256 digest with MGF1 SHA-1": load_der_public_key(p["PublicKey"]).encrypt(
            material, padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA256(), label=None)),
        "PKCS#1 v1.5 padding": load_der_public_key(p["PublicKey"]).encrypt(material, padding.PKCS1v15()),
        "garbage": os.urandom(256),
        "short garbage": b"\x01\x02\x03",
        "hybrid wrap under a direct token": wrap(material, p["PublicKey"], "RSA_AES_KEY_WRAP_SHA_256"),
    }
    for label, blob in cases.items():
        with kms_error("InvalidCiphertextException", ""):
            kms.import_key_material(KeyId=md["KeyId"], ImportToken=p["ImportToken"], EncryptedKeyMaterial=blob,
                                    ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"
    # the token is not used up by failures
    kms.import_key_material(KeyId=md["KeyId"], ImportToken=p["ImportToken"],
                            EncryptedKeyMaterial=wrap(material, p["PublicKey"], "RSAES_OAEP_SHA_256"),
                            ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")


def test_wrong_hybrid_wrapping_is_invalid_ciphertext(kms):
    md = external_key(kms, "ECC_NIST_P256")
    material = pkcs8(ec.generate_private_key(ec.SECP256R1()))
    p = params(kms, md["KeyId"], "RSA_AES_KEY_WRAP_SHA_256", "RSA_2048")
    good = wrap(material, p["PublicKey"], "RSA_AES_KEY_WRAP_SHA_256")
    pub = load_der_public_key(p["PublicKey"])
    aes = os.urandom(32)
    cases = {
        "RSA part only": good[:256],
        "AES part altered": good[:-1] + bytes([good[-1] ^ 1]),
        "AES part truncated": good[:-8],
        "RSA part altered": flip(good, 5),
        "SHA-1 OAEP under a SHA-256 token": wrap(material, p["PublicKey"], "RSA_AES_KEY_WRAP_SHA_1"),
        "direct OAEP under a hybrid token": wrap(b"x" * 32, p["PublicKey"], "RSAES_OAEP_SHA_256"),
        "AES key of 16 bytes": pub.encrypt(aes[:16], _oaep("SHA_256")) + aes_key_wrap_with_padding(aes[:16], material),
    }
    for label, blob in cases.items():
        with kms_error("InvalidCiphertextException", ""):
            kms.import_key_material(KeyId=md["KeyId"], ImportToken=p["ImportToken"], EncryptedKeyMaterial=blob,
                                    ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    kms.import_key_material(KeyId=md["KeyId"], ImportToken=p["ImportToken"], EncryptedKeyMaterial=good,
                            ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"


def test_import_into_aws_kms_key_is_unsupported(kms):
    md = kms.create_key()["KeyMetadata"]
    with kms_error("UnsupportedOperationException", origin_msg(md["Arn"])):
        kms.import_key_material(KeyId=md["KeyId"], ImportToken=b"t" * 32, EncryptedKeyMaterial=b"m" * 256,
                                ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")


def _expiry_cases():
    now = now_utc()
    return {
        "KEY_MATERIAL_EXPIRES without ValidTo": ({"ExpirationModel": "KEY_MATERIAL_EXPIRES"}, VALID_TO_REQUIRED_MSG),
        "default model without ValidTo": ({}, VALID_TO_REQUIRED_MSG),
        "DOES_NOT_EXPIRE with ValidTo": ({"ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE",
                                          "ValidTo": now + datetime.timedelta(days=1)}, VALID_TO_FORBIDDEN_MSG),
        "ValidTo in the past": ({"ExpirationModel": "KEY_MATERIAL_EXPIRES",
                                 "ValidTo": now - datetime.timedelta(minutes=5)}, VALID_TO_PAST_MSG),
        "ValidTo over 365 days": ({"ExpirationModel": "KEY_MATERIAL_EXPIRES",
                                   "ValidTo": now + datetime.timedelta(days=366)}, VALID_TO_TOO_FAR_MSG),
        "default model, ValidTo over 365 days": ({"ValidTo": now + datetime.timedelta(days=365, hours=1)},
                                                 VALID_TO_TOO_FAR_MSG),
    }


def test_expiration_model_and_valid_to_validation(kms):
    md = external_key(kms)
    material = os.urandom(32)
    p = params(kms, md["KeyId"])
    blob = wrap(material, p["PublicKey"], "RSAES_OAEP_SHA_256")
    for label, (kw, message) in _expiry_cases().items():
        with kms_error("ValidationException", message):
            kms.import_key_material(KeyId=md["KeyId"], ImportToken=p["ImportToken"], EncryptedKeyMaterial=blob, **kw)
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"
    # the longest allowed validity (just under 365 days) is accepted
    valid_to = now_utc() + datetime.timedelta(days=364, hours=23)
    kms.import_key_material(KeyId=md["KeyId"], ImportToken=p["ImportToken"], EncryptedKeyMaterial=blob,
                            ValidTo=valid_to)
    meta = kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]
    assert meta["ExpirationModel"] == "KEY_MATERIAL_EXPIRES"
    assert abs((meta["ValidTo"] - valid_to).total_seconds()) < 2


@pytest.mark.parametrize("extra", [
    {"ImportType": "NEW_KEY_MATERIAL"},
    {"ImportType": "EXISTING_KEY_MATERIAL"},
    {"KeyMaterialDescription": "my hmac material"},
    {"KeyMaterialId": "a" * 64},
])
def test_symmetric_only_parameters_on_an_hmac_key(kms, extra):
    md = external_key(kms, "HMAC_256")
    with kms_error("ValidationException", SYMMETRIC_ONLY_MSG):
        do_import(kms, md["KeyId"], os.urandom(32), **extra)
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"


def test_symmetric_only_parameters_on_an_ecc_key(kms):
    md = external_key(kms, "ECC_NIST_P256")
    with kms_error("ValidationException", SYMMETRIC_ONLY_MSG):
        do_import(kms, md["KeyId"], pkcs8(ec.generate_private_key(ec.SECP256R1())), ImportType="NEW_KEY_MATERIAL")


# =================================================================== ValidTo and expiry
def test_expired_import_token(trent_factory):
    srv = trent_factory.new()
    kms = srv.client()
    fresh, stale = external_key(kms), external_key(kms)
    material = os.urandom(32)
    p_fresh = params(kms, fresh["KeyId"])
    p_stale = params(kms, stale["KeyId"])
    # 23 hours later the parameters are still valid
    srv.restart(extra_args=["--scheduler-time-offset", str(23 * 3600)])
    kms = srv.client()
    kms.import_key_material(KeyId=fresh["KeyId"], ImportToken=p_fresh["ImportToken"],
                            EncryptedKeyMaterial=wrap(material, p_fresh["PublicKey"], "RSAES_OAEP_SHA_256"),
                            ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    # 25 hours later they have expired
    srv.restart(extra_args=["--scheduler-time-offset", str(DAY + 3600)])
    kms = srv.client()
    with kms_error("ExpiredImportTokenException", EXPIRED_TOKEN_MSG):
        kms.import_key_material(KeyId=stale["KeyId"], ImportToken=p_stale["ImportToken"],
                                EncryptedKeyMaterial=wrap(material, p_stale["PublicKey"], "RSAES_OAEP_SHA_256"),
                                ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    assert kms.describe_key(KeyId=stale["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"


def _wait_for(predicate, timeout=15.0, interval=0.25):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            return value
        time.sleep(interval)


def _audit_records(srv):
    path = srv.data_dir / "audit.log"
    if not path.exists():
        return []
    out = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if line:
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
    return out


def test_material_expires_and_same_material_comes_back(trent_factory):
    srv = trent_factory.new()
    kms = srv.client()
    md = external_key(kms)
    keep = external_key(kms)
    material = os.urandom(32)
    valid_to = now_utc() + datetime.timedelta(days=1)
    r = do_import(kms, md["KeyId"], material, ExpirationModel="KEY_MATERIAL_EXPIRES", ValidTo=valid_to)
    do_import(kms, keep["KeyId"], os.urandom(32))  # does not expire
    meta = kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]
    assert meta["KeyState"] == "Enabled" and meta["Origin"] == "EXTERNAL"
    assert meta["ExpirationModel"] == "KEY_MATERIAL_EXPIRES"
    assert abs((meta["ValidTo"] - valid_to).total_seconds()) < 2, meta["ValidTo"]
    rotations = kms.list_key_rotations(KeyId=md["KeyId"], IncludeKeyMaterial="ALL_KEY_MATERIAL")["Rotations"]
    assert [(x["KeyMaterialId"], x["ExpirationModel"]) for x in rotations] == [(r["KeyMaterialId"], "KEY_MATERIAL_EXPIRES")]
    blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"before expiry")["CiphertextBlob"]

    srv.restart(extra_args=["--scheduler-time-offset", str(2 * DAY), "--scheduler-interval", "0.5"])
    kms = srv.client()
    state = _wait_for(lambda: kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport")
    assert state, "the expired material was not deleted"
    meta = kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]
    assert meta["KeyState"] == "PendingImport" and meta["Enabled"] is False and meta["Origin"] == "EXTERNAL"
    assert "ExpirationModel" not in meta and "ValidTo" not in meta
    with kms_error("KMSInvalidStateException", pending_import_msg(md["Arn"])):
        kms.decrypt(CiphertextBlob=blob)
    with kms_error("KMSInvalidStateException", pending_import_msg(md["Arn"])):
        kms.encrypt(KeyId=md["KeyId"], Plaintext=b"x")
    assert kms.describe_key(KeyId=keep["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"

    def expiry_record():
        return [e for e in _audit_records(srv) if e.get("eventName") == "DeleteExpiredKeyMaterial"]

    records = _wait_for(expiry_record, timeout=5)
    assert len(records) == 1, records
    rec = records[0]
    assert rec["eventType"] == "AwsServiceEvent"
    assert rec.get("serviceEventDetails", {}).get("keyId") == md["Arn"], rec
    assert keep["Arn"] not in json.dumps(records)

    # the same material, with new parameters, brings the key and its ciphertexts back
    # (after a restart at the real time: parameters fetched while the clock is moved are
    # test_parameters_fetched_on_a_moved_clock_are_valid's subject)
    srv.restart()
    kms = srv.client()
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"
    r2 = do_import(kms, md["KeyId"], material)
    assert r2["KeyMaterialId"] == r["KeyMaterialId"]
    meta = kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]
    assert meta["KeyState"] == "Enabled" and meta["ExpirationModel"] == "KEY_MATERIAL_DOES_NOT_EXPIRE"
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"before expiry"


def test_parameters_fetched_on_a_moved_clock_are_valid(trent_factory):
    """A server whose service clock runs 2 days ahead (--scheduler-time-offset): parameters it
    issues now must be usable now. ParametersValidTo must be 24 h after the service's now."""
    srv = trent_factory.new(extra_args=["--scheduler-time-offset", str(2 * DAY)])
    kms = srv.client()
    md = external_key(kms)
    material = os.urandom(32)
    p = params(kms, md["KeyId"])
    kms.import_key_material(KeyId=md["KeyId"], ImportToken=p["ImportToken"],
                            EncryptedKeyMaterial=wrap(material, p["PublicKey"], "RSAES_OAEP_SHA_256"),
                            ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"


# =================================================================== DeleteImportedKeyMaterial
def test_delete_imported_symmetric_material(kms):
    md = external_key(kms)
    material = os.urandom(32)
    mid = do_import(kms, md["KeyId"], material)["KeyMaterialId"]
    blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"kept")["CiphertextBlob"]
    r = kms.delete_imported_key_material(KeyId=md["KeyId"])
    assert r["KeyId"] == md["Arn"] and r["KeyMaterialId"] == mid
    meta = kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]
    assert meta["KeyState"] == "PendingImport" and meta["Enabled"] is False
    assert "ExpirationModel" not in meta and "ValidTo" not in meta
    with kms_error("KMSInvalidStateException", pending_import_msg(md["Arn"])):
        kms.decrypt(CiphertextBlob=blob)
    rot = kms.list_key_rotations(KeyId=md["KeyId"], IncludeKeyMaterial="ALL_KEY_MATERIAL")["Rotations"]
    assert [(x["KeyMaterialId"], x["ImportState"]) for x in rot] == [(mid, "PENDING_IMPORT")]
    # again, on the PendingImport key: succeeds
    r = kms.delete_imported_key_material(KeyId=md["Arn"])
    assert r["KeyId"] == md["Arn"]
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"
    # the same material comes back, and so do the old ciphertexts
    assert do_import(kms, md["KeyId"], material, "RSA_AES_KEY_WRAP_SHA_1")["KeyMaterialId"] == mid
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"kept"


def test_delete_on_a_key_that_never_had_material(kms):
    md = external_key(kms)
    r = kms.delete_imported_key_material(KeyId=md["KeyId"])
    assert r["KeyId"] == md["Arn"] and "KeyMaterialId" not in r
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"


def _error_code(call):
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]
    return None, "succeeded"


def test_delete_imported_hmac_and_signing_material(kms):
    mac = external_key(kms, "HMAC_384")
    material = os.urandom(48)
    do_import(kms, mac["KeyId"], material)
    r = kms.delete_imported_key_material(KeyId=mac["KeyId"])
    assert r["KeyId"] == mac["Arn"] and "KeyMaterialId" not in r
    meta = kms.describe_key(KeyId=mac["KeyId"])["KeyMetadata"]
    assert meta["KeyState"] == "PendingImport" and meta["Enabled"] is False
    mac_refusal = _error_code(lambda: kms.generate_mac(KeyId=mac["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_384"))
    do_import(kms, mac["KeyId"], material)
    got = kms.generate_mac(KeyId=mac["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_384")["Mac"]
    assert got == pyhmac.new(material, b"m", hashlib.sha384).digest()

    sig = external_key(kms, "ECC_NIST_P384")
    key = ec.generate_private_key(ec.SECP384R1())
    do_import(kms, sig["KeyId"], pkcs8(key), "RSA_AES_KEY_WRAP_SHA_256")
    r = kms.delete_imported_key_material(KeyId=sig["KeyId"])
    assert r["KeyId"] == sig["Arn"] and "KeyMaterialId" not in r
    assert kms.describe_key(KeyId=sig["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"
    sign_refusal = _error_code(lambda: kms.sign(KeyId=sig["KeyId"], Message=b"m", SigningAlgorithm="ECDSA_SHA_384"))
    do_import(kms, sig["KeyId"], pkcs8(key), "RSA_AES_KEY_WRAP_SHA_256")
    assert_signs_with(kms, sig, key, ("ECDSA_SHA_384",))

    # while the material was deleted, the keys were refused as pending import
    assert mac_refusal == ("KMSInvalidStateException", pending_import_msg(mac["Arn"])), mac_refusal
    assert sign_refusal == ("KMSInvalidStateException", pending_import_msg(sig["Arn"])), sign_refusal


def test_delete_material_of_a_disabled_key(kms):
    md = external_key(kms)
    material = os.urandom(32)
    do_import(kms, md["KeyId"], material)
    kms.disable_key(KeyId=md["KeyId"])
    kms.delete_imported_key_material(KeyId=md["KeyId"])
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"
    do_import(kms, md["KeyId"], material)
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"


def test_delete_imported_material_on_aws_kms_key_is_unsupported(kms):
    md = kms.create_key()["KeyMetadata"]
    with kms_error("UnsupportedOperationException", origin_msg(md["Arn"])):
        kms.delete_imported_key_material(KeyId=md["KeyId"])
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"


def test_delete_with_key_material_id(kms):
    md = external_key(kms)
    mid = do_import(kms, md["KeyId"], os.urandom(32))["KeyMaterialId"]
    unknown = "0" * 64
    with kms_error("NotFoundException", f"Key material with ID {unknown} does not exist for {md['Arn']}."):
        kms.delete_imported_key_material(KeyId=md["KeyId"], KeyMaterialId=unknown)
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"
    r = kms.delete_imported_key_material(KeyId=md["KeyId"], KeyMaterialId=mid)
    assert r == {"KeyId": md["Arn"], "KeyMaterialId": mid, "ResponseMetadata": r["ResponseMetadata"]}
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"
    mac = external_key(kms, "HMAC_256")
    do_import(kms, mac["KeyId"], os.urandom(32))
    with kms_error("ValidationException", "KeyMaterialId is valid only for symmetric encryption keys."):
        kms.delete_imported_key_material(KeyId=mac["KeyId"], KeyMaterialId=mid)


# =================================================================== several imported materials
def _rotations(kms, key_id):
    return {x["KeyMaterialId"]: x for x in
            kms.list_key_rotations(KeyId=key_id, IncludeKeyMaterial="ALL_KEY_MATERIAL")["Rotations"]}


def test_new_key_material_and_on_demand_rotation(kms):
    md = external_key(kms)
    m1, m2 = os.urandom(32), os.urandom(32)
    id1 = do_import(kms, md["KeyId"], m1, KeyMaterialDescription="first material")["KeyMaterialId"]
    c1 = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"under m1")["CiphertextBlob"]
    with kms_error("UnsupportedOperationException",
                   f"{md['Arn']} has no imported key material pending rotation. Import new key material before rotating."):
        kms.rotate_key_on_demand(KeyId=md["KeyId"])

    r2 = do_import(kms, md["KeyId"], m2, "RSA_AES_KEY_WRAP_SHA_256",
                   ImportType="NEW_KEY_MATERIAL", KeyMaterialDescription="second material")
    id2 = r2["KeyMaterialId"]
    assert MATERIAL_ID.match(id2) and id2 != id1
    meta = kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]
    assert meta["CurrentKeyMaterialId"] == id1 and meta["KeyState"] == "Enabled"
    rot = _rotations(kms, md["KeyId"])
    assert set(rot) == {id1, id2}
    assert rot[id1]["KeyMaterialState"] == "CURRENT" and rot[id1]["ImportState"] == "IMPORTED"
    assert rot[id1]["KeyMaterialDescription"] == "first material"
    assert rot[id2]["KeyMaterialState"] == "PENDING_ROTATION" and rot[id2]["ImportState"] == "IMPORTED"
    assert rot[id2]["KeyMaterialDescription"] == "second material"
    assert rot[id2]["ExpirationModel"] == "KEY_MATERIAL_DOES_NOT_EXPIRE"
    assert "RotationType" not in rot[id2]
    assert kms.list_key_rotations(KeyId=md["KeyId"])["Rotations"] == []
    # still encrypting under the first material
    pending = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=pending).get("KeyMaterialId", id1) == id1

    # import errors around versions
    with kms_error("IncorrectKeyMaterialException", INCORRECT_MATERIAL_MSG):
        do_import(kms, md["KeyId"], m2, ImportType="EXISTING_KEY_MATERIAL", KeyMaterialId=id1)
    with kms_error("ValidationException", NEW_WITH_ID_MSG):
        do_import(kms, md["KeyId"], os.urandom(32), ImportType="NEW_KEY_MATERIAL", KeyMaterialId=id1)
    with kms_error("IncorrectKeyMaterialException",
                   f"The key material was already imported into {md['Arn']}. Import it with ImportType EXISTING_KEY_MATERIAL."):
        do_import(kms, md["KeyId"], m1, ImportType="NEW_KEY_MATERIAL")
    assert do_import(kms, md["KeyId"], m1, ImportType="EXISTING_KEY_MATERIAL", KeyMaterialId=id1)["KeyMaterialId"] == id1

    t0 = now_utc()
    assert kms.rotate_key_on_demand(KeyId=md["KeyId"])["KeyId"] == md["Arn"]
    meta = kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]
    assert meta["CurrentKeyMaterialId"] == id2 and meta["KeyState"] == "Enabled"
    rot = _rotations(kms, md["KeyId"])
    assert rot[id2]["KeyMaterialState"] == "CURRENT" and rot[id2]["RotationType"] == "ON_DEMAND"
    assert abs((rot[id2]["RotationDate"] - t0).total_seconds()) < 120
    assert rot[id1]["KeyMaterialState"] == "NON_CURRENT"
    only = kms.list_key_rotations(KeyId=md["KeyId"])["Rotations"]
    assert [x["KeyMaterialId"] for x in only] == [id2]

    c2 = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"under m2")["CiphertextBlob"]
    d1 = kms.decrypt(CiphertextBlob=c1)
    d2 = kms.decrypt(CiphertextBlob=c2)
    assert d1["Plaintext"] == b"under m1" and d2["Plaintext"] == b"under m2"
    assert d1.get("KeyMaterialId", id1) == id1 and d2.get("KeyMaterialId", id2) == id2
    # nothing left pending
    with kms_error("UnsupportedOperationException",
                   f"{md['Arn']} has no imported key material pending rotation. Import new key material before rotating."):
        kms.rotate_key_on_demand(KeyId=md["KeyId"])


def test_rotate_on_demand_on_pending_import_key(kms):
    """RotateKeyOnDemand is not in the guide's key-state table; an EXTERNAL key can be rotated
    on demand once it has material, so its PendingImport answer is the pending-import state
    error, not "origin is EXTERNAL which is not valid for this operation"."""
    md = external_key(kms)
    with kms_error("KMSInvalidStateException", pending_import_msg(md["Arn"])):
        kms.rotate_key_on_demand(KeyId=md["KeyId"])


def test_non_current_material_can_be_deleted_and_reimported(kms):
    md = external_key(kms)
    m1, m2 = os.urandom(32), os.urandom(32)
    id1 = do_import(kms, md["KeyId"], m1)["KeyMaterialId"]
    c1 = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"one")["CiphertextBlob"]
    id2 = do_import(kms, md["KeyId"], m2, ImportType="NEW_KEY_MATERIAL")["KeyMaterialId"]
    kms.rotate_key_on_demand(KeyId=md["KeyId"])
    r = kms.delete_imported_key_material(KeyId=md["KeyId"], KeyMaterialId=id1)
    assert r["KeyMaterialId"] == id1
    meta = kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]
    assert meta["KeyState"] == "Enabled" and meta["CurrentKeyMaterialId"] == id2
    assert _rotations(kms, md["KeyId"])[id1]["ImportState"] == "PENDING_IMPORT"
    with kms_error(("KMSInvalidStateException", "InvalidCiphertextException")):
        kms.decrypt(CiphertextBlob=c1)
    do_import(kms, md["KeyId"], m1, ImportType="EXISTING_KEY_MATERIAL", KeyMaterialId=id1)
    assert kms.decrypt(CiphertextBlob=c1)["Plaintext"] == b"one"


# =================================================================== durability and plaintext
def _populate(kms, tmp_path):
    """Symmetric (openssl-wrapped) with a second material rotated in, HMAC and RSA keys."""
    out = {}
    sym = external_key(kms)
    aes1, aes2 = os.urandom(32), os.urandom(32)
    do_import(kms, sym["KeyId"], aes1, "RSAES_OAEP_SHA_256", wrapper=lambda m, p, a: wrap_openssl(m, p, a, tmp_path))
    c1 = kms.encrypt(KeyId=sym["KeyId"], Plaintext=b"first")["CiphertextBlob"]
    do_import(kms, sym["KeyId"], aes2, "RSA_AES_KEY_WRAP_SHA_256", ImportType="NEW_KEY_MATERIAL",
              KeyMaterialDescription="second")
    kms.rotate_key_on_demand(KeyId=sym["KeyId"])
    c2 = kms.encrypt(KeyId=sym["KeyId"], Plaintext=b"second")["CiphertextBlob"]
    out["sym"] = (sym, aes1, aes2, c1, c2)
    mac = external_key(kms, "HMAC_256")
    hkey = os.urandom(32)
    do_import(kms, mac["KeyId"], hkey)
    out["mac"] = (mac, hkey)
    rsa_md = external_key(kms, "RSA_2048", "SIGN_VERIFY")
    rkey = rsa_private(2048)
    do_import(kms, rsa_md["KeyId"], pkcs8(rkey), "RSA_AES_KEY_WRAP_SHA_256",
              wrapper=lambda m, p, a: wrap_openssl(m, p, a, tmp_path))
    out["rsa"] = (rsa_md, rkey)
    return out


def _check_populated(kms, out):
    sym, aes1, aes2, c1, c2 = out["sym"]
    assert kms.decrypt(CiphertextBlob=c1)["Plaintext"] == b"first"
    assert kms.decrypt(CiphertextBlob=c2)["Plaintext"] == b"second"
    mac, hkey = out["mac"]
    assert kms.generate_mac(KeyId=mac["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_256")["Mac"] == \
        pyhmac.new(hkey, b"m", hashlib.sha256).digest()
    rsa_md, rkey = out["rsa"]
    assert_signs_with(kms, rsa_md, rkey, ("RSASSA_PSS_SHA_256",))


def test_imported_material_survives_restart(trent_factory, tmp_path):
    srv = trent_factory.new()
    kms = srv.client()
    out = _populate(kms, tmp_path)
    _check_populated(kms, out)
    srv.restart()
    kms = srv.client()
    _check_populated(kms, out)
    srv.kill9()
    srv.start()
    _check_populated(srv.client(), out)


def _needles(secret: bytes):
    return {"raw": secret, "hex": secret.hex().encode(), "HEX": secret.hex().upper().encode()}


def test_imported_material_is_never_stored_in_plaintext(trent_factory, tmp_path):
    srv = trent_factory.new()
    kms = srv.client()
    out = _populate(kms, tmp_path / "wrap")
    _check_populated(kms, out)
    _sym, aes1, aes2, _c1, _c2 = out["sym"]
    _mac, hkey = out["mac"]
    _rsa, rkey = out["rsa"]
    nums = rkey.private_numbers()
    nbytes = (rkey.key_size + 7) // 8
    der = pkcs8(rkey)
    secrets = {
        "AES material 1": aes1,
        "AES material 2": aes2,
        "HMAC material": hkey,
        "RSA PKCS#8 DER": der,
        "RSA PKCS#1 DER": rkey.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL,
                                             serialization.NoEncryption()),
        "RSA private exponent": nums.d.to_bytes(nbytes, "big").lstrip(b"\x00"),
        "RSA prime p": nums.p.to_bytes(nbytes // 2, "big").lstrip(b"\x00"),
        "RSA prime q": nums.q.to_bytes(nbytes // 2, "big").lstrip(b"\x00"),
    }

    def scan():
        files = [p for p in srv.data_dir.rglob("*") if p.is_file()]
        assert any(p.suffix == ".sqlite" or "db" in p.name for p in files) or files, "no files under the data dir"
        # On PostgreSQL the material is in the server's database, not the data dir: scan a dump.
        dump = srv.dump_store()
        if dump is not None:
            assert b"COPY " in dump.read_bytes(), f"{dump} holds no table data"
        hits = []
        for path in files + ([dump] if dump else []):
            data = path.read_bytes()
            where = path.relative_to(srv.data_dir) if path != dump else f"pg_dump of {srv.store_database}"
            for label, secret in secrets.items():
                needles = dict(_needles(secret))
                needles["base64"] = base64.b64encode(secret)
                for enc, needle in needles.items():
                    if needle in data:
                        hits.append(f"{label} ({enc}) in {where}")
        return [p.name for p in files], hits

    # crashed: the SQLite WAL is still there, not checkpointed
    srv.kill9()
    names, hits = scan()
    if not store_is_postgresql():
        assert any(n.endswith("-wal") for n in names), names
    assert not hits, hits
    # and after a clean restart and stop
    srv.start()
    _check_populated(srv.client(), out)
    srv.stop()
    names, hits = scan()
    assert not hits, hits


# =================================================================== AWS CLI v2
AWS_V2 = Path("/usr/bin/aws")


@pytest.mark.skipif(not AWS_V2.exists(), reason="AWS CLI v2 (/usr/bin/aws) is not installed")
def test_cli_v2_import_end_to_end(srv, kms, tmp_path):
    env = clean_env({
        "AWS_SHARED_CREDENTIALS_FILE": str(srv.credentials_file),
        "AWS_CONFIG_FILE": str(tmp_path / "no-config"),
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_PAGER": "",
        "HOME": str(tmp_path),
    })

    def aws(*args):
        cmd = [str(AWS_V2), *args, "--endpoint-url", srv.endpoint, "--output", "json"]
        r = subprocess.run(cmd, env=env, capture_output=True, timeout=120, cwd=str(tmp_path))
        assert r.returncode == 0, f"{' '.join(cmd)} failed:\n{r.stderr.decode()}"
        return json.loads(r.stdout) if r.stdout.strip() else None


    md = aws("kms", "create-key", "--origin", "EXTERNAL", "--key-spec", "RSA_2048", "--key-usage", "SIGN_VERIFY")["KeyMetadata"]
    assert md["KeyState"] == "PendingImport" and md["Origin"] == "EXTERNAL"
    p = aws("kms", "get-parameters-for-import", "--key-id", md["KeyId"],
            "--wrapping-algorithm", "RSA_AES_KEY_WRAP_SHA_256", "--wrapping-key-spec", "RSA_4096")
    assert p["KeyId"] == md["Arn"]
    (tmp_path / "token.bin").write_bytes(base64.b64decode(p["ImportToken"]))
    pub_der = base64.b64decode(p["PublicKey"])
    assert load_der_public_key(pub_der).key_size == 4096
    (tmp_path / "wrap.der").write_bytes(pub_der)

    # the guide's openssl steps: private key as PKCS#8 DER, AES key wrap with padding, RSA-OAEP SHA-256
    der = openssl_pkcs8(tmp_path, "-algorithm", "rsa", "-pkeyopt", "rsa_keygen_bits:2048")
    (tmp_path / "material.der").write_bytes(der)
    aes_hex = _run(["openssl", "rand", "-hex", "32"]).decode().strip()
    (tmp_path / "aes.bin").write_bytes(bytes.fromhex(aes_hex))
    _run(["openssl", "enc", "-id-aes256-wrap-pad", "-K", aes_hex, "-iv", "A65959A6",
          "-in", "material.der", "-out", "material.wrapped"], cwd=str(tmp_path))
    _run(["openssl", "pkeyutl", "-encrypt", "-pubin", "-inkey", "wrap.der", "-keyform", "DER",
          "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha256", "-pkeyopt", "rsa_mgf1_md:sha256",
          "-in", "aes.bin", "-out", "aes.wrapped"], cwd=str(tmp_path))
    (tmp_path / "wrapped.bin").write_bytes((tmp_path / "aes.wrapped").read_bytes() + (tmp_path / "material.wrapped").read_bytes())

    valid_to = (now_utc() + datetime.timedelta(days=30)).replace(microsecond=0)
    r = aws("kms", "import-key-material", "--key-id", md["KeyId"], "--import-token", "fileb://token.bin",
            "--encrypted-key-material", "fileb://wrapped.bin", "--expiration-model", "KEY_MATERIAL_EXPIRES",
            "--valid-to", valid_to.strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert r is None or r.get("KeyId") in (None, md["Arn"])

    meta = aws("kms", "describe-key", "--key-id", md["KeyId"])["KeyMetadata"]
    assert meta["KeyState"] == "Enabled" and meta["Enabled"] is True
    assert meta["ExpirationModel"] == "KEY_MATERIAL_EXPIRES"
    got = datetime.datetime.fromisoformat(str(meta["ValidTo"]).replace("Z", "+00:00"))
    assert abs((got - valid_to).total_seconds()) < 2, meta["ValidTo"]

    key = serialization.load_der_private_key(der, password=None)
    pub = aws("kms", "get-public-key", "--key-id", md["KeyId"])
    assert base64.b64decode(pub["PublicKey"]) == spki(key.public_key())
    (tmp_path / "msg.bin").write_bytes(b"signed through the cli")
    s = aws("kms", "sign", "--key-id", md["KeyId"], "--message", "fileb://msg.bin",
            "--signing-algorithm", "RSASSA_PSS_SHA_256")
    verify_signature(key.public_key(), base64.b64decode(s["Signature"]), b"signed through the cli", "RSASSA_PSS_SHA_256")

    d = aws("kms", "delete-imported-key-material", "--key-id", md["KeyId"])
    assert d is None or d.get("KeyId") in (None, md["Arn"])
    assert aws("kms", "describe-key", "--key-id", md["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"


# ------------------------------------------------------------------ regressions (review)
def test_cancel_deletion_of_a_key_without_material_returns_it_to_pending_import(kms):
    """Without its material a key must not become Disabled, from which EnableKey would make
    an unusable key Enabled."""
    md = external_key(kms)
    kms.schedule_key_deletion(KeyId=md["KeyId"], PendingWindowInDays=7)
    kms.cancel_key_deletion(KeyId=md["KeyId"])
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"
    with kms_error("KMSInvalidStateException", pending_import_msg(md["Arn"])):
        kms.enable_key(KeyId=md["KeyId"])

    material = os.urandom(32)
    do_import(kms, md["KeyId"], material)
    kms.schedule_key_deletion(KeyId=md["KeyId"], PendingWindowInDays=7)
    kms.delete_imported_key_material(KeyId=md["KeyId"])
    kms.cancel_key_deletion(KeyId=md["KeyId"])
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"


def test_valid_to_no_date_can_have_is_refused_not_a_crash(srv, kms):
    """A key policy with a kms:ValidTo condition reads ValidTo before the request is checked:
    a number beyond any date must be refused, and the server must keep serving."""
    md = external_key(kms)
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "root", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{srv.account}:root"},
             "Action": "kms:*", "Resource": "*"},
            {"Sid": "short", "Effect": "Deny", "Principal": "*", "Action": "kms:ImportKeyMaterial", "Resource": "*",
             "Condition": {"NumericGreaterThan": {"kms:ValidTo": "4102444800"}}},
        ],
    }
    kms.put_key_policy(KeyId=md["KeyId"], PolicyName="default", Policy=json.dumps(policy))
    p = params(kms, md["KeyId"])
    for huge in ("1e300", "1e400", "-1e400"):
        # Raw JSON text: Python's json would write "Infinity", which is not JSON at all.
        body = json.dumps({"KeyId": md["KeyId"], "ImportToken": base64.b64encode(p["ImportToken"]).decode(),
                           "EncryptedKeyMaterial": base64.b64encode(b"\x00" * 256).decode(), "ValidTo": 0})
        r = srv.raw("ImportKeyMaterial", body.replace('"ValidTo": 0', f'"ValidTo": {huge}').encode())
        assert r.status == 400, (huge, r.status, r.json)
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"
