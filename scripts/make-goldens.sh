#!/bin/sh
# Regenerates testdata/golden/*.txt with the real `go tool pprof` (Go 1.19),
# one file per line of testdata/golden/cases*.txt (or of the lists given as
# arguments), named as golden-cases.sh says. Only stdout is kept.
set -eu
. "$(dirname "$0")/golden-cases.sh"

make_case() {
  # shellcheck disable=SC2086
  go tool pprof $2 $3 </dev/null >"$1" 2>/dev/null
}

# shellcheck disable=SC2086
each_case testdata/golden ${*:-testdata/golden/cases*.txt}
