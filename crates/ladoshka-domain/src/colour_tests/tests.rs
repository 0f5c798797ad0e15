//! Unit tests of `colour_tests`: the colours, rankings and the scores of one ranking.

use super::*;
use LuscherColour::*;

// Positions in the autogenic norm 3-4-2-5-1-6-0-7, used by every deviation below:
//   colour:   3  4  2  5  1  6  0  7
//   position: 1  2  3  4  5  6  7  8

pub(super) fn r(v: &[u8]) -> Ranking {
    Ranking::new(v.to_vec()).unwrap()
}

pub(super) fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

// ---- LuscherColour ------------------------------------------------------------------

#[test]
fn from_index_maps_card_numbers_and_refuses_eight() {
    assert_eq!(LuscherColour::from_index(0), Ok(Grey));
    assert_eq!(LuscherColour::from_index(1), Ok(DarkBlue));
    assert_eq!(LuscherColour::from_index(2), Ok(BlueGreen));
    assert_eq!(LuscherColour::from_index(3), Ok(OrangeRed));
    assert_eq!(LuscherColour::from_index(4), Ok(Yellow));
    assert_eq!(LuscherColour::from_index(5), Ok(Violet));
    assert_eq!(LuscherColour::from_index(6), Ok(Brown));
    assert_eq!(LuscherColour::from_index(7), Ok(Black));
    assert_eq!(
        LuscherColour::from_index(8),
        Err(ColourTestError::UnknownColour(8))
    );
    assert_eq!(
        LuscherColour::from_index(255),
        Err(ColourTestError::UnknownColour(255))
    );
    let e = LuscherColour::from_index(8).unwrap_err().to_string();
    assert!(e.contains("colour 8 does not exist"), "{e}");
}

#[test]
fn index_round_trips() {
    for i in 0..8u8 {
        assert_eq!(LuscherColour::from_index(i).unwrap().index(), i);
    }
    assert_eq!(
        LuscherColour::ALL.map(LuscherColour::index),
        [0, 1, 2, 3, 4, 5, 6, 7]
    );
}

#[test]
fn basic_additional_and_violet_neither() {
    let basic: Vec<u8> = LuscherColour::ALL
        .iter()
        .filter(|c| c.is_basic())
        .map(|c| c.index())
        .collect();
    let additional: Vec<u8> = LuscherColour::ALL
        .iter()
        .filter(|c| c.is_additional())
        .map(|c| c.index())
        .collect();
    assert_eq!(basic, [1, 2, 3, 4]);
    assert_eq!(additional, [0, 6, 7]);
    assert!(!Violet.is_basic() && !Violet.is_additional());
}

// ---- Ranking ------------------------------------------------------------------------

#[test]
fn ranking_accepts_a_permutation_and_keeps_order() {
    let k = r(&[7, 0, 6, 1, 5, 2, 4, 3]);
    assert_eq!(
        k.colours(),
        &[Black, Grey, Brown, DarkBlue, Violet, BlueGreen, Yellow, OrangeRed]
    );
}

#[test]
fn ranking_position_is_one_based() {
    let k = r(&[7, 0, 6, 1, 5, 2, 4, 3]);
    assert_eq!(k.position(Black), 1);
    assert_eq!(k.position(Grey), 2);
    assert_eq!(k.position(Violet), 5);
    assert_eq!(k.position(OrangeRed), 8);
}

#[test]
fn autogenic_norm_is_3_4_2_5_1_6_0_7() {
    assert_eq!(Ranking::autogenic_norm(), r(&[3, 4, 2, 5, 1, 6, 0, 7]));
    assert_eq!(Ranking::autogenic_norm().colours(), &AUTOGENIC_NORM);
}

#[test]
fn ranking_refuses_a_repeated_colour_naming_missing_and_repeated() {
    // 3 twice, 5 never.
    let e = Ranking::new(vec![3, 4, 2, 3, 1, 6, 0, 7]).unwrap_err();
    assert_eq!(
        e,
        ColourTestError::NotAPermutation {
            len: 8,
            missing: vec![5],
            repeated: vec![3]
        }
    );
    let text = e.to_string();
    assert!(
        text.contains("missing 5") && text.contains("repeated 3"),
        "{text}"
    );
}

