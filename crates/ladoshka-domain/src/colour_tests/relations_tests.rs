//! Unit tests of `colour_tests`: the whole Lüscher test (two rankings) and the colour relations.

use super::tests::{close, r};
use super::*;
use LuscherColour::*;

// ---- luscher -------------------------------------------------------------------------

#[test]
fn luscher_scores_both_rankings_and_stability() {
    // First = the norm, second = the reversed norm. No colour keeps its place (8 is even, so
    // reversal has no fixed point) → stability 0.
    let first = Ranking::autogenic_norm();
    let second = r(&[7, 0, 6, 1, 5, 2, 4, 3]);
    let res = luscher(&first, &second);
    assert_eq!(res.first, score_ranking(&first));
    assert_eq!(res.second, score_ranking(&second));
    assert_eq!(res.stability, 0);
}

#[test]
fn stability_counts_colours_that_kept_their_place() {
    let norm = Ranking::autogenic_norm();
    assert_eq!(luscher(&norm, &norm).stability, 8);
    // 3-4-2-5-1-6-0-7 vs 4-3-2-5-1-6-7-0: 3↔4 and 0↔7 swapped → 8 − 4 = 4 kept.
    assert_eq!(luscher(&norm, &r(&[4, 3, 2, 5, 1, 6, 7, 0])).stability, 4);
    // vs 3-4-2-5-6-1-0-7: 1↔6 swapped → 6 kept.
    assert_eq!(luscher(&norm, &r(&[3, 4, 2, 5, 6, 1, 0, 7])).stability, 6);
}

#[test]
fn luscher_values_are_named_for_the_formula_engine() {
    // First = reversed norm (dev 32, anx 6, comp 6, marks 12, VC 0.375);
    // second = 6-0-7-3-4-2-1-5 (dev 30, anx 3, comp 6, marks 9, VC 1.8).
    // Stability: reversed 7-0-6-1-5-2-4-3 vs 6-0-7-3-4-2-1-5 → grey at 2 and blue-green at 6
    // kept → 2.
    let res = luscher(&r(&[7, 0, 6, 1, 5, 2, 4, 3]), &r(&[6, 0, 7, 3, 4, 2, 1, 5]));
    let v = res.values();
    let names: Vec<&str> = v.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "first_deviation",
            "first_anxiety",
            "first_compensation",
            "first_marks",
            "first_vegetative",
            "second_deviation",
            "second_anxiety",
            "second_compensation",
            "second_marks",
            "second_vegetative",
            "stability",
        ]
    );
    let want = [32.0, 6.0, 6.0, 12.0, 0.375, 30.0, 3.0, 6.0, 9.0, 1.8, 2.0];
    for ((name, got), want) in v.iter().zip(want) {
        assert!(close(*got, want), "{name}: {got} ≠ {want}");
    }
}

// ---- colour relations ----------------------------------------------------------------

fn people(v: &[(&str, u8)]) -> Vec<(String, u8)> {
    v.iter().map(|(p, c)| (p.to_string(), *c)).collect()
}

#[test]
fn relations_rank_each_colour_and_flag_identification() {
    // Ranking 4-3-1-2-5-0-6-7: yellow 1st, red 2nd, dark blue 3rd, …, black 8th.
    // me = 4 yellow → rank 1; mother = 4 yellow → rank 1 and same as me;
    // father = 7 black → rank 8; teacher = 1 dark blue → rank 3.
    let ranking = r(&[4, 3, 1, 2, 5, 0, 6, 7]);
    let lines = colour_relations(
        &people(&[("me", 4), ("mother", 4), ("father", 7), ("teacher", 1)]),
        &ranking,
        "me",
    )
    .unwrap();
    let got: Vec<(&str, LuscherColour, u8, bool)> = lines
        .iter()
        .map(|l| (l.person.as_str(), l.colour, l.rank, l.same_colour_as_self))
        .collect();
    assert_eq!(
        got,
        [
            ("me", Yellow, 1, false),
            ("mother", Yellow, 1, true),
            ("father", Black, 8, false),
            ("teacher", DarkBlue, 3, false)
        ]
    );
}

#[test]
fn relations_take_the_self_id_as_given() {
    // The child is "ya"; "me" here is just another concept and is not the self.
    // Ranking = the norm: 3→1, 4→2, 2→3, 5→4, 1→5, 6→6, 0→7, 7→8.
    let lines = colour_relations(
        &people(&[("me", 2), ("ya", 6), ("brother", 6)]),
        &Ranking::autogenic_norm(),
        "ya",
    )
    .unwrap();
    assert_eq!(
        lines
            .iter()
            .map(|l| (l.rank, l.same_colour_as_self))
            .collect::<Vec<_>>(),
        [(3, false), (6, false), (6, true)]
    );
}

#[test]
fn relations_refuse_an_unknown_colour() {
    let e = colour_relations(
        &people(&[("me", 4), ("mother", 9)]),
        &Ranking::autogenic_norm(),
        "me",
    )
    .unwrap_err();
    assert_eq!(
        e,
        ColourTestError::UnknownPersonColour {
            person: "mother".into(),
            colour: 9
        }
    );
    assert!(e.to_string().contains("«mother» is given colour 9"), "{e}");
}

#[test]
fn relations_refuse_a_person_twice_and_a_missing_self() {
    let e = colour_relations(
        &people(&[("me", 4), ("mother", 1), ("mother", 2)]),
        &Ranking::autogenic_norm(),
        "me",
    )
    .unwrap_err();
    assert_eq!(e, ColourTestError::DuplicatePerson("mother".into()));
    let e =
        colour_relations(&people(&[("mother", 1)]), &Ranking::autogenic_norm(), "me").unwrap_err();
    assert_eq!(e, ColourTestError::NoSelf("me".into()));
    assert!(e.to_string().contains("no colour is given to «me»"), "{e}");
}

#[test]
fn relation_values_are_named_per_person() {
    // Ranking 4-3-1-2-5-0-6-7; me = yellow (rank 1), mother = yellow (1, same), father = black (8).
    let lines = colour_relations(
        &people(&[("me", 4), ("mother", 4), ("father", 7)]),
        &r(&[4, 3, 1, 2, 5, 0, 6, 7]),
        "me",
    )
    .unwrap();
    let v = relation_values(&lines);
    let want: Vec<(String, f64)> = [
        ("rank_me", 1.0),
        ("same_as_me_me", 0.0),
        ("rank_mother", 1.0),
        ("same_as_me_mother", 1.0),
        ("rank_father", 8.0),
        ("same_as_me_father", 0.0),
    ]
    .iter()
    .map(|(n, x)| (n.to_string(), *x))
    .collect();
    assert_eq!(v, want);
}
