"""The JSON view of the model that ``dlint parse`` prints."""

from __future__ import annotations

import json

from dlint.dump import dockerfile_to_json
from dlint.parser import parse


def test_dump_shape_and_values() -> None:
    text = (
        "# syntax=docker/dockerfile:1\n"
        "FROM --platform=linux/amd64 alpine AS base\n"
        "# a comment\n"
        "RUN --mount=type=cache,target=/x <<EOF\n"
        "echo hi\n"
        "EOF\n"
        "ONBUILD ENV A=1\n"
        'CMD ["a", 1]\n'
    )
    doc = dockerfile_to_json(parse(text, "dir/Dockerfile"))
    json.dumps(doc)
    assert doc["path"] == "dir/Dockerfile"
    assert doc["directives"][0]["name"] == "syntax"
    assert doc["errors"][0]["line"] == 8
    assert set(doc["errors"][0]) == {"message", "line", "column", "end_line", "end_column"}
    from_, run, onbuild, cmd = doc["instructions"]
    assert (from_["image"], from_["stage_name"], from_["platform"]) == (
        "alpine",
        "base",
        "linux/amd64",
    )
    assert run["flags"][0]["options"] == [["type", "cache"], ["target", "/x"]]
    assert run["heredocs"][0]["body"] == "echo hi\n"
    assert (run["line"], run["end_line"], run["column"], run["end_column"]) == (4, 6, 1, 4)
    assert run["comments"] == [{"line": 3, "text": "a comment"}]
    assert onbuild["onbuild"]["key_values"][0]["key"] == "A"
    assert cmd["exec_form"] is None and cmd["json_fallback"] is False
    assert [w["text"] for w in run["words"]] == ["<<EOF"]
    for key in ("keyword", "name", "args", "words", "exec_form", "stage", "onbuild"):
        assert key in cmd
