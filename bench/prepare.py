"""Prepare a server for the benchmark and describe every scenario's requests.

    prepare.py setup --endpoint URL --state FILE [--keys 100]
        probe the key specs, create the keys (100 in the store in all), make the
        ciphertexts and signatures the Decrypt/ReEncrypt/Verify scenarios replay;
        for the authorization scenarios, put a 20-statement key policy on one key
        (PutKeyPolicy) and grant the user `grantee` Encrypt and Decrypt on another
        (CreateGrant; a server without CreateGrant lets any user encrypt, so the
        scenario runs there too).
    prepare.py decisions --state FILE --audit AUDIT_LOG --results FILE
        after the server stopped: what its audit trail says decided the last Encrypt of
        the authorization scenarios (the statement or grant), appended to the results.
    prepare.py fill --endpoint URL --state FILE --count N
        grow the store to N keys with concurrent signed CreateKey requests; the
        new key ids are kept in the state for the scale scenarios.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import re
import time
from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

import kms

B64 = lambda b: base64.b64encode(b).decode()  # noqa: E731

# name: (label, needs) -- `needs` is the state entry the scenario cannot run without.
SCENARIOS = {
    "floor": ("Floor: POST /__floor (Encrypt 1 KiB request bytes)", "sym_key"),
    "encrypt-64": ("Encrypt 64 B", "sym_key"),
    "encrypt-1k": ("Encrypt 1 KiB", "sym_key"),
    "encrypt-4k": ("Encrypt 4 KiB", "sym_key"),
    "decrypt-1k": ("Decrypt 1 KiB", "ciphertexts"),
    "generate-data-key": ("GenerateDataKey AES_256", "sym_key"),
    "re-encrypt": ("ReEncrypt 1 KiB", "ciphertexts"),
    "describe-key": ("DescribeKey", "sym_keys"),
    "generate-mac": ("GenerateMac HMAC_256", "hmac_key"),
    "sign-ecdsa": ("Sign ECDSA P-256", "ecc_key"),
    "sign-rsa": ("Sign RSA-2048 PKCS1v15", "rsa_key"),
    "verify-ecdsa": ("Verify ECDSA P-256", "signatures"),
    "gdkp-ecc": ("GenerateDataKeyPair ECC_NIST_P256", "gdkp_ok"),
    "encrypt-1k-policy20": ("Encrypt 1 KiB, 20-statement key policy", "policy_key"),
    "encrypt-1k-grant": ("Encrypt 1 KiB by a grantee, through a grant", "grant_key"),
    "create-key": ("CreateKey symmetric (durable)", "sym_key"),
    "encrypt-1k-rotated": ("Encrypt 1 KiB, key rotated 25 times (26 versions)", "rot_key"),
    "decrypt-1k-oldest": ("Decrypt 1 KiB of the oldest of 26 versions", "rot_ciphertexts"),
    "scale-encrypt-1k": ("Encrypt 1 KiB, spread over keys", "all_keys"),
    "scale-describe-key": ("DescribeKey, spread over keys", "all_keys"),
}

OPERATION = {
    "floor": "Encrypt", "encrypt-64": "Encrypt", "encrypt-1k": "Encrypt", "encrypt-4k": "Encrypt",
    "decrypt-1k": "Decrypt", "generate-data-key": "GenerateDataKey", "re-encrypt": "ReEncrypt",
    "describe-key": "DescribeKey", "generate-mac": "GenerateMac", "sign-ecdsa": "Sign",
    "sign-rsa": "Sign", "verify-ecdsa": "Verify", "gdkp-ecc": "GenerateDataKeyPair",
    "create-key": "CreateKey", "encrypt-1k-policy20": "Encrypt", "encrypt-1k-grant": "Encrypt",
    "scale-encrypt-1k": "Encrypt", "scale-describe-key": "DescribeKey",
    "encrypt-1k-rotated": "Encrypt", "decrypt-1k-oldest": "Decrypt",
}

# Trent only: moto evaluates no policies, so bench/run does not send it these.
AUTHZ_SCENARIOS = ("encrypt-1k-policy20", "encrypt-1k-grant")
# Trent only as well: moto keeps no material versions to choose among.
ROTATION_SCENARIOS = ("encrypt-1k-rotated", "decrypt-1k-oldest")
ROTATIONS = 25  # AWS's limit of on-demand rotations per key

# The identity that signs a scenario's requests (kms.credentials); the others are the admin's.
SIGNER = {"encrypt-1k-grant": "grantee"}

ACCOUNT = os.environ.get("TRENT_ACCOUNT_ID", "111122223333")
GRANTEE = "grantee"

# CreateKey probes: an error here (UnsupportedOperationException or any other) skips the scenario.
PROBED_SPECS = {
    "hmac_key": {"KeySpec": "HMAC_256", "KeyUsage": "GENERATE_VERIFY_MAC"},
    "ecc_key": {"KeySpec": "ECC_NIST_P256", "KeyUsage": "SIGN_VERIFY"},
    "rsa_key": {"KeySpec": "RSA_2048", "KeyUsage": "SIGN_VERIFY"},
}


def params(scenario: str, state: dict, i: int, rng: random.Random) -> dict:
    """The JSON body of request number i of a scenario; every body differs."""
    ctx = {"bench": f"request-{i}"}
    if scenario in ("floor", "encrypt-64", "encrypt-1k", "encrypt-4k"):
        size = {"encrypt-64": 64, "encrypt-4k": 4096}.get(scenario, 1024)
        return {"KeyId": state["sym_key"], "Plaintext": B64(rng.randbytes(size)), "EncryptionContext": ctx}
    if scenario in ("encrypt-1k-policy20", "encrypt-1k-grant"):
        key = state["policy_key" if scenario == "encrypt-1k-policy20" else "grant_key"]
        return {"KeyId": key, "Plaintext": B64(rng.randbytes(1024)), "EncryptionContext": ctx}
    if scenario == "decrypt-1k":
        blob, c = state["ciphertexts"][i % len(state["ciphertexts"])]
        return {"CiphertextBlob": blob, "EncryptionContext": c, "KeyId": state["sym_key"]}
    if scenario == "encrypt-1k-rotated":
        return {"KeyId": state["rot_key"], "Plaintext": B64(rng.randbytes(1024)), "EncryptionContext": ctx}
    if scenario == "decrypt-1k-oldest":
        blob, c = state["rot_ciphertexts"][i % len(state["rot_ciphertexts"])]
        return {"CiphertextBlob": blob, "EncryptionContext": c, "KeyId": state["rot_key"]}
    if scenario == "generate-data-key":
        return {"KeyId": state["sym_key"], "KeySpec": "AES_256", "EncryptionContext": ctx}
    if scenario == "re-encrypt":
        blob, c = state["ciphertexts"][i % len(state["ciphertexts"])]
        return {"CiphertextBlob": blob, "SourceEncryptionContext": c,
                "DestinationKeyId": state["dest_key"], "DestinationEncryptionContext": ctx}
    if scenario == "describe-key":
        return {"KeyId": state["sym_keys"][i % len(state["sym_keys"])]}
    if scenario == "generate-mac":
        return {"KeyId": state["hmac_key"], "MacAlgorithm": "HMAC_SHA_256", "Message": B64(rng.randbytes(64))}
    if scenario in ("sign-ecdsa", "sign-rsa"):
        key, alg = ((state["ecc_key"], "ECDSA_SHA_256") if scenario == "sign-ecdsa"
                    else (state["rsa_key"], "RSASSA_PKCS1_V1_5_SHA_256"))
        return {"KeyId": key, "Message": B64(rng.randbytes(64)), "MessageType": "RAW", "SigningAlgorithm": alg}
    if scenario == "verify-ecdsa":
        msg, sig = state["signatures"][i % len(state["signatures"])]
        return {"KeyId": state["ecc_key"], "Message": msg, "MessageType": "RAW",
                "Signature": sig, "SigningAlgorithm": "ECDSA_SHA_256"}
    if scenario == "gdkp-ecc":
        return {"KeyId": state["sym_key"], "KeyPairSpec": "ECC_NIST_P256", "EncryptionContext": ctx}
    if scenario == "create-key":
        return {"Description": f"bench CreateKey {i}"}
    if scenario == "scale-encrypt-1k":
        return {"KeyId": state["spread"][i % len(state["spread"])], "Plaintext": B64(rng.randbytes(1024))}
    if scenario == "scale-describe-key":
        return {"KeyId": state["spread"][i % len(state["spread"])]}
    raise KeyError(scenario)


def pool(scenario: str, state: dict, endpoint: str, n: int) -> list[bytes]:
    """n distinct requests for one scenario, signed now."""
    rng = random.Random(f"{scenario}-{time.time()}")
    path = "/__floor" if scenario == "floor" else "/"
    user = SIGNER.get(scenario, "admin")
    return [kms.signed_request(endpoint, OPERATION[scenario], params(scenario, state, i, rng), path, user)
            for i in range(n)]


def one_line(text: str) -> str:
    return " ".join(re.sub(r"<[^>]*>", " ", text).split())[:160]


def error_text(e: ClientError) -> str:
    err = e.response.get("Error", {})
    if err.get("Code", "").isdigit():  # botocore found no KMS error shape in the answer
        return f"HTTP {err['Code']} (not implemented)"
    return one_line(f"{err.get('Code', '?')}: {err.get('Message', '')}")


def policy20(account: str) -> dict:
    """The encrypt-1k-policy20 key policy: 20 statements, conditions on the encryption
    context and the source address. For the benchmark's request (admin, Encrypt, context
    {"bench": "request-<i>"}, from 127.0.0.1, plain HTTP, no principal tags) no statement
    before the last one matches: the Allows either name another principal or have at
    least one false condition (several have one true and one false), and no Deny's
    condition holds. The last statement allows the admin everything, so setup (and a
    person debugging) keeps full control of the key. Only principals that exist in the
    bench's identities (admin, grantee, the account root) are named: a server that
    checks principals refuses unknown ones."""
    admin = {"AWS": f"arn:aws:iam::{account}:user/admin"}
    grantee = {"AWS": f"arn:aws:iam::{account}:user/{GRANTEE}"}
    root = {"AWS": f"arn:aws:iam::{account}:root"}
    ec = "kms:EncryptionContext:bench"

    def allow(sid, principal, action, condition):
        return {"Sid": sid, "Effect": "Allow", "Principal": principal, "Action": action,
                "Resource": "*", "Condition": condition}

    def deny(sid, action, condition):
        return {"Sid": sid, "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": action,
                "Resource": "*", "Condition": condition}

    statements = [
        allow("EcTenantA", admin, ["kms:Encrypt", "kms:Decrypt"], {"StringEquals": {ec: "tenant-a"}}),
        allow("EcTenantBLike", admin, "kms:Encrypt", {"StringLike": {ec: "tenant-b-*"}}),
        allow("OfficeNetwork", admin, ["kms:Encrypt", "kms:GenerateDataKey*"],
              {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}),
        allow("EcRequestFromLan", admin, "kms:Encrypt",
              {"StringLike": {ec: "request-*"}, "IpAddress": {"aws:SourceIp": "192.168.0.0/16"}}),
        deny("DenyBlockedContext", "kms:*", {"StringEquals": {ec: "blocked"}}),
        deny("DenyOutsideLoopback", ["kms:Encrypt", "kms:Decrypt"],
             {"NotIpAddress": {"aws:SourceIp": "127.0.0.0/8"}}),
        allow("EcKeysAllOf", admin, "kms:Encrypt",
              {"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["tenant", "app"]}}),
        allow("EcKeysAnyOf", admin, "kms:Encrypt",
              {"ForAnyValue:StringEquals": {"kms:EncryptionContextKeys": ["tenant", "region"]}}),
        allow("GranteeDecryptOnly", grantee, "kms:Decrypt", {"StringLike": {ec: "*"}}),
        allow("RootForPaymentsTeam", root, "kms:Encrypt", {"StringEquals": {"aws:PrincipalTag/team": "payments"}}),
        allow("EcOtherValues", admin, ["kms:Encrypt", "kms:GenerateDataKey"],
              {"StringEquals": {ec: ["other-1", "other-2", "other-3"]}}),
        allow("OtherCallerAccount", {"AWS": "*"}, "kms:Encrypt",
              {"StringEquals": {"kms:CallerAccount": "444455556666"}}),
        allow("OaepOnly", admin, "kms:Encrypt", {"StringEquals": {"kms:EncryptionAlgorithm": "RSAES_OAEP_SHA_256"}}),
        allow("EcRequestFromVpc", admin, "kms:Encrypt",
              {"StringLike": {ec: "request-*"}, "IpAddress": {"aws:SourceIp": "172.16.0.0/12"}}),
        deny("DenyEvilContext", ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*"],
             {"StringLike": {ec: ["evil-*", "*-blocked"]}}),
        allow("EcLoopbackOther", admin, "kms:Encrypt",
              {"StringEquals": {ec: "loopback-only"}, "IpAddress": {"aws:SourceIp": "127.0.0.0/8"}}),
        allow("EcIgnoreCase", admin, "kms:Encrypt", {"StringEqualsIgnoreCase": {ec: "REQUEST-NONE"}}),
        deny("DenyBefore2000", "kms:*", {"DateLessThan": {"aws:CurrentTime": "2000-01-01T00:00:00Z"}}),
        allow("EcShortLoopback", admin, "kms:Encrypt",
              {"StringLike": {ec: "req-?"}, "IpAddress": {"aws:SourceIp": "127.0.0.0/8"}}),
        {"Sid": "BenchAdminEverything", "Effect": "Allow", "Principal": admin, "Action": "kms:*", "Resource": "*"},
    ]
    assert len(statements) == 20
    return {"Version": "2012-10-17", "Id": "bench-policy20", "Statement": statements}


def setup_authorization(endpoint: str, c, keys: list[str], state: dict) -> None:
    """The keys of encrypt-1k-policy20 and encrypt-1k-grant (encrypt-1k's key keeps its
    default policy and has no grants)."""
    policy_key, grant_key = keys
    try:
        c.put_key_policy(KeyId=policy_key, PolicyName="default", Policy=json.dumps(policy20(ACCOUNT)),
                         BypassPolicyLockoutSafetyCheck=True)
        state["policy_key"] = policy_key
    except ClientError as e:
        state["skipped"]["policy_key"] = f"PutKeyPolicy: {error_text(e)}"
    grantee_arn = f"arn:aws:iam::{ACCOUNT}:user/{GRANTEE}"
    # Before the grant the grantee should be refused (it has no policies); the old server,
    # which authorises nothing, lets it encrypt. Recorded, not enforced.
    probe = kms.signed_request(endpoint, "Encrypt", {"KeyId": grant_key, "Plaintext": B64(b"probe")}, user="grantee")
    status, body = kms.send_raw(endpoint, probe)
    state["grantee_before_grant"] = f"HTTP {status}" + (f" {one_line(body.decode(errors='replace'))[:80]}" if status != 200 else "")
    try:
        grant = c.create_grant(KeyId=grant_key, GranteePrincipal=grantee_arn, Operations=["Encrypt", "Decrypt"],
                               Name="bench-grantee")
        state["grant_key"], state["grant_id"] = grant_key, grant["GrantId"]
        state["grant_note"] = f"CreateGrant: grant {grant['GrantId'][:16]}… for {grantee_arn}"
    except ClientError as e:
        if e.response.get("Error", {}).get("Code") == "UnsupportedOperationException":
            state["grant_key"] = grant_key  # a server without grants lets any user of the account encrypt
            state["grant_note"] = f"CreateGrant: {error_text(e)}; the grantee encrypts without a grant"
        else:
            state["skipped"]["grant_key"] = f"CreateGrant: {error_text(e)}"
    print(f"  authorization: grantee Encrypt before the grant: {state['grantee_before_grant']}; "
          f"{state.get('grant_note', state['skipped'].get('grant_key'))}")


def setup(endpoint: str, keys: int, samples: int) -> dict:
    c = kms.client(endpoint)
    state: dict = {"endpoint": endpoint, "skipped": {}}
    created = 0
    for name, spec in PROBED_SPECS.items():
        try:
            state[name] = c.create_key(Description=f"bench {name}", **spec)["KeyMetadata"]["KeyId"]
            created += 1
        except ClientError as e:
            state["skipped"][name] = f"CreateKey {spec['KeySpec']}: {error_text(e)}"
    authz = [c.create_key(Description=f"bench {name}")["KeyMetadata"]["KeyId"]
             for name in ("policy20", "grant")]
    created += len(authz)
    ids = [c.create_key(Description=f"bench symmetric {i}")["KeyMetadata"]["KeyId"]
           for i in range(max(2, keys - created))]
    state["sym_key"], state["dest_key"], state["sym_keys"] = ids[0], ids[1], ids
    setup_authorization(endpoint, c, authz, state)
    try:
        c.generate_data_key_pair(KeyId=ids[0], KeyPairSpec="ECC_NIST_P256")
        state["gdkp_ok"] = True
    except ClientError as e:
        state["skipped"]["gdkp_ok"] = f"GenerateDataKeyPair: {error_text(e)}"
    rng = random.Random(1)
    with ThreadPoolExecutor(8) as ex:
        def encrypt(i):
            ctx = {"bench": f"ciphertext-{i}"}
            blob = c.encrypt(KeyId=ids[0], Plaintext=rng.randbytes(1024), EncryptionContext=ctx)["CiphertextBlob"]
            return [B64(blob), ctx]
        state["ciphertexts"] = list(ex.map(encrypt, range(samples)))
        if "ecc_key" in state:
            def sign(i):
                msg = rng.randbytes(64)
                sig = c.sign(KeyId=state["ecc_key"], Message=msg, MessageType="RAW",
                             SigningAlgorithm="ECDSA_SHA_256")["Signature"]
                return [B64(msg), B64(sig)]
            try:
                state["signatures"] = list(ex.map(sign, range(samples)))
            except ClientError as e:
                state["skipped"]["signatures"] = f"Sign: {error_text(e)}"
        setup_rotation(c, state, samples, rng, ex)
    state["store_keys"] = created + len(ids)
    return state


def setup_rotation(c, state: dict, samples: int, rng: random.Random, ex) -> None:
    """A key whose sample ciphertexts are made under its first material, then rotated 25 times."""
    try:
        key = c.create_key(Description="bench rotated")["KeyMetadata"]["KeyId"]

        def encrypt(i):
            ctx = {"bench": f"rotated-{i}"}
            blob = c.encrypt(KeyId=key, Plaintext=rng.randbytes(1024), EncryptionContext=ctx)["CiphertextBlob"]
            return [B64(blob), ctx]
        ciphertexts = list(ex.map(encrypt, range(samples)))
        for _ in range(ROTATIONS):
            c.rotate_key_on_demand(KeyId=key)
    except ClientError as e:
        state["skipped"]["rot_key"] = state["skipped"]["rot_ciphertexts"] = f"RotateKeyOnDemand: {error_text(e)}"
        return
    state["rot_key"], state["rot_ciphertexts"] = key, ciphertexts


def fill(state: dict, endpoint: str, count: int, threads: int = 16) -> dict:
    """Grow the store to `count` keys; returns timing. Raw signed requests on keep-alive
    connections, so the Python side costs far less than boto3 would."""
    have = state.get("store_keys", 0)
    todo = max(0, count - have)
    start = time.monotonic()

    def create(i):
        raw = kms.signed_request(endpoint, "CreateKey", {"Description": f"bench fill {have + i}"})
        status, body = kms.send_raw(endpoint, raw)
        if status != 200:
            raise RuntimeError(f"CreateKey failed: {status} {body[:200]!r}")
        return json.loads(body)["KeyMetadata"]["KeyId"]

    with ThreadPoolExecutor(threads) as ex:
        new = list(ex.map(create, range(todo), chunksize=64))
    seconds = time.monotonic() - start
    state.setdefault("all_keys", list(state.get("sym_keys", [])))
    state["all_keys"] += new
    state["store_keys"] = have + len(new)
    return {"from": have, "to": state["store_keys"], "created": len(new), "seconds": round(seconds, 2),
            "per_second": round(len(new) / seconds, 1) if seconds > 0 and new else None}


def decisions(state: dict, audit: str) -> dict:
    """The `authorization` entry of the audit record of the last Encrypt on each
    authorization scenario's key (a server before authorization writes none)."""
    want = {state[k]: s for k, s in (("policy_key", "encrypt-1k-policy20"), ("grant_key", "encrypt-1k-grant"),
                                     ("sym_key", "encrypt-1k")) if k in state}
    found = {}
    try:
        lines = open(audit, errors="replace")
    except OSError as e:
        return {"error": str(e)}
    for line in lines:
        if '"eventName":"Encrypt"' not in line:
            continue
        try:
            r = json.loads(line)
        except ValueError:
            continue
        scenario = want.get((r.get("requestParameters") or {}).get("KeyId"))
        if scenario:
            auth = (r.get("additionalEventData") or {}).get("authorization")
            found[scenario] = {"user": r["userIdentity"].get("userName"), "errorCode": r.get("errorCode"),
                               "authorization": auth if auth is not None else "not recorded"}
    return found


