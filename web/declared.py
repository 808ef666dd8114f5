"""The declaration every route carries (web/guard.py builds the guards on it): which
actions of the policy table (models/policy.py) the route performs, or that it is public."""

from collections.abc import Mapping

from fastapi import HTTPException, Request

from models import policy


class Declared:
    """What a route declares: its actions (none for a public route) and, for a route whose
    path chooses the action (`/act/{action}`), the path parameter and its choices."""

    def __init__(self, actions: str | Mapping[str, str], *, param: str | None = None) -> None:
        if isinstance(actions, str):
            self.choices: dict[str, str] = {}
            self.fixed: str | None = actions
        else:
            if param is None:
                raise ValueError("a mapping of actions needs the path parameter that picks one")
            self.choices, self.fixed = dict(actions), None
        self.param = param
        for name in self.actions:
            policy.action(name)  # an unknown action fails at import, not at the first request

    @property
    def actions(self) -> tuple[str, ...]:
        return (self.fixed,) if self.fixed else tuple(self.choices.values())

    def action_for(self, request: Request) -> str:
        if self.fixed is not None:
            return self.fixed
        chosen = self.choices.get(str(request.path_params.get(self.param or "", "")))
        if chosen is None:
            raise HTTPException(404)
        return chosen

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.fixed or self.choices!r})"


class Public(Declared):
    """No account: the route authorises itself (a unit's link token) or needs nothing."""

    def __init__(self, why: str) -> None:
        self.why, self.fixed, self.choices, self.param = why, None, {}, None

    @property
    def actions(self) -> tuple[str, ...]:
        return ()

    def __call__(self) -> None:
        return None

    def __repr__(self) -> str:
        return f"Public({self.why!r})"
