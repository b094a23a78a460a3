"""Key kinds of the asymmetric/HMAC capability and independent verifiers for them.

Shared by test_asymmetric_sign.py, test_asymmetric_encrypt.py, test_hmac.py,
test_key_agreement.py and test_data_key_pairs.py:

- ROWS: every KeySpec x KeyUsage pair with the algorithm list DescribeKey and
  GetPublicKey must show (seed-features §2.1 and the KMS API model).
- KeyCache: creates each kind of key once per module; for kinds that are still
  landing (PENDING_SPECS) an UnsupportedOperationException turns the test into
  an xfail, any other error (and that error for any other spec) fails it.
- SPKI parsing (a minimal DER reader, so SM2 and ML-DSA keys can be checked
  without a library that knows them), PEM wrapping and `openssl` CLI helpers.
- Independent verifiers where neither `cryptography` nor OpenSSL 3.0 has the
  algorithm: Ed25519ph (RFC 8032 §5.1 with phflag 1, written from the RFC and
  checked against its §7.3 test vector) and plain affine EC arithmetic on the
  SM2 curve (GM/T 0003.5 parameters) for ECDH and the SM2 Z value.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa, utils
from cryptography.hazmat.primitives.serialization import load_der_public_key

# Specs whose support is landing: an UnsupportedOperationException for these is an
# expected failure (xfail), for every other spec it is a failure.
PENDING_SPECS = frozenset({"ECC_SECG_P256K1", "ECC_NIST_EDWARDS25519", "SM2"})

RSA_BITS = {"RSA_2048": 2048, "RSA_3072": 3072, "RSA_4096": 4096}
RSA_SIGNING = (
    "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512",
    "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512",
)
RSA_ENCRYPTION = ("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256")
ECC_CURVES = {
    "ECC_NIST_P256": ec.SECP256R1,
    "ECC_NIST_P384": ec.SECP384R1,
    "ECC_NIST_P521": ec.SECP521R1,
    "ECC_SECG_P256K1": ec.SECP256K1,
}
ECDSA_ALG = {
    "ECC_NIST_P256": "ECDSA_SHA_256",
    "ECC_NIST_P384": "ECDSA_SHA_384",
    "ECC_NIST_P521": "ECDSA_SHA_512",
    "ECC_SECG_P256K1": "ECDSA_SHA_256",
}
HMAC_ALG = {"HMAC_224": "HMAC_SHA_224", "HMAC_256": "HMAC_SHA_256", "HMAC_384": "HMAC_SHA_384", "HMAC_512": "HMAC_SHA_512"}
HMAC_LEN = {"HMAC_224": 28, "HMAC_256": 32, "HMAC_384": 48, "HMAC_512": 64}

LIST_FIELD = {
    "ENCRYPT_DECRYPT": "EncryptionAlgorithms",
    "SIGN_VERIFY": "SigningAlgorithms",
    "GENERATE_VERIFY_MAC": "MacAlgorithms",
    "KEY_AGREEMENT": "KeyAgreementAlgorithms",
}
ALL_LIST_FIELDS = tuple(LIST_FIELD.values())


@dataclass(frozen=True)
class Row:
    spec: str
    usage: str
    algorithms: tuple

    @property
    def field(self) -> str:
        return LIST_FIELD[self.usage]

    @property
    def id(self) -> str:
        return f"{self.spec}-{self.usage}"


ROWS = (
    [Row(s, "ENCRYPT_DECRYPT", RSA_ENCRYPTION) for s in RSA_BITS]
    + [Row(s, "SIGN_VERIFY", RSA_SIGNING) for s in RSA_BITS]
    + [Row(s, "SIGN_VERIFY", (ECDSA_ALG[s],)) for s in ECC_CURVES]
    + [Row(s, "KEY_AGREEMENT", ("ECDH",)) for s in ("ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521")]
    + [Row("ECC_NIST_EDWARDS25519", "SIGN_VERIFY", ("ED25519_SHA_512", "ED25519_PH_SHA_512"))]
    + [Row(s, "SIGN_VERIFY", ("ML_DSA_SHAKE_256",)) for s in ("ML_DSA_44", "ML_DSA_65", "ML_DSA_87")]
    + [
        Row("SM2", "ENCRYPT_DECRYPT", ("SM2PKE",)),
        Row("SM2", "SIGN_VERIFY", ("SM2DSA",)),
        Row("SM2", "KEY_AGREEMENT", ("ECDH",)),
    ]
    + [Row(s, "GENERATE_VERIFY_MAC", (HMAC_ALG[s],)) for s in HMAC_ALG]
)


def rows(usage: str | None = None, specs=None) -> list:
    return [r for r in ROWS if (usage is None or r.usage == usage) and (specs is None or r.spec in specs)]


def row_params(usage: str | None = None, specs=None) -> list:
    return [pytest.param(r, id=r.id) for r in rows(usage, specs)]


# ------------------------------------------------------------------ key cache
def xfail_if_pending(spec: str, error: ClientError) -> None:
    """Turn UnsupportedOperationException for a still-landing spec into an xfail;
    re-raise everything else."""
    err = error.response.get("Error", {})
    if err.get("Code") == "UnsupportedOperationException" and spec in PENDING_SPECS:
        pytest.xfail(f"{spec} is not supported by this server yet: {err.get('Message')!r}")
    raise error


def call_or_xfail(spec: str, fn, *args, **kw):
    try:
        return fn(*args, **kw)
    except ClientError as e:
        xfail_if_pending(spec, e)


class KeyCache:
    """One key per (spec, usage) per module, created on first use."""

    def __init__(self, kms):
        self.kms = kms
        self._keys: dict = {}

    def get(self, spec: str, usage: str) -> dict:
        k = (spec, usage)
        if k not in self._keys:
            try:
                kw = {"KeySpec": spec, "KeyUsage": usage, "Description": f"conformance {spec} {usage}"}
                self._keys[k] = ("ok", self.kms.create_key(**kw)["KeyMetadata"])
            except ClientError as e:
                if e.response["Error"]["Code"] == "UnsupportedOperationException" and spec in PENDING_SPECS:
                    self._keys[k] = ("unsupported", e)
                else:
                    raise
        state, value = self._keys[k]
        if state == "unsupported":
            xfail_if_pending(spec, value)
        return value

    def row(self, row: Row) -> dict:
        return self.get(row.spec, row.usage)


# ----------------------------------------------------------- metadata checks
def assert_algorithm_lists(obj: dict, row: Row) -> None:
    """The row's list is present with exactly its algorithms; no other list is."""
    assert sorted(obj.get(row.field, [])) == sorted(row.algorithms), (row.field, obj.get(row.field))
    assert len(obj[row.field]) == len(set(obj[row.field])), obj[row.field]
    for other in ALL_LIST_FIELDS:
        if other != row.field:
            assert other not in obj, f"{other} must not be listed for {row.id}: {obj.get(other)}"


