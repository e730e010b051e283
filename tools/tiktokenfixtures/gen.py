#!/usr/bin/env python3
"""Write token-id fixtures from OpenAI's tiktoken for pkg/tokenizer.

tiktoken (Python package, Rust core) is the reference implementation of
r50k_base, cl100k_base and o200k_base. This script builds those encodings
WITHOUT network access: it takes each encoding's definition (pattern,
special tokens, the URL and sha256 of its rank file) from the installed
tiktoken_ext/openai_public.py, but reads the ranks from our own embedded
files pkg/tokenizer/encodings/NAME.tiktoken.gz. Before using a file it
checks that the sha256 of the decompressed file equals the expected_hash
that openai_public.py passes for the file it would have downloaded, so the
fixtures are produced from ranks byte-identical to OpenAI's.

It then writes pkg/tokenizer/testdata/tiktoken/NAME.json with the ids of
encode_ordinary(text) for every test string below, plus a few cases of
encode(text, allowed_special=...), including ones tiktoken rejects.

Usage (from the repository root):

    python3 -m venv .venv-oracles        # if missing
    .venv-oracles/bin/pip install -r tools/tiktokenfixtures/requirements.txt
    .venv-oracles/bin/python tools/tiktokenfixtures/gen.py          # write
    .venv-oracles/bin/python tools/tiktokenfixtures/gen.py --check  # compare

The output is deterministic (fixed texts, a seeded generator for the random
strings, sorted JSON), so --check regenerates in memory and fails if any
committed fixture differs.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import random
import socket
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RANKS_DIR = ROOT / "pkg" / "tokenizer" / "encodings"
OUT_DIR = ROOT / "pkg" / "tokenizer" / "testdata" / "tiktoken"
NAMES = ["r50k_base", "cl100k_base", "o200k_base"]
TIKTOKEN_VERSION = "0.14.0"


# --- No network --------------------------------------------------------------
# Everything must come from local files. Make any attempt to open a
# connection fail loudly, and disable tiktoken's download cache.

def _no_network(*args, **kwargs):
    raise RuntimeError("gen.py must not use the network")


socket.socket.connect = _no_network  # type: ignore[method-assign]
socket.create_connection = _no_network  # type: ignore[assignment]
os.environ["TIKTOKEN_CACHE_DIR"] = ""  # tiktoken: "" disables the cache

import tiktoken  # noqa: E402
import tiktoken.load  # noqa: E402
import tiktoken_ext.openai_public as openai_public  # noqa: E402

# --- Loading our rank files, verified against OpenAI's hashes ----------------

_original_load_tiktoken_bpe = tiktoken.load.load_tiktoken_bpe
VERIFIED: dict[str, dict[str, str]] = {}


def _local_load_tiktoken_bpe(tiktoken_bpe_file: str, expected_hash: str | None = None):
    """Stands in for tiktoken.load.load_tiktoken_bpe: same arguments, but the
    file is our embedded copy, and the hash check is mandatory."""
    base = tiktoken_bpe_file.rsplit("/", 1)[-1]  # e.g. cl100k_base.tiktoken
    local = RANKS_DIR / (base + ".gz")
    if not local.is_file():
        sys.exit(f"gen.py: no local rank file {local} for {tiktoken_bpe_file}")
    if not expected_hash:
        sys.exit(f"gen.py: openai_public gave no expected_hash for {tiktoken_bpe_file}; cannot verify")
    data = gzip.decompress(local.read_bytes())
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected_hash:
        sys.exit(
            f"gen.py: sha256 of {local} (decompressed) is {actual},\n"
            f"        but tiktoken {tiktoken.__version__} expects {expected_hash} for {tiktoken_bpe_file}"
        )
    VERIFIED[base] = {"url": tiktoken_bpe_file, "sha256": actual}
    # Parse with tiktoken's own loader from a local path (no "://", so it
    # reads the file); it checks the hash a second time itself.
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, base)
        with open(p, "wb") as f:
            f.write(data)
        return _original_load_tiktoken_bpe(p, expected_hash=expected_hash)


def _refuse_data_gym(*args, **kwargs):
    raise RuntimeError("gen.py: data_gym_to_mergeable_bpe_ranks (gpt2's vocab.bpe/encoder.json) is not used")


tiktoken.load.load_tiktoken_bpe = _local_load_tiktoken_bpe
tiktoken.load.data_gym_to_mergeable_bpe_ranks = _refuse_data_gym
# openai_public did `from tiktoken.load import ...`, so patch its names too.
openai_public.load_tiktoken_bpe = _local_load_tiktoken_bpe
openai_public.data_gym_to_mergeable_bpe_ranks = _refuse_data_gym


def build(name: str) -> tuple[tiktoken.Encoding, dict]:
    kwargs = openai_public.ENCODING_CONSTRUCTORS[name]()
    enc = tiktoken.Encoding(**kwargs)
    return enc, kwargs


# --- Test strings ------------------------------------------------------------

PROSE = """\
The tokenizer is the first and last thing a language model touches. Text goes in as \
Unicode, is cut into pieces by a regular expression, and each piece is turned into \
bytes that byte-pair encoding merges, pair by pair, into tokens. It's simple; it isn't \
trivial. We'll see why "don't" and "DON'T" split differently, why numbers come in \
groups of three, and why "  \\n" is not the same as " \\n".

