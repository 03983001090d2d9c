#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600), two at a time, logging to fuzz/logs/.
#   fuzz/run.sh            # 10 minutes each
#   SECONDS_EACH=60 fuzz/run.sh
set -euo pipefail
cd "$(dirname "$0")"
seconds=${SECONDS_EACH:-600}
run() {
  local target=$1
  mkdir -p "corpus/$target" logs
  RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    > "logs/$target.log" 2>&1 || echo "$target: finding, see logs/$target.log and artifacts/$target/" >&2
}
run import_text & run import_markdown & wait
run import_html & run segment & wait
run align & run reference & wait
run escape
for target in import_text import_markdown import_html segment align reference escape; do
  echo "== $target"; grep -E "stat::number_of_executed_units|stat::peak_rss_mb|Done|ERROR|panicked" "logs/$target.log" | tail -5
done
