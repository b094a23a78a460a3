"""Key rotation: EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus,
RotateKeyOnDemand, ListKeyRotations and the durable automatic-rotation scheduler.

Sources (seed-features §1.7, §3 and §7; the API model, data/kms/2014-11-01/service-2.json):
- RotationPeriodInDays 90-2560 (model), 365 when omitted; GetKeyRotationStatus returns
  {KeyRotationEnabled, KeyId (ARN), RotationPeriodInDays, NextRotationDate}; the first
  automatic rotation is one period after rotation was enabled, then every period.
- Only symmetric encryption keys of origin AWS_KMS rotate. Asymmetric and HMAC keys:
  UnsupportedOperationException "You cannot perform this operation on a non-symmetric key or
  a key with non-ENCRYPT_DECRYPT key usage." (AWS's text); GetKeyRotationStatus reads false for
  them and for keys with imported material (key-type reference). Origin EXTERNAL: footnote [6]
  "<arn> origin is EXTERNAL which is not valid for this operation.", which the key-state table
  also gives for every rotation operation (GetKeyRotationStatus included) on a PendingImport key.
- Disabled: [1] DisabledException "<arn> is disabled."; PendingDeletion: [3]
  KMSInvalidStateException "<arn> is pending deletion."; while disabled or pending deletion the
  status reads false and is restored on EnableKey / CancelKeyDeletion (+ EnableKey).
- All material versions are kept; Decrypt uses (and names in KeyMaterialId) the version that
  encrypted; on-demand rotations are limited per key (Trent: 25, LimitExceededException whose
  text mentions "maximum number of on-demand rotations"); an automatic rotation leaves a
  CloudTrail-shaped `RotateKey` record of eventType `AwsServiceEvent`.
- ListKeyRotations: ROTATIONS_ONLY (default) lists rotations; ALL_KEY_MATERIAL adds the first
  material, which has no RotationDate or RotationType.
The scheduler tests use the hidden `--scheduler-time-offset SECONDS` (the scheduler's clock
runs that far ahead) and `--scheduler-interval SECONDS` (seconds between passes).
"""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import load_der_public_key

from authz_fixtures import A, User, a2, account_entry, allow, audit_records, client, cli_error_pattern, config_yaml, doc, start
from conftest import clean_env
from helpers import (
    assert_enum_validation, kms_error, max_val, min_val, not_found_key_msg, random_uuid, validation_msg,
)

DAY = 86400
NON_SYMMETRIC_MSG = "You cannot perform this operation on a non-symmetric key or a key with non-ENCRYPT_DECRYPT key usage."
MATERIAL_ID = re.compile(r"^[0-9a-f]{64}$")
ON_DEMAND_LIMIT = 25

# Identities of the authorization cases.
STATUS_ONLY = User("statusonly", policies=[("p", doc(allow(["kms:DescribeKey", "kms:GetKeyRotationStatus",
                                                            "kms:ListKeyRotations"])))])
SHORT_PERIODS = User("shortperiods", policies=[("p", doc(
    allow("kms:GetKeyRotationStatus"),
    allow("kms:EnableKeyRotation", condition={"NumericLessThanEquals": {"kms:RotationPeriodInDays": "180"}}),
))])

ROTATION_OPS = ["enable_key_rotation", "disable_key_rotation", "rotate_key_on_demand"]


def _now():
    return datetime.datetime.now(datetime.timezone.utc)


def _close(a: datetime.datetime, b: datetime.datetime, slack: float = 600.0) -> bool:
    return abs((a - b).total_seconds()) < slack


def _days(n: float) -> datetime.timedelta:
    return datetime.timedelta(days=n)


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def srv(module_trent):
    """One server for the module: the admin bootstrap identity plus the users of the
    authorization cases."""
    return start(module_trent, config_yaml(account_entry(A, users=[STATUS_ONLY, SHORT_PERIODS])))


@pytest.fixture(scope="module")
def kms(srv):
    return client(srv)


@pytest.fixture(scope="module")
def kms_unvalidated(srv):
    return client(srv, parameter_validation=False)


@pytest.fixture
def key(kms):
    """Factory: a fresh key on the module server (symmetric unless told), its metadata."""

    def make(**kw):
        return kms.create_key(**kw)["KeyMetadata"]

    return make


def _material(kms, key_id) -> str:
    return kms.describe_key(KeyId=key_id)["KeyMetadata"]["CurrentKeyMaterialId"]


