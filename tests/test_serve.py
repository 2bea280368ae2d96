"""``lw-method serve``: a live preview a coach can leave open while writing."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

LW_METHOD = [sys.executable, "-m", "lw_method.cli"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, deadline: float) -> str:
    """The page at ``url`` on this machine, retried until the server is up or time runs out."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_serve_builds_a_preview_and_rebuilds_it_when_a_page_is_saved(tmp_path):
    site = tmp_path / "site"
    subprocess.run([*LW_METHOD, "new", str(site), "--site", "North Borough"], check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([*LW_METHOD, "serve", str(site / "docs"), "-c", str(site / "conf"),
                               "-o", str(tmp_path / "out"), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True)
    try:
        assert server.stdout.readline().strip() == (
            f"lw-method serve: previewing {site / 'docs'} at http://127.0.0.1:{port}/ (Ctrl+C to stop)")
        home = fetch(f"http://127.0.0.1:{port}/index.html", time.monotonic() + 90)
        assert "North Borough" in home
        index = site / "docs" / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + "\nA sentence saved while serving.\n",
                         encoding="utf-8")
        deadline = time.monotonic() + 60
        while "A sentence saved while serving." not in fetch(f"http://127.0.0.1:{port}/index.html", deadline):
            assert time.monotonic() < deadline, "the preview was not rebuilt"
            time.sleep(0.5)
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    assert not (tmp_path / "out" / "html-preview" / ".doctrees").exists()


def test_serve_without_sphinx_autobuild_says_how_to_install_it(tmp_path):
    code = ("import importlib.util, sys; real = importlib.util.find_spec; "
            "importlib.util.find_spec = lambda n, *a: None if n == 'sphinx_autobuild' else real(n, *a); "
            "from lw_method.cli import main; sys.exit(main(['serve', 'docs']))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 2
    assert 'install it with: pip install "lw-method[serve]"' in result.stderr
