#!/bin/sh
# Regenerates testdata/golden/proto/*.txt with the real `go tool pprof`
# (Go 1.19): for each line of testdata/golden/proto/cases.txt, the -proto
# output read back with -raw. Named as make-goldens.sh names its files.
set -eu
cd "$(dirname "$0")/.."
export TZ=UTC
export PPROF_TMPDIR="${TMPDIR:-/tmp}/fluoro-goldens"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
grep -v '^#' testdata/golden/proto/cases.txt | grep -v '^$' | while IFS='|' read -r flags inputs; do
  flags=$(echo "$flags" | xargs)
  inputs=$(echo "$inputs" | xargs)
  name=""
  for i in $inputs; do
    b=$(basename "$i" .pb.gz)
    name="${name:+$name+}$b"
  done
  suffix=$(echo "$flags" | sed -e 's/^-*//' -e 's/ -*/./g' -e 's#[^ .=]*/##g' -e 's/\.pb\.gz//g')
  out="testdata/golden/proto/$name.$suffix.txt"
  # shellcheck disable=SC2086
  go tool pprof $flags $inputs </dev/null >"$tmp" 2>/dev/null
  go tool pprof -raw "$tmp" </dev/null >"$out" 2>/dev/null
  echo "$out"
done