def _import_material(kms, key_id) -> None:
    """Imports 32 random bytes into an Origin=EXTERNAL key (RSAES_OAEP_SHA_256, RSA_2048)."""
    p = kms.get_parameters_for_import(KeyId=key_id, WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048")
    wrapped = load_der_public_key(p["PublicKey"]).encrypt(
        os.urandom(32), padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None))
    kms.import_key_material(KeyId=key_id, ImportToken=p["ImportToken"], EncryptedKeyMaterial=wrapped,
                            ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")


def _rotations(kms, key_id, **kw) -> list[dict]:
    out = kms.list_key_rotations(KeyId=key_id, **kw)
    assert out["Truncated"] is False and "NextMarker" not in out
    return out["Rotations"]


def _wait_for(predicate, timeout=15.0, what="condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.2)


# =============================================== Enable / Disable / GetStatus
def test_rotation_is_disabled_by_default(kms, key):
    md = key()
    st = kms.get_key_rotation_status(KeyId=md["KeyId"])
    assert st["KeyRotationEnabled"] is False
    assert st["KeyId"] == md["Arn"]
    assert "RotationPeriodInDays" not in st and "NextRotationDate" not in st
    assert "OnDemandRotationStartDate" not in st


def test_enable_key_rotation_default_period(kms, key):
    md = key()
    t0 = _now()
    out = kms.enable_key_rotation(KeyId=md["KeyId"])
    assert set(out) == {"ResponseMetadata"}
    st = kms.get_key_rotation_status(KeyId=md["KeyId"])
    assert st["KeyRotationEnabled"] is True
    assert st["KeyId"] == md["Arn"]
    assert st["RotationPeriodInDays"] == 365
    assert _close(st["NextRotationDate"], t0 + _days(365)), st["NextRotationDate"]


@pytest.mark.parametrize("days", [90, 180, 2560])
def test_enable_key_rotation_period(kms, key, days):
    md = key()
    t0 = _now()
    kms.enable_key_rotation(KeyId=md["Arn"], RotationPeriodInDays=days)
    st = kms.get_key_rotation_status(KeyId=md["Arn"])
    assert st["KeyRotationEnabled"] is True and st["RotationPeriodInDays"] == days
    assert _close(st["NextRotationDate"], t0 + _days(days)), st["NextRotationDate"]


@pytest.mark.parametrize("days,constraint", [(89, min_val(90)), (0, min_val(90)), (-5, min_val(90)),
                                             (2561, max_val(2560))])
def test_rotation_period_out_of_range(kms, kms_unvalidated, key, days, constraint):
    md = key()
    with kms_error("ValidationException", validation_msg(days, "rotationPeriodInDays", constraint)):
        kms_unvalidated.enable_key_rotation(KeyId=md["KeyId"], RotationPeriodInDays=days)
    assert kms.get_key_rotation_status(KeyId=md["KeyId"])["KeyRotationEnabled"] is False


def test_enable_again_changes_the_period(kms, key):
    md = key()
    kms.enable_key_rotation(KeyId=md["KeyId"])
    kms.enable_key_rotation(KeyId=md["KeyId"], RotationPeriodInDays=90)
    st = kms.get_key_rotation_status(KeyId=md["KeyId"])
    assert st["KeyRotationEnabled"] is True and st["RotationPeriodInDays"] == 90


def test_disable_key_rotation(kms, key):
    md = key()
    before = _material(kms, md["KeyId"])
    kms.enable_key_rotation(KeyId=md["KeyId"], RotationPeriodInDays=120)
    out = kms.disable_key_rotation(KeyId=md["KeyId"])
    assert set(out) == {"ResponseMetadata"}
    st = kms.get_key_rotation_status(KeyId=md["KeyId"])
    assert st["KeyRotationEnabled"] is False and st["KeyId"] == md["Arn"]
    assert "RotationPeriodInDays" not in st and "NextRotationDate" not in st
    # disabling rotation keeps the current material
    assert _material(kms, md["KeyId"]) == before
    # re-enabling schedules the next rotation one period after the re-enable
    t1 = _now()
    kms.enable_key_rotation(KeyId=md["KeyId"], RotationPeriodInDays=200)
    st = kms.get_key_rotation_status(KeyId=md["KeyId"])
    assert st["KeyRotationEnabled"] is True and st["RotationPeriodInDays"] == 200
    assert _close(st["NextRotationDate"], t1 + _days(200)), st["NextRotationDate"]


def test_disable_rotation_that_is_not_enabled(kms, key):
    md = key()
    kms.disable_key_rotation(KeyId=md["KeyId"])
    assert kms.get_key_rotation_status(KeyId=md["KeyId"])["KeyRotationEnabled"] is False


@pytest.mark.parametrize("op", ROTATION_OPS + ["get_key_rotation_status", "list_key_rotations"])
def test_rotation_ops_unknown_key(srv, kms, op):
    kid = random_uuid()
    with kms_error("NotFoundException", not_found_key_msg(srv.key_arn(kid))):
        getattr(kms, op)(KeyId=kid)


# ============================================================ key types
NON_SYMMETRIC = [
    pytest.param({"KeySpec": "RSA_2048", "KeyUsage": "ENCRYPT_DECRYPT"}, id="rsa-encrypt"),
    pytest.param({"KeySpec": "ECC_NIST_P256", "KeyUsage": "SIGN_VERIFY"}, id="ecc-sign"),
    pytest.param({"KeySpec": "HMAC_256", "KeyUsage": "GENERATE_VERIFY_MAC"}, id="hmac"),
]


@pytest.mark.parametrize("spec", NON_SYMMETRIC)
def test_non_symmetric_keys_do_not_rotate(kms, key, spec):
    md = key(**spec)
    for op in ROTATION_OPS:
        with kms_error("UnsupportedOperationException", NON_SYMMETRIC_MSG):
            getattr(kms, op)(KeyId=md["KeyId"])
    with kms_error("UnsupportedOperationException", NON_SYMMETRIC_MSG):
        kms.list_key_rotations(KeyId=md["KeyId"])
    st = kms.get_key_rotation_status(KeyId=md["KeyId"])
    assert st["KeyRotationEnabled"] is False and st["KeyId"] == md["Arn"]
    assert "RotationPeriodInDays" not in st and "NextRotationDate" not in st


def test_pending_import_key(kms, key):
    md = key(Origin="EXTERNAL")
    assert md["KeyState"] == "PendingImport"
    msg = f"{md['Arn']} origin is EXTERNAL which is not valid for this operation."
    for op in ("enable_key_rotation", "disable_key_rotation", "get_key_rotation_status"):
        with kms_error("UnsupportedOperationException", msg):
            getattr(kms, op)(KeyId=md["KeyId"])
    with kms_error("UnsupportedOperationException", msg):
        kms.enable_key_rotation(KeyId=md["KeyId"], RotationPeriodInDays=90)


def test_imported_material_key(kms, key):
    md = key(Origin="EXTERNAL")
    _import_material(kms, md["KeyId"])
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"
    msg = f"{md['Arn']} origin is EXTERNAL which is not valid for this operation."
    for op in ("enable_key_rotation", "disable_key_rotation"):
        with kms_error("UnsupportedOperationException", msg):
            getattr(kms, op)(KeyId=md["KeyId"])
    st = kms.get_key_rotation_status(KeyId=md["KeyId"])
    assert st["KeyRotationEnabled"] is False and st["KeyId"] == md["Arn"]


# =========================================================== key states
def test_disabled_key(kms, key):
    md = key()
    t0 = _now()
    kms.enable_key_rotation(KeyId=md["KeyId"], RotationPeriodInDays=100)
    before = kms.get_key_rotation_status(KeyId=md["KeyId"])
    kms.disable_key(KeyId=md["KeyId"])
    msg = f"{md['Arn']} is disabled."
    for op in ROTATION_OPS:
        with kms_error("DisabledException", msg):
            getattr(kms, op)(KeyId=md["KeyId"])
    with kms_error("DisabledException", msg):
        kms.enable_key_rotation(KeyId=md["KeyId"], RotationPeriodInDays=300)
    st = kms.get_key_rotation_status(KeyId=md["KeyId"])
    assert st["KeyRotationEnabled"] is False and st["KeyId"] == md["Arn"]
    assert "NextRotationDate" not in st
    # the status comes back as it was
    kms.enable_key(KeyId=md["KeyId"])
    st = kms.get_key_rotation_status(KeyId=md["KeyId"])
    assert st["KeyRotationEnabled"] is True and st["RotationPeriodInDays"] == 100
    assert _close(st["NextRotationDate"], before["NextRotationDate"], 1), (st, before)
    assert _close(st["NextRotationDate"], t0 + _days(100))


def test_pending_deletion_key(kms, key):
    md = key()
    kms.enable_key_rotation(KeyId=md["KeyId"], RotationPeriodInDays=150)
    before = kms.get_key_rotation_status(KeyId=md["KeyId"])
    kms.schedule_key_deletion(KeyId=md["KeyId"], PendingWindowInDays=7)
    msg = f"{md['Arn']} is pending deletion."
    for op in ROTATION_OPS:
        with kms_error("KMSInvalidStateException", msg):
            getattr(kms, op)(KeyId=md["KeyId"])
    st = kms.get_key_rotation_status(KeyId=md["KeyId"])
    assert st["KeyRotationEnabled"] is False and st["KeyId"] == md["Arn"]
    # cancel leaves the key Disabled (status still reads false); enabling restores it
    kms.cancel_key_deletion(KeyId=md["KeyId"])
    assert kms.get_key_rotation_status(KeyId=md["KeyId"])["KeyRotationEnabled"] is False
    kms.enable_key(KeyId=md["KeyId"])
    st = kms.get_key_rotation_status(KeyId=md["KeyId"])
    assert st["KeyRotationEnabled"] is True and st["RotationPeriodInDays"] == 150
    assert _close(st["NextRotationDate"], before["NextRotationDate"], 1), (st, before)


def test_disabled_key_without_rotation_stays_disabled(kms, key):
    md = key()
    kms.disable_key(KeyId=md["KeyId"])
    kms.enable_key(KeyId=md["KeyId"])
    assert kms.get_key_rotation_status(KeyId=md["KeyId"])["KeyRotationEnabled"] is False


# ====================================================== RotateKeyOnDemand
def test_rotate_on_demand_switches_to_new_material(kms, key):
    md = key()
    first = md["CurrentKeyMaterialId"]
    assert MATERIAL_ID.match(first)
    old_blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"before")["CiphertextBlob"]
    assert kms.generate_data_key(KeyId=md["KeyId"], KeySpec="AES_256")["KeyMaterialId"] == first

    out = kms.rotate_key_on_demand(KeyId=md["KeyId"])
    assert out["KeyId"] == md["Arn"]
    assert "OnDemandRotationStartDate" not in kms.get_key_rotation_status(KeyId=md["KeyId"])
    second = _material(kms, md["KeyId"])
    assert MATERIAL_ID.match(second) and second != first

    # new ciphertexts and data keys use the new material
    new_blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"after")["CiphertextBlob"]
    dec = kms.decrypt(CiphertextBlob=new_blob)
    assert dec["Plaintext"] == b"after" and dec["KeyMaterialId"] == second and dec["KeyId"] == md["Arn"]
    assert kms.generate_data_key(KeyId=md["KeyId"], KeySpec="AES_256")["KeyMaterialId"] == second
    dk = kms.generate_data_key_without_plaintext(KeyId=md["KeyId"], NumberOfBytes=16)
    assert dk["KeyMaterialId"] == second
    assert kms.decrypt(CiphertextBlob=dk["CiphertextBlob"])["KeyMaterialId"] == second
    # the old ciphertext still decrypts, with the old material
    dec = kms.decrypt(CiphertextBlob=old_blob)
    assert dec["Plaintext"] == b"before" and dec["KeyMaterialId"] == first


