//! A bundle's plaintext: the outbox rows it carries, as JSON.
//!
//! The rows must be exactly the header's range: `first_seq`, `first_seq + 1`, …, `last_seq`, in
//! order, none missing or doubled. Both ends check it: the kiosk before sealing, the centre after
//! opening (the header is authenticated, so a payload that disagrees with it is a kiosk bug).
//!
//! A row's body travels as the JSON text it was written in ([`RawValue`]): the kiosk puts its
//! stored payload in without parsing it into a tree, the centre keeps the text it received.
//! The wire format is the same JSON as when bodies were `serde_json::Value`s (only the order of
//! an object's keys and its whitespace may differ, which no JSON reader minds), so bundles from
//! older kiosks import here and these bundles import at an older centre.

use serde_json::value::RawValue;

use crate::header::BundleHeader;

/// One outbox row, as the kiosk's store recorded it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct OutboxRow {
    pub seq: u64,
    /// What changed, e.g. `"check_in.insert"`.
    pub kind: String,
    /// The change itself: any JSON value, as text (checked to be JSON when it is read).
    pub body: Box<RawValue>,
    /// When it was recorded on the kiosk (RFC 3339 text).
    pub created_at: String,
}

/// Two rows are the same when their fields are, the body compared as text.
impl PartialEq for OutboxRow {
    fn eq(&self, other: &Self) -> bool {
        self.seq == other.seq
            && self.kind == other.kind
            && self.body.get() == other.body.get()
            && self.created_at == other.created_at
    }
}

/// The body text of `value` (compact JSON), for rows made from a parsed value.
pub fn raw_body(value: &serde_json::Value) -> Box<RawValue> {
    // A `Value` always serialises: its keys are strings and its numbers finite.
    serde_json::value::to_raw_value(value).expect("a JSON value serialises")
}

/// Why rows and a header disagree, or a payload is not rows.
#[derive(Debug, thiserror::Error)]
pub enum PayloadError {
    #[error("no rows for the bundle's range {first}..={last}: a bundle carries at least one row")]
    NoRows { first: u64, last: u64 },

    #[error(
        "row {index} has sequence number {found}, expected {expected}: the rows must run \
         without gaps or repeats from the header's first sequence number"
    )]
    UnexpectedSeq {
        index: usize,
        expected: u64,
        found: u64,
    },

    #[error(
        "the rows end at sequence number {rows_last}, but the header says {header_last}: \
         the rows and the header disagree"
    )]
    LastMismatch { rows_last: u64, header_last: u64 },

    #[error("the payload is not a JSON list of outbox rows ({0}); the bundle cannot be imported")]
    Json(#[from] serde_json::Error),
}

/// Checks that `rows` are exactly `header.first_seq..=header.last_seq`, in order.
pub fn check_rows(header: &BundleHeader, rows: &[OutboxRow]) -> Result<(), PayloadError> {
    let (first, last) = (header.first_seq, header.last_seq);
    let Some(last_row) = rows.last() else {
        return Err(PayloadError::NoRows { first, last });
    };
    let mut expected = Some(first);
    for (index, row) in rows.iter().enumerate() {
        match expected {
            Some(seq) if seq == row.seq => expected = seq.checked_add(1),
            // Past u64::MAX (expected None) nothing can follow.
            _ => {
                return Err(PayloadError::UnexpectedSeq {
                    index,
                    expected: expected.unwrap_or(u64::MAX),
                    found: row.seq,
                })
            }
        }
    }
    if last_row.seq != last {
        return Err(PayloadError::LastMismatch {
            rows_last: last_row.seq,
            header_last: last,
        });
    }
    Ok(())
}

/// The payload for a bundle: `rows` as a JSON list, after [`check_rows`].
pub fn encode_rows(header: &BundleHeader, rows: &[OutboxRow]) -> Result<Vec<u8>, PayloadError> {
    check_rows(header, rows)?;
    Ok(serde_json::to_vec(rows)?)
}

