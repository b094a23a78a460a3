"""ScheduleKeyDeletion / CancelKeyDeletion and the deletion scheduler.

seed-features §1.1 and §15.2: PendingWindowInDays 1-365 (model; default 30);
response {KeyId: ARN, DeletionDate, KeyState: PendingDeletion,
PendingWindowInDays}; cancel -> Disabled (not the previous state); at the end
of the window the key and its aliases are gone (NotFoundException).
The test-only `--scheduler-time-offset SECONDS` moves the scheduler's clock;
deletion also runs at start-up.
"""

import datetime

import pytest

from helpers import alias_not_found_msg, kms_error, max_val, min_val, not_found_key_msg, random_uuid, unique, validation_msg

DAY = 86400


def _now():
    return datetime.datetime.now(datetime.timezone.utc)


def test_schedule_key_deletion_default_window(kms, new_key):
    md = new_key()
    t0 = _now()
    r = kms.schedule_key_deletion(KeyId=md["KeyId"])
    assert r["KeyId"] == md["Arn"]
    assert r["KeyState"] == "PendingDeletion"
    assert r["PendingWindowInDays"] == 30
    expected = t0 + datetime.timedelta(days=30)
    assert abs((r["DeletionDate"] - expected).total_seconds()) < 600, r["DeletionDate"]
    d = kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]
    assert d["KeyState"] == "PendingDeletion" and d["Enabled"] is False
    assert abs((d["DeletionDate"] - r["DeletionDate"]).total_seconds()) < 1


@pytest.mark.parametrize("days", [1, 7, 30, 365])
def test_schedule_key_deletion_windows(kms, new_key, days):
    md = new_key()
    t0 = _now()
    r = kms.schedule_key_deletion(KeyId=md["KeyId"], PendingWindowInDays=days)
    assert r["PendingWindowInDays"] == days
    assert abs((r["DeletionDate"] - (t0 + datetime.timedelta(days=days))).total_seconds()) < 600


@pytest.mark.parametrize("days,constraint", [(0, min_val(1)), (366, max_val(365)), (-1, min_val(1))])
def test_schedule_key_deletion_window_out_of_range(trent, new_key, days, constraint):
    kms = trent.client(parameter_validation=False)
    md = new_key()
    with kms_error("ValidationException", validation_msg(days, "pendingWindowInDays", constraint)):
        kms.schedule_key_deletion(KeyId=md["KeyId"], PendingWindowInDays=days)
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"


def test_schedule_disabled_key(kms, new_key):
    md = new_key()
    kms.disable_key(KeyId=md["KeyId"])
    kms.schedule_key_deletion(KeyId=md["KeyId"], PendingWindowInDays=7)
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "PendingDeletion"


def test_schedule_twice_is_invalid_state(kms, new_key):
    md = new_key()
    first = kms.schedule_key_deletion(KeyId=md["KeyId"], PendingWindowInDays=10)
    with kms_error("KMSInvalidStateException", f"{md['Arn']} is pending deletion."):
        kms.schedule_key_deletion(KeyId=md["KeyId"], PendingWindowInDays=20)
    d = kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]
    assert abs((d["DeletionDate"] - first["DeletionDate"]).total_seconds()) < 1


def test_cancel_key_deletion(kms, new_key):
    md = new_key()
    kms.schedule_key_deletion(KeyId=md["KeyId"], PendingWindowInDays=7)
    r = kms.cancel_key_deletion(KeyId=md["KeyId"])
    assert r["KeyId"] == md["Arn"]
    d = kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]
    assert d["KeyState"] == "Disabled" and d["Enabled"] is False
    assert "DeletionDate" not in d
    with kms_error("DisabledException", f"{md['Arn']} is disabled."):
        kms.encrypt(KeyId=md["KeyId"], Plaintext=b"x")
    kms.enable_key(KeyId=md["KeyId"])
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"
    kms.encrypt(KeyId=md["KeyId"], Plaintext=b"x")


def test_cancel_by_arn(kms, new_key):
    md = new_key()
    kms.schedule_key_deletion(KeyId=md["Arn"], PendingWindowInDays=7)
    assert kms.cancel_key_deletion(KeyId=md["Arn"])["KeyId"] == md["Arn"]


def test_cancel_deletion_of_key_not_pending(kms, new_key):
    md = new_key()
    with kms_error("KMSInvalidStateException", prefix=f"{md['Arn']} is not pending deletion"):
        kms.cancel_key_deletion(KeyId=md["KeyId"])
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"


@pytest.mark.parametrize("op", ["schedule_key_deletion", "cancel_key_deletion"])
def test_deletion_ops_unknown_key(trent, kms, op):
    kid = random_uuid()
    with kms_error("NotFoundException", not_found_key_msg(trent.key_arn(kid))):
        getattr(kms, op)(KeyId=kid)


