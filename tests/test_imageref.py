"""Tests for dlint.imageref, the distribution/reference grammar.

The inputs are distribution/reference's own test tables (reference_test.go and
normalize_test.go, github.com/distribution/reference at commit
0965666a6ade2e06035fe352e38344be1e68951a, Apache-2.0), copied as data. Each
expected value is what ``ParseNormalizedNamed`` returns for that input, since
that is the parser Docker and BuildKit run; it was obtained by running the Go
code. Where a Go test exercised a different function (``Parse`` without Docker
Hub normalisation, ``WithName``, ``ParseNamed``, ``ParseAnyReference``) the
inputs are kept and the comment says what changes.

Expected tuples are (domain, repository, tag, digest, familiar_name); None
means the reference is invalid.
"""

from __future__ import annotations

import time

import pytest

from dlint.imageref import ImageRef, InvalidReference, parse_image, try_parse_image

Expected = tuple[str, str, str | None, str | None, str] | None


def _check(ref: str, expected: Expected) -> None:
    result = try_parse_image(ref)
    if expected is None:
        assert isinstance(result, InvalidReference), result
        with pytest.raises(InvalidReference):
            parse_image(ref)
        return
    assert isinstance(result, ImageRef), result
    got = (result.domain, result.repository, result.tag, result.digest, result.familiar_name)
    assert got == expected
    assert result.raw == ref
    assert result.name == f"{expected[0]}/{expected[1]}"


def _ids(table: list[tuple[str, Expected]]) -> list[str]:
    return [ref[:60] or "<empty>" for ref, _ in table]


