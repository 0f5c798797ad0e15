//! Scoring of the two colour methods: the Lüscher 8-colour test and the colour relations test
//! (ЦТО, А. М. Эткинд).
//!
//! Why this module exists: both methods end in numbers a psychologist reads (deviation from the
//! autogenic norm, anxiety and compensation marks, the vegetative coefficient, the rank of each
//! person's colour), and those numbers are only as trustworthy as the arithmetic behind them. The
//! arithmetic lives here, pure — no I/O, no Slint — so every rule can be checked against cases
//! computed by hand in the tests below. The instrument engine takes the figures by name
//! ([`LuscherResult::values`], [`relation_values`]) for its formulas, flags and bands.
//!
//! The validity of the vegetative coefficient and of the marks is disputed: the kiosk shows
//! these figures, never a diagnosis.
//!
//! Colours are numbered as in the Lüscher test: 0 grey, 1 dark blue, 2 blue-green,
//! 3 orange-red, 4 yellow, 5 violet, 6 brown, 7 black. Positions in a ranking are 1-based:
//! position 1 is the most liked colour, position 8 the least liked.

use std::collections::BTreeSet;

/// What is wrong with a ranking or with the colours given to people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ColourTestError {
    #[error("colour {0} does not exist: colours are numbered 0 (grey) to 7 (black)")]
    UnknownColour(u8),
    #[error("place {position} of the ranking holds colour {colour}, which does not exist: colours are numbered 0 (grey) to 7 (black)")]
    UnknownColourInRanking { position: usize, colour: u8 },
    #[error("a ranking lists each of the 8 colours (0 to 7) exactly once, but this one has {len} entries: {}", describe_gaps(.missing, .repeated))]
    NotAPermutation {
        len: usize,
        missing: Vec<u8>,
        repeated: Vec<u8>,
    },
    #[error("«{person}» is given colour {colour}, which does not exist: colours are numbered 0 (grey) to 7 (black)")]
    UnknownPersonColour { person: String, colour: u8 },
    #[error("«{0}» is given a colour twice: each person gets one colour")]
    DuplicatePerson(String),
    #[error("no colour is given to «{0}», the child themself: the colour relations cannot be read without it")]
    NoSelf(String),
}

fn describe_gaps(missing: &[u8], repeated: &[u8]) -> String {
    let list = |v: &[u8]| v.iter().map(u8::to_string).collect::<Vec<_>>().join(", ");
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("missing {}", list(missing)));
    }
    if !repeated.is_empty() {
        parts.push(format!("repeated {}", list(repeated)));
    }
    parts.join("; ")
}

/// One of the 8 Lüscher colours; the discriminant is the card's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum LuscherColour {
    Grey = 0,
    DarkBlue = 1,
    BlueGreen = 2,
    OrangeRed = 3,
    Yellow = 4,
    Violet = 5,
    Brown = 6,
    Black = 7,
}

impl LuscherColour {
    /// All colours in card order, 0 to 7.
    pub const ALL: [LuscherColour; 8] = [
        LuscherColour::Grey,
        LuscherColour::DarkBlue,
        LuscherColour::BlueGreen,
        LuscherColour::OrangeRed,
        LuscherColour::Yellow,
        LuscherColour::Violet,
        LuscherColour::Brown,
        LuscherColour::Black,
    ];

    /// The colour with card number `index` (0–7).
    pub fn from_index(index: u8) -> Result<Self, ColourTestError> {
        Self::ALL
            .get(usize::from(index))
            .copied()
            .ok_or(ColourTestError::UnknownColour(index))
    }

    /// The card number, 0–7.
    pub fn index(self) -> u8 {
        self as u8
    }

    /// A basic colour: 1 dark blue, 2 blue-green, 3 orange-red, 4 yellow.
    pub fn is_basic(self) -> bool {
        (1..=4).contains(&self.index())
    }

    /// An additional colour: 0 grey, 6 brown, 7 black. Violet (5) is neither basic nor additional.
    pub fn is_additional(self) -> bool {
        matches!(
            self,
            LuscherColour::Grey | LuscherColour::Brown | LuscherColour::Black
        )
    }
}

/// The autogenic norm, most to least liked: 3-4-2-5-1-6-0-7.
pub const AUTOGENIC_NORM: [LuscherColour; 8] = [
    LuscherColour::OrangeRed,
    LuscherColour::Yellow,
    LuscherColour::BlueGreen,
    LuscherColour::Violet,
    LuscherColour::DarkBlue,
    LuscherColour::Brown,
    LuscherColour::Grey,
    LuscherColour::Black,
];

/// All 8 colours ordered from most to least liked; always a permutation of 0..=7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ranking([LuscherColour; 8]);

