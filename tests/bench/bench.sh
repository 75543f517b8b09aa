#!/usr/bin/env bash
# bench.sh — tfclock's throughput and peak memory on generated logs, beside
# grep (the speed to approach) and gzip (for archives). Prints figures; fails
# only when tfclock itself fails.
#
#   tests/bench/bench.sh [BUILD_DIR]        (or: cmake --build build --target bench)
#
# Environment: TFC_BENCH_MB (size of the main log, 1024), TFC_BENCH_RUNS (timed
# runs per command, 3), TFC_BENCH_CASES (space-separated subset of: plain json
# tflog targz). Generated logs are cached in BUILD_DIR/bench-data; delete that
# folder to regenerate them (for instance after changing the generator).
set -euo pipefail
export LC_ALL=C

build=${1:-build}
build=$(cd "$build" && pwd)
tfgen=$build/tfgen
tfclock=$build/tfclock
data=$build/bench-data
mb=${TFC_BENCH_MB:-1024}
runs=${TFC_BENCH_RUNS:-3}
cases=${TFC_BENCH_CASES:-plain json tflog targz}
resources=100000
seed=2024

for bin in "$tfgen" "$tfclock"; do
	[ -x "$bin" ] || { echo "bench: $bin is missing; build the tfgen and tfclock targets" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is missing; run ci/setup.sh" >&2; exit 2; }
mkdir -p "$data"

# ---- helpers ----------------------------------------------------------------

now_ns() { date +%s%N; }

# generate FILE ARGS...: run tfgen once; the arguments are remembered beside the
# file so that a changed case regenerates it.
generate() {
	local file=$1
	shift
	local want="$*"
	if [ -s "$file" ] && [ -f "$file.args" ] && [ "$(cat "$file.args")" = "$want" ]; then
		return
	fi
	echo "  generating $(basename "$file") (tfgen $want) ..." >&2
	local t0 t1
	t0=$(now_ns)
	"$tfgen" "$@" -o "$file.tmp"
	t1=$(now_ns)
	mv "$file.tmp" "$file"
	printf '%s' "$want" >"$file.args"
	echo "  generated $(( $(stat -c %s "$file") >> 20 )) MiB in $(( (t1 - t0) / 1000000 )) ms" >&2
}

# best_ms CMD...: warm-up once (the input is then in the page cache), then the
# best wall time of $runs runs, in milliseconds. Output goes to a scratch file,
# not /dev/null: GNU grep stops at the first match when it sees /dev/null. A
# failing command fails the benchmark.
scratch=$data/.out
best_ms() {
	"$@" >"$scratch"
	local best="" i t0 t1 ms
	for ((i = 0; i < runs; i++)); do
		t0=$(now_ns)
		"$@" >"$scratch"
		t1=$(now_ns)
		ms=$(( (t1 - t0) / 1000000 ))
		[ $ms -gt 0 ] || ms=1
		if [ -z "$best" ] || [ $ms -lt $best ]; then best=$ms; fi
	done
	echo "$best"
}

# peak_rss_mb CMD...: peak resident set size of one run, in MiB.
peak_rss_mb() {
	local f
	f=$(mktemp)
	/usr/bin/time -f %M -o "$f" "$@" >"$scratch"
	local kb
	kb=$(tail -n 1 "$f")
	rm -f "$f"
	echo $(( (kb + 1023) / 1024 ))
}

mbps() { # bytes ms
	awk -v b="$1" -v ms="$2" 'BEGIN { printf "%.0f", (b / 1048576) / (ms / 1000) }'
}

failed=0
row() { printf '%-44s %10s %10s %s\n' "$@"; }

# bench_case NAME FILE BYTES BASELINE-LABEL BASELINE-CMD...
# Times the baseline and `tfclock report --format json FILE`, prints both
# throughputs (BYTES per second: the log's size, uncompressed for archives),
# their ratio and tfclock's peak RSS.
bench_case() {
	local name=$1 file=$2 bytes=$3 blabel=$4
	shift 4
	echo
	echo "== $name: $(basename "$file"), $(( $(stat -c %s "$file") >> 20 )) MiB on disk, $(( bytes >> 20 )) MiB of log"
	local bms tms
	bms=$(best_ms "$@")
	if ! tms=$(best_ms "$tfclock" report --format json "$file"); then
		echo "   tfclock FAILED on $file" >&2
		failed=1
		return
	fi
	local rss
	rss=$(peak_rss_mb "$tfclock" report --format json "$file")
	row "" "time" "MB/s" ""
	row "$blabel" "${bms} ms" "$(mbps "$bytes" "$bms")" ""
	# The issues' targets: as fast as the baseline and 128 MiB, unless the case
	# says otherwise (WANT_RATIO, WANT_RSS: -json is 0.5x grep and 256 MiB).
	local want_ratio=${WANT_RATIO:-1.00} want_rss=${WANT_RSS:-128}
	row "tfclock report --format json" "${tms} ms" "$(mbps "$bytes" "$tms")" ""
	row "tfclock / $blabel speed" "" "$(awk -v a="$bms" -v b="$tms" 'BEGIN { printf "%.2f", a / b }')" "(target: >= $want_ratio)"
	row "tfclock peak RSS" "${rss} MiB" "" "(target: <= $want_rss MiB)"
	echo "${FUNCNAME[1]#case_} $bytes $bms $tms $rss" >>"$data/results.txt"
}

# ---- cases --------------------------------------------------------------------

case_plain() {
	local big=$data/plain-${mb}m.log small=$data/plain-$((mb / 4))m.log
	generate "$big" --seed $seed --resources $resources --color --target-bytes $((mb << 20)) --plan-share 0.1
	generate "$small" --seed $seed --resources $resources --color --target-bytes $((mb << 18)) --plan-share 0.1
	bench_case "plain UI with colour" "$big" "$(stat -c %s "$big")" "grep -cF 'complete after'" \
		grep -cF 'complete after' "$big"
	local rss
	if rss=$(peak_rss_mb "$tfclock" report --format json "$small"); then
		row "tfclock peak RSS, log 4x smaller" "${rss} MiB" "" \
			"($(( $(stat -c %s "$small") >> 20 )) MiB, same $resources resources: RSS should not follow log size)"
		echo "plain-small $(stat -c %s "$small") - - $rss" >>"$data/results.txt"
	else
		echo "   tfclock FAILED on $small" >&2
		failed=1
	fi
}

case_json() {
	local f=$data/json-$((mb / 4))m.jsonl
	generate "$f" --seed $seed --resources $((resources / 4)) --format json --target-bytes $((mb << 18))
	WANT_RATIO=0.50 WANT_RSS=256 bench_case "-json machine-readable UI" "$f" "$(stat -c %s "$f")" "grep -cF 'apply_complete'" \
		grep -cF apply_complete "$f"
}

case_tflog() {
	local f=$data/tflog-$((mb / 4))m.log
	generate "$f" --seed $seed --resources $((resources / 4)) --format tflog --target-bytes $((mb << 18))
	bench_case "TF_LOG=TRACE with the UI" "$f" "$(stat -c %s "$f")" "grep -cF 'complete after'" \
		grep -cF 'complete after' "$f"
}

case_targz() {
	local f=$data/stages-$((mb / 4))m.tar.gz dir=$data/stages
	local want="--seed $seed --resources $((resources / 8)) --color --prefix capture --stages 8 --target-bytes $((mb << 15))"
	if ! [ -s "$f" ] || ! [ -f "$f.args" ] || [ "$(cat "$f.args")" != "$want" ]; then
		echo "  generating $(basename "$f") (tfgen $want) ..." >&2
		rm -rf "$dir"
		# shellcheck disable=SC2086
		"$tfgen" $want --out-dir "$dir"
		du -sb "$dir" | cut -f1 >"$f.bytes"
		tar -C "$data" -czf "$f.tmp" stages
		mv "$f.tmp" "$f"
		rm -rf "$dir"
		printf '%s' "$want" >"$f.args"
	fi
	bench_case ".tar.gz of an 8-stage folder" "$f" "$(cat "$f.bytes")" "gzip -dc" gzip -dc "$f"
}

echo "tfclock benchmark — $(nproc) cores, $(uname -srm)"
echo "binaries: $tfclock, $tfgen; data: $data; best of $runs runs after a warm-up"
: >"$data/results.txt"
for c in $cases; do
	if declare -F "case_$c" >/dev/null; then
		"case_$c"
	else
		echo "bench: unknown case $c" >&2
		exit 2
	fi
done
echo
echo "figures (case bytes baseline_ms tfclock_ms rss_mib): $data/results.txt"
exit $failed
