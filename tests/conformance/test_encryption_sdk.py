"""The AWS Encryption SDK for Python, pointed at Trent only through the ordinary
botocore configuration (a shared config file whose profile sets endpoint_url,
and Trent's credentials file). The SDK itself is used exactly as against AWS."""

import os

import aws_encryption_sdk
import aws_encryption_sdk.exceptions
import botocore.session
import pytest
from aws_encryption_sdk import CommitmentPolicy
from aws_encryption_sdk.key_providers.kms import (
    DiscoveryAwsKmsMasterKeyProvider,
    DiscoveryFilter,
    StrictAwsKmsMasterKeyProvider,
)


@pytest.fixture(scope="module")
def esdk_server(module_trent):
    return module_trent.new()


@pytest.fixture
def botocore_session(esdk_server, tmp_path):
    config = tmp_path / "aws-config"
    config.write_text(f"[default]\nregion = us-east-1\nendpoint_url = {esdk_server.endpoint}\n")
    s = botocore.session.Session()
    s.set_config_variable("config_file", str(config))
    s.set_config_variable("credentials_file", str(esdk_server.credentials_file))
    s.set_config_variable("profile", "default")
    return s


@pytest.fixture
def keys(esdk_server):
    kms = esdk_server.client()
    return [kms.create_key(Description=f"esdk {i}")["KeyMetadata"]["Arn"] for i in range(2)]


@pytest.fixture
def client():
    return aws_encryption_sdk.EncryptionSDKClient(
        commitment_policy=CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT
    )


def test_encrypt_decrypt_with_context(client, botocore_session, keys):
    provider = StrictAwsKmsMasterKeyProvider(key_ids=[keys[0]], botocore_session=botocore_session)
    plaintext = os.urandom(10000)
    context = {"tenant": "acme", "purpose": "conformance"}
    ciphertext, enc_header = client.encrypt(source=plaintext, key_provider=provider, encryption_context=context)
    assert plaintext not in ciphertext
    decrypted, dec_header = client.decrypt(source=ciphertext, key_provider=provider)
    assert decrypted == plaintext
    for k, v in context.items():
        assert dec_header.encryption_context[k] == v
    assert [edk.key_provider.key_info.decode() for edk in enc_header.encrypted_data_keys] == [keys[0]]


def test_multiple_master_keys(client, botocore_session, keys):
    both = StrictAwsKmsMasterKeyProvider(key_ids=keys, botocore_session=botocore_session)
    ciphertext, header = client.encrypt(source=b"for two keys", key_provider=both)
    assert len(header.encrypted_data_keys) == 2
    only_second = StrictAwsKmsMasterKeyProvider(key_ids=[keys[1]], botocore_session=botocore_session)
    assert client.decrypt(source=ciphertext, key_provider=only_second)[0] == b"for two keys"


def test_wrong_master_key_cannot_decrypt(client, botocore_session, keys):
    enc = StrictAwsKmsMasterKeyProvider(key_ids=[keys[0]], botocore_session=botocore_session)
    ciphertext, _ = client.encrypt(source=b"not for you", key_provider=enc)
    other = StrictAwsKmsMasterKeyProvider(key_ids=[keys[1]], botocore_session=botocore_session)
    with pytest.raises(aws_encryption_sdk.exceptions.AWSEncryptionSDKClientError):
        client.decrypt(source=ciphertext, key_provider=other)


def test_discovery_decrypt(client, botocore_session, keys, esdk_server):
    enc = StrictAwsKmsMasterKeyProvider(key_ids=[keys[0]], botocore_session=botocore_session)
    ciphertext, _ = client.encrypt(source=b"discover me", key_provider=enc, encryption_context={"a": "b"})
    disc = DiscoveryAwsKmsMasterKeyProvider(
        botocore_session=botocore_session,
        discovery_filter=DiscoveryFilter(account_ids=[esdk_server.account], partition="aws"),
    )
    assert client.decrypt(source=ciphertext, key_provider=disc)[0] == b"discover me"


def test_streaming_large_message(client, botocore_session, keys):
    provider = StrictAwsKmsMasterKeyProvider(key_ids=[keys[0]], botocore_session=botocore_session)
    plaintext = os.urandom(300_000)
    ciphertext, _ = client.encrypt(source=plaintext, key_provider=provider, frame_length=4096)
    assert client.decrypt(source=ciphertext, key_provider=provider)[0] == plaintext


def test_disabled_key_fails_cleanly(client, botocore_session, esdk_server):
    kms = esdk_server.client()
    arn = kms.create_key()["KeyMetadata"]["Arn"]
    provider = StrictAwsKmsMasterKeyProvider(key_ids=[arn], botocore_session=botocore_session)
    ciphertext, _ = client.encrypt(source=b"x", key_provider=provider)
    kms.disable_key(KeyId=arn)
    with pytest.raises(aws_encryption_sdk.exceptions.AWSEncryptionSDKClientError):
        client.decrypt(source=ciphertext, key_provider=provider)
    kms.enable_key(KeyId=arn)
    assert client.decrypt(source=ciphertext, key_provider=provider)[0] == b"x"
