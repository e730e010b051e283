#!/usr/bin/env bash
# Makes sure the base images docker/Dockerfile names in its FROM lines are
# present in the local Docker engine:
#   golang:1.26-trixie   (only its /usr/local/go is used)
#   debian:trixie-slim
# Each is used if already present, else pulled from the registry, else --
# on a machine whose network reaches only Debian's mirror and the Go module
# proxy -- built here as a stand-in under the very same name and tag:
#   debian:trixie-slim   debootstrap --variant=minbase trixie, imported
#   golang:1.26-trixie   the same root file system plus Go at /usr/local/go,
#                          taken from the Go module proxy's toolchain module
#                          (what GOTOOLCHAIN downloads) and checked against
#                          its go.sum hash, pinned below. (That module has
#                          no GOROOT/doc; the course does not need it: its
#                          default corpus is embedded in pkg/corpus.)
# The Dockerfile is not changed in any way for the stand-ins.
#
# Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian),
# GOPROXY_URL (default https://proxy.golang.org), PULL_TIMEOUT (seconds, 60).
set -euo pipefail

SUITE=trixie
DEBIAN_IMAGE=debian:trixie-slim
GO_IMAGE=golang:1.26-trixie
# The Go stand-in: the newest 1.26 at the time of writing, and the h1: hash
# of its module zip as sum.golang.org records it (go.sum format).
GO_TOOLCHAIN_VERSION=v0.0.1-go1.26.8.linux-amd64
GO_TOOLCHAIN_H1=h1:ZOmGe1OnfREDMIdb1Qi4G9JSuDPBLGExZMQ4nis1RXM=
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
GOPROXY_URL="${GOPROXY_URL:-https://proxy.golang.org}"
PULL_TIMEOUT="${PULL_TIMEOUT:-60}"

say() { printf 'base-images: %s\n' "$*"; }
die() { printf 'base-images: error: %s\n' "$*" >&2; exit 1; }

have() { docker image inspect "$1" >/dev/null 2>&1; }
pull() { timeout "$PULL_TIMEOUT" docker pull -q "$1" >/dev/null 2>&1; }

work="$(mktemp -d /tmp/base-images.XXXXXX)"
trap 'rm -rf "$work"' EXIT

rootfs=""
debian_rootfs() {  # a trixie minbase root file system, made once
  [ -n "$rootfs" ] && return
  command -v debootstrap >/dev/null || {
    say "installing debootstrap"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  }
  rootfs="$work/rootfs"
  say "debootstrap --variant=minbase trixie (about 2 minutes)"
  debootstrap --variant=minbase "$SUITE" "$rootfs" "$DEBIAN_MIRROR" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
  # As the official slim image: no package caches, lists or docs.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
         "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
  printf 'deb %s %s main\ndeb %s %s-updates main\ndeb http://deb.debian.org/debian-security %s-security main\n' \
    "$DEBIAN_MIRROR" "$SUITE" "$DEBIAN_MIRROR" "$SUITE" "$SUITE" > "$rootfs/etc/apt/sources.list"
}

import_rootfs() {  # import_rootfs DIR NAME:TAG [--change ...]...
  local dir="$1" name="$2"; shift 2
  tar --numeric-owner -C "$dir" -c . | docker import "$@" - "$name" >/dev/null
}

if have "$DEBIAN_IMAGE"; then
  say "$DEBIAN_IMAGE: present"
elif pull "$DEBIAN_IMAGE"; then
  say "$DEBIAN_IMAGE: pulled"
else
  say "$DEBIAN_IMAGE: no registry; building a stand-in"
  debian_rootfs
  import_rootfs "$rootfs" "$DEBIAN_IMAGE" --change 'CMD ["bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  say "$DEBIAN_IMAGE: built"
fi

if have "$GO_IMAGE"; then
  say "$GO_IMAGE: present"
elif pull "$GO_IMAGE"; then
  say "$GO_IMAGE: pulled"
else
  say "$GO_IMAGE: no registry; building a stand-in with Go from the module proxy"
  url="$GOPROXY_URL/golang.org/toolchain/@v/$GO_TOOLCHAIN_VERSION.zip"
  curl -fsSL --retry 3 -o "$work/go.zip" "$url" || die "could not download $url"
  debian_rootfs
  # Check the zip against its go.sum hash (dirhash h1: sha256 over the
  # sorted "sha256  name" lines of its files), then unpack it to
  # /usr/local/go with the file modes the zip records.
  python3 - "$work/go.zip" "$GO_TOOLCHAIN_H1" "$rootfs/usr/local/go" <<'PY'
import base64, hashlib, os, sys, zipfile
path, want, dest = sys.argv[1:]
z = zipfile.ZipFile(path)
files = sorted(n for n in z.namelist() if not n.endswith("/"))
summary = "".join("%s  %s\n" % (hashlib.sha256(z.read(n)).hexdigest(), n) for n in files)
got = "h1:" + base64.b64encode(hashlib.sha256(summary.encode()).digest()).decode()
if got != want:
    sys.exit(f"base-images: error: Go toolchain zip hash {got}, want {want}")
for n in files:
    rel = n.split("/", 2)[2]  # strip "golang.org/toolchain@VERSION/"
    out = os.path.join(dest, rel)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "wb") as f:
        f.write(z.read(n))
    mode = (z.getinfo(n).external_attr >> 16) & 0o777
    os.chmod(out, mode or 0o644)
for d in ("bin", "pkg/tool"):  # as cmd/go does for toolchain modules
    for root, _, names in os.walk(os.path.join(dest, d)):
        for name in names:
            os.chmod(os.path.join(root, name), 0o755)
print("base-images: Go toolchain zip verified:", got)
PY
  go_version="${GO_TOOLCHAIN_VERSION#v0.0.1-go}"; go_version="${go_version%.linux-*}"
  mkdir -p "$rootfs/go"
  import_rootfs "$rootfs" "$GO_IMAGE" --change 'CMD ["bash"]' \
    --change "ENV GOLANG_VERSION=$go_version" \
    --change 'ENV GOTOOLCHAIN=local' --change 'ENV GOPATH=/go' \
    --change 'ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'WORKDIR /go'
  rm -rf "$rootfs/usr/local/go" "$rootfs/go"
  say "$GO_IMAGE: built ($(docker run --rm "$GO_IMAGE" go version))"
fi
