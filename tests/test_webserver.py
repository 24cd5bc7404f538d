"""The web server's configuration in docs/operators.md sends the headers generator/publish.py defines.

The nginx and Caddy blocks are read from the documentation itself: their headers
must be exactly :func:`generator.publish.response_headers`, and the files they
give a page's policy exactly the ones :func:`generator.publish.is_page` names. Where
the machine has nginx, the documented configuration is run for real and every
file of a built site is fetched through it (``./run`` does not install nginx; CI
checks the text, a developer's machine with nginx checks both).
"""

from __future__ import annotations

import fnmatch
import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from generator.publish import COMMON_HEADERS, FILE_POLICY, HTTPS_HEADERS, PAGE_POLICY, is_page, response_headers

from .conftest import ROOT
from .hostile import project_from_base

OPERATORS = ROOT / "docs" / "operators.md"
PATHS = (
    "",
    "thu-tuc/dang-ky-tam-tru/",
    "404.html",
    "sw.js",
    "assets/javascripts/theme.js",
    "anh/so-do.svg",
    "bieu-mau/CT01/CT01.pdf",
    "du-lieu/thu-tuc.csv",
    "thay-doi/atom.xml",
    "search/manifest.json",
    "tai-lieu/trang.html.txt",
    "sw.js.map",
    "assets/fonts/be-vietnam-pro-400.woff2",
)


def _block(language: str) -> str:
    [block] = re.findall(rf"```{language}\n(.*?)```", OPERATORS.read_text(encoding="utf-8"), re.DOTALL)
    return str(block)


def test_the_documented_nginx_configuration_sends_the_headers_of_the_build() -> None:
    nginx = _block("nginx")
    fixed = dict(re.findall(r'add_header (\S+) "([^"]*)" always;', nginx))
    assert fixed == {**COMMON_HEADERS, **HTTPS_HEADERS}
    assert "add_header Content-Security-Policy $catalogue_policy always;" in nginx
    default = re.search(r'default\s+"([^"]*)";', nginx)
    assert default and default.group(1) == FILE_POLICY
    entries = re.findall(r'^\s+(~?)(\S+)\s+"([^"]*)";', nginx.split("}")[0], re.MULTILINE)
    for path in PATHS:
        uri = "/" + path
        policy = default.group(1)
        for regex, pattern, value in entries:
            if pattern != "default" and (re.search(pattern, uri) if regex else uri == pattern):
                policy = value
                break
        assert policy == (PAGE_POLICY if is_page(path) else FILE_POLICY), path


def test_the_documented_caddy_configuration_sends_the_headers_of_the_build() -> None:
    caddy = _block("caddy")
    block = caddy[caddy.index("header {") : caddy.index("}", caddy.index("header {"))]
    fixed = dict(re.findall(r'^\s+(\S+) "([^"]*)"$', block, re.MULTILINE))
    assert fixed == {"Content-Security-Policy": FILE_POLICY, **COMMON_HEADERS, **HTTPS_HEADERS}
    override = re.search(r'header @pages Content-Security-Policy "([^"]*)"', caddy)
    assert override and override.group(1) == PAGE_POLICY
    matcher = re.search(r"@pages path (.*)", caddy)
    assert matcher
    patterns = matcher.group(1).split()
    for path in PATHS:
        page = any(fnmatch.fnmatchcase("/" + path, pattern) for pattern in patterns)
        assert page == is_page(path), path


# -- through a real nginx --------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = project_from_base(tmp_path_factory.mktemp("webserver"))
    build(project, options=BuildOptions(pdfs=False))
    return project / "site"


@pytest.fixture(scope="module")
def nginx(small_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """The documented nginx configuration serving *small_site* on a free port, without TLS."""
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if binary is None:
        pytest.skip(
            "nginx is not installed on this machine (apt-get install nginx); the configuration's text is checked above"
        )
    folder = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    server = (
        _block("nginx")
        .replace("listen 443 ssl;", f"listen 127.0.0.1:{port};")
        .replace("/srv/catalogue/site", str(small_site))
        .replace("include /etc/nginx/mime.types;", "include /etc/nginx/mime.types;\n    access_log off;")
    )
    config = folder / "nginx.conf"
    config.write_text(
        f"{'user root;' if os.geteuid() == 0 else ''}\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        "events {}\n"
        f"http {{\n    client_body_temp_path {folder};\n    proxy_temp_path {folder};\n"
        f"    fastcgi_temp_path {folder};\n    uwsgi_temp_path {folder};\n    scgi_temp_path {folder};\n"
        f"{server}\n}}\n",
        encoding="utf-8",
    )
    process = subprocess.Popen([binary, "-c", str(config), "-p", str(folder), "-g", "daemon off;"])
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert process.poll() is None, (folder / "error.log").read_text()
            time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(10)


def _head(port: int, path: str) -> tuple[int, dict[str, str]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()


def test_a_built_site_through_the_documented_nginx(small_site: Path, nginx: int) -> None:
    files = sorted(p.relative_to(small_site).as_posix() for p in small_site.rglob("*") if p.is_file())
    missing = ["khong-co-that/", "khong-co-that.pdf"]
    for path in [f.removesuffix("index.html") for f in files] + missing:
        status, headers = _head(nginx, "/" + path)
        assert status == (404 if path in missing else 200), path
        wanted = response_headers("404.html" if status == 404 else path)
        for name, value in wanted.items():
            assert headers.get(name.lower()) == value, (path, name)
