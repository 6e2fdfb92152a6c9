"""bench/compat_reasons.py's ``dlint_reason``: each only-dlint category on a small example."""

from __future__ import annotations

import sys

import pytest
from helpers import ROOT

from dlint.analysis import Facts
from dlint.api import lint_string
from dlint.parser import parse
from dlint.rule import Settings

sys.path.insert(0, str(ROOT / "bench"))

from compat_reasons import THROUGH_PATH, WRAPPED, dlint_reason


def _reasons(text: str, code: str) -> list[str | None]:
    """dlint's findings of ``code`` in ``text``, each with the difference that explains it."""
    df = parse(text)
    facts = Facts(df)
    found = lint_string(text, select=[code], settings=Settings(shellcheck=False))
    hits = [v for v in found if v.code == code]
    assert hits, f"dlint reports no {code} in {text!r}"
    return [dlint_reason(code, df, facts, v.span.line, v.message) for v in hits]


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("DL3006", "ARG B=alpine\nFROM $B\n", "an image from an ARG default"),
        ("DL3006", "ARG REG\nFROM ${REG}/python\n", "a variable only in the registry"),
        (
            "DL3007",
            "FROM php:8.3-fpm\nCOPY --from=composer:latest /usr/bin/composer /usr/bin/\n",
            "an image that COPY --from",
        ),
        ("DL3007", "ARG T=latest\nFROM alpine:${T}\n", "an image from an ARG default"),
        (
            "DL3019",
            "FROM alpine:3.21\nRUN apk update && apk add --no-cache curl=8.11.1-r0\n",
            "apk update, whose index",
        ),
        (
            "DL3008",
            "FROM debian:12\nRUN sudo apt-get install -y --no-install-recommends curl\n",
            WRAPPED,
        ),
        (
            "DL3013",
            "FROM python:3.12\nRUN /venv/bin/pip install --no-cache-dir flask\n",
            THROUGH_PATH,
        ),
        ("DL3016", "FROM node:22\nRUN npm i -g typescript\n", "an install alias"),
        ("DL3020", "FROM node:22\nONBUILD ADD . /app\n", "ADD in an ONBUILD trigger"),
        (
            "DL3042",
            "FROM python:3.12\nRUN uv pip install --system flask==3.0.3\n",
            "uv pip install",
        ),
        ("DL3045", "FROM debian:12\nADD https://example.com/LICENSE licenses/\n", "ADD, checked"),
        ("DL3060", "FROM node:22\nRUN yarn global add gatsby-cli@5.13.0\n", "bare yarn"),
        ("DL3060", "FROM node:22\nRUN bin/yarn install\n", THROUGH_PATH),
        (
            "DL3009",
            "FROM debian:12\nRUN apt-get update && rm -rf /var/lib/apt/lists/* && apt-get update\n",
            "lists fetched again",
        ),
        (
            "DL4001",
            "FROM debian:12\nRUN sudo wget https://example.com/a\nRUN curl -fsSLO https://example.com/b\n",
            WRAPPED,
        ),
    ],
)
def test_each_category(code: str, text: str, expected: str) -> None:
    reasons = _reasons(text, code)
    assert all(r is not None and r.startswith(expected) for r in reasons), reasons
