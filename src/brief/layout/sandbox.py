"""The sandbox layout templates run in: they see plain data and can only make text.

A layout may come from someone else, so its templates are treated as untrusted code:

- The context holds read-only *views* of the brief and the style, never the Pydantic models
  themselves: a :class:`Record` exposes a model's fields (or a mapping's keys) as attributes
  and nothing else, so no method of Pydantic, ReportLab or Python is reachable through it.
- Only callables on an allow-list can be called: the template's own macros and blocks, the
  loop helpers, the globals and filters registered here. Calling anything else (``str.format``,
  a date's methods, a bound method found on a value) is a :class:`~jinja2.exceptions.SecurityError`.
- Every render has a :class:`Budget`: loop steps, the size of any string or list built by an
  operator or filter, the size of the output and a deadline. Running over it stops the render
  with :class:`TemplateLimitError`, which the loader reports at the template's file and line.

Jinja2's own ``SandboxedEnvironment`` blocks private attributes; this module adds what makes a
template from a stranger harmless: it cannot call out, and it cannot run away.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import jinja2
import jinja2.compiler
import jinja2.filters
import jinja2.nodes
import jinja2.runtime
import jinja2.sandbox
import jinja2.utils
import markupsafe
from markupsafe import Markup

from brief.core.text import NOT_XML
from brief.layout.budget import Budget, TemplateLimitError, budget, current
from brief.layout.jinja_internals import JoinCheckingGenerator
from brief.layout.views import FieldUndefined, Record, Seq, measure, record_items, view

# Names the form templates are compiled to; change it whenever the environment's options or
# code generator change, so that no template compiled the old way is loaded from the cache.
COMPILED_FORM = "sandbox3"


def _budgeted_range(*args: int) -> Iterator[int]:
    numbers = range(*args)
    budget_now = current()
    if len(numbers) > budget_now.steps:
        raise TemplateLimitError(f"range of {len(numbers):,} numbers is over the loop budget")
    for number in numbers:
        budget_now.step()
        yield number


# How much longer than its input a filter's result can be: escaping turns one character into
# at most five (``"`` into ``&#34;``); the others are joins of their inputs.
_GROWTH = {"e": 5, "escape": 5}
# Filters whose result is a number or one of their inputs as it is: nothing to size first.
_NOT_GROWING = {"abs", "count", "length", "first", "last", "default", "d", "attr", "float",
                "int", "round", "wordcount", "select", "reject", "selectattr", "rejectattr",
                "filesizeformat", "filesize", "longdate", "language_name",
                "describe_chart", "chart_title"}  # fmt: skip


def _sized(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose result is sized before it is built (from its inputs, for those that
    join or escape them) and checked after, against the budget's size limits."""
    growth = _GROWTH.get(name, 0 if name in _NOT_GROWING else 1)

    def checked(*args: Any, **kwargs: Any) -> Any:
        spending = current()
        spending.check_time()
        if growth:
            values = [a for a in args if not isinstance(a, jinja2.nodes.EvalContext)]
            values += list(kwargs.values())
            cap = spending.chars + 1
            estimate = sum(measure(value, cap) for value in values) * growth
            spending.check_size(estimate, f"a value (filter '{name}')", count=False)
        result = function(*args, **kwargs)
        if isinstance(result, Iterator) and not isinstance(result, str):
            # reverse, map, select...: made a list now, so what takes it next can size it
            result = list(result)
            spending.step(len(result))
        if isinstance(result, str | list | tuple):
            # What a filter passes on (first, default) was counted when it was built.
            spending.check_size(len(result), f"a value (filter '{name}')", count=bool(growth))
        if isinstance(result, list):
            return Seq(result)  # looping over it spends the budget too
        return result

    checked.__name__ = name
    for flag in ("jinja_pass_arg",):
        if hasattr(function, flag):
            setattr(checked, flag, getattr(function, flag))
    return checked


def _replace(value: Any, old: Any, new: Any, count: int | None = None) -> Any:
    text, old, new = str(value), str(old), str(new)
    occurrences = text.count(old) if old else len(text) + 1
    if count is not None:
        occurrences = min(occurrences, max(count, 0))
    current().check_size(len(text) + occurrences * len(new), "a value (filter 'replace')")
    if isinstance(value, Markup):  # escaped like Jinja2's own: text never becomes markup
        return Markup(value).replace(
            markupsafe.escape(old), markupsafe.escape(new), -1 if count is None else count
        )
    return text.replace(old, new, -1 if count is None else count)


