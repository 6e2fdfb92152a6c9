"""Image references, ``[HOST[:PORT]/]PATH[:TAG][@DIGEST]``, as Docker reads them.

This follows distribution/reference's ``ParseNormalizedNamed`` (the parser
BuildKit runs on FROM, ``COPY --from`` and ``--mount=from``) together with
go-digest's checks, so that a reference dlint accepts is one the build
accepts. It is a hand-written scanner rather than the upstream regular
expressions, for two reasons: every error can say exactly what is wrong, and
the work is linear in the input whatever it holds.

The rules:

* The first ``/``-separated component is a registry only if it contains ``.``
  or ``:``, is ``localhost``, or has upper-case letters; otherwise the name is
  on Docker Hub, and a one-component name is an official image
  (``python`` -> ``docker.io/library/python``).
* A registry is DNS-like labels (letters, digits, inner ``-``) joined by
  ``.``, or a bracketed IPv6 address, with an optional ``:port`` of digits.
* Path components are lower-case letters and digits joined by ``.``, ``_``,
  ``__`` or any run of ``-``. The normalised path (``library/python``) may
  have at most 255 characters.
* A tag is ``[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}``. A colon after the last ``/``
  starts the tag, so ``registry:5000/img`` has no tag but ``img:5000`` has.
* A digest is ``algorithm:hex``: sha256 (64 hex digits), sha384 (96) or
  sha512 (128), lower-case hex only. A tag and a digest may both be given.
* A bare 64-hex-digit string is refused (it would be read as an image ID).

One deliberate difference: a first component that must be a registry but is
not a valid host (``my_registry.com/app``) is an error here. distribution
quietly reparses it as a Docker Hub path, which no registry can serve.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ImageRef", "InvalidReference", "parse_image", "try_parse_image"]

DEFAULT_DOMAIN = "docker.io"
LEGACY_DEFAULT_DOMAIN = "index.docker.io"
OFFICIAL_PREFIX = "library/"
MAX_PATH_LENGTH = 255
MAX_TAG_LENGTH = 128
# go-digest's registered algorithms and their hex lengths.
DIGEST_HEX_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}

_LOWER_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_ALNUM = _LOWER_ALNUM | frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_WORD = _ALNUM | {"_"}
_TAG_CHARS = _WORD | {".", "-"}
_HEX = frozenset("0123456789abcdefABCDEF")
_LOWER_HEX = frozenset("0123456789abcdef")
_DIGITS = frozenset("0123456789")


class InvalidReference(ValueError):
    """An image reference Docker would refuse; the message says why."""

    def __init__(self, reference: str, reason: str) -> None:
        super().__init__(f"invalid image reference {reference!r}: {reason}")
        self.reference = reference
        self.reason = reason


@dataclass(frozen=True)
class ImageRef:
    """A parsed image reference; the fields keep the text as written."""

    raw: str
    registry: str | None
    path: str
    tag: str | None
    digest: str | None

    @property
    def domain(self) -> str:
        """The registry to pull from (Docker Hub when none is written)."""
        if self.registry is None or self.registry == LEGACY_DEFAULT_DOMAIN:
            return DEFAULT_DOMAIN
        return self.registry

    @property
    def repository(self) -> str:
        """The path on that registry: ``library/python`` for an official image."""
        if self.domain == DEFAULT_DOMAIN and "/" not in self.path:
            return OFFICIAL_PREFIX + self.path
        return self.path

    @property
    def name(self) -> str:
        """The fully qualified name, ``docker.io/library/python``."""
        return f"{self.domain}/{self.repository}"

    @property
    def familiar_name(self) -> str:
        """The short name Docker shows: ``python``, ``team/app``, ``ghcr.io/x/y``."""
        if self.domain != DEFAULT_DOMAIN:
            return self.name
        repo = self.repository
        rest = repo[len(OFFICIAL_PREFIX) :]
        if repo.startswith(OFFICIAL_PREFIX) and "/" not in rest:
            return rest
        return repo

    @property
    def is_pinned_by_digest(self) -> bool:
        """True when the digest fixes the image content (a tag is then ignored)."""
        return self.digest is not None


def _check_digest(digest: str) -> str | None:
    """Why ``digest`` is not ``algorithm:hex`` as Docker accepts it, or None."""
    algorithm, colon, hexpart = digest.partition(":")
    if not colon:
        return f"digest {digest!r} has no ':' between algorithm and hex value"
    if not algorithm:
        return f"digest {digest!r} has no algorithm"
    # Grammar: [A-Za-z][A-Za-z0-9]* components joined by one of - _ + .
    prev = "+"
    for ch in algorithm:
        if ch in "-_+.":
            if prev in "-_+.":
                return f"digest algorithm {algorithm!r} is malformed"
        elif ch not in _ALNUM or (prev in "-_+." and ch in _DIGITS):
            return f"digest algorithm {algorithm!r} is malformed"
        prev = ch
    if prev in "-_+.":
        return f"digest algorithm {algorithm!r} is malformed"
    if not hexpart:
        return f"digest {digest!r} has no hex value"
    for ch in hexpart:
        if ch not in _HEX:
            return f"digest contains {ch!r}, which is not a hex digit"
    expected = DIGEST_HEX_LENGTHS.get(algorithm)
    if expected is None:
        if len(hexpart) < 32:
            return f"digest hex value has {len(hexpart)} characters; at least 32 are needed"
        known = ", ".join(DIGEST_HEX_LENGTHS)
        return f"unsupported digest algorithm {algorithm!r} (supported: {known})"
    if len(hexpart) != expected:
        return f"{algorithm} digest must have {expected} hex characters, not {len(hexpart)}"
    if any(ch not in _LOWER_HEX for ch in hexpart):
        return f"{algorithm} digest must use lower-case hex"
    return None


def _check_tag(tag: str) -> str | None:
    """Why ``tag`` is not ``[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}``, or None."""
    if not tag:
        return "the tag after ':' is empty"
    if tag[0] not in _WORD:
        return f"tag {tag!r} must start with a letter, digit or '_'"
    for ch in tag:
        if ch not in _TAG_CHARS:
            return f"tag {tag!r} contains {ch!r}; only letters, digits, '_', '.', '-'"
    if len(tag) > MAX_TAG_LENGTH:
        return f"tag is {len(tag)} characters long; the maximum is {MAX_TAG_LENGTH}"
    return None


def _check_host(domain: str) -> str | None:
    """Why ``domain`` is not ``host[:port]`` (DNS name or [IPv6]), or None."""
    if domain.startswith("["):
        close = domain.find("]")
        if close < 0:
            return f"registry {domain!r} has '[' without ']'"
        inner = domain[1:close]
        if not inner or any(ch not in _HEX and ch != ":" for ch in inner):
            return f"registry {domain!r} is not a valid bracketed IPv6 address"
        after = domain[close + 1 :]
        if after and not after.startswith(":"):
            return f"registry {domain!r} has text after the IPv6 address"
        port = after[1:] if after else None
    else:
        host, colon, port_text = domain.partition(":")
        port = port_text if colon else None
        if not host:
            return f"registry {domain!r} has an empty host name"
        for label in host.split("."):
            if not label:
                return f"registry host {host!r} has an empty label"
            bad = next((ch for ch in label if ch not in _ALNUM and ch != "-"), None)
            if bad is not None:
                return f"registry host {host!r} contains {bad!r}"
            if label[0] == "-" or label[-1] == "-":
                return f"registry host {host!r} has a label starting or ending with '-'"
    if port is not None:
        if not port:
            return f"registry {domain!r} has an empty port"
        if any(ch not in _DIGITS for ch in port):
            return f"registry port {port!r} is not a number"
    return None


def _check_component(comp: str) -> str | None:
    """Why a path component is not lower-case alnum runs joined by separators."""
    if not comp:
        return "the repository path has an empty component (a doubled or trailing '/')"
    upper = next((ch for ch in comp if "A" <= ch <= "Z"), None)
    if upper is not None:
        return f"repository name must be lowercase: {comp!r} contains {upper!r}"
    bad = next((ch for ch in comp if ch not in _LOWER_ALNUM and ch not in "._-"), None)
    if bad is not None:
        return f"path component {comp!r} contains {bad!r}"
    if comp[0] not in _LOWER_ALNUM:
        return f"path component {comp!r} must start with a letter or digit"
    if comp[-1] not in _LOWER_ALNUM:
        return f"path component {comp!r} must end with a letter or digit"
    i = 0
    n = len(comp)
    while i < n:
        if comp[i] in _LOWER_ALNUM:
            i += 1
            continue
        j = i
        while j < n and comp[j] not in _LOWER_ALNUM:
            j += 1
        sep = comp[i:j]
        if sep not in (".", "_", "__") and set(sep) != {"-"}:
            return f"path component {comp!r} has separator {sep!r}; use '.', '_', '__' or dashes"
        i = j
    return None


def parse_image(ref: str) -> ImageRef:
    """Parse ``ref`` as Docker does; raises InvalidReference saying what is wrong."""

    def fail(reason: str) -> InvalidReference:
        return InvalidReference(ref, reason)

    if not ref:
        raise fail("the reference is empty")
    if len(ref) == 64 and all(ch in _LOWER_HEX for ch in ref):
        raise fail("a 64-character hex string is an image ID, not a repository name")
    name_tag, at, digest_text = ref.partition("@")
    digest: str | None = None
    if at:
        reason = _check_digest(digest_text)
        if reason:
            raise fail(reason)
        digest = digest_text
    tag: str | None = None
    name = name_tag
    colon = name_tag.rfind(":")
    if colon > name_tag.rfind("/"):
        name, tag = name_tag[:colon], name_tag[colon + 1 :]
        reason = _check_tag(tag)
        if reason:
            raise fail(reason)
    if not name:
        raise fail("the repository name is empty")
    first, slash, rest = name.partition("/")
    registry: str | None = None
    path = name
    if slash and (first == "localhost" or "." in first or ":" in first or first.lower() != first):
        registry, path = first, rest
        reason = _check_host(first)
        if reason:
            raise fail(reason)
    for comp in path.split("/"):
        reason = _check_component(comp)
        if reason:
            raise fail(reason)
    image = ImageRef(ref, registry, path, tag, digest)
    if len(image.repository) > MAX_PATH_LENGTH:
        raise fail(
            f"repository path is {len(image.repository)} characters long; "
            f"the maximum is {MAX_PATH_LENGTH}"
        )
    return image


def try_parse_image(ref: str) -> ImageRef | InvalidReference:
    """Like parse_image, but returns the error instead of raising it."""
    try:
        return parse_image(ref)
    except InvalidReference as err:
        return err
