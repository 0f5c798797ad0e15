//! The facilitator is neutral: not the psychologist who leads the own therapy of one of the
//! case's children. Such a conflict is refused unless an administrator allows it with a
//! written reason; the exception is kept with the case as a disclosure.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::family::ChildId;
use crate::staff::StaffId;

use super::RestorativeRefusal;

/// Who leads each child's own therapy: (child, psychologist) pairs, as the store holds them.
pub type TherapyLeads = BTreeSet<(ChildId, StaffId)>;

/// An administrator's exception to the neutrality rule. `by_admin` is whether `by` holds the
/// administrator role (the store knows roles; the domain takes its word).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    pub by: StaffId,
    pub by_admin: bool,
    pub reason: String,
}

impl Override {
    /// Only an administrator may allow a conflict, and only with a reason written down.
    pub fn check(&self) -> Result<(), RestorativeRefusal> {
        if !self.by_admin {
            return Err(RestorativeRefusal::OverrideNotByAdmin { by: self.by });
        }
        if self.reason.trim().is_empty() {
            return Err(RestorativeRefusal::OverrideWithoutReason);
        }
        Ok(())
    }
}

/// A conflict of interest that an administrator allowed: kept with the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    pub facilitator: StaffId,
    pub child: ChildId,
    pub by: StaffId,
    pub reason: String,
}

/// The children among `children` whose own therapy `facilitator` leads, sorted.
pub fn conflicts(facilitator: StaffId, children: &[ChildId], leads: &TherapyLeads) -> Vec<ChildId> {
    let mut found: Vec<ChildId> = children
        .iter()
        .copied()
        .filter(|c| leads.contains(&(*c, facilitator)))
        .collect();
    found.sort();
    found.dedup();
    found
}

/// Whether `facilitator` may lead a case with `children`. With no conflict, nothing to disclose
/// (an override given anyway is not looked at); with one, refused naming the first child unless
/// `override_` passes [`Override::check`], and then the disclosures to keep, one per child.
pub fn check_facilitator(
    facilitator: StaffId,
    children: &[ChildId],
    leads: &TherapyLeads,
    override_: Option<&Override>,
) -> Result<Vec<Disclosure>, RestorativeRefusal> {
    let found = conflicts(facilitator, children, leads);
    let Some(first) = found.first() else {
        return Ok(Vec::new());
    };
    let Some(o) = override_ else {
        return Err(RestorativeRefusal::FacilitatorLeadsTherapy { child: *first });
    };
    o.check()?;
    Ok(found
        .into_iter()
        .map(|child| Disclosure {
            facilitator,
            child,
            by: o.by,
            reason: o.reason.trim().to_owned(),
        })
        .collect())
}
