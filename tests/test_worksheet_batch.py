"""Worksheets for a class: variants at other points (deterministic for a seed), batch cases
with a ``worksheet`` object, and the mistakes counted over the class (``--tally``)."""

import json

import numpy as np

from gradcli.checks.worksheet.variants import MAX_READABLE

ADD_MUL = ["(x+y)*z", "--x", "-2", "--y", "5", "--z", "-4"]
SIGMOID = "1/(1+exp(-(w0*x0+w1*x1+w2)))"


def variants(cli, tmp_path, *args, name="class"):
    out = tmp_path / name
    result = cli("worksheet", *args, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return out


def test_variants_write_a_blank_a_key_and_cases(cli, tmp_path):
    out = variants(cli, tmp_path, SIGMOID, "--variants", "4", "--seed", "7")
    names = sorted(p.name for p in out.iterdir())
    assert names == ["cases.jsonl"] + [f"variant-{k}{s}.json" for k in range(1, 5)
                                        for s in ("", ".key")]
    points = []
    for k in range(1, 5):
        blank = json.loads((out / f"variant-{k}.json").read_text())
        key = json.loads((out / f"variant-{k}.key.json").read_text())
        point = blank["values"]
        points.append(tuple(point.values()))
        assert all(isinstance(v, int) and -5 <= v <= 5 and v != 0 for v in point.values())
        assert all(node["grad"] is None for node in blank["nodes"].values())
        numbers = [n[f] for n in key["nodes"].values() for f in ("value", "grad")]
        assert all(abs(x) <= MAX_READABLE for x in numbers)
        # the key is the truth: SymPy-free oracle, the lecture's closed form at the point
        w0, x0, w1, x1, w2 = (point[n] for n in ("w0", "x0", "w1", "x1", "w2"))
        s = 1 / (1 + np.exp(-(w0 * x0 + w1 * x1 + w2)))
        assert np.isclose(key["nodes"]["w0"]["grad"], x0 * s * (1 - s))
    assert len(set(points)) == 4
    lines = (out / "cases.jsonl").read_text().splitlines()
    assert [json.loads(line)["id"] for line in lines] == [f"variant-{k}" for k in range(1, 5)]


def test_the_same_seed_gives_the_same_variants(cli, tmp_path):
    one = variants(cli, tmp_path, *ADD_MUL[:1], "--variants", "3", "--seed", "2", name="a")
    two = variants(cli, tmp_path, *ADD_MUL[:1], "--variants", "3", "--seed", "2", name="b")
    three = variants(cli, tmp_path, *ADD_MUL[:1], "--variants", "3", "--seed", "3", name="c")
    assert (one / "cases.jsonl").read_text() == (two / "cases.jsonl").read_text()
    assert (one / "cases.jsonl").read_text() != (three / "cases.jsonl").read_text()


def test_variants_avoid_kinks_and_domain_edges(cli, tmp_path):
    out = variants(cli, tmp_path, "relu(x)*log(y)", "--variants", "5", "--range", "-3..3")
    for k in range(1, 6):
        point = json.loads((out / f"variant-{k}.json").read_text())["values"]
        assert point["x"] != 0 and point["y"] > 0


def test_variants_keep_the_shapes_of_array_values(cli, tmp_path):
    out = variants(cli, tmp_path, "sum((W @ x)**2)", "--W", "[[0, 0], [0, 0]]", "--x", "[0, 0]",
                   "--variants", "2")
    key = json.loads((out / "variant-1.key.json").read_text())
    assert np.shape(key["nodes"]["W"]["grad"]) == (2, 2)


def test_too_few_points_is_an_error(cli, tmp_path):
    result = cli("worksheet", "x*y", "--variants", "5", "--range", "1..2", "-o",
                 str(tmp_path / "out"))
    assert result.exit_code == 2 and "found only" in result.stderr


def test_variants_need_a_directory_and_a_range(cli, tmp_path):
    assert cli("worksheet", "x*y", "--variants", "2").exit_code == 2
    result = cli("worksheet", "x*y", "--variants", "2", "--range", "5..1", "-o", str(tmp_path))
    assert result.exit_code == 2 and "--range" in result.stderr


def filled_cases(out, slips: dict) -> str:
    """Each variant's key as a student's answer, with ``slips`` (variant -> edit) applied."""
    lines = []
    for k, line in enumerate((out / "cases.jsonl").read_text().splitlines(), 1):
        case = json.loads(line)
        key = json.loads((out / f"variant-{k}.key.json").read_text())
        nodes = {n: {"value": e["value"], "grad": e["grad"]} for n, e in key["nodes"].items()}
        slips.get(k, lambda nodes: None)(nodes)
        case["worksheet"]["nodes"] = nodes
        lines.append(json.dumps(case))
    path = out / "filled.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def swap_at_f(nodes):  # n1's gradient from n1's own value, carried on to x and y
    for name in ("n1", "x", "y"):
        nodes[name]["grad"] = nodes["n1"]["value"]


def blank_grad(nodes):
    nodes["z"]["grad"] = None


def test_cases_grade_worksheets_and_tally_counts_the_mistakes(cli, tmp_path):
    out = variants(cli, tmp_path, "(x+y)*z", "--variants", "4", "--seed", "1")
    path = filled_cases(out, {1: swap_at_f, 3: swap_at_f, 4: blank_grad})
    lines = cli("check", "--cases", path, "--format", "json").stdout.splitlines()
    statuses = [json.loads(line)["status"] for line in lines]
    assert statuses == ["fail", "pass", "fail", "fail"]
    first = json.loads(lines[0])["details"]["worksheet"]
    assert first["mistakes"][0]["code"] == "mul-not-swapped"
    result = cli("check", "--cases", path, "--tally", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "tally": {"mul-not-swapped": {"total": 2, "gates": {"f": 2}}},
        "worksheets": 4, "with_mistakes": 2}
    table = cli("check", "--cases", path, "--tally").stdout
    assert "mul-not-swapped │     2 │ f (2)" in table and "2 of 4 worksheets" in table


def test_a_case_with_an_unreadable_worksheet_is_invalid_with_exit_4(cli, tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps({"expression": "x*y", "values": {"x": 1, "y": 2},
                                "worksheet": {"nodes": {"x": {"value": "one"}}}}) + "\n")
    line = json.loads(cli("check", "--cases", str(path), "--format", "json").stdout)
    assert (line["status"], line["exit_code"]) == ("invalid", 4)  # the student's format


def test_tally_needs_cases(cli):
    assert cli("check", *ADD_MUL, "--tally").exit_code == 2
