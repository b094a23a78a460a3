"""Configuration reload (`kill -HUP`) and restarts.

- A valid new file replaces the identities: a new user works, a removed one gets
  UnrecognizedClientException, changed policies apply; requests in flight are not dropped.
- An invalid file is refused with a log line on stderr naming the error; the identities in
  force stay. At start, an invalid file stops `trent serve` with the file, path and reason.
- A restart keeps key policies, grants and (until they expire) session credentials.
"""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from authz_fixtures import (
    A, INVALID_TOKEN_MSG, Role, User, a2, account_entry, allow, client, config_yaml, doc, key_policy, kstmt,
    session_client, start, trust,
)
from conftest import ServerFailed
from helpers import kms_error

STAY = User("stay", policies=[("p", doc(allow(["kms:Encrypt", "kms:DescribeKey"])))])
GONE = User("gone", policies=[("p", doc(allow("kms:*")))])
CHANGER = User("changer", policies=[("p", doc(allow("kms:Encrypt")))])
CHANGER2 = User("changer")                                   # same user, no policy after the reload
NEWBIE = User("newbie", policies=[("p", doc(allow("kms:DescribeKey")))])
CONFIG1 = config_yaml(account_entry(A, users=[STAY, GONE, CHANGER]))
CONFIG2 = config_yaml(account_entry(A, users=[STAY, CHANGER2, NEWBIE]))


def _hup(srv):
    os.kill(srv.proc.pid, signal.SIGHUP)


