//! Tests of the definition parser: scales, formulas, flags, bands and methods.

use super::tests::{refused, GOOD};
use super::*;

#[test]
fn scales_are_checked() {
    refused(
        "items = [\"pick\", \"often\", \"yes\"]",
        "items = [\"pick\", \"nothing\"]",
        "scales[1].items",
        "not an item",
    );
    refused(
        "items = [\"pick\", \"often\", \"yes\"]",
        "items = [\"pick\", \"picture\"]",
        "scales[1].items",
        "gives no number",
    );
    refused(
        "items = [\"pick\", \"often\", \"yes\"]",
        "items = [\"pick\", \"pick\"]",
        "scales[1].items",
        "twice",
    );
    refused(
        "items = [\"pick\", \"often\", \"yes\"]",
        "items = []",
        "scales[1].items",
        "at least one",
    );
    refused(
        "reverse = [\"often\"]",
        "reverse = [\"face\"]",
        "scales[1].reverse",
        "not in this scale's items",
    );
    refused(
        "weights = { pick = 2.0 }",
        "weights = { face = 2.0 }",
        "scales[1].weights.face",
        "not in this scale's items",
    );
    refused(
        "checklist = \"signs\"",
        "checklist = \"often\"",
        "scales[2].checklist",
        "not a checklist item",
    );
    refused(
        "group = \"anxiety\"\n\n[[indices]]",
        "group = \"fear\"\n\n[[indices]]",
        "scales[2].group",
        "no sign",
    );
    refused(
        "id = \"anx\"",
        "id = \"total\"",
        "scales[2].id",
        "already the name",
    );
    refused(
        "id = \"anx\"",
        "id = \"face\"",
        "scales[2].id",
        "already the name",
    );
}

#[test]
fn formulas_flags_and_bands_are_checked() {
    refused(
        "formula = \"total + face / 2\"",
        "formula = \"total + mood\"",
        "indices[1].formula",
        "«mood» is not a score",
    );
    refused(
        "formula = \"total + face / 2\"",
        "formula = \"total +\"",
        "indices[1].formula",
        "not a formula",
    );
    refused(
        "formula = \"total + face / 2\"",
        "formula = \"total + sqrt(face)\"",
        "indices[1].formula",
        "the functions are",
    );
    refused(
        "formula = \"total + face / 2\"",
        "formula = \"total + picture\"",
        "indices[1].formula",
        "«picture» is not a score",
    );
    refused("decimals = 1", "decimals = 9", "indices[1].decimals", "0–6");
    refused(
        "id = \"mix\"",
        "id = \"total\"",
        "indices[1].id",
        "already the name",
    );
    refused(
        "when = \"total >= 10 || anx >= 0.3\"",
        "when = \"total >= (10\"",
        "flags[1].when",
        "not a formula",
    );
    refused(
        "when = \"total >= 10 || anx >= 0.3\"",
        "when = \"later >= 1\"",
        "flags[1].when",
        "«later» is not a score",
    );
    refused(
        "of = \"total\"",
        "of = \"nothing\"",
        "bands[1].of",
        "not a score",
    );
    refused("to = 5", "to = -1", "bands[1].to", "below «from»");
}

#[test]
fn methods_need_their_items() {
    let no_me = GOOD
        .replacen(
            "minutes = 10",
            "minutes = 10\nmethod = \"colour-relations\"",
            1,
        )
        .replacen("{ id = \"me\"", "{ id = \"mum\"", 1);
    assert!(parse("t.toml", &no_me)
        .unwrap_err()
        .message
        .contains("«me»"));
    let no_repeat = GOOD.replacen("repeat = 2", "repeat = 1", 1).replacen(
        "minutes = 10",
        "minutes = 10\nmethod = \"luscher\"",
        1,
    );
    assert!(parse("t.toml", &no_repeat)
        .unwrap_err()
        .message
        .contains("repeat = 2"));
    let luscher = GOOD
        .replacen("minutes = 10", "minutes = 10\nmethod = \"luscher\"", 1)
        .replacen(
            "formula = \"total + face / 2\"",
            "formula = \"second_deviation + stability\"",
            1,
        );
    parse("t.toml", &luscher).expect("Lüscher names are known");
    let relations = GOOD
        .replacen(
            "minutes = 10",
            "minutes = 10\nmethod = \"colour-relations\"",
            1,
        )
        .replacen("repeat = 2", "repeat = 1", 1)
        .replacen(
            "formula = \"total + face / 2\"",
            "formula = \"rank_me + same_as_me_me\"",
            1,
        );
    parse("t.toml", &relations).expect("colour-relations names are known");
    let ladder_less = GOOD
        .replacen("minutes = 10", "minutes = 10\nmethod = \"ladder\"", 1)
        .replacen(
            "kind = \"ladder\"\nprompt = { ru = \"Ступенька\", en = \"Step\" }\nsteps = 7",
            "kind = \"faces\"\nprompt = { ru = \"Ступенька\", en = \"Step\" }",
            1,
        );
    assert!(parse("t.toml", &ladder_less)
        .unwrap_err()
        .message
        .contains("ladder item"));
}

#[test]
fn an_index_may_show_a_method_figure_under_its_own_name() {
    let text = GOOD
        .replacen("minutes = 10", "minutes = 10\nmethod = \"luscher\"", 1)
        .replacen("id = \"mix\"", "id = \"second_deviation\"", 1)
        .replacen(
            "formula = \"total + face / 2\"",
            "formula = \"second_deviation\"",
            1,
        );
    let i = parse("t.toml", &text).unwrap();
    assert_eq!(i.indices[0].id, "second_deviation");
}
