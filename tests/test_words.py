"""Tests for dlint.words, BuildKit's builder-side word lexer.

Most cases are BuildKit's own test data (moby/buildkit, Apache-2.0), copied as
data from ``frontend/dockerfile/shell/envVarTest``, ``wordsTest`` and the
tables in ``lex_test.go`` (commit 73ed6825c4b7569379ef89df0aedcdbe64473d31).
The rest pin behaviour checked by running lex.go itself side by side.
"""

from __future__ import annotations

import time

import pytest

from dlint.words import (
    Env,
    ExpansionError,
    RawWord,
    expand,
    expand_strict,
    expand_words,
    expand_words_strict,
    references,
    split_words,
    substitution_error,
)

# --------------------------------------------------------------------------
# envVarTest: (platform, input, expected); None means BuildKit reports an error.
# Platform A = all, U = Unix only, W = Windows only.
# --------------------------------------------------------------------------

ENV_VAR_TEST_ENV: dict[str, str | None] = {
    "PWD": "/home",
    "SHELL": "bash",
    "KOREAN": "한국어",
    "NULL": "",
}

ENV_VAR_TEST: list[tuple[str, str, str | None]] = [
    ("A", "hello", "hello"),
    ("A", "he'll'o", "hello"),
    ("A", "he'llo", None),
    ("A", "he\\'llo", "he'llo"),
    ("A", "he\\\\'llo", None),
    ("A", "abc\\tdef", "abctdef"),
    ("A", '"abc\\tdef"', "abc\\tdef"),
    ("A", '"abc\\\\tdef"', "abc\\tdef"),
    ("A", "'abc\\tdef'", "abc\\tdef"),
    ("A", "hello\\", "hello"),
    ("A", "hello\\\\", "hello\\"),
    ("A", '"hello', None),
    ("A", '"hello\\"', None),
    ("A", '"hel\'lo"', "hel'lo"),
    ("A", "'hello", None),
    ("A", "'hello\\'", "hello\\"),
    ("A", "'hello\\there'", "hello\\there"),
    ("A", "'hello\\\\there'", "hello\\\\there"),
    ("A", "\"''\"", "''"),
    ("A", "$.", "$."),
    ("A", "he$1x", "hex"),
    ("A", "he$.x", "he$.x"),
    ("U", "he$pwd.", "he."),
    ("W", "he$pwd.", "he/home."),
    ("A", "he$PWD", "he/home"),
    ("A", "he\\$PWD", "he$PWD"),
    ("A", "he\\\\$PWD", "he\\/home"),
    ("A", '"he\\$PWD"', "he$PWD"),
    ("A", '"he\\\\$PWD"', "he\\/home"),
    ("A", "\\${}", "${}"),
    ("A", "\\${}aaa", "${}aaa"),
    ("A", "he\\${}", "he${}"),
    ("A", "he\\${}xx", "he${}xx"),
    ("A", "${}", None),
    ("A", "${}aaa", None),
    ("A", "he${}", None),
    ("A", "he${}xx", None),
    ("A", "he${hi}", "he"),
    ("A", "he${hi}xx", "hexx"),
    ("A", "he${PWD}", "he/home"),
    ("A", "he${.}", None),
    ("A", "he${XXX:-000}xx", "he000xx"),
    ("A", "he${PWD:-000}xx", "he/homexx"),
    ("A", "he${XXX:-$PWD}xx", "he/homexx"),
    ("A", "he${XXX:-${PWD:-yyy}}xx", "he/homexx"),
    ("A", "he${XXX:-${YYY:-yyy}}xx", "heyyyxx"),
    ("A", "he${XXX:YYY}", None),
    ("A", "he${XXX?}", None),
    ("A", "he${XXX:?}", None),
    ("A", "he${PWD?}", "he/home"),
    ("A", "he${PWD:?}", "he/home"),
    ("A", "he${NULL?}", "he"),
    ("A", "he${NULL:?}", None),
    ("A", "he${XXX:+${PWD}}xx", "hexx"),
    ("A", "he${PWD:+${XXX}}xx", "hexx"),
    ("A", "he${PWD:+${SHELL}}xx", "hebashxx"),
    ("A", "he${XXX:+000}xx", "hexx"),
    ("A", "he${PWD:+000}xx", "he000xx"),
    ("A", "'he${XX}'", "he${XX}"),
    ("A", '"he${PWD}"', "he/home"),
    ("A", "\"he'$PWD'\"", "he'/home'"),
    ("A", '"$PWD"', "/home"),
    ("A", "'$PWD'", "$PWD"),
    ("A", "'\\$PWD'", "\\$PWD"),
    ("A", "'\"hello\"'", '"hello"'),
    ("A", "he\\$PWD", "he$PWD"),
    ("A", '"he\\$PWD"', "he$PWD"),
    ("A", "'he\\$PWD'", "he\\$PWD"),
    ("A", "he${PWD", None),
    ("A", "he${PWD:=000}xx", None),
    ("A", "he${PWD:+${PWD}:}xx", "he/home:xx"),
    ("A", "he${XXX:-\\$PWD:}xx", "he$PWD:xx"),
    ("A", "he${XXX:-\\${PWD}z}xx", "he${PWDz}xx"),
    ("A", "안녕하세요", "안녕하세요"),
    ("A", "안'녕'하세요", "안녕하세요"),
    ("A", "안'녕하세요", None),
    ("A", "안녕\\'하세요", "안녕'하세요"),
    ("A", "안\\\\'녕하세요", None),
    ("A", "안녕\\t하세요", "안녕t하세요"),
    ("A", '"안녕\\t하세요"', "안녕\\t하세요"),
    ("A", "'안녕\\t하세요", None),
    ("A", "안녕하세요\\", "안녕하세요"),
    ("A", "안녕하세요\\\\", "안녕하세요\\"),
    ("A", '"안녕하세요', None),
    ("A", '"안녕하세요\\"', None),
    ("A", '"안녕\'하세요"', "안녕'하세요"),
    ("A", "'안녕하세요", None),
    ("A", "'안녕하세요\\'", "안녕하세요\\"),
    ("A", "안녕$1x", "안녕x"),
    ("A", "안녕$.x", "안녕$.x"),
    ("U", "안녕$pwd.", "안녕."),
    ("W", "안녕$pwd.", "안녕/home."),
    ("A", "안녕$PWD", "안녕/home"),
    ("A", "안녕\\$PWD", "안녕$PWD"),
    ("A", "안녕\\\\$PWD", "안녕\\/home"),
    ("A", "안녕\\${}", "안녕${}"),
    ("A", "안녕\\${}xx", "안녕${}xx"),
    ("A", "안녕${}", None),
    ("A", "안녕${}xx", None),
    ("A", "안녕${hi}", "안녕"),
    ("A", "안녕${hi}xx", "안녕xx"),
    ("A", "안녕${PWD}", "안녕/home"),
    ("A", "안녕${.}", None),
    ("A", "안녕${XXX:-000}xx", "안녕000xx"),
    ("A", "안녕${PWD:-000}xx", "안녕/homexx"),
    ("A", "안녕${XXX:-$PWD}xx", "안녕/homexx"),
    ("A", "안녕${XXX:-${PWD:-yyy}}xx", "안녕/homexx"),
    ("A", "안녕${XXX:-${YYY:-yyy}}xx", "안녕yyyxx"),
    ("A", "안녕${XXX:YYY}", None),
    ("A", "안녕${XXX:+${PWD}}xx", "안녕xx"),
    ("A", "안녕${PWD:+${XXX}}xx", "안녕xx"),
    ("A", "안녕${PWD:+${SHELL}}xx", "안녕bashxx"),
    ("A", "안녕${XXX:+000}xx", "안녕xx"),
    ("A", "안녕${PWD:+000}xx", "안녕000xx"),
    ("A", "'안녕${XX}'", "안녕${XX}"),
    ("A", '"안녕${PWD}"', "안녕/home"),
    ("A", "\"안녕'$PWD'\"", "안녕'/home'"),
    ("A", "'\"안녕\"'", '"안녕"'),
    ("A", "안녕\\$PWD", "안녕$PWD"),
    ("A", '"안녕\\$PWD"', "안녕$PWD"),
    ("A", "'안녕\\$PWD'", "안녕\\$PWD"),
    ("A", "안녕${PWD", None),
    ("A", "안녕${PWD:=000}xx", None),
    ("A", "안녕${PWD:+${PWD}:}xx", "안녕/home:xx"),
    ("A", "안녕${XXX:-\\$PWD:}xx", "안녕$PWD:xx"),
    ("A", "안녕${XXX:-\\${PWD}z}xx", "안녕${PWDz}xx"),
    ("A", "$KOREAN", "한국어"),
    ("A", "안녕$KOREAN", "안녕한국어"),
    ("A", "${{aaa}", None),
    ("A", "${aaa}}", "}"),
    ("A", "${aaa", None),
    ("A", "${{aaa:-bbb}", None),
    ("A", "${aaa:-bbb}}", "bbb}"),
    ("A", "${aaa:-bbb", None),
    ("A", "${aaa:-bbb}", "bbb"),
    ("A", "${aaa:-${bbb:-ccc}}", "ccc"),
    ("A", "${aaa:-bbb ${foo}", None),
    ("A", "${aaa:-bbb {foo}", "bbb {foo"),
    ("A", "${:}", None),
    ("A", "${:-bbb}", None),
    ("A", "${:+bbb}", None),
    ("A", "$1", ""),
    ("A", "${1}", ""),
    ("A", "${1:+bbb}", ""),
    ("A", "${1:-bbb}", "bbb"),
    ("A", "$2", ""),
    ("A", "${2}", ""),
    ("A", "${2:+bbb}", ""),
    ("A", "${2:-bbb}", "bbb"),
    ("A", "$3", ""),
    ("A", "${3}", ""),
    ("A", "${3:+bbb}", ""),
    ("A", "${3:-bbb}", "bbb"),
    ("A", "$4", ""),
    ("A", "${4}", ""),
    ("A", "${4:+bbb}", ""),
    ("A", "${4:-bbb}", "bbb"),
    ("A", "$5", ""),
    ("A", "${5}", ""),
    ("A", "${5:+bbb}", ""),
    ("A", "${5:-bbb}", "bbb"),
    ("A", "$6", ""),
    ("A", "${6}", ""),
    ("A", "${6:+bbb}", ""),
    ("A", "${6:-bbb}", "bbb"),
    ("A", "$7", ""),
    ("A", "${7}", ""),
    ("A", "${7:+bbb}", ""),
    ("A", "${7:-bbb}", "bbb"),
    ("A", "$8", ""),
    ("A", "${8}", ""),
    ("A", "${8:+bbb}", ""),
    ("A", "${8:-bbb}", "bbb"),
    ("A", "$9", ""),
    ("A", "${9}", ""),
    ("A", "${9:+bbb}", ""),
    ("A", "${9:-bbb}", "bbb"),
    ("A", "$999", ""),
    ("A", "${999}", ""),
    ("A", "${999:+bbb}", ""),
    ("A", "${999:-bbb}", "bbb"),
    ("A", "$999aaa", "aaa"),
    ("A", "${999}aaa", "aaa"),
    ("A", "${999:+bbb}aaa", "aaa"),
    ("A", "${999:-bbb}aaa", "bbbaaa"),
    ("A", "$001", ""),
    ("A", "${001}", ""),
    ("A", "${001:+bbb}", ""),
    ("A", "${001:-bbb}", "bbb"),
    ("A", "$001aaa", "aaa"),
    ("A", "${001}aaa", "aaa"),
    ("A", "${001:+bbb}aaa", "aaa"),
    ("A", "${001:-bbb}aaa", "bbbaaa"),
    ("A", "$@", ""),
    ("A", "${@}", ""),
    ("A", "${@:+bbb}", ""),
    ("A", "${@:-bbb}", "bbb"),
    ("A", "$@@@", "@@"),
    ("A", "$@aaa", "aaa"),
    ("A", "${@}aaa", "aaa"),
    ("A", "${@:+bbb}aaa", "aaa"),
    ("A", "${@:-bbb}aaa", "bbbaaa"),
    ("A", "$*", ""),
    ("A", "${*}", ""),
    ("A", "${*:+bbb}", ""),
    ("A", "${*:-bbb}", "bbb"),
    ("A", "$#", ""),
    ("A", "${#}", ""),
    ("A", "${#:+bbb}", ""),
    ("A", "${#:-bbb}", "bbb"),
    ("A", "$?", ""),
    ("A", "${?}", ""),
    ("A", "${?:+bbb}", ""),
    ("A", "${?:-bbb}", "bbb"),
    ("A", "$-", ""),
    ("A", "${-}", ""),
    ("A", "${-:+bbb}", ""),
    ("A", "${-:-bbb}", "bbb"),
    ("A", "$$", ""),
    ("A", "${$}", ""),
    ("A", "${$:+bbb}", ""),
    ("A", "${$:-bbb}", "bbb"),
    ("A", "$!", ""),
    ("A", "${!}", ""),
    ("A", "${!:+bbb}", ""),
    ("A", "${!:-bbb}", "bbb"),
    ("A", "$0", ""),
    ("A", "${0}", ""),
    ("A", "${0:+bbb}", ""),
    ("A", "${0:-bbb}", "bbb"),
]


