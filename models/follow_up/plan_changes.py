"""What changed from one version of a follow-up plan to the next, in the officer's words
("Kỳ báo cáo: Quý I, 6 tháng, 9 tháng, Năm → 6 tháng, Năm"; "Thêm đơn vị báo cáo: …"). Pure:
the plans are the stored rows' fields (models/follow_up/plan.stored_fields shape, with
report_to_id), the unit names a mapping the caller reads.
"""

from collections.abc import Mapping
from typing import Any

from models.follow_up.calendar import CADENCE_LABELS
from models.follow_up.plan import AGGREGATE_LABELS, EVERY_LABELS

FIRST = "Lập kế hoạch lần đầu."
NOTHING = "Không thay đổi nội dung."


def cadence_text(cadence: list[str]) -> str:
    return ", ".join(CADENCE_LABELS.get(k, k) for k in cadence) or "(không)"


def days_text(days: list[int]) -> str:
    return ", ".join(str(d) for d in days) or "(không)"


def indicator_text(ind: Mapping[str, Any]) -> str:
    measure = f" ({ind.get('measure')})" if ind.get("measure") else ""
    how = AGGREGATE_LABELS.get(str(ind.get("aggregate", "sum")), "")
    return f"{ind.get('name', '')}{measure}" + (f", {how}" if how else "")


def briefing_text(b: Mapping[str, Any], unit_names: Mapping[int, str]) -> str:
    units = [unit_names.get(int(u), f"#{u}") for u in b.get("unit_ids") or []]
    who = ", ".join([*units, *([b["category"]] if b.get("category") else [])])
    return f"{who}: {EVERY_LABELS.get(str(b.get('every')), b.get('every'))}"


def _year(value: Any) -> str:
    return str(value) if value else "(không)"


def _names(ids: list[int], unit_names: Mapping[int, str]) -> str:
    return ", ".join(unit_names.get(i, f"#{i}") for i in ids)


def _by_key(rows: list[Mapping[str, Any]], key: str) -> dict[str, Mapping[str, Any]]:
    return {str(r.get(key)): r for r in rows}


def plan_changes(
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any],
    *,
    unit_names: Mapping[int, str],
) -> list[str]:
    """The lines saying what `after` changes in `before` (None: the first version)."""
    if before is None:
        return [FIRST]
    out: list[str] = []

    def moved(label: str, old: str, new: str) -> None:
        if old != new:
            out.append(f"{label}: {old} → {new}")

    moved("Kỳ báo cáo", cadence_text(before["cadence"]), cadence_text(after["cadence"]))
    moved(
        "Thời gian theo dõi",
        f"{before['first_year']}–{before['last_year']}",
        f"{after['first_year']}–{after['last_year']}",
    )
    moved(
        "Nơi nhận báo cáo",
        unit_names.get(before.get("report_to_id") or 0, "cơ quan soạn thảo"),
        unit_names.get(after.get("report_to_id") or 0, "cơ quan soạn thảo"),
    )
    old_units, new_units = list(before["reporting_unit_ids"]), list(after["reporting_unit_ids"])
    added = [u for u in new_units if u not in old_units]
    removed = [u for u in old_units if u not in new_units]
    if added:
        out.append(f"Thêm đơn vị báo cáo ({len(added)}): {_names(added, unit_names)}")
    if removed:
        out.append(f"Bỏ đơn vị báo cáo ({len(removed)}): {_names(removed, unit_names)}")

    old_ind, new_ind = _by_key(before["indicators"], "code"), _by_key(after["indicators"], "code")
    for code, ind in new_ind.items():
        if code not in old_ind:
            out.append(f"Thêm chỉ tiêu {code}: {indicator_text(ind)}")
        elif indicator_text(old_ind[code]) != indicator_text(ind):
            out.append(
                f"Sửa chỉ tiêu {code}: {indicator_text(old_ind[code])} → {indicator_text(ind)}"
            )
    for code, ind in old_ind.items():
        if code not in new_ind:
            out.append(f"Bỏ chỉ tiêu {code}: {indicator_text(ind)}")

    old_sec, new_sec = _by_key(before["sections"], "key"), _by_key(after["sections"], "key")
    added_keys = [k for k in new_sec if k not in old_sec]
    removed_keys = [k for k in old_sec if k not in new_sec]
    renamed = [k for k in new_sec if k in old_sec and new_sec[k]["title"] != old_sec[k]["title"]]
    for label, keys in (
        ("Thêm mục báo cáo", added_keys),
        ("Bỏ mục báo cáo", removed_keys),
        ("Sửa tên mục", renamed),
    ):
        if keys:
            out.append(f"{label}: {', '.join(keys)}")

    moved("Ngày chốt số liệu", f"ngày {before['cutoff_day']}", f"ngày {after['cutoff_day']}")
    moved(
        "Hạn nộp",
        f"{before['due_working_days']} ngày làm việc sau ngày chốt",
        f"{after['due_working_days']} ngày làm việc sau ngày chốt",
    )
    moved(
        "Nhắc trước hạn (ngày)",
        days_text(before["reminder_before"]),
        days_text(after["reminder_before"]),
    )
    moved(
        "Nhắc sau hạn (ngày)",
        days_text(before["reminder_after"]),
        days_text(after["reminder_after"]),
    )
    moved(
        "Dự thảo công văn đôn đốc sau hạn",
        f"{before['don_doc_after_days']} ngày",
        f"{after['don_doc_after_days']} ngày",
    )
    old_br = [briefing_text(b, unit_names) for b in before["briefings"]]
    new_br = [briefing_text(b, unit_names) for b in after["briefings"]]
    for text in new_br:
        if text not in old_br:
            out.append(f"Thêm nhiệm vụ giao ban: {text}")
    for text in old_br:
        if text not in new_br:
            out.append(f"Bỏ nhiệm vụ giao ban: {text}")
    moved("Năm sơ kết", _year(before.get("so_ket_year")), _year(after.get("so_ket_year")))
    moved("Năm tổng kết", _year(before.get("tong_ket_year")), _year(after.get("tong_ket_year")))
    return out or [NOTHING]
