"""Fixtures for pkg/checkpoint, from Python's safetensors (the oracle).

Two directions, both written under pkg/checkpoint/testdata/:

(a) Python writes, Go reads. safetensors writes py_dtypes.safetensors and
    py_params.safetensors with F64, F32, F16 and BF16 tensors (and one I64
    tensor, which the Go reader must refuse to widen). expected.json records,
    for every tensor, its dtype, shape and the exact float64 value of each
    element as 16 hex digits of its bits. The float64 values are worked out
    here, independently of the Go code: numpy widens F32 and F16; BF16 is
    widened by placing its 16 bits at the top of a binary32 (struct).
    numpy has no bfloat16, so the BF16 tensors are handed to safetensors'
    serializer as raw 16-bit patterns with dtype "bfloat16"; safetensors
    then reads every file back (deserialize) to prove it valid.

(b) Go writes, Python reads. go_written.safetensors is written by the Go
    test (go test ./pkg/checkpoint -run TestGoWrittenFixture -update).
    This script opens it with safe_open, records what it saw in
    python_read.json, and saves the same arrays and metadata again with
    safetensors.numpy.save to record whether Python's bytes equal Go's.
    Python writes the __metadata__ keys in hash order, which changes from
    run to run; Go sorts them. So the comparison first puts Python's
    metadata keys in sorted order (nothing else is touched), and records
    that the rest of the header and the whole data buffer are identical.

Run from the repository root, after regenerating go_written.safetensors:
    python tools/safetensorsfixtures/gen.py
"""

import hashlib
import json
import math
import struct
import sys
from pathlib import Path

import numpy as np
import safetensors
from safetensors import TensorSpec, deserialize, safe_open, serialize
from safetensors.numpy import save as np_save

OUT = Path(__file__).resolve().parents[2] / "pkg" / "checkpoint" / "testdata"


def bits(x: float) -> str:
    return struct.pack(">d", x).hex()


def bf16_to_float(b: int) -> float:
    return struct.unpack("<f", struct.pack("<I", b << 16))[0]


def spec(dtype: str, shape, arr: np.ndarray, keep: list) -> TensorSpec:
    arr = np.ascontiguousarray(arr)
    keep.append(arr)  # the buffer must outlive serialize
    return TensorSpec(dtype=dtype, shape=list(shape), data_ptr=arr.ctypes.data, data_len=arr.nbytes)


def tensor(dtype, shape, values):
    """Returns (TensorSpec arguments, expected float64 values)."""
    shape = list(shape)
    if dtype == "bfloat16":
        arr = np.array(values, dtype=np.uint16)  # raw bf16 bit patterns
        return (dtype, shape, arr), [bf16_to_float(int(v)) for v in values]
    arr = np.array(values, dtype=dtype)
    return (dtype, shape, arr), [float(v) for v in arr.ravel()]


FILES = {
    "py_dtypes.safetensors": (
        # One key each: Python writes several in an order that changes from
        # run to run, and the fixtures should regenerate identically.
        {"source": "tools/safetensorsfixtures/gen.py"},
        {
            "f64.matrix": tensor("float64", [2, 3], [0.1, -1 / 3, math.pi, 5e-324, -0.0, 1.7976931348623157e308]),
            "f64.scalar": tensor("float64", [], [42.5]),
            "f32.bias": tensor("float32", [4], [0.1, -2.5, 1e-45, 3.4028235e38]),
            "f32.special": tensor("float32", [1, 2], [float("nan"), float("-inf")]),
            # 65504 is the largest half; 2^-24 the smallest subnormal; 2^-14 the smallest normal.
            "f16.matrix": tensor("float16", [2, 4], [1, -2, 65504, 2.0**-24, 2.0**-14, 0.1, float("inf"), -0.0]),
            "f16.cube": tensor("float16", [2, 2, 2], [k / 4 for k in range(8)]),
            # 1, ≈1/3, +Inf, the smallest subnormal, -3.140625
            "bf16.norm": tensor("bfloat16", [5], [0x3F80, 0x3EAB, 0x7F80, 0x0001, 0xC049]),
            "i64.ids": tensor("int64", [3], [1, 2, 3]),
        },
    ),
    # Names and shapes that match a Params registry in the Go test.
    "py_params.safetensors": (
        {"step": "7"},
        {
            "layer.w": tensor("float32", [2, 3], [0.5, -0.25, 1.1, 2.2, -3.3, 1e-3]),
            "layer.b": tensor("float16", [3], [0.1, -0.2, 0.3]),
            "norm.g": tensor("bfloat16", [1, 4], [0x3F80, 0x3F81, 0xBF80, 0x4049]),
            "head": tensor("float64", [3, 2], [1 / 7, 2 / 7, 3 / 7, 4 / 7, 5 / 7, 6 / 7]),
        },
    ),
}


def write_python_fixtures():
    expected = {"safetensors_version": safetensors.__version__, "numpy_version": np.__version__, "files": {}}
    for fname, (metadata, tensors) in FILES.items():
        keep = []
        specs = {name: spec(*args, keep) for name, (args, _) in tensors.items()}
        data = bytes(serialize(specs, metadata=metadata))
        (OUT / fname).write_bytes(data)
        # safetensors reads its own file back: the file is valid.
        back = dict(deserialize(data))
        assert sorted(back) == sorted(tensors), (fname, sorted(back))
        entry = {"metadata": metadata, "sha256": hashlib.sha256(data).hexdigest(), "tensors": {}}
        for name, ((dtype, shape, arr), values) in tensors.items():
            assert bytes(back[name]["data"]) == arr.tobytes(), name
            entry["tensors"][name] = {
                "dtype": back[name]["dtype"],
                "shape": list(back[name]["shape"]),
                "bits": [bits(v) for v in values],
            }
        expected["files"][fname] = entry
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")


def sort_metadata_keys(b: bytes) -> bytes:
    """Rewrites a safetensors file's header with its __metadata__ keys sorted."""
    n = struct.unpack("<Q", b[:8])[0]
    header = json.loads(b[8 : 8 + n])  # dicts keep the file's order
    if "__metadata__" in header:
        header["__metadata__"] = dict(sorted(header["__metadata__"].items()))
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode()
    assert len(text) <= n
    return b[:8] + text + b" " * (n - len(text)) + b[8 + n :]


def read_go_fixture():
    path = OUT / "go_written.safetensors"
    if not path.exists():
        sys.exit(f"gen.py: {path} is missing: run go test ./pkg/checkpoint -run TestGoWrittenFixture -update first")
    go_bytes = path.read_bytes()
    seen = {"safetensors_version": safetensors.__version__, "tensors": {}}
    arrays = {}
    with safe_open(str(path), framework="numpy") as f:
        seen["metadata"] = f.metadata()
        for name in f.keys():
            arr = f.get_tensor(name)
            arrays[name] = arr
            seen["tensors"][name] = {
                "dtype": str(arr.dtype),
                "shape": list(arr.shape),
                "bits": [bits(float(v)) for v in arr.ravel()],
            }
    py_bytes = sort_metadata_keys(np_save(arrays, metadata=seen["metadata"]))
    seen["go_sha256"] = hashlib.sha256(go_bytes).hexdigest()
    seen["python_resave_sha256"] = hashlib.sha256(py_bytes).hexdigest()
    seen["python_resave_identical"] = py_bytes == go_bytes
    (OUT / "python_read.json").write_text(json.dumps(seen, indent=1, sort_keys=True) + "\n")
    print(f"go_written.safetensors: {len(arrays)} tensors; Python's re-save identical: {py_bytes == go_bytes}")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    write_python_fixtures()
    read_go_fixture()
