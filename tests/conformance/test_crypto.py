"""Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext), GenerateRandom, DryRun.

AWS texts: InvalidCiphertextException carries no message (LocalStack's
AWS-recorded snapshots show Message ""; aws/aws-sdk-java#1323);
IncorrectKeyException "The key ID in the request does not identify a CMK that
can perform this operation."; plaintext size errors omit the (sensitive) value:
"1 validation error detected: Value at 'plaintext' failed to satisfy
constraint: Member must have length less than or equal to 4096";
GenerateRandom without NumberOfBytes: "NumberOfBytes is required." (both from
LocalStack's AWS-recorded snapshots).
"""

import base64
import os

import pytest
from botocore.exceptions import ClientError

from helpers import (
    INCORRECT_KEY_MSG,
    assert_enum_validation,
    kms_error,
    max_len,
    max_val,
    min_len,
    min_val,
    not_found_key_msg,
    random_uuid,
    unique,
    validation_msg,
)


@pytest.fixture
def key(new_key):
    return new_key()


@pytest.fixture
def aliased_key(trent, kms, new_key):
    md = new_key()
    alias = "alias/" + unique("crypto")
    kms.create_alias(AliasName=alias, TargetKeyId=md["KeyId"])
    return md, alias, trent.alias_arn(alias)


def invalid_ciphertext():
    return kms_error("InvalidCiphertextException", "")


# -------------------------------------------------------------------- Encrypt
def test_encrypt_decrypt_round_trip(kms, key):
    pt = os.urandom(100)
    enc = kms.encrypt(KeyId=key["KeyId"], Plaintext=pt)
    assert enc["KeyId"] == key["Arn"]
    assert enc["EncryptionAlgorithm"] == "SYMMETRIC_DEFAULT"
    assert pt not in enc["CiphertextBlob"]
    dec = kms.decrypt(CiphertextBlob=enc["CiphertextBlob"])
    assert dec["Plaintext"] == pt
    assert dec["KeyId"] == key["Arn"]
    assert dec["EncryptionAlgorithm"] == "SYMMETRIC_DEFAULT"


def test_encrypt_is_randomized(kms, key):
    a = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"same")["CiphertextBlob"]
    b = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"same")["CiphertextBlob"]
    assert a != b


def test_encrypt_with_every_identifier(kms, aliased_key):
    md, alias, alias_arn = aliased_key
    for ident in (md["KeyId"], md["Arn"], alias, alias_arn):
        enc = kms.encrypt(KeyId=ident, Plaintext=b"x")
        assert enc["KeyId"] == md["Arn"], ident
        assert kms.decrypt(CiphertextBlob=enc["CiphertextBlob"])["Plaintext"] == b"x"


def test_decrypt_with_every_identifier(kms, aliased_key):
    md, alias, alias_arn = aliased_key
    blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"id forms")["CiphertextBlob"]
    for ident in (md["KeyId"], md["Arn"], alias, alias_arn):
        dec = kms.decrypt(CiphertextBlob=blob, KeyId=ident)
        assert dec["Plaintext"] == b"id forms" and dec["KeyId"] == md["Arn"], ident


def test_decrypt_with_explicit_algorithm(kms, key):
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"a", EncryptionAlgorithm="SYMMETRIC_DEFAULT")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob, EncryptionAlgorithm="SYMMETRIC_DEFAULT")["Plaintext"] == b"a"


@pytest.mark.parametrize("size", [1, 4096])
def test_encrypt_plaintext_size_bounds(kms, key, size):
    pt = os.urandom(size)
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=pt)["CiphertextBlob"]
    assert len(blob) <= 6144
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == pt


def test_encrypt_plaintext_too_large(trent, key):
    kms = trent.client(parameter_validation=False)
    with kms_error("ValidationException", validation_msg(..., "plaintext", max_len(4096))) as e:
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"A" * 4097)
    assert "AAAA" not in e.message


def test_encrypt_empty_plaintext(trent, key):
    kms = trent.client(parameter_validation=False)
    with kms_error("ValidationException", validation_msg(..., "plaintext", min_len(1))):
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"")