impl Ranking {
    /// A ranking from card numbers, most liked first. Refuses anything that is not each of
    /// 0..=7 exactly once, naming the colours that are unknown, missing or repeated.
    pub fn new(colours: Vec<u8>) -> Result<Self, ColourTestError> {
        if let Some((i, &c)) = colours.iter().enumerate().find(|(_, &c)| c > 7) {
            return Err(ColourTestError::UnknownColourInRanking {
                position: i + 1,
                colour: c,
            });
        }
        let mut count = [0usize; 8];
        for &c in &colours {
            count[usize::from(c)] += 1;
        }
        let missing: Vec<u8> = (0..8u8).filter(|&c| count[usize::from(c)] == 0).collect();
        let repeated: Vec<u8> = (0..8u8).filter(|&c| count[usize::from(c)] > 1).collect();
        if colours.len() != 8 || !missing.is_empty() || !repeated.is_empty() {
            return Err(ColourTestError::NotAPermutation {
                len: colours.len(),
                missing,
                repeated,
            });
        }
        let mut ranked = [LuscherColour::Grey; 8];
        for (slot, &c) in ranked.iter_mut().zip(&colours) {
            *slot = LuscherColour::ALL[usize::from(c)];
        }
        Ok(Ranking(ranked))
    }

    /// The autogenic norm 3-4-2-5-1-6-0-7 as a ranking.
    pub fn autogenic_norm() -> Self {
        Ranking(AUTOGENIC_NORM)
    }

    /// The colours, most liked first.
    pub fn colours(&self) -> &[LuscherColour; 8] {
        &self.0
    }

    /// The colour's position, 1 (most liked) to 8 (least liked).
    pub fn position(&self, colour: LuscherColour) -> u8 {
        // A ranking holds every colour, so the search always finds it.
        let i = self.0.iter().position(|&c| c == colour).unwrap_or(7);
        i as u8 + 1
    }
}

/// The function of a pair of positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PairSign {
    /// Positions 1–2, "+".
    Plus,
    /// Positions 3–4, "×".
    Cross,
    /// Positions 5–6, "=".
    Equal,
    /// Positions 7–8, "−".
    Minus,
}

impl PairSign {
    pub const ALL: [PairSign; 4] = [
        PairSign::Plus,
        PairSign::Cross,
        PairSign::Equal,
        PairSign::Minus,
    ];

    /// The sign as printed on the result screen: "+", "×", "=", "−".
    pub fn symbol(self) -> &'static str {
        match self {
            PairSign::Plus => "+",
            PairSign::Cross => "×",
            PairSign::Equal => "=",
            PairSign::Minus => "−",
        }
    }
}

/// Two neighbouring positions of a ranking and their colours, in ranking order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ColourPair {
    pub sign: PairSign,
    pub colours: [LuscherColour; 2],
}

/// A colour that earned marks (anxiety "!" or compensation) by where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Mark {
    pub colour: LuscherColour,
    /// 1-based position in the ranking.
    pub position: u8,
    /// 1 to 3.
    pub marks: u8,
}

/// The figures of one ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingScores {
    /// "+" (1–2), "×" (3–4), "=" (5–6), "−" (7–8), in that order.
    pub pairs: [ColourPair; 4],
    /// Basic colours (1–4) in positions 6, 7, 8: 1, 2, 3 marks "!".
    pub anxious_colours: Vec<Mark>,
    /// Sum of the anxiety marks, 0–6.
    pub anxiety: u8,
    /// Additional colours (0, 6, 7) in positions 1, 2, 3: 3, 2, 1 marks.
    pub compensating_colours: Vec<Mark>,
    /// Sum of the compensation marks, 0–6.
    pub compensation: u8,
    /// Anxiety plus compensation, 0–12.
    pub marks: u8,
    /// Σ |position − position in the autogenic norm| over the 8 colours, 0–32.
    pub deviation: u8,
    /// (18 − pos(3) − pos(4)) / (18 − pos(1) − pos(2)), 0.2–5.0.
    pub vegetative: f64,
}

/// Both rankings of a Lüscher test scored; the second is read as the current state.
#[derive(Debug, Clone, PartialEq)]
pub struct LuscherResult {
    pub first: RankingScores,
    pub second: RankingScores,
    /// Colours standing in the same position in both rankings, 0–8.
    pub stability: u8,
}

impl LuscherResult {
    /// The figures by name for the instrument engine's formulas: `first_…` and `second_…`
    /// (`deviation`, `anxiety`, `compensation`, `marks`, `vegetative`) and `stability`.
    pub fn values(&self) -> Vec<(&'static str, f64)> {
        let f = &self.first;
        let s = &self.second;
        vec![
            ("first_deviation", f64::from(f.deviation)),
            ("first_anxiety", f64::from(f.anxiety)),
            ("first_compensation", f64::from(f.compensation)),
            ("first_marks", f64::from(f.marks)),
            ("first_vegetative", f.vegetative),
            ("second_deviation", f64::from(s.deviation)),
            ("second_anxiety", f64::from(s.anxiety)),
            ("second_compensation", f64::from(s.compensation)),
            ("second_marks", f64::from(s.marks)),
            ("second_vegetative", s.vegetative),
            ("stability", f64::from(self.stability)),
        ]
    }
}

/// Anxiety marks by position: a basic colour there earns this many "!".
const ANXIETY_MARKS: [(u8, u8); 3] = [(6, 1), (7, 2), (8, 3)];
/// Compensation marks by position: an additional colour there earns this many.
const COMPENSATION_MARKS: [(u8, u8); 3] = [(1, 3), (2, 2), (3, 1)];

