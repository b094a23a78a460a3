"""Restarts, crashes and what is (not) on disk.

- An acknowledged write survives SIGTERM + restart and `kill -9` right after the
  response (ARCHITECTURE.md: each write is durable before the response is sent).
- Key material is sealed under the root key: a different root key refuses to start.
- No plaintext (Encrypt input, GenerateDataKey output) is written anywhere under
  the data directory, including SQLite's -wal and -shm files, nor, with
  TRENT_TEST_STORE=postgresql, in a pg_dump of the server's database.
- credentials and root.key are mode 0600.
"""

import base64
import json
import os
import shutil
import stat
import subprocess
import time

import pytest

from conftest import ServerFailed, clean_env, trent_bin
from helpers import kms_error, unique


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def _all_files(root):
    for dirpath, _dirs, files in os.walk(root):
        for f in files:
            yield os.path.join(dirpath, f)


def _needles(secret: bytes):
    """The secret and the encodings a careless log or store might use."""
    return {
        "raw": secret,
        "base64": base64.b64encode(secret),
        "hex": secret.hex().encode(),
        "HEX": secret.hex().upper().encode(),
    }


def _scan(root, secrets):
    hits = []
    files = list(_all_files(root))
    assert files, f"no files under {root}"
    for path in files:
        with open(path, "rb") as f:
            data = f.read()
        for label, secret in secrets.items():
            for enc, needle in _needles(secret).items():
                if needle in data:
                    hits.append(f"{label} ({enc}) in {os.path.relpath(path, root)}")
    return hits


def _scan_store(srv, secrets):
    """On PostgreSQL the data is not under the data directory: scan a dump of the server's
    database instead (bytea comes out as hex, which _needles covers). Nothing on SQLite."""
    dump = srv.dump_store()
    if dump is None:
        return []
    assert b"COPY " in dump.read_bytes(), f"{dump} holds no table data"
    return [f"{hit} (pg_dump of {srv.store_database})" for hit in _scan(dump.parent, secrets)]


# ------------------------------------------------------------------ restarts
def test_restart_keeps_everything(trent_factory):
    srv = trent_factory.new()
    kms = srv.client()
    a = kms.create_key(Description="durable A", Tags=[{"TagKey": "env", "TagValue": "prod"}])["KeyMetadata"]
    b = kms.create_key(Description="durable B")["KeyMetadata"]
    alias = "alias/" + unique("dur")
    kms.create_alias(AliasName=alias, TargetKeyId=a["KeyId"])
    kms.disable_key(KeyId=b["KeyId"])
    pol = {"Version": "2012-10-17", "Statement": [{"Sid": "Kept", "Effect": "Allow",
           "Principal": {"AWS": f"arn:aws:iam::{srv.account}:root"}, "Action": "kms:*", "Resource": "*"}]}
    kms.put_key_policy(KeyId=a["KeyId"], PolicyName="default", Policy=json.dumps(pol))
    ec = {"restart": "yes"}
    blob = kms.encrypt(KeyId=alias, Plaintext=b"survives restarts", EncryptionContext=ec)["CiphertextBlob"]
    dk = kms.generate_data_key(KeyId=a["KeyId"], KeySpec="AES_256")
    eu = srv.client(region="eu-west-1")
    c = eu.create_key(Description="eu")["KeyMetadata"]
    eu_blob = eu.encrypt(KeyId=c["KeyId"], Plaintext=b"eu data")["CiphertextBlob"]

    srv.restart()
    kms = srv.client()
    got_a = kms.describe_key(KeyId=a["KeyId"])["KeyMetadata"]
    assert got_a == a
    assert kms.describe_key(KeyId=b["KeyId"])["KeyMetadata"]["KeyState"] == "Disabled"
    assert kms.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"] == a["KeyId"]
    assert kms.list_resource_tags(KeyId=a["KeyId"])["Tags"] == [{"TagKey": "env", "TagValue": "prod"}]
    assert json.loads(kms.get_key_policy(KeyId=a["KeyId"], PolicyName="default")["Policy"]) == pol
    assert kms.decrypt(CiphertextBlob=blob, EncryptionContext=ec)["Plaintext"] == b"survives restarts"
    assert kms.decrypt(CiphertextBlob=dk["CiphertextBlob"])["Plaintext"] == dk["Plaintext"]
    eu = srv.client(region="eu-west-1")
    assert eu.decrypt(CiphertextBlob=eu_blob)["Plaintext"] == b"eu data"
    # the same credentials still work (the bootstrap identity was not re-created)
    assert srv.client(service="sts").get_caller_identity()["Account"] == srv.account
    # new work after restart still works and old keys still encrypt
    kms.encrypt(KeyId=a["KeyId"], Plaintext=b"after restart")