# reference_test.go TestReferenceParse. The Go test calls Parse, which does no
# Docker Hub normalisation: there 'foo/foo_bar.com:8080' has domain 'foo' and
# 'test_com' has none; under Docker both live on docker.io. Validity, tags and
# digests are unchanged, except 'validname@sha512:...': the Go test binary does
# not link sha512, so it expects "unsupported digest algorithm"; Docker and
# BuildKit link it, and the reference is valid.
REFERENCE_PARSE: list[tuple[str, Expected]] = [
    ("test_com", ("docker.io", "library/test_com", None, None, "test_com")),
    ("test.com:tag", ("docker.io", "library/test.com", "tag", None, "test.com")),
    ("test.com:5000", ("docker.io", "library/test.com", "5000", None, "test.com")),
    ("test.com/repo:tag", ("test.com", "repo", "tag", None, "test.com/repo")),
    ("test:5000/repo", ("test:5000", "repo", None, None, "test:5000/repo")),
    ("test:5000/repo:tag", ("test:5000", "repo", "tag", None, "test:5000/repo")),
    (
        "test:5000/repo@sha256:" + "f" * 64,
        ("test:5000", "repo", None, "sha256:" + "f" * 64, "test:5000/repo"),
    ),
    (
        "test:5000/repo:tag@sha256:" + "f" * 64,
        ("test:5000", "repo", "tag", "sha256:" + "f" * 64, "test:5000/repo"),
    ),
    ("test:5000/repo", ("test:5000", "repo", None, None, "test:5000/repo")),
    ("", None),
    (":justtag", None),
    ("@sha256:" + "f" * 64, None),
    ("repo@sha256:" + "f" * 34, None),
    ("validname@invaliddigest:" + "f" * 64, None),
    (
        "validname@sha512:" + "f" * 128,
        ("docker.io", "library/validname", None, "sha512:" + "f" * 128, "validname"),
    ),
    ("Uppercase:tag", None),
    ("test:5000/Uppercase/lowercase:tag", None),
    ("lowercase:Uppercase", ("docker.io", "library/lowercase", "Uppercase", None, "lowercase")),
    ("domain/" + "a" * 256 + ":tag", None),
    (
        "a/" * 127 + "a:tag-puts-this-over-max",
        ("docker.io", "a/" * 127 + "a", "tag-puts-this-over-max", None, "a/" * 127 + "a"),
    ),
    ("aa/asdf$$^/aa", None),
    (
        "sub-dom1.foo.com/bar/baz/quux",
        ("sub-dom1.foo.com", "bar/baz/quux", None, None, "sub-dom1.foo.com/bar/baz/quux"),
    ),
    (
        "sub-dom1.foo.com/bar/baz/quux:some-long-tag",
        (
            "sub-dom1.foo.com",
            "bar/baz/quux",
            "some-long-tag",
            None,
            "sub-dom1.foo.com/bar/baz/quux",
        ),
    ),
    (
        "b.gcr.io/test.example.com/my-app:test.example.com",
        (
            "b.gcr.io",
            "test.example.com/my-app",
            "test.example.com",
            None,
            "b.gcr.io/test.example.com/my-app",
        ),
    ),
    (
        "xn--n3h.com/myimage:xn--n3h.com",
        ("xn--n3h.com", "myimage", "xn--n3h.com", None, "xn--n3h.com/myimage"),
    ),
    (
        "xn--7o8h.com/myimage:xn--7o8h.com@sha256:" + "f" * 64,
        ("xn--7o8h.com", "myimage", "xn--7o8h.com", "sha256:" + "f" * 64, "xn--7o8h.com/myimage"),
    ),
    ("foo_bar.com:8080", ("docker.io", "library/foo_bar.com", "8080", None, "foo_bar.com")),
    ("foo/foo_bar.com:8080", ("docker.io", "foo/foo_bar.com", "8080", None, "foo/foo_bar.com")),
    ("192.168.1.1", ("docker.io", "library/192.168.1.1", None, None, "192.168.1.1")),
    ("192.168.1.1:tag", ("docker.io", "library/192.168.1.1", "tag", None, "192.168.1.1")),
    ("192.168.1.1:5000", ("docker.io", "library/192.168.1.1", "5000", None, "192.168.1.1")),
    ("192.168.1.1/repo", ("192.168.1.1", "repo", None, None, "192.168.1.1/repo")),
    ("192.168.1.1:5000/repo", ("192.168.1.1:5000", "repo", None, None, "192.168.1.1:5000/repo")),
    (
        "192.168.1.1:5000/repo:5050",
        ("192.168.1.1:5000", "repo", "5050", None, "192.168.1.1:5000/repo"),
    ),
    ("[2001:db8::1]", None),
    ("[2001:db8::1]:5000", None),
    ("[2001:db8::1]:tag", None),
    ("[2001:db8::1]/repo", ("[2001:db8::1]", "repo", None, None, "[2001:db8::1]/repo")),
    (
        "[2001:db8:1:2:3:4:5:6]/repo:tag",
        ("[2001:db8:1:2:3:4:5:6]", "repo", "tag", None, "[2001:db8:1:2:3:4:5:6]/repo"),
    ),
    (
        "[2001:db8::1]:5000/repo",
        ("[2001:db8::1]:5000", "repo", None, None, "[2001:db8::1]:5000/repo"),
    ),
    (
        "[2001:db8::1]:5000/repo:tag",
        ("[2001:db8::1]:5000", "repo", "tag", None, "[2001:db8::1]:5000/repo"),
    ),
    (
        "[2001:db8::1]:5000/repo@sha256:" + "f" * 64,
        ("[2001:db8::1]:5000", "repo", None, "sha256:" + "f" * 64, "[2001:db8::1]:5000/repo"),
    ),
    (
        "[2001:db8::1]:5000/repo:tag@sha256:" + "f" * 64,
        ("[2001:db8::1]:5000", "repo", "tag", "sha256:" + "f" * 64, "[2001:db8::1]:5000/repo"),
    ),
    ("[2001:db8::]:5000/repo", ("[2001:db8::]:5000", "repo", None, None, "[2001:db8::]:5000/repo")),
    ("[::1]:5000/repo", ("[::1]:5000", "repo", None, None, "[::1]:5000/repo")),
    ("[fe80::1%eth0]:5000/repo", None),
    ("[fe80::1%@invalidzone]:5000/repo", None),
    (
        "example.com/" + "a" * 255 + ":tag",
        ("example.com", "a" * 255, "tag", None, "example.com/" + "a" * 255),
    ),
]

WITH_NAME_FAILURE: list[tuple[str, Expected]] = [
    ("", None),
    (":justtag", None),
    ("@sha256:" + "f" * 64, None),
    ("validname@invaliddigest:" + "f" * 64, None),
    ("example.com/" + "a" * 256, None),
    ("aa/asdf$$^/aa", None),
]

