"""HTTP/1.1 behaviour of the server itself, over raw sockets: keep-alive, pipelined
requests answered in order (also when a call that waits on the store sits between calls
that do not), Connection: close, the 1 MiB body limit, unknown routes and malformed HTTP."""

import datetime
import email.utils
import json
import socket

from helpers import sign_request

import pytest


def wire_bytes(req) -> bytes:
    """A botocore-signed request as the bytes a client would send."""
    prepared = req.prepare()
    host = prepared.url.split("//", 1)[1].split("/", 1)[0]
    lines = [f"POST / HTTP/1.1", f"Host: {host}"]
    lines += [f"{k}: {v}" for k, v in prepared.headers.items() if k.lower() not in ("host", "content-length")]
    body = prepared.body if isinstance(prepared.body, bytes) else (prepared.body or "").encode()
    lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def read_responses(sock: socket.socket, count: int, timeout: float = 10.0) -> list[tuple[int, dict, bytes]]:
    """Reads `count` Content-Length-framed responses."""
    sock.settimeout(timeout)
    buffer, out = b"", []
    while len(out) < count:
        while b"\r\n\r\n" not in buffer:
            chunk = sock.recv(65536)
            if not chunk:
                return out
            buffer += chunk
        head, buffer = buffer.split(b"\r\n\r\n", 1)
        status_line, *header_lines = head.decode().split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in header_lines)}
        length = int(headers.get("content-length", "0"))
        while len(buffer) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            buffer += chunk
        out.append((int(status_line.split()[1]), headers, buffer[:length]))
        buffer = buffer[length:]
    return out


def connect(trent) -> socket.socket:
    return socket.create_connection(("127.0.0.1", trent.port), timeout=10)


def signed(trent, target, body):
    access, secret = trent.admin_credentials()
    return wire_bytes(sign_request(trent.endpoint, target, body, region="us-east-1", access_key=access, secret_key=secret))


def test_pipelined_requests_are_answered_in_order(trent):
    key_id = trent.client().create_key()["KeyMetadata"]["KeyId"]
    # Encrypt and DescribeKey answer on the event loop; CreateKey waits on the store. Sent
    # in one write, the answers must still come back in request order.
    requests = [
        signed(trent, "Encrypt", {"KeyId": key_id, "Plaintext": "AAEC"}),
        signed(trent, "CreateKey", {"Description": "pipelined"}),
        signed(trent, "DescribeKey", {"KeyId": key_id}),
        signed(trent, "GenerateRandom", {"NumberOfBytes": 7}),
    ]
    with connect(trent) as sock:
        sock.sendall(b"".join(requests))
        answers = read_responses(sock, 4)
    assert [status for status, _, _ in answers] == [200, 200, 200, 200]
    bodies = [json.loads(body) for _, _, body in answers]
    assert "CiphertextBlob" in bodies[0]
    assert bodies[1]["KeyMetadata"]["Description"] == "pipelined"
    assert bodies[2]["KeyMetadata"]["KeyId"] == key_id
    assert "Plaintext" in bodies[3]
    ids = [headers["x-amzn-requestid"] for _, headers, _ in answers]
    assert len(set(ids)) == 4
    assert all(headers["content-type"] == "application/x-amz-json-1.1" for _, headers, _ in answers)


def test_keep_alive_serves_many_requests_on_one_connection(trent):
    with connect(trent) as sock:
        for n in (1, 2, 3):
            sock.sendall(signed(trent, "GenerateRandom", {"NumberOfBytes": n}))
            [(status, headers, body)] = read_responses(sock, 1)
            assert status == 200
            assert "connection" not in headers or headers["connection"].lower() != "close"
            # Every answer is dated, as AWS's are; SDKs correct their clock skew from it.
            sent = email.utils.parsedate_to_datetime(headers["date"])
            assert abs((sent - datetime.datetime.now(datetime.timezone.utc)).total_seconds()) < 300


def test_connection_close_is_honoured(trent):
    request = signed(trent, "GenerateRandom", {"NumberOfBytes": 4}).replace(
        b"\r\nHost:", b"\r\nConnection: close\r\nHost:", 1
    )
    with connect(trent) as sock:
        sock.sendall(request)
        [(status, headers, _)] = read_responses(sock, 1)
        assert status == 200
        assert headers.get("connection", "").lower() == "close"
        sock.settimeout(5)
        assert sock.recv(1) == b""  # the server closed its side


def test_body_over_one_mebibyte_is_refused_and_the_connection_stays_usable(trent):
    big = b"{" + b" " * (1 << 20) + b"}"
    head = (
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\n"
        f"X-Amz-Target: TrentService.GenerateRandom\r\nContent-Length: {len(big)}\r\n\r\n"
    ).encode()
    with connect(trent) as sock:
        sock.sendall(head + big)
        [(status, _, body)] = read_responses(sock, 1)
        assert status == 413
        error = json.loads(body)
        assert error["__type"] == "ValidationException"
        assert "maximum size of 1048576 bytes" in error["message"]
        sock.sendall(signed(trent, "GenerateRandom", {"NumberOfBytes": 3}))
        [(status, _, _)] = read_responses(sock, 1)
        assert status == 200