def _env_var_params() -> list[object]:
    params: list[object] = []
    for platform, source, expected in ENV_VAR_TEST:
        marks = []
        if platform == "W":
            # Windows compares env names case-insensitively ($pwd == $PWD);
            # dlint models the Linux builder.
            marks.append(pytest.mark.skip(reason="Windows-only case (case-insensitive env)"))
        params.append(pytest.param(source, expected, marks=marks, id=f"{platform}|{source}"))
    return params


@pytest.mark.parametrize(("source", "expected"), _env_var_params())
def test_envvartest(source: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(ExpansionError):
            expand_strict(source, ENV_VAR_TEST_ENV)
        assert expand(source, ENV_VAR_TEST_ENV) is None
    else:
        assert expand(source, ENV_VAR_TEST_ENV) == expected
        assert expand_strict(source, ENV_VAR_TEST_ENV) == expected


# --------------------------------------------------------------------------
# wordsTest: ProcessWords. The ENV lines of the file accumulate, so each case
# carries the environment in force at its line. None means an error.
# (lex_test.go also runs the file a second time with RawQuotes/SkipUnsetEnv,
# but that pass reuses an exhausted reader and checks nothing.)
# --------------------------------------------------------------------------

_W0: dict[str, str | None] = {}
_W1: dict[str, str | None] = {"hi": "hi"}
_W2: dict[str, str | None] = {**_W1, "space": "abc  def"}
_W3: dict[str, str | None] = {**_W2, "leading": "  ab c"}
_W4: dict[str, str | None] = {**_W3, "trailing": "ab c   "}

WORDS_TEST: list[tuple[dict[str, str | None], str, list[str] | None]] = [
    (_W0, "hello", ["hello"]),
    (_W0, "hello${hi}bye", ["hellobye"]),
    (_W1, "hello${hi}bye", ["hellohibye"]),
    (_W2, "hello${space}bye", ["helloabc", "defbye"]),
    (_W2, 'hello"${space}"bye', ["helloabc  defbye"]),
    (_W2, 'hello "${space}"bye', ["hello", "abc  defbye"]),
    (_W3, "hello${leading}def", ["hello", "ab", "cdef"]),
    (_W3, 'hello"${leading}" def', ["hello  ab c", "def"]),
    (_W3, 'hello"${leading}"', ["hello  ab c"]),
    (_W3, "hello${leading}", ["hello", "ab", "c"]),
    (_W4, "hello${trailing}", ["helloab", "c"]),
    (_W4, "hello${trailing}d", ["helloab", "c", "d"]),
    (_W4, 'hello"${trailing}"d', ["helloab c   d"]),
    (_W4, 'hel"lo${trailing}"', ["helloab c   "]),
    (_W4, 'hello" there  "', ["hello there  "]),
    (_W4, "hello there", ["hello", "there"]),
    (_W4, "hello\\ there", ["hello there"]),
    (_W4, 'hello" there', None),
    (_W4, 'hello\\" there', ['hello"', "there"]),
    (_W4, 'hello"\\\\there"', ["hello\\there"]),
    (_W4, 'hello"\\there"', ["hello\\there"]),
    (_W4, "hello'\\\\there'", ["hello\\\\there"]),
    (_W4, "hello'\\there'", ["hello\\there"]),
    (_W4, "hello'$there'", ["hello$there"]),
]


@pytest.mark.parametrize(("env", "source", "expected"), WORDS_TEST, ids=[c[1] for c in WORDS_TEST])
def test_wordstest(env: Env, source: str, expected: list[str] | None) -> None:
    if expected is None:
        with pytest.raises(ExpansionError):
            expand_words_strict(source, env)
        assert expand_words(source, env) is None
    else:
        assert expand_words(source, env) == expected


# --------------------------------------------------------------------------
# lex_test.go: TestProcessWithMatches (input, env, expected; None = error),
# TestProcessWithMatchesPlatform and TestShellParserMandatoryEnvVars.
# --------------------------------------------------------------------------

_FX: dict[str, str | None] = {"FOO": "xxx", "BAR": ""}

PROCESS_WITH_MATCHES: list[tuple[str, dict[str, str | None], str | None]] = [
    ("x", {"DUMMY": "dummy"}, "x"),
    ("x ${UNUSED}", {"DUMMY": "dummy"}, "x "),
    ("x ${FOO}", {"FOO": "y"}, "x y"),
    ("${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", _FX, "xxx  ccc"),
    ("${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}", _FX, "xxx bbb ccc"),
    ("${FOO:-}", _FX, "xxx"),
    ("${FOO:-}", {}, ""),
    ("${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}", _FX, "aaa bbb "),
    ("${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}", _FX, "aaa  "),
    ("${FOO?aaa}", _FX, "xxx"),
    ("${BAR?bbb}", _FX, ""),
    ("${BAZ?ccc}", _FX, None),
    ("${FOO:?aaa}", _FX, "xxx"),
    ("${BAR:?bbb}", _FX, None),
    ("${BAZ:?ccc}", _FX, None),
    ("${BAZ:?}", _FX, None),
    ("${FOO=aaa}", _FX, None),
    ("${FOO=:aaa}", _FX, None),
    ("${FOO=}", {}, None),
    ("${FOO#()[]{\\}^$.\\*\\?|\\\\}", {"FOO": "()[]{}^$.*?|\\x"}, "x"),
    ("${FOO%%\\**}", {"FOO": "xx**"}, "xx"),
    ("${FOO#*x*y}", {"FOO": "xxyy"}, "y"),
    ("${FOO#*}", {"FOO": "xxyy"}, "xxyy"),
    ("${FOO#$BAR}", {"FOO": "xxyy", "BAR": "x"}, "xyy"),
    ("${FOO#$BAR}", {"FOO": "xxyy", "BAR": ""}, "xxyy"),
    ("${FOO#}", {"FOO": "xxyy"}, "xxyy"),
    ("${FOO##*x}", {"FOO": "xxyy"}, "yy"),
    ("${FOO##}", {"FOO": "xxyy"}, "xxyy"),
    ("${FOO#?\\?}", {"FOO": "???y"}, "?y"),
    ("${ABC:-.}${FOO%x}${ABC:-.}", {"FOO": "xxyy"}, ".xxyy."),
    ("${FOO%%\\**\\*}", {"FOO": "a***yy*"}, "a"),
    ("${FOO%}", {"FOO": "xxyy"}, "xxyy"),
    ("${FOO%%$BAR}", {"FOO": "xxyy", "BAR": ""}, "xxyy"),
    ("${FOO:#}", {}, None),
    ("${FOO:##}", {}, None),
    ("${FOO:%}", {}, None),
    ("${FOO:%%}", {}, None),
    (
        "${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}",
        {"FOO": "/foo*/*/*.txt", "NEEDLE": "\\*/"},
        "/foo.*/*.txt - /foo..*.txt",
    ),
    (
        "${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}",
        {"FOO": "/tmp/tmp/bar.txt", "NEEDLE": "/tmp"},
        "/tmp/bar.txt - /bar.txt",
    ),
    (
        "${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}",
        {"FOO": "/a/foo/b/c.txt", "NEEDLE": "/?/", "REPLACEMENT": "/"},
        "/foo/b/c.txt - /foo/c.txt",
    ),
    (
        "${FOO/$NEEDLE/$REPLACEMENT}",
        {"FOO": "http://google.de", "NEEDLE": "http://", "REPLACEMENT": "https://"},
        "https://google.de",
    ),
    ("${FOO//\\//\\/}", {"FOO": "/tmp/foo.txt"}, "\\/tmp\\/foo.txt"),
    ("${FOO/$BAR/ww}", {"FOO": "xxyy", "BAR": ""}, "wwxxyy"),
    ("${FOO//ww}", {"FOO": "xxyy"}, None),
    ("${FOO//}", {"FOO": "xxyy"}, None),
    ("${FOO///}", {"FOO": "xxyy"}, "xxyy"),
    ("${FOO///}", {}, ""),
]


@pytest.mark.parametrize(
    ("source", "env", "expected"), PROCESS_WITH_MATCHES, ids=[c[0] for c in PROCESS_WITH_MATCHES]
)
def test_process_with_matches(source: str, env: Env, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(ExpansionError):
            expand_strict(source, env)
        assert expand(source, env) is None
    else:
        assert expand(source, env) == expected


_RELEASE = (
    "something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz"
)


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        ({"TARGETARCH": "arm", "TARGETVARIANT": "v7"}, "something-v1.2.3.linux-arm-v7.tar.gz"),
        ({"TARGETARCH": "arm64", "TARGETVARIANT": ""}, "something-v1.2.3.linux-arm64.tar.gz"),
        ({"TARGETARCH": "arm64"}, "something-v1.2.3.linux-arm64.tar.gz"),
    ],
)
def test_process_with_matches_platform(variant: dict[str, str], expected: str) -> None:
    env = {"VERSION": "v1.2.3", "TARGETOS": "linux", **variant}
    assert expand(_RELEASE, env) == expected


