//! Checking in at the room's door: the child's secret picture code, the three tries, the mood
//! faces, and the rule that one child checks in to one session once. A four-year-old must be
//! able to do it alone, so the rules are few and forgiving, and a failure never says whose
//! tile it was.

use serde::{Deserialize, Serialize};

use super::DomainError;

/// The nine pictures of the code grid, in the order they are shown (3×3, row by row).
pub const CODE_PICTURES: [&str; 9] = [
    "apple", "ball", "car", "cat", "flower", "rocket", "star", "sun", "whale",
];

/// How many pictures a code has.
pub const CODE_LENGTH: usize = 3;

/// Tries before the gentle "your psychologist will help you".
pub const MAX_CODE_TRIES: u32 = 3;

/// Sessions that started this long ago still take check-ins (a late arrival).
pub const LATE_BY: chrono::Duration = chrono::Duration::minutes(40);
/// Sessions up to this far ahead are shown at the door.
pub const AHEAD: chrono::Duration = chrono::Duration::hours(3);

/// A child's secret: three different pictures of the grid, in order (positions 0–8).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PictureCode([u8; CODE_LENGTH]);

impl PictureCode {
    pub fn new(positions: &[u8]) -> Result<Self, DomainError> {
        let bad = || DomainError::Unknown {
            what: "picture code (three different pictures of nine)",
            value: format!("{positions:?}"),
        };
        let code: [u8; CODE_LENGTH] = positions.try_into().map_err(|_| bad())?;
        let distinct = code[0] != code[1] && code[1] != code[2] && code[0] != code[2];
        if code.iter().any(|p| usize::from(*p) >= CODE_PICTURES.len()) || !distinct {
            return Err(bad());
        }
        Ok(Self(code))
    }

    pub fn positions(&self) -> [u8; CODE_LENGTH] {
        self.0
    }

    /// The stable text the hash is taken of: «2-7-0».
    pub fn canonical(&self) -> String {
        self.0.map(|p| p.to_string()).join("-")
    }
}

impl std::fmt::Debug for PictureCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PictureCode(***)")
    }
}

/// How a child says they feel at the door: one of the five faces from very sad to very happy
/// (a scale), angry or scared (feelings off that scale, which a child who has lived through
/// violence or disaster needs to be able to show), or "I don't want to say" — never forced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mood {
    VerySad,
    Sad,
    Neutral,
    Happy,
    VeryHappy,
    Angry,
    Scared,
    /// "I don't want to say": a check-in without a feeling.
    Unsaid,
}

impl Mood {
    /// Every choice, in the order the screen shows them (the scale, then the rest).
    pub const ALL: [Mood; 8] = [
        Mood::VerySad,
        Mood::Sad,
        Mood::Neutral,
        Mood::Happy,
        Mood::VeryHappy,
        Mood::Angry,
        Mood::Scared,
        Mood::Unsaid,
    ];

    /// As stored (`check_ins.mood`) and shown (`Pictures.face`): 1 (very sad) … 5 (very happy)
    /// on the scale, 6 angry, 7 scared, 8 unsaid.
    pub fn code(self) -> u8 {
        self as u8 + 1
    }

    pub fn from_code(code: i64) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|m| i64::from(m.code()) == code)
            .ok_or_else(|| DomainError::Unknown {
                what: "mood (1–8)",
                value: code.to_string(),
            })
    }

    /// The place on the five-point scale (1 very sad … 5 very happy) for charts and averages;
    /// `None` for angry, scared and unsaid, which are not on it.
    pub fn scale(self) -> Option<u8> {
        (self.code() <= 5).then_some(self.code())
    }
}

/// Where a child is in entering their code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CodeTries {
    pub wrong: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeOutcome {
    Right,
    /// Wrong; the child may try again.
    TryAgain {
        tries_left: u32,
    },
    /// The third wrong try: show "your psychologist will help you" and tell the psychologist.
    AskForHelp,
}

impl CodeTries {
    pub fn check(self, entered: &[u8], right: impl FnOnce(&[u8]) -> bool) -> (Self, CodeOutcome) {
        if self.wrong >= MAX_CODE_TRIES {
            return (self, CodeOutcome::AskForHelp);
        }
        if right(entered) {
            return (self, CodeOutcome::Right);
        }
        let wrong = self.wrong + 1;
        let outcome = if wrong >= MAX_CODE_TRIES {
            CodeOutcome::AskForHelp
        } else {
            CodeOutcome::TryAgain {
                tries_left: MAX_CODE_TRIES - wrong,
            }
        };
        (Self { wrong }, outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_three_different_pictures_of_nine() {
        assert_eq!(PictureCode::new(&[2, 7, 0]).unwrap().canonical(), "2-7-0");
        for bad in [
            &[][..],
            &[1, 2],
            &[1, 2, 3, 4],
            &[1, 1, 2],
            &[2, 1, 2],
            &[0, 9, 1],
            &[200, 1, 2],
        ] {
            assert!(PictureCode::new(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            format!("{:?}", PictureCode::new(&[1, 2, 3]).unwrap()),
            "PictureCode(***)"
        );
    }

    #[test]
    fn every_picture_has_an_avatar_icon_to_draw_it_with() {
        for p in CODE_PICTURES {
            assert!(super::super::Avatar::from_key(p).is_ok(), "{p}");
        }
    }

    #[test]
    fn moods_are_stored_one_to_eight_and_only_the_faces_are_on_the_scale() {
        let codes: Vec<u8> = Mood::ALL.iter().map(|m| m.code()).collect();
        assert_eq!(codes, [1, 2, 3, 4, 5, 6, 7, 8]);
        for m in Mood::ALL {
            assert_eq!(Mood::from_code(m.code().into()).unwrap(), m);
        }
        assert!(Mood::from_code(0).is_err() && Mood::from_code(9).is_err());
        let scale: Vec<Option<u8>> = Mood::ALL.iter().map(|m| m.scale()).collect();
        assert_eq!(
            scale,
            [
                Some(1),
                Some(2),
                Some(3),
                Some(4),
                Some(5),
                None,
                None,
                None
            ]
        );
        // The outbox names them; the centre keeps the words.
        assert_eq!(serde_json::to_string(&Mood::Unsaid).unwrap(), "\"unsaid\"");
        assert_eq!(serde_json::to_string(&Mood::Scared).unwrap(), "\"scared\"");
    }

    #[test]
    fn three_wrong_tries_ask_for_help_and_stay_there() {
        let t = CodeTries::default();
        let (t, o) = t.check(&[1, 2, 3], |_| false);
        assert_eq!(o, CodeOutcome::TryAgain { tries_left: 2 });
        let (t, o) = t.check(&[1, 2, 3], |_| false);
        assert_eq!(o, CodeOutcome::TryAgain { tries_left: 1 });
        let (t, o) = t.check(&[1, 2, 3], |_| false);
        assert_eq!(o, CodeOutcome::AskForHelp);
        // After that, even the right code does not open: an adult helps.
        let (_, o) = t.check(&[4, 5, 6], |_| panic!("must not be checked"));
        assert_eq!(o, CodeOutcome::AskForHelp);
    }

    #[test]
    fn right_code_after_a_wrong_one() {
        let (t, _) = CodeTries::default().check(&[0, 1, 2], |_| false);
        assert_eq!(
            t.check(&[3, 4, 5], |e| e == [3, 4, 5]).1,
            CodeOutcome::Right
        );
    }
}
