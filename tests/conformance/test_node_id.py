"""Each node has an id, shown in its log lines and audit records (issue 10): `--node-id`, or
one made once and kept in the data directory."""

import json
import re
import subprocess

from conftest import trent_bin


def audit_records(srv):
    return [json.loads(line) for line in (srv.data_dir / "audit.log").read_text().splitlines() if line.strip()]


def test_a_node_keeps_the_id_it_made(trent_factory):
    srv = trent_factory.new()
    srv.client().list_keys()
    node = (srv.data_dir / "node-id").read_text().strip()
    assert re.fullmatch(r"node-[0-9a-f]{12}", node)
    srv.restart()
    srv.client().list_keys()
    srv.stop()
    assert (srv.data_dir / "node-id").read_text().strip() == node
    records = audit_records(srv)
    assert records and all(r.get("trentNodeId") == node for r in records)
    logged = [json.loads(l) for l in srv.stderr_text().splitlines() if l.startswith("{")]
    requests = [l for l in logged if l.get("message") == "request"]
    assert requests and all(l.get("node") == node for l in requests)


def test_node_id_option_names_the_node(trent_factory):
    srv = trent_factory.new(start=False)
    srv.start(extra_args=["--node-id", "eu-1.a"])
    srv.client().list_keys()
    srv.stop()
    assert all(r.get("trentNodeId") == "eu-1.a" for r in audit_records(srv))


def test_a_bad_node_id_is_refused_at_start(tmp_path):
    r = subprocess.run([str(trent_bin()), "serve", "--data-dir", str(tmp_path / "d"), "--listen", "127.0.0.1:0",
                        "--node-id", "has space"], capture_output=True, text=True, timeout=60)
    assert r.returncode != 0
    assert "--node-id must be" in r.stderr
    assert not (tmp_path / "d").exists()