@pytest.mark.parametrize(
    ("source", "env", "expected"),
    [
        ("${VAR:?message here$ARG}", {"VAR": "plain", "ARG": "x"}, "plain"),
        ("${VAR:?message here$ARG}", {"VAR": "", "ARG": "x"}, None),
        ("${VAR:?message here$ARG}", {"ARG": "x"}, None),
        ("${VAR?message here$ARG}", {"VAR": "plain", "ARG": "x"}, "plain"),
        ("${VAR?message here$ARG}", {"VAR": "", "ARG": "x"}, ""),
        ("${VAR?message here$ARG}", {"ARG": "x"}, None),
    ],
)
def test_mandatory_env_vars(source: str, env: Env, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(ExpansionError, match="message herex"):
            expand_strict(source, env)
        assert expand(source, env) is None
    else:
        assert expand(source, env) == expected


# --------------------------------------------------------------------------
# Unknown values (env value None = declared, value not known statically).
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "env", "expected"),
    [
        ("$V", {"V": None}, None),
        ("${V}", {"V": None}, None),
        ("a${U}b", {}, "ab"),  # unset expands to ''
        ("${V:-x}", {"V": None}, None),
        ("${V:-x}", {}, "x"),
        ("${V-x}", {"V": None}, None),
        ("${V:+x}", {"V": "a"}, "x"),
        ("${V:+x}", {"V": None}, None),
        ("${V+x}", {"V": None}, "x"),  # declared, so set
        ("${V:+}", {"V": None}, ""),
        ("${A:-$V}", {"A": "a", "V": None}, "a"),  # the unknown word is not used
        ("${A:+$V}", {"A": "", "V": None}, ""),
        ("'$V'", {"V": None}, "$V"),
        ("\\$V", {"V": None}, "$V"),
        ("${V?msg}", {"V": None}, None),
        ("${V:?msg}", {"V": None}, None),
        # BuildKit evaluates modifier words even when unused: this may fail.
        ("${A:-${V:?}}", {"A": "a", "V": None}, None),
        ("${A#$V}", {"A": "abc", "V": None}, None),
        ("${A#a}", {"A": None}, None),
        ("${A/b/$V}", {"A": "abc", "V": None}, None),
        ("${A/z/$V}", {"A": "abc", "V": None}, "abc"),  # no match: replacement unused
    ],
)
def test_unknown_values(source: str, env: Env, expected: str | None) -> None:
    assert expand(source, env) == expected


