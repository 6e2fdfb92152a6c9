"""``--name[=value]`` flags: extraction, spans, options, and which are allowed."""

from __future__ import annotations

from dlint.model import Span
from dlint.parser import parse


def _flags(text: str, index: int = 0) -> list[tuple[str, object]]:
    inst = parse(text).instructions[index]
    return [(f.name, f.value) for f in inst.flags]


def test_mount_options_are_split_and_spans_exact() -> None:
    df = parse("RUN --mount=type=cache,target=/root/.cache,sharing=locked --network=none pip x\n")
    [run] = df.instructions
    mount, network = run.flags
    assert mount.options == (("type", "cache"), ("target", "/root/.cache"), ("sharing", "locked"))
    assert mount.option("target") == "/root/.cache"
    assert mount.span == Span(1, 5, 1, 58)
    assert (network.name, network.value, network.options) == ("network", "none", ())
    assert run.args == "pip x"
    assert run.args_map.position(0) == (1, 74)
    assert df.errors == ()


def test_bare_option_and_quoted_csv_value() -> None:
    # The flag word loses its quotes first (extractBuilderFlags), so only quotes
    # that survive that step group a comma for the CSV reader, as in BuildKit.
    [run] = parse('RUN --mount=type=secret,id=x,required,TARGET="/a,b" cat\n').instructions
    assert run.flags[0].options == (
        ("type", "secret"),
        ("id", "x"),
        ("required", ""),
        ("target", "/a"),
        ("b", ""),
    )
    [run] = parse("RUN --mount='type=bind,\"source=a,b\"' cat\n").instructions
    assert run.flags[0].options == (("type", "bind"), ("source", "a,b"))


def test_copy_and_add_flags() -> None:
    text = (
        "FROM a\n"
        "COPY --from=build --chown=1:1 --chmod=755 --link --parents --exclude=*.md "
        "--exclude=*.txt . /app\n"
        "ADD --checksum=sha256:abc --keep-git-dir=true --unpack=false --link=false "
        "https://x/y.tar /y\n"
    )
    df = parse(text)
    assert _flags(text, 1) == [
        ("from", "build"),
        ("chown", "1:1"),
        ("chmod", "755"),
        ("link", None),
        ("parents", None),
        ("exclude", "*.md"),
        ("exclude", "*.txt"),
    ]
    assert [f.value for f in df.instructions[1].flags_named("exclude")] == ["*.md", "*.txt"]
    assert _flags(text, 2) == [
        ("checksum", "sha256:abc"),
        ("keep-git-dir", "true"),
        ("unpack", "false"),
        ("link", "false"),
    ]
    assert df.errors == ()


def test_healthcheck_flags_and_run_security_and_device() -> None:
    text = (
        "FROM a\nHEALTHCHECK --interval=5s --timeout=3s --start-period=1s "
        "--start-interval=2s --retries=3 CMD curl -f http://x/\n"
        "RUN --security=insecure --device=name,required x\n"
    )
    df = parse(text)
    assert [f.name for f in df.instructions[1].flags] == [
        "interval",
        "timeout",
        "start-period",
        "start-interval",
        "retries",
    ]
    assert df.instructions[2].flag("device") is not None
    assert df.instructions[2].flags[1].options == (("name", ""), ("required", ""))
    assert df.errors == ()


def test_from_platform() -> None:
    [from_] = parse("FROM --platform=$BUILDPLATFORM golang:1 AS build\n").instructions
    assert from_.platform == "$BUILDPLATFORM"
    assert from_.flags[0].span == Span(1, 6, 1, 31)
    assert (from_.image, from_.stage_name) == ("golang:1", "build")


def test_quotes_and_escapes_in_flag_words() -> None:
    [copy] = parse('COPY --chown="a b" --from=x\\ y src dst\n').instructions
    assert [(f.name, f.value) for f in copy.flags] == [("chown", "a b"), ("from", "x y")]
    assert copy.flags[0].span == Span(1, 6, 1, 19)


def test_double_dash_ends_the_flags() -> None:
    [run] = parse("RUN --network=none -- --not-a-flag\n").instructions
    assert [f.name for f in run.flags] == ["network"]
    assert run.args == "--not-a-flag"


def test_flags_stop_at_the_first_non_flag_word() -> None:
    [run] = parse("RUN echo --mount=x\n").instructions
    assert run.flags == ()
    assert run.args == "echo --mount=x"


def test_flags_over_continuation_lines() -> None:
    [run] = parse("RUN \\\n  --mount=type=bind,source=a,target=/b \\\n  make\n").instructions
    assert run.flags[0].span == Span(2, 3, 2, 39)
    assert run.args == "make"


def test_flag_errors_follow_buildkit() -> None:
    cases = {
        "FROM a\nRUN --user=x y\n": ("unknown flag: --user", Span(2, 5, 2, 13)),
        "FROM a\nCOPY --from a b\n": ("missing a value on flag: --from", Span(2, 6, 2, 12)),
        "FROM a\nCOPY --link=maybe a b\n": (
            "expecting boolean value for flag --link, not: maybe",
            Span(2, 6, 2, 18),
        ),
        "FROM a\nCOPY --from=a --from=b a b\n": (
            "duplicate flag specified: --from",
            Span(2, 15, 2, 23),
        ),
        "FROM a\nENV --x=1 A=b\n": ("unknown flag: --x", Span(2, 5, 2, 10)),
    }
    for text, expected in cases.items():
        assert [(e.message, e.span) for e in parse(text).errors] == [expected], text


def test_flags_buildkit_never_checks() -> None:
    assert parse("FROM a\nARG --foo X\nSTOPSIGNAL --x 9\nHEALTHCHECK --bar NONE\n").errors == ()
