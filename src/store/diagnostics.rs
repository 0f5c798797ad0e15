//! Diagnostics in the encrypted store: instruments the centre imported, administrations (one
//! giving of an instrument to a child, saved after every answer and resumable), their scores,
//! and the drawings made on the canvas. Every write goes to the outbox with its record.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

use super::{parse_ts, ts, Op, Store, StoreError, Writer};
use crate::domain::instrument::Answers;
use crate::domain::{ChildId, StaffId};

/// One giving of an instrument to a child.
#[derive(Debug, Clone, PartialEq)]
pub struct Administration {
    pub id: i64,
    pub child: ChildId,
    pub instrument: String,
    pub instrument_version: String,
    pub session: Option<i64>,
    pub given_by: Option<StaffId>,
    pub started_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// The next item to ask, for resuming (an index into the instrument's items).
    pub position: u32,
    pub answers: Answers,
    /// The scores as JSON (`{"name": value, …}`), once finished.
    pub outcome: Option<String>,
}

/// A drawing as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDrawing {
    pub id: i64,
    pub administration: i64,
    pub item: String,
    pub width: u32,
    pub height: u32,
    pub png: Vec<u8>,
    pub strokes: String,
}

#[derive(Serialize)]
struct AdministrationRecord<'a> {
    child: ChildId,
    instrument: &'a str,
    version: &'a str,
    session: Option<i64>,
    given_by: Option<StaffId>,
    position: u32,
    answers: &'a Answers,
    finished: bool,
    outcome: Option<&'a str>,
}

#[derive(Serialize)]
struct DrawingRecord<'a> {
    administration: i64,
    item: &'a str,
    width: u32,
    height: u32,
    png_hex: String,
    strokes: &'a str,
}

#[derive(Serialize)]
struct InstrumentFileRecord<'a> {
    id: &'a str,
    version: &'a str,
    file_name: &'a str,
    sha256: &'a str,
}

const COLUMNS: &str = "id, child_id, instrument, instrument_version, session_id, given_by, started_at, updated_at, finished_at, position, answers, outcome";

/// A row as SQLite gives it; [`RawAdministration::parse`] checks its times and answers.
struct RawAdministration {
    id: i64,
    child: i64,
    instrument: String,
    version: String,
    session: Option<i64>,
    given_by: Option<i64>,
    started_at: String,
    updated_at: String,
    finished_at: Option<String>,
    position: u32,
    answers: String,
    outcome: Option<String>,
}

fn administration(r: &Row) -> rusqlite::Result<RawAdministration> {
    Ok(RawAdministration {
        id: r.get(0)?,
        child: r.get(1)?,
        instrument: r.get(2)?,
        version: r.get(3)?,
        session: r.get(4)?,
        given_by: r.get(5)?,
        started_at: r.get(6)?,
        updated_at: r.get(7)?,
        finished_at: r.get(8)?,
        position: r.get(9)?,
        answers: r.get(10)?,
        outcome: r.get(11)?,
    })
}

impl RawAdministration {
    fn parse(self) -> Result<Administration, StoreError> {
        Ok(Administration {
            id: self.id,
            child: ChildId(self.child),
            instrument: self.instrument,
            instrument_version: self.version,
            session: self.session,
            given_by: self.given_by.map(StaffId),
            started_at: parse_ts(&self.started_at)?,
            updated_at: parse_ts(&self.updated_at)?,
            finished_at: self.finished_at.as_deref().map(parse_ts).transpose()?,
            position: self.position,
            answers: Answers::from_json(&self.answers)
                .map_err(|e| StoreError::Corrupt(format!("administration {}: {e}", self.id)))?,
            outcome: self.outcome,
        })
    }
}

impl<'a> AdministrationRecord<'a> {
    /// The outbox record of `a` with these answers, position and outcome.
    fn of(
        a: &'a Administration,
        answers: &'a Answers,
        position: u32,
        outcome: Option<&'a str>,
    ) -> Self {
        AdministrationRecord {
            child: a.child,
            instrument: &a.instrument,
            version: &a.instrument_version,
            session: a.session,
            given_by: a.given_by,
            position,
            answers,
            finished: outcome.is_some(),
            outcome,
        }
    }
}