def test_error_is_none_but_strict_raises() -> None:
    # ${V:?msg} with V unset: BuildKit fails the build; expand says "unknown".
    assert expand("${V:?need V}", {}) is None
    with pytest.raises(ExpansionError, match="V: need V"):
        expand_strict("${V:?need V}", {})
    # A definite error still raises in strict mode even next to unknowns.
    with pytest.raises(ExpansionError):
        expand_strict("$V${}", {"V": None})


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("${}", "bad substitution"),
        ("${A:=x}", "unsupported modifier"),
        ("${A", "missing '}'"),
        ("'abc", "single-quote"),
        ('"abc', "double-quote"),
        ("${A#\\x}", "invalid escape"),
        ("${A/x}", "missing '/'"),
    ],
)
def test_substitution_error(source: str, message: str) -> None:
    err = substitution_error(source)
    assert err is not None and message in err


@pytest.mark.parametrize("source", ["$A", "${A:?}", "${A#$B}", "${A:-${B}}", "a b", "${A/$B/c}"])
def test_substitution_error_none_for_value_dependent(source: str) -> None:
    assert substitution_error(source) is None


# --------------------------------------------------------------------------
# Behaviour checked against lex.go run side by side.
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "env", "expected"),
    [
        # Escape character backtick: backslash is an ordinary character.
        ("c:\\dir\\sub", {}, "c:\\dir\\sub"),
        ("`$A", {"A": "x"}, "$A"),
        ("a``b", {}, "a`b"),
        ('"`$A `" x"', {"A": "x"}, '$A " x'),
        ("c:\\$A", {"A": "x"}, "c:\\x"),
        # The raw escape stays in the pattern as a literal; '*' is still a wildcard.
        ("${A#`*}", {"A": "`*b"}, "*b"),
    ],
)
def test_backtick_escape(source: str, env: Env, expected: str) -> None:
    assert expand(source, env, "`") == expected


