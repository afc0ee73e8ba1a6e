#!/usr/bin/env bash
# Seeds for the load_bytes target: the test fixtures' good pack and the
# embedded pack, each as its files joined by 0xFF bytes in the order the
# target reads them (articles renamed to articles/0.txt, articles/1.txt, …).
set -euo pipefail
cd "$(dirname "$0")"
out=corpus/load_bytes
mkdir -p "$out"
seed() {
    local pack=$1 name=$2
    mapfile -t arts < <(grep -o '"file": *"[^"]*"' "$pack/corpus.json" | sed 's/.*"\([^"]*\)"$/\1/')
    local corpus
    corpus=$(cat "$pack/corpus.json")
    local i=0
    for a in "${arts[@]}"; do
        corpus=${corpus//\"$a\"/\"articles/$i.txt\"}
        i=$((i + 1))
    done
    local guide
    guide=$(ls "$pack"/guides/*.json 2>/dev/null | head -1)
    {
        printf '%s' "$corpus"; printf '\xff'
        cat "$pack/entities.json"; printf '\xff'
        cat "$pack/events.json"; printf '\xff'
        [ -n "$guide" ] && cat "$guide"
        for a in "${arts[@]}"; do printf '\xff'; cat "$pack/$a"; done
    } > "$out/$name"
}
seed ../tests/fixtures/good good
seed ../content embedded
ls -l "$out"
