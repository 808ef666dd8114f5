"""The signing form chooses the signer from the issuer's signers on record (issue 11, item 2):
the block is the record's, the first is offered, another body's signer is refused at its
field with the typed values kept."""

from datetime import timedelta

from sqlmodel import select

from models.commands.letters import signer_save
from models.ids import id_of
from models.tables import Directive, Signing
from tests.web.officer_kit import NOW, make_site, post
from tests.web.test_refusals_explained import _submitted


def _signers(site):
    issuer = id_of(site.world.issuer)
    kept = site.run(
        signer_save,
        body_id=issuer,
        form="T/M",
        on_behalf_of="Ban Thường vụ",
        title="Phó Bí thư",
        full_name="Huỳnh Thị Hằng",
        by="t",
        now=NOW,
    )
    elsewhere = site.run(
        signer_save,
        body_id=id_of(site.world.drafting),
        form="K/T",
        on_behalf_of="Trưởng Ban",
        title="Phó Trưởng Ban",
        full_name="Nguyễn Văn Lợi",
        by="t",
        now=NOW,
    )
    return kept, elsewhere


def test_the_leader_signs_as_the_signer_on_record(engine, session, settings):
    site = make_site(engine, session, settings)
    did = _submitted(site)
    kept, elsewhere = _signers(site)
    site.set_now(NOW + timedelta(days=13))
    lanh = site.client("lanh")
    form = lanh.get(f"/directives/{did}/sign").text
    assert f'<option value="{kept.id}" selected>T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ / Huỳnh' in form
    assert "Nguyễn Văn Lợi" not in form  # the drafting body's signer does not sign for the issuer
    refused = post(
        lanh,
        f"/directives/{did}/sign",
        {"signed_on": "25/7/2023", "signer_id": str(elsewhere.id), "extra_recipients": "Lưu VP"},
    )
    assert refused.status_code == 422
    assert "Người ký phải là người đang ký văn bản của cơ quan ban hành." in refused.text
    assert "Lưu VP" in refused.text and site.all(select(Signing)) == []
    signed = post(
        lanh, f"/directives/{did}/sign", {"signed_on": "25/7/2023", "signer_id": str(kept.id)}
    )
    assert signed.status_code == 303, signed.text
    signing = site.one(select(Signing))
    assert (signing.form, signing.on_behalf_of, signing.signer_title, signing.signer_name) == (
        "T/M",
        "BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ",
        "Huỳnh Thị Hằng",
    )
    assert site.get(Directive, did).stage == "signed"
