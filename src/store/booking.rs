//! Booking and moving sessions. The clash check reads the calendar inside the same transaction
//! that writes, so two kiosks (or two taps) can never book the same room, psychologist or
//! child twice; a refusal writes nothing and carries the clashes and the nearest free times.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use super::busy::busy_sharing;
use super::{Op, Store, StoreError, Writer};
use crate::domain::conflict::{clashes, Busy, Clash};
use crate::domain::free_slots::{nearest_free, WorkingHours, LOOK_AHEAD_DAYS, LOOK_BACK_DAYS};
use crate::domain::recurrence::{occurrences, Repeat};
use crate::domain::session::{NewSession, SessionState};
use crate::domain::{RoomId, StaffId};

/// What every booking obeys besides "no clashes".
#[derive(Debug, Clone)]
pub struct BookingRules {
    pub hours: WorkingHours,
    pub zone: Tz,
    /// No session may start earlier (the past is not bookable).
    pub not_before: DateTime<Utc>,
    /// How many free times a refusal offers.
    pub offers: usize,
}

impl BookingRules {
    /// The usual rules at `now`: the current quarter-hour onwards, three offers.
    pub fn at(now: DateTime<Utc>, zone: Tz, hours: WorkingHours) -> Self {
        let quarter = now.timestamp() - now.timestamp().rem_euclid(15 * 60);
        let not_before = DateTime::from_timestamp(quarter, 0).unwrap_or(now);
        Self {
            hours,
            zone,
            not_before,
            offers: 3,
        }
    }
}

/// The outcome of a booking or a move.
#[derive(Debug, Clone, PartialEq)]
pub enum Booking {
    /// The sessions written, in start order.
    Booked(Vec<i64>),
    /// Nothing written: each clash with the start of the occurrence it hits, and the nearest
    /// free times for the first occurrence (the others move with it).
    Refused {
        clashes: Vec<(DateTime<Utc>, Clash)>,
        offers: Vec<DateTime<Utc>>,
    },
}

/// Which sessions of a series an edit changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EditScope {
    ThisOne,
    ThisAndFollowing,
}

