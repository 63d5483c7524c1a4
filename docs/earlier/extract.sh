#!/usr/bin/env bash
# Frozen copies of outputs an earlier version of the model committed, for the docs'
# "before issue #14" (and older) comparisons. Each copy is the file as committed at the
# named commit (made there by the command the docs of that commit give); it is not rerun
# after a model change, since it records what that version gave.
#
#   bash docs/earlier/extract.sh     # rewrite every copy from git (needs the history)
#
# A copy of PATH from COMMIT is written to docs/earlier/LABEL/PATH, without PATH's
# leading "docs/".
set -euo pipefail
cd "$(dirname "$0")/../.."

copy() {  # copy LABEL COMMIT PATH...: the files as committed at COMMIT
  local label="$1" commit="$2"
  shift 2
  for path in "$@"; do
    local to="docs/earlier/$label/${path#docs/}"
    mkdir -p "$(dirname "$to")"
    git show "$commit:$path" > "$to"
  done
}

# before issue #14 (prisons, saturating arrests, the labour market, the refit): the outputs
# as committed on the commit before issue #14's rerun (cc2f2de)
copy before_issue14 faa7129e3150149f04c8876d78129cba08c531f4 \
  docs/calibration/recheck.txt \
  benchmarks/calibration_table.md \
  benchmarks/scale.md \
  docs/fragmentation/ablation.csv \
  docs/fragmentation/status_quo/yearly.csv \
  docs/history/history.csv \
  docs/history/periods.csv \
  docs/history/event_study/event_study.csv \
  docs/history/event_study/summary.json

# after part 1 of issue #13, before its part 2 was measured (e74e9e3)
copy issue13_part1 42deaf0d5f1ac00b108f75d13ec7b4df01d7dfda \
  docs/calibration/calibration.json \
  docs/history/history.csv \
  docs/history/periods.csv \
  docs/history/event_study/event_study.csv \
  docs/history/event_study/summary.json

# before issue #13 (leaders who fall without the state, fission, gangs, truces, crowding)
copy before_issue13 f9e4ecac9646ca9240654083f30ee284f5f688b2 \
  docs/calibration/calibration.json \
  docs/calibration/metadata.json \
  docs/history/history.csv \
  docs/history/event_study/event_study.csv

# the first verdict-robustness run, over the 20 parameters of sweeps/uncertainties.toml
# (issue #17 part 2, before every uncertainty had a declared plausible span)
copy robustness_20 0fb15dd \
  docs/hypotheses/robustness/robustness.md

# the robustness run over 84 uncertainties (before reference_pressure became one and the
# calibrated spans came from the calibration's trials): a second draw of 64 sets
copy robustness_84 d347ad6 \
  docs/hypotheses/robustness/robustness.md \
  docs/hypotheses/robustness_noise.csv
