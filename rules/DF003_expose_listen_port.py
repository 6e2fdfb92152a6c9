"""DF003: EXPOSE does not include the port the image's command listens on."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from dlint import words as wordlib
from dlint.analysis import Port
from dlint.model import Word
from dlint.rule import Finding, Rule, RuleContext, Severity

from ._common import PYTHON_RE
from ._instr import command_argvs

Env = Mapping[str, str | None]


@dataclass(frozen=True)
class Listen:
    """A port a server listens on: the candidates (a default may be one of several)."""

    server: str
    ports: tuple[int, ...]
    word: Word  # the port word, or the server's name when the port is a default
    how: str  # "--port 8080", "default port"


def _expand(text: str, env: Env) -> str | None:
    scope = dict(env)
    for name, _s, _e in wordlib.references(text):
        scope.setdefault(name, None)  # unknown at build time: may come from `docker run -e`
    return wordlib.expand(text, scope)


def _port(text: str | None) -> int | None:
    if text is None:
        return None
    m = re.search(r"(?:^|:)(\d{1,5})$", text.strip().strip("[]"))
    if not m:
        return None
    n = int(m.group(1))
    return n if 0 < n < 65536 else None


def _value(argv: Sequence[Word], i: int, *names: str) -> tuple[Word, str, str] | None:
    """The last value of option ``names`` in argv[i:] (``--port 1``, ``--port=1``, ``-p1``).

    Returns the word holding the value, the value, and how it was written.
    """
    found = None
    for j in range(i, len(argv)):
        v = argv[j].value
        for n in names:
            if v == n and j + 1 < len(argv):
                found = (argv[j + 1], argv[j + 1].value, f"{n} {argv[j + 1].value}")
            elif v.startswith(n + "=") and n.startswith("--"):
                found = (argv[j], v[len(n) + 1 :], v)
            elif len(n) == 2 and not n.startswith("--") and v.startswith(n) and len(v) > 2:
                found = (argv[j], v[2:], v)
    return found


def _listen(
    server: str,
    argv: Sequence[Word],
    i: int,
    env: Env,
    options: tuple[str, ...],
    env_names: tuple[str, ...],
    default: tuple[int, ...],
) -> Listen | None:
    hit = _value(argv, i, *options) if options else None
    if hit is not None:
        word, raw, how = hit
        port = _port(_expand(raw, env))
        return Listen(server, (port,), word, how) if port else None
    for name in env_names:
        if name in env:
            port = _port(env[name])
            return Listen(server, (port,), argv[i - 1], f"{name}={env[name]}") if port else None
    return Listen(server, default, argv[i - 1], "its default port") if default else None


def _positional_after(argv: Sequence[Word], i: int) -> Word | None:
    for w in argv[i:]:
        if not w.value.startswith("-"):
            return w
    return None


def detect(argv: Sequence[Word], env: Env) -> Listen | None:
    """Which known server ``argv`` starts, and on which port."""
    values = [w.value for w in argv]
    for i, value in enumerate(values):
        base = value.rsplit("/", 1)[-1]
        nxt = values[i + 1] if i + 1 < len(values) else ""
        if PYTHON_RE.match(base):
            if nxt == "-m" and i + 2 < len(values):
                module = values[i + 2]
                if module == "http.server":
                    w = _positional_after(argv, i + 3)
                    port = _port(_expand(w.value, env)) if w else 8000
                    word = w or argv[i + 2]
                    return (
                        Listen(
                            "python -m http.server",
                            (port,),
                            word,
                            w.value if w else "its default port",
                        )
                        if port
                        else None
                    )
                sub = _server(module, argv, i + 3, env)
                if sub is not None:
                    return sub
                continue
            if nxt.endswith("manage.py") and "runserver" in values[i + 2 :]:
                j = values.index("runserver", i + 2) + 1
                return _runserver(argv, j)
            continue
        if base == "django-admin" and nxt == "runserver":
            return _runserver(argv, i + 2)
        found = _server(base, argv, i + 1, env)
        if found is not None:
            return found
    return None


def _runserver(argv: Sequence[Word], j: int) -> Listen | None:
    w = _positional_after(argv, j)
    if w is None:
        return Listen("runserver", (8000,), argv[j - 1], "its default port")
    port = _port(w.value)
    return Listen("runserver", (port,), w, w.value) if port else None


def _server(name: str, argv: Sequence[Word], i: int, env: Env) -> Listen | None:
    values = [w.value for w in argv]
    rest = values[i:]
    if name == "uvicorn":
        if any(v.startswith(("--fd", "--uds")) for v in rest):
            return None
        return _listen(name, argv, i, env, ("--port",), ("UVICORN_PORT",), (8000,))
    if name in ("gunicorn", "hypercorn"):
        if _value(argv, i, "-b", "--bind") is None:
            if any(v in ("-c", "--config") or v.startswith("--config=") for v in rest):
                return None  # the config file decides
            cmd_args = env.get("GUNICORN_CMD_ARGS") if name == "gunicorn" else None
            if cmd_args:
                inner = [Word(t, t, argv[i - 1].span) for t in cmd_args.split()]
                return _listen(name, inner, 0, env, ("-b", "--bind"), (), ()) or None
            if name == "gunicorn" and env.get("PORT"):
                port = _port(env["PORT"])
                return Listen(name, (port,), argv[i - 1], f"PORT={env['PORT']}") if port else None
            return Listen(name, (8000,), argv[i - 1], "its default port")
        hit = _value(argv, i, "-b", "--bind")
        assert hit is not None
        word, raw, how = hit
        if raw.startswith(("unix:", "fd://")):
            return None
        port = _port(_expand(raw, env))
        return Listen(name, (port,), word, how) if port else None
    if name == "flask" and "run" in rest:
        return _listen("flask run", argv, i, env, ("--port", "-p"), ("FLASK_RUN_PORT",), (5000,))
    if name == "streamlit" and "run" in rest:
        return _listen(
            "streamlit", argv, i, env, ("--server.port",), ("STREAMLIT_SERVER_PORT",), (8501,)
        )
    if name in ("jupyter", "jupyter-lab", "jupyter-notebook") and (
        name != "jupyter" or any(v in ("lab", "notebook", "server") for v in rest)
    ):
        return _listen(
            "jupyter",
            argv,
            i,
            env,
            ("--port", "--ServerApp.port", "--NotebookApp.port"),
            (),
            (8888,),
        )
    if name == "rails" and rest[:1] and rest[0] in ("server", "s"):
        return _listen("rails server", argv, i, env, ("--port", "-p"), ("PORT",), (3000,))
    if name == "puma":
        if any(v in ("-C", "--config") for v in rest):
            return None
        hit = _value(argv, i, "-b", "--bind")
        if hit is not None:
            port = _port(_expand(hit[1], env))
            return Listen(name, (port,), hit[0], hit[2]) if port else None
        # Without a port option puma reads config/puma.rb when the app has one, which
        # decides the port: unknown from the Dockerfile alone.
        return _listen(name, argv, i, env, ("--port", "-p"), (), ())
    if name == "thrust":
        # Thruster (Rails' proxy) serves HTTP_PORT (80) and forwards to the app behind it.
        return _listen(name, argv, i, env, (), ("HTTP_PORT",), (80,))
    if name == "php" and "-S" in rest:
        hit = _value(argv, i, "-S")
        if hit is None:
            return None
        port = _port(hit[1])
        return Listen("php -S", (port,), hit[0], hit[2]) if port else None
    return None


def check(ctx: RuleContext) -> Iterator[Finding]:
    stage = ctx.facts.final_stage
    if stage is None:
        return
    chain = ctx.facts.lineage(stage)
    ports: list[Port] = [p for s in chain for p in s.ports]
    if not ports:
        return
    env = stage.env
    for _inst, argv in command_argvs(ctx.facts, stage):
        listen = detect(argv, env)
        if listen is None:
            continue
        if any(p.start <= port <= p.end for port in listen.ports for p in ports):
            return
        exposed = ", ".join(
            sorted(
                {f"{p.start}" if p.start == p.end else f"{p.start}-{p.end}" for p in ports},
                key=lambda s: int(s.split("-")[0]),
            )
        )
        lines = ", ".join(str(line) for line in sorted({p.instruction.line for p in ports}))
        want = " or ".join(str(p) for p in listen.ports)
        yield Finding(
            listen.word.span,
            f"{listen.server} listens on port {want} ({listen.how}), but the image EXPOSEs "
            f"only {exposed} (line {lines}); EXPOSE {listen.ports[0]}, or make the command "
            "listen on the exposed port.",
        )
        return


RULE = Rule(
    code="DF003",
    name="ExposeMismatch",
    severity=Severity.WARNING,
    summary="EXPOSE does not include the port the image's command listens on",
    rationale=(
        "EXPOSE documents the port the container serves on; `docker run -P`, Compose and\n"
        "orchestrators use it to wire traffic. When the command listens on another port, the\n"
        "container looks healthy while every request goes to a port nobody listens on.\n\n"
        "dlint reads the final stage's command (ENTRYPOINT and CMD together, exec or shell\n"
        "form, inside `sh -c` strings, ENV values expanded) and knows uvicorn, gunicorn,\n"
        "hypercorn, `flask run`, Django's runserver, `python -m http.server`, streamlit,\n"
        "jupyter, `rails server` (and Thruster in front of it), puma and `php -S`, with their\n"
        "default ports and port variables (`FLASK_RUN_PORT`, `UVICORN_PORT`, `PORT` for\n"
        "gunicorn and Rails). puma without `-p` or `-b` reads `config/puma.rb`, so its port\n"
        "is unknown. It\n"
        "stays silent when the program or its port is unknown (a config file, a variable\n"
        "set only at run time) and when there is no EXPOSE at all."
    ),
    check=check,
    bad=(
        "FROM python:3.12-slim\nRUN pip install --no-cache-dir uvicorn==0.30.6\nEXPOSE 5000\n"
        'CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8080"]\n'
    ),
    good=(
        "FROM python:3.12-slim\nRUN pip install --no-cache-dir uvicorn==0.30.6\nEXPOSE 8080\n"
        'CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8080"]\n'
    ),
    tags=("correctness",),
    precision="high",
)
