"""CreateAlias, UpdateAlias, DeleteAlias, ListAliases.

AWS texts: AlreadyExistsException "An alias with the name <alias ARN> already
exists" (reported from AWS in several Terraform/Crossplane issues);
ValidationException 'Alias must start with the prefix "alias/". Please see
https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html'
(aws-controllers-k8s/community#1878 and LocalStack's AWS-recorded snapshot);
"<name> contains invalid characters for an alias" for a ':' in the name
(hashicorp/terraform-provider-aws#12891); "Alias <alias ARN> is not found."
"""

import time

from helpers import (
    ALIAS_PREFIX_MSG,
    INCORRECT_KEY_MSG,
    alias_not_found_msg,
    assert_recent,
    kms_error,
    max_len,
    not_found_key_msg,
    random_uuid,
    unique,
    validation_msg,
)


def aliases_of(kms, key_id=None):
    out, marker = [], None
    while True:
        args = {}
        if key_id:
            args["KeyId"] = key_id
        if marker:
            args["Marker"] = marker
        page = kms.list_aliases(**args)
        out += page["Aliases"]
        if not page.get("Truncated"):
            return out
        marker = page["NextMarker"]


def find_alias(kms, name):
    hits = [a for a in aliases_of(kms) if a["AliasName"] == name]
    assert len(hits) <= 1, hits
    return hits[0] if hits else None


def test_create_alias_and_list_entry(trent, kms, new_key):
    md = new_key()
    name = "alias/" + unique("basic")
    assert set(kms.create_alias(AliasName=name, TargetKeyId=md["KeyId"])) == {"ResponseMetadata"}
    entry = find_alias(kms, name)
    assert entry is not None
    assert entry["AliasArn"] == trent.alias_arn(name)
    assert entry["TargetKeyId"] == md["KeyId"]  # the key ID, not the ARN
    assert_recent(entry["CreationDate"])
    assert_recent(entry["LastUpdatedDate"])


def test_create_alias_with_key_arn_target(kms, new_key):
    md = new_key()
    name = "alias/" + unique("byarn")
    kms.create_alias(AliasName=name, TargetKeyId=md["Arn"])
    assert find_alias(kms, name)["TargetKeyId"] == md["KeyId"]
    assert kms.describe_key(KeyId=name)["KeyMetadata"]["KeyId"] == md["KeyId"]


def test_create_alias_target_may_not_be_an_alias(kms, new_key):
    md = new_key()
    first = "alias/" + unique("first")
    kms.create_alias(AliasName=first, TargetKeyId=md["KeyId"])
    second = "alias/" + unique("second")
    with kms_error(("ValidationException", "NotFoundException", "InvalidArnException")):
        kms.create_alias(AliasName=second, TargetKeyId=first)
    assert find_alias(kms, second) is None


def test_create_alias_duplicate(trent, kms, new_key):
    a, b = new_key(), new_key()
    name = "alias/" + unique("dup")
    kms.create_alias(AliasName=name, TargetKeyId=a["KeyId"])
    msg = f"An alias with the name {trent.alias_arn(name)} already exists"
    with kms_error("AlreadyExistsException", msg):
        kms.create_alias(AliasName=name, TargetKeyId=b["KeyId"])
    with kms_error("AlreadyExistsException", msg):
        kms.create_alias(AliasName=name, TargetKeyId=a["KeyId"])
    assert find_alias(kms, name)["TargetKeyId"] == a["KeyId"]


def test_alias_names_are_case_sensitive(kms, new_key):
    a, b = new_key(), new_key()
    base = unique("Case")
    kms.create_alias(AliasName=f"alias/{base}", TargetKeyId=a["KeyId"])
    kms.create_alias(AliasName=f"alias/{base.lower()}", TargetKeyId=b["KeyId"])
    assert kms.describe_key(KeyId=f"alias/{base}")["KeyMetadata"]["KeyId"] == a["KeyId"]
    assert kms.describe_key(KeyId=f"alias/{base.lower()}")["KeyMetadata"]["KeyId"] == b["KeyId"]
    with kms_error("NotFoundException"):
        kms.describe_key(KeyId=f"alias/{base.upper()}")


def test_alias_may_contain_slashes_underscores_dashes(kms, new_key):
    md = new_key()
    name = "alias/" + unique("Team_A") + "/sub-dir/Key_1"
    kms.create_alias(AliasName=name, TargetKeyId=md["KeyId"])
    assert kms.describe_key(KeyId=name)["KeyMetadata"]["KeyId"] == md["KeyId"]


def test_create_alias_without_prefix(kms, new_key):
    md = new_key()
    with kms_error("ValidationException", ALIAS_PREFIX_MSG):
        kms.create_alias(AliasName=unique("noprefix"), TargetKeyId=md["KeyId"])


def test_create_alias_with_alias_arn_as_name(trent, kms, new_key):
    md = new_key()
    with kms_error("ValidationException", ALIAS_PREFIX_MSG):
        kms.create_alias(AliasName=trent.alias_arn("alias/" + unique("arnname")), TargetKeyId=md["KeyId"])