def test_encrypt_unknown_key(trent, kms):
    kid = random_uuid()
    with kms_error("NotFoundException", not_found_key_msg(trent.key_arn(kid))):
        kms.encrypt(KeyId=kid, Plaintext=b"x")


def test_encrypt_invalid_algorithm_enum(trent, key):
    kms = trent.client(parameter_validation=False)
    with kms_error("ValidationException") as e:
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionAlgorithm="AES_GCM")
    assert_enum_validation(e.message, "AES_GCM", "encryptionAlgorithm",
                           ["SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "SM2PKE"])


def test_encrypt_too_many_grant_tokens(trent, key):
    kms = trent.client(parameter_validation=False)
    with kms_error("ValidationException", prefix="1 validation error detected: Value ",
                   contains="at 'grantTokens' failed to satisfy constraint: " + max_len(10)):
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x", GrantTokens=[f"t{i}" for i in range(11)])


# --------------------------------------------------------- encryption context
EC = {"purpose": "test", "Department": "Finance"}


def test_encryption_context_round_trip(kms, key):
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"ctx", EncryptionContext=EC)["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob, EncryptionContext=EC)["Plaintext"] == b"ctx"


def test_encryption_context_order_does_not_matter(kms, key):
    ordered = {"a": "1", "b": "2", "c": "3"}
    reversed_ = {"c": "3", "b": "2", "a": "1"}
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"ord", EncryptionContext=ordered)["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob, EncryptionContext=reversed_)["Plaintext"] == b"ord"


@pytest.mark.parametrize(
    "wrong",
    [
        None,                                                     # context missing
        {},                                                       # empty
        {"purpose": "test"},                                      # a pair missing
        {**EC, "extra": "pair"},                                  # a pair too many
        {"purpose": "TEST", "Department": "Finance"},             # value case differs
        {"Purpose": "test", "Department": "Finance"},             # key case differs
        {"purpose": "test", "Department": "Finance "},            # trailing space
        {"purposeDepartment": "testFinance"},                     # naive concatenation collision
    ],
)
def test_encryption_context_mismatch(kms, key, wrong):
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"ctx", EncryptionContext=EC)["CiphertextBlob"]
    args = {"CiphertextBlob": blob}
    if wrong is not None:
        args["EncryptionContext"] = wrong
    with invalid_ciphertext():
        kms.decrypt(**args)


def test_context_given_on_decrypt_only(kms, key):
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"noctx")["CiphertextBlob"]
    with invalid_ciphertext():
        kms.decrypt(CiphertextBlob=blob, EncryptionContext={"a": "b"})


def test_context_pair_boundaries_are_unambiguous(kms, key):
    """{"ab": "c"} and {"a": "bc"} must not authenticate each other."""
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"b", EncryptionContext={"ab": "c"})["CiphertextBlob"]
    with invalid_ciphertext():
        kms.decrypt(CiphertextBlob=blob, EncryptionContext={"a": "bc"})


def test_unicode_encryption_context(kms, key):
    ec = {"clé": "värde", "鍵": "値", "emoji": "🔐"}
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"u", EncryptionContext=ec)["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob, EncryptionContext=dict(reversed(list(ec.items()))))["Plaintext"] == b"u"


def test_encryption_context_empty_value(kms, key):
    ec = {"k": ""}
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"e", EncryptionContext=ec)["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob, EncryptionContext=ec)["Plaintext"] == b"e"
    with invalid_ciphertext():
        kms.decrypt(CiphertextBlob=blob)


# ------------------------------------------------------ tampered ciphertexts
def test_every_single_byte_flip_is_rejected(kms, key):
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"integrity matters", EncryptionContext={"a": "b"})["CiphertextBlob"]
    accepted, codes = [], {}
    for i in range(len(blob)):
        bad = bytearray(blob)
        bad[i] ^= 0x01
        try:
            kms.decrypt(CiphertextBlob=bytes(bad), EncryptionContext={"a": "b"})
            accepted.append(i)
        except ClientError as e:
            codes.setdefault(e.response["Error"]["Code"], []).append(i)
    assert accepted == [], f"tampered blobs decrypted at byte offsets {accepted}"
    assert set(codes) == {"InvalidCiphertextException"}, f"error codes by offset: {codes}"


