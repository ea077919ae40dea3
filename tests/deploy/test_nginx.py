"""deploy/nginx/talkshow.conf is valid nginx (``nginx -t``) and sets what the app needs from its proxy."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "talkshow.conf"
TLS = Path(__file__).resolve().parent / "tls"


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI needs nginx to check deploy/nginx/talkshow.conf (.ci/run installs it)", pytrace=False)
        pytest.skip("nginx is not installed (`sudo apt-get install nginx`); the site file is not checked")
    return found


def test_the_site_file_passes_nginx_t(tmp_path):
    nginx = nginx_binary()
    site = SITE.read_text()
    # The real certificate and log paths do not exist here: a self-signed pair and a temporary folder.
    site = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {TLS / 'selfsigned-cert.pem'};", site)
    site = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {TLS / 'selfsigned-key.pem'};", site)
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    (tmp_path / "talkshow.conf").write_text(site)
    temp_paths = "\n".join(
        f"    {kind}_temp_path {tmp_path}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    wrapper = tmp_path / "nginx.conf"
    wrapper.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n    access_log {tmp_path}/access.log;\n{temp_paths}\n    include {tmp_path}/talkshow.conf;\n}}\n"
    )
    result = subprocess.run(  # nosec B603 - a fixed binary and arguments
        [nginx, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(wrapper)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_the_site_file_forwards_what_trusted_proxies_reads():
    site = SITE.read_text()
    for header in (
        "proxy_set_header Host $host;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
    ):
        assert site.count(header) >= 2, header  # in the /healthz and the catch-all location
    assert re.search(r"location /static/ \{[^}]*alias /srv/talkshow/static/;[^}]*expires", site)
    assert "location = /healthz" in site
    upstream = re.search(r"upstream talkshow_app \{(.*?)\}", site, re.S)
    assert upstream is not None and len(re.findall(r"^\s*server ", upstream.group(1), re.M)) == 2
    assert "listen 443 ssl" in site and "return 301 https://" in site