def test_every_material_version_decrypts(kms, key):
    md = key()
    blobs = []
    for i in range(4):
        if i:
            kms.rotate_key_on_demand(KeyId=md["KeyId"])
        material = _material(kms, md["KeyId"])
        blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=f"v{i}".encode(), EncryptionContext={"v": str(i)})
        blobs.append((material, blob["CiphertextBlob"], i))
    materials = [m for m, _, _ in blobs]
    assert len(set(materials)) == 4
    listed = [r["KeyMaterialId"] for r in _rotations(kms, md["KeyId"], IncludeKeyMaterial="ALL_KEY_MATERIAL")]
    assert listed == materials
    for material, blob, i in reversed(blobs):
        dec = kms.decrypt(CiphertextBlob=blob, EncryptionContext={"v": str(i)})
        assert dec["Plaintext"] == f"v{i}".encode()
        assert dec["KeyMaterialId"] == material, i


def test_reencrypt_names_source_and_destination_material(kms, key):
    md = key()
    other = key()
    first = md["CurrentKeyMaterialId"]
    blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"re")["CiphertextBlob"]
    kms.rotate_key_on_demand(KeyId=md["KeyId"])
    second = _material(kms, md["KeyId"])

    out = kms.re_encrypt(CiphertextBlob=blob, DestinationKeyId=md["KeyId"])
    assert out["SourceKeyId"] == md["Arn"] and out["KeyId"] == md["Arn"]
    assert out["SourceKeyMaterialId"] == first and out["DestinationKeyMaterialId"] == second
    dec = kms.decrypt(CiphertextBlob=out["CiphertextBlob"])
    assert dec["Plaintext"] == b"re" and dec["KeyMaterialId"] == second

    out = kms.re_encrypt(CiphertextBlob=blob, DestinationKeyId=other["KeyId"])
    assert out["SourceKeyMaterialId"] == first
    assert out["DestinationKeyMaterialId"] == other["CurrentKeyMaterialId"]


