//! The kiosks' outbox rows folded into the facts the indicators are computed from, the same
//! `Facts` and `RentalFacts` the kiosk reads from its own tables.
//!
//! Each kiosk numbers its own records: a child, family, session, route, item or loan id is a
//! row id in that kiosk's database, so the same number from two kiosks is two different
//! records, and nothing the rows carry says that a child enrolled on one kiosk is the child
//! enrolled on another. The fold therefore keeps every kiosk's records apart and gives each a
//! centre-wide id (the kiosk's place in the fold, then its own id). Families are the exception:
//! a family's rows carry the uid its enrolling kiosk minted, and a family counts once by it
//! across kiosks ([`families`]).
//!
//! A kiosk's rows are folded in sequence order: an insert makes a record, an update replaces
//! it or changes what it names (a session's state, a step done, a route closed, an item's
//! state), a delete removes it; the last state wins. Times are the row's own (the kiosk writes
//! the record and its row in one transaction at one instant), cut to whole seconds as the
//! kiosk's tables keep them. Only the kinds the indicators need are read; every other kind
//! (audit, consents, staff, rooms, check-ins, drawings, a child's answers and pause taps in a
//! restorative case…) is passed over. A restorative case's row carries the case's
//! `CaseFacts` whole (`record.facts`), as the kiosk counts them: the latest row of a case
//! replaces what came before. A needed row that
//! cannot be read is quarantined: [`Fold::add`] leaves it out, changes nothing, and returns why
//! (device, sequence number, kind and a reason that quotes none of the row's values, so no
//! personal data), and the report counts the rest and lists what it left out.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use ladoshka_indicators::domain::indicators::{ChildFacts, Facts, RouteFacts, SessionFacts};
use ladoshka_indicators::domain::rental_kinds::default_kinds;
use ladoshka_indicators::domain::rental_report::{ItemFacts, LoanFacts, RentalFacts};
use ladoshka_indicators::domain::restorative::{CaseFacts, CaseId};
use ladoshka_indicators::domain::{
    ChildId, ItemState, LifeSituation, RentalKind, SessionKind, SessionState,
};

/// A kiosk's own ids stay below this; the fold puts the kiosk's place above it.
const LOCAL_ID_LIMIT: i64 = 1 << 40;

/// A row the indicators need that could not be used: quarantined, left out of the figures.
/// The reason names fields and ids, never the row's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("row {seq} from device {device} ({kind}) was left out of the indicators: {reason}")]
pub struct FoldError {
    pub device: String,
    pub seq: u64,
    pub kind: String,
    pub reason: String,
}

#[derive(Debug, Clone)]
struct Child {
    family: i64,
    situations: Vec<LifeSituation>,
}

#[derive(Debug, Clone)]
struct Session {
    kind: SessionKind,
    state: SessionState,
    starts_at: DateTime<Utc>,
    participants: Vec<i64>,
}

#[derive(Debug, Clone)]
struct Route {
    child: i64,
    assigned_at: DateTime<Utc>,
    closed_at: Option<DateTime<Utc>>,
    improved: Option<bool>,
}