def test_create_alias_reserved_aws_prefix(kms, new_key):
    md = new_key()
    name = "alias/aws/" + unique("mine")
    with kms_error(("InvalidAliasNameException", "AccessDeniedException", "NotAuthorizedException")):
        kms.create_alias(AliasName=name, TargetKeyId=md["KeyId"])
    assert find_alias(kms, name) is None


def test_create_alias_invalid_characters(trent, new_key):
    kms = trent.client(parameter_validation=False)
    md = new_key()
    name = "alias/has space"
    with kms_error(
        "ValidationException",
        validation_msg(name, "aliasName", "Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$"),
    ):
        kms.create_alias(AliasName=name, TargetKeyId=md["KeyId"])


def test_create_alias_colon_is_rejected(kms, new_key):
    md = new_key()
    name = "alias/Service:" + unique("x")
    with kms_error("ValidationException", f"{name} contains invalid characters for an alias"):
        kms.create_alias(AliasName=name, TargetKeyId=md["KeyId"])


def test_create_alias_name_too_long(trent, new_key):
    kms = trent.client(parameter_validation=False)
    md = new_key()
    name = "alias/" + "a" * 251
    with kms_error("ValidationException", validation_msg(name, "aliasName", max_len(256))):
        kms.create_alias(AliasName=name, TargetKeyId=md["KeyId"])
    u = unique("max")
    ok = "alias/" + u + "a" * (256 - 6 - len(u))
    assert len(ok) == 256
    kms.create_alias(AliasName=ok, TargetKeyId=md["KeyId"])


def test_create_alias_unknown_target(trent, kms):
    kid = random_uuid()
    with kms_error("NotFoundException", not_found_key_msg(trent.key_arn(kid))):
        kms.create_alias(AliasName="alias/" + unique("ghost"), TargetKeyId=kid)


def test_aliases_per_key_limit(trent):
    """Quota: 50 aliases per KMS key (LimitExceededException)."""
    kms = trent.client(region="sa-east-1")
    kid = kms.create_key()["KeyMetadata"]["KeyId"]
    base = unique("lim")
    for i in range(50):
        kms.create_alias(AliasName=f"alias/{base}-{i}", TargetKeyId=kid)
    with kms_error("LimitExceededException"):
        kms.create_alias(AliasName=f"alias/{base}-50", TargetKeyId=kid)
    assert len(aliases_of(kms, kid)) == 50


# --------------------------------------------------------------- UpdateAlias
def test_update_alias_retargets(kms, new_key):
    a, b = new_key(), new_key()
    name = "alias/" + unique("move")
    kms.create_alias(AliasName=name, TargetKeyId=a["KeyId"])
    before = find_alias(kms, name)
    time.sleep(1.1)
    assert set(kms.update_alias(AliasName=name, TargetKeyId=b["KeyId"])) == {"ResponseMetadata"}
    after = find_alias(kms, name)
    assert after["TargetKeyId"] == b["KeyId"]
    assert after["CreationDate"] == before["CreationDate"]
    assert after["LastUpdatedDate"] > before["LastUpdatedDate"]
    assert kms.describe_key(KeyId=name)["KeyMetadata"]["KeyId"] == b["KeyId"]


def test_update_alias_with_key_arn(kms, new_key):
    a, b = new_key(), new_key()
    name = "alias/" + unique("movearn")
    kms.create_alias(AliasName=name, TargetKeyId=a["KeyId"])
    kms.update_alias(AliasName=name, TargetKeyId=b["Arn"])
    assert find_alias(kms, name)["TargetKeyId"] == b["KeyId"]


def test_decrypt_old_ciphertext_through_retargeted_alias(kms, new_key):
    a, b = new_key(), new_key()
    name = "alias/" + unique("rot")
    kms.create_alias(AliasName=name, TargetKeyId=a["KeyId"])
    blob = kms.encrypt(KeyId=name, Plaintext=b"old data")["CiphertextBlob"]
    kms.update_alias(AliasName=name, TargetKeyId=b["KeyId"])
    with kms_error("IncorrectKeyException", INCORRECT_KEY_MSG):
        kms.decrypt(CiphertextBlob=blob, KeyId=name)
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"old data"


def test_update_alias_unknown_alias(trent, kms, new_key):
    md = new_key()
    name = "alias/" + unique("nothere")
    with kms_error("NotFoundException", alias_not_found_msg(trent.alias_arn(name))):
        kms.update_alias(AliasName=name, TargetKeyId=md["KeyId"])


def test_update_alias_unknown_target(trent, kms, new_key):
    md = new_key()
    name = "alias/" + unique("tgt")
    kms.create_alias(AliasName=name, TargetKeyId=md["KeyId"])
    kid = random_uuid()
    with kms_error("NotFoundException", not_found_key_msg(trent.key_arn(kid))):
        kms.update_alias(AliasName=name, TargetKeyId=kid)
    assert find_alias(kms, name)["TargetKeyId"] == md["KeyId"]


