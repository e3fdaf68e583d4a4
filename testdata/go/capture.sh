#!/usr/bin/env bash
# Regenerates the Go reference fixtures in testdata/go (see README.md).
#
#   bash testdata/go/capture.sh
#
# Needs: go (1.19 was used), curl. Takes about 15 seconds.
# 1. builds main.go into a temporary directory (no binary is committed),
# 2. runs it with -out to write every runtime/pprof profile into testdata/go,
# 3. runs it with -serve and records raw net/http/pprof responses with curl
#    into testdata/go/http/NAME.headers and NAME.body.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# A fixed build path keeps the binary's name in the profiles' mappings the
# same from one regeneration to the next.
build=${TMPDIR:-/tmp}/fluoro-gofixture
server_pid=

cleanup() {
	if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
	rm -rf "$build"
}
trap cleanup EXIT

rm -rf "$build"
mkdir -p "$build"
(cd "$here" && go build -o "$build/gofixture" .)
bin=$build/gofixture
go version >"$build/go-version"

# ---------------------------------------------------------------- profiles
echo "capture.sh: writing profiles (about 4 s)" >&2
"$bin" -out "$here"

# ---------------------------------------------------------------- HTTP
# exec -a makes argv[0] "gofixture", so /debug/pprof/cmdline is reproducible.
(exec -a gofixture "$bin" -serve 127.0.0.1:0) >"$build/serve.out" 2>"$build/serve.err" &
server_pid=$!
base=
for _ in $(seq 1 100); do
	base=$(head -n 1 "$build/serve.out" 2>/dev/null || true)
	if [ -n "$base" ]; then break; fi
	sleep 0.1
done
if [ -z "$base" ]; then
	echo "capture.sh: server did not start" >&2
	cat "$build/serve.err" >&2
	exit 1
fi
base=${base%/debug/pprof/} # http://127.0.0.1:PORT
echo "capture.sh: capturing HTTP responses from $base (about 8 s)" >&2
sleep 0.5 # let the background workload and parked goroutines settle

out=$here/http
rm -rf "$out"
mkdir -p "$out"

# get NAME PATH [curl args...]: raw response headers and body of one request.
# The Date header's value changes on every run, so it is replaced by <elided>;
# everything else is byte for byte what Go sent (CRLF line ends included).
get() {
	local name=$1 path=$2
	shift 2
	curl -sS --path-as-is -D "$out/$name.headers" -o "$out/$name.body" "$@" "$base$path"
	sed -i 's/^Date: [^\r]*/Date: <elided>/' "$out/$name.headers"
}

get index '/debug/pprof/'
get redirect '/debug/pprof'
get cmdline '/debug/pprof/cmdline'
get symbol '/debug/pprof/symbol'
# symbol lookups as pprof's old clients do them: GET with the query as the
# list of addresses, and POST with the list as body. 0x1 resolves to nothing.
pc=$(go tool nm "$bin" | awk '$2 == "T" && $3 == "main.hashLoop" { print "0x" $1 }')
get symbol-get-pcs "/debug/pprof/symbol?$pc+0x1"
get symbol-post-pcs '/debug/pprof/symbol' --data-binary "$pc+0x1"
get nosuch '/debug/pprof/nosuch'
get heap-seconds-abc '/debug/pprof/heap?seconds=abc'
get heap-seconds-0 '/debug/pprof/heap?seconds=0'
get heap-seconds-1-debug-1 '/debug/pprof/heap?seconds=1&debug=1'
get custom-seconds-1 '/debug/pprof/fluoro.test/connections?seconds=1'
get custom '/debug/pprof/fluoro.test/connections'
get custom-debug-1 '/debug/pprof/fluoro.test/connections?debug=1'
get heap '/debug/pprof/heap'
get heap-debug-1 '/debug/pprof/heap?debug=1'
get heap-seconds-1 '/debug/pprof/heap?seconds=1' # a delta profile, 200
# The server has WriteTimeout 5s: any duration >= 5 s is refused, including
# the CPU profile's default of 30 s when seconds is missing.
get heap-seconds-10 '/debug/pprof/heap?seconds=10'
get profile-seconds-5 '/debug/pprof/profile?seconds=5'
get profile-no-seconds '/debug/pprof/profile'
get trace-seconds-5 '/debug/pprof/trace?seconds=5'

# A CPU profile while another runs: the second one fails with 500.
curl -sS -D "$out/profile-seconds-3.headers" -o "$out/profile-seconds-3.body" \
	"$base/debug/pprof/profile?seconds=3" &
first=$!
sleep 1
get profile-seconds-1-busy '/debug/pprof/profile?seconds=1'
wait "$first"
sed -i 's/^Date: [^\r]*/Date: <elided>/' "$out/profile-seconds-3.headers"

# The same for execution traces; the trace body itself is not kept.
curl -sS -D "$out/trace-seconds-2.headers" -o /dev/null "$base/debug/pprof/trace?seconds=2" &
first=$!
sleep 0.5
get trace-seconds-1-busy '/debug/pprof/trace?seconds=1'
wait "$first"
sed -i 's/^Date: [^\r]*/Date: <elided>/' "$out/trace-seconds-2.headers"

kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=

# ---------------------------------------------------------------- checks
too_big=$(find "$here" -type f -size +200k)
if [ -n "$too_big" ]; then
	echo "capture.sh: files over 200 KB: $too_big" >&2
	exit 1
fi
echo "capture.sh: done with $(cat "$build/go-version"); total $(cat $(find "$here" -type f) | wc -c) bytes" >&2