# Filters a template may use: pure functions of their arguments, with results bounded by
# their inputs. Left out: those that build text of any size from a number (center, indent,
# wordwrap, format, pprint, batch and slice with a fill), mark text as markup (safe,
# forceescape), make markup or addresses (urlize, xmlattr, urlencode, tojson) or are not
# repeatable (random).
_ALLOWED_FILTERS = (  # noqa: SIM905 (words read better than a list of strings)
    "abs attr capitalize count d default e escape filesizeformat first float groupby int "
    "join last length list lower map max min reject rejectattr replace reverse round select "
    "selectattr sort string striptags sum title trim truncate unique upper wordcount"
).split()
# Every filter is sized: a result that is text or a list counts against the budget.
_SIZED_FILTERS = set(_ALLOWED_FILTERS) - {"round"}

# A conversion of ``%``: its mapping key (``%(name)``), flags, width and precision.
_STRING_FORMAT_WIDTH = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _round(value: Any, precision: int = 0, method: str = "common") -> float:
    if not isinstance(precision, int) or not -20 <= precision <= 20:
        raise TemplateLimitError("round takes a precision from -20 to 20")
    return jinja2.filters.do_round(value, precision, method)  # type: ignore[arg-type]


def _items(value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, Record):
        yield from record_items(value)
    elif not isinstance(value, jinja2.runtime.Undefined):
        raise TypeError("items needs a mapping")


def _dictsort(
    value: Any, case_sensitive: bool = False, by: str = "key", reverse: bool = False
) -> list[tuple[str, Any]]:
    if not isinstance(value, Record):
        raise TypeError("dictsort needs a mapping")
    position = 0 if by == "key" else 1

    def key(pair: tuple[str, Any]) -> Any:
        value = pair[position]
        return value if case_sensitive or not isinstance(value, str) else value.lower()

    return sorted(record_items(value), key=key, reverse=reverse)


# What XML 1.0 cannot carry. The reader removes such code points from articles with a warning;
# this is the one place that makes every value a template prints safe for the story's XML.
_NOT_XML = NOT_XML


