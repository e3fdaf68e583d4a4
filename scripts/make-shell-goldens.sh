#!/bin/sh
# Regenerates the interactive shell goldens: for each
# testdata/golden/shell/NAME.in (first line "# args: ..." gives the command
# line, the rest is typed into the shell), runs the real `go tool pprof`
# (Go 1.19) with that input and saves its stdout as NAME.out and its stderr
# as NAME.err.
set -eu
. "$(dirname "$0")/golden-cases.sh"
for in in testdata/golden/shell/*.in; do
  base=${in%.in}
  args=$(head -n 1 "$in" | sed 's/^# args: //')
  # shellcheck disable=SC2086
  tail -n +2 "$in" | go tool pprof $args >"$base.out" 2>"$base.err" || true
  echo "$base"
done