def test_unknown_route_is_404_and_health_needs_no_signature(trent):
    with connect(trent) as sock:
        sock.sendall(b"GET /nothing-here HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        (missing, health) = read_responses(sock, 2)
    assert missing[0] == 404
    assert health[0] == 200 and json.loads(health[2]) == {"status": "ok"}


@pytest.mark.parametrize("garbage", [b"NOT HTTP AT ALL\r\n\r\n", b"POST / HTTP/1.1\r\nContent-Length: nope\r\n\r\n"])
def test_malformed_http_gets_400_and_the_server_lives_on(trent, garbage):
    with connect(trent) as sock:
        sock.sendall(garbage)
        answers = read_responses(sock, 1)
    assert answers and answers[0][0] == 400
    assert trent.client().generate_random(NumberOfBytes=5)["Plaintext"]


def test_unsigned_post_to_any_path_is_refused_by_sigv4(trent):
    with connect(trent) as sock:
        sock.sendall(
            b"POST /some/other/path HTTP/1.1\r\nHost: x\r\nX-Amz-Target: TrentService.ListKeys\r\n"
            b"Content-Type: application/x-amz-json-1.1\r\nContent-Length: 2\r\n\r\n{}"
        )
        [(status, _, body)] = read_responses(sock, 1)
    assert status == 400
    assert json.loads(body)["__type"] == "MissingAuthenticationTokenException"


def test_deeply_nested_parameters_are_refused_and_audited_without_harm(trent):
    # As deep as the parser accepts (64 levels with the body's own object) inside an
    # allow-listed member, so the audit record copies it; one level more is malformed JSON.
    # EncryptionContext must be a map, so both are SerializationException: the first from
    # the type check after parsing (and auditing), the second from the parser.
    for depth in (63, 64):
        nested = "[" * (depth - 1) + "]" * (depth - 1)
        body = '{"KeyId": "alias/none", "Plaintext": "AA==", "EncryptionContext": %s}' % nested
        with connect(trent) as sock:
            sock.sendall(signed(trent, "Encrypt", body))
            [(status, _, answer)] = read_responses(sock, 1)
        assert status == 400
        assert json.loads(answer)["__type"] == "SerializationException"
    assert trent.client().generate_random(NumberOfBytes=5)["Plaintext"]


def test_silent_connections_are_closed_after_the_idle_timeout(trent_factory):
    import time

    srv = trent_factory.new(extra_args=["--idle-timeout", "2"])
    idle = connect(srv)
    half_sent = connect(srv)
    half_sent.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
    busy = connect(srv)
    try:
        # A connection used every 0.3 s stays open well past the timeout (1.7 s of slack per gap).
        for n in range(10):
            busy.sendall(signed(srv, "GenerateRandom", {"NumberOfBytes": n + 1}))
            [(status, _, _)] = read_responses(busy, 1)
            assert status == 200
            time.sleep(0.3)
        for sock in (idle, half_sent):
            sock.settimeout(15)
            assert sock.recv(1) == b""  # closed by the server, without an answer
    finally:
        for sock in (idle, half_sent, busy):
            sock.close()


def test_idle_timeout_must_be_sane(trent_factory):
    srv = trent_factory.new(start=False, extra_args=["--idle-timeout", "0"])
    import subprocess

    result = subprocess.run(srv.command(), capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "--idle-timeout must be 1 to 86400 seconds" in result.stderr + result.stdout


def test_many_signed_headers_verify_and_too_many_are_refused(trent):
    access, secret = trent.admin_credentials()
    # botocore signs every header it is given: 60 custom headers, all in SignedHeaders.
    extra = {f"X-Trent-Test-{n}": f"value {n}" for n in range(60)}
    req = sign_request(trent.endpoint, "GenerateRandom", {"NumberOfBytes": 4}, region="us-east-1",
                       access_key=access, secret_key=secret, headers=extra)
    with connect(trent) as sock:
        sock.sendall(wire_bytes(req))
        [(status, _, body)] = read_responses(sock, 1)
    assert status == 200, body
    # Far more headers than any client sends: the HTTP decoder refuses the request.
    flood = "".join(f"X-Flood-{n}: x\r\n" for n in range(300)).encode()
    with connect(trent) as sock:
        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n" + flood + b"Content-Length: 2\r\n\r\n{}")
        answers = read_responses(sock, 1)
    assert answers and answers[0][0] == 400
    assert trent.client().generate_random(NumberOfBytes=5)["Plaintext"]
