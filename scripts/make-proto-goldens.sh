#!/bin/sh
# Regenerates testdata/golden/proto/*.txt with the real `go tool pprof`
# (Go 1.19): for each line of testdata/golden/proto/cases.txt, the -proto
# output read back with -raw. Named as make-goldens.sh names its files.
set -eu
. "$(dirname "$0")/golden-cases.sh"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

make_case() {
  # shellcheck disable=SC2086
  go tool pprof $2 $3 </dev/null >"$tmp" 2>/dev/null
  go tool pprof -raw "$tmp" </dev/null >"$1" 2>/dev/null
}

each_case testdata/golden/proto testdata/golden/proto/cases.txt