# --------------------------------------------------------------------- DER/SPKI
OID_RSA = "1.2.840.113549.1.1.1"
OID_EC = "1.2.840.10045.2.1"
OID_ED25519 = "1.3.101.112"
CURVE_OID = {
    "ECC_NIST_P256": "1.2.840.10045.3.1.7",
    "ECC_NIST_P384": "1.3.132.0.34",
    "ECC_NIST_P521": "1.3.132.0.35",
    "ECC_SECG_P256K1": "1.3.132.0.10",
    "SM2": "1.2.156.10197.1.301",
}
EC_POINT_LEN = {"ECC_NIST_P256": 65, "ECC_NIST_P384": 97, "ECC_NIST_P521": 133, "ECC_SECG_P256K1": 65, "SM2": 65}
ML_DSA_OID = {"ML_DSA_44": "2.16.840.1.101.3.4.3.17", "ML_DSA_65": "2.16.840.1.101.3.4.3.18", "ML_DSA_87": "2.16.840.1.101.3.4.3.19"}
ML_DSA_PUB_LEN = {"ML_DSA_44": 1312, "ML_DSA_65": 1952, "ML_DSA_87": 2592}


def der_read(buf: bytes, i: int = 0):
    """One DER TLV at i: (tag, value, index after it). Definite lengths only."""
    tag = buf[i]
    length = buf[i + 1]
    i += 2
    if length & 0x80:
        n = length & 0x7F
        assert 1 <= n <= 4, "bad DER length"
        length = int.from_bytes(buf[i:i + n], "big")
        i += n
    assert i + length <= len(buf), "DER value runs past the end"
    return tag, buf[i:i + length], i + length


