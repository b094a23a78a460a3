"""The README's bring-your-own-key recipe, run as written: bash, the AWS CLI and openssl
against a real server. If the README drifts from what works, this fails."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import clean_env

README = Path(__file__).resolve().parents[2] / "README.md"


def recipe(after: str) -> str:
    text = README.read_text()
    start = text.index(after)
    block = re.search(r"```\n(.*?)```", text[start:], re.S)
    assert block, f"no code block after {after!r} in the README"
    return block.group(1)


@pytest.fixture(scope="module")
def server(module_trent):
    return module_trent.new()


# v1 (pip) reads AWS_ENDPOINT_URL_KMS; Debian's v2 2.9 predates it and needs --endpoint-url.
CLIS = {
    "cli-v1": None,
    "cli-v2": "/usr/bin/aws",
}


@pytest.mark.parametrize("cli", CLIS)
def test_bring_your_own_key_recipe_works_as_written(server, tmp_path, cli):
    binary = CLIS[cli]
    if binary and not Path(binary).exists():
        pytest.skip(f"{binary} is not installed")
    if not shutil.which("openssl"):
        pytest.fail("the recipe needs the openssl command")
    wrapper = f'aws() {{ {binary} --endpoint-url "$AWS_ENDPOINT_URL_KMS" "$@"; }}\n' if binary else ""
    script = "set -euo pipefail\n" + wrapper + recipe("Bring your own key")
    env = clean_env({
        "AWS_SHARED_CREDENTIALS_FILE": str(server.credentials_file),
        "AWS_CONFIG_FILE": str(tmp_path / "no-config"),
        "AWS_ENDPOINT_URL_KMS": server.endpoint,
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_MAX_ATTEMPTS": "1",
        "HOME": str(tmp_path),
    })
    r = subprocess.run(["bash", "-c", script], env=env, cwd=tmp_path, capture_output=True, timeout=180)
    assert r.returncode == 0, f"the README recipe failed:\n{r.stderr.decode()[-2000:]}"
    # The last command encrypts under the imported key: it printed the key's ARN.
    assert r.stdout.decode().strip().splitlines()[-1].startswith("arn:aws:kms:us-east-1:")
    key = server.client()
    arn = r.stdout.decode().strip().splitlines()[-1]
    meta = key.describe_key(KeyId=arn)["KeyMetadata"]
    assert (meta["Origin"], meta["KeyState"], meta["ExpirationModel"]) == ("EXTERNAL", "Enabled", "KEY_MATERIAL_EXPIRES")