def _wait(pred, timeout=10.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if pred():
                return
        except Exception:
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _works(srv, user):
    client(srv, user, service="sts").get_caller_identity()
    return True


@pytest.fixture(scope="module")
def srv(module_trent):
    return start(module_trent, CONFIG1)


@pytest.fixture(scope="module")
def key(srv):
    return client(srv).create_key()["KeyMetadata"]


# ------------------------------------------------------------------- reload
def test_reload_valid_configuration(srv, key):
    client(srv, CHANGER).encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    client(srv, GONE).describe_key(KeyId=key["KeyId"])
    with kms_error("UnrecognizedClientException", INVALID_TOKEN_MSG):
        client(srv, NEWBIE).list_keys()

    srv.config_path.write_text(CONFIG2)
    _hup(srv)
    _wait(lambda: _works(srv, NEWBIE), what="the new user to be accepted")

    client(srv, NEWBIE).describe_key(KeyId=key["KeyId"])
    with kms_error("AccessDeniedException", a2(NEWBIE.arn, "kms:Encrypt", key["Arn"])):
        client(srv, NEWBIE).encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    with kms_error("UnrecognizedClientException", INVALID_TOKEN_MSG):
        client(srv, GONE).describe_key(KeyId=key["KeyId"])
    with kms_error("AccessDeniedException", a2(CHANGER.arn, "kms:Encrypt", key["Arn"])):
        client(srv, CHANGER).encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    client(srv, STAY).encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    client(srv).describe_key(KeyId=key["KeyId"])                   # the bootstrap admin is not in the file


@pytest.mark.parametrize("bad,needle", [
    (CONFIG2.replace("  - name: newbie\n", "  - name: newbie\n    colour: blue\n"), "colour"),
    ("accounts: [unclosed\n", "YAML"),
    (CONFIG2.replace('"kms:DescribeKey"', '"kms:DescribeKey"]]'), "policy"),
])
def test_reload_invalid_configuration_is_refused(srv, key, bad, needle):
    assert bad != CONFIG2
    before = srv.stderr_text()
    srv.config_path.write_text(bad)
    _hup(srv)
    _wait(lambda: len(srv.stderr_text()) > len(before) and "refused" in srv.stderr_text()[len(before):],
          what="the reload refusal on stderr")
    line = next(ln for ln in srv.stderr_text()[len(before):].splitlines() if "refused" in ln)
    assert needle.lower() in line.lower(), line
    # the identities in force stay
    client(srv, NEWBIE).describe_key(KeyId=key["KeyId"])
    with kms_error("UnrecognizedClientException"):
        client(srv, GONE).describe_key(KeyId=key["KeyId"])
    srv.config_path.write_text(CONFIG2)


def test_reload_does_not_drop_requests(srv, key):
    errors, done = [], threading.Event()
    c = client(srv, STAY)

    def hammer():
        while not done.is_set():
            try:
                c.encrypt(KeyId=key["KeyId"], Plaintext=b"busy")
            except Exception as e:  # noqa: BLE001 - collected and asserted below
                errors.append(repr(e))

    t = threading.Thread(target=hammer)
    t.start()
    try:
        for cfg in (CONFIG1, CONFIG2, CONFIG1, CONFIG2):
            srv.config_path.write_text(cfg)
            _hup(srv)
            time.sleep(0.3)
    finally:
        done.set()
        t.join(timeout=30)
    assert errors == []
    _wait(lambda: _works(srv, NEWBIE), what="the last configuration")


def test_invalid_configuration_at_start(module_trent):
    bad = CONFIG1.replace("  - name: stay\n", "  - name: stay\n    colour: blue\n")
    srv = module_trent.new(start=False, config_yaml=bad)
    with pytest.raises(ServerFailed) as e:
        srv.start()
    text = str(e.value)
    assert str(srv.config_path) in text and "colour" in text, text


# ------------------------------------------------------------------ restart
NOBODY = User("nobody")
KPUSER = User("kpuser")
ALICE = User("alice")
APP = Role("app", trust(ALICE.arn), policies=[("p", doc(allow(["kms:Encrypt", "kms:DescribeKey"])))])


@pytest.fixture(scope="module")
def restarted(module_trent):
    srv = start(module_trent, config_yaml(account_entry(A, users=[NOBODY, KPUSER, ALICE], roles=[APP])))
    admin = client(srv)
    s = {"srv": srv}
    s["key"] = admin.create_key(Policy=key_policy(kstmt("Allow", KPUSER.arn, "kms:Encrypt", sid="KP")))["KeyMetadata"]
    s["policy"] = admin.get_key_policy(KeyId=s["key"]["KeyId"], PolicyName="default")["Policy"]
    try:
        s["grant"] = admin.create_grant(KeyId=s["key"]["KeyId"], GranteePrincipal=NOBODY.arn,
                                        Operations=["Encrypt", "Decrypt"], RetiringPrincipal=ALICE.arn,
                                        Constraints={"EncryptionContextSubset": {"app": "x"}}, Name="durable")
        s["grants"] = admin.list_grants(KeyId=s["key"]["KeyId"])["Grants"]
    except Exception as e:  # noqa: BLE001 - grant tests fail on their own below
        s["grant_error"] = e
    s["session"] = client(srv, ALICE, service="sts").assume_role(RoleArn=APP.arn, RoleSessionName="durable")
    srv.restart()
    return s


def test_restart_keeps_key_policy(restarted):
    srv, key = restarted["srv"], restarted["key"]
    admin = client(srv)
    assert admin.get_key_policy(KeyId=key["KeyId"], PolicyName="default")["Policy"] == restarted["policy"]
    client(srv, KPUSER).encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    with kms_error("AccessDeniedException", a2(KPUSER.arn, "kms:DescribeKey", key["Arn"])):
        client(srv, KPUSER).describe_key(KeyId=key["KeyId"])


def test_restart_keeps_grants(restarted):
    if "grant_error" in restarted:
        raise restarted["grant_error"]
    srv, key, g = restarted["srv"], restarted["key"], restarted["grant"]
    admin = client(srv)
    assert admin.list_grants(KeyId=key["KeyId"])["Grants"] == restarted["grants"]
    nobody = client(srv, NOBODY)
    blob = nobody.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext={"app": "x"})["CiphertextBlob"]
    nobody.decrypt(CiphertextBlob=blob, EncryptionContext={"app": "x"}, GrantTokens=[g["GrantToken"]])
    with kms_error("AccessDeniedException", a2(NOBODY.arn, "kms:Encrypt", key["Arn"])):
        nobody.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext={"app": "y"})
    # the token issued before the restart still names the grant
    client(srv, ALICE).retire_grant(GrantToken=g["GrantToken"])
    assert admin.list_grants(KeyId=key["KeyId"])["Grants"] == []


def test_restart_keeps_session_credentials(restarted):
    srv, key = restarted["srv"], restarted["key"]
    creds = restarted["session"]["Credentials"]
    ident = session_client(srv, creds, service="sts").get_caller_identity()
    assert ident["Arn"] == APP.session_arn("durable")
    session_client(srv, creds).encrypt(KeyId=client(srv).create_key()["KeyMetadata"]["KeyId"], Plaintext=b"x")
