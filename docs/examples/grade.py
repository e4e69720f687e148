"""Grade a backprop homework from a CSV of answers: one score per student.

    python grade.py answers.csv

The homework: f = (x+y)*z at x = -2, y = 5, z = -4; give ∂f/∂x, ∂f/∂y and
∂f/∂z (1 point each, two decimals are enough), and the derivative of
sigmoid(x) as a formula of x (2 points). answers.csv has a header and one row
per student: student,dfdx,dfdy,dfdz,dsigmoid.
"""

import csv
import json
import subprocess
import sys
import tempfile

LECTURE = {"expression": "(x+y)*z", "values": {"x": -2, "y": 5, "z": -4}, "decimals": 2}
SIGMOID = {"expression": "sigmoid(x)", "values": {"x": 0.5}}
QUESTIONS = {  # question: (points, the case for one answer)
    "dfdx": (1, lambda a: {**LECTURE, "expect": {"x": number(a)}}),
    "dfdy": (1, lambda a: {**LECTURE, "expect": {"y": number(a)}}),
    "dfdz": (1, lambda a: {**LECTURE, "expect": {"z": number(a)}}),
    "dsigmoid": (2, lambda a: {**SIGMOID, "derivative": {"x": a}}),
}


def number(answer):
    """A numeric answer as a JSON number; anything else is passed on for gradcli to reject."""
    try:
        return int(answer) if answer.strip().lstrip("-").isdigit() else float(answer)
    except ValueError:
        return answer


def main(path):
    with open(path, newline="", encoding="utf-8") as f:
        students = list(csv.DictReader(f))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as cases:
        for row in students:
            for question, (_, make_case) in QUESTIONS.items():
                case = {"id": f"{row['student']}/{question}", **make_case(row[question])}
                cases.write(json.dumps(case) + "\n")
    proc = subprocess.run(["gradcli", "check", "--cases", cases.name, "--format", "json"],
                          capture_output=True, text=True)
    if not proc.stdout:  # gradcli could not run the batch at all (a missing file, a bug)
        sys.exit(proc.stderr)
    scores = {row["student"]: 0 for row in students}
    missed = {row["student"]: [] for row in students}
    for line in proc.stdout.splitlines():
        result = json.loads(line)
        student, question = result["id"].split("/")
        if result["status"] == "pass":
            scores[student] += QUESTIONS[question][0]
        else:
            missed[student].append(question)
    total = sum(points for points, _ in QUESTIONS.values())
    for student, score in scores.items():
        print(f"{student}\t{score}/{total}\t{' '.join(missed[student])}".rstrip())


if __name__ == "__main__":
    main(sys.argv[1])