DOMAIN_AND_PATH: list[tuple[str, Expected]] = [
    ("test.com/foo", ("test.com", "foo", None, None, "test.com/foo")),
    ("test_com/foo", ("docker.io", "test_com/foo", None, None, "test_com/foo")),
    ("test:8080/foo", ("test:8080", "foo", None, None, "test:8080/foo")),
    ("test.com:8080/foo", ("test.com:8080", "foo", None, None, "test.com:8080/foo")),
    ("test-com:8080/foo", ("test-com:8080", "foo", None, None, "test-com:8080/foo")),
    ("xn--n3h.com:18080/foo", ("xn--n3h.com:18080", "foo", None, None, "xn--n3h.com:18080/foo")),
]

SERIALIZATION: list[tuple[str, Expected]] = [
    ("", None),
    ("example.com:8000/named", ("example.com:8000", "named", None, None, "example.com:8000/named")),
    (
        "example.com:8000/named:tagged",
        ("example.com:8000", "named", "tagged", None, "example.com:8000/named"),
    ),
    (
        "other.com/named@sha256:1234567890098765432112345667890098765432112345667890098765432112",
        (
            "other.com",
            "named",
            None,
            "sha256:1234567890098765432112345667890098765432112345667890098765432112",
            "other.com/named",
        ),
    ),
]

WITH_TAG_DIGEST: list[tuple[str, Expected]] = [
    ("test.com/foo:tag", ("test.com", "foo", "tag", None, "test.com/foo")),
    ("foo:tag2", ("docker.io", "library/foo", "tag2", None, "foo")),
    ("test.com:8000/foo:tag4", ("test.com:8000", "foo", "tag4", None, "test.com:8000/foo")),
    ("test.com:8000/foo:TAG5", ("test.com:8000", "foo", "TAG5", None, "test.com:8000/foo")),
    ("test.com:8000/foo:TAG5@sha256:1234567890098765432112345667890098765", None),
    ("test.com/foo@sha256:1234567890098765432112345667890098765", None),
    ("foo@sha256:1234567890098765432112345667890098765", None),
    ("test.com:8000/foo@sha256:1234567890098765432112345667890098765", None),
    ("test.com:8000/foo:latest@sha256:1234567890098765432112345667890098765", None),
]

PARSE_NAMED: list[tuple[str, Expected]] = [
    ("test.com/foo", ("test.com", "foo", None, None, "test.com/foo")),
    ("test:8080/foo", ("test:8080", "foo", None, None, "test:8080/foo")),
    ("test_com/foo", ("docker.io", "test_com/foo", None, None, "test_com/foo")),
    ("test.com", ("docker.io", "library/test.com", None, None, "test.com")),
    ("foo", ("docker.io", "library/foo", None, None, "foo")),
    ("library/foo", ("docker.io", "library/foo", None, None, "foo")),
    ("docker.io/library/foo", ("docker.io", "library/foo", None, None, "foo")),
    ("docker.io/foo", ("docker.io", "library/foo", None, None, "foo")),
]