Chapter 1 — Tokenization. In 2016, Sennrich et al. applied BPE to words; in 2019, \
GPT-2 applied it to bytes (50,257 tokens). GPT-4's cl100k_base has 100,256 ranked \
tokens, and GPT-4o's o200k_base has 199,998. Prices: $3.50, €12,99, ¥1000 — 15% off!
"""

CODE_GO = """\
package main

import (
\t"fmt"
\t"strings"
)

// Count returns how often each word occurs in s.
func Count(s string) map[string]int {
\tm := make(map[string]int)
\tfor _, w := range strings.Fields(s) {
\t\tm[strings.ToLower(w)]++
\t}
\treturn m
}

func main() {
\tfmt.Printf("%v\\n", Count("a b a"))  // map[a:2 b:1]
\tif x := 0x7fff_ffff; x > 1e9 { fmt.Println(x<<2, x&^3, x!=0) }
}
"""

CODE_PY = """\
def bpe(piece: bytes, ranks: dict[bytes, int]) -> list[int]:
    parts = [piece[i:i+1] for i in range(len(piece))]
    while True:
        best = min(
            ((ranks.get(parts[i] + parts[i+1], 1 << 60), i) for i in range(len(parts) - 1)),
            default=(1 << 60, -1),
        )
        if best[0] == 1 << 60:
            break
        i = best[1]
        parts[i:i+2] = [parts[i] + parts[i+1]]
    return [ranks[p] for p in parts]