def test_rotate_on_demand_without_automatic_rotation(kms, key):
    md = key()
    kms.rotate_key_on_demand(KeyId=md["Arn"])
    st = kms.get_key_rotation_status(KeyId=md["KeyId"])
    assert st["KeyRotationEnabled"] is False and "NextRotationDate" not in st
    assert len(_rotations(kms, md["KeyId"])) == 1


def test_rotate_on_demand_keeps_the_automatic_schedule(kms, key):
    md = key()
    kms.enable_key_rotation(KeyId=md["KeyId"], RotationPeriodInDays=90)
    before = kms.get_key_rotation_status(KeyId=md["KeyId"])
    kms.rotate_key_on_demand(KeyId=md["KeyId"])
    kms.rotate_key_on_demand(KeyId=md["KeyId"])
    after = kms.get_key_rotation_status(KeyId=md["KeyId"])
    assert after["KeyRotationEnabled"] is True and after["RotationPeriodInDays"] == 90
    assert after["NextRotationDate"] == before["NextRotationDate"]


def test_on_demand_rotation_limit(kms, key):
    md = key()
    blob = kms.encrypt(KeyId=md["KeyId"], Plaintext=b"limit")["CiphertextBlob"]
    for _ in range(ON_DEMAND_LIMIT):
        kms.rotate_key_on_demand(KeyId=md["KeyId"])
    current = _material(kms, md["KeyId"])
    with kms_error("LimitExceededException", contains="maximum number of on-demand rotations"):
        kms.rotate_key_on_demand(KeyId=md["KeyId"])
    assert _material(kms, md["KeyId"]) == current
    rotations = _rotations(kms, md["KeyId"])
    assert len(rotations) == ON_DEMAND_LIMIT
    assert {r["RotationType"] for r in rotations} == {"ON_DEMAND"}
    assert kms.decrypt(CiphertextBlob=blob)["KeyMaterialId"] == md["CurrentKeyMaterialId"]
    # the limit is per key
    kms.rotate_key_on_demand(KeyId=key()["KeyId"])


