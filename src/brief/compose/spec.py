"""Brief specs: the TOML file in ``briefs/`` that names an article and adds editorial choices."""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from brief.core.addresses import is_web_address
from brief.core.cache import StampedMemo, file_stamp, validated
from brief.core.confined import read_input
from brief.core.errors import BriefError, Problem, SpecError
from brief.core.limits import Limits, oversized_number
from brief.core.locales import is_language_tag
from brief.core.units import parse_size


class _Model(BaseModel):
    # Validators are built when first used, and a spec that validated before is loaded from
    # the cache (brief.core.cache.validated): building them is 17 ms of a first render.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


class RecommendationItem(_Model):
    """A recommendation of the spec's own, printed after the article's."""

    label: str | None = Field(None, description="Bold lead-in, e.g. 'Open a trade desk'.")
    text: str = Field(min_length=1, description="The recommendation itself.")


class Recommendations(_Model):
    """Which article lists become the brief's Recommendations section, and what to add."""

    heading: str | None = Field(
        None,
        description="Heading of the section; by default the layout's word for "
        "'Recommendations' in the brief's language.",
    )
    from_sections: list[str] | None = Field(
        None,
        description="Headings (or the start of headings) of the article sections whose lists "
        "become recommendations. By default, sections whose heading mentions recommendations. "
        "An empty list takes none.",
    )
    items: list[RecommendationItem] = Field(
        default_factory=list, description="Recommendations added after the article's."
    )
    replace: bool = Field(
        False, description="When true, 'items' replace the article's recommendations."
    )


class TableChoice(_Model):
    """An editorial choice about one of the article's tables, numbered in reading order."""

    number: int = Field(ge=1, description="The table's position in the article, from 1.")
    caption: str | None = Field(None, description="Caption shown as 'Table N: caption'.")
    keep: bool = Field(True, description="False leaves the table out of the brief.")
    note: str | None = Field(None, description="Source or note line printed under the table.")
    widths: list[str | float] | None = Field(
        None,
        description="One width per column: a length (points, '40mm'), a percentage of the "
        "text width ('30%') or '*' for a width from the content.",
    )
    header_rows: int = Field(
        1, ge=1, description="How many of the table's first rows are header rows."
    )


ChartKind = Literal["bar", "grouped-bar", "stacked-bar", "horizontal-bar", "line", "dot"]
CHART_KINDS: tuple[str, ...] = get_args(ChartKind)  # the one list of them
CHART_PLACES = ("before-table", "instead-of-table", "cover")


class ChartChoice(_Model):
    """A chart drawn from one of the article's tables."""

    table: Annotated[int, Field(strict=True, ge=1)] | Annotated[str, Field(min_length=1)] = Field(
        description="The article's table: its number in the article (from 1) or its caption."
    )
    kind: ChartKind = Field(
        "bar", description="bar, grouped-bar, stacked-bar, horizontal-bar, line or dot."
    )
    x: str | None = Field(
        None, description="Header of the column of categories (default: the first column)."
    )
    y: Annotated[list[str], Field(min_length=1, max_length=12)] | None = Field(
        None,
        description="Headers of the columns of values, one series each (default: every "
        "column of numbers but x).",
    )
    title: str | None = Field(
        None, description="Caption: 'Figure N: title' (default: the table's)."
    )
    units: str | None = Field(None, description="What the values are in, e.g. 'USD bn'.")
    source: str | None = Field(None, description="Source line under the chart.")
    place: Literal["before-table", "instead-of-table", "cover"] | None = Field(
        None,
        description="before-table (the table follows the chart), instead-of-table (the "
        "table's data stays attached to the PDF and to the chart) or cover (on the title page, "
        "the table stays where it was). Default: instead of the table when the chart shows "
        "all of it (every column, every row), else before it.",
    )
    sort: Literal["value", "table"] | None = Field(
        None,
        description="Order of the bars: by value (largest first) or as in the table. Default: "
        "a horizontal bar chart by value, unless its categories are ordered (years, numbers, "
        "'Q1'…'Q4'); every other kind as in the table.",
    )
    highlight: str | None = Field(None, description="A category drawn in the accent colour.")
    totals: Literal["exclude", "include"] = Field(
        "exclude",
        description="Rows that sum up the others (Total, Average, '2026-2035' under its "
        "years, a bold last row that is their sum): left out of the chart, or included.",
    )

    @field_validator("highlight", mode="before")
    @classmethod
    def _category(cls, value: object) -> object:
        """A category written as a number in YAML (2030) is the cell's text."""
        return (
            str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
        )


class Conclusion(_Model):
    """The closing section: its heading, or text of the spec's own in place of the article's."""

    heading: str | None = Field(None, description="Heading for the closing section.")
    text: str | None = Field(
        None, description="Replacement conclusion; paragraphs are separated by blank lines."
    )


