"""Wire details where Trent used to differ from AWS (issue 11, item 5, and the served
regions of item 3).

Texts: the tag errors ("Tags beginning with aws: are reserved", "Duplicate tag keys",
"Too many tags", all TagException) and DeriveSharedSecret's empty message for a peer key
it cannot parse are the texts issue 11 records from AWS; the region refusal is
"Credential should be scoped to a valid region. " (see Sources/TrentAuth/SigV4Errors.swift
for its sources). KeyMaterialId, SourceKeyMaterialId and DestinationKeyMaterialId are
documented by the API model for symmetric keys only.
"""

from __future__ import annotations

import subprocess

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import load_der_public_key

from conftest import clean_env, free_port, trent_bin
from helpers import kms_error

REGION_TEXT = "Credential should be scoped to a valid region. "


@pytest.mark.parametrize("key", ["aws:owner", "AWS:owner", "Aws:x", "aWs:y"])
def test_aws_prefix_reserved_in_any_case(kms, new_key, key):
    kid = new_key()["KeyId"]
    with kms_error("TagException", "Tags beginning with aws: are reserved"):
        kms.tag_resource(KeyId=kid, Tags=[{"TagKey": key, "TagValue": "v"}])
    with kms_error("TagException", "Tags beginning with aws: are reserved"):
        kms.create_key(Tags=[{"TagKey": key, "TagValue": "v"}])


def test_prefix_without_colon_is_an_ordinary_tag(kms, new_key):
    kid = new_key()["KeyId"]
    kms.tag_resource(KeyId=kid, Tags=[{"TagKey": "awsx", "TagValue": "v"}])
    assert kms.list_resource_tags(KeyId=kid)["Tags"] == [{"TagKey": "awsx", "TagValue": "v"}]


def test_duplicate_tag_keys_text(kms, new_key):
    kid = new_key()["KeyId"]
    dup = [{"TagKey": "dup", "TagValue": "1"}, {"TagKey": "dup", "TagValue": "2"}]
    with kms_error("TagException", "Duplicate tag keys"):
        kms.tag_resource(KeyId=kid, Tags=dup)
    with kms_error("TagException", "Duplicate tag keys"):
        kms.create_key(Tags=dup)


def test_too_many_tags_text(kms, new_key):
    fifty_one = [{"TagKey": f"k{i}", "TagValue": "v"} for i in range(51)]
    with kms_error("TagException", "Too many tags"):
        kms.create_key(Tags=fifty_one)
    kid = new_key(Tags=fifty_one[:50])["KeyId"]
    with kms_error("TagException", "Too many tags"):
        kms.tag_resource(KeyId=kid, Tags=[{"TagKey": "one-more", "TagValue": "v"}])


def test_key_material_ids_only_for_symmetric_keys(kms, new_key):
    sym = new_key()["KeyId"]
    rsa = kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]["KeyId"]

    blob = kms.encrypt(KeyId=sym, Plaintext=b"p")["CiphertextBlob"]
    out = kms.decrypt(CiphertextBlob=blob)
    assert len(out["KeyMaterialId"]) == 64

    public = load_der_public_key(kms.get_public_key(KeyId=rsa)["PublicKey"])
    oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
    rsa_blob = public.encrypt(b"p", oaep)
    out = kms.decrypt(KeyId=rsa, CiphertextBlob=rsa_blob, EncryptionAlgorithm="RSAES_OAEP_SHA_256")
    assert out["Plaintext"] == b"p"
    assert "KeyMaterialId" not in out

    # RSA source → symmetric destination: only the destination has a material id.
    out = kms.re_encrypt(
        CiphertextBlob=rsa_blob, SourceKeyId=rsa, SourceEncryptionAlgorithm="RSAES_OAEP_SHA_256",
        DestinationKeyId=sym,
    )
    assert "SourceKeyMaterialId" not in out and len(out["DestinationKeyMaterialId"]) == 64
    # Symmetric source → RSA destination: only the source has one.
    out = kms.re_encrypt(
        CiphertextBlob=blob, DestinationKeyId=rsa, DestinationEncryptionAlgorithm="RSAES_OAEP_SHA_256",
    )
    assert len(out["SourceKeyMaterialId"]) == 64 and "DestinationKeyMaterialId" not in out


def test_derive_shared_secret_malformed_public_key_has_empty_message(kms):
    kid = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="KEY_AGREEMENT")["KeyMetadata"]["KeyId"]
    with kms_error("ValidationException", ""):
        kms.derive_shared_secret(KeyId=kid, KeyAgreementAlgorithm="ECDH", PublicKey=b"\x30\x03\x02\x01\x01")


def test_region_not_served_is_refused(trent):
    kms = trent.client(region="us-fakey-12")
    with kms_error("InvalidSignatureException", REGION_TEXT):
        kms.list_keys()
    # A region of another partition is not served by default either.
    with kms_error("InvalidSignatureException", REGION_TEXT):
        trent.client(region="cn-north-1").list_keys()


def test_regions_option_restricts_the_served_set(trent_factory):
    srv = trent_factory.new(start=False)
    srv.start(extra_args=["--regions", "eu-west-1,cn-north-1"])
    assert srv.client(region="eu-west-1").list_keys()["Keys"] == []
    key = srv.client(region="cn-north-1").create_key()["KeyMetadata"]
    assert key["Arn"].startswith("arn:aws-cn:kms:cn-north-1:")
    with kms_error("InvalidSignatureException", REGION_TEXT):
        srv.client(region="us-east-1").list_keys()


@pytest.mark.parametrize("value", ["", "us-east-1,", "US-EAST-1", "us-east"])
def test_bad_regions_option_is_refused_at_start(tmp_path, value):
    result = subprocess.run(
        [str(trent_bin()), "serve", "--data-dir", str(tmp_path / "data"),
         "--listen", f"127.0.0.1:{free_port()}", "--regions", value],
        capture_output=True, text=True, timeout=20, env=clean_env(), stdin=subprocess.DEVNULL,
    )
    assert result.returncode != 0
    assert "--regions:" in result.stderr, result.stderr
    assert not (tmp_path / "data").exists(), "a refused option must not create the data directory"