def test_multi_region_rotation_is_set_on_the_primary(srv, kms):
    """§1.7/§7: the rotation property is set only on the primary and synced to replicas; new
    material reaches the replicas (AWS's replica error text is not known: code only)."""
    west = client(srv, region="eu-west-1")
    primary = kms.create_key(MultiRegion=True)["KeyMetadata"]
    kid = primary["KeyId"]
    kms.replicate_key(KeyId=kid, ReplicaRegion="eu-west-1")
    _wait_for(lambda: west.describe_key(KeyId=kid)["KeyMetadata"]["KeyState"] == "Enabled", what="the replica")
    kms.enable_key_rotation(KeyId=kid, RotationPeriodInDays=100)
    st = west.get_key_rotation_status(KeyId=kid)
    assert st["KeyRotationEnabled"] is True and st["RotationPeriodInDays"] == 100
    assert st["KeyId"] == f"arn:aws:kms:eu-west-1:{srv.account}:key/{kid}"
    for op in ROTATION_OPS:
        with kms_error("UnsupportedOperationException"):
            getattr(west, op)(KeyId=kid)

    old = kms.encrypt(KeyId=kid, Plaintext=b"mrk")["CiphertextBlob"]
    kms.rotate_key_on_demand(KeyId=kid)
    current = _material(kms, kid)
    assert current != primary["CurrentKeyMaterialId"]
    assert _material(west, kid) == current
    assert [r["KeyMaterialId"] for r in _rotations(west, kid)] == [current]
    new = kms.encrypt(KeyId=kid, Plaintext=b"mrk2")["CiphertextBlob"]
    assert west.decrypt(CiphertextBlob=new)["KeyMaterialId"] == current
    assert west.decrypt(CiphertextBlob=old)["KeyMaterialId"] == primary["CurrentKeyMaterialId"]


# ======================================================== ListKeyRotations
def test_list_key_rotations_of_a_new_key(kms, key):
    md = key()
    assert _rotations(kms, md["KeyId"]) == []
    everything = _rotations(kms, md["KeyId"], IncludeKeyMaterial="ALL_KEY_MATERIAL")
    assert everything == [{"KeyId": md["KeyId"], "KeyMaterialId": md["CurrentKeyMaterialId"], "KeyMaterialState": "CURRENT"}]


def test_list_key_rotations_entries(kms, key):
    md = key()
    t0 = _now()
    kms.rotate_key_on_demand(KeyId=md["KeyId"])
    mid = _material(kms, md["KeyId"])
    kms.rotate_key_on_demand(KeyId=md["KeyId"])
    last = _material(kms, md["KeyId"])

    rotations = _rotations(kms, md["Arn"])
    assert [r["KeyMaterialId"] for r in rotations] == [mid, last]
    assert [r["KeyMaterialState"] for r in rotations] == ["NON_CURRENT", "CURRENT"]
    for r in rotations:
        assert r["KeyId"] == md["KeyId"]
        assert r["RotationType"] == "ON_DEMAND"
        assert _close(r["RotationDate"], t0, 300), r["RotationDate"]
        for absent in ("ImportState", "ExpirationModel", "ValidTo", "KeyMaterialDescription"):
            assert absent not in r, r
    assert rotations[0]["RotationDate"] <= rotations[1]["RotationDate"]
    assert _rotations(kms, md["KeyId"], IncludeKeyMaterial="ROTATIONS_ONLY") == rotations

    everything = _rotations(kms, md["KeyId"], IncludeKeyMaterial="ALL_KEY_MATERIAL")
    assert len(everything) == 3
    assert everything[1:] == rotations
    assert everything[0] == {"KeyId": md["KeyId"], "KeyMaterialId": md["CurrentKeyMaterialId"],
                             "KeyMaterialState": "NON_CURRENT"}


def test_list_key_rotations_pagination(kms, key):
    md = key()
    for _ in range(5):
        kms.rotate_key_on_demand(KeyId=md["KeyId"])
    full = _rotations(kms, md["KeyId"])
    assert len(full) == 5

    pages, marker = [], None
    while True:
        kw = {"Limit": 2} if marker is None else {"Limit": 2, "Marker": marker}
        out = kms.list_key_rotations(KeyId=md["KeyId"], **kw)
        pages.append(out["Rotations"])
        if not out["Truncated"]:
            assert "NextMarker" not in out
            break
        assert out["NextMarker"]
        marker = out["NextMarker"]
        assert len(pages) < 5, "pagination does not end"
    assert [len(p) for p in pages] == [2, 2, 1]
    assert [r for p in pages for r in p] == full

    # ALL_KEY_MATERIAL pages over six entries; boto3's paginator follows the markers
    paginator = kms.get_paginator("list_key_rotations")
    got = [r for page in paginator.paginate(KeyId=md["KeyId"], IncludeKeyMaterial="ALL_KEY_MATERIAL",
                                            PaginationConfig={"PageSize": 4}) for r in page["Rotations"]]
    assert len(got) == 6 and got[1:] == full and "RotationType" not in got[0]

    out = kms.list_key_rotations(KeyId=md["KeyId"], Limit=5)
    assert len(out["Rotations"]) == 5 and out["Truncated"] is False


