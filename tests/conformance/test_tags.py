"""TagResource, UntagResource, ListResourceTags (and Tags on CreateKey).

AWS rules (seed-features §1.4): TagKey 1-128, TagValue 0-256 chars; a tag on an
existing key overwrites its value; keys are case-sensitive; at most 50 tags per
key; untagging a key that is not there is not an error; `aws:` is reserved
(TagException).
"""

import pytest

from helpers import kms_error, max_len, min_len, not_found_key_msg, random_uuid, validation_msg


def tags_of(kms, key_id, **kw):
    out, marker = [], None
    while True:
        args = {"KeyId": key_id, **kw}
        if marker:
            args["Marker"] = marker
        page = kms.list_resource_tags(**args)
        out += page["Tags"]
        if not page.get("Truncated"):
            return out
        marker = page["NextMarker"]


def as_dict(tags):
    return {t["TagKey"]: t["TagValue"] for t in tags}


def test_tag_list_untag(kms, new_key):
    kid = new_key()["KeyId"]
    resp = kms.tag_resource(KeyId=kid, Tags=[{"TagKey": "env", "TagValue": "prod"}, {"TagKey": "team", "TagValue": "sec"}])
    assert set(resp) == {"ResponseMetadata"}
    listing = kms.list_resource_tags(KeyId=kid)
    assert listing["Truncated"] is False
    assert as_dict(listing["Tags"]) == {"env": "prod", "team": "sec"}
    assert all(set(t) == {"TagKey", "TagValue"} for t in listing["Tags"])
    assert set(kms.untag_resource(KeyId=kid, TagKeys=["env"])) == {"ResponseMetadata"}
    assert as_dict(tags_of(kms, kid)) == {"team": "sec"}


def test_tag_overwrites_value(kms, new_key):
    kid = new_key(Tags=[{"TagKey": "env", "TagValue": "dev"}])["KeyId"]
    kms.tag_resource(KeyId=kid, Tags=[{"TagKey": "env", "TagValue": "prod"}])
    assert tags_of(kms, kid) == [{"TagKey": "env", "TagValue": "prod"}]


def test_tag_value_may_be_empty(kms, new_key):
    kid = new_key()["KeyId"]
    kms.tag_resource(KeyId=kid, Tags=[{"TagKey": "flag", "TagValue": ""}])
    assert tags_of(kms, kid) == [{"TagKey": "flag", "TagValue": ""}]


def test_tag_keys_are_case_sensitive(kms, new_key):
    kid = new_key()["KeyId"]
    kms.tag_resource(KeyId=kid, Tags=[{"TagKey": "Env", "TagValue": "A"}, {"TagKey": "env", "TagValue": "b"}])
    assert as_dict(tags_of(kms, kid)) == {"Env": "A", "env": "b"}
    kms.untag_resource(KeyId=kid, TagKeys=["ENV"])
    assert as_dict(tags_of(kms, kid)) == {"Env": "A", "env": "b"}
    kms.untag_resource(KeyId=kid, TagKeys=["Env"])
    assert as_dict(tags_of(kms, kid)) == {"env": "b"}


def test_untag_missing_key_is_not_an_error(kms, new_key):
    kid = new_key(Tags=[{"TagKey": "a", "TagValue": "1"}])["KeyId"]
    kms.untag_resource(KeyId=kid, TagKeys=["does-not-exist"])
    assert as_dict(tags_of(kms, kid)) == {"a": "1"}


def test_unicode_tags_round_trip(kms, new_key):
    kid = new_key()["KeyId"]
    kms.tag_resource(KeyId=kid, Tags=[{"TagKey": "proyecto", "TagValue": "cifrado-ñandú"}])
    assert as_dict(tags_of(kms, kid)) == {"proyecto": "cifrado-ñandú"}


def test_tags_by_key_arn(kms, new_key):
    md = new_key()
    kms.tag_resource(KeyId=md["Arn"], Tags=[{"TagKey": "x", "TagValue": "y"}])
    assert as_dict(tags_of(kms, md["Arn"])) == {"x": "y"}
    kms.untag_resource(KeyId=md["Arn"], TagKeys=["x"])
    assert tags_of(kms, md["KeyId"]) == []


def test_tags_are_per_key(kms, new_key):
    a = new_key(Tags=[{"TagKey": "owner", "TagValue": "a"}])["KeyId"]
    b = new_key()["KeyId"]
    assert tags_of(kms, b) == []
    assert as_dict(tags_of(kms, a)) == {"owner": "a"}


def test_duplicate_tag_keys_in_one_request(kms, new_key):
    kid = new_key()["KeyId"]
    with kms_error("TagException"):
        kms.tag_resource(KeyId=kid, Tags=[{"TagKey": "dup", "TagValue": "1"}, {"TagKey": "dup", "TagValue": "2"}])
    assert tags_of(kms, kid) == []


def test_duplicate_tag_keys_on_create_key(kms):
    with kms_error("TagException"):
        kms.create_key(Tags=[{"TagKey": "dup", "TagValue": "1"}, {"TagKey": "dup", "TagValue": "2"}])