/// The rows of an opened bundle's payload, after [`check_rows`].
pub fn decode_rows(header: &BundleHeader, payload: &[u8]) -> Result<Vec<OutboxRow>, PayloadError> {
    let rows: Vec<OutboxRow> = serde_json::from_slice(payload)?;
    check_rows(header, &rows)?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::header::FORMAT_VERSION;

    fn header(first: u64, last: u64) -> BundleHeader {
        BundleHeader {
            format_version: FORMAT_VERSION,
            device_id: [0; 16],
            device_key_id: [0; 8],
            centre_key_id: [0; 8],
            bundle_id: [0; 16],
            first_seq: first,
            last_seq: last,
            prev_bundle_hash: [0; 32],
        }
    }

    fn rows(seqs: &[u64]) -> Vec<OutboxRow> {
        seqs.iter()
            .map(|&seq| OutboxRow {
                seq,
                kind: "check_in.insert".into(),
                body: raw_body(&serde_json::json!({ "child": seq, "name": "Алиса" })),
                created_at: "2026-03-01T10:00:00+03:00".into(),
            })
            .collect()
    }

    #[test]
    fn rows_round_trip_through_json() {
        let h = header(7, 9);
        let payload = encode_rows(&h, &rows(&[7, 8, 9])).unwrap();
        assert_eq!(decode_rows(&h, &payload).unwrap(), rows(&[7, 8, 9]));
    }

    #[test]
    fn rows_that_are_not_the_headers_range_are_refused() {
        let h = header(7, 9);
        assert!(matches!(
            check_rows(&h, &[]),
            Err(PayloadError::NoRows { .. })
        ));
        assert!(matches!(
            check_rows(&h, &rows(&[7, 9])),
            Err(PayloadError::UnexpectedSeq {
                index: 1,
                expected: 8,
                found: 9
            })
        ));
        assert!(matches!(
            check_rows(&h, &rows(&[7, 7, 8, 9])),
            Err(PayloadError::UnexpectedSeq { index: 1, .. })
        ));
        assert!(matches!(
            check_rows(&h, &rows(&[6, 7, 8, 9])),
            Err(PayloadError::UnexpectedSeq { index: 0, .. })
        ));
        assert!(matches!(
            check_rows(&h, &rows(&[7, 8])),
            Err(PayloadError::LastMismatch { .. })
        ));
        assert!(matches!(
            check_rows(&h, &rows(&[7, 8, 9, 10])),
            Err(PayloadError::LastMismatch { .. })
        ));
        assert!(matches!(
            decode_rows(&h, b"{\"rows\":1}"),
            Err(PayloadError::Json(_))
        ));
    }

    /// A row as it was before bodies were raw text: a parsed `Value` (an older kiosk or centre).
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct ValueRow {
        seq: u64,
        kind: String,
        body: serde_json::Value,
        created_at: String,
    }

    #[test]
    fn a_mixed_fleet_reads_each_others_payloads() {
        let h = header(7, 8);
        // An older kiosk wrote its bodies from `Value`s (keys sorted): they read here as the
        // same JSON, and the text kept is exactly the text it sent.
        let old: Vec<ValueRow> = (7..=8)
            .map(|seq| ValueRow {
                seq,
                kind: "rental_item.insert".into(),
                body: serde_json::json!({
                    "entity_id": seq,
                    "data": { "id": seq, "record": { "name": "ХОД-«7»\n", "n": [1, 2.5, null] } }
                }),
                created_at: "2026-03-01T10:00:00+03:00".into(),
            })
            .collect();
        let from_old = decode_rows(&h, &serde_json::to_vec(&old).unwrap()).unwrap();
        for (o, n) in old.iter().zip(&from_old) {
            assert_eq!(
                (n.seq, &n.kind, &n.created_at),
                (o.seq, &o.kind, &o.created_at)
            );
            assert_eq!(n.body.get(), o.body.to_string());
        }
        // This kiosk writes a body around the stored text, in that text's own key order: an
        // older centre reads the same values from it.
        let new: Vec<OutboxRow> = (7..=8)
            .map(|seq| OutboxRow {
                seq,
                kind: "rental_item.insert".into(),
                body: RawValue::from_string(format!(
                    r#"{{"data":{{"id":{seq},"record":{{"n":[1,2.5,null],"name":"ХОД-«7»\n"}}}},"entity_id":{seq}}}"#
                ))
                .unwrap(),
                created_at: "2026-03-01T10:00:00+03:00".into(),
            })
            .collect();
        let at_old: Vec<ValueRow> =
            serde_json::from_slice(&encode_rows(&h, &new).unwrap()).unwrap();
        assert_eq!(at_old, old);
    }

    #[test]
    fn a_body_that_is_not_json_is_refused() {
        let h = header(1, 1);
        let payload = br#"[{"seq":1,"kind":"k","body":{"a":},"created_at":""}]"#;
        assert!(matches!(
            decode_rows(&h, payload),
            Err(PayloadError::Json(_))
        ));
    }

    #[test]
    fn the_end_of_the_sequence_space_does_not_overflow() {
        let h = header(u64::MAX - 1, u64::MAX);
        assert!(check_rows(&h, &rows(&[u64::MAX - 1, u64::MAX])).is_ok());
        assert!(matches!(
            check_rows(&h, &rows(&[u64::MAX - 1, u64::MAX, 0])),
            Err(PayloadError::UnexpectedSeq { index: 2, .. })
        ));
    }
}