VALID_REPO_NAMES: list[tuple[str, Expected]] = [
    ("docker/docker", ("docker.io", "docker/docker", None, None, "docker/docker")),
    ("library/debian", ("docker.io", "library/debian", None, None, "debian")),
    ("debian", ("docker.io", "library/debian", None, None, "debian")),
    (
        "localhost/library/debian",
        ("localhost", "library/debian", None, None, "localhost/library/debian"),
    ),
    ("localhost/debian", ("localhost", "debian", None, None, "localhost/debian")),
    (
        "LOCALDOMAIN/library/debian",
        ("LOCALDOMAIN", "library/debian", None, None, "LOCALDOMAIN/library/debian"),
    ),
    ("LOCALDOMAIN/debian", ("LOCALDOMAIN", "debian", None, None, "LOCALDOMAIN/debian")),
    ("docker.io/docker/docker", ("docker.io", "docker/docker", None, None, "docker/docker")),
    ("docker.io/library/debian", ("docker.io", "library/debian", None, None, "debian")),
    ("docker.io/debian", ("docker.io", "library/debian", None, None, "debian")),
    ("index.docker.io/docker/docker", ("docker.io", "docker/docker", None, None, "docker/docker")),
    ("index.docker.io/library/debian", ("docker.io", "library/debian", None, None, "debian")),
    ("index.docker.io/debian", ("docker.io", "library/debian", None, None, "debian")),
    (
        "127.0.0.1:5000/docker/docker",
        ("127.0.0.1:5000", "docker/docker", None, None, "127.0.0.1:5000/docker/docker"),
    ),
    (
        "127.0.0.1:5000/library/debian",
        ("127.0.0.1:5000", "library/debian", None, None, "127.0.0.1:5000/library/debian"),
    ),
    ("127.0.0.1:5000/debian", ("127.0.0.1:5000", "debian", None, None, "127.0.0.1:5000/debian")),
    ("192.168.0.1", ("docker.io", "library/192.168.0.1", None, None, "192.168.0.1")),
    ("192.168.0.1:80", ("docker.io", "library/192.168.0.1", "80", None, "192.168.0.1")),
    ("192.168.0.1:8/debian", ("192.168.0.1:8", "debian", None, None, "192.168.0.1:8/debian")),
    (
        "192.168.0.2:25000/debian",
        ("192.168.0.2:25000", "debian", None, None, "192.168.0.2:25000/debian"),
    ),
    (
        "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
        (
            "docker.io",
            "library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
            None,
            None,
            "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
        ),
    ),
    ("[fc00::1]:5000/docker", ("[fc00::1]:5000", "docker", None, None, "[fc00::1]:5000/docker")),
    (
        "[fc00::1]:5000/docker/docker",
        ("[fc00::1]:5000", "docker/docker", None, None, "[fc00::1]:5000/docker/docker"),
    ),
    (
        "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
        (
            "[fc00:1:2:3:4:5:6:7]:5000",
            "library/debian",
            None,
            None,
            "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
        ),
    ),
    (
        "docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
        (
            "docker.io",
            "library/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
            None,
            None,
            "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
        ),
    ),
    ("Docker/docker", ("Docker", "docker", None, None, "Docker/docker")),
    ("DOCKER/docker", ("DOCKER", "docker", None, None, "DOCKER/docker")),
]

INVALID_REPO_NAMES: list[tuple[str, Expected]] = [
    ("https://github.com/docker/docker", None),
    ("docker/Docker", None),
    ("-docker", None),
    ("-docker/docker", None),
    ("-docker.io/docker/docker", None),
    ("docker///docker", None),
    ("docker.io/docker/Docker", None),
    ("docker.io/docker///docker", None),
    ("[fc00::1]", None),
    ("[fc00::1]:5000", None),
    ("fc00::1:5000/debian", None),
    ("[fe80::1%eth0]:5000/debian", None),
    ("[2001:db8:3:4::192.0.2.33]:5000/debian", None),
    ("1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", None),
]

VALID_REMOTE_NAMES: list[tuple[str, Expected]] = [
    ("docker/docker", ("docker.io", "docker/docker", None, None, "docker/docker")),
    (
        "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
        (
            "docker.io",
            "library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
            None,
            None,
            "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
        ),
    ),
    (
        "docker-rules/docker",
        ("docker.io", "docker-rules/docker", None, None, "docker-rules/docker"),
    ),
    (
        "docker---rules/docker",
        ("docker.io", "docker---rules/docker", None, None, "docker---rules/docker"),
    ),
    ("doc/docker", ("docker.io", "doc/docker", None, None, "doc/docker")),
    ("d/docker", ("docker.io", "d/docker", None, None, "d/docker")),
    ("jess/t", ("docker.io", "jess/t", None, None, "jess/t")),
    ("dock__er/docker", ("docker.io", "dock__er/docker", None, None, "dock__er/docker")),
]

INVALID_REMOTE_NAMES: list[tuple[str, Expected]] = [
    ("docker/Docker", None),
    ("docker///docker", None),
    ("1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", None),
    ("-docker/docker", None),
    ("docker-/docker", None),
    ("-docker-/docker", None),
    ("____/____", None),
    ("_docker/_docker", None),
    ("dock..er/docker", None),
    ("dock_.er/docker", None),
    ("dock-.er/docker", None),
    ("docker/", None),
    (
        "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker",
        None,
    ),
]

