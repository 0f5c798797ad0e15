//! Outbox rows shaped as a kiosk writes them (families, children, sessions run to the end,
//! audit lines), for tests and benchmarks that need many rows the indicators count.

use ladoshka_seal::{raw_body, OutboxRow};
use serde_json::json;

/// Rows per family made by [`kiosk_rows`].
pub const ROWS_PER_FAMILY: usize = 10;

/// `families` families' worth of rows, numbered from 1: each a family, two children (one in a
/// life situation), a family session that was held, and audit lines; spread over November 2026.
pub fn kiosk_rows(families: usize) -> Vec<OutboxRow> {
    let mut rows = Vec::with_capacity(families * ROWS_PER_FAMILY);
    let mut push = |kind: &str, id: usize, record: serde_json::Value, at: &str| {
        rows.push(OutboxRow {
            seq: rows.len() as u64 + 1,
            kind: kind.into(),
            body: raw_body(&json!({ "entity_id": id, "data": { "id": id, "record": record } })),
            created_at: at.into(),
        });
    };
    for f in 1..=families {
        let day = 2 + f % 27;
        let at = format!("2026-11-{day:02}T09:{:02}:00Z", f % 60);
        let (c1, c2) = (2 * f - 1, 2 * f);
        push("family.insert", f, json!({ "surname": "Иванова" }), &at);
        push(
            "child.insert",
            c1,
            json!({ "family": f, "first_name": "Аня", "situations": ["LossOfParents"] }),
            &at,
        );
        push(
            "child.insert",
            c2,
            json!({ "family": f, "first_name": "Тимур", "situations": [] }),
            &at,
        );
        push(
            "session.insert",
            f,
            json!({ "room": 1, "psychologist": 1, "kind": "family_reconciliation",
                    "starts_at": format!("2026-11-{day:02}T10:00:00Z"), "minutes": 45,
                    "participants": [c1, c2] }),
            &at,
        );
        push("session_state.update", f, json!("arrived"), &at);
        push(
            "session_state.update",
            f,
            json!({ "state": "in_progress", "reason": null, "by": 1 }),
            &at,
        );
        push(
            "session_state.update",
            f,
            json!({ "state": "done", "reason": null, "by": 1 }),
            &at,
        );
        for a in 0..3 {
            push("audit.insert", 3 * f + a, json!([1, "sign_in"]), &at);
        }
    }
    rows
}
