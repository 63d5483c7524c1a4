#!/usr/bin/env bash
# Regenerate every committed model output the README and docs/ quote, in order, after a
# change to the mechanisms or the calibration. Each step says which file it rewrites;
# the docs' figures must then be updated from these files.
#
#   bash docs/rerun.sh            # all steps (~55 min on 2 cores shared with other work)
#   bash docs/rerun.sh history    # only the steps whose name contains "history"
#
# The calibration itself is not rerun here (it is a decision, not a rerun):
#   cartelsim calibrate --out docs/calibration   # then copy the fitted values into model/params.py
#   cartelsim calibrate --fit-until 2017 --out docs/calibration/time_split   # the time split
# Nor is the observed monthly record, an input made from SESNSP's open data
# (python docs/history/sesnsp_monthly.py FILE > scenarios/observed/mexico_monthly_victims.csv).
# Nor are the outputs of earlier versions of the model the docs compare with (frozen
# copies from git: bash docs/earlier/extract.sh). The derived.py scripts (and
# docs/docking/equations.py) print figures computed from several committed outputs; each
# runs after the steps whose outputs it reads. docs/figures.toml ties the figures quoted
# in the README and docs/ to these files (tests/test_figures.py).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
CLI=("$PY" -m model.ui.cli)
ONLY="${1:-}"

run() {  # run NAME COMMAND...: a step, timed, skipped unless its name matches ONLY
  local name="$1"
  shift
  [[ -n "$ONLY" && "$name" != *"$ONLY"* ]] && return 0
  echo "== $name: $*" >&2
  local start=$SECONDS
  "$@"
  echo "== $name done in $((SECONDS - start)) s" >&2
}

copy_run() {  # copy_run FROM TO FILES...: committed copies of a results folder's files
  local from="$1" to="$2"
  shift 2
  mkdir -p "$to"
  for f in "$@"; do cp "$from/$f" "$to/$f"; done
}

recheck() {
  "$PY" docs/calibration/recheck.py > docs/calibration/recheck.txt
  "$PY" docs/calibration/fresh_start.py > docs/calibration/fresh_start.csv
  "$PY" docs/calibration/time_split.py > docs/calibration/time_split.csv
}
calibration_table() {
  "$PY" benchmarks/calibration_table.py > benchmarks/calibration_table.md
  "$PY" docs/calibration/derived.py > docs/calibration/derived.json  # reads the steps so far
}
status_quo() {
  "${CLI[@]}" run baseline --replicates 10 --out runs/status_quo --overwrite
  copy_run runs/status_quo docs/fragmentation/status_quo history.csv history.png scenario.toml metadata.json
  "$PY" docs/fragmentation/status_quo/yearly.py runs/status_quo > docs/fragmentation/status_quo/yearly.csv
}
history() {
  "${CLI[@]}" run scenarios/mexico_2006.toml --replicates 20 \
    --observed scenarios/observed/mexico_2007_2024.csv --out runs/history --overwrite
  copy_run runs/history docs/history history.csv history.png metadata.json
  "$PY" docs/history/periods.py runs/history > docs/history/periods.csv
  "$PY" docs/history/periods.py runs/history --strike-periods > docs/history/strike_periods.csv
  "$PY" docs/history/fit.py > docs/history/fit.csv
  "$PY" docs/history/monthly.py runs/history --out docs/history
  "$PY" docs/calibration/time_split_replay.py > docs/calibration/time_split_replay.csv  # reads history.csv
  "$PY" docs/history/derived.py > docs/history/derived.json  # reads the outputs above and docs/earlier/
}
event_study() {
  rm -rf docs/history/event_study
  "${CLI[@]}" event-study scenarios/mexico_2006.toml --steps 936 --out docs/history/event_study
  # reads the status quo, the replay and the event study (and docs/earlier/)
  "$PY" docs/fragmentation/derived.py > docs/fragmentation/derived.json
}
docking() {
  "${CLI[@]}" dock --out docs/docking
  "$PY" docs/docking/equations.py > docs/docking/equations.json
}
hypotheses() { "${CLI[@]}" hypotheses --out docs/hypotheses; }
ablation() { "$PY" docs/fragmentation/ablation.py > docs/fragmentation/ablation.csv; }
prisons() {
  "$PY" docs/prisons/arrest_campaigns.py > docs/prisons/arrest_campaigns.csv
  "$PY" docs/prisons/programme.py > docs/prisons/programme.csv
  "$PY" docs/prisons/income_deciles.py > docs/prisons/income_deciles.txt
  "$PY" docs/prisons/derived.py > docs/prisons/derived.json
}

run recheck recheck
run calibration_table calibration_table
run status_quo status_quo
run history history
run event_study event_study
run docking docking
run hypotheses hypotheses
run ablation ablation
run prisons prisons
anchors() { "$PY" docs/parameters/anchors.py > docs/parameters/anchors.txt; }
run anchors anchors
moved() { "$PY" docs/hypotheses/moved.py > docs/hypotheses/moved.csv; }
run moved moved
robustness() {
  "${CLI[@]}" hypotheses --robustness sweeps/robustness.toml --out docs/hypotheses/robustness
  "$PY" docs/hypotheses/robustness_noise.py > docs/hypotheses/robustness_noise.csv
}
run robustness robustness
