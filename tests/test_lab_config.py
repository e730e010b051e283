"""The set-up configures JupyterLab the way a learner expects: a new
notebook starts in Go, and the GoNB kernel keeps the terminal quiet (its
per-cell log goes to a file; only errors reach stderr)."""
import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.request

from jupyter_client.manager import start_new_kernel


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_default_kernel_is_go():
    port, token = free_port(), "course-test-token"
    with tempfile.TemporaryDirectory() as root:
        proc = subprocess.Popen(
            ["jupyter", "server", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
             f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--allow-root"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            specs, deadline = None, time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/kernelspecs?token={token}", timeout=2) as r:
                        specs = json.load(r)
                    break
                except OSError:
                    time.sleep(0.3)
            assert specs is not None, "the Jupyter server did not answer within 60 s"
            assert "gonb" in specs["kernelspecs"], sorted(specs["kernelspecs"])
            assert specs["default"] == "gonb", f"a new notebook would start in {specs['default']!r}, not Go"
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def test_gonb_kernel_is_quiet_on_stderr():
    with tempfile.TemporaryFile(mode="w+") as err:
        km, kc = start_new_kernel(kernel_name="gonb", stderr=err)
        try:
            reply = kc.execute_interactive('%%\nfmt.Println("hello")', timeout=120, output_hook=lambda m: None)
            assert reply["content"]["status"] == "ok"
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        err.seek(0)
        # klog's INFO lines start with "I" and the date (I1127 16:30:00...).
        info = [l for l in err.read().splitlines() if l[:1] == "I" and l[1:5].isdigit()]
        assert not info, "GoNB logs every cell to the terminal:\n" + "\n".join(info[:5])