#[derive(Debug, Clone)]
struct Step {
    route: i64,
    done_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
struct Item {
    kind: RentalKind,
    state: ItemState,
}

#[derive(Debug, Clone)]
struct Loan {
    kind: RentalKind,
    family: i64,
    started_on: NaiveDate,
    due_on: NaiveDate,
    returned_on: Option<NaiveDate>,
    lost: bool,
}

/// One kiosk's records as its rows so far leave them.
#[derive(Debug, Default)]
struct Device {
    last_seq: u64,
    /// Rows folded from this kiosk.
    rows: u64,
    children: BTreeMap<i64, Child>,
    sessions: BTreeMap<i64, Session>,
    routes: BTreeMap<i64, Route>,
    /// The route inserted last: a step's row written before steps named their route follows
    /// its route's row in the same transaction.
    last_route: Option<i64>,
    steps: BTreeMap<i64, Step>,
    items: BTreeMap<i64, Item>,
    /// When each item was lent (its "lend" event), by event id.
    lends: BTreeMap<i64, DateTime<Utc>>,
    loans: BTreeMap<i64, Loan>,
    /// Each restorative case's facts as its latest row gives them, by case id.
    cases: BTreeMap<i64, CaseFacts>,
    /// The uid of each family whose rows named one, by the kiosk's family id.
    family_uids: BTreeMap<i64, String>,
}

// What the kiosk's rows carry (`src/store/*` on the kiosk); unknown fields are passed over.

#[derive(Deserialize)]
struct Body {
    entity_id: i64,
    data: Data,
}

#[derive(Deserialize)]
struct Data {
    #[serde(default)]
    record: serde_json::Value,
}

#[derive(Deserialize)]
struct ChildRecord {
    family: i64,
    #[serde(default)]
    situations: Vec<LifeSituation>,
}

#[derive(Deserialize)]
struct SessionRecord {
    kind: SessionKind,
    starts_at: DateTime<Utc>,
    participants: Vec<i64>,
}

/// A session's new state: `"arrived"` from a check-in, `{"state": …}` from staff.
#[derive(Deserialize)]
#[serde(untagged)]
enum StateRecord {
    Bare(String),
    Change { state: String },
}

#[derive(Deserialize)]
struct RouteRecord {
    child: i64,
}

#[derive(Deserialize)]
struct StepRecord {
    route: Option<i64>,
}

#[derive(Deserialize)]
struct ItemRecord {
    kind: RentalKind,
    state: ItemState,
}

#[derive(Deserialize)]
struct ItemChange {
    item: i64,
    event: String,
    to: ItemState,
}

#[derive(Deserialize)]
struct LoanRecord {
    item: i64,
    family: i64,
    started_on: NaiveDate,
    due_on: NaiveDate,
    returned_on: Option<NaiveDate>,
    lost: bool,
}

/// A restorative case's change: the case's facts after it (other fields are passed over).
#[derive(Deserialize)]
struct CaseRecord {
    facts: CaseFacts,
}

/// The rows of every kiosk, folded; [`Fold::facts`] gives what the indicators need.
#[derive(Debug, Default)]
pub struct Fold {
    /// By device id, in the order the devices came.
    devices: Vec<([u8; 16], Device)>,
    rows: u64,
}

fn read<T: DeserializeOwned>(record: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(record).map_err(|e| {
        format!(
            "its record is not what the kiosk writes ({})",
            serde_reason(&e)
        )
    })
}

/// What serde found wrong, without the value it found: its messages quote the offending value
/// (`invalid type: string "…"`), which may be a name. Field names are ours and are kept.
fn serde_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    for lead in ["missing field `", "unknown field `", "duplicate field `"] {
        if let Some(rest) = text.strip_prefix(lead) {
            if let Some(name) = rest.split('`').next() {
                return format!("{lead}{name}`");
            }
        }
    }
    if let Some((_, expected)) = text.split_once(", expected ") {
        // "invalid type: string \"…\", expected i64": keep only what was expected.
        let expected = expected.split(" at line").next().unwrap_or(expected);
        if !expected.contains('"') {
            return format!("a value of the wrong type or form where {expected} was expected");
        }
    }
    match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            "not well-formed JSON".into()
        }
        _ => "a value of the wrong type or form".into(),
    }
}

fn missing(what: &str, id: i64) -> String {
    format!("it names {what} {id}, which no earlier row of this kiosk created")
}

impl Fold {
    pub fn new() -> Self {
        Self::default()
    }

    /// Kiosks seen so far.
    pub fn devices(&self) -> usize {
        self.devices.len()
    }

    /// Rows seen so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// The last row folded from `device` (0: none).
    pub fn last_seq(&self, device: &[u8; 16]) -> u64 {
        self.devices
            .iter()
            .find(|(id, _)| id == device)
            .map_or(0, |(_, d)| d.last_seq)
    }

    /// Takes row `seq` of `device`. A device's rows must come in rising sequence order; rows of
    /// different devices may come in any order.
    pub fn add(
        &mut self,
        device: &[u8; 16],
        seq: u64,
        kind: &str,
        body: &str,
        created_at: &str,
    ) -> Result<(), FoldError> {
        let fail = |reason: String| FoldError {
            device: hex::encode(device),
            seq,
            kind: kind.to_string(),
            reason,
        };
        // A kiosk keeps its place in the fold (its records' centre-wide ids come from it), so
        // rows may come kiosk after kiosk, or later ones added to a fold already made.
        let place = match self.devices.iter().rposition(|(id, _)| id == device) {
            Some(place) => place,
            None => {
                self.devices.push((*device, Device::default()));
                self.devices.len() - 1
            }
        };
        let d = &mut self.devices[place].1;
        if seq <= d.last_seq {
            return Err(fail(format!(
                "it comes after row {}: rows must be folded in sequence order",
                d.last_seq
            )));
        }
        d.last_seq = seq;
        d.rows += 1;
        self.rows += 1;
        d.apply(kind, body, created_at).map_err(fail)
    }

