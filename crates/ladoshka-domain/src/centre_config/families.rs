//! Families shared between the kiosks of one КЦСОН (issue 18 §3): a family enrolled at the
//! play-therapy kiosk is known at the rental desk of the same КЦСОН, and the centre counts it
//! once.
//!
//! A family's identity is minted by the kiosk that enrolled it: its `uid`, 16 random bytes in
//! lower-case hex, carried in every `family` row the kiosk sends. The centre sends each kiosk the
//! families its КЦСОН's other kiosks hold, with only what a colleague needs to recognise and call
//! the family (surname, the parent's name, the phone): no children, consents or diagnostics.
//!
//! When two kiosks edited the same family, the last edit wins ([`Edit::supersedes`]); two edits
//! at the same second: the one made on the smaller device id. The rule is written here once; the
//! centre picks each family's latest record with it and the kiosk takes a record with it.
//! Two kiosks that enrolled one family separately keep two uids: nothing merges them by name.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::family::{NewFamily, PhoneNumber};

/// The hex digits of a family uid (16 bytes).
pub const UID_HEX: usize = 32;

/// One edit of a family: when (whole seconds, UTC) and on which kiosk (its device id, hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edit {
    pub at: DateTime<Utc>,
    /// The device id (lower-case hex) of the kiosk where the family was last edited.
    pub by: String,
}

impl Edit {
    /// Whether a record edited as `self` replaces one edited as `other`: the later edit wins;
    /// at the same second, the edit made on the smaller device id. The same edit supersedes
    /// nothing, so a record that comes back to the kiosk it was made on changes nothing.
    pub fn supersedes(&self, other: &Edit) -> bool {
        let at = |e: &Edit| e.at.timestamp();
        match at(self).cmp(&at(other)) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => {
                self.by.to_ascii_lowercase() < other.by.to_ascii_lowercase()
            }
        }
    }
}

/// A family as the centre passes it to the other kiosks of its КЦСОН.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedFamily {
    /// The family's identity, minted by the kiosk that enrolled it ([`UID_HEX`] hex digits).
    pub uid: String,
    pub surname: String,
    pub parent_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<PhoneNumber>,
    /// The family's last edit, as the record carries it.
    pub edited: Edit,
}

impl SharedFamily {
    /// The family as the kiosk keeps one (names cleaned and the phone checked as at enrolment).
    pub fn details(&self) -> Result<NewFamily, crate::DomainError> {
        NewFamily::new(
            &self.surname,
            &self.parent_name,
            self.phone.as_ref().map(PhoneNumber::as_str),
        )
    }
}

/// Why a list of shared families cannot be sent or taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FamilyProblem {
    #[error("the shared family «{0}» has no valid id ({UID_HEX} lower-case hex digits): the kiosk that sent it must be updated; publish again without it")]
    Uid(String),
    #[error(
        "the shared family «{0}» is listed twice: the centre must send its latest record only"
    )]
    Twice(String),
    #[error("the shared family «{uid}»: {problem}")]
    Details { uid: String, problem: String },
    #[error(
        "the shared family «{0}» names no kiosk that edited it: the centre must send the device id"
    )]
    Editor(String),
}

/// A uid as a kiosk mints it: [`UID_HEX`] lower-case hex digits.
pub fn allowed_uid(uid: &str) -> bool {
    uid.len() == UID_HEX
        && uid
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Checks each shared family: its uid, its details as the kiosk would take them, once each.
pub fn check(families: &[SharedFamily]) -> Result<(), FamilyProblem> {
    let mut seen = BTreeSet::new();
    for f in families {
        if !allowed_uid(&f.uid) {
            return Err(FamilyProblem::Uid(f.uid.clone()));
        }
        if !seen.insert(f.uid.as_str()) {
            return Err(FamilyProblem::Twice(f.uid.clone()));
        }
        if f.edited.by.is_empty() || !f.edited.by.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(FamilyProblem::Editor(f.uid.clone()));
        }
        f.details().map_err(|e| FamilyProblem::Details {
            uid: f.uid.clone(),
            problem: e.to_string(),
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn edit(t: &str, by: &str) -> Edit {
        Edit {
            at: at(t),
            by: by.into(),
        }
    }

    fn family(uid: &str) -> SharedFamily {
        SharedFamily {
            uid: uid.into(),
            surname: "Галиева".into(),
            parent_name: "Галиева Алсу Ринатовна".into(),
            phone: Some(PhoneNumber::parse("8 917 123-45-67").unwrap()),
            edited: edit("2026-03-02T09:00:00Z", "aa"),
        }
    }

    const UID: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn the_later_edit_wins_whichever_kiosk_made_it() {
        let early = edit("2026-03-02T09:00:00Z", "00");
        let late = edit("2026-03-02T09:00:01Z", "ff");
        assert!(late.supersedes(&early));
        assert!(!early.supersedes(&late));
    }

    #[test]
    fn at_the_same_second_the_edit_of_the_smaller_device_id_wins() {
        let a = edit("2026-03-02T09:00:00Z", "0a");
        let b = edit("2026-03-02T09:00:00.900Z", "0B");
        assert!(a.supersedes(&b));
        assert!(
            !b.supersedes(&a),
            "fractions of a second do not count, case does not either"
        );
    }

    #[test]
    fn the_same_edit_supersedes_nothing() {
        let a = edit("2026-03-02T09:00:00Z", "0a");
        assert!(!a.supersedes(&a.clone()));
    }

    #[test]
    fn a_family_goes_through_json_unchanged_and_carries_no_child() {
        let f = family(UID);
        let json = serde_json::to_string(&f).unwrap();
        assert!(!json.contains("child"), "{json}");
        assert_eq!(serde_json::from_str::<SharedFamily>(&json).unwrap(), f);
        assert_eq!(check(&[f]), Ok(()));
    }

    #[test]
    fn bad_ids_twice_listed_families_and_bad_details_are_refused() {
        assert_eq!(
            check(&[family("XYZ")]),
            Err(FamilyProblem::Uid("XYZ".into()))
        );
        let upper = UID.to_ascii_uppercase();
        assert_eq!(
            check(&[family(&upper)]),
            Err(FamilyProblem::Uid(upper.clone()))
        );
        assert_eq!(
            check(&[family(UID), family(UID)]),
            Err(FamilyProblem::Twice(UID.into()))
        );
        let mut nameless = family(UID);
        nameless.surname = " ".into();
        assert!(matches!(
            check(&[nameless]),
            Err(FamilyProblem::Details { .. })
        ));
        let mut anonymous = family(UID);
        anonymous.edited.by = String::new();
        assert_eq!(check(&[anonymous]), Err(FamilyProblem::Editor(UID.into())));
        let unknown = serde_json::to_string(&family(UID))
            .unwrap()
            .replace("\"uid\"", "\"children\":[],\"uid\"");
        assert!(
            serde_json::from_str::<SharedFamily>(&unknown).is_err(),
            "nothing else is taken"
        );
    }
}