@pytest.mark.parametrize("marker", ["garbage", "not base64 !", "x" * 1024])
def test_list_key_rotations_bad_marker(kms, key, marker):
    md = key()
    kms.rotate_key_on_demand(KeyId=md["KeyId"])
    with kms_error("InvalidMarkerException"):
        kms.list_key_rotations(KeyId=md["KeyId"], Marker=marker)


def test_list_key_rotations_validation(kms_unvalidated, key):
    md = key()
    for limit, constraint in ((0, min_val(1)), (1001, max_val(1000))):
        with kms_error("ValidationException", validation_msg(limit, "limit", constraint)):
            kms_unvalidated.list_key_rotations(KeyId=md["KeyId"], Limit=limit)
    with kms_error("ValidationException") as e:
        kms_unvalidated.list_key_rotations(KeyId=md["KeyId"], IncludeKeyMaterial="SOME")
    assert_enum_validation(e.message, "SOME", "includeKeyMaterial", ["ALL_KEY_MATERIAL", "ROTATIONS_ONLY"])


# ============================================================ authorization
def test_enable_key_rotation_needs_its_own_permission(srv, kms, key):
    md = key()
    c = client(srv, STATUS_ONLY)
    assert c.get_key_rotation_status(KeyId=md["Arn"])["KeyRotationEnabled"] is False
    assert c.list_key_rotations(KeyId=md["KeyId"])["Rotations"] == []
    for op, action in (("enable_key_rotation", "kms:EnableKeyRotation"),
                       ("disable_key_rotation", "kms:DisableKeyRotation"),
                       ("rotate_key_on_demand", "kms:RotateKeyOnDemand")):
        with kms_error("AccessDeniedException", a2(STATUS_ONLY.arn, action, md["Arn"])):
            getattr(c, op)(KeyId=md["KeyId"])
    assert kms.get_key_rotation_status(KeyId=md["KeyId"])["KeyRotationEnabled"] is False
    assert _rotations(kms, md["KeyId"]) == []


def test_rotation_period_condition_key(srv, kms, key):
    md = key()
    c = client(srv, SHORT_PERIODS)
    with kms_error("AccessDeniedException", a2(SHORT_PERIODS.arn, "kms:EnableKeyRotation", md["Arn"])):
        c.enable_key_rotation(KeyId=md["KeyId"], RotationPeriodInDays=365)
    assert kms.get_key_rotation_status(KeyId=md["KeyId"])["KeyRotationEnabled"] is False
    c.enable_key_rotation(KeyId=md["KeyId"], RotationPeriodInDays=90)
    assert c.get_key_rotation_status(KeyId=md["KeyId"])["RotationPeriodInDays"] == 90


# ====================================================== automatic rotation
def _scheduler_args(offset_days: float, interval: float = 0.5) -> list[str]:
    return ["--scheduler-time-offset", str(int(offset_days * DAY)), "--scheduler-interval", str(interval)]


def _rotate_key_records(srv, arn) -> list[dict]:
    return [r for r in audit_records(srv)
            if r.get("eventName") == "RotateKey" and any(res.get("ARN") == arn for res in r.get("resources", []))]


