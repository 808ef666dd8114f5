"""Form input checked with the API's own schemas (web/schemas.py), so a page and its /api/v1
twin refuse the same input with the same Vietnamese message, shown beside the field.

How a posted form becomes a schema's input is decided here only: repeated fields (checkboxes,
multi-selects) fill the schema's list fields, the textareas of LINE_LISTS hold one item per
line, and a blank number, id or date is absent (a blank text stays the empty text the API
would be sent). A sub-form's fields (RoundIn.conference) sit in the page's form itself, so
their errors are shown at those fields.
"""

import types
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData
from starlette.requests import Request

from models.clock import VN
from models.errors import Invalid
from models.text import parse_date

M = TypeVar("M", bound=BaseModel)

# Textareas holding a list, one item per line; other list fields are repeated form fields.
LINE_LISTS = frozenset({"extra_recipients", "copies", "lines"})

_MESSAGES = {
    "missing": "Vui lòng nhập trường này.",
    "string_too_short": "Trường này không được để trống.",
    "string_too_long": "Quá dài (tối đa {max_length} ký tự).",
    "too_short": "Vui lòng chọn ít nhất {min_length} mục.",
    "too_long": "Quá nhiều mục (tối đa {max_length}).",
    "int_parsing": "Phải là một số nguyên.",
    "int_type": "Phải là một số nguyên.",
    "int_from_float": "Phải là một số nguyên.",
    "greater_than_equal": "Phải lớn hơn hoặc bằng {ge}.",
    "less_than_equal": "Phải nhỏ hơn hoặc bằng {le}.",
    "literal_error": "Vui lòng chọn một giá trị trong danh sách.",
    "enum": "Vui lòng chọn một giá trị trong danh sách.",
    "date_parsing": "Ngày không hợp lệ (nhập theo dạng dd/mm/yyyy).",
    "date_from_datetime_parsing": "Ngày không hợp lệ (nhập theo dạng dd/mm/yyyy).",
    "date_type": "Ngày không hợp lệ (nhập theo dạng dd/mm/yyyy).",
    "datetime_parsing": "Thời gian không hợp lệ.",
    "extra_forbidden": "Trường này không được hỗ trợ.",
}
DATE_MESSAGE = _MESSAGES["date_parsing"]
# A required field whose bare "please enter" would not say what is missing.
_REQUIRED = {
    "place": "Vui lòng nhập địa điểm hội nghị.",
    "speaker": "Vui lòng nhập người phát biểu.",
    "decision": "Vui lòng chọn hướng xử lý.",
    "comment_ids": "Vui lòng chọn ít nhất một ý kiến.",
}


def vi_message(error: Any) -> str:
    """The Vietnamese message of one pydantic error (pages and API alike)."""
    ctx = error.get("ctx") or {}
    loc = error.get("loc") or ("",)
    # A blank choice (an enum's "— chọn … —" option) is a missing field too.
    blank = error["type"] == "enum" and error.get("input") == ""
    if (blank or error["type"] in ("missing", "string_too_short")) and loc[-1] in _REQUIRED:
        return _REQUIRED[str(loc[-1])]
    if error["type"] == "value_error" and "error" in ctx:
        return str(ctx["error"])  # our validators raise Vietnamese messages
    template = _MESSAGES.get(error["type"], "Giá trị không hợp lệ.")
    try:
        return template.format(**{k: v for k, v in ctx.items() if isinstance(v, int | str)})
    except (KeyError, IndexError):
        return "Giá trị không hợp lệ."