# --------------------------------------------------------------- DeleteAlias
def test_delete_alias(trent, kms, new_key):
    md = new_key()
    name = "alias/" + unique("del")
    kms.create_alias(AliasName=name, TargetKeyId=md["KeyId"])
    assert set(kms.delete_alias(AliasName=name)) == {"ResponseMetadata"}
    assert find_alias(kms, name) is None
    with kms_error("NotFoundException", alias_not_found_msg(trent.alias_arn(name))):
        kms.describe_key(KeyId=name)
    # the key itself is untouched
    assert kms.describe_key(KeyId=md["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"
    # the name is free again
    kms.create_alias(AliasName=name, TargetKeyId=md["KeyId"])


def test_delete_alias_unknown(trent, kms):
    name = "alias/" + unique("never")
    with kms_error("NotFoundException", prefix=f"Alias {trent.alias_arn(name)} is not found"):
        kms.delete_alias(AliasName=name)


def test_delete_alias_without_prefix(kms):
    with kms_error("ValidationException", ALIAS_PREFIX_MSG):
        kms.delete_alias(AliasName=unique("noprefix"))


# --------------------------------------------------------------- ListAliases
def test_list_aliases_filtered_by_key(trent, kms, new_key):
    a, b = new_key(), new_key()
    names_a = {"alias/" + unique("fa") for _ in range(3)}
    for n in names_a:
        kms.create_alias(AliasName=n, TargetKeyId=a["KeyId"])
    kms.create_alias(AliasName="alias/" + unique("fb"), TargetKeyId=b["KeyId"])
    got = aliases_of(kms, a["KeyId"])
    assert {x["AliasName"] for x in got} == names_a
    assert all(x["TargetKeyId"] == a["KeyId"] for x in got)
    assert {x["AliasName"] for x in aliases_of(kms, a["Arn"])} == names_a


def test_list_aliases_key_without_aliases(kms, new_key):
    md = new_key()
    resp = kms.list_aliases(KeyId=md["KeyId"])
    assert resp["Aliases"] == [] and resp["Truncated"] is False


def test_list_aliases_unknown_key(trent, kms):
    kid = random_uuid()
    with kms_error("NotFoundException", not_found_key_msg(trent.key_arn(kid))):
        kms.list_aliases(KeyId=kid)


def test_list_aliases_key_id_may_not_be_an_alias(kms, new_key):
    md = new_key()
    name = "alias/" + unique("la")
    kms.create_alias(AliasName=name, TargetKeyId=md["KeyId"])
    with kms_error(("InvalidArnException", "NotFoundException", "ValidationException")):
        kms.list_aliases(KeyId=name)


def test_list_aliases_pagination(trent):
    kms = trent.client(region="eu-north-1")  # no other test uses this region
    kid = kms.create_key()["KeyMetadata"]["KeyId"]
    ours = {f"alias/{unique('pg')}" for _ in range(5)}
    for n in ours:
        kms.create_alias(AliasName=n, TargetKeyId=kid)
    seen, marker, pages = [], None, 0
    while True:
        args = {"Limit": 2}
        if marker:
            args["Marker"] = marker
        page = kms.list_aliases(**args)
        pages += 1
        assert len(page["Aliases"]) <= 2
        seen += [a["AliasName"] for a in page["Aliases"]]
        if not page["Truncated"]:
            assert "NextMarker" not in page
            break
        marker = page["NextMarker"]
        assert pages < 50
    assert len(seen) == len(set(seen)), "an alias was listed twice"
    assert ours <= set(seen)
    assert pages >= 3
    # the filtered listing paginates too
    filtered, marker = [], None
    while True:
        args = {"KeyId": kid, "Limit": 2}
        if marker:
            args["Marker"] = marker
        page = kms.list_aliases(**args)
        filtered += [a["AliasName"] for a in page["Aliases"]]
        if not page["Truncated"]:
            break
        marker = page["NextMarker"]
    assert sorted(filtered) == sorted(ours)


def test_list_aliases_invalid_marker(kms):
    with kms_error("InvalidMarkerException"):
        kms.list_aliases(Marker="garbage-marker-not-from-trent")


def test_aliases_are_per_region(trent, kms, new_key):
    md = new_key()
    name = "alias/" + unique("reg")
    kms.create_alias(AliasName=name, TargetKeyId=md["KeyId"])
    eu = trent.client(region="eu-west-1")
    with kms_error("NotFoundException", alias_not_found_msg(trent.alias_arn(name, region="eu-west-1"))):
        eu.describe_key(KeyId=name)
    # the same name is free in the other region
    other = eu.create_key()["KeyMetadata"]
    eu.create_alias(AliasName=name, TargetKeyId=other["KeyId"])
    assert eu.describe_key(KeyId=name)["KeyMetadata"]["KeyId"] == other["KeyId"]
    assert kms.describe_key(KeyId=name)["KeyMetadata"]["KeyId"] == md["KeyId"]


def test_alias_cannot_target_key_in_other_region(trent, kms):
    eu = trent.client(region="eu-west-1")
    eu_key = eu.create_key()["KeyMetadata"]
    with kms_error("NotFoundException"):
        kms.create_alias(AliasName="alias/" + unique("x"), TargetKeyId=eu_key["KeyId"])