def oid_str(b: bytes) -> str:
    parts = [b[0] // 40, b[0] % 40]
    v = 0
    for c in b[1:]:
        v = (v << 7) | (c & 0x7F)
        if not c & 0x80:
            parts.append(v)
            v = 0
    return ".".join(map(str, parts))


def oid_der(oid: str) -> bytes:
    nums = [int(x) for x in oid.split(".")]
    out = bytearray([nums[0] * 40 + nums[1]])
    for n in nums[2:]:
        enc = [n & 0x7F]
        n >>= 7
        while n:
            enc.append(0x80 | (n & 0x7F))
            n >>= 7
        out += bytes(reversed(enc))
    return bytes([0x06, len(out)]) + bytes(out)


def der_tlv(tag: int, value: bytes) -> bytes:
    n = len(value)
    if n < 0x80:
        return bytes([tag, n]) + value
    lb = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(lb)]) + lb + value


def spki_parts(der: bytes):
    """(algorithm OID, parameters (tag, value) or None, subjectPublicKey bytes)."""
    tag, body, end = der_read(der)
    assert tag == 0x30 and end == len(der), "SPKI is not one DER SEQUENCE"
    tag, alg, j = der_read(body)
    assert tag == 0x30, "AlgorithmIdentifier is not a SEQUENCE"
    tag, bits, k = der_read(body, j)
    assert tag == 0x03 and k == len(body), "subjectPublicKey is not the trailing BIT STRING"
    assert bits[0] == 0, "BIT STRING has unused bits"
    tag, oid, m = der_read(alg)
    assert tag == 0x06
    params = None
    if m < len(alg):
        ptag, pval, m2 = der_read(alg, m)
        assert m2 == len(alg)
        params = (ptag, pval)
    return oid_str(oid), params, bits[1:]


def ec_spki(curve_oid: str, point: bytes) -> bytes:
    alg = der_tlv(0x30, oid_der(OID_EC) + oid_der(curve_oid))
    return der_tlv(0x30, alg + der_tlv(0x03, b"\x00" + point))


def assert_spki(der: bytes, spec: str) -> None:
    """Algorithm identifier and key size of a public key, from its DER alone."""
    oid, params, key = spki_parts(der)
    if spec in RSA_BITS:
        assert oid == OID_RSA and params == (0x05, b""), (oid, params)
    elif spec in CURVE_OID:
        assert oid == OID_EC, oid
        assert params is not None and params[0] == 0x06 and oid_str(params[1]) == CURVE_OID[spec], params
        assert len(key) == EC_POINT_LEN[spec] and key[0] == 0x04, "expected an uncompressed point"
    elif spec == "ECC_NIST_EDWARDS25519":
        assert oid == OID_ED25519 and params is None and len(key) == 32, (oid, params, len(key))
    elif spec in ML_DSA_OID:
        assert oid == ML_DSA_OID[spec] and params is None and len(key) == ML_DSA_PUB_LEN[spec], (oid, params, len(key))
    else:
        raise AssertionError(f"no SPKI expectation for {spec}")


