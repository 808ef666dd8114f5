"""The unit tree: create, edit the email, deactivate, and all-or-nothing CSV import."""

from sqlmodel import func, select

from models.tables import Unit
from tests.web.officer_kit import make_site, post

CSV_OK = """name,parent,email,category,symbol
Huyện ủy Lộc Ninh,Tỉnh ủy Bình Phước,hu.locninh@binhphuoc.test,huyen-uy,HU
Đảng ủy xã Lộc Hưng,Huyện ủy Lộc Ninh,du.lochung@binhphuoc.test,dang-uy-xa,
"""
CSV_BAD = """name,parent,email,category,symbol
Huyện ủy Hớn Quản,Tỉnh ủy Bình Phước,hu.honquan@binhphuoc.test,huyen-uy,HU
Đảng ủy xã Tân Khai,Huyện ủy Không Có,du.tankhai@binhphuoc.test,,
,Tỉnh ủy Bình Phước,x@binhphuoc.test,,
Huyện ủy Bù Gia Mập,Tỉnh ủy Bình Phước,không-phải-email,huyen-uy,
"""


def _count(site) -> int:
    return site.one(select(func.count()).select_from(Unit))


def test_create_edit_deactivate(engine, session, settings):
    site = make_site(engine, session, settings)
    hoa = site.client("hoa")
    page = hoa.get("/units")
    assert "Huyện ủy Bù Đăng" in page.text and "Tỉnh ủy Bình Phước" in page.text
    bad = post(
        hoa, "/units", {"name": "Huyện ủy Chơn Thành", "email": "sai@", "category": "huyen-uy"}
    )
    assert (
        bad.status_code == 422
        and "không hợp lệ" in bad.text
        and 'value="Huyện ủy Chơn Thành"' in bad.text
    )
    ok = post(
        hoa,
        "/units",
        {
            "name": "Huyện ủy Chơn Thành",
            "email": "hu.chonthanh@binhphuoc.test",
            "parent_id": str(site.world.issuer.parent_id),
        },
    )
    assert ok.status_code == 303
    unit = site.one(select(Unit).where(Unit.name == "Huyện ủy Chơn Thành"))
    assert unit.parent_id == site.world.issuer.parent_id
    assert (
        post(
            hoa,
            f"/units/{unit.id}",
            {"name": unit.name, "email": "vanphong.chonthanh@binhphuoc.test"},
        ).status_code
        == 303
    )
    assert post(hoa, f"/units/{unit.id}", {"active": "0"}).status_code == 303
    unit = site.get(Unit, unit.id)
    assert unit.email == "vanphong.chonthanh@binhphuoc.test" and not unit.active
    assert "Ngừng dùng" in hoa.get("/units").text
    # A leader reads the list but does not change it.
    lanh = site.client("lanh")
    assert lanh.get("/units").status_code == 200
    assert post(lanh, "/units", {"name": "Đơn vị mới"}).status_code == 403


def test_csv_import_all_or_nothing(engine, session, settings):
    site = make_site(engine, session, settings)
    hoa = site.client("hoa")
    before = _count(site)
    bad = post(hoa, "/units/import", {"csv": CSV_BAD})
    assert bad.status_code == 422
    assert "Dòng 3: không tìm thấy đơn vị cấp trên “Huyện ủy Không Có”" in bad.text
    assert "Dòng 4: Trường này không được để trống (cột tên đơn vị)" in bad.text
    assert "Dòng 5: Địa chỉ thư điện tử không hợp lệ" in bad.text
    assert "Huyện ủy Hớn Quản" in bad.text  # the pasted text is kept
    assert _count(site) == before  # the good line 2 was not written either
    ok = post(
        hoa,
        "/units/import",
        files={"file": ("don-vi.csv", CSV_OK.encode("utf-8-sig"), "text/csv")},
        data={},
    )
    assert ok.status_code == 303
    assert _count(site) == before + 2
    child = site.one(select(Unit).where(Unit.name == "Đảng ủy xã Lộc Hưng"))
    parent = site.one(select(Unit).where(Unit.name == "Huyện ủy Lộc Ninh"))
    assert child.parent_id == parent.id and parent.symbol == "HU"
    again = post(hoa, "/units/import", {"csv": CSV_OK})
    assert again.status_code == 422 and "đã có" in again.text


LONG_SYMBOL = "Đ" * 31  # the API refuses more than 20 characters (UnitIn.symbol)
CSV_LONG_SYMBOL = f"""name,parent,email,category,symbol
Đảng ủy Khối Cơ quan tỉnh,Tỉnh ủy Bình Phước,dukcq@binhphuoc.test,dang-uy-truc-thuoc,ĐUK
Chi bộ Văn phòng,Đảng ủy Khối Cơ quan tỉnh,cbvp@binhphuoc.test,chi-bo,{LONG_SYMBOL}
"""


def test_csv_import_refuses_what_the_api_refuses(engine, session, settings):
    """Item 1: each line passes the API's schema; a 31-character symbol is refused with its
    line number, by the page and by the API, and nothing of the file is written."""
    from models.ids import id_of
    from tests.web.test_unit_support import bearer

    site = make_site(engine, session, settings)
    before = _count(site)
    hoa = site.client("hoa")
    page = post(hoa, "/units/import", {"csv": CSV_LONG_SYMBOL})
    assert page.status_code == 422
    assert "Dòng 3: Quá dài (tối đa 20 ký tự) (cột ký hiệu)" in page.text
    api = site.client(None)
    token = bearer(session, id_of(site.world.officer))
    one = api.post("/api/v1/units", headers=token, json={"name": "X", "symbol": LONG_SYMBOL})
    assert one.status_code == 422
    r = api.post("/api/v1/units/import", headers=token, json={"csv": CSV_LONG_SYMBOL})
    assert r.status_code == 422
    assert "Dòng 3: Quá dài (tối đa 20 ký tự) (cột ký hiệu)" in r.json()["error"]
    assert _count(site) == before