ANY_REFERENCE: list[tuple[str, Expected]] = [
    ("redis", ("docker.io", "library/redis", None, None, "redis")),
    ("redis:latest", ("docker.io", "library/redis", "latest", None, "redis")),
    ("docker.io/library/redis:latest", ("docker.io", "library/redis", "latest", None, "redis")),
    (
        "redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        (
            "docker.io",
            "library/redis",
            None,
            "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
            "redis",
        ),
    ),
    (
        "docker.io/library/redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        (
            "docker.io",
            "library/redis",
            None,
            "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
            "redis",
        ),
    ),
    ("dmcgowan/myapp", ("docker.io", "dmcgowan/myapp", None, None, "dmcgowan/myapp")),
    ("dmcgowan/myapp:latest", ("docker.io", "dmcgowan/myapp", "latest", None, "dmcgowan/myapp")),
    (
        "docker.io/mcgowan/myapp:latest",
        ("docker.io", "mcgowan/myapp", "latest", None, "mcgowan/myapp"),
    ),
    (
        "dmcgowan/myapp@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        (
            "docker.io",
            "dmcgowan/myapp",
            None,
            "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
            "dmcgowan/myapp",
        ),
    ),
    (
        "docker.io/dmcgowan/myapp@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        (
            "docker.io",
            "dmcgowan/myapp",
            None,
            "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
            "dmcgowan/myapp",
        ),
    ),
    ("dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c", None),
    (
        "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        (
            "docker.io",
            "library/sha256",
            "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
            None,
            "sha256",
        ),
    ),
    (
        "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9",
        (
            "docker.io",
            "library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9",
            None,
            None,
            "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9",
        ),
    ),
    ("dbcc1", ("docker.io", "library/dbcc1", None, None, "dbcc1")),
]

NORMALIZED_SPLIT: list[tuple[str, Expected]] = [
    ("test.com/foo", ("test.com", "foo", None, None, "test.com/foo")),
    ("test_com/foo", ("docker.io", "test_com/foo", None, None, "test_com/foo")),
    ("docker/migrator", ("docker.io", "docker/migrator", None, None, "docker/migrator")),
    ("test.com:8080/foo", ("test.com:8080", "foo", None, None, "test.com:8080/foo")),
    ("test-com:8080/foo", ("test-com:8080", "foo", None, None, "test-com:8080/foo")),
    ("foo", ("docker.io", "library/foo", None, None, "foo")),
    ("xn--n3h.com/foo", ("xn--n3h.com", "foo", None, None, "xn--n3h.com/foo")),
    ("xn--n3h.com:18080/foo", ("xn--n3h.com:18080", "foo", None, None, "xn--n3h.com:18080/foo")),
    ("docker.io/foo", ("docker.io", "library/foo", None, None, "foo")),
    ("docker.io/library/foo", ("docker.io", "library/foo", None, None, "foo")),
    ("docker.io/library/foo/bar", ("docker.io", "library/foo/bar", None, None, "library/foo/bar")),
]

INVALID_COMPONENTS: list[tuple[str, Expected]] = [
    ("-foo", None),
    ("busybox:-foo", None),
    ("busybox@foo", None),
]


@pytest.mark.parametrize(("ref", "expected"), REFERENCE_PARSE, ids=_ids(REFERENCE_PARSE))
def test_reference_parse(ref: str, expected: Expected) -> None:
    _check(ref, expected)


# reference_test.go TestWithNameFailure: names WithName refuses. Its case
# 'example.com/repo:tag' is left out below and skipped: WithName takes a bare
# name, so it refuses any tag, but as an image reference that is valid.
@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        *WITH_NAME_FAILURE,
        pytest.param(
            "example.com/repo:tag",
            None,
            marks=pytest.mark.skip(reason="WithName refuses tags; a valid image reference"),
        ),
    ],
)
def test_with_name_failure(ref: str, expected: Expected) -> None:
    _check(ref, expected)


# reference_test.go TestDomainAndPath (WithName: 'test_com/foo' has no domain
# there, docker.io under Docker).
@pytest.mark.parametrize(("ref", "expected"), DOMAIN_AND_PATH, ids=_ids(DOMAIN_AND_PATH))
def test_domain_and_path(ref: str, expected: Expected) -> None:
    _check(ref, expected)


# reference_test.go TestSerialization (the references it round-trips).
@pytest.mark.parametrize(("ref", "expected"), SERIALIZATION, ids=_ids(SERIALIZATION))
def test_serialization(ref: str, expected: Expected) -> None:
    _check(ref, expected)


