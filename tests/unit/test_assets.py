import os

import pytest

from notedesk.core.assets import AssetRefused, AssetServer
from notedesk.core.vault import Vault


@pytest.fixture
def server(tmp_path):
    app = tmp_path / "app"
    app.mkdir()
    (app / "page.html").write_text("<html>")
    root = tmp_path / "vault"
    (root / "img").mkdir(parents=True)
    (root / "img" / "a b.png").write_bytes(b"PNG")
    (root / ".obsidian").mkdir()
    (root / ".obsidian" / "x.json").write_text("{}")
    (tmp_path / "secret.txt").write_text("secret")
    os.symlink(tmp_path / "secret.txt", root / "link.txt")
    return AssetServer(app, Vault(root))


def test_serves_vault_file_with_mime(server):
    asset = server.serve("asset", "/img/a%20b.png")
    assert asset.data == b"PNG"
    assert asset.mime == "image/png"


def test_serves_app_file(server):
    assert server.serve("app", "/page.html").data == b"<html>"


@pytest.mark.parametrize(
    "host,path",
    [
        ("asset", "/../secret.txt"),
        ("asset", "/%2e%2e/secret.txt"),
        ("asset", "/img/%2E%2E/%2E%2E/secret.txt"),
        ("asset", "//etc/passwd"),
        ("asset", "/C:/Windows/win.ini"),
        ("asset", "/%5C%5Cserver%5Cshare%5Cx"),
        ("asset", "/link.txt"),
        ("asset", "/.obsidian/x.json"),
        ("app", "/../vault/img/a%20b.png"),
        ("other", "/page.html"),
    ],
)
def test_refuses_everything_outside(server, host, path):
    # "//etc/passwd" is looked up inside the vault (not found); the rest are denied outright.
    with pytest.raises(AssetRefused):
        server.serve(host, path)


def test_missing_file_is_not_found(server):
    with pytest.raises(AssetRefused) as info:
        server.serve("asset", "/nope.png")
    assert info.value.status == "not-found"
