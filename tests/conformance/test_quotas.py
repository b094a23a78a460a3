"""Request quotas (issue 10): off unless an account's configuration sets them; over a quota
AWS's ThrottlingException; other accounts, categories and Regions are not affected."""

import subprocess

import pytest
from botocore.exceptions import ClientError

from authz_fixtures import ADMIN_ENV, B
from conftest import trent_bin
from helpers import kms_error

THROTTLED = "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls."
CONFIG = f"""
accounts:
  - id: "111122223333"
    quotas: {{createKey: 2, symmetricCryptographic: 20}}
  - id: "{B}"
    users:
      - name: free
        accessKeys: [{{id: AKIAFREEUSER00000001, secret: free-user-secret-of-at-least-forty-chars-0}}]
        policies:
          - name: all
            document: {{Version: "2012-10-17", Statement: [{{Effect: Allow, Action: "kms:*", Resource: "*"}}]}}
"""


@pytest.fixture(scope="module")
def srv(module_trent):
    return module_trent.new(config_yaml=CONFIG, env=dict(ADMIN_ENV))


def burst(call, n):
    outcomes = []
    for _ in range(n):
        try:
            call()
            outcomes.append("ok")
        except ClientError as e:
            outcomes.append(e.response["Error"]["Code"])
            if e.response["Error"]["Code"] == "ThrottlingException":
                assert e.response["Error"]["Message"] == THROTTLED
    return outcomes


def test_a_burst_over_a_low_quota_is_throttled(srv):
    kms = srv.client(retries={"total_max_attempts": 1})
    outcomes = burst(lambda: kms.create_key(), 6)
    assert outcomes.count("ok") <= 3 and "ThrottlingException" in outcomes, outcomes
    # The cryptographic quota is separate from CreateKey's.
    key = kms.list_keys()["Keys"][0]["KeyId"]
    crypto = burst(lambda: kms.encrypt(KeyId=key, Plaintext=b"x"), 40)
    assert 18 <= crypto.count("ok") <= 30 and crypto.count("ThrottlingException") >= 10, crypto
    with kms_error("ThrottlingException", THROTTLED):
        for _ in range(40):
            kms.encrypt(KeyId=key, Plaintext=b"x")


def test_accounts_without_quotas_are_not_limited(srv):
    free = srv.client(access_key="AKIAFREEUSER00000001", secret_key="free-user-secret-of-at-least-forty-chars-0",
                      retries={"total_max_attempts": 1})
    assert burst(lambda: free.create_key(), 8) == ["ok"] * 8


def test_a_region_has_its_own_quota(srv):
    eu = srv.client(region="eu-west-1", retries={"total_max_attempts": 1})
    assert burst(lambda: eu.create_key(), 2) == ["ok", "ok"]


@pytest.mark.parametrize("quotas,reason", [
    ("{createKeys: 2}", "createKeys"),
    ("{createKey: 0}", "more than 0"),
    ("sometimes", "aws-default"),
])
def test_a_bad_quota_refuses_to_start_naming_file_path_and_reason(tmp_path, quotas, reason):
    config = tmp_path / "identities.yaml"
    config.write_text(f'accounts:\n  - id: "111122223333"\n    quotas: {quotas}\n')
    r = subprocess.run([str(trent_bin()), "serve", "--data-dir", str(tmp_path / "d"), "--listen", "127.0.0.1:0",
                        "--config", str(config)], capture_output=True, text=True, timeout=60)
    assert r.returncode != 0
    assert str(config) in r.stderr and "accounts[0].quotas" in r.stderr and reason in r.stderr, r.stderr