class Correction(_Model):
    """An exact-text fix for the article: every occurrence of 'find' becomes 'replace'."""

    find: str = Field(min_length=1, description="Exact text to find in the article.")
    replace: str = Field(description="Replacement text.")


class Spec(_Model):
    """A brief spec. Everything except 'source' is optional; the article supplies the rest."""

    source: str = Field(description="The article, relative to this spec file.")
    layout: str = Field("default", description="Layout name, looked up on the layout path.")
    language: str = Field("en", description="BCP 47 language tag of the brief, e.g. 'en-GB'.")
    title: str | None = Field(None, description="Title; defaults to the article's title.")
    short_title: str | None = Field(None, description="Title in the running header.")
    subtitle: str | None = Field(None, description="Subtitle on the title page.")
    series: str | None = Field(None, description="Series name, e.g. 'Eurasia Policy Briefs'.")
    number: str | None = Field(None, description="Number within the series, e.g. '2025/07'.")
    date: dt.date | None = Field(
        None, description="Publication date; defaults to SOURCE_DATE_EPOCH, then today."
    )
    authors: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list, description="Authors, as they are to be printed."
    )
    organisation: str | None = Field(
        None, description="Publisher: in the footer, the about box and 'How to cite'."
    )
    audience: str | None = Field(None, description="Who the brief is written for.")
    source_url: str | None = Field(
        None, description="Where the article is published (http or https), for the about box."
    )
    url: str | None = Field(
        None,
        description="Where the brief itself is published (http or https): in its citations "
        "and the Open Graph and JSON-LD data of its web page.",
    )
    keywords: list[str] = Field(default_factory=list, description="PDF keywords.")
    translation_of: str | None = Field(
        None,
        min_length=1,
        description="The brief this one translates: its spec's file, relative to this one "
        "(e.g. 'belarus-sco-tianjin.toml'). On the published site, the translations of a "
        "brief link to each other.",
    )
    summary: str | None = Field(
        None,
        description="Summary paragraphs separated by blank lines; defaults to the article's lede.",
    )
    key_points: list[str] | None = Field(
        None, description="Key points for the title page; defaults to each section's lead."
    )
    contents: bool = Field(
        False, description="Print a table of contents (the report layout always does)."
    )
    list_of_tables: bool = Field(
        False, description="Print a list of tables (the report layout does when there are any)."
    )
    pdf_a: bool = Field(
        False, description="Also make the PDF conform to PDF/A-2 for long-term archiving."
    )
    data: bool = Field(
        True,
        description="Attach each table's cells to the PDF as a CSV file (brief render "
        "--no-data leaves them out).",
    )
    size_budget: str = Field(
        "10 MB",
        description="A PDF larger than this is warned about (an error with --strict), "
        "e.g. '5 MB' or '800 kB'.",
    )
    output: str | None = Field(
        None,
        description="File name of the PDF in the output folder, e.g. 'aca-2025-final.pdf'; "
        "default: the spec's name with .pdf.",
    )
    recommendations: Recommendations = Field(
        default_factory=Recommendations,
        description="Which article lists become the Recommendations section, and what to add.",
    )
    tables: list[TableChoice] = Field(
        default_factory=list, description="Captions, notes, widths or leaving out, by table."
    )
    charts: list[ChartChoice] = Field(
        default_factory=list, description="Charts drawn from the article's tables."
    )
    conclusion: Conclusion = Field(
        default_factory=Conclusion, description="The closing section's heading or text."
    )
    corrections: list[Correction] = Field(
        default_factory=list, description="Exact text of the article, replaced everywhere."
    )
    texts: dict[str, str] = Field(
        default_factory=dict,
        description="brief's own words for this brief, by message name (see docs/layouts.md), "
        "e.g. key_points = 'Highlights'; they win over the layout's and the catalogue's.",
    )

    @field_validator("output")
    @classmethod
    def _file_name(cls, value: str | None) -> str | None:
        if value is not None and (
            not value.lower().endswith(".pdf")
            or "/" in value
            or "\\" in value
            or value.startswith(".")
        ):
            raise ValueError("must be a file name ending in .pdf, without folders")
        if value is not None and any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in value):
            raise ValueError("must be a file name without control characters")
        if value is not None and _RESERVED_NAME.fullmatch(value.split(".")[0].strip()):
            raise ValueError("is a name Windows keeps for a device (CON, NUL, COM1...)")
        return value

    @field_validator("size_budget")
    @classmethod
    def _size(cls, value: str) -> str:
        parse_size(value)
        return value

    @field_validator("url", "source_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None and not is_web_address(value):
            raise ValueError("must be a web address starting with http:// or https://")
        return value

    @field_validator("language")
    @classmethod
    def _language_tag(cls, value: str) -> str:
        if not is_language_tag(value):
            raise ValueError("must be a language tag such as 'en' or 'en-GB'")
        return value


# Names Windows gives to devices, with any extension: a PDF named so cannot be opened there.
_RESERVED_NAME = re.compile(r"(?i)(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])")

_SPEC_HINT = Limits().hint("spec-mb")
DEFAULT_TOML_BYTES = int(Limits().spec_mb * 1_000_000)


def load_spec(path: Path, limits: Limits = Limits()) -> Spec:  # noqa: B008 (frozen)
    """Read and validate a spec, reporting every problem in it at once."""
    data = read_toml(path, SpecError, int(limits.spec_mb * 1_000_000))
    try:
        spec: Spec = validated(Spec, data)
    except ValidationError as exc:
        raise SpecError(validation_problems(exc, path, Spec)) from None
    return spec


def read_toml(
    path: Path, error: type[BriefError], max_bytes: int = DEFAULT_TOML_BYTES
) -> dict[str, Any]:
    """Parse a TOML file of at most *max_bytes*, turning syntax errors into ``file:line:``
    problems.

    A file read before and unchanged since (same size and modification time) is not parsed
    again: a process that renders many briefs reads the same layout files each time."""
    stamp = file_stamp(path)
    if stamp is None:
        return _parse_toml(path, error, max_bytes)
    # a copy each time: the caller may change what it is given
    return copy.deepcopy(_PARSED.get(stamp, lambda: _parse_toml(path, error, max_bytes)))


_PARSED: StampedMemo[dict[str, Any]] = StampedMemo(most=64)


def _parse_toml(path: Path, error: type[BriefError], max_bytes: int) -> dict[str, Any]:
    try:
        text = read_input(path, error, max_bytes=max_bytes, limit_hint=_SPEC_HINT).decode(
            "utf-8-sig"
        )
    except UnicodeDecodeError:
        raise error.at(path, "not valid UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise error.at(path, "invalid TOML: values nested too deeply") from None
    except ValueError as exc:  # an integer of thousands of digits (Python's own limit)
        if isinstance(exc, tomllib.TOMLDecodeError):
            raise _toml_problem(exc, path, error) from None
        raise error.at(path, "invalid TOML: a number too long to read") from None
    huge = oversized_number(data)
    if huge is not None:
        raise error.at(path, "the number is too large", key=format_key(list(huge)))
    return data


def _toml_problem(exc: tomllib.TOMLDecodeError, path: Path, error: type[BriefError]) -> BriefError:
    message = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    line = int(match.group(1)) if match else None
    message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
    return error.at(path, f"invalid TOML: {message}", line=line)


def validation_problems(exc: ValidationError, path: Path, model: type[BaseModel]) -> list[Problem]:
    """Pydantic errors as problems keyed by dotted path (list entries counted from 1)."""
    problems = []
    for err in exc.errors():
        loc = list(err["loc"])
        key = format_key(loc)
        if err["type"] == "extra_forbidden":
            message = f"unknown key '{loc[-1]}'" + _suggestion(model, loc)
        elif err["type"] == "missing":
            message = "required key is missing"
        elif err["type"].startswith(("date_", "datetime_")):
            message = f"must be a date such as 2025-09-01, got {_describe(err.get('input'))}"
        elif err["type"] == "value_error":  # brief's own check: its words, not Pydantic's
            message = str(err.get("ctx", {}).get("error", err["msg"]))
            message += f", got {_describe(err.get('input'))}"
        else:
            message = err["msg"][0].lower() + err["msg"][1:]
            if err["type"].endswith(("_type", "_parsing")) or err["type"] == "literal_error":
                message += f", got {_describe(err.get('input'))}"
        problems.append(Problem(path, message, key=key))
    return problems


def format_key(loc: list[Any]) -> str:
    """('tables', 0, 'caption') -> 'tables[1].caption'."""
    key = ""
    for part in loc:
        if isinstance(part, int):
            key += f"[{part + 1}]"
        else:
            key += ("." if key else "") + str(part)
    return key


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int) and abs(value) >= 10**30:
        return "a number too large"
    if isinstance(value, int | float):
        return f"number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return f"string '{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _suggestion(model: type[BaseModel], loc: list[Any]) -> str:
    """'(did you mean 'title'?)' for a misspelt key, found by walking the model along *loc*."""
    current: Any = model
    keyed = False  # the last field was a table of named entries ([paragraphs.NAME])
    for part in loc[:-1]:
        if isinstance(part, int) or keyed:
            keyed = False
            continue
        field = current.model_fields.get(str(part)) if hasattr(current, "model_fields") else None
        if field is None:
            return ""
        keyed = getattr(field.annotation, "__origin__", None) is dict
        current = _inner_model(field.annotation)
        if current is None:
            return ""
    names = list(getattr(current, "model_fields", {}))
    close = difflib.get_close_matches(str(loc[-1]), names, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found:
            return found
    return None
