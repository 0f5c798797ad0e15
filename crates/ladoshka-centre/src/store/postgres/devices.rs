//! Enrolment, the device lookups, the `devices` listing and revocation on PostgreSQL. The token
//! row is locked for the enrolment's transaction, so two servers never use one token twice.

use ladoshka_seal::{DeviceId, DevicePublicKey, DeviceStatus};
use r2d2_postgres::postgres::error::SqlState;
use r2d2_postgres::postgres::Client;

use crate::store::decide::{plan_enrol, EnrolFacts, EnrolPlan, EnrolledFacts, TokenFacts};
use crate::store::{
    device_id_from, hash_from, seq_from_sql, status_from, AckState, DeviceSummary, EnrolOutcome,
    EnrolRefusal, RevokeOutcome, StoreError,
};

pub(super) fn enrol(
    client: &mut Client,
    token_hash: &[u8; 32],
    device_id: &DeviceId,
    key: &DevicePublicKey,
    now: i64,
    reactivate: bool,
) -> Result<Result<EnrolOutcome, EnrolRefusal>, StoreError> {
    // Two new kiosks with the same device id at once: the second insert meets the first's
    // primary key, and is decided again with the first one's row in view.
    let mut attempt = 0;
    loop {
        match enrol_once(client, token_hash, device_id, key, now, reactivate) {
            Err(StoreError::Postgres(e))
                if e.code() == Some(&SqlState::UNIQUE_VIOLATION) && attempt < 2 =>
            {
                attempt += 1;
            }
            other => return other,
        }
    }
}

fn enrol_once(
    client: &mut Client,
    token_hash: &[u8; 32],
    device_id: &DeviceId,
    key: &DevicePublicKey,
    now: i64,
    reactivate: bool,
) -> Result<Result<EnrolOutcome, EnrolRefusal>, StoreError> {
    let mut tx = client.transaction()?;
    let token = tx
        .query_opt(
            "SELECT expires_at, used_at, used_by FROM tokens WHERE token_hash = $1 FOR UPDATE",
            &[&&token_hash[..]],
        )?
        .map(|r| TokenFacts {
            expires_at: r.get(0),
            used_at: r.get(1),
            used_by: r.get(2),
        });
    let device = tx
        .query_opt(
            "SELECT public_key, revoked_at FROM devices WHERE device_id = $1 FOR UPDATE",
            &[&&device_id[..]],
        )?
        .map(|r| EnrolledFacts {
            public_key: r.get(0),
            revoked: r.get::<_, Option<i64>>(1).is_some(),
        });
    let plan = plan_enrol(
        EnrolFacts { token, device },
        device_id,
        key,
        now,
        reactivate,
    );
    match plan {
        EnrolPlan::Answer(answer) => return Ok(answer),
        EnrolPlan::KeepDevice => {}
        EnrolPlan::InsertDevice => {
            tx.execute(
                "INSERT INTO devices (device_id, public_key, enrolled_at) VALUES ($1, $2, $3)",
                &[&&device_id[..], &&key.as_bytes()[..], &now],
            )?;
        }
        EnrolPlan::ReactivateDevice => {
            tx.execute(
                "UPDATE devices SET public_key = $2, enrolled_at = $3, revoked_at = NULL
                 WHERE device_id = $1",
                &[&&device_id[..], &&key.as_bytes()[..], &now],
            )?;
        }
    }
    tx.execute(
        "UPDATE tokens SET used_at = $2, used_by = $3 WHERE token_hash = $1",
        &[&&token_hash[..], &now, &&device_id[..]],
    )?;
    tx.commit()?;
    Ok(plan.outcome())
}

pub(super) fn status(
    client: &mut Client,
    device_id: &DeviceId,
) -> Result<DeviceStatus, StoreError> {
    match client.query_opt(
        "SELECT public_key, revoked_at FROM devices WHERE device_id = $1",
        &[&&device_id[..]],
    )? {
        None => Ok(DeviceStatus::Unknown),
        Some(r) => status_from(r.get::<_, &[u8]>(0), r.get::<_, Option<i64>>(1).is_some()),
    }
}

pub(super) fn ack_state(client: &mut Client, device_id: &DeviceId) -> Result<AckState, StoreError> {
    let Some(r) = client.query_opt(
        "SELECT revoked_at, held_through, last_bundle_hash FROM devices WHERE device_id = $1",
        &[&&device_id[..]],
    )?
    else {
        return Ok(AckState::Unknown);
    };
    if r.get::<_, Option<i64>>(0).is_some() {
        return Ok(AckState::Revoked);
    }
    Ok(AckState::Active {
        held_through: seq_from_sql(r.get(1)),
        last_bundle_hash: hash_from(device_id, r.get::<_, Option<&[u8]>>(2))?,
    })
}

pub(super) fn list(client: &mut Client) -> Result<Vec<DeviceSummary>, StoreError> {
    client
        .query(
            "SELECT d.device_id, d.public_key, d.enrolled_at, d.revoked_at, d.held_through,
                    d.last_bundle_at,
                    (SELECT count(*) FROM outbox_rows r WHERE r.device_id = d.device_id)
             FROM devices d ORDER BY d.enrolled_at, d.device_id",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(DeviceSummary {
                device_id: device_id_from(r.get::<_, &[u8]>(0))?,
                public_key: DevicePublicKey::from_bytes(r.get::<_, &[u8]>(1)).ok(),
                enrolled_at: r.get(2),
                revoked_at: r.get(3),
                held_through: seq_from_sql(r.get(4)),
                last_bundle_at: r.get(5),
                rows_held: seq_from_sql(r.get(6)),
            })
        })
        .collect()
}

pub(super) fn revoke(
    client: &mut Client,
    device_id: &DeviceId,
    now: i64,
) -> Result<RevokeOutcome, StoreError> {
    let mut tx = client.transaction()?;
    let outcome = match tx.query_opt(
        "SELECT revoked_at FROM devices WHERE device_id = $1 FOR UPDATE",
        &[&&device_id[..]],
    )? {
        None => RevokeOutcome::Unknown,
        Some(r) if r.get::<_, Option<i64>>(0).is_some() => RevokeOutcome::AlreadyRevoked,
        Some(_) => {
            tx.execute(
                "UPDATE devices SET revoked_at = $2 WHERE device_id = $1",
                &[&&device_id[..], &now],
            )?;
            RevokeOutcome::Revoked
        }
    };
    tx.commit()?;
    Ok(outcome)
}