# reference_test.go TestWithTag and TestWithDigest, as the combined strings.
# WithDigest checks only the grammar, so the Go tests use 39-digit "sha256"
# digests; parsed as references (go-digest's length check) they are invalid.
@pytest.mark.parametrize(("ref", "expected"), WITH_TAG_DIGEST, ids=_ids(WITH_TAG_DIGEST))
def test_with_tag_and_digest_strings(ref: str, expected: Expected) -> None:
    _check(ref, expected)


# reference_test.go TestParseNamed. ParseNamed also demands the canonical
# spelling (it rejects 'foo' for 'docker.io/library/foo'); all of these are
# valid references and normalise as shown.
@pytest.mark.parametrize(("ref", "expected"), PARSE_NAMED, ids=_ids(PARSE_NAMED))
def test_parse_named(ref: str, expected: Expected) -> None:
    _check(ref, expected)


# normalize_test.go TestValidateReferenceName and TestValidateRemoteName.
@pytest.mark.parametrize(
    ("ref", "expected"),
    VALID_REPO_NAMES + INVALID_REPO_NAMES,
    ids=_ids(VALID_REPO_NAMES + INVALID_REPO_NAMES),
)
def test_validate_reference_name(ref: str, expected: Expected) -> None:
    _check(ref, expected)


@pytest.mark.parametrize(
    ("ref", "expected"),
    VALID_REMOTE_NAMES + INVALID_REMOTE_NAMES,
    ids=_ids(VALID_REMOTE_NAMES + INVALID_REMOTE_NAMES),
)
def test_validate_remote_name(ref: str, expected: Expected) -> None:
    _check(ref, expected)


# normalize_test.go TestParseAnyReference. ParseAnyReference reads a bare
# 64-hex string and 'sha256:<hex>' as digests; the FROM parser does not: the
# first is refused, the second is the image 'sha256' with a 64-character tag.
@pytest.mark.parametrize(("ref", "expected"), ANY_REFERENCE, ids=_ids(ANY_REFERENCE))
def test_parse_any_reference(ref: str, expected: Expected) -> None:
    _check(ref, expected)


# normalize_test.go TestNormalizedSplitHostname.
@pytest.mark.parametrize(("ref", "expected"), NORMALIZED_SPLIT, ids=_ids(NORMALIZED_SPLIT))
def test_normalized_split_hostname(ref: str, expected: Expected) -> None:
    _check(ref, expected)


# normalize_test.go TestInvalidReferenceComponents ('-foo' as a name, as a tag
# via WithTag, and 'foo' as a digest via WithDigest).
@pytest.mark.parametrize(("ref", "expected"), INVALID_COMPONENTS, ids=_ids(INVALID_COMPONENTS))
def test_invalid_reference_components(ref: str, expected: Expected) -> None:
    _check(ref, expected)


