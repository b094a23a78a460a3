"""Transport: TLS with --tls-cert/--tls-key, and the refusal to serve plain HTTP on a
non-loopback address. Servers here are started by hand (the shared fixture speaks plain
HTTP) and always stopped by their PID."""

from __future__ import annotations

import datetime
import ipaddress
import signal
import ssl
import subprocess
import time
import urllib.request

import boto3
import botocore.config
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from conftest import clean_env, free_port, read_credentials_file, trent_bin


def self_signed(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def run(args, tmp_path, timeout=20):
    return subprocess.run(
        [str(trent_bin()), "serve", "--data-dir", str(tmp_path / "data"), *args],
        capture_output=True, text=True, timeout=timeout, env=clean_env(), stdin=subprocess.DEVNULL,
    )


def test_plain_http_on_non_loopback_is_refused(tmp_path):
    result = run(["--listen", f"0.0.0.0:{free_port()}"], tmp_path)
    assert result.returncode != 0
    assert "refusing to listen on 0.0.0.0 without TLS" in result.stderr


def test_tls_cert_without_key_is_refused(tmp_path):
    cert, _ = self_signed(tmp_path)
    result = run(["--listen", f"127.0.0.1:{free_port()}", "--tls-cert", str(cert)], tmp_path)
    assert result.returncode != 0
    assert "--tls-cert and --tls-key must be given together" in result.stderr


def test_kms_over_tls(tmp_path):
    cert, key = self_signed(tmp_path)
    port = free_port()
    stdout = open(tmp_path / "stdout.log", "wb")
    proc = subprocess.Popen(
        [str(trent_bin()), "serve", "--data-dir", str(tmp_path / "data"), "--listen", f"127.0.0.1:{port}",
         "--tls-cert", str(cert), "--tls-key", str(key)],
        stdout=stdout, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=clean_env(), start_new_session=True,
    )
    try:
        context = ssl.create_default_context(cafile=str(cert))
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, (tmp_path / "stdout.log").read_text()
            try:
                with urllib.request.urlopen(f"https://127.0.0.1:{port}/health", context=context, timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        assert f"listening on https://127.0.0.1:{port}" in (tmp_path / "stdout.log").read_text()

        access, secret = read_credentials_file(tmp_path / "data" / "credentials")
        kms = boto3.client(
            "kms", region_name="us-east-1", endpoint_url=f"https://127.0.0.1:{port}", verify=str(cert),
            aws_access_key_id=access, aws_secret_access_key=secret,
            config=botocore.config.Config(retries={"max_attempts": 1}),
        )
        key_id = kms.create_key()["KeyMetadata"]["KeyId"]
        blob = kms.encrypt(KeyId=key_id, Plaintext=b"over tls")["CiphertextBlob"]
        assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"over tls"

        # The TLS port does not answer plain HTTP.
        with pytest.raises(Exception):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=3).read()
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        stdout.close()