@pytest.mark.parametrize(
    ("source", "env", "expected"),
    [
        ("${A#[a]}", {"A": "[a]b"}, "b"),  # brackets are literal in BuildKit
        ("${A#[a]}", {"A": "ab"}, "ab"),
        ("${A#*}", {"A": "a\nb"}, "a\nb"),
        ("${A##*}", {"A": "a\nb"}, "\nb"),  # * does not cross a newline (Go's '.')
        ("${A%%b*}", {"A": "abcb"}, "a"),
        ("${A%b*}", {"A": "abcb"}, "abc"),
        ("${A#$P}", {"A": "aab", "P": "#*a"}, "b"),  # '##' made by the expanded word
        ("${A//o/\\$0}", {"A": "foo"}, "f\\o\\o"),  # Go Regexp.Expand: $0 = the match
        ("${A//o/'$$'}", {"A": "foo"}, "f$$"),  # $$ -> $
        ("${A//o/'$x'}", {"A": "foo"}, "f"),  # unknown group -> ''
        ("${A/o/'$0'}", {"A": "foo"}, "f$0o"),  # single replace is literal
        ("${A//x*/-}", {"A": "axbxc"}, "a-"),
        ("${A//*/-}", {"A": "ab"}, "-"),
        ("${A//b*/-}", {"A": ""}, ""),
        ("${A///-}", {"A": "ab"}, "-a-b-"),
        ("$", {}, "$"),
        ("a$ b", {}, "a$ b"),
        ("$1x$@y", {}, "xy"),
        ("\ufeffa", {}, "a"),  # Go's scanner drops a leading byte-order mark
        ("cat << EOF", {}, "cat << EOF"),
    ],
)
def test_lexgo_quirks(source: str, env: Env, expected: str) -> None:
    assert expand(source, env) == expected


