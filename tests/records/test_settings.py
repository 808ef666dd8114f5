"""Production mode refuses the development secret and short secrets."""

import pytest

from models.settings import DEV_SECRET, Settings


@pytest.mark.parametrize("secret", [DEV_SECRET, "", "ngan-qua"])
def test_production_refuses_weak_secrets(secret: str, tmp_path) -> None:
    settings = Settings(_env_file=None, production=True, secret_key=secret, data_dir=tmp_path)
    with pytest.raises(RuntimeError, match="DUTHAO_SECRET_KEY"):
        settings.check_production()


def test_production_accepts_a_real_secret(tmp_path) -> None:
    settings = Settings(_env_file=None, production=True, secret_key="k" * 40, data_dir=tmp_path)
    settings.check_production()
    assert Settings(_env_file=None, secret_key=DEV_SECRET).production is False
