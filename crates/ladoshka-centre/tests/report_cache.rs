//! The console's indicators (folded once, then only what is new) give exactly the text of
//! `report indicators` (every row folded each time), after new rows from one kiosk, rows from a
//! second, and an erasure that must take rows out of the figures.

mod common;

use common::{CentreExt, Kiosk};
use ladoshka_centre::report::{indicators, Format, Request};
use ladoshka_centre::store::Via;
use ladoshka_centre_testing::{kiosk_rows, TestCentre};
use ladoshka_seal::{raw_body, OutboxRow};

fn request() -> Request {
    common::november(Format::Csv)
}

fn same_as_the_cli(c: &TestCentre) -> String {
    let cached = c.centre.indicators(&request()).unwrap();
    let full = indicators(c.centre.store(), &request()).unwrap();
    assert_eq!(cached.text, full.text);
    assert_eq!((cached.rows, cached.devices), (full.rows, full.devices));
    cached.text
}

#[test]
fn the_kept_fold_gives_the_reports_text_after_new_rows_and_after_an_erasure() {
    let c = TestCentre::new();
    let (mut a, mut b): (Kiosk, Kiosk) = (c.enrolled_kiosk(), c.enrolled_kiosk());
    let rows = kiosk_rows(30);
    let receive = |bundle: Vec<u8>| c.centre.receive(&bundle, Via::Usb).unwrap();

    receive(a.next_of(&rows[..150]));
    let first = same_as_the_cli(&c);
    receive(a.next_of(&rows[150..]));
    receive(b.next_of(&rows[..120]));
    let more = same_as_the_cli(&c);
    assert_ne!(first, more, "the new rows count");
    assert_eq!(c.centre.indicators(&request()).unwrap().rows, 420);

    // Kiosk A erases family 1 and its children: their rows leave the figures.
    let erasure = OutboxRow {
        seq: 0,
        kind: "erasure.insert".into(),
        body: raw_body(&serde_json::json!({
            "entity_id": 1,
            "data": { "id": 1, "record": { "entities": { "family": [1], "child": [1, 2] } } }
        })),
        created_at: "2026-11-30T12:00:00Z".into(),
    };
    receive(a.next_of(&[erasure]));
    let after = same_as_the_cli(&c);
    assert_ne!(after, more, "the erased family no longer counts");
}