#[test]
fn ranking_refuses_too_few_colours() {
    // Seven entries, violet left out.
    let e = Ranking::new(vec![3, 4, 2, 1, 6, 0, 7]).unwrap_err();
    assert_eq!(
        e,
        ColourTestError::NotAPermutation {
            len: 7,
            missing: vec![5],
            repeated: vec![]
        }
    );
    assert!(e.to_string().contains("7 entries: missing 5"), "{e}");
    // Empty.
    let e = Ranking::new(vec![]).unwrap_err();
    assert_eq!(
        e,
        ColourTestError::NotAPermutation {
            len: 0,
            missing: (0..8).collect(),
            repeated: vec![]
        }
    );
}

#[test]
fn ranking_refuses_too_many_colours() {
    // All eight plus grey again.
    let e = Ranking::new(vec![3, 4, 2, 5, 1, 6, 0, 7, 0]).unwrap_err();
    assert_eq!(
        e,
        ColourTestError::NotAPermutation {
            len: 9,
            missing: vec![],
            repeated: vec![0]
        }
    );
    assert!(e.to_string().contains("9 entries: repeated 0"), "{e}");
}

#[test]
fn ranking_refuses_an_unknown_colour_saying_where() {
    let e = Ranking::new(vec![3, 4, 8, 5, 1, 6, 0, 7]).unwrap_err();
    assert_eq!(
        e,
        ColourTestError::UnknownColourInRanking {
            position: 3,
            colour: 8
        }
    );
    assert!(
        e.to_string()
            .contains("place 3 of the ranking holds colour 8"),
        "{e}"
    );
}

// ---- Pair signs ---------------------------------------------------------------------

#[test]
fn pair_symbols() {
    assert_eq!(PairSign::ALL.map(PairSign::symbol), ["+", "×", "=", "−"]);
}

// ---- score_ranking: hand-computed cases ---------------------------------------------

#[test]
fn the_norm_itself() {
    // Ranking 3-4-2-5-1-6-0-7 (the norm).
    // Pairs: + (3,4)  × (2,5)  = (1,6)  − (0,7).
    // Anxiety: pos 6 = 6 brown, pos 7 = 0 grey, pos 8 = 7 black: none basic → 0.
    // Compensation: pos 1–3 = 3, 4, 2: none additional → 0.
    // Deviation: every colour in its norm place → 0.
    // VC: pos(3)=1, pos(4)=2, pos(1)=5, pos(2)=3 → (18−1−2)/(18−5−3) = 15/10 = 1.5.
    let s = score_ranking(&Ranking::autogenic_norm());
    assert_eq!(
        s.pairs,
        [
            ColourPair {
                sign: PairSign::Plus,
                colours: [OrangeRed, Yellow]
            },
            ColourPair {
                sign: PairSign::Cross,
                colours: [BlueGreen, Violet]
            },
            ColourPair {
                sign: PairSign::Equal,
                colours: [DarkBlue, Brown]
            },
            ColourPair {
                sign: PairSign::Minus,
                colours: [Grey, Black]
            },
        ]
    );
    assert_eq!(
        (s.anxiety, s.compensation, s.marks, s.deviation),
        (0, 0, 0, 0)
    );
    assert!(s.anxious_colours.is_empty() && s.compensating_colours.is_empty());
    assert!(close(s.vegetative, 1.5), "{}", s.vegetative);
}

#[test]
fn the_reversed_norm() {
    // Ranking 7-0-6-1-5-2-4-3 (the norm backwards).
    // Pairs: + (7,0)  × (6,1)  = (5,2)  − (4,3).
    // Anxiety: pos 6 = 2 basic → 1, pos 7 = 4 basic → 2, pos 8 = 3 basic → 3; 1+2+3 = 6.
    // Compensation: pos 1 = 7 black → 3, pos 2 = 0 grey → 2, pos 3 = 6 brown → 1; 3+2+1 = 6.
    // Marks: 6 + 6 = 12, the maximum.
    // Deviation (position here vs norm):
    //   7: |1−8|=7  0: |2−7|=5  6: |3−6|=3  1: |4−5|=1
    //   5: |5−4|=1  2: |6−3|=3  4: |7−2|=5  3: |8−1|=7   → 7+5+3+1+1+3+5+7 = 32, the maximum.
    // VC: pos(3)=8, pos(4)=7, pos(1)=4, pos(2)=6 → (18−8−7)/(18−4−6) = 3/8 = 0.375.
    let s = score_ranking(&r(&[7, 0, 6, 1, 5, 2, 4, 3]));
    assert_eq!(
        s.pairs.map(|p| p.colours),
        [
            [Black, Grey],
            [Brown, DarkBlue],
            [Violet, BlueGreen],
            [Yellow, OrangeRed]
        ]
    );
    assert_eq!(
        s.anxious_colours,
        [
            Mark {
                colour: BlueGreen,
                position: 6,
                marks: 1
            },
            Mark {
                colour: Yellow,
                position: 7,
                marks: 2
            },
            Mark {
                colour: OrangeRed,
                position: 8,
                marks: 3
            },
        ]
    );
    assert_eq!(
        s.compensating_colours,
        [
            Mark {
                colour: Black,
                position: 1,
                marks: 3
            },
            Mark {
                colour: Grey,
                position: 2,
                marks: 2
            },
            Mark {
                colour: Brown,
                position: 3,
                marks: 1
            },
        ]
    );
    assert_eq!(
        (s.anxiety, s.compensation, s.marks, s.deviation),
        (6, 6, 12, 32)
    );
    assert!(close(s.vegetative, 0.375), "{}", s.vegetative);
}