@pytest.mark.parametrize(
    ("source", "env", "expected"),
    [
        ('"" a', {}, ["a"]),  # empty words are dropped
        ("$E a", {"E": ""}, ["a"]),
        ("cat << EOF", {}, ["cat", "<< EOF"]),  # heredoc words keep their blanks
        ("a <b", {}, ["a", "<b"]),
        # A modifier form discards the word built so far (BuildKit >= v0.15).
        ("hello${XXX:-foo}bye x", {}, ["foobye", "x"]),
        ("a b${XXX:-foo bar}bye x", {}, ["a", "foo", "barbye", "x"]),
        ('x"a${X:-b}"', {}, ["ab"]),
        ("x${X}y", {}, ["xy"]),  # plain ${X} does not
        ("${V}", {"V": None}, None),
    ],
)
def test_expand_words_quirks(source: str, env: Env, expected: list[str] | None) -> None:
    assert expand_words(source, env) == expected


# --------------------------------------------------------------------------
# split_words and references
# --------------------------------------------------------------------------


def test_split_words_basic() -> None:
    text = 'a "b c" \'d $e\' f\\ g $h "${i}" \\$j'
    assert split_words(text) == [
        RawWord("a", "a", 0, 1, True),
        RawWord('"b c"', "b c", 2, 7, True),
        RawWord("'d $e'", "d $e", 8, 14, True),
        RawWord("f\\ g", "f g", 15, 19, True),
        RawWord("$h", "$h", 20, 22, False),
        RawWord('"${i}"', "${i}", 23, 29, False),
        RawWord("\\$j", "$j", 30, 33, True),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("   ", []),
        ("  a  ", [("a", "a", 2, 3, True)]),
        ("'abc def", [("'abc def", "abc def", 0, 8, True)]),  # runs to the end
        ('"abc $X', [('"abc $X', "abc $X", 0, 7, False)]),
        ("a\\", [("a\\", "a", 0, 2, True)]),
        ('"a\\tb\\"c"', [('"a\\tb\\"c"', 'a\\tb"c', 0, 9, True)]),
        ('""', [('""', "", 0, 2, True)]),
        ("$ $.", [("$", "$", 0, 1, True), ("$.", "$.", 2, 4, True)]),
        ("${A:-x}y", [("${A:-x}y", "${A:-x}y", 0, 8, False)]),
        ("${A:-'a b'}", [("${A:-'a b'}", "${A:-'a b'}", 0, 11, False)]),
        # Unquoted blanks split even inside ${...}, as BuildKit's splitters do.
        ("${A:-a b}", [("${A:-a", "${A:-a", 0, 6, False), ("b}", "b}", 7, 9, True)]),
        ('"${A:-"a b"}"', [('"${A:-"a b"}"', '${A:-"a b"}', 0, 13, False)]),
        (
            "cat <<  EOF x",
            [
                ("cat", "cat", 0, 3, True),
                ("<<  EOF", "<<  EOF", 4, 11, True),
                ("x", "x", 12, 13, True),
            ],
        ),
        ("\ufeffa", [("a", "a", 1, 2, True)]),
        ("a\tb\nc", [("a", "a", 0, 1, True), ("b", "b", 2, 3, True), ("c", "c", 4, 5, True)]),
    ],
)
def test_split_words_cases(text: str, expected: list[tuple[str, str, int, int, bool]]) -> None:
    words = split_words(text)
    assert [tuple(w) for w in words] == expected
    for w in words:
        assert text[w.start : w.end] == w.text