@pytest.mark.parametrize("key", ["aws:owner", "aws:cloudformation:stack-name"])
def test_aws_prefix_is_reserved(kms, new_key, key):
    kid = new_key()["KeyId"]
    with kms_error("TagException"):
        kms.tag_resource(KeyId=kid, Tags=[{"TagKey": key, "TagValue": "v"}])
    assert tags_of(kms, kid) == []


def test_aws_prefix_is_reserved_on_create_key(kms):
    with kms_error("TagException"):
        kms.create_key(Tags=[{"TagKey": "aws:team", "TagValue": "v"}])


def test_tag_key_length_limits(trent, new_key):
    kms = trent.client(parameter_validation=False)
    kid = new_key()["KeyId"]
    kms.tag_resource(KeyId=kid, Tags=[{"TagKey": "k" * 128, "TagValue": "v" * 256}])
    long_key = "k" * 129
    with kms_error("ValidationException", validation_msg(long_key, "tags.1.member.tagKey", max_len(128))):
        kms.tag_resource(KeyId=kid, Tags=[{"TagKey": long_key, "TagValue": "v"}])
    long_val = "v" * 257
    with kms_error("ValidationException", validation_msg(long_val, "tags.1.member.tagValue", max_len(256))):
        kms.tag_resource(KeyId=kid, Tags=[{"TagKey": "ok", "TagValue": long_val}])
    with kms_error("ValidationException", validation_msg("", "tags.1.member.tagKey", min_len(1))):
        kms.tag_resource(KeyId=kid, Tags=[{"TagKey": "", "TagValue": "v"}])
    assert as_dict(tags_of(kms, kid)) == {"k" * 128: "v" * 256}


def test_tag_missing_value_is_validation_error(trent, new_key):
    kid = new_key()["KeyId"]
    r = trent.raw("TagResource", {"KeyId": kid, "Tags": [{"TagKey": "only-key"}]})
    assert (r.status, r.error_type) == (400, "ValidationException")
    assert r.message == validation_msg(None, "tags.1.member.tagValue", "Member must not be null")


def test_fifty_tags_limit(kms, new_key):
    kid = new_key()["KeyId"]
    kms.tag_resource(KeyId=kid, Tags=[{"TagKey": f"k{i:02d}", "TagValue": str(i)} for i in range(50)])
    assert len(tags_of(kms, kid)) == 50
    # overwriting an existing key does not count as a new tag
    kms.tag_resource(KeyId=kid, Tags=[{"TagKey": "k00", "TagValue": "new"}])
    with kms_error(("LimitExceededException", "TagException")):
        kms.tag_resource(KeyId=kid, Tags=[{"TagKey": "k50", "TagValue": "one too many"}])
    tags = as_dict(tags_of(kms, kid))
    assert len(tags) == 50 and tags["k00"] == "new" and "k50" not in tags


def test_fifty_one_tags_in_one_request(kms, new_key):
    kid = new_key()["KeyId"]
    with kms_error(("LimitExceededException", "TagException")):
        kms.tag_resource(KeyId=kid, Tags=[{"TagKey": f"k{i}", "TagValue": "v"} for i in range(51)])
    assert tags_of(kms, kid) == []


def test_list_resource_tags_pagination(kms, new_key):
    kid = new_key(Tags=[{"TagKey": f"t{i}", "TagValue": str(i)} for i in range(5)])["KeyId"]
    pages, seen, marker = [], [], None
    while True:
        args = {"KeyId": kid, "Limit": 2}
        if marker:
            args["Marker"] = marker
        page = kms.list_resource_tags(**args)
        pages.append(len(page["Tags"]))
        seen += page["Tags"]
        if not page["Truncated"]:
            assert "NextMarker" not in page
            break
        assert page["NextMarker"]
        marker = page["NextMarker"]
        assert len(pages) < 10
    assert all(n <= 2 for n in pages) and len(pages) >= 3
    assert as_dict(seen) == {f"t{i}": str(i) for i in range(5)} and len(seen) == 5


def test_list_resource_tags_invalid_marker(kms, new_key):
    kid = new_key(Tags=[{"TagKey": "a", "TagValue": "b"}])["KeyId"]
    with kms_error("InvalidMarkerException"):
        kms.list_resource_tags(KeyId=kid, Marker="not-a-marker-from-trent")


@pytest.mark.parametrize("op,params", [
    ("tag_resource", {"Tags": [{"TagKey": "a", "TagValue": "b"}]}),
    ("untag_resource", {"TagKeys": ["a"]}),
    ("list_resource_tags", {}),
])
def test_tag_ops_unknown_key(trent, kms, op, params):
    kid = random_uuid()
    with kms_error("NotFoundException", not_found_key_msg(trent.key_arn(kid))):
        getattr(kms, op)(KeyId=kid, **params)


def test_tag_resource_missing_tags(trent, new_key):
    kid = new_key()["KeyId"]
    r = trent.raw("TagResource", {"KeyId": kid})
    assert (r.status, r.error_type) == (400, "ValidationException")
    assert r.message == validation_msg(None, "tags", "Member must not be null")
