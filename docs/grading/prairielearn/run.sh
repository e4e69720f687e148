#!/usr/bin/env bash
# PrairieLearn's external grader entrypoint: the student's files are in /grade/student, the
# question's tests in /grade/tests (grade_submission.py, problems.jsonl, point.json), and the results go
# to /grade/results/results.json. (GRADE moves the root, for a dry run elsewhere.)
set -uo pipefail
root="${GRADE:-/grade}"
mkdir -p "$root/results"
python3 "$root/tests/grade_submission.py" --format prairielearn \
    --answers "$root/student/answers.json" -o "$root/results/results.json"