impl Writer<'_> {
    /// Starts giving instrument `instrument` (version `version`) to `child`.
    pub fn start_administration(
        &mut self,
        child: ChildId,
        instrument: &str,
        version: &str,
        session: Option<i64>,
        by: Option<StaffId>,
    ) -> Result<i64, StoreError> {
        self.require_consent(child)?;
        let answers = Answers::default();
        self.tx.execute(
            "INSERT INTO administrations (child_id, instrument, instrument_version, session_id, given_by, started_at, updated_at, answers) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
            params![child.0, instrument, version, session, by.map(|s| s.0), ts(self.now), answers.to_json()],
        )?;
        let id = self.tx.last_insert_rowid();
        let record = AdministrationRecord {
            child,
            instrument,
            version,
            session,
            given_by: by,
            position: 0,
            answers: &answers,
            finished: false,
            outcome: None,
        };
        self.outbox("administration", id, Op::Insert, &record)?;
        Ok(id)
    }

    /// Saves the answers so far and where to go on from. Refused once finished.
    pub fn save_answers(
        &mut self,
        id: i64,
        position: u32,
        answers: &Answers,
    ) -> Result<(), StoreError> {
        let a = self.administration(id)?;
        self.refuse_if_withdrawn(a.child)?;
        if a.finished_at.is_some() {
            return Err(StoreError::Invalid(format!(
                "administration {id} is finished: its answers can no longer change"
            )));
        }
        self.tx.execute(
            "UPDATE administrations SET answers = ?2, position = ?3, updated_at = ?4 WHERE id = ?1",
            params![id, answers.to_json(), position, ts(self.now)],
        )?;
        self.outbox(
            "administration",
            id,
            Op::Update,
            &AdministrationRecord::of(&a, answers, position, None),
        )
        .map(|_| ())
    }

    /// Finishes an administration with its final answers and its scores (`outcome`, JSON).
    pub fn finish_administration(
        &mut self,
        id: i64,
        answers: &Answers,
        outcome: &str,
    ) -> Result<(), StoreError> {
        let a = self.administration(id)?;
        self.refuse_if_withdrawn(a.child)?;
        if a.finished_at.is_some() {
            return Err(StoreError::Invalid(format!(
                "administration {id} is already finished"
            )));
        }
        self.tx.execute(
            "UPDATE administrations SET answers = ?2, outcome = ?3, finished_at = ?4, updated_at = ?4 WHERE id = ?1",
            params![id, answers.to_json(), outcome, ts(self.now)],
        )?;
        self.outbox(
            "administration",
            id,
            Op::Update,
            &AdministrationRecord::of(&a, answers, a.position, Some(outcome)),
        )
        .map(|_| ())
    }

    /// Saves (or replaces) the drawing of item `item`; returns its id.
    pub fn save_drawing(
        &mut self,
        administration: i64,
        item: &str,
        width: u32,
        height: u32,
        png: &[u8],
        strokes: &str,
    ) -> Result<i64, StoreError> {
        let a = self.administration(administration)?;
        self.refuse_if_withdrawn(a.child)?;
        if a.finished_at.is_some() {
            return Err(StoreError::Invalid(format!(
                "administration {administration} is finished: its drawing can no longer change"
            )));
        }
        self.tx.execute(
            "INSERT INTO drawings (administration_id, item, width, height, png, strokes, saved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (administration_id, item) DO UPDATE SET width = ?3, height = ?4, png = ?5, strokes = ?6, saved_at = ?7",
            params![administration, item, width, height, png, strokes, ts(self.now)],
        )?;
        let id: i64 = self.tx.query_row(
            "SELECT id FROM drawings WHERE administration_id = ?1 AND item = ?2",
            params![administration, item],
            |r| r.get(0),
        )?;
        let record = DrawingRecord {
            administration,
            item,
            width,
            height,
            png_hex: hex::encode(png),
            strokes,
        };
        self.outbox("drawing", id, Op::Insert, &record)?;
        Ok(id)
    }

    /// Keeps an imported instrument file (replacing an earlier import of the same id).
    pub fn import_instrument(
        &mut self,
        id: &str,
        version: &str,
        file_name: &str,
        text: &str,
    ) -> Result<(), StoreError> {
        let sha256 = hex::encode(ring::digest::digest(&ring::digest::SHA256, text.as_bytes()));
        self.tx.execute(
            "INSERT INTO instrument_files (id, version, file_name, text, sha256, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (id) DO UPDATE SET version = ?2, file_name = ?3, text = ?4, sha256 = ?5, imported_at = ?6",
            params![id, version, file_name, text, sha256, ts(self.now)],
        )?;
        let rowid: i64 = self.tx.query_row(
            "SELECT rowid FROM instrument_files WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        self.outbox(
            "instrument_file",
            rowid,
            Op::Insert,
            &InstrumentFileRecord {
                id,
                version,
                file_name,
                sha256: &sha256,
            },
        )?;
        Ok(())
    }

    fn administration(&self, id: i64) -> Result<Administration, StoreError> {
        let raw = self
            .tx
            .query_row(
                &format!("SELECT {COLUMNS} FROM administrations WHERE id = ?1"),
                [id],
                administration,
            )
            .optional()?
            .ok_or_else(|| StoreError::Invalid(format!("there is no administration {id}")))?;
        raw.parse()
    }
}