def test_crypto_on_pending_key(kms, new_key):
    md = new_key()
    blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    kms.schedule_key_deletion(KeyId=md["KeyId"], PendingWindowInDays=7)
    msg = f"{md['Arn']} is pending deletion."
    with kms_error("KMSInvalidStateException", msg):
        kms.encrypt(KeyId=md["KeyId"], Plaintext=b"x")
    with kms_error("KMSInvalidStateException", msg):
        kms.decrypt(CiphertextBlob=blob)
    with kms_error("KMSInvalidStateException", msg):
        kms.generate_data_key(KeyId=md["KeyId"], KeySpec="AES_256")
    kms.cancel_key_deletion(KeyId=md["KeyId"])
    kms.enable_key(KeyId=md["KeyId"])
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"


# ------------------------------------------------------ scheduler (restarts)
def _setup_keys(srv):
    kms = srv.client()
    out = {}
    for name, window in (("week", 7), ("month", 30)):
        md = kms.create_key(Description=name)["KeyMetadata"]
        alias = "alias/" + unique(name)
        kms.create_alias(AliasName=alias, TargetKeyId=md["KeyId"])
        blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=name.encode())["CiphertextBlob"]
        kms.schedule_key_deletion(KeyId=md["KeyId"], PendingWindowInDays=window)
        out[name] = {"md": md, "alias": alias, "blob": blob}
    keep = kms.create_key(Description="keep")["KeyMetadata"]
    out["keep"] = {"md": keep}
    cancelled = kms.create_key(Description="cancelled")["KeyMetadata"]
    kms.schedule_key_deletion(KeyId=cancelled["KeyId"], PendingWindowInDays=7)
    kms.cancel_key_deletion(KeyId=cancelled["KeyId"])
    out["cancelled"] = {"md": cancelled}
    return out


def test_key_is_deleted_after_window(trent_factory):
    srv = trent_factory.new()
    keys = _setup_keys(srv)
    srv.restart(extra_args=["--scheduler-time-offset", str(8 * DAY)])
    kms = srv.client()
    week = keys["week"]
    with kms_error("NotFoundException", not_found_key_msg(week["md"]["Arn"])):
        kms.describe_key(KeyId=week["md"]["KeyId"])
    with kms_error("NotFoundException", alias_not_found_msg(srv.alias_arn(week["alias"]))):
        kms.describe_key(KeyId=week["alias"])
    names = [a["AliasName"] for a in kms.list_aliases()["Aliases"]]
    assert week["alias"] not in names
    assert week["md"]["KeyId"] not in [k["KeyId"] for k in kms.list_keys(Limit=1000)["Keys"]]
    with kms_error(("NotFoundException", "InvalidCiphertextException")):
        kms.decrypt(CiphertextBlob=week["blob"])
    # a deleted key's alias name can be reused
    kms.create_alias(AliasName=week["alias"], TargetKeyId=keys["keep"]["md"]["KeyId"])

    month = kms.describe_key(KeyId=keys["month"]["md"]["KeyId"])["KeyMetadata"]
    assert month["KeyState"] == "PendingDeletion"
    assert keys["month"]["alias"] in names
    assert kms.describe_key(KeyId=keys["keep"]["md"]["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"
    assert kms.describe_key(KeyId=keys["cancelled"]["md"]["KeyId"])["KeyMetadata"]["KeyState"] == "Disabled"


def test_key_is_kept_before_window_ends(trent_factory):
    srv = trent_factory.new()
    keys = _setup_keys(srv)
    srv.restart(extra_args=["--scheduler-time-offset", str(6 * DAY)])
    kms = srv.client()
    md = kms.describe_key(KeyId=keys["week"]["md"]["KeyId"])["KeyMetadata"]
    assert md["KeyState"] == "PendingDeletion"
    assert kms.describe_key(KeyId=keys["week"]["alias"])["KeyMetadata"]["KeyId"] == keys["week"]["md"]["KeyId"]
    # cancelling still works and the key and its ciphertexts come back
    kms.cancel_key_deletion(KeyId=keys["week"]["md"]["KeyId"])
    kms.enable_key(KeyId=keys["week"]["md"]["KeyId"])
    assert kms.decrypt(CiphertextBlob=keys["week"]["blob"])["Plaintext"] == b"week"


def test_all_windows_elapsed(trent_factory):
    srv = trent_factory.new()
    keys = _setup_keys(srv)
    srv.restart(extra_args=["--scheduler-time-offset", str(31 * DAY)])
    kms = srv.client()
    for name in ("week", "month"):
        with kms_error("NotFoundException", not_found_key_msg(keys[name]["md"]["Arn"])):
            kms.describe_key(KeyId=keys[name]["md"]["KeyId"])
    assert kms.describe_key(KeyId=keys["cancelled"]["md"]["KeyId"])["KeyMetadata"]["KeyState"] == "Disabled"
    # deletion is permanent: a later restart without the offset does not bring it back
    srv.restart()
    kms = srv.client()
    with kms_error("NotFoundException"):
        kms.describe_key(KeyId=keys["week"]["md"]["KeyId"])
