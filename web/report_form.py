"""A posted report form as ReportIn (the unit's page and the officer's paper entry): the
figures are fields "figures.<code>", the narrative "narrative.<key>", so an error is shown at
the figure or section it is about (no `router`: not mounted)."""

from typing import Any, TypeVar

from models.commands.unit_reports import ReportIn
from web.forms import checked

R = TypeVar("R", bound=ReportIn)
FIGURE, NARRATIVE = "figures.", "narrative."


def report_data(values: dict[str, str], model: type[ReportIn]) -> dict[str, Any]:
    """The form's fields in the shape the API is sent (unknown fields dropped)."""
    data: dict[str, Any] = {"figures": {}, "narrative": {}}
    for name, value in values.items():
        if name.startswith(FIGURE):
            data["figures"][name[len(FIGURE) :]] = value
        elif name.startswith(NARRATIVE):
            data["narrative"][name[len(NARRATIVE) :]] = value
        elif name in model.model_fields:
            data[name] = value
    return data


def report_checked(values: dict[str, str], model: type[R]) -> R:
    """The model of the posted form, or FormErrors naming each form field at fault."""
    data = report_data(values, model)
    renames = {f"figures.{c}": f"{FIGURE}{c}" for c in data["figures"]}
    renames |= {f"narrative.{k}": f"{NARRATIVE}{k}" for k in data["narrative"]}
    return checked(model, data, renames=renames)
