"""Who may see and act on what. Pure: the caller passes the user and the record."""

from models.errors import Forbidden
from models.tables import Directive, User

NOT_YOURS = "Bạn không có quyền truy cập dự thảo này."


def can_view(user: User, directive: Directive) -> bool:
    """Officers see their own drafting body's directives; leaders and admins see all."""
    if user.role in ("admin", "leader"):
        return True
    return user.unit_id is not None and user.unit_id == directive.drafting_unit_id


def can_act(user: User, directive: Directive) -> bool:
    """Officers act on their body's directives; leaders record signing; admins act anywhere."""
    if user.role == "admin":
        return True
    if user.role == "leader":
        return directive.stage in ("submitted", "signed")
    return can_view(user, directive)


def require_view(user: User, directive: Directive) -> None:
    if not can_view(user, directive):
        raise Forbidden(NOT_YOURS)


def require_act(user: User, directive: Directive) -> None:
    if not can_act(user, directive):
        raise Forbidden(
            NOT_YOURS
            if not can_view(user, directive)
            else "Vai trò của bạn không thực hiện được thao tác này."
        )
