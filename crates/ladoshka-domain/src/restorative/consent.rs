//! Taking part is voluntary. Each party's consent is recorded at their preliminary meeting (a
//! minor: the child's own «yes» and a legal representative's signature; an adult: their own
//! signature), and anyone may decline or withdraw at any moment — one event, which stops what
//! needs them (the joint meeting, signing the agreement). The record is a log: what came after
//! a party's last withdrawal is what counts, so a person who changes their mind back gives
//! their consent again in full.

use serde::{Deserialize, Serialize};

use crate::DomainError;

use super::{Party, PartyId, RestorativeRefusal};

/// One half of a minor's consent (an adult gives only the first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentPart {
    /// The person's own agreement: a child's «yes», an adult's signature.
    OwnYes,
    /// A legal representative's signature (minors only).
    RepresentativeSignature,
}

crate::session::keyed!(ConsentPart, "consent part",
    OwnYes => "own_yes", RepresentativeSignature => "representative_signature");

/// What was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentAct {
    Gave(ConsentPart),
    /// Declined or withdrew: the same event, whenever it happens.
    Withdrew,
}

impl ConsentAct {
    pub const ALL: [ConsentAct; 3] = [
        ConsentAct::Gave(ConsentPart::OwnYes),
        ConsentAct::Gave(ConsentPart::RepresentativeSignature),
        ConsentAct::Withdrew,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ConsentAct::Gave(part) => part.key(),
            ConsentAct::Withdrew => "withdrew",
        }
    }

    pub fn from_key(key: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|a| a.key() == key)
            .ok_or_else(|| DomainError::Unknown {
                what: "consent act",
                value: key.into(),
            })
    }
}

/// One entry of a case's consent log, in the order recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentEvent {
    pub party: PartyId,
    pub on: chrono::NaiveDate,
    pub act: ConsentAct,
}

/// Where one party stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    Consented,
    /// Declined or withdrew, and has not given full consent again since.
    Withdrawn,
    /// Not (yet) asked for these parts.
    Missing(Vec<ConsentPart>),
}

/// Where `party` stands after `log` (events of other parties are skipped).
pub fn standing(party: &Party, log: &[ConsentEvent]) -> Standing {
    let own: Vec<ConsentAct> = log
        .iter()
        .filter(|e| e.party == party.id)
        .map(|e| e.act)
        .collect();
    let last_withdrawal = own.iter().rposition(|a| *a == ConsentAct::Withdrew);
    let since = &own[last_withdrawal.map_or(0, |i| i + 1)..];
    let needed: &[ConsentPart] = if party.is_minor() {
        &[ConsentPart::OwnYes, ConsentPart::RepresentativeSignature]
    } else {
        &[ConsentPart::OwnYes]
    };
    let missing: Vec<ConsentPart> = needed
        .iter()
        .copied()
        .filter(|p| !since.contains(&ConsentAct::Gave(*p)))
        .collect();
    match (missing.is_empty(), last_withdrawal) {
        (true, _) => Standing::Consented,
        (false, Some(_)) => Standing::Withdrawn,
        (false, None) => Standing::Missing(missing),
    }
}

/// The gate before anything that needs everyone: nobody has withdrawn (the first who has is
/// named) and every party has consented in full (else every missing part, in party order).
pub fn consent_gate(parties: &[Party], log: &[ConsentEvent]) -> Result<(), RestorativeRefusal> {
    let mut missing = Vec::new();
    for p in parties {
        match standing(p, log) {
            Standing::Consented => {}
            Standing::Withdrawn => return Err(RestorativeRefusal::Withdrawn { party: p.id }),
            Standing::Missing(parts) => missing.extend(parts.into_iter().map(|part| (p.id, part))),
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(RestorativeRefusal::NotEveryoneConsented { missing })
    }
}
