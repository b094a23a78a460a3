"""Shared pieces of the authorization conformance tests (test_authz_*.py).

A test module declares its identities with `user()`, `group()`, `role()` and `account()`,
renders them with `config_yaml()` and starts one module-scoped server with `start()`: the
bootstrap account is A (111122223333, user `admin` with an identity policy allowing `*` on
`*`), the configuration adds users beside `admin` and a second account B (444455556666).

AccessDeniedException texts are spec authorization.md §3.1 (A1-A5); the STS texts are §2 of
the issue and AWS's STS documentation.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import botocore.config
import yaml

from conftest import clean_env

A = "111122223333"
B = "444455556666"
REGION = "us-east-1"
ADMIN_KEY = ("AKIAAUTHZADMIN000001", "authz-admin-secret-at-least-forty-characters-000")
ADMIN_ENV = {
    "TRENT_ACCOUNT_ID": A,
    "TRENT_ACCESS_KEY_ID": ADMIN_KEY[0],
    "TRENT_SECRET_ACCESS_KEY": ADMIN_KEY[1],
}
ADMIN_ARN = f"arn:aws:iam::{A}:user/admin"
VERSION = "2012-10-17"


# ------------------------------------------------------------------ policies
def doc(*statements) -> dict:
    return {"Version": VERSION, "Statement": list(statements)}


def allow(action, resource="*", condition=None, sid=None, **extra) -> dict:
    s = {}
    if sid:
        s["Sid"] = sid
    s["Effect"] = "Allow"
    s.update(extra)
    if action is not None:
        s["Action"] = action
    if resource is not None:
        s["Resource"] = resource
    if condition:
        s["Condition"] = condition
    return s


def deny(action, resource="*", condition=None, sid=None, **extra) -> dict:
    s = allow(action, resource, condition, sid, **extra)
    s["Effect"] = "Deny"
    return s


def kstmt(effect, principal, action, condition=None, sid=None) -> dict:
    """A key-policy statement (Resource "*")."""
    s = {}
    if sid:
        s["Sid"] = sid
    s["Effect"] = effect
    s["Principal"] = principal if principal == "*" else {"AWS": principal}
    s["Action"] = action
    s["Resource"] = "*"
    if condition:
        s["Condition"] = condition
    return s


def root_statement(account=A, sid="Enable IAM User Permissions") -> dict:
    return kstmt("Allow", f"arn:aws:iam::{account}:root", "kms:*", sid=sid)


def key_policy(*statements, with_root=True) -> str:
    stmts = ([root_statement()] if with_root else []) + list(statements)
    return json.dumps({"Version": VERSION, "Id": "test-policy", "Statement": stmts})


def default_policy(account=A) -> dict:
    return {
        "Version": VERSION,
        "Id": "key-default-1",
        "Statement": [{
            "Sid": "Enable IAM User Permissions",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
            "Action": "kms:*",
            "Resource": "*",
        }],
    }


# ---------------------------------------------------------------- identities
@dataclass
class User:
    name: str
    account: str = A
    path: str = "/"
    policies: list = field(default_factory=list)          # [(name, document dict)]
    managed: list = field(default_factory=list)           # managed policy names
    tags: dict = field(default_factory=dict)

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account}:user{self.path}{self.name}"

    @property
    def key(self) -> tuple[str, str]:
        ident = "".join(ch for ch in self.name.upper() if ch.isalnum())
        acct = "B" if self.account == B else "A"
        access = ("AKIA" + acct + ident + "0" * 20)[:20]
        secret = (f"{self.name}-{self.account}-secret-" + "s" * 48)[:48]
        return access, secret

    def entry(self) -> dict:
        e = {"name": self.name}
        if self.path != "/":
            e["path"] = self.path
        if self.tags:
            e["tags"] = dict(self.tags)
        e["accessKeys"] = [{"id": self.key[0], "secret": self.key[1]}]
        if self.policies:
            # inline policies as JSON text (the documented string form)
            e["policies"] = [{"name": n, "document": json.dumps(d)} for n, d in self.policies]
        if self.managed:
            e["managedPolicies"] = list(self.managed)
        return e


@dataclass
class Role:
    name: str
    trust: dict
    account: str = A
    policies: list = field(default_factory=list)
    tags: dict = field(default_factory=dict)
    max_session: int | None = None

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account}:role/{self.name}"

    def session_arn(self, session: str) -> str:
        return f"arn:aws:sts::{self.account}:assumed-role/{self.name}/{session}"

    def entry(self) -> dict:
        e = {"name": self.name, "trustPolicy": self.trust}
        if self.tags:
            e["tags"] = dict(self.tags)
        if self.max_session is not None:
            e["maxSessionDuration"] = self.max_session
        if self.policies:
            # role policies as YAML structure (the other documented form)
            e["policies"] = [{"name": n, "document": d} for n, d in self.policies]
        return e


def trust(*principals, condition=None) -> dict:
    s = {"Effect": "Allow", "Principal": {"AWS": list(principals) if len(principals) > 1 else principals[0]},
         "Action": "sts:AssumeRole"}
    if condition:
        s["Condition"] = condition
    return doc(s)


def account_entry(account_id, users=(), groups=(), roles=(), managed=None) -> dict:
    e = {"id": account_id}
    if managed:
        e["managedPolicies"] = [{"name": n, "document": d} for n, d in managed.items()]
    if users:
        e["users"] = [u.entry() for u in users]
    if groups:
        e["groups"] = list(groups)
    if roles:
        e["roles"] = [r.entry() for r in roles]
    return e


def config_yaml(*accounts) -> str:
    return yaml.safe_dump({"accounts": list(accounts)}, sort_keys=False, default_flow_style=False, width=10_000)


def start(factory, config: str, **kw):
    """One server with the admin bootstrap identity and this configuration; retried once
    when the binary is being rebuilt."""
    try:
        return factory.new(config_yaml=config, env=dict(ADMIN_ENV), **kw)
    except Exception:
        time.sleep(60)
        return factory.new(config_yaml=config, env=dict(ADMIN_ENV), **kw)


# ------------------------------------------------------------------- clients
def client(srv, who=None, service="kms", region=REGION, **cfg):
    """A client for a User (or a (key, secret) pair, or admin when who is None)."""
    if who is None:
        return srv.client(service=service, region=region, **cfg)
    creds = who.key if isinstance(who, User) else who
    return srv.client(service=service, region=region, access_key=creds[0], secret_key=creds[1], **cfg)


def session_client(srv, creds: dict, service="kms", region=REGION):
    c = boto3.session.Session().client(
        service,
        region_name=region,
        endpoint_url=srv.endpoint,
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        config=botocore.config.Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=60),
    )
    srv._clients.append(c)
    return c


# ------------------------------------------------------------------ messages
def a1(arn, action, resource):
    return (f"User: {arn} is not authorized to perform: {action} on resource: {resource} "
            f"because no resource-based policy allows the {action} action")


def a2(arn, action, resource):
    return (f"User: {arn} is not authorized to perform: {action} on resource: {resource} "
            f"because no identity-based policy allows the {action} action")


def a3(arn, action, resource):
    return f"User: {arn} is not authorized to perform: {action} on resource: {resource} with an explicit deny in an identity-based policy"


def a4(arn, action, resource):
    return f"User: {arn} is not authorized to perform: {action} on resource: {resource} with an explicit deny in a resource-based policy"


def a5(arn, action):
    return (f"User: {arn} is not authorized to perform: {action} on this resource because the resource does not "
            "exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly "
            "denies access")


def assume_denied(arn, role_arn):
    return f"User: {arn} is not authorized to perform: sts:AssumeRole on resource: {role_arn}"


LOCKOUT_MSG = "The new key policy will not allow you to update the key policy in the future."
INVALID_PRINCIPALS_MSG = "Policy contains a statement with one or more invalid principals."
NO_PRINCIPAL_MSG = "Policy contains a statement with no principal."
INVALID_ARN_IN_POLICY_MSG = "An ARN in the specified key policy is invalid."
ONLY_CREATE_GRANT_MSG = "Grants must not contain only the CreateGrant operation."
GRANT_EC_SYMMETRIC_ONLY_MSG = "EncryptionContext is supported only when creating a grant for a symmetric encryption KMS key."
ALIAS_NOT_SUPPORTED_MSG = "Key Aliases are not supported for this operation."
DRY_RUN_MSG = "The request would have succeeded, but the DryRun option is set."
MAX_SESSION_MSG = "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
INVALID_TOKEN_MSG = "The security token included in the request is invalid."


# --------------------------------------------------------------------- audit
def audit_records(srv) -> list[dict]:
    path = srv.data_dir / "audit.log"
    if not path.exists():
        return []
    out = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if line:
            try:
                out.append(json.loads(line))
            except ValueError:
                pass  # a line being written
    return out


def audit_record(srv, request_id: str, timeout: float = 5.0) -> dict:
    """The audit record of one request (records are flushed within about a second)."""
    deadline = time.monotonic() + timeout
    while True:
        for r in audit_records(srv):
            if r.get("requestID") == request_id:
                return r
        if time.monotonic() > deadline:
            raise AssertionError(f"no audit record for request {request_id} within {timeout}s")
        time.sleep(0.1)


def request_id_of(box) -> str:
    return box.response["ResponseMetadata"]["RequestId"]


# ----------------------------------------------------------------------- CLI
def cli_binaries():
    """(id, path) of the AWS CLIs to run: v1 from PyPI (on PATH) and, when installed,
    v2 from Debian's awscli package at /usr/bin/aws."""
    out = []
    v1 = None
    for d in os.environ.get("PATH", "").split(os.pathsep):
        p = Path(d) / "aws"
        if p.exists() and str(p) != "/usr/bin/aws":
            v1 = str(p)
            break
    out.append(("cli-v1", v1))
    out.append(("cli-v2", "/usr/bin/aws" if Path("/usr/bin/aws").exists() else None))
    return out


