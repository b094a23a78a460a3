"""Multi-Region keys: CreateKey MultiRegion=true, ReplicateKey, UpdatePrimaryRegion and the
rules that tie a primary to its replicas.

Sources: seed-features §1.9 and §9 (the guide's multi-Region chapter) and the API model
(ReplicateKey, UpdatePrimaryRegion, MultiRegionConfiguration). The guide documents the
behaviour (Creating -> Enabled/PendingImport, Updating, PendingReplicaDeletion, shared vs
independent properties) but not the texts of most multi-Region refusals; for those the
tests assert the error code AWS's model lists plus the message Trent chose
(Sources/TrentAPI/Operations/MultiRegion.swift, Rotation.swift, ImportWrapping.swift).
State refusals use the key-state table's texts ("<arn> is creating.", "is updating.",
"is pending replica deletion.").

Hidden server options used here: `--transition-delay SECONDS` (how long a new replica
stays Creating and an UpdatePrimaryRegion stays Updating), `--scheduler-time-offset`,
`--scheduler-interval` and `--regions`.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import time

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from helpers import NOT_NULL, kms_error, max_len, min_len, not_found_key_msg, unique, validation_msg

US = "us-east-1"
EU = "eu-west-1"
AP = "ap-southeast-2"
DAY = 86400
MRK_ID = re.compile(r"^mrk-[0-9a-f]{32}$")
FAST = ["--transition-delay", "0.3", "--scheduler-interval", "0.5"]
SLOW = ["--transition-delay", "4", "--scheduler-interval", "60"]


def default_policy(account):
    return {
        "Version": "2012-10-17",
        "Id": "key-default-1",
        "Statement": [
            {
                "Sid": "Enable IAM User Permissions",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                "Action": "kms:*",
                "Resource": "*",
            }
        ],
    }


def custom_policy(account, sid):
    return {
        "Version": "2012-10-17",
        "Id": "custom-" + sid,
        "Statement": [
            {"Sid": sid, "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
             "Action": "kms:*", "Resource": "*"}
        ],
    }


def _now():
    return datetime.datetime.now(datetime.timezone.utc)


def wait_state(client, key_id, state, timeout=15.0):
    """Poll DescribeKey until the key reaches `state`; returns its metadata."""
    deadline = time.monotonic() + timeout
    while True:
        md = client.describe_key(KeyId=key_id)["KeyMetadata"]
        if md["KeyState"] == state:
            return md
        if time.monotonic() > deadline:
            raise AssertionError(f"{md['Arn']} stayed {md['KeyState']}, expected {state} within {timeout}s")
        time.sleep(0.1)


def mr(srv, region, key_id):
    return srv.client(region=region).describe_key(KeyId=key_id)["KeyMetadata"]


def ref(srv, region, key_id):
    return {"Arn": srv.key_arn(key_id, region), "Region": region}


# ------------------------------------------------------------------ servers
@pytest.fixture(scope="module")
def srv(module_trent):
    """A server whose transitions finish quickly (0.3 s)."""
    s = module_trent.new(start=False)
    s.start(extra_args=FAST)
    return s


@pytest.fixture(scope="module")
def slow(module_trent):
    """A server whose transitions last 4 s, to observe Creating and Updating."""
    s = module_trent.new(start=False)
    s.start(extra_args=SLOW)
    return s


@pytest.fixture(scope="module")
def us(srv):
    return srv.client(region=US)


@pytest.fixture(scope="module")
def eu(srv):
    return srv.client(region=EU)


def make_pair(srv, replica_region=EU, create=None, replicate=None):
    """A primary in us-east-1 and its (Enabled) replica; returns (primary md, replica md)."""
    us_c = srv.client(region=US)
    md = us_c.create_key(MultiRegion=True, **(create or {}))["KeyMetadata"]
    us_c.replicate_key(KeyId=md["KeyId"], ReplicaRegion=replica_region, **(replicate or {}))
    rep = wait_state(srv.client(region=replica_region), md["KeyId"], "Enabled")
    return md, rep


# ---------------------------------------------------------------- CreateKey
CREATE_CASES = {
    "symmetric": {},
    "hmac": {"KeySpec": "HMAC_256", "KeyUsage": "GENERATE_VERIFY_MAC"},
    "rsa-sign": {"KeySpec": "RSA_2048", "KeyUsage": "SIGN_VERIFY"},
    "ecc-p256": {"KeySpec": "ECC_NIST_P256", "KeyUsage": "SIGN_VERIFY"},
}


@pytest.mark.parametrize("params", list(CREATE_CASES.values()), ids=list(CREATE_CASES))
def test_create_multi_region_key(srv, us, params):
    md = us.create_key(MultiRegion=True, **params)["KeyMetadata"]
    assert MRK_ID.match(md["KeyId"]), md["KeyId"]
    assert md["Arn"] == srv.key_arn(md["KeyId"], US)
    assert md["MultiRegion"] is True
    assert md["KeyState"] == "Enabled" and md["Enabled"] is True
    assert md["MultiRegionConfiguration"] == {
        "MultiRegionKeyType": "PRIMARY",
        "PrimaryKey": {"Arn": md["Arn"], "Region": US},
        "ReplicaKeys": [],
    }
    assert us.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["MultiRegionConfiguration"] == md["MultiRegionConfiguration"]
    # single-Region key of the same type
    single = us.create_key(**params)["KeyMetadata"]
    assert not single["KeyId"].startswith("mrk-")
    assert single["MultiRegion"] is False
    assert "MultiRegionConfiguration" not in single
    assert "MultiRegionConfiguration" not in us.describe_key(KeyId=single["KeyId"])["KeyMetadata"]


# ------------------------------------------------------------- ReplicateKey
def test_replicate_key_response_and_creating(slow):
    us_c, eu_c = slow.client(region=US), slow.client(region=EU)
    md = us_c.create_key(MultiRegion=True, Description="primary")["KeyMetadata"]
    kid = md["KeyId"]
    r = us_c.replicate_key(KeyId=kid, ReplicaRegion=EU)
    rep = r["ReplicaKeyMetadata"]
    replica_arn = slow.key_arn(kid, EU)
    assert rep["KeyId"] == kid
    assert rep["Arn"] == replica_arn
    assert rep["KeyState"] == "Creating" and rep["Enabled"] is False
    assert rep["MultiRegion"] is True
    assert rep["Description"] == ""  # not the primary's
    assert rep["KeySpec"] == md["KeySpec"] and rep["KeyUsage"] == md["KeyUsage"] and rep["Origin"] == "AWS_KMS"
    assert rep["MultiRegionConfiguration"] == {
        "MultiRegionKeyType": "REPLICA",
        "PrimaryKey": ref(slow, US, kid),
        "ReplicaKeys": [ref(slow, EU, kid)],
    }
    assert json.loads(r["ReplicaPolicy"]) == default_policy(slow.account)
    assert r["ReplicaTags"] == []

    # Creating: manageable, not usable for cryptography
    with kms_error("KMSInvalidStateException", f"{replica_arn} is creating."):
        eu_c.encrypt(KeyId=kid, Plaintext=b"x")
    d = eu_c.describe_key(KeyId=kid)["KeyMetadata"]
    assert d["KeyState"] == "Creating" and d["Enabled"] is False
    # the primary stays usable meanwhile
    us_c.encrypt(KeyId=kid, Plaintext=b"x")

    done = wait_state(eu_c, kid, "Enabled")
    assert done["Enabled"] is True
    assert eu_c.decrypt(CiphertextBlob=eu_c.encrypt(KeyId=kid, Plaintext=b"y")["CiphertextBlob"])["Plaintext"] == b"y"
    assert json.loads(eu_c.get_key_policy(KeyId=kid, PolicyName="default")["Policy"]) == default_policy(slow.account)


def test_describe_primary_and_replica_agree(srv, us, eu):
    md, rep = make_pair(srv)
    kid = md["KeyId"]
    p = us.describe_key(KeyId=kid)["KeyMetadata"]["MultiRegionConfiguration"]
    r = eu.describe_key(KeyId=kid)["KeyMetadata"]["MultiRegionConfiguration"]
    assert p["MultiRegionKeyType"] == "PRIMARY" and r["MultiRegionKeyType"] == "REPLICA"
    assert p["PrimaryKey"] == r["PrimaryKey"] == ref(srv, US, kid)
    assert p["ReplicaKeys"] == r["ReplicaKeys"] == [ref(srv, EU, kid)]
    # a second replica appears in every member's configuration
    us.replicate_key(KeyId=kid, ReplicaRegion=AP)
    wait_state(srv.client(region=AP), kid, "Enabled")
    expected = sorted([ref(srv, EU, kid), ref(srv, AP, kid)], key=lambda x: x["Region"])
    for region in (US, EU, AP):
        cfg = mr(srv, region, kid)["MultiRegionConfiguration"]
        assert cfg["PrimaryKey"] == ref(srv, US, kid)
        assert sorted(cfg["ReplicaKeys"], key=lambda x: x["Region"]) == expected
        assert cfg["MultiRegionKeyType"] == ("PRIMARY" if region == US else "REPLICA")
    # replica key attributes follow the primary's shared properties
    assert rep["KeySpec"] == md["KeySpec"] and rep["KeyUsage"] == md["KeyUsage"]
    assert rep["EncryptionAlgorithms"] == md["EncryptionAlgorithms"]


def test_list_keys_is_regional(srv, us):
    # ap-northeast-3 is touched by no other test of this module
    region = "ap-northeast-3"
    other = srv.client(region=region)
    md = us.create_key(MultiRegion=True)["KeyMetadata"]
    kid = md["KeyId"]

    def listed(c):
        return {k["KeyId"]: k["KeyArn"] for k in c.list_keys(Limit=1000)["Keys"]}

    assert kid not in listed(other)
    assert listed(us)[kid] == md["Arn"]
    us.replicate_key(KeyId=kid, ReplicaRegion=region)
    wait_state(other, kid, "Enabled")
    assert listed(other) == {kid: srv.key_arn(kid, region)}
    assert listed(us)[kid] == md["Arn"]
    # aliases are regional too: an alias in the primary's region does not name the replica
    alias = "alias/" + unique("mrk")
    us.create_alias(AliasName=alias, TargetKeyId=kid)
    assert alias not in [a["AliasName"] for a in other.list_aliases()["Aliases"]]
    with kms_error("NotFoundException"):
        other.describe_key(KeyId=alias)


# ---------------------------------------------------------- interoperability
def test_symmetric_ciphertexts_cross_regions(srv, us, eu):
    md, _ = make_pair(srv)
    kid = md["KeyId"]
    ctx = {"purpose": "mrk"}
    blob = us.encrypt(KeyId=kid, Plaintext=b"from-us", EncryptionContext=ctx)["CiphertextBlob"]
    r = eu.decrypt(CiphertextBlob=blob, EncryptionContext=ctx)
    assert r["Plaintext"] == b"from-us"
    assert r["KeyId"] == srv.key_arn(kid, EU)
    r = eu.decrypt(CiphertextBlob=blob, EncryptionContext=ctx, KeyId=kid)
    assert r["Plaintext"] == b"from-us"
    assert eu.decrypt(CiphertextBlob=blob, EncryptionContext=ctx, KeyId=srv.key_arn(kid, EU))["Plaintext"] == b"from-us"
    blob2 = eu.encrypt(KeyId=kid, Plaintext=b"from-eu")["CiphertextBlob"]
    r = us.decrypt(CiphertextBlob=blob2)
    assert r["Plaintext"] == b"from-eu" and r["KeyId"] == md["Arn"]
    assert us.decrypt(CiphertextBlob=blob2, KeyId=md["Arn"])["Plaintext"] == b"from-eu"
    # a data key generated in one region opens in the other
    dk = eu.generate_data_key(KeyId=kid, KeySpec="AES_256")
    assert us.decrypt(CiphertextBlob=dk["CiphertextBlob"])["Plaintext"] == dk["Plaintext"]
    # ReEncrypt in the replica region of a primary ciphertext
    re_blob = eu.re_encrypt(CiphertextBlob=blob, SourceEncryptionContext=ctx, DestinationKeyId=kid)["CiphertextBlob"]
    assert us.decrypt(CiphertextBlob=re_blob)["Plaintext"] == b"from-us"
    # the wrong encryption context still fails in the other region
    with kms_error("InvalidCiphertextException"):
        eu.decrypt(CiphertextBlob=blob, EncryptionContext={"purpose": "other"})


def test_hmac_cross_regions(srv, us, eu):
    md, _ = make_pair(srv, create={"KeySpec": "HMAC_256", "KeyUsage": "GENERATE_VERIFY_MAC"})
    kid = md["KeyId"]
    mac = us.generate_mac(KeyId=kid, Message=b"msg", MacAlgorithm="HMAC_SHA_256")["Mac"]
    assert eu.verify_mac(KeyId=kid, Message=b"msg", MacAlgorithm="HMAC_SHA_256", Mac=mac)["MacValid"] is True
    mac2 = eu.generate_mac(KeyId=kid, Message=b"msg", MacAlgorithm="HMAC_SHA_256")["Mac"]
    assert mac2 == mac
    assert us.verify_mac(KeyId=kid, Message=b"msg", MacAlgorithm="HMAC_SHA_256", Mac=mac2)["MacValid"] is True
    with kms_error("KMSInvalidMacException"):
        eu.verify_mac(KeyId=kid, Message=b"other", MacAlgorithm="HMAC_SHA_256", Mac=mac)


@pytest.mark.parametrize("spec,alg", [("RSA_2048", "RSASSA_PSS_SHA_256"), ("ECC_NIST_P256", "ECDSA_SHA_256")])
def test_signatures_cross_regions(srv, us, eu, spec, alg):
    md, _ = make_pair(srv, create={"KeySpec": spec, "KeyUsage": "SIGN_VERIFY"})
    kid = md["KeyId"]
    pub_us = us.get_public_key(KeyId=kid)
    pub_eu = eu.get_public_key(KeyId=kid)
    assert pub_us["PublicKey"] == pub_eu["PublicKey"]
    assert pub_eu["KeyId"] == srv.key_arn(kid, EU)
    assert pub_us["KeySpec"] == pub_eu["KeySpec"] == spec
    sig = us.sign(KeyId=kid, Message=b"m", SigningAlgorithm=alg)["Signature"]
    assert eu.verify(KeyId=kid, Message=b"m", Signature=sig, SigningAlgorithm=alg)["SignatureValid"] is True
    sig2 = eu.sign(KeyId=kid, Message=b"n", SigningAlgorithm=alg)["Signature"]
    assert us.verify(KeyId=kid, Message=b"n", Signature=sig2, SigningAlgorithm=alg)["SignatureValid"] is True
    # and the replica's signature verifies with the (shared) public key offline
    pub = serialization.load_der_public_key(pub_us["PublicKey"])
    if spec.startswith("RSA"):
        pub.verify(sig2, b"n", padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())
    else:
        from cryptography.hazmat.primitives.asymmetric import ec
        pub.verify(sig2, b"n", ec.ECDSA(hashes.SHA256()))


def test_rotation_material_is_shared(srv, us, eu):
    md, rep = make_pair(srv)
    kid = md["KeyId"]
    old_blob = us.encrypt(KeyId=kid, Plaintext=b"old")["CiphertextBlob"]
    before = md["CurrentKeyMaterialId"]
    assert rep["CurrentKeyMaterialId"] == before
    us.rotate_key_on_demand(KeyId=kid)
    deadline = time.monotonic() + 10
    while us.describe_key(KeyId=kid)["KeyMetadata"]["CurrentKeyMaterialId"] == before:
        assert time.monotonic() < deadline, "the on-demand rotation did not complete"
        time.sleep(0.1)
    p = us.describe_key(KeyId=kid)["KeyMetadata"]
    r = eu.describe_key(KeyId=kid)["KeyMetadata"]
    assert p["CurrentKeyMaterialId"] != before
    assert r["CurrentKeyMaterialId"] == p["CurrentKeyMaterialId"]
    new_blob = us.encrypt(KeyId=kid, Plaintext=b"new")["CiphertextBlob"]
    d = eu.decrypt(CiphertextBlob=new_blob)
    assert d["Plaintext"] == b"new" and d["KeyMaterialId"] == p["CurrentKeyMaterialId"]
    assert eu.decrypt(CiphertextBlob=old_blob)["Plaintext"] == b"old"
    # the replica encrypts under the new material too
    assert us.decrypt(CiphertextBlob=eu.encrypt(KeyId=kid, Plaintext=b"r")["CiphertextBlob"])["KeyMaterialId"] == p["CurrentKeyMaterialId"]
    # a replica created after the rotation gets every version
    us.replicate_key(KeyId=kid, ReplicaRegion=AP)
    ap = srv.client(region=AP)
    assert wait_state(ap, kid, "Enabled")["CurrentKeyMaterialId"] == p["CurrentKeyMaterialId"]
    assert ap.decrypt(CiphertextBlob=old_blob)["Plaintext"] == b"old"
    assert ap.decrypt(CiphertextBlob=new_blob)["Plaintext"] == b"new"


# ------------------------------------------------------ independent properties
def test_replica_with_own_description_policy_and_tags(srv, us, eu):
    md = us.create_key(MultiRegion=True, Description="primary-desc", Tags=[{"TagKey": "side", "TagValue": "primary"}])["KeyMetadata"]
    kid = md["KeyId"]
    policy = custom_policy(srv.account, "ReplicaOnly")
    tags = [{"TagKey": "side", "TagValue": "replica"}, {"TagKey": "empty", "TagValue": ""}]
    r = us.replicate_key(KeyId=kid, ReplicaRegion=EU, Description="replica-desc", Policy=json.dumps(policy), Tags=tags)
    assert r["ReplicaKeyMetadata"]["Description"] == "replica-desc"
    assert json.loads(r["ReplicaPolicy"]) == policy
    assert sorted(r["ReplicaTags"], key=lambda t: t["TagKey"]) == sorted(tags, key=lambda t: t["TagKey"])
    wait_state(eu, kid, "Enabled")
    assert eu.describe_key(KeyId=kid)["KeyMetadata"]["Description"] == "replica-desc"
    assert json.loads(eu.get_key_policy(KeyId=kid, PolicyName="default")["Policy"]) == policy
    assert sorted(eu.list_resource_tags(KeyId=kid)["Tags"], key=lambda t: t["TagKey"]) == sorted(tags, key=lambda t: t["TagKey"])
    # the primary kept its own
    assert us.describe_key(KeyId=kid)["KeyMetadata"]["Description"] == "primary-desc"
    assert json.loads(us.get_key_policy(KeyId=kid, PolicyName="default")["Policy"]) == default_policy(srv.account)
    assert us.list_resource_tags(KeyId=kid)["Tags"] == [{"TagKey": "side", "TagValue": "primary"}]


def test_replica_without_options_does_not_copy_primary(srv, us, eu):
    md = us.create_key(MultiRegion=True, Description="only-primary", Tags=[{"TagKey": "k", "TagValue": "v"}],
                       Policy=json.dumps(custom_policy(srv.account, "PrimaryPolicy")))["KeyMetadata"]
    kid = md["KeyId"]
    r = us.replicate_key(KeyId=kid, ReplicaRegion=EU)
    assert r["ReplicaKeyMetadata"]["Description"] == ""
    assert r["ReplicaTags"] == []
    assert json.loads(r["ReplicaPolicy"]) == default_policy(srv.account)
    wait_state(eu, kid, "Enabled")
    assert eu.list_resource_tags(KeyId=kid)["Tags"] == []


def test_replica_changes_do_not_touch_primary(srv, us, eu):
    md, _ = make_pair(srv, create={"Description": "p"})
    kid = md["KeyId"]
    eu.update_key_description(KeyId=kid, Description="changed-in-eu")
    eu.tag_resource(KeyId=kid, Tags=[{"TagKey": "eu", "TagValue": "1"}])
    eu.put_key_policy(KeyId=kid, PolicyName="default", Policy=json.dumps(custom_policy(srv.account, "EuPolicy")))
    eu.disable_key(KeyId=kid)
    p = us.describe_key(KeyId=kid)["KeyMetadata"]
    assert p["Description"] == "p"
    assert p["KeyState"] == "Enabled" and p["Enabled"] is True
    assert us.list_resource_tags(KeyId=kid)["Tags"] == []
    assert json.loads(us.get_key_policy(KeyId=kid, PolicyName="default")["Policy"]) == default_policy(srv.account)
    r = eu.describe_key(KeyId=kid)["KeyMetadata"]
    assert r["Description"] == "changed-in-eu" and r["KeyState"] == "Disabled"
    with kms_error("DisabledException", f"{srv.key_arn(kid, EU)} is disabled."):
        eu.encrypt(KeyId=kid, Plaintext=b"x")
    us.encrypt(KeyId=kid, Plaintext=b"x")
    # and the other way round: changes on the primary leave the replica alone
    us.update_key_description(KeyId=kid, Description="changed-in-us")
    us.tag_resource(KeyId=kid, Tags=[{"TagKey": "us", "TagValue": "1"}])
    r = eu.describe_key(KeyId=kid)["KeyMetadata"]
    assert r["Description"] == "changed-in-eu"
    assert eu.list_resource_tags(KeyId=kid)["Tags"] == [{"TagKey": "eu", "TagValue": "1"}]


def test_disabled_primary_does_not_stop_replica(srv, us, eu):
    md, _ = make_pair(srv)
    kid = md["KeyId"]
    blob = us.encrypt(KeyId=kid, Plaintext=b"before")["CiphertextBlob"]
    us.disable_key(KeyId=kid)
    with kms_error("DisabledException", f"{md['Arn']} is disabled."):
        us.decrypt(CiphertextBlob=blob)
    assert eu.decrypt(CiphertextBlob=blob)["Plaintext"] == b"before"
    assert eu.describe_key(KeyId=kid)["KeyMetadata"]["KeyState"] == "Enabled"
    b2 = eu.encrypt(KeyId=kid, Plaintext=b"during")["CiphertextBlob"]
    us.enable_key(KeyId=kid)
    assert us.decrypt(CiphertextBlob=b2)["Plaintext"] == b"during"


# ----------------------------------------------------------- ReplicateKey errors
def test_replicate_to_primary_region(srv, us):
    md = us.create_key(MultiRegion=True)["KeyMetadata"]
    with kms_error("ValidationException", f"The replica region must be different from the primary key's region {US}."):
        us.replicate_key(KeyId=md["KeyId"], ReplicaRegion=US)
    assert us.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["MultiRegionConfiguration"]["ReplicaKeys"] == []


def test_replicate_to_region_with_replica(srv, us, eu):
    md, _ = make_pair(srv)
    kid = md["KeyId"]
    with kms_error("AlreadyExistsException", f"Key '{srv.key_arn(kid, EU)}' already exists"):
        us.replicate_key(KeyId=kid, ReplicaRegion=EU)
    assert len(us.describe_key(KeyId=kid)["KeyMetadata"]["MultiRegionConfiguration"]["ReplicaKeys"]) == 1


def test_replicate_to_region_with_pending_deletion_replica(srv, us, eu):
    md, _ = make_pair(srv)
    kid = md["KeyId"]
    eu.schedule_key_deletion(KeyId=kid, PendingWindowInDays=7)
    with kms_error("AlreadyExistsException", f"Key '{srv.key_arn(kid, EU)}' already exists"):
        us.replicate_key(KeyId=kid, ReplicaRegion=EU)


def test_replicate_while_creating(slow):
    us_c = slow.client(region=US)
    kid = us_c.create_key(MultiRegion=True)["KeyMetadata"]["KeyId"]
    us_c.replicate_key(KeyId=kid, ReplicaRegion=EU)
    with kms_error("AlreadyExistsException", f"Key '{slow.key_arn(kid, EU)}' already exists"):
        us_c.replicate_key(KeyId=kid, ReplicaRegion=EU)


def test_replicate_to_region_not_served(trent_factory):
    s = trent_factory.new(start=False)
    s.start(extra_args=FAST + ["--regions", "us-east-1,eu-west-1"])
    c = s.client(region=US)
    kid = c.create_key(MultiRegion=True)["KeyMetadata"]["KeyId"]
    with kms_error("UnsupportedOperationException", "The replica region ap-south-1 is not a Region this KMS serves."):
        c.replicate_key(KeyId=kid, ReplicaRegion="ap-south-1")
    assert c.describe_key(KeyId=kid)["KeyMetadata"]["MultiRegionConfiguration"]["ReplicaKeys"] == []
    # the served one works
    c.replicate_key(KeyId=kid, ReplicaRegion=EU)
    wait_state(s.client(region=EU), kid, "Enabled")


@pytest.mark.parametrize("region", ["Mars-1", "eu-west-1x", "useast1"])
def test_replicate_malformed_region(us, region):
    kid = us.create_key(MultiRegion=True)["KeyMetadata"]["KeyId"]
    with kms_error("ValidationException", validation_msg(
            region, "replicaRegion", r"Member must satisfy regular expression pattern: ^([a-z]+-){2,3}\d+$")):
        us.replicate_key(KeyId=kid, ReplicaRegion=region)


@pytest.mark.parametrize("op,body,member,value,constraint", [
    ("ReplicateKey", {"KeyId": "mrk-" + "0" * 32}, "replicaRegion", None, NOT_NULL),
    ("ReplicateKey", {"ReplicaRegion": EU}, "keyId", None, NOT_NULL),
    ("ReplicateKey", {"KeyId": "mrk-" + "0" * 32, "ReplicaRegion": "a-b-" + "1" * 30}, "replicaRegion",
     "a-b-" + "1" * 30, max_len(32)),
    ("ReplicateKey", {"KeyId": "mrk-" + "0" * 32, "ReplicaRegion": EU, "Description": "d" * 8193}, "description",
     "d" * 8193, max_len(8192)),
    ("UpdatePrimaryRegion", {"KeyId": "mrk-" + "0" * 32}, "primaryRegion", None, NOT_NULL),
    ("UpdatePrimaryRegion", {"PrimaryRegion": EU}, "keyId", None, NOT_NULL),
], ids=["replicate-no-region", "replicate-no-key", "replicate-long-region", "replicate-long-description",
        "update-no-region", "update-no-key"])
def test_model_validation(srv, op, body, member, value, constraint):
    r = srv.raw(op, body)
    assert (r.status, r.error_type) == (400, "ValidationException"), r.json
    assert r.message == validation_msg(value, member, constraint)


@pytest.mark.parametrize("op,member", [("ReplicateKey", "replicaRegion"), ("UpdatePrimaryRegion", "primaryRegion")])
def test_empty_region_breaks_two_constraints(srv, op, member):
    """'' is both too short and outside the RegionType pattern: AWS reports every violation."""
    field = member[0].upper() + member[1:]
    r = srv.raw(op, {"KeyId": "mrk-" + "0" * 32, field: ""})
    assert (r.status, r.error_type) == (400, "ValidationException"), r.json
    head = "2 validation errors detected: "
    assert r.message.startswith(head), r.message
    assert set(r.message[len(head):].split("; ")) == {
        f"Value '' at '{member}' failed to satisfy constraint: " + min_len(1),
        f"Value '' at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: "
        r"^([a-z]+-){2,3}\d+$",
    }


def test_replicate_single_region_key(srv, us):
    md = us.create_key()["KeyMetadata"]
    with kms_error("UnsupportedOperationException", f"{md['Arn']} is not a multi-Region key."):
        us.replicate_key(KeyId=md["KeyId"], ReplicaRegion=EU)


def test_replicate_a_replica(srv, us, eu):
    md, _ = make_pair(srv)
    kid = md["KeyId"]
    with kms_error("UnsupportedOperationException", f"{srv.key_arn(kid, EU)} is not a multi-Region primary key."):
        eu.replicate_key(KeyId=kid, ReplicaRegion=AP)
    with kms_error("UnsupportedOperationException", f"{srv.key_arn(kid, EU)} is not a multi-Region primary key."):
        eu.replicate_key(KeyId=kid, ReplicaRegion=US)


def test_replicate_disabled_primary(srv, us):
    md = us.create_key(MultiRegion=True)["KeyMetadata"]
    us.disable_key(KeyId=md["KeyId"])
    with kms_error("DisabledException", f"{md['Arn']} is disabled."):
        us.replicate_key(KeyId=md["KeyId"], ReplicaRegion=EU)


def test_replicate_unknown_key(srv, us):
    kid = "mrk-" + os.urandom(16).hex()
    with kms_error("NotFoundException", not_found_key_msg(srv.key_arn(kid, US))):
        us.replicate_key(KeyId=kid, ReplicaRegion=EU)


def test_replicate_by_alias_is_refused(srv, us):
    # model: "Specify the key ID or key ARN of a multi-Region primary key."
    md = us.create_key(MultiRegion=True)["KeyMetadata"]
    alias = "alias/" + unique("mrk")
    us.create_alias(AliasName=alias, TargetKeyId=md["KeyId"])
    with kms_error("NotFoundException", f"Invalid keyId '{alias}'"):
        us.replicate_key(KeyId=alias, ReplicaRegion=EU)


def test_replicate_with_bad_tags(srv, us):
    md = us.create_key(MultiRegion=True)["KeyMetadata"]
    with kms_error("TagException"):
        us.replicate_key(KeyId=md["KeyId"], ReplicaRegion=EU,
                         Tags=[{"TagKey": "dup", "TagValue": "1"}, {"TagKey": "dup", "TagValue": "2"}])
    assert us.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["MultiRegionConfiguration"]["ReplicaKeys"] == []


def test_replicate_with_malformed_policy(srv, us):
    md = us.create_key(MultiRegion=True)["KeyMetadata"]
    with kms_error("MalformedPolicyDocumentException"):
        us.replicate_key(KeyId=md["KeyId"], ReplicaRegion=EU, Policy="{not json")
    assert us.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["MultiRegionConfiguration"]["ReplicaKeys"] == []


def test_replicate_by_arn(srv, us):
    md = us.create_key(MultiRegion=True)["KeyMetadata"]
    r = us.replicate_key(KeyId=md["Arn"], ReplicaRegion="eu-west-3")
    assert r["ReplicaKeyMetadata"]["Arn"] == srv.key_arn(md["KeyId"], "eu-west-3")


# ------------------------------------------------------------------ rotation
def test_rotation_setting_lives_on_primary(srv, us, eu):
    md, _ = make_pair(srv)
    kid = md["KeyId"]
    replica_arn = srv.key_arn(kid, EU)
    msg = f"{replica_arn} is a multi-Region replica key. Rotation can only be changed on the primary key."
    with kms_error("UnsupportedOperationException", msg):
        eu.enable_key_rotation(KeyId=kid)
    with kms_error("UnsupportedOperationException", msg):
        eu.disable_key_rotation(KeyId=kid)
    assert eu.get_key_rotation_status(KeyId=kid)["KeyRotationEnabled"] is False
    us.enable_key_rotation(KeyId=kid, RotationPeriodInDays=90)
    st = eu.get_key_rotation_status(KeyId=kid)
    assert st["KeyRotationEnabled"] is True
    assert st["KeyId"] == replica_arn
    assert st.get("RotationPeriodInDays") == 90
    assert us.get_key_rotation_status(KeyId=kid)["KeyRotationEnabled"] is True
    us.disable_key_rotation(KeyId=kid)
    assert eu.get_key_rotation_status(KeyId=kid)["KeyRotationEnabled"] is False


def test_rotate_on_demand_on_replica_refused(srv, us, eu):
    md, _ = make_pair(srv)
    with kms_error("UnsupportedOperationException"):
        eu.rotate_key_on_demand(KeyId=md["KeyId"])


# ------------------------------------------------------- UpdatePrimaryRegion
def test_update_primary_region(slow):
    us_c, eu_c = slow.client(region=US), slow.client(region=EU)
    md = us_c.create_key(MultiRegion=True)["KeyMetadata"]
    kid = md["KeyId"]
    us_c.replicate_key(KeyId=kid, ReplicaRegion=EU)
    wait_state(eu_c, kid, "Enabled")
    blob = us_c.encrypt(KeyId=kid, Plaintext=b"u")["CiphertextBlob"]

    r = us_c.update_primary_region(KeyId=kid, PrimaryRegion=EU)
    assert set(r) == {"ResponseMetadata"}
    us_arn, eu_arn = slow.key_arn(kid, US), slow.key_arn(kid, EU)
    for c in (us_c, eu_c):
        d = c.describe_key(KeyId=kid)["KeyMetadata"]
        assert d["KeyState"] == "Updating", d
    # cryptography works while Updating
    assert eu_c.decrypt(CiphertextBlob=blob)["Plaintext"] == b"u"
    assert us_c.decrypt(CiphertextBlob=eu_c.encrypt(KeyId=kid, Plaintext=b"e")["CiphertextBlob"])["Plaintext"] == b"e"
    # Enable/Disable (and ScheduleKeyDeletion) are refused on both keys
    for c, arn in ((us_c, us_arn), (eu_c, eu_arn)):
        with kms_error("KMSInvalidStateException", f"{arn} is updating."):
            c.disable_key(KeyId=kid)
        with kms_error("KMSInvalidStateException", f"{arn} is updating."):
            c.enable_key(KeyId=kid)
        with kms_error("KMSInvalidStateException", f"{arn} is updating."):
            c.schedule_key_deletion(KeyId=kid, PendingWindowInDays=7)
    # the new primary cannot be replicated yet
    with kms_error("KMSInvalidStateException", f"{eu_arn} is updating."):
        eu_c.replicate_key(KeyId=kid, ReplicaRegion=AP)

    wait_state(us_c, kid, "Enabled")
    wait_state(eu_c, kid, "Enabled")
    pu = us_c.describe_key(KeyId=kid)["KeyMetadata"]
    pe = eu_c.describe_key(KeyId=kid)["KeyMetadata"]
    assert pu["Arn"] == us_arn and pe["Arn"] == eu_arn  # ARNs do not change
    assert pu["Enabled"] is True and pe["Enabled"] is True
    assert pe["MultiRegionConfiguration"] == {
        "MultiRegionKeyType": "PRIMARY",
        "PrimaryKey": {"Arn": eu_arn, "Region": EU},
        "ReplicaKeys": [{"Arn": us_arn, "Region": US}],
    }
    assert pu["MultiRegionConfiguration"] == {**pe["MultiRegionConfiguration"], "MultiRegionKeyType": "REPLICA"}
    # the roles really swapped: only the new primary replicates, and rotation moves with it
    with kms_error("UnsupportedOperationException", f"{us_arn} is not a multi-Region primary key."):
        us_c.replicate_key(KeyId=kid, ReplicaRegion=AP)
    with kms_error("UnsupportedOperationException"):
        us_c.enable_key_rotation(KeyId=kid)
    eu_c.enable_key_rotation(KeyId=kid)
    assert us_c.get_key_rotation_status(KeyId=kid)["KeyRotationEnabled"] is True
    eu_c.replicate_key(KeyId=kid, ReplicaRegion=AP)
    ap_md = wait_state(slow.client(region=AP), kid, "Enabled")
    assert ap_md["MultiRegionConfiguration"]["PrimaryKey"] == {"Arn": eu_arn, "Region": EU}
    assert slow.client(region=AP).decrypt(CiphertextBlob=blob)["Plaintext"] == b"u"


def test_update_primary_region_other_replicas_follow(srv, us):
    md, _ = make_pair(srv)
    kid = md["KeyId"]
    us.replicate_key(KeyId=kid, ReplicaRegion=AP)
    wait_state(srv.client(region=AP), kid, "Enabled")
    us.update_primary_region(KeyId=kid, PrimaryRegion=EU)
    for region in (US, EU, AP):
        wait_state(srv.client(region=region), kid, "Enabled")
    for region in (US, EU, AP):
        cfg = mr(srv, region, kid)["MultiRegionConfiguration"]
        assert cfg["PrimaryKey"] == ref(srv, EU, kid)
        assert sorted(cfg["ReplicaKeys"], key=lambda x: x["Region"]) == [ref(srv, AP, kid), ref(srv, US, kid)]
        assert cfg["MultiRegionKeyType"] == ("PRIMARY" if region == EU else "REPLICA")


def test_update_primary_region_without_replica_there(srv, us):
    md, _ = make_pair(srv)
    kid = md["KeyId"]
    with kms_error("NotFoundException", f"There is no multi-Region replica of {md['Arn']} in {AP}."):
        us.update_primary_region(KeyId=kid, PrimaryRegion=AP)
    with kms_error("NotFoundException", f"There is no multi-Region replica of {md['Arn']} in {US}."):
        us.update_primary_region(KeyId=kid, PrimaryRegion=US)
    assert us.describe_key(KeyId=kid)["KeyMetadata"]["KeyState"] == "Enabled"


def test_update_primary_region_disabled_replica(srv, us, eu):
    md, _ = make_pair(srv)
    kid = md["KeyId"]
    eu.disable_key(KeyId=kid)
    with kms_error("DisabledException", f"{srv.key_arn(kid, EU)} is disabled."):
        us.update_primary_region(KeyId=kid, PrimaryRegion=EU)
    assert us.describe_key(KeyId=kid)["KeyMetadata"]["MultiRegionConfiguration"]["MultiRegionKeyType"] == "PRIMARY"
    assert us.describe_key(KeyId=kid)["KeyMetadata"]["KeyState"] == "Enabled"


def test_update_primary_region_disabled_primary(srv, us, eu):
    md, _ = make_pair(srv)
    kid = md["KeyId"]
    us.disable_key(KeyId=kid)
    with kms_error("DisabledException", f"{md['Arn']} is disabled."):
        us.update_primary_region(KeyId=kid, PrimaryRegion=EU)


def test_update_primary_region_on_replica_or_single_region_key(srv, us, eu):
    md, _ = make_pair(srv)
    kid = md["KeyId"]
    with kms_error("UnsupportedOperationException", f"{srv.key_arn(kid, EU)} is not a multi-Region primary key."):
        eu.update_primary_region(KeyId=kid, PrimaryRegion=US)
    single = us.create_key()["KeyMetadata"]
    with kms_error("UnsupportedOperationException", f"{single['Arn']} is not a multi-Region key."):
        us.update_primary_region(KeyId=single["KeyId"], PrimaryRegion=EU)


# ------------------------------------------------------------------ deletion
def test_schedule_primary_with_replica(srv, us, eu):
    md, _ = make_pair(srv)
    kid = md["KeyId"]
    blob = us.encrypt(KeyId=kid, Plaintext=b"keep")["CiphertextBlob"]
    r = us.schedule_key_deletion(KeyId=kid, PendingWindowInDays=7)
    assert r["KeyId"] == md["Arn"]
    assert r["KeyState"] == "PendingReplicaDeletion"
    assert r["PendingWindowInDays"] == 7
    assert "DeletionDate" not in r
    d = us.describe_key(KeyId=kid)["KeyMetadata"]
    assert d["KeyState"] == "PendingReplicaDeletion" and d["Enabled"] is False
    assert d["PendingDeletionWindowInDays"] == 7
    assert "DeletionDate" not in d
    msg = f"{md['Arn']} is pending replica deletion."
    with kms_error("KMSInvalidStateException", msg):
        us.encrypt(KeyId=kid, Plaintext=b"x")
    with kms_error("KMSInvalidStateException", msg):
        us.decrypt(CiphertextBlob=blob)
    with kms_error("KMSInvalidStateException", msg):
        us.replicate_key(KeyId=kid, ReplicaRegion=AP)
    with kms_error("KMSInvalidStateException", msg):
        us.schedule_key_deletion(KeyId=kid, PendingWindowInDays=10)
    # the replica is unaffected
    r = eu.describe_key(KeyId=kid)["KeyMetadata"]
    assert r["KeyState"] == "Enabled"
    assert r["MultiRegionConfiguration"]["PrimaryKey"] == ref(srv, US, kid)
    assert eu.decrypt(CiphertextBlob=blob)["Plaintext"] == b"keep"
    eu.encrypt(KeyId=kid, Plaintext=b"x")
    # cancelling gives Disabled
    assert us.cancel_key_deletion(KeyId=kid)["KeyId"] == md["Arn"]
    d = us.describe_key(KeyId=kid)["KeyMetadata"]
    assert d["KeyState"] == "Disabled" and d["Enabled"] is False
    assert "PendingDeletionWindowInDays" not in d and "DeletionDate" not in d
    us.enable_key(KeyId=kid)
    assert us.decrypt(CiphertextBlob=blob)["Plaintext"] == b"keep"


def test_schedule_primary_default_window(srv, us, eu):
    md, _ = make_pair(srv)
    r = us.schedule_key_deletion(KeyId=md["KeyId"])
    assert r["KeyState"] == "PendingReplicaDeletion" and r["PendingWindowInDays"] == 30 and "DeletionDate" not in r


def test_schedule_primary_without_replicas_is_normal(srv, us):
    md = us.create_key(MultiRegion=True)["KeyMetadata"]
    r = us.schedule_key_deletion(KeyId=md["KeyId"], PendingWindowInDays=7)
    assert r["KeyState"] == "PendingDeletion" and "DeletionDate" in r


def test_replica_deletion_is_normal(srv, us, eu):
    md, _ = make_pair(srv)
    kid = md["KeyId"]
    t0 = _now()
    r = eu.schedule_key_deletion(KeyId=kid, PendingWindowInDays=7)
    assert r["KeyId"] == srv.key_arn(kid, EU)
    assert r["KeyState"] == "PendingDeletion" and r["PendingWindowInDays"] == 7
    assert abs((r["DeletionDate"] - (t0 + datetime.timedelta(days=7))).total_seconds()) < 600
    assert us.describe_key(KeyId=kid)["KeyMetadata"]["KeyState"] == "Enabled"
    assert eu.cancel_key_deletion(KeyId=kid)["KeyId"] == srv.key_arn(kid, EU)
    assert eu.describe_key(KeyId=kid)["KeyMetadata"]["KeyState"] == "Disabled"


def test_primary_deletion_waits_for_replicas(trent_factory):
    s = trent_factory.new(start=False)
    s.start(extra_args=FAST)
    us_c, eu_c = s.client(region=US), s.client(region=EU)
    md = us_c.create_key(MultiRegion=True)["KeyMetadata"]
    kid = md["KeyId"]
    us_c.replicate_key(KeyId=kid, ReplicaRegion=EU)
    wait_state(eu_c, kid, "Enabled")
    assert us_c.schedule_key_deletion(KeyId=kid, PendingWindowInDays=7)["KeyState"] == "PendingReplicaDeletion"
    rr = eu_c.schedule_key_deletion(KeyId=kid, PendingWindowInDays=7)
    assert rr["KeyState"] == "PendingDeletion"

    offset = 8 * DAY
    s.restart(extra_args=FAST + ["--scheduler-time-offset", str(offset)])
    us_c, eu_c = s.client(region=US), s.client(region=EU)
    deadline = time.monotonic() + 15
    while True:
        d = us_c.describe_key(KeyId=kid)["KeyMetadata"]
        if d["KeyState"] == "PendingDeletion":
            break
        assert time.monotonic() < deadline, f"primary stayed {d['KeyState']}"
        time.sleep(0.2)
    with kms_error("NotFoundException", not_found_key_msg(s.key_arn(kid, EU))):
        eu_c.describe_key(KeyId=kid)
    assert kid not in [k["KeyId"] for k in eu_c.list_keys(Limit=1000)["Keys"]]
    assert d["Enabled"] is False
    assert d["MultiRegionConfiguration"]["ReplicaKeys"] == []
    assert d["MultiRegionConfiguration"]["MultiRegionKeyType"] == "PRIMARY"
    assert "PendingDeletionWindowInDays" not in d  # model: present only in PendingReplicaDeletion
    expected = _now() + datetime.timedelta(seconds=offset) + datetime.timedelta(days=7)
    assert abs((d["DeletionDate"] - expected).total_seconds()) < 120, (d["DeletionDate"], expected)
    with kms_error("KMSInvalidStateException", f"{md['Arn']} is pending deletion."):
        us_c.encrypt(KeyId=kid, Plaintext=b"x")

    # at the end of the primary's own window it goes too
    s.restart(extra_args=FAST + ["--scheduler-time-offset", str(16 * DAY)])
    us_c = s.client(region=US)
    deadline = time.monotonic() + 15
    while True:
        try:
            us_c.describe_key(KeyId=kid)
        except us_c.exceptions.NotFoundException:
            break
        assert time.monotonic() < deadline, "the primary was not deleted"
        time.sleep(0.2)


def test_deleted_replica_can_be_recreated(trent_factory):
    """§9.3: an accidentally deleted replica is recreated by replicating again (same key id
    and material)."""
    s = trent_factory.new(start=False)
    s.start(extra_args=FAST)
    us_c, eu_c = s.client(region=US), s.client(region=EU)
    kid = us_c.create_key(MultiRegion=True)["KeyMetadata"]["KeyId"]
    us_c.replicate_key(KeyId=kid, ReplicaRegion=EU)
    wait_state(eu_c, kid, "Enabled")
    blob = us_c.encrypt(KeyId=kid, Plaintext=b"old")["CiphertextBlob"]
    eu_c.schedule_key_deletion(KeyId=kid, PendingWindowInDays=7)
    s.restart(extra_args=FAST + ["--scheduler-time-offset", str(8 * DAY)])
    us_c, eu_c = s.client(region=US), s.client(region=EU)
    with kms_error("NotFoundException", not_found_key_msg(s.key_arn(kid, EU))):
        eu_c.describe_key(KeyId=kid)
    p = us_c.describe_key(KeyId=kid)["KeyMetadata"]
    assert p["KeyState"] == "Enabled" and p["MultiRegionConfiguration"]["ReplicaKeys"] == []
    us_c.replicate_key(KeyId=kid, ReplicaRegion=EU)
    wait_state(eu_c, kid, "Enabled")
    assert eu_c.decrypt(CiphertextBlob=blob)["Plaintext"] == b"old"


def test_cancel_replica_deletion_keeps_primary_waiting(srv, us, eu):
    md, _ = make_pair(srv)
    kid = md["KeyId"]
    us.schedule_key_deletion(KeyId=kid, PendingWindowInDays=7)
    eu.schedule_key_deletion(KeyId=kid, PendingWindowInDays=7)
    eu.cancel_key_deletion(KeyId=kid)
    assert eu.describe_key(KeyId=kid)["KeyMetadata"]["KeyState"] == "Disabled"
    assert us.describe_key(KeyId=kid)["KeyMetadata"]["KeyState"] == "PendingReplicaDeletion"


# ------------------------------------------------------------ imported material
def _wrap(public_key_der: bytes, material: bytes) -> bytes:
    pub = serialization.load_der_public_key(public_key_der)
    return pub.encrypt(material, padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None))


def _import(client, key_id, material, **kw):
    params = client.get_parameters_for_import(KeyId=key_id, WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048")
    return client.import_key_material(
        KeyId=key_id, ImportToken=params["ImportToken"], EncryptedKeyMaterial=_wrap(params["PublicKey"], material),
        ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE", **kw,
    )


def test_imported_material_multi_region(srv, us, eu):
    md = us.create_key(MultiRegion=True, Origin="EXTERNAL")["KeyMetadata"]
    kid = md["KeyId"]
    assert MRK_ID.match(kid)
    assert md["KeyState"] == "PendingImport" and md["Origin"] == "EXTERNAL" and md["MultiRegion"] is True
    material = os.urandom(32)
    imported = _import(us, kid, material)
    assert us.describe_key(KeyId=kid)["KeyMetadata"]["KeyState"] == "Enabled"
    blob = us.encrypt(KeyId=kid, Plaintext=b"imported")["CiphertextBlob"]

    r = us.replicate_key(KeyId=kid, ReplicaRegion=EU)
    assert r["ReplicaKeyMetadata"]["Origin"] == "EXTERNAL"
    assert r["ReplicaKeyMetadata"]["KeyState"] == "Creating"
    rep = wait_state(eu, kid, "PendingImport")
    assert rep["Enabled"] is False
    replica_arn = srv.key_arn(kid, EU)
    with kms_error("KMSInvalidStateException", f"{replica_arn} is pending import."):
        eu.decrypt(CiphertextBlob=blob)
    # the primary is not affected by the replica waiting for its material
    assert us.describe_key(KeyId=kid)["KeyMetadata"]["KeyState"] == "Enabled"

    with kms_error("IncorrectKeyMaterialException",
                   "The key material in the request is invalid or is not the same key material that was "
                   "previously imported into this KMS key."):
        _import(eu, kid, os.urandom(32))
    assert eu.describe_key(KeyId=kid)["KeyMetadata"]["KeyState"] == "PendingImport"

    got = _import(eu, kid, material)
    assert got["KeyId"] == replica_arn
    assert got.get("KeyMaterialId") == imported.get("KeyMaterialId")
    d = eu.describe_key(KeyId=kid)["KeyMetadata"]
    assert d["KeyState"] == "Enabled" and d["Enabled"] is True
    assert d["ExpirationModel"] == "KEY_MATERIAL_DOES_NOT_EXPIRE"
    assert eu.decrypt(CiphertextBlob=blob)["Plaintext"] == b"imported"
    assert us.decrypt(CiphertextBlob=eu.encrypt(KeyId=kid, Plaintext=b"back")["CiphertextBlob"])["Plaintext"] == b"back"
    # expiration/material is independent: deleting the replica's material leaves the primary alone
    eu.delete_imported_key_material(KeyId=kid)
    assert eu.describe_key(KeyId=kid)["KeyMetadata"]["KeyState"] == "PendingImport"
    assert us.describe_key(KeyId=kid)["KeyMetadata"]["KeyState"] == "Enabled"
    assert us.decrypt(CiphertextBlob=blob)["Plaintext"] == b"imported"


# ----------------------------------------------------------------- durability
def test_multi_region_survives_restart(trent_factory):
    s = trent_factory.new(start=False)
    s.start(extra_args=FAST)
    us_c, eu_c = s.client(region=US), s.client(region=EU)
    md = us_c.create_key(MultiRegion=True, Description="durable")["KeyMetadata"]
    kid = md["KeyId"]
    us_c.replicate_key(KeyId=kid, ReplicaRegion=EU, Description="durable-replica")
    wait_state(eu_c, kid, "Enabled")
    blob = us_c.encrypt(KeyId=kid, Plaintext=b"persist")["CiphertextBlob"]
    before_us = us_c.describe_key(KeyId=kid)["KeyMetadata"]
    before_eu = eu_c.describe_key(KeyId=kid)["KeyMetadata"]
    s.restart(extra_args=FAST)
    us_c, eu_c = s.client(region=US), s.client(region=EU)
    assert eu_c.decrypt(CiphertextBlob=blob)["Plaintext"] == b"persist"
    after_us = us_c.describe_key(KeyId=kid)["KeyMetadata"]
    after_eu = eu_c.describe_key(KeyId=kid)["KeyMetadata"]
    assert after_us == before_us
    assert after_eu == before_eu
    assert after_eu["Description"] == "durable-replica"


def test_creating_replica_finishes_after_restart(trent_factory):
    """A restart while a replica is Creating: the scheduler's first pass finishes it."""
    s = trent_factory.new(start=False)
    s.start(extra_args=["--transition-delay", "60"])
    us_c = s.client(region=US)
    kid = us_c.create_key(MultiRegion=True)["KeyMetadata"]["KeyId"]
    us_c.replicate_key(KeyId=kid, ReplicaRegion=EU)
    assert s.client(region=EU).describe_key(KeyId=kid)["KeyMetadata"]["KeyState"] == "Creating"
    s.restart(extra_args=FAST)
    eu_c = s.client(region=EU)
    wait_state(eu_c, kid, "Enabled")
    eu_c.encrypt(KeyId=kid, Plaintext=b"x")


