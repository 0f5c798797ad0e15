//! What the data-requests screen shows, read on the store thread and turned into the screen's
//! rows here: the families (with the last day to erase a withdrawn child), the chosen family's
//! children and their consent, and the audit trail with names put back where the log has ids.

use std::collections::HashMap;

use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use crate::app::{
    AppWindow, AuditLine, ConsentStanding, DataChild, DataFamily, DataRequestsAdapter,
};
use crate::domain::{Child, Family, FamilyId};
use crate::store::{AwaitingErasure, ConsentState, Store, StoreError};

/// The audit events this screen lists: the data subject's rights, not sign-ins.
const EVENTS: [&str; 4] = ["consent_withdrawn", "erased", "exported", "results_opened"];

/// How many audit entries are read back.
const AUDIT_READ: usize = 2000;

/// Everything the screen shows, read in one store call.
pub(super) struct Loaded {
    pub(super) families: Vec<(Family, Vec<Child>)>,
    pub(super) awaiting: Vec<AwaitingErasure>,
    pub(super) chosen: Option<(Family, Vec<(Child, ConsentState)>)>,
    pub(super) audit: Vec<AuditLine>,
}

pub(super) fn read(s: &Store, chosen: Option<FamilyId>) -> Result<Loaded, StoreError> {
    let mut families = Vec::new();
    for f in s.families()? {
        let children = s.children_of(f.id)?;
        families.push((f, children));
    }
    let chosen = match chosen.and_then(|id| families.iter().find(|(f, _)| f.id == id)) {
        Some((f, children)) => {
            let mut with = Vec::new();
            for c in children {
                with.push((c.clone(), s.consent_state(c.id)?));
            }
            Some((f.clone(), with))
        }
        None => None,
    };
    let staff: HashMap<i64, String> = s
        .staff_cards()?
        .into_iter()
        .map(|c| (c.id.0, c.member.list_name()))
        .collect();
    let names = names_by_id(&families);
    let audit = s
        .audit_entries(AUDIT_READ)?
        .into_iter()
        .filter(|e| EVENTS.contains(&e.event.as_str()))
        .take(50)
        .map(|e| AuditLine {
            at: local_time(&e.at).into(),
            who: e
                .staff
                .and_then(|s| staff.get(&s.0).cloned())
                .unwrap_or_default()
                .into(),
            event: e.event.as_str().into(),
            detail: readable(&e.detail, &names).into(),
        })
        .collect();
    Ok(Loaded {
        families,
        awaiting: s.awaiting_erasure()?,
        chosen,
        audit,
    })
}

/// `family=3` and `child=7` → their names, while they are still kept; «№7» once erased.
fn names_by_id(families: &[(Family, Vec<Child>)]) -> HashMap<String, String> {
    let mut names = HashMap::new();
    for (f, children) in families {
        names.insert(format!("family={}", f.id.0), f.details.surname.clone());
        for c in children {
            names.insert(
                format!("child={}", c.id.0),
                format!("{} {}", c.details.first_name, c.details.surname),
            );
        }
    }
    names
}

fn readable(detail: &str, names: &HashMap<String, String>) -> String {
    detail
        .split(' ')
        .map(|part| {
            names.get(part).cloned().unwrap_or_else(|| {
                part.split_once('=')
                    .map_or_else(|| part.to_owned(), |(_, id)| format!("№{id}"))
            })
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// An audit entry's UTC stamp as the kiosk's local date and time.
fn local_time(at: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(at) {
        Ok(t) => {
            let t = t.with_timezone(&chrono::Utc);
            format!(
                "{} {}",
                date(crate::app::clock::local_date(t)),
                crate::app::clock::local_hh_mm(t)
            )
        }
        Err(_) => at.to_owned(),
    }
}

fn date(d: chrono::NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

pub(super) fn show(ui: &AppWindow, l: &Loaded, chosen: Option<FamilyId>) {
    let a = ui.global::<DataRequestsAdapter>();
    let families: Vec<DataFamily> = l
        .families
        .iter()
        .map(|(f, children)| DataFamily {
            id: f.id.0 as i32,
            surname: f.details.surname.as_str().into(),
            parent: f.details.parent_name.as_str().into(),
            children: children
                .iter()
                .map(|c| c.details.first_name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
                .into(),
            erase_by: l
                .awaiting
                .iter()
                .filter(|w| w.family == f.id)
                .map(|w| w.erase_by)
                .min()
                .map(date)
                .unwrap_or_default()
                .into(),
            chosen: Some(f.id) == chosen,
        })
        .collect();
    a.set_families(ModelRc::new(VecModel::from(families)));
    a.set_audit(ModelRc::new(VecModel::from(l.audit.clone())));
    match &l.chosen {
        Some((f, children)) => {
            a.set_family_chosen(true);
            a.set_family_name(format!("{} ({})", f.details.surname, f.details.parent_name).into());
            a.set_family_phone(
                f.details
                    .phone
                    .as_ref()
                    .map_or_else(SharedString::new, |p| p.as_str().into()),
            );
            let rows: Vec<DataChild> = children
                .iter()
                .map(|(c, consent)| child_row(c, consent))
                .collect();
            a.set_children(ModelRc::new(VecModel::from(rows)));
        }
        None => {
            a.set_family_chosen(false);
            a.set_family_name(SharedString::new());
            a.set_family_phone(SharedString::new());
            a.set_children(ModelRc::default());
        }
    }
}

fn child_row(c: &Child, consent: &ConsentState) -> DataChild {
    let (standing, withdrawn_on, erase_by) = match consent {
        ConsentState::Given { .. } => (ConsentStanding::Given, String::new(), String::new()),
        ConsentState::Missing => (ConsentStanding::Missing, String::new(), String::new()),
        ConsentState::Withdrawn { at, erase_by } => (
            ConsentStanding::Withdrawn,
            date(crate::app::clock::local_date(*at)),
            date(*erase_by),
        ),
    };
    DataChild {
        id: c.id.0 as i32,
        name: format!("{} {}", c.details.first_name, c.details.surname).into(),
        born: date(c.details.birth_date).into(),
        consent: standing,
        withdrawn_on: withdrawn_on.into(),
        erase_by: erase_by.into(),
    }
}

/// The name of child `id` in the chosen family, for the confirmations.
pub(super) fn child_name(ui: &AppWindow, id: i32) -> Option<SharedString> {
    use slint::Model;
    let a = ui.global::<DataRequestsAdapter>();
    a.get_children().iter().find(|c| c.id == id).map(|c| c.name)
}