impl Store {
    pub fn administration(&self, id: i64) -> Result<Option<Administration>, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM administrations WHERE id = ?1"),
                [id],
                administration,
            )
            .optional()?
            .map(RawAdministration::parse)
            .transpose()
    }

    /// A child's administrations, oldest first (finished and partial).
    pub fn administrations_of(&self, child: ChildId) -> Result<Vec<Administration>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM administrations WHERE child_id = ?1 ORDER BY started_at, id"
        ))?;
        let rows = stmt
            .query_map([child.0], administration)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(RawAdministration::parse).collect()
    }

    /// The child's unfinished administration of `instrument`, if any (the newest), to resume.
    pub fn partial_administration(
        &self,
        child: ChildId,
        instrument: &str,
    ) -> Result<Option<Administration>, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM administrations WHERE child_id = ?1 AND instrument = ?2 AND finished_at IS NULL ORDER BY started_at DESC, id DESC LIMIT 1"),
                params![child.0, instrument],
                administration,
            )
            .optional()?
            .map(RawAdministration::parse)
            .transpose()
    }

    pub fn drawing(
        &self,
        administration: i64,
        item: &str,
    ) -> Result<Option<StoredDrawing>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, administration_id, item, width, height, png, strokes FROM drawings WHERE administration_id = ?1 AND item = ?2",
                params![administration, item],
                |r| Ok(StoredDrawing { id: r.get(0)?, administration: r.get(1)?, item: r.get(2)?, width: r.get(3)?, height: r.get(4)?, png: r.get(5)?, strokes: r.get(6)? }),
            )
            .optional()?)
    }

    /// The child's mood over time, oldest first: what they tapped at check-in, and the mood
    /// scale given in sessions (instrument `mood`, item `mood`), as (when, 1–5). Angry, scared
    /// and "I don't want to say" are not on the five-point scale and are left out of it.
    pub fn moods_of(&self, child: ChildId) -> Result<Vec<(DateTime<Utc>, u8)>, StoreError> {
        let mut out: Vec<(DateTime<Utc>, u8)> = self
            .check_in_moods(child)?
            .into_iter()
            .filter_map(|(at, mood)| Some((at, mood.scale()?)))
            .collect();
        for a in self.administrations_of(child)? {
            if let (Some(at), Some(crate::domain::instrument::Answer::Face(f))) =
                (a.finished_at, a.answers.get("mood"))
            {
                if a.instrument == "mood" {
                    out.push((at, *f));
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// The check-in moods of `child` that are not on the five-point scale (angry, scared,
    /// «I don't want to say»), oldest first: shown beside the trend, never folded into it.
    pub fn moods_off_scale_of(
        &self,
        child: ChildId,
    ) -> Result<Vec<(DateTime<Utc>, crate::domain::Mood)>, StoreError> {
        let mut out = self.check_in_moods(child)?;
        out.retain(|m| m.1.scale().is_none());
        out.sort_by_key(|m| m.0);
        Ok(out)
    }

    /// Every mood `child` gave at check-in, as stored.
    fn check_in_moods(
        &self,
        child: ChildId,
    ) -> Result<Vec<(DateTime<Utc>, crate::domain::Mood)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT at, mood FROM check_ins WHERE child_id = ?1")?;
        let rows = stmt.query_map([child.0], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?;
        rows.map(|row| {
            let (at, code) = row?;
            Ok::<_, StoreError>((parse_ts(&at)?, crate::domain::Mood::from_code(code)?))
        })
        .collect()
    }

    /// The session with `child` that is in progress, if any: a result given now belongs to it.
    pub fn session_in_progress_with(&self, child: ChildId) -> Result<Option<i64>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT s.id FROM sessions s JOIN session_participants p ON p.session_id = s.id
                 WHERE p.child_id = ?1 AND s.state = 'in_progress' ORDER BY s.starts_at DESC LIMIT 1",
                [child.0],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The imported instrument files, as (file name, text).
    pub fn imported_instruments(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT file_name, text FROM instrument_files ORDER BY id")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}
