#!/usr/bin/env python3
"""Grade one student's answers with gradcli, for any grading platform.

    python3 grade_submission.py --answers answers.json --format gradescope -o results.json

problems.jsonl (beside this file) holds one check per line, as `gradcli check --cases` reads
it, except that each answer is the NAME of the student's answer in answers.json
("expect": {"x": "dfdx"} means: the student's "dfdx" is ∂f/∂x). point.json holds the values
every problem shares; a problem that does not use some of them is graded all the same.
The student's answers are text, never run: gradcli reads each one as a number or a formula
and calls what it cannot read an unreadable answer (no points; PrairieLearn: not gradable).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ANSWER_KEYS = ("expect", "expect_value", "derivative")


def cases(problems_path, point, answers):
    """Each problem with the student's answers put in (a missing answer: an empty string)."""
    with open(problems_path, encoding="utf-8") as problems:
        for line in problems:
            if not line.strip():
                continue
            case = json.loads(line)
            case["values"] = {**point, **case.get("values", {})}
            for key in ANSWER_KEYS:
                if key in case:
                    case[key] = {node: str(answers.get(name, ""))
                                 for node, name in case[key].items()}
            yield case


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", required=True)
    parser.add_argument("--format", default="gradescope")
    parser.add_argument("--problems", default=os.path.join(HERE, "problems.jsonl"))
    parser.add_argument("--values", default=os.path.join(HERE, "point.json"))
    parser.add_argument("-o", dest="output", default="-")
    args = parser.parse_args()
    with open(args.values, encoding="utf-8") as f:
        point = json.load(f)
    try:
        with open(args.answers, encoding="utf-8") as f:
            answers = json.load(f)
    except (OSError, ValueError):
        answers = {}  # nothing readable handed in: every answer is missing
    if not isinstance(answers, dict):
        answers = {}
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for case in cases(args.problems, point, answers):
            f.write(json.dumps(case) + "\n")
    command = ["gradcli", "check", "--cases", f.name, "--format", args.format,
               "--decimals", "2", "--feedback", "hint", "-o", args.output]
    code = subprocess.run(command).returncode
    os.unlink(f.name)
    # 0 all right, 1 some wrong, 4 some unreadable: the file is written; else the problems
    # themselves are broken (2, 3) or gradcli is (70): the grader's to fix.
    sys.exit(0 if code in (0, 1, 4) else code)


if __name__ == "__main__":
    main()
