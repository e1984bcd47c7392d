#!/usr/bin/env bash
# Measures the mappinggen command line on generated VPC Flow Logs in the S3
# text layout:
#   1. four files of 250,000 records each, converted with --workers 1, with
#      --workers 2, and by two processes of one worker at the same time (2x1),
#      with the events written to files and to /dev/null, timed by GNU time
#      in alternating runs;
#   2. the peak resident set size from GNU time on one file of 750,000
#      records (about 300 MB), one of 8,500,000 records (about 3.5 GB), and
#      on several files with two workers.
# The files are written below DATA (a path without spaces, default
# /tmp/mappinggen-cli-bench, about 5.5 GB with the output) and deleted at
# the end. RUNS sets the runs of each setting (default 10).
# Needs GNU time: apt-get install time.
set -euo pipefail
cd "$(dirname "$0")/.."

data=${DATA:-/tmp/mappinggen-cli-bench}
runs=${RUNS:-10}

echo "processors: $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), dotnet $(dotnet --version)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

dotnet build -c Release --verbosity quiet -nologo cli/MappingGen.Cli.csproj
dotnet build -c Release --verbosity quiet -nologo tests/MappingGen.FlowLogData
cli="dotnet cli/bin/Release/net10.0/mappinggen.dll"
generator="dotnet tests/MappingGen.FlowLogData/bin/Release/net10.0/MappingGen.FlowLogData.dll"

mkdir -p "$data"
trap 'rm -rf "$data"' EXIT

# The generator writes the same records in every layout, and only the S3
# text file is kept. Each file has its own seed.
for seed in 1 2 3 4; do
    $generator "$data/seed-$seed" --records 250000 --seed "$seed" >/dev/null
    mv "$data/seed-$seed/flows.log" "$data/flows-$seed.log"
    rm -r "$data/seed-$seed"
done

files="$data/flows-1.log $data/flows-2.log $data/flows-3.log $data/flows-4.log"

# Events go to standard output, redirected to a file or to /dev/null, as in
# a shell pipeline.
run_timed() {
    local output=$1 workers=$2 target=$3
    shift 3
    if ! /usr/bin/time -f "$output\t$workers\t%e\t%U\t%S" -a -o "$data/times.tsv" "$@" >"$target" 2>"$data/stderr.txt"; then
        cat "$data/stderr.txt" >&2
        exit 1
    fi
}

# The runs alternate between the settings, so that load from other
# processes on the machine falls on each setting alike. Setting 2x1 is the
# same work in two processes of one worker, two files each: the speedup
# that two cores give when the processes share nothing.
$cli convert $files >/dev/null
printf 'output\tworkers\telapsed_s\tuser_s\tsystem_s\n' >"$data/times.tsv"
for _ in $(seq "$runs"); do
    for output in file /dev/null; do
        target=$output
        second_target=$output
        if [ "$output" = file ]; then
            target=$data/events.ndjson
            second_target=$data/events-2.ndjson
        fi

        for workers in 1 2; do
            run_timed "$output" "$workers" "$target" $cli convert $files --workers "$workers"
        done

        run_timed "$output" 2x1 /dev/null bash -c "
            $cli convert $data/flows-1.log $data/flows-2.log --workers 1 >$target 2>/dev/null &
            $cli convert $data/flows-3.log $data/flows-4.log --workers 1 >$second_target 2>/dev/null && wait \$!"
    done
done
rm -f "$data/events.ndjson" "$data/events-2.ndjson"

# The minimum and median of each setting. Each run converts 1,000,000
# records.
median() {
    sort -n | awk '{ value[NR] = $1 } END { print NR % 2 ? value[(NR + 1) / 2] : (value[NR / 2] + value[NR / 2 + 1]) / 2 }'
}
echo "output     workers  min_s  median_s  records/s_at_min  median_cpu_s"
for output in file /dev/null; do
    for workers in 1 2 2x1; do
        runs_of_setting=$(awk -F'\t' -v output="$output" -v workers="$workers" '$1 == output && $2 == workers' "$data/times.tsv")
        minimum=$(cut -f3 <<<"$runs_of_setting" | sort -n | head -n 1)
        elapsed=$(cut -f3 <<<"$runs_of_setting" | median)
        cpu=$(awk -F'\t' '{ print $4 + $5 }' <<<"$runs_of_setting" | median)
        awk -v output="$output" -v workers="$workers" -v minimum="$minimum" -v elapsed="$elapsed" -v cpu="$cpu" \
            'BEGIN { printf "%-10s %7s  %5.2f  %8.2f  %16.0f  %12.2f\n", output, workers, minimum, elapsed, 1000000 / minimum, cpu }'
    done
done

# A header line, then the records of the first file repeated: 3 times for
# 750,000 records and 34 times for 8,500,000 records.
repeat() {
    head -n 1 "$data/flows-1.log"
    for _ in $(seq "$1"); do
        tail -n +2 "$data/flows-1.log"
    done
}
repeat 3 >"$data/small.log"
repeat 34 >"$data/large.log"

peak() {
    local name=$1
    shift
    /usr/bin/time -v $cli convert "$@" >/dev/null 2>"$data/time.txt"
    local rss elapsed
    rss=$(grep 'Maximum resident set size' "$data/time.txt" | awk '{print $NF}')
    elapsed=$(grep 'Elapsed (wall clock)' "$data/time.txt" | awk '{print $NF}')
    echo "$name: $(stat -c %s "$1") bytes in the first input, peak RSS $rss KiB, $elapsed elapsed"
}
peak "750,000 records" "$data/small.log"
peak "8,500,000 records" "$data/large.log"
peak "4 files of 250,000 records, workers 2" $files --workers 2
peak "8,500,000 and 750,000 records, workers 2" "$data/large.log" "$data/small.log" --workers 2

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