def count_keys(endpoint: str) -> int:
    c = kms.client(endpoint)
    total, marker = 0, None
    while True:
        page = c.list_keys(Limit=1000, **({"Marker": marker} if marker else {}))
        total += len(page["Keys"])
        if not page.get("Truncated"):
            return total
        marker = page["NextMarker"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["setup", "fill", "decisions"])
    ap.add_argument("--endpoint")
    ap.add_argument("--audit")
    ap.add_argument("--state", required=True)
    ap.add_argument("--keys", type=int, default=100)
    ap.add_argument("--samples", type=int, default=int(os.environ.get("BENCH_POOL", "400")))
    ap.add_argument("--count", type=int)
    ap.add_argument("--fill-log", help="append the fill timing (JSON line) here")
    ap.add_argument("--label", default="")
    ap.add_argument("--results", help="setup: append its notes (JSON line) here")
    ap.add_argument("--target", default="trent", help="setup: the server's name in those notes")
    a = ap.parse_args()
    if a.command != "decisions" and not a.endpoint:
        ap.error(f"{a.command} needs --endpoint")
    if a.command == "decisions":
        with open(a.state) as f:
            state = json.load(f)
        found = decisions(state, a.audit)
        for scenario, d in sorted(found.items()):
            print(f"  audit, last Encrypt of {scenario}: {d}")
        with open(a.results, "a") as f:
            f.write(json.dumps({"kind": "decisions", "target": "trent", "decisions": found}) + "\n")
        return
    if a.command == "setup":
        start = time.monotonic()
        state = setup(a.endpoint, a.keys, a.samples)
        state["setup_seconds"] = round(time.monotonic() - start, 2)
        for what, why in state["skipped"].items():
            print(f"  skipping scenarios that need {what}: {why}")
        if a.results:
            notes = {k: state[k] for k in ("grantee_before_grant", "grant_note") if k in state}
            with open(a.results, "a") as f:
                f.write(json.dumps({"kind": "setup", "target": a.target, **notes}) + "\n")
    else:
        with open(a.state) as f:
            state = json.load(f)
        timing = fill(state, a.endpoint, a.count)
        timing["listed"] = count_keys(a.endpoint)
        timing["label"] = a.label
        print(f"  fill {timing['from']} -> {timing['to']} keys: {timing['seconds']} s "
              f"({timing['per_second']} CreateKey/s); ListKeys counts {timing['listed']}")
        if a.fill_log:
            with open(a.fill_log, "a") as f:
                f.write(json.dumps({"kind": "fill", **timing}) + "\n")
    with open(a.state, "w") as f:
        json.dump(state, f)


if __name__ == "__main__":
    main()