# normalize_test.go TestParseRepositoryInfo:
# (remote name, familiar name, full name, ambiguous name or "", domain).
REPOSITORY_INFO: list[tuple[str, str, str, str, str]] = [
    ("fooo", "localhost/fooo", "localhost/fooo", "localhost/fooo", "localhost"),
    ("fooo/bar", "localhost/fooo/bar", "localhost/fooo/bar", "localhost/fooo/bar", "localhost"),
    ("fooo", "LOCALDOMAIN/fooo", "LOCALDOMAIN/fooo", "LOCALDOMAIN/fooo", "LOCALDOMAIN"),
    (
        "fooo/bar",
        "LOCALDOMAIN/fooo/bar",
        "LOCALDOMAIN/fooo/bar",
        "LOCALDOMAIN/fooo/bar",
        "LOCALDOMAIN",
    ),
    ("fooo/bar", "fooo/bar", "docker.io/fooo/bar", "index.docker.io/fooo/bar", "docker.io"),
    ("library/ubuntu", "ubuntu", "docker.io/library/ubuntu", "library/ubuntu", "docker.io"),
    ("nonlibrary/ubuntu", "nonlibrary/ubuntu", "docker.io/nonlibrary/ubuntu", "", "docker.io"),
    ("other/library", "other/library", "docker.io/other/library", "", "docker.io"),
    (
        "private/moonbase",
        "127.0.0.1:8000/private/moonbase",
        "127.0.0.1:8000/private/moonbase",
        "",
        "127.0.0.1:8000",
    ),
    (
        "privatebase",
        "127.0.0.1:8000/privatebase",
        "127.0.0.1:8000/privatebase",
        "",
        "127.0.0.1:8000",
    ),
    (
        "private/moonbase",
        "example.com/private/moonbase",
        "example.com/private/moonbase",
        "",
        "example.com",
    ),
    ("privatebase", "example.com/privatebase", "example.com/privatebase", "", "example.com"),
    (
        "private/moonbase",
        "example.com:8000/private/moonbase",
        "example.com:8000/private/moonbase",
        "",
        "example.com:8000",
    ),
    (
        "privatebasee",
        "example.com:8000/privatebasee",
        "example.com:8000/privatebasee",
        "",
        "example.com:8000",
    ),
    (
        "library/ubuntu-12.04-base",
        "ubuntu-12.04-base",
        "docker.io/library/ubuntu-12.04-base",
        "index.docker.io/library/ubuntu-12.04-base",
        "docker.io",
    ),
    ("library/foo", "foo", "docker.io/library/foo", "docker.io/foo", "docker.io"),
    ("library/foo/bar", "library/foo/bar", "docker.io/library/foo/bar", "", "docker.io"),
    ("store/foo/bar", "store/foo/bar", "docker.io/store/foo/bar", "", "docker.io"),
    ("bar", "Foo/bar", "Foo/bar", "", "Foo"),
    ("bar", "FOO/bar", "FOO/bar", "", "FOO"),
]


def _repository_info_params() -> list[object]:
    params: list[object] = []
    for i, (remote, familiar, full, ambiguous, domain) in enumerate(REPOSITORY_INFO):
        for ref in (familiar, full, ambiguous):
            if ref:
                params.append(pytest.param(ref, remote, familiar, full, domain, id=f"{i}/{ref}"))
    return params


@pytest.mark.parametrize(("ref", "remote", "familiar", "full", "domain"), _repository_info_params())
def test_parse_repository_info(
    ref: str, remote: str, familiar: str, full: str, domain: str
) -> None:
    image = parse_image(ref)
    assert image.familiar_name == familiar
    assert image.name == full
    assert image.domain == domain
    assert image.repository == remote


# normalize_test.go TestParseReferenceWithTagAndDigest.
def test_parse_reference_with_tag_and_digest() -> None:
    digest = "sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa"
    image = parse_image("busybox:latest@" + digest)
    assert image.name == "docker.io/library/busybox"
    assert image.tag == "latest"
    assert image.digest == digest
    assert image.is_pinned_by_digest


# normalize_test.go TestParseDockerRef: name, then '@digest' when there is
# one (a tag next to a digest is dropped), else ':tag' defaulting to latest.
_E6 = "sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582"
DOCKER_REF: list[tuple[str, str]] = [
    ("busybox", "docker.io/library/busybox:latest"),
    ("busybox:latest", "docker.io/library/busybox:latest"),
    ("busybox@" + _E6, "docker.io/library/busybox@" + _E6),
    ("library/busybox", "docker.io/library/busybox:latest"),
    ("docker.io/busybox", "docker.io/library/busybox:latest"),
    ("docker.io/library/busybox", "docker.io/library/busybox:latest"),
    ("docker.io/busybox:latest", "docker.io/library/busybox:latest"),
    ("library/busybox:latest", "docker.io/library/busybox:latest"),
    ("docker.io/library/busybox:latest", "docker.io/library/busybox:latest"),
    ("gcr.io/library/busybox", "gcr.io/library/busybox:latest"),
    ("gcr.io/library/busybox:latest@" + _E6, "gcr.io/library/busybox@" + _E6),
]


@pytest.mark.parametrize(("ref", "expected"), DOCKER_REF, ids=[r[:40] for r, _ in DOCKER_REF])
def test_parse_docker_ref(ref: str, expected: str) -> None:
    image = parse_image(ref)
    suffix = f"@{image.digest}" if image.digest else f":{image.tag or 'latest'}"
    assert image.name + suffix == expected