class Cli:
    """Runs one AWS CLI with a fresh config and credentials file (profiles per identity)."""

    def __init__(self, binary: str, srv, tmp: Path):
        self.binary = binary
        self.srv = srv
        self.tmp = Path(tmp)
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.creds_path = self.tmp / "credentials"
        self.config_path = self.tmp / "config"
        self.config_path.write_text("[default]\nregion = us-east-1\noutput = json\n")
        self.profiles: dict[str, dict] = {}

    def add_profile(self, name, access_key, secret_key, token=None):
        self.profiles[name] = {"aws_access_key_id": access_key, "aws_secret_access_key": secret_key}
        if token:
            self.profiles[name]["aws_session_token"] = token
        text = ""
        for p, vals in self.profiles.items():
            text += f"[{p}]\n" + "".join(f"{k} = {v}\n" for k, v in vals.items())
        self.creds_path.write_text(text)
        os.chmod(self.creds_path, 0o600)

    def run(self, profile, *args, check=True):
        env = clean_env({
            "AWS_CONFIG_FILE": str(self.config_path),
            "AWS_SHARED_CREDENTIALS_FILE": str(self.creds_path),
            "AWS_PROFILE": profile,
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_MAX_ATTEMPTS": "1",
            "AWS_PAGER": "",
            "HOME": str(self.tmp),
        })
        cmd = [self.binary, *args, "--endpoint-url", self.srv.endpoint, "--output", "json"]
        r = subprocess.run(cmd, env=env, capture_output=True, timeout=120, cwd=str(self.tmp))
        if check:
            assert r.returncode == 0, f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr.decode()}"
            return json.loads(r.stdout) if r.stdout.strip() else None
        return r


def cli_error_pattern(code, operation, message):
    """The CLI's error line; v2 adds "(reached max retries: N)" before the colon."""
    import re
    return re.compile(
        rf"An error occurred \({re.escape(code)}\) when calling the {re.escape(operation)} operation"
        rf"(?: \(reached max retries: \d+\))?: {re.escape(message)}\n")


def b64d(s: str) -> bytes:
    return base64.b64decode(s)
