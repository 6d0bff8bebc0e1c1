# SPDX-License-Identifier: Apache-2.0
"""An id of the wrong type (None, a number) raises ValidationError naming the argument, like
every other bad input, instead of pybind11's TypeError listing C++ signatures."""

import functools
import re

from . import _dagboard

_SIGNATURE = re.compile(r"^\w+\((.*)\) ->")


def _split_top_level(text):
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    if current.strip():
        parts.append(current.strip())
    return parts


def _parameters(doc):
    """[(name, type, keyword_only)] of the first signature line, without self."""
    match = _SIGNATURE.match((doc or "").splitlines()[0] if doc else "")
    if not match:
        return []
    out, keyword_only = [], False
    for part in _split_top_level(match.group(1)):
        if part == "*":
            keyword_only = True
            continue
        name, _, rest = part.partition(":")
        out.append((name.strip(), rest.split("=")[0].strip(), keyword_only))
    return out[1:]


def _wrong_string(params, args, kwargs):
    """The first str-typed argument given something that is not a str (None only when required)."""
    given = dict(kwargs)
    positional = [p for p in params if not p[2]]
    for (name, _, _), value in zip(positional, args):
        given[name] = value
    for name, kind, _ in params:
        if name not in given:
            continue
        value = given[name]
        if kind == "str" and not isinstance(value, str):
            return name, value
        if kind == "Optional[str]" and value is not None and not isinstance(value, str):
            return name, value
    return None


def _validation_error(name, value):
    message = f"{name} must be a string, got {type(value).__name__}"
    error = _dagboard.ValidationError(message)
    error.code, error.message, error.field = "VALIDATION_FAILED", message, name
    error.details = {"field": name, "reason": message}
    return error


def _guard(method):
    params = _parameters(method.__doc__)
    if not any(kind in ("str", "Optional[str]") for _, kind, _ in params):
        return method

    @functools.wraps(method)
    def checked(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except TypeError as e:
            wrong = "incompatible function arguments" in str(e) and _wrong_string(params, args, kwargs)
            if not wrong:
                raise
            raise _validation_error(*wrong) from None
    return checked


def guard_services():
    for name in dir(_dagboard):
        cls = getattr(_dagboard, name)
        if not isinstance(cls, type) or not (name.endswith("Service") or name.endswith("Store")):
            continue
        for attr, member in list(vars(cls).items()):
            if not attr.startswith("_") and callable(member):
                setattr(cls, attr, _guard(member))
