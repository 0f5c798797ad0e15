//! The social-rental stock: kinds of equipment with their default loan terms, and items with
//! an inventory number and a state. The rules of lending are in `rental_item` (states),
//! `loan` (terms), `rental_queue` (the queue) and `eligibility` (who may borrow).

use serde::{Deserialize, Serialize};

use super::session::keyed;
use super::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RentalKind {
    StrollerTransformer,
    SledgeStroller,
    CotWithBumpers,
    Playpen,
    Walker,
    FeedingChair,
    ChangingTable,
}

keyed!(RentalKind, "rental kind",
    StrollerTransformer => "stroller_transformer", SledgeStroller => "sledge_stroller",
    CotWithBumpers => "cot_with_bumpers", Playpen => "playpen", Walker => "walker",
    FeedingChair => "feeding_chair", ChangingTable => "changing_table");

impl RentalKind {
    /// Default loan term in months (free-use contracts run 6–18 months).
    pub fn default_term_months(self) -> u32 {
        match self {
            RentalKind::StrollerTransformer | RentalKind::CotWithBumpers | RentalKind::Playpen => {
                12
            }
            RentalKind::SledgeStroller => 6,
            RentalKind::Walker | RentalKind::FeedingChair | RentalKind::ChangingTable => 9,
        }
    }

    /// The prefix of this kind's inventory numbers, e.g. «КОЛ-0001».
    pub fn inventory_prefix(self) -> &'static str {
        match self {
            RentalKind::StrollerTransformer => "КОЛ",
            RentalKind::SledgeStroller => "САН",
            RentalKind::CotWithBumpers => "КРВ",
            RentalKind::Playpen => "МАН",
            RentalKind::Walker => "ХОД",
            RentalKind::FeedingChair => "СТЛ",
            RentalKind::ChangingTable => "ПЕЛ",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    Available,
    OnLoan,
    AwaitingCleaning,
    Cleaning,
    InRepair,
    Lost,
    WrittenOff,
}

keyed!(ItemState, "item state",
    Available => "available", OnLoan => "on_loan", AwaitingCleaning => "awaiting_cleaning",
    Cleaning => "cleaning", InRepair => "in_repair", Lost => "lost", WrittenOff => "written_off");

/// The ASCII form of an inventory number that the QR label holds and a scan is matched by:
/// Cyrillic (and Tatar) letters transliterated, upper case, spaces dropped («КОЛ-0001» →
/// «KOL-0001»). A USB scanner types what the label holds as key presses, and only ASCII comes
/// through every keyboard layout.
pub fn label_code(text: &str) -> String {
    let mut out = String::new();
    for c in text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
    {
        let latin = match c {
            'А' | 'Ә' => "A",
            'Б' => "B",
            'В' => "V",
            'Г' => "G",
            'Д' => "D",
            'Е' | 'Ё' | 'Э' => "E",
            'Ж' | 'Җ' => "ZH",
            'З' => "Z",
            'И' => "I",
            'Й' => "Y",
            'К' => "K",
            'Л' => "L",
            'М' => "M",
            'Н' | 'Ң' => "N",
            'О' | 'Ө' => "O",
            'П' => "P",
            'Р' => "R",
            'С' => "S",
            'Т' => "T",
            'У' | 'Ү' => "U",
            'Ф' => "F",
            'Х' | 'Һ' => "H",
            'Ц' => "C",
            'Ч' => "CH",
            'Ш' => "SH",
            'Щ' => "SCH",
            'Ъ' | 'Ь' => "",
            'Ы' => "Y",
            'Ю' => "YU",
            'Я' => "YA",
            other => {
                out.push(other);
                continue;
            }
        };
        out.push_str(latin);
    }
    out
}

/// What a scan may mean: the text as typed, and the same key presses read in the US layout
/// (a scanner typing «KOL-0001» into a kiosk set to the Russian layout gives «ЛЩД-0001»).
pub fn label_readings(scanned: &str) -> Vec<String> {
    const RU: &str = "ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬ";
    const US: &str = "QWERTYUIOPASDFGHJKLZXCVBNM";
    let as_typed = label_code(scanned);
    let swapped: String = scanned
        .trim()
        .chars()
        .flat_map(char::to_uppercase)
        .map(|c| {
            RU.chars()
                .position(|r| r == c)
                .and_then(|i| US.chars().nth(i))
                .unwrap_or(c)
        })
        .collect();
    let swapped = label_code(&swapped);
    if swapped == as_typed {
        vec![as_typed]
    } else {
        vec![as_typed, swapped]
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewRentalItem {
    pub kind: RentalKind,
    pub inventory_number: String,
    pub state: ItemState,
}

impl NewRentalItem {
    pub fn new(
        kind: RentalKind,
        inventory_number: &str,
        state: ItemState,
    ) -> Result<Self, DomainError> {
        let number = inventory_number.trim().to_uppercase();
        if number.is_empty() {
            return Err(DomainError::Empty {
                field: "inventory number",
            });
        }
        if !number
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '/')
        {
            return Err(DomainError::Unknown {
                what: "inventory number format",
                value: number,
            });
        }
        Ok(Self {
            kind,
            inventory_number: number,
            state,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_within_the_contract_range() {
        for k in RentalKind::ALL {
            assert!((6..=18).contains(&k.default_term_months()), "{k:?}");
            assert_eq!(RentalKind::from_key(k.key()).unwrap(), *k);
        }
    }

    #[test]
    fn inventory_numbers_are_normalised_and_checked() {
        let item =
            NewRentalItem::new(RentalKind::Walker, " ход-0007 ", ItemState::Available).unwrap();
        assert_eq!(item.inventory_number, "ХОД-0007");
        assert!(NewRentalItem::new(RentalKind::Walker, "", ItemState::Available).is_err());
        assert!(NewRentalItem::new(RentalKind::Walker, "ХОД 7;", ItemState::Available).is_err());
    }

    #[test]
    fn prefixes_are_distinct() {
        let mut p: Vec<_> = RentalKind::ALL
            .iter()
            .map(|k| k.inventory_prefix())
            .collect();
        p.sort();
        p.dedup();
        assert_eq!(p.len(), RentalKind::ALL.len());
    }

    #[test]
    fn labels_hold_ascii_and_every_kind_keeps_a_distinct_prefix() {
        assert_eq!(super::label_code("КОЛ-0001"), "KOL-0001");
        assert_eq!(super::label_code(" крв-0003 \n"), "KRV-0003");
        assert_eq!(super::label_code("KOL-0001"), "KOL-0001");
        let prefixes: std::collections::HashSet<String> = RentalKind::ALL
            .iter()
            .map(|k| super::label_code(k.inventory_prefix()))
            .collect();
        assert_eq!(prefixes.len(), RentalKind::ALL.len());
        for p in &prefixes {
            assert!(p.is_ascii(), "{p}");
        }
    }

    #[test]
    fn a_scan_typed_in_the_russian_layout_is_read_back_in_the_us_layout() {
        assert_eq!(
            super::label_readings("ЛЩД-0001"),
            vec!["LSCHD-0001".to_string(), "KOL-0001".to_string()]
        );
        assert_eq!(
            super::label_readings("KOL-0001"),
            vec!["KOL-0001".to_string()]
        );
    }
}
