"""JSON text as every gradcli JSON output writes it: one line per JSON Lines record,
whatever the strings hold.

``json.dumps`` escapes the C0 controls but leaves U+0085, U+2028 and U+2029 raw: each is
a line break to ``str.splitlines()`` (and U+2028/U+2029 to JavaScript), so a formula
ending in U+2028 would split one result into two lines for a grading script. They, the
C1 controls (U+009B is an 8-bit escape to some terminals) and the invisible bidi and
zero-width characters are written as ``\\uXXXX`` escapes: the same data, safe bytes.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import INVISIBLE

# Outside strings JSON text has none of these, so replacing them anywhere is safe.
_UNSAFE = re.compile("[\x7f-\x9f" + "".join(map(chr, sorted(INVISIBLE))) + "]")


def dumps(value: Any, indent: int | None = None, separators: tuple[str, str] | None = None,
          allow_nan: bool = False) -> str:
    """``value`` as JSON (no NaN unless allowed, Unicode kept except for the characters
    above)."""
    text = json.dumps(value, indent=indent, separators=separators, allow_nan=allow_nan,
                      ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
