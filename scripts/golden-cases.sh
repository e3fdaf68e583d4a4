# Sourced by the make-*goldens.sh scripts: every golden is made from the
# repository root with TZ fixed to UTC, so that "Time:" lines do not depend
# on the machine (the only normalization), and with saved profiles kept out
# of $HOME.
cd "$(dirname "$0")/.."
export TZ=UTC
export PPROF_TMPDIR="${TMPDIR:-/tmp}/fluoro-goldens"

# each_case DIR LIST... calls make_case OUT FLAGS INPUTS for every
# "flags | inputs" line of the lists, OUT being DIR/<inputs joined by
# +>.<flags>.txt. Paths in flags (-base=testdata/go/cpu2.pb.gz) appear by
# base name (base=cpu2); golden.test.ts names its cases the same way.
each_case() {
  dir=$1
  shift
  cat "$@" | grep -v '^#' | grep -v '^$' | while IFS='|' read -r flags inputs; do
    flags=$(echo "$flags" | xargs)
    inputs=$(echo "$inputs" | xargs)
    name=""
    for i in $inputs; do
      b=$(basename "$i" .pb.gz)
      name="${name:+$name+}$b"
    done
    suffix=$(echo "$flags" | sed -e 's/^-*//' -e 's/ -*/./g' -e 's#[^ .=]*/##g' -e 's/\.pb\.gz//g')
    out="$dir/$name.$suffix.txt"
    make_case "$out" "$flags" "$inputs"
    echo "$out"
  done
}