def test_restart_does_not_rotate_bootstrap_credentials(trent_factory):
    srv = trent_factory.new()
    creds = srv.credentials_file.read_bytes()
    root = (srv.data_dir / "root.key").read_bytes()
    srv.restart()
    assert srv.credentials_file.read_bytes() == creds
    assert (srv.data_dir / "root.key").read_bytes() == root


# ------------------------------------------------------------------- crashes
def test_kill9_after_create_key(trent_factory):
    srv = trent_factory.new()
    md = srv.client().create_key(Description="crash")["KeyMetadata"]
    srv.kill9()
    srv.start()
    assert srv.client().describe_key(KeyId=md["KeyId"])["KeyMetadata"] == md


def test_kill9_after_create_alias(trent_factory):
    srv = trent_factory.new()
    kms = srv.client()
    md = kms.create_key()["KeyMetadata"]
    alias = "alias/" + unique("crash")
    kms.create_alias(AliasName=alias, TargetKeyId=md["KeyId"])
    srv.kill9()
    srv.start()
    assert srv.client().describe_key(KeyId=alias)["KeyMetadata"]["KeyId"] == md["KeyId"]


def test_kill9_after_encrypt(trent_factory):
    srv = trent_factory.new()
    kms = srv.client()
    md = kms.create_key()["KeyMetadata"]
    blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"crash-safe", EncryptionContext={"a": "b"})["CiphertextBlob"]
    srv.kill9()
    srv.start()
    assert srv.client().decrypt(CiphertextBlob=blob, EncryptionContext={"a": "b"})["Plaintext"] == b"crash-safe"


def test_kill9_immediately_after_create_key_then_encrypt(trent_factory):
    """CreateKey, then Encrypt with it, then crash: the ciphertext must stay decryptable."""
    srv = trent_factory.new()
    kms = srv.client()
    md = kms.create_key()["KeyMetadata"]
    dk = kms.generate_data_key(KeyId=md["KeyId"], NumberOfBytes=32)
    srv.kill9()
    srv.start()
    assert srv.client().decrypt(CiphertextBlob=dk["CiphertextBlob"])["Plaintext"] == dk["Plaintext"]


def test_kill9_after_state_changes(trent_factory):
    srv = trent_factory.new()
    kms = srv.client()
    keys = [kms.create_key()["KeyMetadata"] for _ in range(4)]
    kms.disable_key(KeyId=keys[0]["KeyId"])
    kms.schedule_key_deletion(KeyId=keys[1]["KeyId"], PendingWindowInDays=7)
    kms.tag_resource(KeyId=keys[2]["KeyId"], Tags=[{"TagKey": "t", "TagValue": "v"}])
    kms.update_key_description(KeyId=keys[3]["KeyId"], Description="updated")
    alias = "alias/" + unique("k9")
    kms.create_alias(AliasName=alias, TargetKeyId=keys[0]["KeyId"])
    kms.update_alias(AliasName=alias, TargetKeyId=keys[3]["KeyId"])
    srv.kill9()
    srv.start()
    kms = srv.client()
    assert kms.describe_key(KeyId=keys[0]["KeyId"])["KeyMetadata"]["KeyState"] == "Disabled"
    assert kms.describe_key(KeyId=keys[1]["KeyId"])["KeyMetadata"]["KeyState"] == "PendingDeletion"
    assert kms.list_resource_tags(KeyId=keys[2]["KeyId"])["Tags"] == [{"TagKey": "t", "TagValue": "v"}]
    assert kms.describe_key(KeyId=keys[3]["KeyId"])["KeyMetadata"]["Description"] == "updated"
    assert kms.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"] == keys[3]["KeyId"]