def _types(annotation: Any) -> list[Any]:
    """The plain types an annotation admits (through Annotated, unions and Optional)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _types(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return [t for arg in get_args(annotation) for t in _types(arg)]
    return [annotation]


def _is_text(annotation: Any) -> bool:
    return any(isinstance(t, type) and issubclass(t, str) for t in _types(annotation))


def _is_list(annotation: Any) -> bool:
    return any(get_origin(t) is list for t in _types(annotation))


def _sub_forms(model: type[BaseModel]) -> set[str]:
    return {
        name
        for name, info in model.model_fields.items()
        if any(isinstance(t, type) and issubclass(t, BaseModel) for t in _types(info.annotation))
    }


def _field_of(loc: tuple[int | str, ...], subs: set[str], renames: dict[str, str]) -> str:
    for i in range(len(loc), 0, -1):
        dotted = ".".join(str(x) for x in loc[:i])
        if dotted in renames:
            return renames[dotted]
    if len(loc) > 1 and loc[0] in subs and isinstance(loc[1], str):
        return loc[1]  # a sub-form's field is a field of the page's form
    return str(loc[0]) if loc else ""


def field_errors(
    exc: ValidationError, model: type[BaseModel], renames: dict[str, str] | None = None
) -> dict[str, str]:
    """The first Vietnamese message per form field, to show next to that field."""
    subs, out = _sub_forms(model), dict[str, str]()
    for e in exc.errors():
        out.setdefault(_field_of(e["loc"], subs, renames or {}), vi_message(e))
    return out


def parse_model(model: type[M], data: dict[str, Any]) -> tuple[M | None, dict[str, str]]:
    """(model, {}) or (None, {field: message}); unknown keys are ignored (csrf_token …)."""
    known = {k: v for k, v in data.items() if k in model.model_fields}
    try:
        return model.model_validate(known), {}
    except ValidationError as exc:
        return None, field_errors(exc, model)


class FormErrors(Invalid):
    """A form refused by its schema: a message for each field at fault."""

    def __init__(self, errors: dict[str, str]) -> None:
        field, message = next(iter(errors.items()))
        super().__init__(message, field=field or None)
        self.errors = errors


def form_data(model: type[BaseModel], form: FormData) -> dict[str, Any]:
    """The form's fields that `model` knows, shaped as its JSON twin would send them."""
    data: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in LINE_LISTS:
            text = form.get(name)
            lines = text.splitlines() if isinstance(text, str) else []
            data[name] = [line for line in lines if line.strip()]
        elif _is_list(info.annotation):
            data[name] = [v for v in form.getlist(name) if isinstance(v, str)]
        elif isinstance(value := form.get(name), str):
            if value.strip() or _is_text(info.annotation):
                data[name] = value
    return data


def checked(model: type[M], data: dict[str, Any], *, renames: dict[str, str] | None = None) -> M:
    """The schema's model of `data`, or FormErrors with every field's Vietnamese message:
    a form, or one line of an import (web/routes/units.unit_line)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise FormErrors(field_errors(exc, model, renames)) from exc


@dataclass
class Posted:
    """A posted officer form: the raw form, and its text fields kept to show it again."""

    form: FormData
    values: dict[str, str]

    def data(self, model: type[BaseModel], **given: Any) -> dict[str, Any]:
        """The input for `model` (a sub-form's, say), `given` values replacing the form's."""
        return {**form_data(model, self.form), **given}

    def valid(self, model: type[M], *, renames: dict[str, str] | None = None, **given: Any) -> M:
        """The schema's model of this form, or FormErrors with every field's message.
        `given` are values the page works out itself (the round's kind, a sub-form);
        `renames` maps an error's location ("meetings.Cấp xã") to the form field."""
        return checked(model, self.data(model, **given), renames=renames)

    def moment(self, day: str | date, clock: str, *, default_clock: str = "") -> datetime:
        """A local date (dd/mm/yyyy, or a known day) and a time (hh:mm) typed in two fields,
        as the one aware datetime a schema holds (ConferenceIn.held_at); the API sends it
        whole, so there is no schema for the parts."""
        try:
            on = day if isinstance(day, date) else parse_date(self.text(day))
        except ValueError as exc:
            raise FormErrors({str(day): DATE_MESSAGE}) from exc
        try:
            hh, mm = (int(x) for x in (self.text(clock) or default_clock).split(":"))
            return datetime.combine(on, time(hh, mm), tzinfo=VN)
        except ValueError as exc:
            raise FormErrors({clock: "Giờ phải có dạng hh:mm, ví dụ 08:00."}) from exc

    def text(self, name: str, default: str = "") -> str:
        """A field no schema holds (each caller says why)."""
        return self.values.get(name, default)


def form_values(form: FormData) -> dict[str, str]:
    """Single-valued fields as text (uploads are read apart)."""
    return {k: v for k, v in form.items() if isinstance(v, str)}


async def read_posted(request: Request) -> Posted:
    """The posted form of any page, signed in or not (Page.posted, the sign-in pages)."""
    form = await request.form()
    return Posted(form, form_values(form))
