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
mod relations_tests;
#[cfg(test)]
mod tests;