    /// The facts of every kiosk together, each kiosk's ids kept apart.
    pub fn facts(&self) -> (Facts, RentalFacts) {
        self.facts_of(&|_| true)
    }

    /// Kiosks and rows among those `keep` says yes to.
    pub fn count_of(&self, keep: &dyn Fn(&[u8; 16]) -> bool) -> (usize, u64) {
        self.devices
            .iter()
            .filter(|(id, _)| keep(id))
            .fold((0, 0), |(n, rows), (_, d)| (n + 1, rows + d.rows))
    }

    /// The facts of the kiosks `keep` says yes to (one КЦСОН's, say), each kiosk's ids kept
    /// apart as in [`Fold::facts`].
    pub fn facts_of(&self, keep: &dyn Fn(&[u8; 16]) -> bool) -> (Facts, RentalFacts) {
        let mut facts = Facts {
            loans: Some(Vec::new()),
            ..Facts::default()
        };
        let mut rental = RentalFacts {
            kinds: default_kinds().kinds().collect(),
            ..RentalFacts::default()
        };
        let shared = families::FamilyIds::new(self.devices.iter().map(|(_, d)| &d.family_uids));
        for (place, (id, d)) in self.devices.iter().enumerate() {
            if !keep(id) {
                continue;
            }
            let g = |local: i64| (place as i64 + 1) * LOCAL_ID_LIMIT + local;
            let family = |local: i64| shared.id(&d.family_uids, local, g(local));
            facts
                .children
                .extend(d.children.iter().map(|(id, c)| ChildFacts {
                    child: ChildId(g(*id)),
                    family: family(c.family),
                    situations: c.situations.clone(),
                }));
            facts
                .sessions
                .extend(d.sessions.values().map(|s| SessionFacts {
                    kind: s.kind,
                    state: s.state,
                    starts_at: s.starts_at,
                    children: s.participants.iter().map(|c| ChildId(g(*c))).collect(),
                }));
            let mut done: BTreeMap<i64, Vec<DateTime<Utc>>> = BTreeMap::new();
            for s in d.steps.values() {
                if let Some(at) = s.done_at {
                    done.entry(s.route).or_default().push(at);
                }
            }
            facts
                .routes
                .extend(d.routes.iter().map(|(id, r)| RouteFacts {
                    child: ChildId(g(r.child)),
                    assigned_at: r.assigned_at,
                    closed_at: r.closed_at,
                    improved: r.improved,
                    steps_done_at: done.remove(id).unwrap_or_default(),
                }));
            if let Some(loans) = facts.loans.as_mut() {
                loans.extend(d.lends.values().copied());
            }
            rental.items.extend(d.items.values().map(|i| ItemFacts {
                kind: i.kind,
                state: i.state,
            }));
            rental.loans.extend(d.loans.values().map(|l| LoanFacts {
                kind: l.kind,
                family: family(l.family),
                started_on: l.started_on,
                due_on: l.due_on,
                returned_on: l.returned_on,
                lost: l.lost,
            }));
            facts.cases.extend(d.cases.iter().map(|(id, c)| CaseFacts {
                case: CaseId(g(*id)),
                ..c.clone()
            }));
        }
        (facts, rental)
    }
}

