# SPDX-License-Identifier: Apache-2.0
"""Signatures, help and argument checks for the services' methods.

pybind11 methods have no inspect.signature, and those that take a request's fields as keyword
arguments show only `**kwargs`. Each method is wrapped in a Python function whose __signature__
and __doc__ come from pybind11's signature line and, for the keyword arguments, from the
library's request schema (dagboard.request_schema): the fields are written once, in the C++
reader, and every front door shows the same list.

An id of the wrong type (None, a number) raises ValidationError naming the argument, like every
other bad input, instead of pybind11's TypeError listing C++ signatures."""

import ast
import functools
import inspect
import keyword
import re

from . import _dagboard

_SIGNATURE = re.compile(r"^\w+\((.*)\) -> (.*)$")


class _Omitted:
    """The default of an optional keyword: not given (the library's default applies; on an
    update, the field keeps its value, while None clears it)."""

    def __repr__(self):
        return "omitted"


OMITTED = _Omitted()


class _Shown:
    """A default pybind11 prints but Python cannot evaluate, shown as printed."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


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


_TYPING = [(re.compile(r"\bdagboard\._dagboard\."), ""), (re.compile(r"\bList\["), "list["),
           (re.compile(r"\bDict\["), "dict["), (re.compile(r"\bTuple\["), "tuple["),
           (re.compile(r"\bobject\b"), "Any"), (re.compile(r"\bSet\["), "set["),
           (re.compile(r"^function$"), "Callable[..., Any]")]


def annotation(text):
    """pybind11's type text in the spelling the stubs use: `Optional[str]` -> `str | None`."""
    text = text.strip()
    for pattern, replacement in _TYPING:
        text = pattern.sub(replacement, text)
    match = re.fullmatch(r"Optional\[(.*)\]", text)
    if match:
        return annotation(match.group(1)) + " | None"
    return text


def _default(text):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return _Shown(text)


def parse_signature(doc):
    """(parameters, return annotation) of pybind11's first doc line, without self; None when the
    doc has no signature line. A `**kwargs` parameter is kept (kind VAR_KEYWORD)."""
    match = _SIGNATURE.match((doc or "").split("\n", 1)[0])
    if not match:
        return None
    params, kind = [], inspect.Parameter.POSITIONAL_OR_KEYWORD
    for part in _split_top_level(match.group(1))[1:]:
        if part == "*":
            kind = inspect.Parameter.KEYWORD_ONLY
            continue
        if part.startswith("**"):
            params.append(inspect.Parameter(part[2:].split(":")[0], inspect.Parameter.VAR_KEYWORD))
            continue
        name, _, rest = part.partition(":")
        kind_text, _, default = rest.partition("=")
        extra = {"default": _default(default.strip())} if default else {}
        params.append(inspect.Parameter(name.strip(), kind, annotation=annotation(kind_text), **extra))
    return params, annotation(match.group(2))


def schema_annotation(schema):
    """The Python type of one JSON Schema property of a request."""
    if "anyOf" in schema:
        return " | ".join(dict.fromkeys(schema_annotation(s) for s in schema["anyOf"]))
    kind = schema.get("type")
    if "enum" in schema:
        return "Literal[" + ", ".join(repr(v) for v in schema["enum"]) + "]"
    if kind == "string":
        return "str | datetime" if schema.get("format") == "date-time" else "str"
    if kind == "array":
        return "list[" + schema_annotation(schema.get("items", {})) + "]"
    simple = {"integer": "int", "number": "float", "boolean": "bool", "object": "dict[str, Any]",
              "null": "None"}
    return simple.get(kind, "Any")


def python_name(field):
    """A field's keyword in Python: `from` is a Python keyword, so `from_`."""
    return field + "_" if keyword.iskeyword(field) else field


def keyword_parameters(request, taken):
    """The keyword-only parameters of a request's fields, in the reader's order, without those
    the method already takes by position."""
    schema = _dagboard.request_schema(request)
    required = set(schema["required"])
    out = []
    for field in schema["x-order"]:
        name = python_name(field)
        if name in taken:
            continue
        extra = {} if field in required else {"default": OMITTED}
        out.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY,
                                     annotation=schema_annotation(schema["properties"][field]),
                                     **extra))
    return out


