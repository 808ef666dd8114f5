"""The API documents itself: every operation's tag is described, in Vietnamese."""

from fastapi.testclient import TestClient

from web.app import create_app


def test_every_tag_used_is_described(engine, settings):  # type: ignore[no-untyped-def]
    with TestClient(create_app(settings, engine=engine, run_sweep=False)) as client:
        spec = client.get("/openapi.json").json()
    described = {t["name"]: t["description"] for t in spec["tags"]}
    used = {
        tag for path in spec["paths"].values() for op in path.values() for tag in op.get("tags", [])
    }
    assert used and used <= set(described)
    assert all(not d.isascii() for d in described.values())
    assert any(p.startswith("/api/v1/directives") for p in spec["paths"])