def xml_safe(value: Any) -> Any:
    """*value* as printed into the story: text without characters XML cannot carry; any
    other value is sized before it is made text (a list of long strings prints each)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _NOT_XML.sub("", value)
    if not isinstance(value, str):
        spending = current()
        spending.check_size(measure(value, spending.chars + 1), "a printed value", count=False)
    return value


class DataNamespace(jinja2.utils.Namespace):
    """``namespace()`` holding data only: Jinja2's own would take a bound method under a name
    such as ``__html__``, which escaping then calls (``namespace(__html__=brief.title.strip)``
    printed the title unescaped), so names are plain and values are never callables."""

    def __init__(*args: Any, **kwargs: Any) -> None:
        self, rest = args[0], args[1:]
        values = dict(*rest, **kwargs)
        for name, value in values.items():
            _data_only(name, value)
        jinja2.utils.Namespace.__init__(self, values)

    def __setitem__(self, name: str, value: Any) -> None:
        _data_only(name, value)
        jinja2.utils.Namespace.__setitem__(self, name, value)


def _data_only(name: Any, value: Any) -> None:
    if not isinstance(name, str) or name.startswith("_"):
        raise jinja2.exceptions.SecurityError(
            f"a namespace name may not start with an underscore ({str(name)[:40]!r})"
        )
    if callable(value) and not isinstance(value, jinja2.runtime.Undefined | Markup | Record):
        raise jinja2.exceptions.SecurityError(
            f"a namespace holds data, not something to call ('{name}')"
        )


_SAFE_GLOBALS = (
    _budgeted_range,
    dict,
    DataNamespace,
    jinja2.utils.Cycler,
    jinja2.utils.Joiner,
)


# Objects templates read most, whose attributes only the underscore rule can forbid.
_PLAIN_OWNERS = frozenset({Record, Seq, jinja2.runtime.LoopContext})


class LayoutSandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, closed further: an allow-list of callables, budgeted
    operators and loops, and a compiled form that checks string joins."""

    code_generator_class = JoinCheckingGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any):
        super().__init__(undefined=FieldUndefined, finalize=xml_safe, **options)
        self.globals = dict(
            zip(("range", "dict", "namespace", "cycler", "joiner"), _SAFE_GLOBALS, strict=True)
        )
        builtin = self.filters
        self.filters = {name: builtin[name] for name in _ALLOWED_FILTERS}
        for name in _SIZED_FILTERS:
            self.filters[name] = _sized(name, builtin[name])
        self.filters["replace"] = _replace
        self.filters["round"] = _round
        self.filters["items"] = _items
        self.filters["dictsort"] = _dictsort
        self._own: set[int] = set()

    def allow(self, name: str, function: Callable[..., Any], kind: str = "filter") -> None:
        """Register one of brief's own filters or globals, callable from templates; what it
        builds is sized against the budget like the built-in filters' results."""
        checked = _sized(name, function)
        if kind == "filter":
            self.filters[name] = checked
        else:
            self.globals[name] = checked
            self._own.add(id(checked))

    def is_safe_callable(self, obj: Any) -> bool:
        """Macros, blocks, loop helpers and the registered globals; nothing else."""
        if isinstance(
            obj,
            jinja2.runtime.Macro
            | jinja2.runtime.BlockReference
            | jinja2.runtime.LoopContext
            | jinja2.utils.Joiner
            | jinja2.runtime.Undefined,
        ):  # calling an undefined name reports it
            return True
        if id(obj) in self._own or any(obj is allowed for allowed in _SAFE_GLOBALS):
            return True
        owner = getattr(obj, "__self__", None)
        name = getattr(obj, "__name__", "")
        if isinstance(owner, jinja2.runtime.LoopContext):
            return name in {"cycle", "changed"}
        if isinstance(owner, jinja2.utils.Cycler):
            return name in {"next", "reset"}
        return False

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if type(obj) in _PLAIN_OWNERS:
            # What Jinja2's checks come to for these (none is a function, frame or mutable
            # collection: only the underscore rule applies), without its isinstance tests
            # against abstract classes, which were a tenth of a long brief's template time.
            return not attr.startswith("_") and not isinstance(value, type)
        return super().is_safe_attribute(obj, attr, value) and not isinstance(value, type)

    def call(
        __self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any
    ) -> Any:
        if not __self.is_safe_callable(__obj):
            what = getattr(__obj, "__qualname__", None) or type(__obj).__name__
            raise jinja2.exceptions.SecurityError(
                f"calling '{what}' is not allowed in a layout template"
            )
        current().step()
        return __context.call(__obj, *args, **kwargs)

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        spending = current()
        if operator == "**":
            if isinstance(right, int | float) and abs(right) > 1024:
                raise TemplateLimitError("a power of more than 1024 is not allowed")
            if isinstance(left, int) and abs(left) > 2**64 and isinstance(right, int) and right > 1:
                raise TemplateLimitError("a power of a number that large is not allowed")
        elif operator == "*":
            for sized, count in ((left, right), (right, left)):
                if isinstance(sized, str | list | tuple | Seq) and isinstance(count, int):
                    spending.check_size(len(sized) * max(count, 0))
            if (
                isinstance(left, int)
                and isinstance(right, int)
                and left.bit_length() + right.bit_length() > 4096
            ):
                raise TemplateLimitError("a product of numbers that large is not allowed")
        elif operator == "+":
            if isinstance(left, str | list | tuple | Seq) and isinstance(
                right, str | list | tuple | Seq
            ):
                spending.check_size(len(left) + len(right))
        elif operator == "%" and isinstance(left, str):
            total = len(left)
            for width, precision in _STRING_FORMAT_WIDTH.findall(left):
                for number in (width, precision):
                    if number == "*" or (number and int(number) > 10_000):
                        raise TemplateLimitError("a format width over 10000 is not allowed")
                    total += int(number) if number and number != "*" else 0
            cap = spending.chars + 1
            if isinstance(right, dict):  # "%(a)s" * 100 % dict(a=s): a value used each time
                conversions = len(_STRING_FORMAT_WIDTH.findall(left))
                largest = max((measure(v, cap) for v in right.values()), default=0)
                total += conversions * largest
            else:
                values = right if isinstance(right, tuple) else (right,)
                total += sum(measure(v, cap) for v in values)
            spending.check_size(total * (5 if isinstance(left, Markup) else 1))
        result = self.binop_table[operator](left, right)
        if isinstance(result, str | list | tuple):
            spending.check_size(len(result))
        return Seq(result) if isinstance(result, list) else result

    def joined(self, parts: tuple[Any, ...], autoescape: bool) -> str:
        """``a ~ b ~ c``: the joined text, checked against the size budget first."""
        spending = current()
        cap = spending.chars + 1
        spending.check_size(sum(measure(part, cap) * (5 if autoescape else 1) for part in parts))
        return (jinja2.runtime.markup_join if autoescape else jinja2.runtime.str_join)(parts)


def render(template: jinja2.Template, spending: Budget, **context: Any) -> str:
    """Render *template* with *context* (given as views) within *spending*."""
    with budget(spending):
        parts: list[str] = []
        size = 0
        for index, chunk in enumerate(
            template.generate(**{k: view(v) for k, v in context.items()})
        ):
            size += len(chunk)
            if size > spending.chars:
                raise TemplateLimitError(
                    f"the template's output passed {spending.chars:,} characters"
                )
            parts.append(chunk)
            if index & 0x3FF == 0:
                spending.check_time()
        return _NOT_XML.sub("", "".join(parts))  # literal text and markup, too
