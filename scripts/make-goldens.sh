#!/bin/sh
# Regenerates testdata/golden/*.txt with the real `go tool pprof` (Go 1.19),
# one file per line of testdata/golden/cases*.txt (or of the lists given as
# arguments), named
# <inputs joined by +>.<flags>.txt. Only stdout is kept. TZ is fixed to UTC
# so "Time:" lines do not depend on the machine; that is the only
# normalization.
set -eu
cd "$(dirname "$0")/.."
export TZ=UTC
export PPROF_TMPDIR="${TMPDIR:-/tmp}/fluoro-goldens"
lists="${*:-testdata/golden/cases*.txt}"
# shellcheck disable=SC2086
cat $lists | grep -v '^#' | grep -v '^$' | while IFS='|' read -r flags inputs; do
  flags=$(echo "$flags" | xargs)
  inputs=$(echo "$inputs" | xargs)
  name=""
  for i in $inputs; do
    b=$(basename "$i" .pb.gz)
    name="${name:+$name+}$b"
  done
  # Paths in flags (-base=testdata/go/cpu2.pb.gz) appear by base name (base=cpu2).
  suffix=$(echo "$flags" | sed -e 's/^-*//' -e 's/ -*/./g' -e 's#[^ .=]*/##g' -e 's/\.pb\.gz//g')
  out="testdata/golden/$name.$suffix.txt"
  # shellcheck disable=SC2086
  go tool pprof $flags $inputs </dev/null >"$out" 2>/dev/null
  echo "$out"
done