def test_kill9_after_delete_alias(trent_factory):
    srv = trent_factory.new()
    kms = srv.client()
    md = kms.create_key()["KeyMetadata"]
    alias = "alias/" + unique("gone")
    kms.create_alias(AliasName=alias, TargetKeyId=md["KeyId"])
    kms.delete_alias(AliasName=alias)
    srv.kill9()
    srv.start()
    with kms_error("NotFoundException"):
        srv.client().describe_key(KeyId=alias)


def test_many_writes_then_kill9(trent_factory):
    srv = trent_factory.new()
    kms = srv.client()
    ids = [kms.create_key()["KeyMetadata"]["KeyId"] for _ in range(25)]
    srv.kill9()
    srv.start()
    listed = {k["KeyId"] for k in srv.client().list_keys(Limit=1000)["Keys"]}
    assert set(ids) <= listed


# ----------------------------------------------------------------- root key
def test_wrong_root_key_refuses_to_start(trent_factory, tmp_path):
    srv = trent_factory.new()
    srv.client().create_key()
    srv.stop()
    other = tmp_path / "other-data"
    r = subprocess.run([str(trent_bin()), "init", "--data-dir", str(other)], env=clean_env(),
                       capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr.decode()
    assert (other / "root.key").read_bytes() != (srv.data_dir / "root.key").read_bytes()
    shutil.copyfile(other / "root.key", srv.data_dir / "root.key")
    os.chmod(srv.data_dir / "root.key", 0o600)
    t0 = time.monotonic()
    with pytest.raises(ServerFailed):
        srv.start()
    assert time.monotonic() - t0 < 20, "a wrong root key must be refused quickly"
    assert srv.proc.returncode != 0
    assert "root key" in srv.stderr_text().lower(), srv.output()


def test_random_root_key_refuses_to_start(trent_factory):
    srv = trent_factory.new()
    srv.client().create_key()
    srv.stop()
    rk = srv.data_dir / "root.key"
    size = len(rk.read_bytes())
    rk.write_bytes(os.urandom(32) if size == 32 else os.urandom(size))
    with pytest.raises(ServerFailed):
        srv.start()
    assert srv.proc.returncode != 0
    assert "root key" in srv.stderr_text().lower(), srv.output()


def test_missing_root_key_for_existing_data_refuses_to_start(trent_factory):
    srv = trent_factory.new()
    srv.client().create_key()
    srv.stop()
    (srv.data_dir / "root.key").unlink()
    with pytest.raises(ServerFailed):
        srv.start()
    assert srv.proc.returncode != 0
    assert "root key" in srv.stderr_text().lower(), srv.output()
    # and it must not have silently replaced the lost key with a new one
    assert not (srv.data_dir / "root.key").exists()


def test_init_creates_root_key(tmp_path):
    d = tmp_path / "fresh"
    r = subprocess.run([str(trent_bin()), "init", "--data-dir", str(d)], env=clean_env(),
                       capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr.decode()
    rk = d / "root.key"
    assert rk.exists() and _mode(rk) == 0o600
    assert len(rk.read_bytes()) >= 32


def test_init_then_serve_uses_that_root_key(trent_factory, tmp_path):
    srv = trent_factory.new(start=False)
    r = subprocess.run([str(trent_bin()), "init", "--data-dir", str(srv.data_dir)], env=clean_env(),
                       capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr.decode()
    root = (srv.data_dir / "root.key").read_bytes()
    srv.start()
    blob = srv.client().encrypt(KeyId=srv.client().create_key()["KeyMetadata"]["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    assert (srv.data_dir / "root.key").read_bytes() == root
    srv.restart()
    assert srv.client().decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"


def test_root_key_file_from_environment(trent_factory, tmp_path):
    keydir = tmp_path / "keys"
    keydir.mkdir()
    keyfile = keydir / "trent-root.key"
    srv = trent_factory.new(env={"TRENT_ROOT_KEY_FILE": str(keyfile)})
    kms = srv.client()
    md = kms.create_key()["KeyMetadata"]
    blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"env root")["CiphertextBlob"]
    assert keyfile.exists() and _mode(keyfile) == 0o600
    assert not (srv.data_dir / "root.key").exists()
    srv.restart()
    assert srv.client().decrypt(CiphertextBlob=blob)["Plaintext"] == b"env root"
    srv.stop()
    # without the variable the data directory has no root key to open it with
    srv.env_extra.pop("TRENT_ROOT_KEY_FILE")
    with pytest.raises(ServerFailed):
        srv.start()
    assert "root key" in srv.stderr_text().lower(), srv.output()


# --------------------------------------------------------- nothing in clear
def _secret_workload(kms):
    md = kms.create_key()["KeyMetadata"]
    pt = b"PLAINTEXT-CANARY-" + os.urandom(24)
    blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=pt, EncryptionContext={"c": "d"})["CiphertextBlob"]
    dk = kms.generate_data_key(KeyId=md["KeyId"], KeySpec="AES_256")
    dk2 = kms.generate_data_key(KeyId=md["KeyId"], NumberOfBytes=64, EncryptionContext={"x": "y"})
    re = kms.re_encrypt(CiphertextBlob=blob, SourceEncryptionContext={"c": "d"}, DestinationKeyId=md["KeyId"])
    assert kms.decrypt(CiphertextBlob=re["CiphertextBlob"])["Plaintext"] == pt
    rnd = kms.generate_random(NumberOfBytes=48)["Plaintext"]
    return {"encrypt-plaintext": pt, "data-key": dk["Plaintext"], "data-key-64": dk2["Plaintext"],
            "random": rnd}


def test_no_plaintext_on_disk_after_clean_stop(trent_factory):
    srv = trent_factory.new()
    secrets = _secret_workload(srv.client())
    srv.stop()
    hits = _scan(srv.data_dir, secrets) + _scan_store(srv, secrets)
    assert hits == [], hits
    hits = _scan(srv.log_dir, secrets)
    assert hits == [], f"plaintext reached the server's output: {hits}"


def test_no_plaintext_on_disk_after_crash(trent_factory):
    srv = trent_factory.new()
    secrets = _secret_workload(srv.client())
    srv.kill9()  # leaves SQLite's -wal/-shm files as they were
    hits = _scan(srv.data_dir, secrets) + _scan_store(srv, secrets)
    assert hits == [], hits


def test_no_plaintext_on_disk_while_running(trent_factory):
    srv = trent_factory.new()
    secrets = _secret_workload(srv.client())
    hits = _scan(srv.data_dir, secrets) + _scan_store(srv, secrets)
    assert hits == [], hits


def test_secret_access_key_not_stored_in_clear_in_database(trent_factory):
    """The bootstrap secret lives in DIR/credentials for the operator; the database copy must be sealed."""
    srv = trent_factory.new()
    _, secret = srv.admin_credentials()
    srv.client().create_key()
    srv.stop()
    offenders = []
    for path in _all_files(srv.data_dir):
        if os.path.basename(path) == "credentials":
            continue
        data = open(path, "rb").read()
        if secret.encode() in data:
            offenders.append(os.path.relpath(path, srv.data_dir))
    offenders += _scan_store(srv, {"secret access key": secret.encode()})
    assert offenders == [], f"secret access key in clear in {offenders}"


# ------------------------------------------------------------- file modes
def test_file_modes(trent_factory):
    srv = trent_factory.new()
    assert _mode(srv.data_dir / "root.key") == 0o600
    assert _mode(srv.credentials_file) == 0o600
    srv.client().create_key()
    srv.restart()
    assert _mode(srv.data_dir / "root.key") == 0o600
    assert _mode(srv.credentials_file) == 0o600

