#!/usr/bin/env bash
# Every test of the course, in order of cost. Called by `./course test`
# after set-up; fails on the first failing stage.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO"
stage() { printf '\n=== %s\n' "$*"; }

stage "gofmt"
unformatted="$(gofmt -l pkg cmd 2>/dev/null || true)"
if [ -n "$unformatted" ]; then
  echo "gofmt would change these files:"; echo "$unformatted"; exit 1
fi
echo "clean"

stage "go vet"
go vet ./...

stage "go test"
go test -count=1 ${GO_TEST_RUN:+-run "$GO_TEST_RUN"} ./...

stage "go test -tags purego (no assembly: the pure-Go gemm gives the same bits)"
go test -count=1 -tags purego ./pkg/...

stage "no accidental fused multiply-adds (arm64, amd64 v3)"
(cd tools && go run ./nofma ..)

stage "the same bits on amd64, amd64 purego, amd64 v3 and arm64 (qemu), at 1 and 2 threads"
# The arm64 leg runs under qemu-user; install it where we can (root on
# Debian/Ubuntu), as setup.sh does for python3-venv. Without it the tool
# skips the leg with a loud message.
if ! command -v qemu-aarch64 >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq && apt-get install -y -qq qemu-user >/dev/null
fi
# In CI the arm64 leg is required, not skipped.
(cd tools && CROSSARCH_REQUIRE_ARM64="${CI:+1}" go run ./crossarch ..)

stage "fuzzing (bounded)"
# Every Fuzz function in the engine runs a fixed number of executions
# beyond its seeds. A count, not a duration: with a duration Go 1.26's
# fuzz coordinator can report its own stop as "context deadline exceeded"
# and fail a target that found nothing (go.dev/issue/75804, fixed in 1.27).
# Each budget is about 10-20 s on a 2-core machine. FUZZ_TIME overrides
# them all (a count such as 1000x, or a duration such as 5s); 0 skips.
fuzz_budget() {
  case "$1" in
    FuzzRoundTrip) echo 30000x ;;
    FuzzOpen) echo 600000x ;;
    FuzzLoad) echo 120000x ;;
    FuzzGemm) echo 15000x ;;
    FuzzExpSlice) echo 500000x ;;
    FuzzTanhSlice) echo 800000x ;;
    *) echo 20000x ;;
  esac
}
fuzz_time="${FUZZ_TIME:-}"
if [ "$fuzz_time" = 0 ]; then echo "skipped (FUZZ_TIME=0)"; fi
[ "$fuzz_time" = 0 ] ||
grep -rl --include='*_test.go' '^func Fuzz' pkg | sort | while read -r f; do
  dir="./$(dirname "$f")"
  for fn in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | cut -d' ' -f2); do
    budget="${fuzz_time:-$(fuzz_budget "$fn")}"
    echo "$dir $fn ($budget)"
    go test -run='^$' -fuzz="^${fn}\$" -fuzztime="$budget" "$dir"
  done
done

stage "notebooks and the notebook harness"
# shellcheck disable=SC2086  # PYTEST_ARGS is a list of words on purpose
python -m pytest -p no:cacheprovider tests ${PYTEST_ARGS:-} "$@"
