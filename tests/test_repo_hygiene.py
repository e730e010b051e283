"""No build products in git: a tracked file is never a compiled executable,
and a tracked file over 5 MB is one of a short, explicit allow-list."""
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIMIT = 5 * 1024 * 1024
# Large files that belong in the repository, each for a stated reason.
ALLOWED_LARGE = {
    # The course's trained tiny GPT (817,792 float64 parameters, 6.5 MB):
    # chapters 11 on load it instead of training their own
    # (cmd/train-tiny rebuilds it bit for bit in about 10 minutes).
    "models/tiny-gpt/model.safetensors",
}
# Magic numbers of compiled executables and object files.
MAGIC = {
    b"\x7fELF": "ELF executable",
    b"MZ": "Windows PE executable",
    b"\xcf\xfa\xed\xfe": "Mach-O executable",
    b"\xce\xfa\xed\xfe": "Mach-O executable",
    b"\xca\xfe\xba\xbe": "Mach-O universal binary",
    b"\x00asm": "WebAssembly module",
    b"!<arch>\n": "ar archive (a Go or C library)",
}


def problems(files):
    """files: (path, git mode, size, first bytes). Returns what is wrong."""
    out = []
    for path, mode, size, head in files:
        for magic, kind in MAGIC.items():
            if head.startswith(magic):
                out.append(f"{path}: a tracked {kind}; build products never go into git")
        if mode == "100755" and not head.startswith(b"#!"):
            out.append(f"{path}: executable bit set but not a script (no #! line)")
        if size > LIMIT and path not in ALLOWED_LARGE:
            out.append(f"{path}: {size / 2**20:.1f} MB, over the 5 MB limit and not on ALLOWED_LARGE in {Path(__file__).name}")
    return out


def tracked_files():
    ls = subprocess.run(["git", "ls-files", "-s", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    for entry in ls.split(b"\0"):
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        mode = meta.split()[0].decode()
        if mode == "120000" or mode == "160000":  # symlink, submodule
            continue
        p = REPO / path.decode()
        if not p.exists():  # deleted in the work tree, not yet committed
            continue
        with open(p, "rb") as f:
            head = f.read(8)
        yield path.decode(), mode, p.stat().st_size, head


def test_no_binaries_or_large_files_tracked():
    bad = problems(tracked_files())
    assert not bad, "\n".join(bad)


def test_the_check_catches_each_kind():
    cases = [
        ("pkg/tokenizer/tokenizer.test", "100755", 20_000_000, b"\x7fELF\x02\x01\x01\x00"),
        ("cmd/plots/plots.exe", "100644", 1000, b"MZ\x90\x00"),
        ("notebooks/big.ipynb", "100644", 6 * 2**20, b"{\n \"cel"),
        ("tools/run", "100755", 100, b"\x00\x01\x02\x03"),
    ]
    bad = problems(cases)
    # The ELF test binary is wrong three ways: compiled, executable without
    # a #! line, and too big.
    assert len(bad) == 6, bad
    assert problems([("course", "100755", 984, b"#!/usr/bin")]) == []
    assert problems([("plots/a.png", "100644", 60_000, b"\x89PNG\r\n\x1a\n")]) == []
