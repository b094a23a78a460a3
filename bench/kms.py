"""Shared helpers for the benchmark: credentials, SigV4 signing of raw requests,
boto3 clients, and the request-pool file that bench/pool.lua replays.

Everything talks to 127.0.0.1 only.
"""

from __future__ import annotations

import http.client
import json
import os
import threading
from urllib.parse import urlsplit

import boto3
import botocore.config
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

REGION = "us-east-1"
JSON_TYPE = "application/x-amz-json-1.1"


def credentials(user: str = "admin") -> Credentials:
    """The bootstrap identity bench/run hands to `trent serve` (and, unverified, to moto), or
    with user="grantee" the second user of the identity file bench/run passes with --config
    (no policies: it may use a key only through a grant)."""
    if user == "grantee":
        return Credentials(os.environ["BENCH_GRANTEE_ACCESS_KEY_ID"], os.environ["BENCH_GRANTEE_SECRET"])
    assert user == "admin", user
    return Credentials(os.environ["TRENT_ACCESS_KEY_ID"], os.environ["TRENT_SECRET_ACCESS_KEY"])


def host_of(endpoint: str) -> str:
    parts = urlsplit(endpoint)
    assert parts.hostname == "127.0.0.1", f"refusing non-loopback endpoint {endpoint}"
    return parts.netloc


def client(endpoint: str, user: str = "admin"):
    creds = credentials(user)
    return boto3.session.Session().client(
        "kms",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=creds.access_key,
        aws_secret_access_key=creds.secret_key,
        config=botocore.config.Config(retries={"max_attempts": 1}, max_pool_connections=64),
    )


def signed_request(endpoint: str, operation: str, params: dict, path: str = "/", user: str = "admin") -> bytes:
    """One complete HTTP/1.1 request (head and body), SigV4-signed like boto3 signs it
    (service kms, region us-east-1; signed headers host, content-type, x-amz-date,
    x-amz-target). Content-Length is sent but, as with boto3, not signed. `user` picks the
    signing identity (see credentials)."""
    host = host_of(endpoint)
    body = json.dumps(params, separators=(",", ":")).encode()
    req = AWSRequest(
        method="POST",
        url=f"http://{host}/",
        data=body,
        headers={"Content-Type": JSON_TYPE, "X-Amz-Target": f"TrentService.{operation}"},
    )
    SigV4Auth(credentials(user), "kms", REGION).add_auth(req)
    head = [f"POST {path} HTTP/1.1", f"Host: {host}"]
    head += [f"{k}: {v}" for k, v in req.headers.items()]
    head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def write_pool(path: str, requests: list[bytes]) -> None:
    """Pool file for bench/pool.lua: per request, its byte length on a line, then the bytes."""
    with open(path, "wb") as f:
        for r in requests:
            f.write(b"%d\n" % len(r))
            f.write(r)


_local = threading.local()


def send_raw(endpoint: str, raw: bytes, retry: bool = True) -> tuple[int, bytes]:
    """Send one pre-built request on this thread's keep-alive connection (reconnecting
    once if the server closed it)."""
    conn = getattr(_local, "conn", None)
    fresh = conn is None
    if fresh:
        parts = urlsplit(endpoint)
        conn = _local.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        conn.connect()
    try:
        conn.sock.sendall(raw)
        resp = http.client.HTTPResponse(conn.sock, method="POST")
        resp.begin()
        data = resp.read()
    except (OSError, http.client.HTTPException):
        conn.close()
        _local.conn = None
        if fresh or not retry:
            raise
        return send_raw(endpoint, raw, retry=False)
    if resp.will_close:
        conn.close()
        _local.conn = None
    return resp.status, data
