"""Expressions from files and stdin, values from JSON, TSV/CSV output, shell completion."""

import csv
import io

import pytest

POINT = ["--x", "-2", "--y", "5", "--z", "-4"]

GOLDEN_TSV = """\
node\tgate\top\tinputs\tvalue\tlocal\tgrad
x\tinput\tvar\t\t-2\t\t-4
y\tinput\tvar\t\t5\t\t-4
z\tinput\tvar\t\t-4\t\t3
n1\t+\tadd\tx y\t3\t1 1\t-4
f\t*\tmul\tn1 z\t-12\t-4 3\t1
"""

GOLDEN_CSV = """\
node,gate,op,inputs,value,local,grad
x,input,var,,3,,2
n1,"max(x,2)",maxc,x,3,1,2
f,*2,mulc,n1,6,2,1
"""


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "expr.txt").write_text("q = x + y\nf = q*z\n")
    (tmp_path / "point.json").write_text('{"x": -2, "y": 5, "z": -4}')
    return tmp_path


@pytest.mark.parametrize("command", [["eval", "--format", "json"], ["grad"], ["check"]])
def test_every_command_reads_expr_from_a_file_and_values_from_json(cli, files, command):
    result = cli(command[0], "--file", "expr.txt", "--values", "point.json", *command[1:])
    assert result.exit_code == 0, result.stderr
    if command[0] == "grad":
        assert result.stdout == "x\t-4\ny\t-4\nz\t3\n"


def test_expr_from_stdin(cli):
    result = cli("grad", "--file", "-", *POINT, "--wrt", "z", input="(x+y)*z\n")
    assert (result.exit_code, result.stdout) == (0, "3\n")


def test_values_from_stdin_and_the_command_line_together(cli):
    result = cli("grad", "(x+y)*z", "--values", "-", "--z", "-4", input='{"x": -2, "y": 5}')
    assert result.stdout == "x\t-4\ny\t-4\nz\t3\n"


@pytest.mark.parametrize(
    "args, stdin, message",
    [
        (["--file", "expr.txt", "--values", "point.json", "--x", "1"], None,
         "error: x is given both in point.json and on the command line"),
        (["--file", "missing.txt", "--x", "1"], None,
         "error: cannot read the expression from missing.txt: No such file or directory"),
        (["--file", "", "--x", "1"], None, "error: the expression: no file name given"),
        (["-", "--x", "1"], None, "error: EXPR '-' is not an expression; to read it from stdin"),
        (["--file", "latin1.txt", "--x", "1"], None, "error: the expression in latin1.txt is not UTF-8"),
        (["--file", "-", "--values", "-"], "x", "error: --file and --values cannot both be read from stdin"),
        (["x", "--values", "-"], '{"x": NaN}', "error: --values -: NaN is not a number"),
        (["x", "--values", "-"], '{"x": 1, "x": 2}', "error: --values -: key 'x' appears twice"),
        (["x", "--values", "-"], '{"x": 1e400}', "error: --values -: value of x is not a finite"),
        (["x", "--values", "-"], '{"x": "1"}', "error: --values -: x must be a number, not a"),
        (["x", "--values", "-"], '{"x": true}', "error: --values -: x must be a number, not true"),
        (["x", "--values", "-"], "[1]", "error: --values -: values must be a JSON object"),
        (["x", "--values", "-"], '{"x": 1', "error: --values -: bad JSON: Expecting ',' delimiter"),
        (["x", "--values", "-"], "[" * 100000, "error: --values -: bad JSON: nested too deeply"),
    ],
)
def test_bad_files_and_values_are_one_line_errors(cli, files, args, stdin, message):
    (files / "latin1.txt").write_bytes(b"caf\xe9")
    result = cli("grad", *args, input=stdin)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_an_expression_file_is_capped_by_max_length(cli, files):
    # at most 4 bytes (UTF-8) per character of --max-length
    (files / "big.txt").write_text("x+" * 100 + "x")
    result = cli("grad", "--file", "big.txt", "--x", "1", "--max-length", "25")
    assert result.exit_code == 2
    assert result.stderr == ("error: the expression in big.txt is larger than 100 bytes; "
                             "raise it with --max-length N\n")