"""

CODE_MISC = """\
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Tokens &amp; ids</title></head>
<body><p class='x'>Hello,&nbsp;world!</p><script>const f=(a,b)=>a?.b??[...b];</script></body></html>
{"id": 12345, "name": "o200k_base", "tags": ["a","b"], "ok": true, "p": null, "v": -1.5e-3}
SELECT u.id, COUNT(*) AS n FROM users u LEFT JOIN posts p ON p.uid=u.id WHERE u.age>=18 GROUP BY 1;
$ grep -rn 'TODO' ./src | sort -u > /tmp/todo.txt && wc -l /tmp/todo.txt
\\begin{equation} \\sum_{i=1}^{n} x_i^2 \\leq \\left(\\int_0^1 f(t)\\,dt\\right)^{1/2} \\end{equation}
C:\\Users\\me\\Documents\\file.txt  https://example.com/a/b?c=d&e=f#g  user@example.org
"""

FIXED: list[str] = [
    "", "a", " ", "  ", "\n", "hello", " hello", "Hello world", "hello  world",
    PROSE, CODE_GO, CODE_PY, CODE_MISC,
    # Numbers of many lengths.
    *["".join(str((k * 7 + 1) % 10) for k in range(n)) for n in range(1, 26)],
    "0", "00", "000", "0000", "3.14159265358979", "1,234,567.89", "-42", "+1e-10",
    "v1.2.3", "2026-11-27T07:51:41Z", "0x7F 0b1010 0o17", "10%", "1st 2nd 3rd 4th",
    "١٢٣٤٥٦٧", "१२३४५", "½ ¾ ⅞", "Ⅻ ⅻ", "x² + y³ = z⁴", "①②③", "１２３４",
    # Contractions in several cases.
    "'s 't 're 've 'm 'll 'd", "'S 'T 'Re 'VE 'M 'LL 'D", "'rE 'Ll 'vE",
    "don't DON'T Don'T don'T", "it's IT'S It'S", "we'll WE'LL We'Ll", "they're THEY'RE",
    "I'm I'M i'm", "you've YOU'VE", "she'd SHE'D", "'sound 'tis 'll' ''s '''",
    "rock 'n' roll", "O'Neil's", "l'été", "x'sy", "1's 2'S", " 's", "\n's", "'ſ 'ſt",
    "don’t it’s", "Don't!", "camelCase'S PascalCase'll ALLCAPS'd",
    # Punctuation runs.
    "!!!", "?!?!", "...", "…", "---", "--->", "===", "!=", "<=>", "::", "/*", "*/", "//",
    "/// doc", "#!/bin/sh", "@@ -1,2 +1,3 @@", "<<<>>>", "()[]{}", "\"'`", "~^|&", "_____",
    "a.b,c;d:e", "end.\n", "end./\n", " ./path/to\n", "((((((((", "§¶†‡•", "«»„“”‘’", "¡¿",
    # Whitespace runs.
    "\n  \n  x", "a \n\n b", "trailing   ", "trailing \n", "trailing  \n  ", "   leading",
    "\t", "\t\t", "\tx", "a\tb", "a \t b", "\t\n", " \t \n \t ", "\r\n", "a\r\nb", "\r\n\r\n",
    "\r", "a\rb", "\n\n", "\n\n\n", "\n \n", "\n\n x", "x\n\n", "x\n \n", " \n", "  \n", "   \n   ",
    "a  b", "a   b", "a    b", "        indented", "\f\v", "x\u000bx\u000cx", "\n" * 20, " " * 40,
    # DEL and other control characters.
    "\x7f", "a\x7fb", " \x7f", "\x7f\x7f\x7f", "x\x7f\n", "\x00", "a\x00b", "\x01\x02\x03",
    "\x1b[31mred\x1b[0m", "\x08\x08", "\x1f\x1e", "\x85", "a\x85b", "\x80\x9f",
    # Emoji, including ZWJ sequences, skin tones, flags, keycaps.
    "😀", "😀😃😄", "hi 👋", "👍🏽", "👨‍👩‍👧‍👦", "👩🏽‍💻", "🏳️‍🌈", "🇺🇸🇯🇵🇩🇪", "🇺🇸 flag",
    "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "1️⃣ #️⃣", "❤️", "☺︎", "🤖🧠💬", "a😀b",
    # CJK, Arabic, Hindi, Hangul, others.
    "你好，世界！", "日本語のテキストです。", "カタカナ ひらがな 漢字", "中文分词测试：大型语言模型",
    "مرحبا بالعالم", "اللُّغَةُ العَرَبِيَّة", "नमस्ते दुनिया", "हिन्दी में क्षत्रिय", "स्वागत है",
    "안녕하세요 세계", "한국어 텍스트", "Здравствуй, мир!", "Γειά σου Κόσμε", "שלום עולם",
    "ภาษาไทย", "ქართული", "Հայերեն", "ꦗꦮ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "𝐁𝐨𝐥𝐝", "ǅungla ǈudi ǋ",
    # Accented Latin, composed and decomposed (NFD).
    "café résumé naïve", unicodedata.normalize("NFD", "café résumé naïve"),
    "Ångström Ñandú Øresund Straße", unicodedata.normalize("NFD", "Ångström Ñandú Œuvre"),
    "e\u0301\u0302\u0303", " \u0301", "\u0301", "a\u0308\u0308\u0308",
    unicodedata.normalize("NFD", "Việt Nam Tiếng Việt"), "İstanbul ıi", "ŉ ǰ",
    # Zero-width characters, NBSP, line/paragraph separators.
    "a\u200db", "a\u200cb", "\u200d", "\u200b", "a\u200bb", "\ufeffBOM", "a\u2060b",
    "a\u00a0b", "\u00a0", "\u00a0\u00a0x", "x\u00a0\u00a0", "10\u00a0000", "a\u202fb",
    "a\u2028b", "\u2028", "a\u2029b", "\u2028\u2028 x", "a\u3000b", "\u2003\u2003em",
    # Very long words.
    "a" * 300, "ab" * 150, "supercalifragilisticexpialidocious" * 4,
    "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft",
    "pneumonoultramicroscopicsilicovolcanoconiosis", "x" * 1000, " " + "z" * 500,
    "1" * 200, "!" * 200, "😀" * 50, "字" * 200, "\n" * 100 + "x",
    "Lopado­temacho­selacho­galeo­kranio­leipsano­drim­hypo­trimmato­silphio­parao­melito",
    # Mixed scripts.
    "Hello世界Привет", "GPT-4o は 日本語 と English を混ぜる", "abcабвαβγ", "data数据データ",
    "x=١+2", "中文123English", "Ünïcödé😀中文\n\tмир", "ASCII→Unicode⇒∀x∈ℝ",
    "camelCaseWords", "PascalCase", "HTTPServer", "getHTTPResponseCode", "XMLHttpRequest",
    "snake_case_words", "SCREAMING_SNAKE", "kebab-case-words", "iPhone iOS macOS",
    "ǅemal Ǉ ǈ", "ᾼ ᾈ", "ABCdef GHIjkl mNO",
]

# Alphabet for the random strings: pieces of every category above.
ALPHABET = [
    *"abcdefghijklmnopqrstuvwxyz", *"ABCDEFGHIJKLMNOPQRSTUVWXYZ", *"0123456789",
    " ", " ", " ", " ", "  ", "\n", "\n", "\t", "\r\n", "\r", "\x0b", "\x0c", "\x7f", "\x00", "\x1b",
    *"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "'s", "'S", "'t", "'T", "'re", "'RE", "'Re", "'ve", "'LL",
    "'ll", "'d", "'D", "'m", "'ſ", "’",
    "é", "e\u0301", "ñ", "n\u0303", "ü", "ß", "ø", "Å", "İ", "ı", "ǅ", "ǈ",
    "а", "Б", "ж", "Ω", "λ", "Σ", "ς", "א", "ש", "م", "ر", "ح", "\u064e", "\u0651",
    "न", "म", "स", "्", "ि", "े", "क", "ष", "한", "국", "어", "ᄀ", "ᅡ", "ᆨ",
    "你", "好", "世", "界", "日", "本", "の", "カ", "ひ", "。", "，", "！", "字",
    "١", "٢", "३", "½", "²", "Ⅻ", "①", "１",
    "😀", "👍", "🏽", "\u200d", "\u200c", "\u200b", "\ufe0f", "\u20e3", "🇺", "🇸", "🏳", "🌈",
    "\u00a0", "\u2028", "\u2029", "\u3000", "\u2003", "\u202f", "\ufeff", "\u0301", "\u0308",
    "𝔘", "𐍈", "\U000e0067",
]


def random_strings(n: int, seed: int = 20261127) -> list[str]:
    rng = random.Random(seed)
    out = []
    for k in range(n):
        length = rng.choice([1, 2, 3, 4, 5, 8, 12, 20, 32, 48, 64])
        # Bias each string toward a few symbols so that runs (of spaces,
        # digits, letters, newlines, ...) occur often.
        local = rng.sample(ALPHABET, k=rng.choice([3, 6, 12, len(ALPHABET)]))
        out.append("".join(rng.choice(local) for _ in range(length)))
    return out


def test_strings() -> list[str]:
    seen, out = set(), []
    for s in FIXED + random_strings(200):
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


def special_cases(enc: tiktoken.Encoding) -> list[dict]:
    """Cases for encode(text, allowed_special=...). "error" is true when
    tiktoken raises (a special token in the text that is not allowed)."""
    specials = sorted(enc.special_tokens_set)
    eot = "<|endoftext|>"
    texts_allowed = [
        (f"Hello{eot}", [eot]),
        (f"{eot}", [eot]),
        (f"{eot}{eot}", [eot]),
        (f"first doc.\n{eot}\nsecond doc", [eot]),
        (f"a {eot} b", [eot]),
        (f"<|endof{eot}text|>", [eot]),
        (f"<|end{eot}", specials),
        ("<|endoftext|", [eot]),
        ("no special here", []),
        (" ".join(specials), specials),
        ("".join(specials) + "x", specials),
        (f"x {eot}\n\n  y", specials),
    ]
    cases = []
    for text, allowed in texts_allowed:
        cases.append({"text": text, "allowed": sorted(allowed), "ids": enc.encode(text, allowed_special=set(allowed))})
    # Not allowed: tiktoken raises ValueError.
    for text, allowed in [(f"Hello{eot}", []), (" ".join(specials), [eot] if len(specials) > 1 else [])]:
        try:
            enc.encode(text, allowed_special=set(allowed))
        except ValueError:
            cases.append({"text": text, "allowed": sorted(allowed), "error": True})
        else:
            sys.exit(f"gen.py: expected tiktoken to reject {text!r} with allowed {allowed}")
    return cases


def fixture(name: str) -> str:
    enc, kwargs = build(name)
    base = name + ".tiktoken"
    cases = []
    for text in test_strings():
        ids = enc.encode_ordinary(text)
        if enc.decode_bytes(ids) != text.encode("utf-8"):
            sys.exit(f"gen.py: tiktoken round trip failed for {text!r}")
        cases.append({"text": text, "ids": ids})
    doc = {
        "encoding": name,
        "generator": "tools/tiktokenfixtures/gen.py",
        "tiktoken_version": tiktoken.__version__,
        "rank_file": VERIFIED[base]["url"],
        "rank_file_sha256": VERIFIED[base]["sha256"],
        "pat_str": kwargs["pat_str"],
        "special_tokens": kwargs["special_tokens"],
        "n_vocab": enc.n_vocab,
        "ordinary": cases,
        "special": special_cases(enc),
    }
    # One case per line: readable diffs, modest size.
    lines = ["{"]
    head = [k for k in doc if k not in ("ordinary", "special")]
    for k in head:
        lines.append(f"  {json.dumps(k)}: {json.dumps(doc[k], ensure_ascii=False, sort_keys=True)},")
    for k in ("ordinary", "special"):
        lines.append(f"  {json.dumps(k)}: [")
        items = [json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in doc[k]]
        lines.append(",\n".join("    " + it for it in items))
        lines.append("  ]" + ("," if k == "ordinary" else ""))
    lines.append("}")
    out = "\n".join(lines) + "\n"
    json.loads(out)  # sanity
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the committed fixtures instead of writing")
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    args = ap.parse_args()
    if tiktoken.__version__ != TIKTOKEN_VERSION:
        sys.exit(f"gen.py: tiktoken {tiktoken.__version__} installed, want {TIKTOKEN_VERSION} (see requirements.txt)")
    args.out.mkdir(parents=True, exist_ok=True)
    bad = 0
    for name in NAMES:
        data = fixture(name)
        path = args.out / (name + ".json")
        info = f"{name}: sha256 {VERIFIED[name + '.tiktoken']['sha256']} verified; {len(data.encode())} bytes"
        if args.check:
            old = path.read_text(encoding="utf-8") if path.exists() else None
            ok = old == data
            bad += not ok
            print(f"{info}: {'up to date' if ok else 'DIFFERS from ' + str(path)}")
        else:
            tmp = path.with_suffix(".json.tmp")
            tmp.write_text(data, encoding="utf-8")
            os.replace(tmp, path)
            print(f"{info}: wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