/// Scores one ranking on its own.
pub fn score_ranking(ranking: &Ranking) -> RankingScores {
    let c = ranking.colours();
    let pairs = PairSign::ALL.map(|sign| {
        let i = 2 * sign as usize;
        ColourPair {
            sign,
            colours: [c[i], c[i + 1]],
        }
    });
    let marked = |table: &[(u8, u8)], counts: fn(LuscherColour) -> bool| -> Vec<Mark> {
        table
            .iter()
            .map(|&(position, marks)| Mark {
                colour: c[usize::from(position) - 1],
                position,
                marks,
            })
            .filter(|m| counts(m.colour))
            .collect()
    };
    let anxious_colours = marked(&ANXIETY_MARKS, LuscherColour::is_basic);
    let compensating_colours = marked(&COMPENSATION_MARKS, LuscherColour::is_additional);
    let anxiety: u8 = anxious_colours.iter().map(|m| m.marks).sum();
    let compensation: u8 = compensating_colours.iter().map(|m| m.marks).sum();

    let norm = Ranking::autogenic_norm();
    let deviation: u8 = LuscherColour::ALL
        .iter()
        .map(|&col| ranking.position(col).abs_diff(norm.position(col)))
        .sum();

    let pos = |col| f64::from(ranking.position(col));
    // The denominator is at least 18 − 7 − 8 = 3, so it is never zero.
    let vegetative = (18.0 - pos(LuscherColour::OrangeRed) - pos(LuscherColour::Yellow))
        / (18.0 - pos(LuscherColour::DarkBlue) - pos(LuscherColour::BlueGreen));

    RankingScores {
        pairs,
        anxious_colours,
        anxiety,
        compensating_colours,
        compensation,
        marks: anxiety + compensation,
        deviation,
        vegetative,
    }
}

/// Scores a Lüscher test: both rankings, and how many colours kept their position.
pub fn luscher(first: &Ranking, second: &Ranking) -> LuscherResult {
    let stability = first
        .colours()
        .iter()
        .zip(second.colours())
        .filter(|(a, b)| a == b)
        .count() as u8;
    LuscherResult {
        first: score_ranking(first),
        second: score_ranking(second),
        stability,
    }
}

/// One person (or concept) of the colour relations test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationLine {
    /// The person's id as given (e.g. `mother`).
    pub person: String,
    pub colour: LuscherColour,
    /// The position of the person's colour in the ranking, 1–8: low is close / positive.
    pub rank: u8,
    /// The person has the colour the child gave themself (a hint of identification). Always
    /// `false` on the child's own line.
    pub same_colour_as_self: bool,
}

/// Reads the colour relations test: for each `(person, colour)` in `assigned`, in the given
/// order, the rank of that colour in `ranking`, and whether it is the colour of the person
/// `self_id` (the child themself). Refuses unknown colours, a person listed twice, and a missing
/// `self_id`.
pub fn colour_relations(
    assigned: &[(String, u8)],
    ranking: &Ranking,
    self_id: &str,
) -> Result<Vec<RelationLine>, ColourTestError> {
    let mut seen = BTreeSet::new();
    let mut lines = Vec::with_capacity(assigned.len());
    for (person, index) in assigned {
        if !seen.insert(person.as_str()) {
            return Err(ColourTestError::DuplicatePerson(person.clone()));
        }
        let colour = LuscherColour::from_index(*index).map_err(|_| {
            ColourTestError::UnknownPersonColour {
                person: person.clone(),
                colour: *index,
            }
        })?;
        lines.push(RelationLine {
            person: person.clone(),
            colour,
            rank: ranking.position(colour),
            same_colour_as_self: false,
        });
    }
    let own = lines
        .iter()
        .find(|l| l.person == self_id)
        .map(|l| l.colour)
        .ok_or_else(|| ColourTestError::NoSelf(self_id.to_owned()))?;
    for line in &mut lines {
        line.same_colour_as_self = line.person != self_id && line.colour == own;
    }
    Ok(lines)
}

/// The colour relations figures by name for the instrument engine: `rank_<person>` (1–8) and
/// `same_as_me_<person>` (1 or 0) for each line, in line order.
pub fn relation_values(lines: &[RelationLine]) -> Vec<(String, f64)> {
    lines
        .iter()
        .flat_map(|l| {
            [
                (format!("rank_{}", l.person), f64::from(l.rank)),
                (
                    format!("same_as_me_{}", l.person),
                    if l.same_colour_as_self { 1.0 } else { 0.0 },
                ),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use LuscherColour::*;

    // Positions in the autogenic norm 3-4-2-5-1-6-0-7, used by every deviation below:
    //   colour:   3  4  2  5  1  6  0  7
    //   position: 1  2  3  4  5  6  7  8

    fn r(v: &[u8]) -> Ranking {
        Ranking::new(v.to_vec()).unwrap()
    }

    fn close(a: f64, b: f64) -> bool {
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
        let e = colour_relations(&people(&[("mother", 1)]), &Ranking::autogenic_norm(), "me")
            .unwrap_err();
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
}