impl Device {
    fn apply(&mut self, kind: &str, body: &str, created_at: &str) -> Result<(), String> {
        let Some((entity, op)) = kind.rsplit_once('.') else {
            return Err("its kind is not «entity.op»".into());
        };
        if !matches!(
            entity,
            "child"
                | "family"
                | "session"
                | "session_state"
                | "route"
                | "route_step"
                | "route_step_done"
                | "route_closed"
                | "rental_item"
                | "rental_item_event"
                | "rental_loan"
                | "restorative_case"
        ) {
            return Ok(());
        }
        if !matches!(op, "insert" | "update" | "delete") {
            return Err(format!("«{op}» is not insert, update or delete"));
        }
        let body: Body = serde_json::from_str(body)
            .map_err(|e| format!("its body is not an outbox row's ({})", serde_reason(&e)))?;
        let id = body.entity_id;
        if !(0..LOCAL_ID_LIMIT).contains(&id) {
            return Err(format!("its id {id} is out of range"));
        }
        let at = DateTime::parse_from_rfc3339(created_at)
            .map_err(|_| "its time is not an RFC 3339 time".to_string())?
            .with_timezone(&Utc);
        // The kiosk's tables keep whole seconds.
        let at = DateTime::from_timestamp(at.timestamp(), 0).unwrap_or(at);
        let record = body.data.record;
        if op == "delete" {
            match entity {
                "child" => drop(self.children.remove(&id)),
                "family" => drop(self.family_uids.remove(&id)),
                "session" => drop(self.sessions.remove(&id)),
                "route" => drop(self.routes.remove(&id)),
                "route_step" => drop(self.steps.remove(&id)),
                "rental_item" => drop(self.items.remove(&id)),
                "rental_item_event" => drop(self.lends.remove(&id)),
                "rental_loan" => drop(self.loans.remove(&id)),
                "restorative_case" => drop(self.cases.remove(&id)),
                // A change of something else (a state, a step done) is not a record of its own.
                _ => {}
            }
            return Ok(());
        }
        match entity {
            "child" => {
                let c: ChildRecord = read(record)?;
                self.children.insert(
                    id,
                    Child {
                        family: c.family,
                        situations: c.situations,
                    },
                );
            }
            "family" => {
                // A row without a uid (an older kiosk's) leaves what an earlier row said.
                if let Some(uid) = families::uid_of(record)? {
                    self.family_uids.insert(id, uid);
                }
            }
            "session" => {
                let s: SessionRecord = read(record)?;
                let state = match self.sessions.get(&id) {
                    Some(old) => old.state,
                    None if op == "insert" => SessionState::Planned,
                    None => return Err(missing("session", id)),
                };
                self.sessions.insert(
                    id,
                    Session {
                        kind: s.kind,
                        state,
                        starts_at: DateTime::from_timestamp(s.starts_at.timestamp(), 0)
                            .unwrap_or(s.starts_at),
                        participants: s.participants,
                    },
                );
            }
            "session_state" => {
                let key = match read::<StateRecord>(record)? {
                    StateRecord::Bare(key) | StateRecord::Change { state: key } => key,
                };
                let state = SessionState::from_key(&key)
                    .map_err(|_| "its session state is not one this centre knows".to_string())?;
                self.sessions
                    .get_mut(&id)
                    .ok_or_else(|| missing("session", id))?
                    .state = state;
            }
            "route" => {
                let r: RouteRecord = read(record)?;
                let old = self.routes.get(&id);
                self.routes.insert(
                    id,
                    Route {
                        child: r.child,
                        assigned_at: old.map_or(at, |o| o.assigned_at),
                        closed_at: old.and_then(|o| o.closed_at),
                        improved: old.and_then(|o| o.improved),
                    },
                );
                self.last_route = Some(id);
            }
            "route_step" => {
                let s: StepRecord = read(record)?;
                let route = s
                    .route
                    .or(self.last_route)
                    .ok_or_else(|| "it names no route, and no route came before it".to_string())?;
                let done_at = self.steps.get(&id).and_then(|old| old.done_at);
                self.steps.insert(id, Step { route, done_at });
            }
            "route_step_done" => {
                self.steps
                    .get_mut(&id)
                    .ok_or_else(|| missing("route step", id))?
                    .done_at = Some(at);
            }
            "route_closed" => {
                // (improved, by): the family's answer first.
                let (improved, _by): (Option<bool>, serde_json::Value) = read(record)?;
                let route = self
                    .routes
                    .get_mut(&id)
                    .ok_or_else(|| missing("route", id))?;
                route.closed_at = Some(at);
                route.improved = improved;
            }
            "rental_item" => {
                let i: ItemRecord = read(record)?;
                self.items.insert(
                    id,
                    Item {
                        kind: i.kind,
                        state: i.state,
                    },
                );
            }
            "rental_item_event" => {
                let e: ItemChange = read(record)?;
                self.items
                    .get_mut(&e.item)
                    .ok_or_else(|| missing("rental item", e.item))?
                    .state = e.to;
                if e.event == "lend" {
                    self.lends.insert(id, at);
                }
            }
            "rental_loan" => {
                let l: LoanRecord = read(record)?;
                let kind = self
                    .items
                    .get(&l.item)
                    .ok_or_else(|| missing("rental item", l.item))?
                    .kind;
                self.loans.insert(
                    id,
                    Loan {
                        kind,
                        family: l.family,
                        started_on: l.started_on,
                        due_on: l.due_on,
                        returned_on: l.returned_on,
                        lost: l.lost,
                    },
                );
            }
            "restorative_case" => {
                let c: CaseRecord = read(record)?;
                self.cases.insert(id, c.facts);
            }
            _ => unreachable!("the kinds read are listed above"),
        }
        Ok(())
    }
}

mod families;

#[cfg(test)]
mod tests;
