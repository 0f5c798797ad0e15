//! The four life situations that cause psycho-emotional trauma (ТЖС 1–4), as the centre's
//! project documents number them. Help routes and indicators are counted per situation.

use serde::{Deserialize, Serialize};

use super::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum LifeSituation {
    /// ТЖС 1: loss of parents (death, deprivation of parental rights, divorce).
    LossOfParents,
    /// ТЖС 2: abuse and criminal assault, including children who witnessed it.
    AbuseOrAssault,
    /// ТЖС 3: emergencies and disasters with acute stress or PTSD.
    Emergency,
    /// ТЖС 4: return from combat zones.
    ReturnFromCombatZone,
}

impl LifeSituation {
    pub const ALL: [LifeSituation; 4] = [
        Self::LossOfParents,
        Self::AbuseOrAssault,
        Self::Emergency,
        Self::ReturnFromCombatZone,
    ];

    /// The number the project documents use (1–4).
    pub fn number(self) -> u8 {
        match self {
            Self::LossOfParents => 1,
            Self::AbuseOrAssault => 2,
            Self::Emergency => 3,
            Self::ReturnFromCombatZone => 4,
        }
    }

    pub fn from_number(n: i64) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|s| i64::from(s.number()) == n)
            .ok_or(DomainError::Unknown {
                what: "life situation (ТЖС 1–4)",
                value: n.to_string(),
            })
    }

    /// The short label staff use: «ТЖС 1».
    pub fn code(self) -> String {
        format!("ТЖС {}", self.number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_and_are_one_to_four() {
        for s in LifeSituation::ALL {
            assert_eq!(LifeSituation::from_number(s.number().into()).unwrap(), s);
        }
        let numbers: Vec<u8> = LifeSituation::ALL.iter().map(|s| s.number()).collect();
        assert_eq!(numbers, [1, 2, 3, 4]);
    }

    #[test]
    fn out_of_range_numbers_are_refused() {
        for n in [0, 5, -1, 100] {
            assert!(LifeSituation::from_number(n).is_err(), "{n}");
        }
    }

    #[test]
    fn code_is_what_staff_write() {
        assert_eq!(LifeSituation::Emergency.code(), "ТЖС 3");
    }
}
