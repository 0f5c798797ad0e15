//! The rooms a kiosk can stand in. Each kind of room has its own public flow: check-in for
//! play therapy and reconciliation, the rental desk for social rental.

use serde::{Deserialize, Serialize};

use super::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RoomId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoomKind {
    /// Игротерапевтический кабинет.
    PlayTherapy,
    /// Кабинет примирения и согласия.
    Reconciliation,
    /// Кабинет социального проката.
    Rental,
}

impl RoomKind {
    pub const ALL: [RoomKind; 3] = [
        RoomKind::PlayTherapy,
        RoomKind::Reconciliation,
        RoomKind::Rental,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RoomKind::PlayTherapy => "play_therapy",
            RoomKind::Reconciliation => "reconciliation",
            RoomKind::Rental => "rental",
        }
    }

    pub fn from_key(key: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|k| k.key() == key)
            .ok_or_else(|| DomainError::Unknown {
                what: "room kind",
                value: key.into(),
            })
    }

    /// Whether psychologists hold sessions here (and so children check in).
    pub fn holds_sessions(self) -> bool {
        matches!(self, RoomKind::PlayTherapy | RoomKind::Reconciliation)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewRoom {
    pub name: String,
    pub kind: RoomKind,
}

impl NewRoom {
    pub fn new(name: &str, kind: RoomKind) -> Result<Self, DomainError> {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(DomainError::Empty { field: "room name" });
        }
        // Room names carry numbers and quotes («Радуга», Кабинет № 12), but no markup.
        let allowed = |c: char| c.is_alphanumeric() || " -'’«»\"№.,()".contains(c);
        if !name.chars().all(allowed) || name.chars().count() > 80 {
            return Err(DomainError::BadName {
                field: "room name",
                value: name,
            });
        }
        Ok(Self { name, kind })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Room {
    pub id: RoomId,
    pub details: NewRoom,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_sessions_only_in_therapy_rooms() {
        for k in RoomKind::ALL {
            assert_eq!(RoomKind::from_key(k.key()).unwrap(), k);
        }
        assert!(RoomKind::PlayTherapy.holds_sessions());
        assert!(RoomKind::Reconciliation.holds_sessions());
        assert!(!RoomKind::Rental.holds_sessions());
        assert!(RoomKind::from_key("gym").is_err());
    }

    #[test]
    fn room_names() {
        assert_eq!(
            NewRoom::new("  Кабинет   12 ", RoomKind::Rental)
                .unwrap()
                .name,
            "Кабинет 12"
        );
        assert!(NewRoom::new("Кабинет № 3", RoomKind::PlayTherapy).is_ok());
        assert!(NewRoom::new("Игротерапия «Радуга»", RoomKind::PlayTherapy).is_ok());
        assert!(NewRoom::new(" ", RoomKind::PlayTherapy).is_err());
        assert!(NewRoom::new("Кабинет <b>", RoomKind::PlayTherapy).is_err());
    }
}