def test_automatic_rotation_happens_once_per_due_date(trent_factory):
    srv = trent_factory.new()
    kms = srv.client()
    due = kms.create_key(Description="due")["KeyMetadata"]
    kms.enable_key_rotation(KeyId=due["KeyId"], RotationPeriodInDays=90)
    yearly = kms.create_key(Description="yearly")["KeyMetadata"]
    kms.enable_key_rotation(KeyId=yearly["KeyId"])
    switched_off = kms.create_key(Description="switched off")["KeyMetadata"]
    kms.enable_key_rotation(KeyId=switched_off["KeyId"], RotationPeriodInDays=90)
    kms.disable_key_rotation(KeyId=switched_off["KeyId"])
    never = kms.create_key(Description="never")["KeyMetadata"]
    first = kms.get_key_rotation_status(KeyId=due["KeyId"])
    blob = kms.encrypt(KeyId=due["KeyId"], Plaintext=b"old material")["CiphertextBlob"]

    srv.restart(extra_args=_scheduler_args(91))
    kms = srv.client()
    rotations = _wait_for(lambda: _rotations(kms, due["KeyId"]), what="the automatic rotation")
    time.sleep(1.5)  # a few more scheduler passes must not rotate it again
    rotations = _rotations(kms, due["KeyId"])
    assert len(rotations) == 1, rotations
    r = rotations[0]
    assert r["RotationType"] == "AUTOMATIC" and r["KeyMaterialState"] == "CURRENT"
    assert r["KeyId"] == due["KeyId"] and MATERIAL_ID.match(r["KeyMaterialId"])
    assert r["KeyMaterialId"] != due["CurrentKeyMaterialId"]
    assert _material(kms, due["KeyId"]) == r["KeyMaterialId"]
    st = kms.get_key_rotation_status(KeyId=due["KeyId"])
    assert st["KeyRotationEnabled"] is True and st["RotationPeriodInDays"] == 90
    moved = (st["NextRotationDate"] - first["NextRotationDate"]).total_seconds() / DAY
    assert 89 <= moved <= 91.5, f"NextRotationDate moved {moved:.2f} days"
    fresh = kms.encrypt(KeyId=due["KeyId"], Plaintext=b"new material")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=fresh)["KeyMaterialId"] == r["KeyMaterialId"]
    dec = kms.decrypt(CiphertextBlob=blob)
    assert dec["Plaintext"] == b"old material" and dec["KeyMaterialId"] == due["CurrentKeyMaterialId"]
    # keys that are not due, or whose rotation is off, are left alone
    for other in (yearly, switched_off, never):
        assert _rotations(kms, other["KeyId"]) == [], other["Description"]
        assert _material(kms, other["KeyId"]) == other["CurrentKeyMaterialId"]

    # the audit trail has the service event
    records = _wait_for(lambda: _rotate_key_records(srv, due["Arn"]), timeout=5, what="the RotateKey audit record")
    assert len(records) == 1, records
    rec = records[0]
    assert rec["eventType"] == "AwsServiceEvent"
    assert rec["eventSource"] == "kms.amazonaws.com"
    assert rec["resources"] == [{"accountId": srv.account, "type": "AWS::KMS::Key", "ARN": due["Arn"]}]
    assert "errorCode" not in rec

    # the same due date never rotates twice, across restarts
    srv.restart(extra_args=_scheduler_args(91))
    kms = srv.client()
    time.sleep(2)
    assert _rotations(kms, due["KeyId"]) == rotations
    assert kms.get_key_rotation_status(KeyId=due["KeyId"])["NextRotationDate"] == st["NextRotationDate"]
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"old material"

    # and without the offset the key keeps its rotated material
    srv.restart()
    kms = srv.client()
    assert _rotations(kms, due["KeyId"]) == rotations
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"old material"
    srv.stop()
    assert len(_rotate_key_records(srv, due["Arn"])) == 1


def test_disabled_or_pending_key_is_rotated_only_once_enabled(trent_factory):
    srv = trent_factory.new()
    kms = srv.client()
    disabled = kms.create_key(Description="disabled")["KeyMetadata"]
    pending = kms.create_key(Description="pending")["KeyMetadata"]
    control = kms.create_key(Description="control")["KeyMetadata"]
    for md in (disabled, pending, control):
        kms.enable_key_rotation(KeyId=md["KeyId"], RotationPeriodInDays=90)
    blob = kms.encrypt(KeyId=disabled["KeyId"], Plaintext=b"disabled")["CiphertextBlob"]
    kms.disable_key(KeyId=disabled["KeyId"])
    kms.schedule_key_deletion(KeyId=pending["KeyId"], PendingWindowInDays=365)  # outlives the offset

    srv.restart(extra_args=_scheduler_args(91))
    kms = srv.client()
    # the control key proves that scheduler passes are running
    _wait_for(lambda: _rotations(kms, control["KeyId"]), what="the control key's rotation")
    time.sleep(1.5)
    assert _rotations(kms, disabled["KeyId"]) == []
    assert _rotations(kms, pending["KeyId"]) == []
    assert _material(kms, disabled["KeyId"]) == disabled["CurrentKeyMaterialId"]

    kms.enable_key(KeyId=disabled["KeyId"])
    rotations = _wait_for(lambda: _rotations(kms, disabled["KeyId"]), what="rotation after EnableKey")
    assert [r["RotationType"] for r in rotations] == ["AUTOMATIC"]
    assert kms.decrypt(CiphertextBlob=blob)["KeyMaterialId"] == disabled["CurrentKeyMaterialId"]

    kms.cancel_key_deletion(KeyId=pending["KeyId"])
    time.sleep(1.5)
    assert _rotations(kms, pending["KeyId"]) == [], "a cancelled key is Disabled and must not rotate"
    kms.enable_key(KeyId=pending["KeyId"])
    rotations = _wait_for(lambda: _rotations(kms, pending["KeyId"]), what="rotation after cancel + EnableKey")
    assert [r["RotationType"] for r in rotations] == ["AUTOMATIC"]
    time.sleep(1.5)
    for md in (disabled, pending, control):
        assert len(_rotations(kms, md["KeyId"])) == 1, md["Description"]


# ================================================================== AWS CLI
def _cli_commands():
    v2 = Path("/usr/bin/aws")
    return [
        pytest.param([sys.executable, "-m", "awscli"], id="cli-v1"),
        pytest.param([str(v2)] if v2.exists() else None, id="cli-v2"),
    ]