#[test]
fn three_basic_colours_at_the_end_give_anxiety_6() {
    // Ranking 5-4-0-6-7-1-2-3.
    // Anxiety: pos 6 = 1 → 1, pos 7 = 2 → 2, pos 8 = 3 → 3; total 6.
    // Compensation: pos 1 = 5 violet (neither) → 0, pos 2 = 4 basic → 0, pos 3 = 0 grey → 1;
    //   total 1. (With three basic colours at the end only violet and one basic colour are
    //   left for positions 1–3, so an additional colour must stand in one of them.)
    // Marks: 6 + 1 = 7.
    // Deviation: 5: |1−4|=3  4: |2−2|=0  0: |3−7|=4  6: |4−6|=2
    //            7: |5−8|=3  1: |6−5|=1  2: |7−3|=4  3: |8−1|=7   → 3+0+4+2+3+1+4+7 = 24.
    // VC: pos(3)=8, pos(4)=2, pos(1)=6, pos(2)=7 → (18−8−2)/(18−6−7) = 8/5 = 1.6.
    let s = score_ranking(&r(&[5, 4, 0, 6, 7, 1, 2, 3]));
    assert_eq!(s.anxiety, 6);
    assert_eq!(
        s.anxious_colours
            .iter()
            .map(|m| m.colour)
            .collect::<Vec<_>>(),
        [DarkBlue, BlueGreen, OrangeRed]
    );
    assert_eq!(s.compensation, 1);
    assert_eq!(
        s.compensating_colours,
        [Mark {
            colour: Grey,
            position: 3,
            marks: 1
        }]
    );
    assert_eq!(s.marks, 7);
    assert_eq!(s.deviation, 24);
    assert!(close(s.vegetative, 1.6), "{}", s.vegetative);
}

#[test]
fn brown_grey_black_first_give_compensation_6() {
    // Ranking 6-0-7-3-4-2-1-5.
    // Compensation: pos 1 = 6 brown → 3, pos 2 = 0 grey → 2, pos 3 = 7 black → 1; total 6.
    // Anxiety: pos 6 = 2 basic → 1, pos 7 = 1 basic → 2, pos 8 = 5 violet (neither) → 0;
    //   total 3.
    // Marks: 6 + 3 = 9.
    // Deviation: 6: |1−6|=5  0: |2−7|=5  7: |3−8|=5  3: |4−1|=3
    //            4: |5−2|=3  2: |6−3|=3  1: |7−5|=2  5: |8−4|=4   → 5+5+5+3+3+3+2+4 = 30.
    // VC: pos(3)=4, pos(4)=5, pos(1)=7, pos(2)=6 → (18−4−5)/(18−7−6) = 9/5 = 1.8.
    let s = score_ranking(&r(&[6, 0, 7, 3, 4, 2, 1, 5]));
    assert_eq!(s.compensation, 6);
    assert_eq!(
        s.compensating_colours
            .iter()
            .map(|m| (m.colour, m.marks))
            .collect::<Vec<_>>(),
        [(Brown, 3), (Grey, 2), (Black, 1)]
    );
    assert_eq!(s.anxiety, 3);
    assert_eq!(
        s.anxious_colours
            .iter()
            .map(|m| (m.colour, m.marks))
            .collect::<Vec<_>>(),
        [(BlueGreen, 1), (DarkBlue, 2)]
    );
    assert_eq!(s.marks, 9);
    assert_eq!(s.deviation, 30);
    assert!(close(s.vegetative, 1.8), "{}", s.vegetative);
}