def test_byte_flips_give_invalid_ciphertext_exception(kms, key):
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"flip")["CiphertextBlob"]
    for i in sorted({0, 1, len(blob) // 2, len(blob) - 17, len(blob) - 1}):
        bad = bytearray(blob)
        bad[i] ^= 0x80
        with invalid_ciphertext():
            kms.decrypt(CiphertextBlob=bytes(bad))


@pytest.mark.parametrize("cut", ["last-byte", "last-16", "half", "first-byte-only"])
def test_truncated_ciphertext(kms, key, cut):
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"truncate me please")["CiphertextBlob"]
    short = {
        "last-byte": blob[:-1],
        "last-16": blob[:-16],
        "half": blob[: len(blob) // 2],
        "first-byte-only": blob[:1],
    }[cut]
    with invalid_ciphertext():
        kms.decrypt(CiphertextBlob=short)


def test_extended_ciphertext(kms, key):
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"extend")["CiphertextBlob"]
    with invalid_ciphertext():
        kms.decrypt(CiphertextBlob=blob + b"\x00")


@pytest.mark.parametrize("size", [1, 64, 200, 6144])
def test_garbage_ciphertext(kms, size):
    with invalid_ciphertext():
        kms.decrypt(CiphertextBlob=os.urandom(size))


def test_ciphertext_too_large(trent):
    kms = trent.client(parameter_validation=False)
    with kms_error("ValidationException", prefix="1 validation error detected: Value ",
                   contains="at 'ciphertextBlob' failed to satisfy constraint: " + max_len(6144)):
        kms.decrypt(CiphertextBlob=os.urandom(6145))


def test_decrypt_with_other_key_id(kms, new_key):
    a, b = new_key(), new_key()
    blob = kms.encrypt(KeyId=a["KeyId"], Plaintext=b"mine")["CiphertextBlob"]
    with kms_error("IncorrectKeyException", INCORRECT_KEY_MSG):
        kms.decrypt(CiphertextBlob=blob, KeyId=b["KeyId"])
    with kms_error("IncorrectKeyException", INCORRECT_KEY_MSG):
        kms.decrypt(CiphertextBlob=blob, KeyId=b["Arn"])


def test_decrypt_with_unknown_key_id(trent, kms, key):
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    kid = random_uuid()
    with kms_error(("NotFoundException", "IncorrectKeyException")):
        kms.decrypt(CiphertextBlob=blob, KeyId=kid)


def test_ciphertexts_are_bound_to_their_key(kms, new_key):
    """Swapping the key reference inside a blob must not let another key open it."""
    a, b = new_key(), new_key()
    blob = kms.encrypt(KeyId=a["KeyId"], Plaintext=b"bound")["CiphertextBlob"]
    for old, new in ((a["KeyId"].encode(), b["KeyId"].encode()), (a["Arn"].encode(), b["Arn"].encode())):
        if old in blob:
            swapped = blob.replace(old, new)
            with kms_error(("InvalidCiphertextException", "IncorrectKeyException")):
                kms.decrypt(CiphertextBlob=swapped)


# ------------------------------------------------------------------ ReEncrypt
def test_reencrypt_between_keys(kms, new_key):
    a, b = new_key(), new_key()
    src_ec, dst_ec = {"stage": "one"}, {"stage": "two"}
    blob = kms.encrypt(KeyId=a["KeyId"], Plaintext=b"move me", EncryptionContext=src_ec)["CiphertextBlob"]
    r = kms.re_encrypt(CiphertextBlob=blob, SourceEncryptionContext=src_ec,
                       DestinationKeyId=b["KeyId"], DestinationEncryptionContext=dst_ec)
    assert r["SourceKeyId"] == a["Arn"]
    assert r["KeyId"] == b["Arn"]
    assert r["SourceEncryptionAlgorithm"] == "SYMMETRIC_DEFAULT"
    assert r["DestinationEncryptionAlgorithm"] == "SYMMETRIC_DEFAULT"
    assert "Plaintext" not in r
    new_blob = r["CiphertextBlob"]
    dec = kms.decrypt(CiphertextBlob=new_blob, EncryptionContext=dst_ec)
    assert dec["Plaintext"] == b"move me" and dec["KeyId"] == b["Arn"]
    with invalid_ciphertext():
        kms.decrypt(CiphertextBlob=new_blob, EncryptionContext=src_ec)
    with kms_error("IncorrectKeyException", INCORRECT_KEY_MSG):
        kms.decrypt(CiphertextBlob=new_blob, KeyId=a["KeyId"], EncryptionContext=dst_ec)


def test_reencrypt_same_key_and_identifiers(trent, kms, aliased_key):
    md, alias, alias_arn = aliased_key
    blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"same")["CiphertextBlob"]
    for src, dst in ((md["KeyId"], alias), (md["Arn"], alias_arn), (alias, md["Arn"])):
        r = kms.re_encrypt(CiphertextBlob=blob, SourceKeyId=src, DestinationKeyId=dst)
        assert r["KeyId"] == md["Arn"] and r["SourceKeyId"] == md["Arn"]
        assert r["CiphertextBlob"] != blob
        assert kms.decrypt(CiphertextBlob=r["CiphertextBlob"])["Plaintext"] == b"same"