def _typed_by_schema(param, request):
    """A parameter pybind11 types loosely (`to_status: object`) gets its field's type."""
    if param.annotation != "Any":
        return param
    schema = _dagboard.request_schema(request)
    field = schema["properties"].get(param.name)
    if field is None:
        return param
    text = schema_annotation(field)
    if param.default is None and not text.endswith("| None"):
        text += " | None"
    return param.replace(annotation=text)


def method_signature(method, request):
    """The inspect.Signature of a pybind11 method; `request` names the schema of its **kwargs."""
    parsed = parse_signature(method.__doc__)
    if parsed is None:
        return None
    params, returns = parsed
    positional = [p for p in params if p.kind != inspect.Parameter.VAR_KEYWORD]
    if request:
        taken = {p.name for p in positional}
        positional = [_typed_by_schema(p, request) for p in positional]
        keywords = [p for p in positional if p.kind == inspect.Parameter.KEYWORD_ONLY]
        positional = [p for p in positional if p.kind != inspect.Parameter.KEYWORD_ONLY]
        positional += keywords + keyword_parameters(request, taken)
    self_param = inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return inspect.Signature([self_param] + positional, return_annotation=returns,
                             __validate_parameters__=False)


def _help(method, signature, request):
    """The summary pybind11 was given, then one line per parameter."""
    text = (method.__doc__ or "").split("\n", 1)
    summary = text[1].strip() if len(text) > 1 else ""
    lines = [summary] if summary else []
    params = list(signature.parameters.values())[1:]
    if params:
        lines += ["", "Parameters:"]
        for p in params:
            required = p.default is inspect.Parameter.empty
            lines.append(f"    {p.name}: {p.annotation}" + (" (required)" if required else ""))
    if request:
        lines += ["", f"The keyword arguments are the fields of {request}: "
                      f"dagboard.request_schema({request!r})."]
    return "\n".join(lines)


def _wrong_string(params, args, kwargs):
    """The first str-typed argument given something that is not a str (None only when required)."""
    given = dict(kwargs)
    positional = [p for p in params if p.kind == inspect.Parameter.POSITIONAL_OR_KEYWORD]
    for p, value in zip(positional, args):
        given[p.name] = value
    for p in params:
        if p.name not in given:
            continue
        value = given[p.name]
        if p.annotation == "str" and not isinstance(value, str):
            return p.name, value
        if p.annotation == "str | None" and value is not None and not isinstance(value, str):
            return p.name, value
    return None


def _validation_error(name, value):
    message = f"{name} must be a string, got {type(value).__name__}"
    error = _dagboard.ValidationError(message)
    error.code, error.message, error.field = "VALIDATION_FAILED", message, name
    error.details = {"field": name, "reason": message}
    return error


def _wrap(method, request):
    signature = method_signature(method, request)
    if signature is None:
        return method
    params = list(signature.parameters.values())[1:]

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except TypeError as e:
            wrong = "incompatible function arguments" in str(e) and _wrong_string(params, args, kwargs)
            if not wrong:
                raise
            raise _validation_error(*wrong) from None

    call.__signature__ = signature
    call.__doc__ = _help(method, signature, request)
    del call.__wrapped__  # inspect and help() follow __signature__, not pybind11's builtin
    return call


def native_classes():
    """The module's classes with methods: services, Workspace, Subscription (not the errors)."""
    for name in dir(_dagboard):
        cls = getattr(_dagboard, name)
        if isinstance(cls, type) and not issubclass(cls, BaseException) and not name.startswith("_"):
            yield cls


def guard_services():
    for cls in native_classes():
        requests = vars(cls).get("_keyword_requests", {})
        for attr, member in list(vars(cls).items()):
            if not attr.startswith("_") and callable(member):
                setattr(cls, attr, _wrap(member, requests.get(attr)))
