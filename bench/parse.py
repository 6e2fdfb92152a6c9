"""How fast dlint's parser reads the corpus, and whether its cost grows linearly.

Run: ``.venv/bin/python bench/parse.py [--rounds N] [CORPUS_DIR]``. Files are read
and decoded once; only ``parse`` is timed, in CPU time of this process
(``time.process_time``), so other work on a shared machine does not inflate
the figures. The best round counts for the throughput; a file's cost is its
best time over the rounds. The synthetic part
parses files of 100, 1,000 and 10,000 instructions: the time per instruction
must stay flat, or something in the parser is quadratic.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dlint.analysis import Facts  # noqa: E402
from dlint.files import decode  # noqa: E402
from dlint.parser import parse  # noqa: E402

CLOCK = time.process_time
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "files"

STAGE = """\
# build stage {n}
FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build{n}
ARG VERSION=1.{n}.0
ENV CGO_ENABLED=0 GOFLAGS="-mod=vendor" \\
    PATH=/usr/local/go/bin:$PATH
WORKDIR /src
COPY --link go.mod go.sum ./
RUN --mount=type=cache,target=/root/.cache/go-build \\
    --mount=type=cache,target=/go/pkg/mod \\
    apk add --no-cache git ca-certificates && \\
    go build -ldflags "-X main.version=${{VERSION}}" -o /out/app ./cmd/app
COPY <<EOF /etc/app.conf
listen = 0.0.0.0:8080
EOF
LABEL org.opencontainers.image.title="app {n}" version=$VERSION
EXPOSE 8080/tcp
HEALTHCHECK --interval=30s --timeout=3s CMD ["wget", "-q", "-O-", "http://localhost:8080/"]
USER 65532:65532
ENTRYPOINT ["/out/app"]
"""
INSTRUCTIONS_PER_STAGE = 14


def load_corpus(root: Path) -> list[tuple[str, str]]:
    """(relative name, decoded text) of every file that decodes."""
    texts = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        decoded = decode(path.read_bytes())
        if not isinstance(decoded, str):
            texts.append((str(path.relative_to(root)), decoded.text))
    return texts


def parse_only(text: str, name: str) -> object:
    return parse(text, name)


def parse_and_facts(text: str, name: str) -> object:
    """What every lint run does before the rules: the model and the shared facts."""
    facts = Facts(parse(text, name))
    return facts.all_commands(sources=("run", "heredoc", "cmd", "entrypoint", "healthcheck"))


STEPS: dict[str, Callable[[str, str], object]] = {
    "parse": parse_only,
    "parse + derived facts (stages, scopes, shell commands)": parse_and_facts,
}


def time_corpus(
    texts: list[tuple[str, str]], rounds: int, step: Callable[[str, str], object] = parse_only
) -> tuple[float, list[float]]:
    """Best total seconds over the rounds, and each file's best seconds."""
    best_total = float("inf")
    per_file = [float("inf")] * len(texts)
    for _ in range(rounds):
        start_round = CLOCK()
        for k, (name, text) in enumerate(texts):
            start = CLOCK()
            result = step(text, name)
            if isinstance(result, Iterator):
                for _ in result:
                    pass
            per_file[k] = min(per_file[k], CLOCK() - start)
        best_total = min(best_total, CLOCK() - start_round)
    return best_total, per_file


def synthetic(instructions: int) -> str:
    stages = max(1, instructions // INSTRUCTIONS_PER_STAGE)
    return "# syntax=docker/dockerfile:1\n" + "".join(STAGE.format(n=n) for n in range(stages))


def time_synthetic(
    instructions: int, rounds: int, step: Callable[[str, str], object] = parse_only
) -> tuple[int, float]:
    """(instructions parsed, best microseconds per instruction)."""
    text = synthetic(instructions)
    count = len(parse(text).instructions)
    best = float("inf")
    for _ in range(rounds):
        start = CLOCK()
        result = step(text, "Dockerfile")
        if isinstance(result, Iterator):
            for _ in result:
                pass
        best = min(best, CLOCK() - start)
    return count, best / count * 1e6


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    args.add_argument("--rounds", type=int, default=5)
    opts = args.parse_args()
    texts = load_corpus(opts.corpus) if opts.corpus.is_dir() else []
    if not texts:
        print(f"corpus not found at {opts.corpus}; synthetic figures only")
    for label, step in STEPS.items():
        print(f"== {label}")
        if texts:
            total, per_file = time_corpus(texts, opts.rounds, step)
            worst = max(range(len(texts)), key=per_file.__getitem__)
            print(f"corpus: {len(texts)} files, best of {opts.rounds} rounds, CPU time")
            print(f"  {len(texts) / total:,.0f} files/s")
            print(f"  mean {total / len(texts) * 1000:.3f} ms/file")
            print(f"  worst {per_file[worst] * 1000:.3f} ms: {texts[worst][0]}")
        print("synthetic file (per instruction):")
        for size in (100, 1_000, 10_000):
            count, micros = time_synthetic(size, max(1, opts.rounds // (size // 1000 or 1)), step)
            print(f"  {count:>6} instructions: {micros:.1f} us/instruction")


if __name__ == "__main__":
    main()