# --------------------------------------------------------------------------
# dlint's own cases.
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "registry", "path", "tag", "digest"),
    [
        ("scratch", None, "scratch", None, None),  # a name; callers treat it specially
        ("python:3.12-slim", None, "python", "3.12-slim", None),
        ("localhost:5000/team/app", "localhost:5000", "team/app", None, None),
        ("registry:5000/img", "registry:5000", "img", None, None),
        ("registry:5000/img:1.0", "registry:5000", "img", "1.0", None),
        ("img:5000", None, "img", "5000", None),
        ("[::1]:5000/x", "[::1]:5000", "x", None, None),
        ("ghcr.io/x/y:v1@sha256:" + "a" * 64, "ghcr.io", "x/y", "v1", "sha256:" + "a" * 64),
        ("x@sha384:" + "0" * 96, None, "x", None, "sha384:" + "0" * 96),
        ("a--b__c/d.e-f", None, "a--b__c/d.e-f", None, None),
        ("UPPER.example.com/app", "UPPER.example.com", "app", None, None),
    ],
)
def test_fields_as_written(
    ref: str, registry: str | None, path: str, tag: str | None, digest: str | None
) -> None:
    image = parse_image(ref)
    assert (image.registry, image.path, image.tag, image.digest) == (registry, path, tag, digest)
    assert image.is_pinned_by_digest == (digest is not None)


@pytest.mark.parametrize(
    ("ref", "familiar", "repository"),
    [
        ("python", "python", "library/python"),
        ("team/app", "team/app", "team/app"),
        ("ghcr.io/x/y", "ghcr.io/x/y", "x/y"),
        ("index.docker.io/library/python", "python", "library/python"),
        ("docker.io/team/app:1", "team/app", "team/app"),
        ("localhost/app", "localhost/app", "app"),
    ],
)
def test_normalised_names(ref: str, familiar: str, repository: str) -> None:
    image = parse_image(ref)
    assert image.familiar_name == familiar
    assert image.repository == repository


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("Python:3", "must be lowercase"),
        ("team/App", "must be lowercase"),
        ("python:", "tag after ':' is empty"),
        ("python:-x", "must start with a letter, digit or '_'"),
        ("python:a/b", "port 'a' is not a number"),  # ':' before '/': a registry port
        ("python:" + "a" * 129, "maximum is 128"),
        ("python@sha256:" + "a" * 63, "must have 64 hex characters, not 63"),
        ("python@sha256:" + "A" * 64, "lower-case hex"),
        ("python@sha256:" + "g" * 64, "not a hex digit"),
        ("python@md5:" + "a" * 32, "unsupported digest algorithm 'md5'"),
        ("python@sha256", "no ':'"),
        ("python@1sha:" + "a" * 64, "malformed"),
        ("host:port/app", "port 'port' is not a number"),
        ("host:/app", "empty port"),
        ("my_registry.com/app", "contains '_'"),
        ("-bad.com/app", "starting or ending with '-'"),
        ("[::1/app", "without ']'"),
        ("[::g]:5000/app", "IPv6"),
        ("a/" + "b" * 255, "maximum is 255"),
        ("b" * 248, "maximum is 255"),  # library/ + 248 characters
        ("a..b", "separator '..'"),
        ("a//b", "empty component"),
        ("", "empty"),
        (":tag", "repository name is empty"),
        ("0123456789abcdef" * 4, "image ID"),
    ],
)
def test_error_messages(ref: str, message: str) -> None:
    result = try_parse_image(ref)
    assert isinstance(result, InvalidReference)
    assert message in str(result)
    assert result.reference == ref


def test_longest_valid_lengths() -> None:
    assert parse_image("b" * 247).repository == "library/" + "b" * 247
    assert parse_image("example.com/" + "a" * 255).path == "a" * 255
    assert parse_image("x:" + "t" * 128).tag == "t" * 128


def test_linear_time() -> None:
    started = time.perf_counter()
    for bad in (
        "a" + "-a" * 100000 + "!",
        "a." * 100000,
        "x" * 200000 + ":" + "t" * 200000,
        "x@sha256:" + "a" * 200000,
    ):
        assert isinstance(try_parse_image(bad), InvalidReference)
    # distribution sets no limit on a host name's length.
    assert parse_image("h" + ".h" * 100000 + "/x").path == "x"
    assert time.perf_counter() - started < 5
