//! The social-rental stock: kinds of equipment (by key; their titles and terms are the
//! centre's list in `rental_kinds`), and items with an inventory number and a state. The rules of lending are in `rental_item` (states),
//! `loan` (terms), `rental_queue` (the queue) and `eligibility` (who may borrow).

use serde::{Deserialize, Serialize};

use super::session::keyed;
use super::DomainError;

/// The longest key a kind may have.
pub const KIND_KEY_MAX: usize = 32;

/// A kind of equipment, by the key the records keep (`walker`, `stroller_transformer`, or any
/// key a centre adds in its kinds file, see [`super::rental_kinds`]): lower-case Latin letters,
/// digits and `_`, at most [`KIND_KEY_MAX`] bytes. It is a small value (copied like a number),
/// so the rules and the store pass it around freely; its titles, loan term and inventory prefix
/// are in the centre's list, [`super::rental_kinds::RentalKinds`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RentalKind {
    len: u8,
    bytes: [u8; KIND_KEY_MAX],
}

impl RentalKind {
    pub const STROLLER_TRANSFORMER: Self = Self::shipped("stroller_transformer");
    pub const SLEDGE_STROLLER: Self = Self::shipped("sledge_stroller");
    pub const COT_WITH_BUMPERS: Self = Self::shipped("cot_with_bumpers");
    pub const PLAYPEN: Self = Self::shipped("playpen");
    pub const WALKER: Self = Self::shipped("walker");
    pub const FEEDING_CHAIR: Self = Self::shipped("feeding_chair");
    pub const CHANGING_TABLE: Self = Self::shipped("changing_table");

    /// A key known when compiling (the kinds shipped in `assets/rental/kinds.toml`).
    const fn shipped(key: &str) -> Self {
        let b = key.as_bytes();
        assert!(!b.is_empty() && b.len() <= KIND_KEY_MAX);
        let mut bytes = [0u8; KIND_KEY_MAX];
        let mut i = 0;
        while i < b.len() {
            assert!(b[i].is_ascii_lowercase() || b[i].is_ascii_digit() || b[i] == b'_');
            bytes[i] = b[i];
            i += 1;
        }
        Self {
            len: b.len() as u8,
            bytes,
        }
    }

    /// The key the records keep, e.g. «walker».
    pub fn key(&self) -> &str {
        // Only ASCII bytes are ever stored (checked by `from_key` and `shipped`).
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("")
    }

    /// The kind with this key. Any well-formed key is a kind: whether the centre's list names
    /// it is for [`super::rental_kinds::RentalKinds`] to say.
    pub fn from_key(key: &str) -> Result<Self, DomainError> {
        let bad = || DomainError::Unknown {
            what: "rental kind",
            value: key.into(),
        };
        if key.is_empty()
            || key.len() > KIND_KEY_MAX
            || !key
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
        {
            return Err(bad());
        }
        let mut bytes = [0u8; KIND_KEY_MAX];
        bytes[..key.len()].copy_from_slice(key.as_bytes());
        Ok(Self {
            len: key.len() as u8,
            bytes,
        })
    }
}

/// Kinds sort by their keys.
impl Ord for RentalKind {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(other.key())
    }
}

impl PartialOrd for RentalKind {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Debug for RentalKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RentalKind({})", self.key())
    }
}

impl std::fmt::Display for RentalKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

impl Serialize for RentalKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for RentalKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let key = String::deserialize(d)?;
        RentalKind::from_key(&key).map_err(serde::de::Error::custom)
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
    fn kind_keys_are_checked_and_kept_as_written() {
        let k = RentalKind::from_key("bath_seat").unwrap();
        assert_eq!(k.key(), "bath_seat");
        assert_eq!(k, RentalKind::from_key("bath_seat").unwrap());
        assert_ne!(k, RentalKind::WALKER);
        assert_eq!(RentalKind::from_key("walker").unwrap(), RentalKind::WALKER);
        for bad in [
            "",
            "Walker",
            "ходунки",
            "bath seat",
            &"x".repeat(KIND_KEY_MAX + 1),
        ] {
            assert!(RentalKind::from_key(bad).is_err(), "{bad}");
        }
        assert!(RentalKind::from_key(&"x".repeat(KIND_KEY_MAX)).is_ok());
        let json = serde_json::to_string(&k).unwrap();
        assert_eq!(json, "\"bath_seat\"");
        assert_eq!(serde_json::from_str::<RentalKind>(&json).unwrap(), k);
        assert!(serde_json::from_str::<RentalKind>("\"Bad Key\"").is_err());
        assert_eq!(format!("{k}"), "bath_seat");
    }

    #[test]
    fn inventory_numbers_are_normalised_and_checked() {
        let item =
            NewRentalItem::new(RentalKind::WALKER, " ход-0007 ", ItemState::Available).unwrap();
        assert_eq!(item.inventory_number, "ХОД-0007");
        assert!(NewRentalItem::new(RentalKind::WALKER, "", ItemState::Available).is_err());
        assert!(NewRentalItem::new(RentalKind::WALKER, "ХОД 7;", ItemState::Available).is_err());
    }

    #[test]
    fn labels_hold_ascii() {
        assert_eq!(super::label_code("КОЛ-0001"), "KOL-0001");
        assert_eq!(super::label_code(" крв-0003 \n"), "KRV-0003");
        assert_eq!(super::label_code("KOL-0001"), "KOL-0001");
        assert!(super::label_code("ӘҖҢӨҮҺ-1").is_ascii());
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
