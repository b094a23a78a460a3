"""The `trent serve` process contract: the listening line, /health without
auth, graceful SIGTERM, and correct answers under concurrent load."""

import concurrent.futures
import os
import time
import urllib.request

from conftest import requires_sqlite


def test_prints_listening_line(trent_factory):
    srv = trent_factory.new()
    deadline = time.monotonic() + 5
    want = f"listening on http://127.0.0.1:{srv.port}"
    while time.monotonic() < deadline:
        if want in srv.stdout_text() or want in srv.stderr_text():
            return
        time.sleep(0.05)
    raise AssertionError(f"no line containing {want!r}\n{srv.output()}")


def test_health_without_auth(trent):
    req = urllib.request.Request(trent.endpoint + "/health", method="GET")
    with urllib.request.urlopen(req, timeout=5) as r:
        assert r.status == 200


def test_sigterm_stops_gracefully(trent_factory):
    srv = trent_factory.new()
    srv.client().create_key()
    t0 = time.monotonic()
    rc = srv.stop()
    assert rc == 0, f"exit code {rc} after SIGTERM\n{srv.output()}"
    assert time.monotonic() - t0 < 10


def test_first_start_creates_data_dir_contents(trent_factory):
    srv = trent_factory.new()
    names = set(os.listdir(srv.data_dir))
    assert {"root.key", "credentials"} <= names, names


@requires_sqlite
def test_first_start_creates_database_in_data_dir(trent_factory):
    srv = trent_factory.new()
    names = set(os.listdir(srv.data_dir))
    assert len(names) > 2, f"no database next to the keys: {names}"


def test_concurrent_clients(trent):
    """4 threads x 40 round trips: every answer must be the right one."""
    kms = trent.client()
    key = kms.create_key()["KeyMetadata"]["KeyId"]

    def work(n):
        c = trent.client(max_pool_connections=4)
        for i in range(40):
            pt = f"thread {n} message {i}".encode()
            ec = {"t": str(n), "i": str(i)}
            blob = c.encrypt(KeyId=key, Plaintext=pt, EncryptionContext=ec)["CiphertextBlob"]
            assert c.decrypt(CiphertextBlob=blob, EncryptionContext=ec)["Plaintext"] == pt
        return n

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as ex:
        assert sorted(ex.map(work, range(4))) == [0, 1, 2, 3]


def test_concurrent_creates_are_all_kept(trent_factory):
    srv = trent_factory.new()

    def work(n):
        c = srv.client(region="us-east-1")
        return [c.create_key(Description=f"c{n}-{i}")["KeyMetadata"]["KeyId"] for i in range(10)]

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as ex:
        ids = [k for batch in ex.map(work, range(4)) for k in batch]
    assert len(set(ids)) == 40
    srv.kill9()
    srv.start()
    listed = {k["KeyId"] for k in srv.client().list_keys(Limit=1000)["Keys"]}
    assert set(ids) <= listed
