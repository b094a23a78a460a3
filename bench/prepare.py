"""Prepare a server for the benchmark and describe every scenario's requests.

    prepare.py setup --endpoint URL --state FILE [--keys 100]
        probe the key specs, create the keys (100 in the store in all), make the
        ciphertexts and signatures the Decrypt/ReEncrypt/Verify scenarios replay.
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
    "create-key": ("CreateKey symmetric (durable)", "sym_key"),
    "scale-encrypt-1k": ("Encrypt 1 KiB, spread over keys", "all_keys"),
    "scale-describe-key": ("DescribeKey, spread over keys", "all_keys"),
}

OPERATION = {
    "floor": "Encrypt", "encrypt-64": "Encrypt", "encrypt-1k": "Encrypt", "encrypt-4k": "Encrypt",
    "decrypt-1k": "Decrypt", "generate-data-key": "GenerateDataKey", "re-encrypt": "ReEncrypt",
    "describe-key": "DescribeKey", "generate-mac": "GenerateMac", "sign-ecdsa": "Sign",
    "sign-rsa": "Sign", "verify-ecdsa": "Verify", "gdkp-ecc": "GenerateDataKeyPair",
    "create-key": "CreateKey", "scale-encrypt-1k": "Encrypt", "scale-describe-key": "DescribeKey",
}

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
    if scenario == "decrypt-1k":
        blob, c = state["ciphertexts"][i % len(state["ciphertexts"])]
        return {"CiphertextBlob": blob, "EncryptionContext": c, "KeyId": state["sym_key"]}
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
    return [kms.signed_request(endpoint, OPERATION[scenario], params(scenario, state, i, rng), path)
            for i in range(n)]


def one_line(text: str) -> str:
    return " ".join(re.sub(r"<[^>]*>", " ", text).split())[:160]


def error_text(e: ClientError) -> str:
    err = e.response.get("Error", {})
    if err.get("Code", "").isdigit():  # botocore found no KMS error shape in the answer
        return f"HTTP {err['Code']} (not implemented)"
    return one_line(f"{err.get('Code', '?')}: {err.get('Message', '')}")


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
    ids = [c.create_key(Description=f"bench symmetric {i}")["KeyMetadata"]["KeyId"]
           for i in range(max(2, keys - created))]
    state["sym_key"], state["dest_key"], state["sym_keys"] = ids[0], ids[1], ids
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
    state["store_keys"] = created + len(ids)
    return state


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
    ap.add_argument("command", choices=["setup", "fill"])
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--state", required=True)
    ap.add_argument("--keys", type=int, default=100)
    ap.add_argument("--samples", type=int, default=int(os.environ.get("BENCH_POOL", "400")))
    ap.add_argument("--count", type=int)
    ap.add_argument("--fill-log", help="append the fill timing (JSON line) here")
    ap.add_argument("--label", default="")
    a = ap.parse_args()
    if a.command == "setup":
        start = time.monotonic()
        state = setup(a.endpoint, a.keys, a.samples)
        state["setup_seconds"] = round(time.monotonic() - start, 2)
        for what, why in state["skipped"].items():
            print(f"  skipping scenarios that need {what}: {why}")
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