def assert_loads_in_cryptography(der: bytes, spec: str):
    """Load with `cryptography` and check type/curve/size; SM2 is not loadable there."""
    if spec == "SM2":
        return None
    pub = load_der_public_key(der)
    if spec in RSA_BITS:
        assert isinstance(pub, rsa.RSAPublicKey) and pub.key_size == RSA_BITS[spec]
        assert pub.public_numbers().e == 65537
    elif spec in ECC_CURVES:
        assert isinstance(pub, ec.EllipticCurvePublicKey)
        assert isinstance(pub.curve, ECC_CURVES[spec]), pub.curve.name
    elif spec == "ECC_NIST_EDWARDS25519":
        assert isinstance(pub, ed25519.Ed25519PublicKey)
    elif spec in ML_DSA_OID:
        from cryptography.hazmat.primitives.asymmetric import mldsa

        cls = {"ML_DSA_44": mldsa.MLDSA44PublicKey, "ML_DSA_65": mldsa.MLDSA65PublicKey, "ML_DSA_87": mldsa.MLDSA87PublicKey}[spec]
        assert isinstance(pub, cls), type(pub)
    else:
        raise AssertionError(spec)
    return pub


def pem_public(der: bytes) -> bytes:
    b = base64.encodebytes(der).replace(b"\n", b"")
    lines = [b[i:i + 64] for i in range(0, len(b), 64)]
    return b"-----BEGIN PUBLIC KEY-----\n" + b"\n".join(lines) + b"\n-----END PUBLIC KEY-----\n"


# --------------------------------------------------------------------- hashing
def hash_name(alg: str) -> str:
    if alg.startswith("ED25519"):
        return "sha512"
    if alg == "SM2DSA":
        return "sm3"
    for n in ("224", "256", "384", "512"):
        if alg.endswith("SHA_" + n):
            return "sha" + n
    if alg.endswith("SHA_1"):
        return "sha1"
    raise ValueError(alg)


def crypto_hash(alg: str) -> hashes.HashAlgorithm:
    return {"sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256,
            "sha384": hashes.SHA384, "sha512": hashes.SHA512}[hash_name(alg)]()


def digest(alg: str, message: bytes) -> bytes:
    return hashlib.new(hash_name(alg), message).digest()


# ------------------------------------------------------- external verification
def verify_with_cryptography(pub_der: bytes, alg: str, message: bytes, signature: bytes, *, prehashed: bool = False) -> None:
    """Raise cryptography.exceptions.InvalidSignature unless `signature` is a valid
    `alg` signature of `message` (or of the digest `message` when prehashed)."""
    if alg == "ED25519_PH_SHA_512":
        raw = spki_parts(pub_der)[2]
        if not ed25519ph_verify(raw, message, signature):
            from cryptography.exceptions import InvalidSignature

            raise InvalidSignature("Ed25519ph (RFC 8032 reference arithmetic) rejected the signature")
        return
    pub = load_der_public_key(pub_der)
    if alg in ("ED25519_SHA_512", "ML_DSA_SHAKE_256"):
        assert not prehashed
        pub.verify(signature, message)
        return
    h = crypto_hash(alg)
    algo = utils.Prehashed(h) if prehashed else h
    if alg.startswith("RSASSA_PSS"):
        # An explicit salt length makes OpenSSL require exactly that salt: hash length.
        pub.verify(signature, message, padding.PSS(mgf=padding.MGF1(h), salt_length=h.digest_size), algo)
    elif alg.startswith("RSASSA_PKCS1_V1_5"):
        pub.verify(signature, message, padding.PKCS1v15(), algo)
    elif alg.startswith("ECDSA"):
        pub.verify(signature, message, ec.ECDSA(algo))
    else:
        raise ValueError(alg)


def have_openssl() -> bool:
    return shutil.which("openssl") is not None