def test_reencrypt_wrong_source_context(kms, new_key):
    a, b = new_key(), new_key()
    blob = kms.encrypt(KeyId=a["KeyId"], Plaintext=b"x", EncryptionContext={"k": "v"})["CiphertextBlob"]
    with invalid_ciphertext():
        kms.re_encrypt(CiphertextBlob=blob, DestinationKeyId=b["KeyId"])
    with invalid_ciphertext():
        kms.re_encrypt(CiphertextBlob=blob, DestinationKeyId=b["KeyId"], SourceEncryptionContext={"k": "V"})


def test_reencrypt_wrong_source_key(kms, new_key):
    a, b, c = new_key(), new_key(), new_key()
    blob = kms.encrypt(KeyId=a["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    with kms_error("IncorrectKeyException", INCORRECT_KEY_MSG):
        kms.re_encrypt(CiphertextBlob=blob, SourceKeyId=c["KeyId"], DestinationKeyId=b["KeyId"])


def test_reencrypt_unknown_destination(trent, kms, key):
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    kid = random_uuid()
    with kms_error("NotFoundException", not_found_key_msg(trent.key_arn(kid))):
        kms.re_encrypt(CiphertextBlob=blob, DestinationKeyId=kid)


def test_reencrypt_tampered_ciphertext(kms, new_key):
    a, b = new_key(), new_key()
    blob = bytearray(kms.encrypt(KeyId=a["KeyId"], Plaintext=b"x")["CiphertextBlob"])
    blob[-1] ^= 1
    with invalid_ciphertext():
        kms.re_encrypt(CiphertextBlob=bytes(blob), DestinationKeyId=b["KeyId"])


def test_reencrypt_missing_destination(trent, key, kms):
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    r = trent.raw("ReEncrypt", {"CiphertextBlob": base64.b64encode(blob).decode()})
    assert (r.status, r.error_type) == (400, "ValidationException")
    assert r.message == validation_msg(None, "destinationKeyId", "Member must not be null")


# ------------------------------------------------------------ GenerateDataKey
@pytest.mark.parametrize("spec,length", [("AES_256", 32), ("AES_128", 16)])
def test_generate_data_key_key_spec(kms, key, spec, length):
    r = kms.generate_data_key(KeyId=key["KeyId"], KeySpec=spec)
    assert len(r["Plaintext"]) == length
    assert r["KeyId"] == key["Arn"]
    assert kms.decrypt(CiphertextBlob=r["CiphertextBlob"])["Plaintext"] == r["Plaintext"]


@pytest.mark.parametrize("n", [1, 64, 1024])
def test_generate_data_key_number_of_bytes(kms, key, n):
    r = kms.generate_data_key(KeyId=key["KeyId"], NumberOfBytes=n)
    assert len(r["Plaintext"]) == n
    assert kms.decrypt(CiphertextBlob=r["CiphertextBlob"])["Plaintext"] == r["Plaintext"]


def test_generate_data_key_with_context_and_alias(kms, aliased_key):
    md, alias, _ = aliased_key
    ec = {"bucket": "b1", "object": "o1"}
    r = kms.generate_data_key(KeyId=alias, KeySpec="AES_256", EncryptionContext=ec)
    assert r["KeyId"] == md["Arn"]
    assert kms.decrypt(CiphertextBlob=r["CiphertextBlob"], EncryptionContext=ec)["Plaintext"] == r["Plaintext"]
    with invalid_ciphertext():
        kms.decrypt(CiphertextBlob=r["CiphertextBlob"])


def test_generate_data_keys_are_fresh(kms, key):
    keys = {kms.generate_data_key(KeyId=key["KeyId"], KeySpec="AES_256")["Plaintext"] for _ in range(5)}
    assert len(keys) == 5


def test_generate_data_key_both_spec_and_bytes(kms, key):
    with kms_error("ValidationException"):
        kms.generate_data_key(KeyId=key["KeyId"], KeySpec="AES_256", NumberOfBytes=32)


def test_generate_data_key_neither_spec_nor_bytes(kms, key):
    with kms_error("ValidationException"):
        kms.generate_data_key(KeyId=key["KeyId"])


@pytest.mark.parametrize("n,constraint", [(0, min_val(1)), (1025, max_val(1024))])
def test_generate_data_key_number_of_bytes_bounds(trent, key, n, constraint):
    kms = trent.client(parameter_validation=False)
    with kms_error("ValidationException", validation_msg(n, "numberOfBytes", constraint)):
        kms.generate_data_key(KeyId=key["KeyId"], NumberOfBytes=n)


def test_generate_data_key_invalid_key_spec(trent, key):
    kms = trent.client(parameter_validation=False)
    with kms_error("ValidationException") as e:
        kms.generate_data_key(KeyId=key["KeyId"], KeySpec="AES_512")
    assert_enum_validation(e.message, "AES_512", "keySpec", ["AES_256", "AES_128"])


def test_generate_data_key_unknown_key(trent, kms):
    kid = random_uuid()
    with kms_error("NotFoundException", not_found_key_msg(trent.key_arn(kid))):
        kms.generate_data_key(KeyId=kid, KeySpec="AES_256")


def test_generate_data_key_without_plaintext(kms, key):
    ec = {"x": "y"}
    r = kms.generate_data_key_without_plaintext(KeyId=key["KeyId"], KeySpec="AES_256", EncryptionContext=ec)
    assert "Plaintext" not in r
    assert r["KeyId"] == key["Arn"]
    assert len(kms.decrypt(CiphertextBlob=r["CiphertextBlob"], EncryptionContext=ec)["Plaintext"]) == 32
    r = kms.generate_data_key_without_plaintext(KeyId=key["KeyId"], NumberOfBytes=7)
    assert len(kms.decrypt(CiphertextBlob=r["CiphertextBlob"])["Plaintext"]) == 7


def test_generate_data_key_without_plaintext_errors(trent, kms, key):
    with kms_error("ValidationException"):
        kms.generate_data_key_without_plaintext(KeyId=key["KeyId"], KeySpec="AES_128", NumberOfBytes=16)
    with kms_error("ValidationException"):
        kms.generate_data_key_without_plaintext(KeyId=key["KeyId"])
    loose = trent.client(parameter_validation=False)
    with kms_error("ValidationException", validation_msg(1025, "numberOfBytes", max_val(1024))):
        loose.generate_data_key_without_plaintext(KeyId=key["KeyId"], NumberOfBytes=1025)


# ------------------------------------------------------------- GenerateRandom
@pytest.mark.parametrize("n", [1, 32, 1024])
def test_generate_random(kms, n):
    r = kms.generate_random(NumberOfBytes=n)
    assert len(r["Plaintext"]) == n


def test_generate_random_is_random(kms):
    outs = {kms.generate_random(NumberOfBytes=32)["Plaintext"] for _ in range(5)}
    assert len(outs) == 5


@pytest.mark.parametrize("n,constraint", [(0, min_val(1)), (1025, max_val(1024))])
def test_generate_random_bounds(trent, n, constraint):
    kms = trent.client(parameter_validation=False)
    with kms_error("ValidationException", validation_msg(n, "numberOfBytes", constraint)):
        kms.generate_random(NumberOfBytes=n)


def test_generate_random_requires_number_of_bytes(kms):
    with kms_error("ValidationException", "NumberOfBytes is required."):
        kms.generate_random()


# --------------------------------------------------------------------- DryRun
def _blob(kms, key, ec=None):
    return kms.encrypt(KeyId=key["KeyId"], Plaintext=b"dry", EncryptionContext=ec or {})["CiphertextBlob"]


DRY_RUN_CALLS = {
    "Encrypt": lambda kms, key, other: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x", DryRun=True),
    "Decrypt": lambda kms, key, other: kms.decrypt(CiphertextBlob=_blob(kms, key), DryRun=True),
    "ReEncrypt": lambda kms, key, other: kms.re_encrypt(
        CiphertextBlob=_blob(kms, key), DestinationKeyId=other["KeyId"], DryRun=True),
    "GenerateDataKey": lambda kms, key, other: kms.generate_data_key(KeyId=key["KeyId"], KeySpec="AES_256", DryRun=True),
    "GenerateDataKeyWithoutPlaintext": lambda kms, key, other: kms.generate_data_key_without_plaintext(
        KeyId=key["KeyId"], NumberOfBytes=32, DryRun=True),
}


@pytest.mark.parametrize("op", sorted(DRY_RUN_CALLS))
def test_dry_run_succeeds_with_dry_run_exception(kms, new_key, op):
    key, other = new_key(), new_key()
    with kms_error("DryRunOperationException"):
        DRY_RUN_CALLS[op](kms, key, other)


def test_dry_run_false_runs_normally(kms, key):
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x", DryRun=False)["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob, DryRun=False)["Plaintext"] == b"x"


def test_dry_run_reports_real_errors_first(trent, kms, new_key):
    kid = random_uuid()
    with kms_error("NotFoundException", not_found_key_msg(trent.key_arn(kid))):
        kms.encrypt(KeyId=kid, Plaintext=b"x", DryRun=True)
    disabled = new_key()
    kms.disable_key(KeyId=disabled["KeyId"])
    with kms_error("DisabledException", f"{disabled['Arn']} is disabled."):
        kms.generate_data_key(KeyId=disabled["KeyId"], KeySpec="AES_256", DryRun=True)
    loose = trent.client(parameter_validation=False)
    with kms_error("ValidationException", validation_msg(1025, "numberOfBytes", max_val(1024))):
        loose.generate_data_key(KeyId=disabled["KeyId"], NumberOfBytes=1025, DryRun=True)


def test_dry_run_decrypt_checks_the_ciphertext(kms, key):
    blob = _blob(kms, key, {"a": "b"})
    with invalid_ciphertext():
        kms.decrypt(CiphertextBlob=blob, EncryptionContext={"a": "c"}, DryRun=True)
    with kms_error("DryRunOperationException"):
        kms.decrypt(CiphertextBlob=blob, EncryptionContext={"a": "b"}, DryRun=True)


def test_dry_run_decrypt_wrong_key(kms, new_key):
    a, b = new_key(), new_key()
    blob = _blob(kms, a)
    with kms_error("IncorrectKeyException", INCORRECT_KEY_MSG):
        kms.decrypt(CiphertextBlob=blob, KeyId=b["KeyId"], DryRun=True)
