# Shared by the benchmark scripts (sourced, not run): `measure LABEL COMMAND...` runs a command,
# prints its wall time and peak RSS under LABEL and keeps the wall time in $work; `ratio A B`
# prints A's wall time over B's. The caller sets `work` (a scratch folder) and `label_width`.

measure() {  # label, command...
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || true
  read -r wall rss < <(tail -n 1 "$work/time")  # time prepends a line on a non-zero exit
  printf "%-${label_width:-34}s %8.2f s %8d MB\n" "$label" "$wall" "$((rss / 1024))"
  echo "$wall" >"$work/$label.wall"
}

ratio() { awk -v a="$(cat "$work/$1.wall")" -v b="$(cat "$work/$2.wall")" 'BEGIN { printf "%.2f", a / b }'; }