def test_an_oversized_file_is_refused_before_it_is_read(cli, files):
    # a sparse file of 100 GB: reading it, or 16 MiB of it, is not what refuses it
    with open(files / "huge.txt", "wb") as stream:
        stream.truncate(100 * 2**30)
    result = cli("grad", "--file", "huge.txt", "--x", "1")
    assert result.exit_code == 2
    assert result.stderr == ("error: the expression in huge.txt is larger than 80,000,000 bytes; "
                             "raise it with --max-length N\n")


def test_an_expression_file_over_16_mib_within_max_length_is_read(run_gradcli, files):
    # the old hard-coded 16 MiB cap refused programs --max-length admits
    (files / "wide.txt").write_text("x" + " " * (17 * 2**20) + "+ 1")
    proc = run_gradcli("grad", "--file", str(files / "wide.txt"), "--x", "2", "--no-check")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "x\t1\n", "")


def test_a_huge_values_file_is_refused_not_read(cli, files, monkeypatch):
    from gradcli.cli import common

    monkeypatch.setattr(common, "MAX_INPUT_BYTES", 100)
    (files / "big.json").write_text('{"x": ' + "1" * 200 + "}")
    result = cli("grad", "x", "--values", "big.json")
    assert result.exit_code == 2
    assert result.stderr == "error: --values in big.json is larger than 100 bytes\n"


def test_a_byte_order_mark_is_ignored(cli, files):
    (files / "bom.txt").write_bytes("\ufeff(x+y)*z".encode())
    assert cli("grad", "--file", "bom.txt", *POINT, "--wrt", "x").stdout == "-4\n"


def test_tsv_golden(cli):
    result = cli("eval", "(x+y)*z", *POINT, "--format", "tsv")
    assert (result.exit_code, result.stdout) == (0, GOLDEN_TSV)


def test_csv_quotes_labels_with_commas(cli):
    result = cli("eval", "2*max(x, 2)", "--x", "3", "--format", "csv")
    assert result.stdout == GOLDEN_CSV
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[2][1] == "max(x,2)"


def test_tsv_never_prints_negative_zero_and_honours_digits(cli):
    result = cli("eval", "x*y", "--x", "1", "--y", "-0", "--format", "tsv", "--digits", "2")
    assert "-0" not in result.stdout
    sigmoid = cli("eval", "sigmoid(x)", "--x", "1", "--format", "tsv", "--digits", "2")
    assert sigmoid.stdout.splitlines()[-1] == "f\tsigmoid\tsigmoid\tx\t0.73\t0.2\t1"


@pytest.mark.parametrize("words, cword, expected", [
    ("gradcli ch", 1, "plain,check"),
    ("gradcli gr", 1, "plain,grad\nplain,graph"),
    ("gradcli check --format ", 3, "plain,table\nplain,json\nplain,gradescope\nplain,prairielearn\nplain,junit\nplain,tap\nplain,svg\nplain,png"),
    ("gradcli eval x --format t", 4, "plain,table\nplain,tsv"),
])
def test_bash_completion(run_gradcli, words, cword, expected):
    proc = run_gradcli(env={"_GRADCLI_COMPLETE": "bash_complete", "COMP_WORDS": words,
                            "COMP_CWORD": str(cword)})
    assert proc.returncode == 0
    assert proc.stdout.strip() == expected


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_for_the_shells_the_readme_names(run_gradcli, shell):
    proc = run_gradcli(env={"_GRADCLI_COMPLETE": f"{shell}_source"})
    assert proc.returncode == 0
    assert "_GRADCLI_COMPLETE" in proc.stdout
