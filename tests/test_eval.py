"""`compare eval` and --config: metrics on small labelled pair files written in tmp_path."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from compare.cli import app
from compare.errors import ExitCode
from compare.settings import Settings, load_settings

PAIRS = [
    (
        "An earthquake of magnitude 6.1 struck near Izmir on Monday, killing 12 people.",
        "A magnitude 6.1 earthquake hit the Izmir region on Monday and killed 12 people.",
        "same",
    ),
    (
        "The central bank raised its main interest rate to 4.5% on Thursday.",
        "On Thursday the central bank lifted its key rate to 4.5 percent.",
        "same",
    ),
    (
        "Floods in the north forced 3,000 people from their homes, officials said.",
        "Officials said 3,000 people left their homes as floods hit the north.",
        "same",
    ),
    (
        "The striker scored twice as the home side won the cup final 2-1.",
        "The central bank raised its main interest rate to 4.5% on Thursday.",
        "other",
    ),
    (
        "A new bridge over the river opened to traffic after four years of work.",
        "An earthquake of magnitude 6.1 struck near Izmir on Monday, killing 12 people.",
        "other",
    ),
    (
        "Voters in the capital elected a new mayor on Sunday with 54% of the vote.",
        "Floods in the north forced 3,000 people from their homes, officials said.",
        "other",
    ),
]


def write_pairs(path: Path, delimiter: str) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(["left", "right", "gold"])
        for a, b, label in PAIRS:
            w.writerow([a.replace("killing", "killing\n"), b, label])  # a field with a newline
    return path


COLUMNS = ["--text-a", "left", "--text-b", "right", "--label", "gold", "--positive", "same"]


def eval_pairs(path: Path, *extra: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["eval", str(path), *COLUMNS, *extra])


def test_eval_json_keys_and_perfect_separation(tmp_path: Path) -> None:
    for name, delim in (("p.tsv", "\t"), ("p.csv", ",")):
        path = write_pairs(tmp_path / name, delim)
        result = eval_pairs(path, "--json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert {"precision", "recall", "f1", "accuracy", "auc", "threshold", "n"} <= set(data)
        assert data["n"] == 6
        assert data["auc"] == 1.0  # paraphrases of one event score above unrelated pairs
        assert data["accuracy"] == 1.0


def test_eval_with_a_given_threshold(tmp_path: Path) -> None:
    path = write_pairs(tmp_path / "p.tsv", "\t")
    result = eval_pairs(path, "--threshold", "100", "--json")
    data = json.loads(result.stdout)
    assert data["threshold"] == 100.0
    assert data["recall"] < 1.0  # nothing but identical texts reaches 100


def test_eval_errors(tmp_path: Path) -> None:
    path = write_pairs(tmp_path / "p.tsv", "\t")
    runner = CliRunner()
    r = runner.invoke(
        app,
        [
            "eval",
            str(path),
            "--text-a",
            "nope",
            "--text-b",
            "right",
            "--label",
            "gold",
            "--positive",
            "same",
        ],
    )
    assert r.exit_code == ExitCode.USAGE
    assert "no column 'nope'" in r.stderr
    r = runner.invoke(app, ["eval", str(tmp_path / "missing.tsv"), "--positive", "x"])
    assert r.exit_code == ExitCode.NOT_FOUND
    r = runner.invoke(
        app,
        [
            "eval",
            str(path),
            "--text-a",
            "left",
            "--text-b",
            "right",
            "--label",
            "gold",
            "--positive",
            "maybe",
        ],
    )
    assert r.exit_code == ExitCode.USAGE and "never occurs" in r.stderr


def test_eval_stance(tmp_path: Path) -> None:
    rows = [
        ("Banksy was arrested in London", "Banksy arrested in London, police say", "observing"),
        ("Banksy was arrested in London", "No, Banksy has not been arrested", "against"),
        ("Banksy was arrested in London", "Banksy arrested in London", "for"),
        (
            "The singer died on Friday",
            "Reports that the singer died on Friday are a hoax",
            "against",
        ),
        ("The singer died on Friday", "Singer reportedly died on Friday", "observing"),
        ("The singer died on Friday", "The singer died on Friday at his home", "for"),
    ]
    path = tmp_path / "stance.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["claim", "headline", "stance"])
        w.writerows(rows)
    r = CliRunner().invoke(
        app,
        [
            "eval",
            str(path),
            "--task",
            "stance",
            "--text-a",
            "claim",
            "--text-b",
            "headline",
            "--label",
            "stance",
            "--map",
            "for=agree,against=polarity,observing=certainty",
            "--json",
            "--predictions",
            str(tmp_path / "stance-predictions.csv"),
        ],
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert {"macro_f1", "per_class", "confusion", "n"} <= set(data)
    assert data["n"] == 6
    assert data["per_class"]["against"]["recall"] == 1.0
    assert data["macro_f1"] >= 0.8
    with (tmp_path / "stance-predictions.csv").open(newline="", encoding="utf-8") as fh:
        written = list(csv.DictReader(fh))
    assert [w["row"] for w in written] == ["1", "2", "3", "4", "5", "6"]
    assert [w["label"] for w in written] == [label for _, _, label in rows]
    # The file and the confusion matrix tell the same story.
    pairs = [(w["label"], w["predicted"]) for w in written]
    assert all(data["confusion"][g][p] == pairs.count((g, p)) for g, p in set(pairs))
    assert "polarity" in written[1]["found"].split()


def test_eval_writes_each_pairs_score_and_prediction(tmp_path: Path) -> None:
    path = write_pairs(tmp_path / "p.tsv", "\t")
    out = tmp_path / "out" / "predictions.csv"
    result = eval_pairs(path, "--threshold", "50", "--predictions", str(out), "--json")
    assert result.exit_code == 0, result.output
    with out.open(newline="", encoding="utf-8") as fh:
        written = list(csv.DictReader(fh))
    assert list(written[0]) == ["row", "label", "score", "predicted"]
    assert [w["label"] for w in written] == [label for _, _, label in PAIRS]
    assert all(w["predicted"] == str(int(float(w["score"]) >= 50)) for w in written)
    data = json.loads(result.stdout)
    hits = sum((w["predicted"] == "1") == (w["label"] == "same") for w in written)
    assert hits / len(written) == data["accuracy"]
    r = eval_pairs(path, "--predictions", str(tmp_path))
    assert r.exit_code == ExitCode.USAGE
    assert r.stderr.strip() == f"error: --predictions {tmp_path}: is a directory, not a file"


def test_config_overrides_and_is_written_into_the_report(tmp_path: Path) -> None:
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text("link_threshold: 65\nweights:\n  text: 2.5\n", encoding="utf-8")
    s = load_settings(cfg)
    assert s.link_threshold == 65.0 and s.weights["text"] == 2.5
    assert s.weights["cosine"] == Settings().weights["cosine"]  # other weights keep their defaults
    bad = tmp_path / "bad.json"
    bad.write_text('{"no_such_setting": 1}', encoding="utf-8")
    r = CliRunner().invoke(app, ["report", "--corpus", str(tmp_path), "--config", str(bad)])
    assert r.exit_code == ExitCode.USAGE and "unknown setting(s): no_such_setting" in r.stderr
    bad.write_text('{"event_min_coverage": 1.5}', encoding="utf-8")
    r = CliRunner().invoke(app, ["report", "--corpus", str(tmp_path), "--config", str(bad)])
    assert r.exit_code == ExitCode.USAGE
    assert r.stderr.strip() == f"error: --config {bad}: event_min_coverage must be between 0 and 1"


def write_fnc_style(tmp_path: Path, body_ids: list[str] | None = None) -> tuple[Path, Path]:
    """FNC-1's layout: pairs name a body by id; the bodies are in a file of their own."""
    stances, bodies = tmp_path / "stances.csv", tmp_path / "bodies.csv"
    texts = {str(10 + k): b for k, (_, b, _) in enumerate(PAIRS)}
    with stances.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Headline", "Body ID", "Stance"])
        for k, (a, _, label) in enumerate(PAIRS):
            w.writerow([a, str(10 + k), {"same": "agree" if k % 2 else "discuss"}.get(label, "unrelated")])
    with bodies.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Body ID", "articleBody"])
        for bid in body_ids if body_ids is not None else list(texts):
            w.writerow([bid, texts.get(bid, "A text.")])
    return stances, bodies