/// The sessions holding their time that overlap `[from, to)`.
fn busy(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Busy>, StoreError> {
    // Sessions last at most 240 minutes, so one that overlaps starts at most 4 h before `from`.
    let sessions = super::sessions::between(conn, from - Duration::hours(4), to)?;
    Ok(sessions
        .iter()
        .filter_map(|b| Busy::of(b.id, &b.session, b.state))
        .filter(|b| b.ends_at > from)
        .collect())
}

impl Store {
    /// The calendar's occupied times in `[from, to)`.
    pub fn busy_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Busy>, StoreError> {
        busy(&self.conn, from, to)
    }
}

impl Writer<'_> {
    /// Books `first` and, by `repeat`, the rest of its series, all or nothing.
    pub fn book(
        &mut self,
        first: &NewSession,
        repeat: &Repeat,
        by: StaffId,
        rules: &BookingRules,
    ) -> Result<Booking, StoreError> {
        let series = series_of(first, repeat, rules.zone)?;
        if let Some(refusal) = self.check(&series, &[], rules)? {
            return Ok(refusal);
        }
        let series_id = if series.len() > 1 {
            let repeat_json = serde_json::to_string(repeat)
                .map_err(|e| StoreError::Invalid(format!("cannot record the repeat rule: {e}")))?;
            self.tx.execute(
                "INSERT INTO session_series (repeat, created_by, created_at) VALUES (?1, ?2, ?3)",
                params![repeat_json, by.0, super::ts(self.now)],
            )?;
            let id = self.tx.last_insert_rowid();
            self.outbox("session_series", id, Op::Insert, repeat)?;
            Some(id)
        } else {
            None
        };
        let mut ids = Vec::with_capacity(series.len());
        for s in &series {
            let id = self.insert_session(s)?;
            self.tx.execute(
                "UPDATE sessions SET series_id = ?1, booked_by = ?2 WHERE id = ?3",
                params![series_id, by.0, id],
            )?;
            ids.push(id);
        }
        Ok(Booking::Booked(ids))
    }

    /// Turns walk-in request `walk_in` into `session` and, by `repeat`, its series (booked by
    /// `by`, who takes the request).
    pub fn book_walk_in(
        &mut self,
        walk_in: i64,
        session: &NewSession,
        repeat: &Repeat,
        by: StaffId,
        rules: &BookingRules,
    ) -> Result<Booking, StoreError> {
        let state: Option<String> = rusqlite::OptionalExtension::optional(self.tx.query_row(
            "SELECT state FROM walk_ins WHERE id = ?1",
            [walk_in],
            |r| r.get(0),
        ))?;
        match state.as_deref() {
            None => {
                return Err(StoreError::NotFound {
                    what: "walk-in request",
                    id: walk_in,
                })
            }
            Some("closed") => {
                return Err(StoreError::Invalid(format!(
                    "walk-in request {walk_in} is already closed"
                )))
            }
            Some(_) => {}
        }
        let linked: Option<i64> = self.tx.query_row(
            "SELECT session_id FROM walk_ins WHERE id = ?1",
            [walk_in],
            |r| r.get(0),
        )?;
        if linked.is_some() {
            return Err(StoreError::Invalid(format!(
                "walk-in request {walk_in} already has its session"
            )));
        }
        let booking = self.book(session, repeat, by, rules)?;
        if let Booking::Booked(ids) = &booking {
            self.tx.execute(
                "UPDATE walk_ins SET state = 'booked', taken_by = coalesce(taken_by, ?1), session_id = ?2 WHERE id = ?3",
                params![by.0, ids[0], walk_in],
            )?;
            self.outbox("walk_in_booked", walk_in, Op::Update, &ids[0])?;
        }
        Ok(booking)
    }

    /// Moves session `id` (and, by `scope`, the later sessions of its series by the same
    /// wall-clock amount) to `start`, for `minutes`, in `room`.
    pub fn reschedule(
        &mut self,
        id: i64,
        scope: EditScope,
        start: DateTime<Utc>,
        minutes: u32,
        room: RoomId,
        rules: &BookingRules,
    ) -> Result<Booking, StoreError> {
        let this = super::sessions::one(&self.tx, id)?;
        if this.state != SessionState::Planned {
            return Err(StoreError::Invalid(format!(
                "session {id} is {}: only a planned session can be moved",
                this.state.key()
            )));
        }
        let series: Option<i64> =
            self.tx
                .query_row("SELECT series_id FROM sessions WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
        let mut affected = vec![this.clone()];
        if let (EditScope::ThisAndFollowing, Some(series)) = (scope, series) {
            let mut stmt = self.tx.prepare(
                "SELECT id FROM sessions WHERE series_id = ?1 AND starts_at > ?2 AND state = 'planned' ORDER BY starts_at",
            )?;
            let later = stmt
                .query_map(params![series, super::ts(this.session.starts_at)], |r| {
                    r.get::<_, i64>(0)
                })?
                .collect::<Result<Vec<_>, _>>()?;
            drop(stmt);
            for later in later {
                affected.push(super::sessions::one(&self.tx, later)?);
            }
        }
        let local = |t: DateTime<Utc>| t.with_timezone(&rules.zone).naive_local();
        let shift = local(start) - local(this.session.starts_at);
        let moved: Vec<NewSession> = affected
            .iter()
            .map(|b| {
                let starts_at = crate::domain::recurrence::to_utc(
                    local(b.session.starts_at) + shift,
                    rules.zone,
                );
                NewSession::new(
                    room,
                    b.session.psychologist,
                    b.session.kind,
                    starts_at,
                    minutes,
                    &b.session.participants,
                )
            })
            .collect::<Result<_, _>>()?;
        let ids: Vec<i64> = affected.iter().map(|b| b.id).collect();
        if let Some(refusal) = self.check(&moved, &ids, rules)? {
            return Ok(refusal);
        }
        for (id, s) in ids.iter().zip(&moved) {
            self.tx.execute(
                "UPDATE sessions SET starts_at = ?1, minutes = ?2, room_id = ?3 WHERE id = ?4",
                params![super::ts(s.starts_at), s.minutes, s.room.0, id],
            )?;
            self.outbox("session", *id, Op::Update, s)?;
        }
        Ok(Booking::Booked(ids))
    }

    /// Moves session `id` to state `to` (a cancellation with its reason), stamping the start or
    /// the end.
    pub fn set_session_state(
        &mut self,
        id: i64,
        to: SessionState,
        reason: Option<&str>,
        by: StaffId,
    ) -> Result<(), StoreError> {
        let now = self.now;
        let this = super::sessions::one(&self.tx, id)?;
        this.state.become_(to, reason)?;
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        self.tx.execute(
            "UPDATE sessions SET state = ?1,
                started_at = CASE WHEN ?1 = 'in_progress' THEN ?2 ELSE started_at END,
                ended_at = CASE WHEN ?1 = 'done' THEN ?2 ELSE ended_at END,
                cancel_reason = CASE WHEN ?1 = 'cancelled' THEN ?3 ELSE cancel_reason END
             WHERE id = ?4",
            params![to.key(), super::ts(now), reason, id],
        )?;
        #[derive(Serialize)]
        struct StateChange<'a> {
            state: &'a str,
            reason: Option<&'a str>,
            by: StaffId,
        }
        self.outbox(
            "session_state",
            id,
            Op::Update,
            &StateChange {
                state: to.key(),
                reason,
                by,
            },
        )?;
        Ok(())
    }

    /// Writes the psychologist's private note on session `id` (replacing the last version).
    pub fn save_session_note(
        &mut self,
        id: i64,
        text: &str,
        by: StaffId,
    ) -> Result<(), StoreError> {
        super::sessions::one(&self.tx, id)?;
        if text.chars().count() > 20_000 {
            return Err(crate::domain::DomainError::TooLong {
                field: "the session note",
                max: 20_000,
            }
            .into());
        }
        self.tx.execute(
            "INSERT INTO session_notes (session_id, text, written_by, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (session_id) DO UPDATE SET text = excluded.text, written_by = excluded.written_by, updated_at = excluded.updated_at",
            params![id, text, by.0, super::ts(self.now)],
        )?;
        self.outbox("session_note", id, Op::Update, &text)?;
        Ok(())
    }

    fn check(
        &self,
        series: &[NewSession],
        moving: &[i64],
        rules: &BookingRules,
    ) -> Result<Option<Booking>, StoreError> {
        check(&self.tx, series, moving, rules)
    }
}

