"""Each test builds its own app, and two costs of building one repeat the same work every time:
about 0.1 s of CPU compiling each of its ~200 URL rules into a Python function (werkzeug writes
the builder with `ast` and `compile()`), and about 0.05 s compiling each template the test renders
(a new app has a new Jinja environment, so nothing compiled before is reused). Both results depend
only on their source, so the tests compile each once per process and share it. Production builds
one app per process and needs neither."""
from __future__ import annotations

from jinja2.bccache import BytecodeCache
from werkzeug.routing import rules

_compile = rules.Rule._compile_builder
_built: dict[tuple, object] = {}


def _compile_once(self, append_unknown: bool = True):
    # The builder reaches the rule's converters through its `self` argument when called, so it
    # depends on the rule's text, its converters' kinds and its defaults, nothing else.
    key = (self.rule, self.host, self.subdomain, tuple(self._trace), append_unknown,
           tuple(sorted((name, repr(value)) for name, value in (self.defaults or {}).items())),
           tuple(sorted((name, type(converter).__name__) for name, converter in self._converters.items())))
    builder = _built.get(key)
    if builder is None:
        builder = _built[key] = _compile(self, append_unknown)
    return builder


class _TemplatesInMemory(BytecodeCache):
    """Jinja's compiled templates, keyed (by Jinja) on the template's name and its source's
    checksum, so a changed template is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = _TemplatesInMemory()


def install() -> None:
    rules.Rule._compile_builder = _compile_once


def share_templates(app) -> None:
    app.jinja_env.bytecode_cache = TEMPLATES