FNC_COLUMNS = ["--text-a", "Headline", "--text-b", "articleBody", "--label", "Stance"]


def test_eval_looks_texts_up_by_key_and_takes_several_positive_labels(tmp_path: Path) -> None:
    stances, bodies = write_fnc_style(tmp_path)
    joined = eval_pairs(write_pairs(tmp_path / "p.tsv", "\t"), "--json")
    lookup = ["--texts", str(bodies), "--key", "Body ID"]
    result = CliRunner().invoke(
        app,
        ["eval", str(stances), *FNC_COLUMNS, "--positive", "agree,discuss", *lookup, "--json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["n"] == 6 and data["positives"] == 3  # 'agree' and 'discuss' both count
    assert data["auc"] == json.loads(joined.stdout)["auc"] == 1.0
    # One of the two labels alone: the other one's pairs count as negatives.
    one = CliRunner().invoke(
        app,
        ["eval", str(stances), *FNC_COLUMNS, "--positive", "agree", *lookup, "--json"],
    )
    assert json.loads(one.stdout)["positives"] == 1


def test_eval_texts_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    stances, bodies = write_fnc_style(tmp_path, body_ids=["10", "11", "12"])
    base = ["eval", str(stances), *FNC_COLUMNS, "--positive", "agree"]
    r = runner.invoke(app, [*base, "--texts", str(bodies), "--key", "Body ID"])
    assert r.exit_code == ExitCode.INPUT
    assert r.stderr.strip() == f"error: {stances}: row 4: Body ID '13' is not in {bodies}"
    r = runner.invoke(app, [*base, "--key", "Body ID"])
    assert r.exit_code == ExitCode.USAGE and "--key needs --texts" in r.stderr
    r = runner.invoke(app, [*base, "--texts", str(bodies)])
    assert r.exit_code == ExitCode.USAGE and "--texts needs --key" in r.stderr
    r = runner.invoke(app, [*base, "--texts", str(bodies), "--key", "Body"])
    assert r.exit_code == ExitCode.USAGE and "no column 'Body'" in r.stderr
    _, doubled = write_fnc_style(tmp_path, body_ids=["10", "11", "12", "13", "14", "15", "12"])
    r = runner.invoke(app, [*base, "--texts", str(doubled), "--key", "Body ID"])
    assert r.exit_code == ExitCode.INPUT and "row 7: Body ID '12' appears twice" in r.stderr