def test_imported_rotation_across_the_set(srv, us, eu):
    """AWS's documented workflow: NEW_KEY_MATERIAL into the primary, the same material as
    EXISTING_KEY_MATERIAL into each replica, then RotateKeyOnDemand on the primary."""
    kid = us.create_key(MultiRegion=True, Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
    first, second = os.urandom(32), os.urandom(32)
    _import(us, kid, first)
    us.replicate_key(KeyId=kid, ReplicaRegion=EU)
    wait_state(eu, kid, "PendingImport")
    _import(eu, kid, first)
    old = us.encrypt(KeyId=kid, Plaintext=b"first")["CiphertextBlob"]

    new_id = _import(us, kid, second, ImportType="NEW_KEY_MATERIAL")["KeyMaterialId"]
    states = {r["KeyMaterialId"]: r["KeyMaterialState"]
              for r in us.list_key_rotations(KeyId=kid, IncludeKeyMaterial="ALL_KEY_MATERIAL")["Rotations"]}
    assert states[new_id] == "PENDING_MULTI_REGION_IMPORT_AND_ROTATION"
    with kms_error("KMSInvalidStateException"):
        us.rotate_key_on_demand(KeyId=kid)

    assert _import(eu, kid, second, ImportType="EXISTING_KEY_MATERIAL")["KeyMaterialId"] == new_id
    states = {r["KeyMaterialId"]: r["KeyMaterialState"]
              for r in us.list_key_rotations(KeyId=kid, IncludeKeyMaterial="ALL_KEY_MATERIAL")["Rotations"]}
    assert states[new_id] == "PENDING_ROTATION"
    us.rotate_key_on_demand(KeyId=kid)
    assert us.describe_key(KeyId=kid)["KeyMetadata"]["CurrentKeyMaterialId"] == new_id
    assert eu.describe_key(KeyId=kid)["KeyMetadata"]["CurrentKeyMaterialId"] == new_id
    fresh = us.encrypt(KeyId=kid, Plaintext=b"second")
    assert eu.decrypt(CiphertextBlob=fresh["CiphertextBlob"])["Plaintext"] == b"second"
    assert eu.decrypt(CiphertextBlob=old)["Plaintext"] == b"first"


def test_replica_creation_is_authorized_in_the_replica_region(trent_factory):
    """ReplicateKey needs kms:CreateKey in the replica's Region: a user whose identity policy
    allows everything only where aws:RequestedRegion is us-east-1 can replicate nothing."""
    from authz_fixtures import A, User, account_entry, allow, client, config_yaml, doc, start
    regional = User("regional", policies=[("home-region-only", doc(allow("kms:*", condition={
        "StringEquals": {"aws:RequestedRegion": US}})))])
    everywhere = User("everywhere", policies=[("all", doc(allow("kms:*")))])
    server = start(trent_factory, config_yaml(account_entry(A, users=[regional, everywhere])))
    kid = client(server).create_key(MultiRegion=True)["KeyMetadata"]["KeyId"]
    with kms_error("AccessDeniedException", contains="kms:CreateKey"):
        client(server, regional).replicate_key(KeyId=kid, ReplicaRegion=EU)
    assert client(server, everywhere).replicate_key(KeyId=kid, ReplicaRegion=EU)["ReplicaKeyMetadata"]["KeyState"] == "Creating"