/// The sessions of the series that starts with `first` and repeats by `repeat`, in `zone`.
fn series_of(first: &NewSession, repeat: &Repeat, zone: Tz) -> Result<Vec<NewSession>, StoreError> {
    let local = first.starts_at.with_timezone(&zone).naive_local();
    Ok(occurrences(local, zone, repeat)?
        .into_iter()
        .map(|starts_at| NewSession {
            starts_at,
            ..first.clone()
        })
        .collect())
}

impl Store {
    /// Whether `first` (and its series) would be booked, without writing: `None` when it
    /// fits, else the refusal `Writer::book` would give.
    pub fn check_booking(
        &self,
        first: &NewSession,
        repeat: &Repeat,
        rules: &BookingRules,
    ) -> Result<Option<Booking>, StoreError> {
        check(
            &self.conn,
            &series_of(first, repeat, rules.zone)?,
            &[],
            rules,
        )
    }
}

/// The clashes of `series` (ignoring the sessions in `moving`), or `None` when it fits.
fn check(
    conn: &Connection,
    series: &[NewSession],
    moving: &[i64],
    rules: &BookingRules,
) -> Result<Option<Booking>, StoreError> {
    if let Some(early) = series.iter().find(|s| s.starts_at < rules.not_before) {
        return Err(StoreError::InThePast(
            early
                .starts_at
                .with_timezone(&rules.zone)
                .format("%d.%m.%Y %H:%M")
                .to_string(),
        ));
    }
    let (Some(first), Some(last)) = (series.first(), series.last()) else {
        return Ok(None);
    };
    let taken = busy_sharing(conn, series, first.starts_at, last.ends_at())?;
    let found: Vec<(DateTime<Utc>, Clash)> = series
        .iter()
        .flat_map(|s| {
            clashes(s, &taken, moving)
                .into_iter()
                .map(move |c| (s.starts_at, c))
        })
        .collect();
    if found.is_empty() {
        return Ok(None);
    }
    let around = busy_sharing(
        conn,
        series,
        first.starts_at - Duration::days(LOOK_BACK_DAYS + 1),
        last.ends_at() + Duration::days(LOOK_AHEAD_DAYS + 1),
    )?;
    let offers = nearest_free(
        series,
        &around,
        moving,
        &rules.hours,
        rules.zone,
        rules.not_before,
        rules.offers,
    );
    Ok(Some(Booking::Refused {
        clashes: found,
        offers,
    }))
}
