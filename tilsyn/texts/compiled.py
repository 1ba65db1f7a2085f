"""Sentences and report templates compiled once per machine, not once per run.

jinja2 compiles every text fragment to Python before rendering it; for a report that is
about a tenth of a second each time, spent on texts that change
only when a translator edits them. `Cached` keeps the compiled code in the user's cache
folder (jinja2's own bytecode cache, keyed by the text, the environment's settings and the
jinja2 version), so a second report starts from it, as Python does with __pycache__. Where
the folder cannot be written, templates are compiled as before; `TILSYN_CACHE=0` turns it off.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

from tilsyn import usercache


@cache
def _bytecode_cache() -> Any | None:
    """jinja2's bytecode cache in the user's cache folder (signed entries, checked before
    jinja2 unpickles them: tilsyn/usercache.py), or None when it cannot be used."""
    import jinja2

    return usercache.bytecode_cache(f"jinja2-{jinja2.__version__}")


class Cached:
    """Mixed into a jinja2 Environment: `from_string` compiles through the file cache."""

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        cache_ = _bytecode_cache()
        if cache_ is None or not isinstance(source, str) or template_class is not None:
            return super().from_string(source, globals, template_class)  # type: ignore[misc]
        # The generated code depends on the environment's class and settings, not only on the
        # text: they are part of the key.
        settings = f"{type(self).__qualname__}|{self.autoescape}|{self.finalize is not None}"
        name = hashlib.sha256(f"{settings}\0{source}".encode()).hexdigest()
        bucket = cache_.get_bucket(self, name, None, source)
        code = bucket.code
        if code is None:
            code = self.compile(source)  # type: ignore[attr-defined]
            bucket.code = code
            cache_.set_bucket(bucket)
        return self.template_class.from_code(  # type: ignore[attr-defined]
            self, code, self.make_globals(globals), None
        )  # type: ignore[attr-defined]
