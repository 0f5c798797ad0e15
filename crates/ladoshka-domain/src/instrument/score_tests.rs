//! Scoring, with every number worked out by hand in the comments.

use super::*;
use crate::instrument::parse;
use crate::instrument::parse::tests::GOOD;

fn all_kinds() -> Instrument {
    parse("all-kinds.toml", GOOD).unwrap()
}

fn full_answers() -> Answers {
    let mut a = Answers::default();
    a.set("pick", Answer::Choice("b".into())); // score 3
    a.set("face", Answer::Face(4));
    a.set("often", Answer::Likert(1)); // reversed on 0–4: 0 + 4 − 1 = 3
    a.set("yes", Answer::YesNo(true)); // yes = 2
    a.set(
        "colours",
        Answer::Rankings(vec![vec![3, 4, 2, 5, 1, 6, 0, 7]; 2]),
    );
    a.set(
        "people",
        Answer::ColourPerPerson([("me".to_string(), 3u8)].into()),
    );
    a.set("picture", Answer::Drawing(1));
    a.set(
        "signs",
        Answer::Checklist(vec!["s1".into(), "s2".into(), "s3".into()]),
    );
    a.set("note", Answer::Text("—".into()));
    a
}

#[test]
fn scales_indices_flags_and_bands() {
    let o = score(&all_kinds(), &full_answers()).unwrap();
    // total = pick 3 × weight 2 + often reversed 3 + yes 2 = 11.
    assert_eq!(o.scales[0], ("total".to_string(), 11.0));
    // anx = s1 0.1 + s2 0.2 (s3 is in another group) = 0.3, exactly after tidying.
    assert_eq!(o.scales[1], ("anx".to_string(), 0.3));
    // mix = total + face / 2 = 11 + 4 / 2 = 13.
    assert_eq!(o.indices, vec![("mix".to_string(), 13.0)]);
    // high: total >= 10 → raised.
    assert_eq!(o.flags, vec!["high".to_string()]);
    // The only band is 0–5 of total: 11 is outside it.
    assert!(o.bands.is_empty());
    // The optional ladder, unanswered, has no value at all.
    assert!(!o.values.contains_key("step"));
    // The checklist item itself gives the sum of all ticked weights: 0.1 + 0.2 + 1 = 1.3.
    assert!((o.values["signs"] - 1.3).abs() < 1e-9);
}

#[test]
fn a_low_score_falls_in_its_band_and_raises_no_flag() {
    let mut a = full_answers();
    a.set("pick", Answer::Choice("a".into())); // 0 × 2 = 0
    a.set("often", Answer::Likert(4)); // reversed: 0
    a.set("yes", Answer::YesNo(false)); // 0
    a.set("signs", Answer::Checklist(vec!["s2".into()])); // anx = 0.2
    let o = score(&all_kinds(), &a).unwrap();
    assert_eq!(o.scales[0].1, 0.0);
    assert_eq!(o.scales[1].1, 0.2);
    assert!(o.flags.is_empty(), "total 0 < 10 and anx 0.2 < 0.3");
    assert_eq!(o.bands, vec![0]);
}

#[test]
fn an_unfinished_administration_is_not_scored() {
    let mut a = full_answers();
    a.0.remove("note");
    a.0.remove("face");
    match score(&all_kinds(), &a) {
        Err(ScoreError::Unanswered(left)) => {
            assert_eq!(left, vec!["face".to_string(), "note".to_string()])
        }
        other => panic!("{other:?}"),
    }
    // A colour ranking given once of twice is not finished either.
    let mut a = full_answers();
    a.set(
        "colours",
        Answer::Rankings(vec![vec![3, 4, 2, 5, 1, 6, 0, 7]]),
    );
    assert!(matches!(score(&all_kinds(), &a), Err(ScoreError::Unanswered(l)) if l == ["colours"]));
}

#[test]
fn an_answer_that_does_not_fit_is_refused() {
    let mut a = full_answers();
    a.set("often", Answer::Likert(9));
    assert!(matches!(
        score(&all_kinds(), &a),
        Err(ScoreError::Answer(_))
    ));
    let mut a = full_answers();
    a.set("pick", Answer::Face(2));
    assert!(matches!(
        score(&all_kinds(), &a),
        Err(ScoreError::Answer(AnswerError::WrongKind { .. }))
    ));
}

#[test]
fn a_division_by_zero_in_an_index_is_an_error_not_a_number() {
    let text = GOOD.replacen(
        "formula = \"total + face / 2\"",
        "formula = \"face / (total - 11)\"",
        1,
    );
    let i = parse("t.toml", &text).unwrap();
    assert!(
        matches!(score(&i, &full_answers()), Err(ScoreError::Formula { id, .. }) if id == "mix")
    );
}

#[test]
fn an_index_or_flag_over_an_unanswered_optional_item_is_left_out() {
    let text = GOOD
        .replacen(
            "formula = \"total + face / 2\"",
            "formula = \"face - step\"",
            1,
        )
        .replacen(
            "when = \"total >= 10 || anx >= 0.3\"",
            "when = \"step >= 6\"",
            1,
        );
    let i = parse("t.toml", &text).unwrap();
    let o = score(&i, &full_answers()).unwrap();
    assert!(o.indices.is_empty(), "face − step is not «face − 0»");
    assert!(o.flags.is_empty());
    let mut a = full_answers();
    a.set("step", Answer::Ladder(6));
    let o = score(&i, &a).unwrap();
    // face 4 − step 6 = −2; step 6 ≥ 6 raises the flag.
    assert_eq!(o.indices, vec![("mix".to_string(), -2.0)]);
    assert_eq!(o.flags, vec!["high".to_string()]);
}

#[test]
fn an_empty_checklist_group_is_zero_not_minus_zero() {
    let mut a = full_answers();
    a.set("signs", Answer::Checklist(vec![]));
    let o = score(&all_kinds(), &a).unwrap();
    assert!(o.scales[1].1.is_sign_positive(), "{:?}", o.scales[1]);
    assert_eq!(format!("{}", o.scales[1].1), "0");
}