@pytest.fixture(params=_cli_commands())
def aws(request, srv, tmp_path):
    base = request.param
    if base is None:
        pytest.skip("AWS CLI v2 (/usr/bin/aws from Debian's awscli package) is not installed")
    creds = tmp_path / "credentials"
    key_id, secret = srv.admin_credentials()
    creds.write_text(f"[default]\naws_access_key_id = {key_id}\naws_secret_access_key = {secret}\n")
    (tmp_path / "config").write_text("[default]\nregion = us-east-1\noutput = json\n")
    env = clean_env({
        "AWS_SHARED_CREDENTIALS_FILE": str(creds),
        "AWS_CONFIG_FILE": str(tmp_path / "config"),
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_PAGER": "",
        "HOME": str(tmp_path),
    })

    def run(*args, check=True):
        cmd = [*base, *args, "--endpoint-url", srv.endpoint, "--output", "json"]
        r = subprocess.run(cmd, env=env, capture_output=True, timeout=120, cwd=str(tmp_path))
        if check:
            assert r.returncode == 0, f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr.decode()}"
            return json.loads(r.stdout) if r.stdout.strip() else None
        return r

    run.version = request.node.callspec.id
    run.base = base
    run.env = env
    return run


def _supports(aws, command, option=None) -> bool:
    """The Debian CLI v2 (2.9) predates RotateKeyOnDemand, ListKeyRotations and
    --rotation-period-in-days; those steps run where the CLI knows them."""
    r = subprocess.run([*aws.base, "kms", command, "help"], env={**aws.env, "PAGER": "cat", "MANPAGER": "cat"},
                       capture_output=True, timeout=60)
    return r.returncode == 0 and (option is None or option.encode() in r.stdout.replace(b"\x08", b""))


def _cli_time(value) -> datetime.datetime:
    """CLI v1 prints the wire's epoch seconds, v2 an ISO 8601 string."""
    if isinstance(value, (int, float)):
        return datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
    return datetime.datetime.fromisoformat(value)


def test_cli_enable_status_disable(aws, kms, key):
    md = key()
    assert aws("kms", "get-key-rotation-status", "--key-id", md["KeyId"])["KeyRotationEnabled"] is False
    assert aws("kms", "enable-key-rotation", "--key-id", md["KeyId"]) is None
    st = aws("kms", "get-key-rotation-status", "--key-id", md["Arn"])
    assert st["KeyRotationEnabled"] is True
    if "RotationPeriodInDays" in st:  # only a CLI whose model has the member prints it
        assert st["RotationPeriodInDays"] == 365 and st["KeyId"] == md["Arn"]
    assert aws("kms", "disable-key-rotation", "--key-id", md["KeyId"]) is None
    assert aws("kms", "get-key-rotation-status", "--key-id", md["KeyId"])["KeyRotationEnabled"] is False
    assert kms.get_key_rotation_status(KeyId=md["KeyId"])["KeyRotationEnabled"] is False


def test_cli_rotation_period_and_on_demand(aws, key):
    if not (_supports(aws, "enable-key-rotation", "rotation-period-in-days") and _supports(aws, "rotate-key-on-demand")):
        pytest.skip(f"{aws.version} has no --rotation-period-in-days / rotate-key-on-demand")
    md = key()
    t0 = _now()
    aws("kms", "enable-key-rotation", "--key-id", md["KeyId"], "--rotation-period-in-days", "90")
    st = aws("kms", "get-key-rotation-status", "--key-id", md["KeyId"])
    assert st["KeyRotationEnabled"] is True and st["RotationPeriodInDays"] == 90 and st["KeyId"] == md["Arn"]
    next_date = _cli_time(st["NextRotationDate"])
    assert _close(next_date, t0 + _days(90)), st["NextRotationDate"]

    for _ in range(3):
        assert aws("kms", "rotate-key-on-demand", "--key-id", md["KeyId"]) == {"KeyId": md["Arn"]}
    listed = aws("kms", "list-key-rotations", "--key-id", md["KeyId"])["Rotations"]
    assert [r["RotationType"] for r in listed] == ["ON_DEMAND"] * 3
    assert [r["KeyMaterialState"] for r in listed] == ["NON_CURRENT", "NON_CURRENT", "CURRENT"]
    assert {r["KeyId"] for r in listed} == {md["KeyId"]}
    # the CLI pages with Limit/Marker and joins the pages
    paged = aws("kms", "list-key-rotations", "--key-id", md["KeyId"], "--page-size", "1")["Rotations"]
    assert paged == listed
    everything = aws("kms", "list-key-rotations", "--key-id", md["KeyId"],
                     "--include-key-material", "ALL_KEY_MATERIAL", "--page-size", "2")["Rotations"]
    assert len(everything) == 4 and everything[1:] == listed
    assert everything[0]["KeyMaterialId"] == md["CurrentKeyMaterialId"] and "RotationType" not in everything[0]
    # on-demand rotation left the automatic schedule alone
    assert aws("kms", "get-key-rotation-status", "--key-id", md["KeyId"])["NextRotationDate"] == st["NextRotationDate"]


def test_cli_reports_unsupported_key(aws, key):
    md = key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")
    r = aws("kms", "enable-key-rotation", "--key-id", md["KeyId"], check=False)
    assert r.returncode != 0
    err = r.stderr.decode()
    pattern = cli_error_pattern("UnsupportedOperationException", "EnableKeyRotation", NON_SYMMETRIC_MSG)
    assert pattern.search(err), err
    assert aws("kms", "get-key-rotation-status", "--key-id", md["KeyId"])["KeyRotationEnabled"] is False