def openssl(args, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    p = subprocess.run(["openssl", *args], cwd=str(cwd), capture_output=True, timeout=60)
    if check and p.returncode != 0:
        raise AssertionError(f"openssl {' '.join(args)} exited {p.returncode}:\n{p.stdout.decode(errors='replace')}{p.stderr.decode(errors='replace')}")
    return p


class OpenSSLDir:
    """A temp directory holding the files an `openssl` invocation reads."""

    def __init__(self):
        self.path = Path(tempfile.mkdtemp(prefix="trent-openssl-"))

    def write(self, name: str, data: bytes) -> str:
        (self.path / name).write_bytes(data)
        return name

    def read(self, name: str) -> bytes:
        return (self.path / name).read_bytes()

    def run(self, *args, check: bool = True):
        return openssl(list(args), self.path, check=check)

    def close(self):
        shutil.rmtree(self.path, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def openssl_verify(pub_der: bytes, alg: str, message: bytes, signature: bytes, *, prehashed: bool = False) -> bool:
    """Verify with the `openssl` CLI: `dgst -verify` for raw messages,
    `pkeyutl -verify` for digests. True when OpenSSL says the signature is valid."""
    with OpenSSLDir() as d:
        d.write("pub.pem", pem_public(pub_der))
        d.write("msg.bin", message)
        d.write("sig.bin", signature)
        opts = []
        if alg.startswith("RSASSA_PSS"):
            flag = "-pkeyopt" if prehashed else "-sigopt"
            opts = [flag, "rsa_padding_mode:pss", flag, "rsa_pss_saltlen:digest", flag, f"rsa_mgf1_md:{hash_name(alg)}"]
        if alg == "SM2DSA":
            if prehashed:
                p = d.run("pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-in", "msg.bin", "-sigfile", "sig.bin", check=False)
            else:
                p = d.run("pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "msg.bin",
                          "-sigfile", "sig.bin", "-digest", "sm3", "-pkeyopt", "distid:1234567812345678", check=False)
        elif prehashed:
            p = d.run("pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-in", "msg.bin", "-sigfile", "sig.bin",
                      "-pkeyopt", f"digest:{hash_name(alg)}", *opts, check=False)
        else:
            p = d.run("dgst", f"-{hash_name(alg)}", "-verify", "pub.pem", "-signature", "sig.bin", *opts, "msg.bin", check=False)
        out = (p.stdout + p.stderr).decode(errors="replace")
        return p.returncode == 0 and "Verified" in out


# ---------------------------------------------------------- Ed25519ph (RFC 8032)
_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = (-121665 * pow(121666, _P - 2, _P)) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _ed_add(p, q):
    # Extended coordinates (X, Y, Z, T), RFC 8032 §5.1.4.
    x1, y1, z1, t1 = p
    x2, y2, z2, t2 = q
    a = (y1 - x1) * (y2 - x2) % _P
    b = (y1 + x1) * (y2 + x2) % _P
    c = t1 * 2 * _D * t2 % _P
    d = z1 * 2 * z2 % _P
    e, f, g, h = b - a, d - c, d + c, b + a
    return e * f % _P, g * h % _P, f * g % _P, e * h % _P


def _ed_mul(k, p):
    acc = (0, 1, 1, 0)
    while k:
        if k & 1:
            acc = _ed_add(acc, p)
        p = _ed_add(p, p)
        k >>= 1
    return acc


def _ed_eq(p, q):
    return (p[0] * q[2] - q[0] * p[2]) % _P == 0 and (p[1] * q[2] - q[1] * p[2]) % _P == 0


def _ed_decode(b: bytes):
    if len(b) != 32:
        return None
    y = int.from_bytes(b, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    if y >= _P:
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P) % _P
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P:
        return None
    if x == 0 and sign:
        return None
    if x & 1 != sign:
        x = _P - x
    return x, y, 1, x * y % _P


_B = _ed_decode((4 * pow(5, _P - 2, _P) % _P).to_bytes(32, "little"))
_DOM2_PH = b"SigEd25519 no Ed25519 collisions" + bytes([1, 0])  # phflag 1, empty context


def _ed_verify(pub: bytes, sig: bytes, prefix: bytes, m: bytes) -> bool:
    if len(sig) != 64:
        return False
    a = _ed_decode(pub)
    r = _ed_decode(sig[:32])
    s = int.from_bytes(sig[32:], "little")
    if a is None or r is None or s >= _L:
        return False
    k = int.from_bytes(hashlib.sha512(prefix + sig[:32] + pub + m).digest(), "little") % _L
    return _ed_eq(_ed_mul(s, _B), _ed_add(r, _ed_mul(k, a)))


def ed25519ph_verify(pub: bytes, message: bytes, sig: bytes) -> bool:
    """RFC 8032 §5.1.7 for Ed25519ph: PH(M) = SHA-512(M), dom2(1, "")."""
    return _ed_verify(pub, sig, _DOM2_PH, hashlib.sha512(message).digest())


def ed25519_verify_reference(pub: bytes, message: bytes, sig: bytes) -> bool:
    """Pure Ed25519 with the same arithmetic (used to check the arithmetic itself)."""
    return _ed_verify(pub, sig, b"", message)


# RFC 8032 §7.3 (Ed25519ph, message "abc")
RFC8032_PH_PUBLIC = bytes.fromhex("ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf")
RFC8032_PH_SIGNATURE = bytes.fromhex(
    "98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae41"
    "31f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406"
)


# ------------------------------------------------------------ SM2 curve (GM/T 0003.5)
SM2_P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
SM2_A = SM2_P - 3
SM2_B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
SM2_N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
SM2_G = (0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7,
         0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0)
SM2_DEFAULT_ID = b"1234567812345678"


def _sm2_add(p, q):
    if p is None:
        return q
    if q is None:
        return p
    (x1, y1), (x2, y2) = p, q
    if x1 == x2 and (y1 + y2) % SM2_P == 0:
        return None
    if p == q:
        lam = (3 * x1 * x1 + SM2_A) * pow(2 * y1, SM2_P - 2, SM2_P) % SM2_P
    else:
        lam = (y2 - y1) * pow(x2 - x1, SM2_P - 2, SM2_P) % SM2_P
    x3 = (lam * lam - x1 - x2) % SM2_P
    return x3, (lam * (x1 - x3) - y1) % SM2_P


def sm2_mul(k: int, p):
    acc = None
    while k:
        if k & 1:
            acc = _sm2_add(acc, p)
        p = _sm2_add(p, p)
        k >>= 1
    return acc


def sm2_on_curve(pt) -> bool:
    x, y = pt
    return (y * y - (x * x * x + SM2_A * x + SM2_B)) % SM2_P == 0


def sm2_point_bytes(pt) -> bytes:
    return b"\x04" + pt[0].to_bytes(32, "big") + pt[1].to_bytes(32, "big")


def sm2_point_from_spki(der: bytes):
    oid, params, key = spki_parts(der)
    assert oid == OID_EC and params and oid_str(params[1]) == CURVE_OID["SM2"], (oid, params)
    assert len(key) == 65 and key[0] == 4
    return int.from_bytes(key[1:33], "big"), int.from_bytes(key[33:], "big")


def sm2_keypair():
    d = int.from_bytes(os.urandom(40), "big") % (SM2_N - 1) + 1
    return d, sm2_mul(d, SM2_G)


def sm2_z(pub_point, distid: bytes = SM2_DEFAULT_ID) -> bytes:
    """Z_A = SM3(ENTL || ID || a || b || xG || yG || xA || yA) (GM/T 0003.2 §5.5)."""
    parts = [SM2_A, SM2_B, SM2_G[0], SM2_G[1], pub_point[0], pub_point[1]]
    data = (len(distid) * 8).to_bytes(2, "big") + distid + b"".join(v.to_bytes(32, "big") for v in parts)
    return hashlib.new("sm3", data).digest()


def sm2_digest(pub_point, message: bytes) -> bytes:
    """e = SM3(Z_A || M): the DIGEST an SM2DSA caller sends."""
    return hashlib.new("sm3", sm2_z(pub_point) + message).digest()