#[test]
fn single_marks_by_position() {
    // Ranking 3-0-4-2-5-1-6-7: grey in position 2 → 2 compensation marks; dark blue in
    // position 6 → 1 "!"; brown and black at 7–8 are additional, not basic → nothing.
    // Deviation: 3: 0  0: |2−7|=5  4: |3−2|=1  2: |4−3|=1  5: |5−4|=1  1: |6−5|=1
    //            6: |7−6|=1  7: 0   → 10.
    // VC: pos(3)=1, pos(4)=3, pos(1)=6, pos(2)=4 → (18−1−3)/(18−6−4) = 14/8 = 1.75.
    let s = score_ranking(&r(&[3, 0, 4, 2, 5, 1, 6, 7]));
    assert_eq!(
        s.compensating_colours,
        [Mark {
            colour: Grey,
            position: 2,
            marks: 2
        }]
    );
    assert_eq!(
        s.anxious_colours,
        [Mark {
            colour: DarkBlue,
            position: 6,
            marks: 1
        }]
    );
    assert_eq!(
        (s.anxiety, s.compensation, s.marks, s.deviation),
        (1, 2, 3, 10)
    );
    assert!(close(s.vegetative, 1.75), "{}", s.vegetative);
}

#[test]
fn violet_first_or_last_earns_no_mark_and_additional_in_position_4_neither() {
    // Ranking 5-3-4-0-2-6-7-1: violet at 1 → no compensation; grey at 4 → no compensation
    // (only positions 1–3 count); pos 6 = 6 brown, pos 7 = 7 black → no "!"; pos 8 = 1
    // dark blue → 3 "!".
    let s = score_ranking(&r(&[5, 3, 4, 0, 2, 6, 7, 1]));
    assert_eq!(s.compensation, 0);
    assert_eq!(
        s.anxious_colours,
        [Mark {
            colour: DarkBlue,
            position: 8,
            marks: 3
        }]
    );
    assert_eq!(s.marks, 3);
    // Ranking 3-4-2-1-0-6-7-5: violet last, basic colours 1–4 in front → no marks at all.
    let s = score_ranking(&r(&[3, 4, 2, 1, 0, 6, 7, 5]));
    assert_eq!((s.anxiety, s.compensation, s.marks), (0, 0, 0));
}

#[test]
fn vegetative_coefficient_extremes() {
    // Ranking 3-4-5-6-0-7-1-2: red and yellow first, blue and green last →
    //   (18−1−2)/(18−7−8) = 15/3 = 5.0, the maximum.
    assert!(close(
        score_ranking(&r(&[3, 4, 5, 6, 0, 7, 1, 2])).vegetative,
        5.0
    ));
    // Ranking 1-2-5-6-0-7-3-4: the other way round → (18−7−8)/(18−1−2) = 3/15 = 0.2, the minimum.
    assert!(close(
        score_ranking(&r(&[1, 2, 5, 6, 0, 7, 3, 4])).vegetative,
        0.2
    ));
    // Ranking 3-1-4-2-5-6-0-7: pos(3)=1, pos(4)=3, pos(1)=2, pos(2)=4 → (18−1−3)/(18−2−4) = 14/12.
    assert!(close(
        score_ranking(&r(&[3, 1, 4, 2, 5, 6, 0, 7])).vegetative,
        14.0 / 12.0
    ));
}

#[test]
fn every_ranking_stays_in_the_documented_ranges() {
    // All 8! = 40 320 rankings: deviation 0–32 and always even (Σ|σ(i) − i| is even),
    // anxiety 0–6, compensation 0–6, marks 0–12, VC 0.2–5.0; deviation 0 only for the norm.
    fn each(prefix: &mut Vec<u8>, f: &mut dyn FnMut(&[u8])) {
        if prefix.len() == 8 {
            return f(prefix);
        }
        for c in 0..8u8 {
            if !prefix.contains(&c) {
                prefix.push(c);
                each(prefix, f);
                prefix.pop();
            }
        }
    }
    let mut count = 0;
    let mut zero = 0;
    each(&mut Vec::new(), &mut |v| {
        let s = score_ranking(&r(v));
        count += 1;
        assert!(s.deviation <= 32 && s.deviation.is_multiple_of(2), "{v:?}");
        assert!(
            s.anxiety <= 6 && s.compensation <= 6 && s.marks == s.anxiety + s.compensation,
            "{v:?}"
        );
        assert!((0.2 - 1e-12..=5.0 + 1e-12).contains(&s.vegetative), "{v:?}");
        zero += usize::from(s.deviation == 0);
    });
    assert_eq!((count, zero), (40_320, 1));
}
