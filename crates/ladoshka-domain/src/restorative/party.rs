//! Who takes part in a case and in what role. A child (the rooms serve children up to 17) is a
//! minor, so a child's consent and signature need a legal representative's as well; an adult
//! speaks and signs for themself.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::family::{ChildId, FamilyId};

use super::{PartyId, PartyRole, ProgrammeKind, RestorativeRefusal};

/// The person behind a party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyWho {
    /// An enrolled child: a minor.
    Child(ChildId),
    /// An adult of an enrolled family, by full name.
    Adult { family: FamilyId, name: String },
}

/// A child's legal representative (a parent, a guardian, the guardianship body), who signs the
/// consent and the agreement with the child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Representative {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub id: PartyId,
    pub who: PartyWho,
    pub role: PartyRole,
    /// A child's legal representatives (at least one); always empty for an adult.
    pub representatives: Vec<Representative>,
}

/// Spaces collapsed; `None` when nothing is left.
fn clean(text: &str) -> Option<String> {
    let cleaned = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!cleaned.is_empty()).then_some(cleaned)
}

impl Party {
    /// A party with its names tidied. A child needs at least one named representative; an
    /// adult has none and needs a name.
    pub fn new(
        id: PartyId,
        who: PartyWho,
        role: PartyRole,
        representatives: Vec<Representative>,
    ) -> Result<Self, RestorativeRefusal> {
        let blank = RestorativeRefusal::BlankName { party: id };
        let who = match who {
            PartyWho::Child(child) => PartyWho::Child(child),
            PartyWho::Adult { family, name } => PartyWho::Adult {
                family,
                name: clean(&name).ok_or(blank.clone())?,
            },
        };
        let representatives = representatives
            .iter()
            .map(|r| clean(&r.name).map(|name| Representative { name }))
            .collect::<Option<Vec<_>>>()
            .ok_or(blank)?;
        match who {
            PartyWho::Child(_) if representatives.is_empty() => {
                Err(RestorativeRefusal::NoRepresentative { party: id })
            }
            PartyWho::Adult { .. } if !representatives.is_empty() => {
                Err(RestorativeRefusal::NotAMinor { party: id })
            }
            _ => Ok(Self {
                id,
                who,
                role,
                representatives,
            }),
        }
    }

    /// A child is a minor: their consent and signature need a representative's too.
    pub fn is_minor(&self) -> bool {
        matches!(self.who, PartyWho::Child(_))
    }

    pub fn child(&self) -> Option<ChildId> {
        match self.who {
            PartyWho::Child(child) => Some(child),
            PartyWho::Adult { .. } => None,
        }
    }
}

/// Whether `parties` can run a programme of `kind`: at least two, no party or child twice, and
/// for mediation and shuttle someone harmed and someone who caused the harm.
pub fn check_parties(kind: ProgrammeKind, parties: &[Party]) -> Result<(), RestorativeRefusal> {
    let mut ids = BTreeSet::new();
    let mut children = BTreeSet::new();
    for p in parties {
        if !ids.insert(p.id) || p.child().is_some_and(|c| !children.insert(c)) {
            return Err(RestorativeRefusal::DuplicateParty { party: p.id });
        }
    }
    let has = |role| parties.iter().any(|p| p.role == role);
    let needs = match kind {
        ProgrammeKind::Mediation | ProgrammeKind::Shuttle
            if !(has(PartyRole::Harmed) && has(PartyRole::CausedHarm)) =>
        {
            Some("a harmed party and a party who caused the harm")
        }
        _ if parties.len() < 2 => Some("at least two parties"),
        _ => None,
    };
    match needs {
        Some(needs) => Err(RestorativeRefusal::PartiesDoNotFit {
            kind: kind.key(),
            needs,
        }),
        None => Ok(()),
    }
}