def test_split_words_backtick_escape() -> None:
    words = split_words("c:\\dir\\sub `$X a` b", "`")
    assert [(w.text, w.value, w.literal) for w in words] == [
        ("c:\\dir\\sub", "c:\\dir\\sub", True),
        ("`$X", "$X", True),
        ("a` b", "a b", True),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$A ${B} ${C:-x}", [("A", 0, 2), ("B", 3, 7), ("C", 8, 15)]),
        ("${A:-${B:-$C}}", [("A", 0, 14), ("B", 5, 13), ("C", 10, 12)]),
        ("'$A' \"$B\" \\$C $", [("B", 6, 8)]),
        (
            "${A#$P} ${A/$P/$R}",
            [("A", 0, 7), ("P", 4, 6), ("A", 8, 18), ("P", 12, 14), ("R", 15, 17)],
        ),
        ("${A:-'$X'}", [("A", 0, 10)]),
        ("$1 $@ ${#}", [("1", 0, 2), ("@", 3, 5), ("#", 6, 10)]),
        ("${A", [("A", 0, 3)]),
        ("${} $", []),
        ("${A:-a b}", [("A", 0, 9)]),  # whole form, blanks included
    ],
)
def test_references(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert references(text) == expected


def test_references_backtick_escape() -> None:
    assert references("`$A \\$B", "`") == [("B", 5, 7)]


# --------------------------------------------------------------------------
# Speed: no input may take quadratic-backtracking time.
# --------------------------------------------------------------------------


def test_linear_time() -> None:
    value = "a" * 20000
    env: dict[str, str | None] = {"A": value}
    started = time.perf_counter()
    assert expand("${A##*a*a*a*a*b}", env) == value
    assert expand("${A%%*a*a*a*b*}", env) == value
    assert expand("${A/*a*a*b/x}", env) == value
    assert len(split_words("a " * 20000)) == 20000
    assert expand("x" * 50000 + "$A", {"A": "y"}) == "x" * 50000 + "y"
    assert len(references("$A" * 20000)) == 20000
    assert time.perf_counter() - started < 10


def test_blank_fields_split_before_quotes() -> None:
    """ADD, COPY, VOLUME and EXPOSE: BuildKit splits at blanks, then reads each field."""
    from dlint.words import split_fields, unclosed_quote

    got = [(w.text, w.value, w.start, w.end) for w in split_fields('"a b"  /x/\t"c.txt"')]
    assert got == [
        ('"a', "a", 0, 2),
        ('b"', "b", 3, 5),
        ("/x/", "/x/", 7, 10),
        ('"c.txt"', "c.txt", 11, 18),
    ]
    assert [w.value for w in split_fields("<<EOF /x")] == ["<<EOF", "/x"]
    assert unclosed_quote('"a') and unclosed_quote("b'") and unclosed_quote('x\\"y"')
    assert (
        not unclosed_quote('"a b"') and not unclosed_quote("it\\'s") and not unclosed_quote("'\\'")
    )
