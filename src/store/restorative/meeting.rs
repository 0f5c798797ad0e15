//! The meetings of a case: the joint meeting booked through the one booking and conflict
//! engine with the two sides staggered, the child's private answers before and after a
//! meeting, and the «Нужна пауза» taps during it.

use chrono::{DateTime, Duration, Utc};
use rusqlite::params;
use serde::Serialize;

use super::read::load;
use super::types::{JointBooking, VoiceAnswers, VoiceMoment};
use crate::domain::recurrence::Repeat;
use crate::domain::restorative::{staggered, CaseId, RestorativeRefusal, SideTimes, Stage};
use crate::domain::{ChildId, NewSession, Refusal, RoomId, SessionKind, StaffId};
use crate::store::{ts, Booking, BookingRules, Op, StoreError, Writer};

#[derive(Serialize)]
struct MeetingRecord {
    case: i64,
    harmed_side: SideTimes,
    other_side: SideTimes,
}

#[derive(Serialize)]
struct VoiceRecord {
    case: i64,
    child: ChildId,
    moment: VoiceMoment,
    answers: VoiceAnswers,
}

#[derive(Serialize)]
struct PauseRecord {
    case: i64,
    session: Option<i64>,
}

impl Writer<'_> {
    /// Books the joint meeting in `room`: the case must be allowed to move to the joint
    /// meeting (screened with no rule holding, everyone consented, not shuttle); the room is
    /// held from the harmed side's arrival to the other side's departure, for the facilitator
    /// and the case's children. A calendar refusal writes nothing and offers free times.
    #[allow(clippy::too_many_arguments)]
    pub fn book_joint_meeting(
        &mut self,
        viewer: StaffId,
        id: CaseId,
        room: RoomId,
        starts_at: DateTime<Utc>,
        minutes: u32,
        gap: Duration,
        rules: &BookingRules,
    ) -> Result<JointBooking, StoreError> {
        self.admit(viewer, id)?;
        let mut case = load(&self.tx, id)?;
        let refused = |r| StoreError::Refused(Refusal::Restorative(r));
        case.may_move_to(Stage::JointMeeting).map_err(refused)?;
        let kind: String =
            self.tx
                .query_row("SELECT kind FROM rooms WHERE id = ?1", [room.0], |r| {
                    r.get(0)
                })?;
        if kind != "reconciliation" {
            return Err(refused(RestorativeRefusal::NotReconciliationRoom));
        }
        let (harmed, other) = staggered(starts_at, minutes, gap);
        crate::domain::restorative::check_apart(&harmed, &other, gap).map_err(refused)?;
        let facilitator = case.facilitator.unwrap_or(viewer);
        let held = (other.leaves - harmed.arrives).num_minutes() as u32;
        let session = NewSession::new(
            room,
            facilitator,
            SessionKind::FamilyReconciliation,
            harmed.arrives,
            held,
            &case.children(),
        )?;
        let session = match self.book(&session, &Repeat::Once, facilitator, rules)? {
            Booking::Booked(ids) => ids[0],
            Booking::Refused { clashes, offers } => {
                // The offers are for the room's whole hold; the meeting starts a gap later.
                let offers = offers.into_iter().map(|t| t + gap).collect();
                return Ok(JointBooking::Refused { clashes, offers });
            }
        };
        self.tx.execute(
            "INSERT INTO restorative_meetings (session_id, case_id, harmed_arrives, harmed_leaves, other_arrives, other_leaves)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![session, id.0, ts(harmed.arrives), ts(harmed.leaves), ts(other.arrives), ts(other.leaves)],
        )?;
        self.outbox(
            "restorative_meeting",
            session,
            Op::Insert,
            &MeetingRecord {
                case: id.0,
                harmed_side: harmed,
                other_side: other,
            },
        )?;
        if case.stage != Stage::JointMeeting {
            let today = self
                .now
                .with_timezone(&crate::platform::clock::zone())
                .date_naive();
            case.move_to(Stage::JointMeeting, today).map_err(refused)?;
            self.save_case(&case, "book_joint_meeting")?;
        }
        Ok(JointBooking::Booked {
            session,
            harmed_side: harmed,
            other_side: other,
        })
    }

    /// A child's private answers before or after a meeting of case `case`.
    pub fn record_voice(
        &mut self,
        case: CaseId,
        child: ChildId,
        moment: VoiceMoment,
        answers: VoiceAnswers,
    ) -> Result<(), StoreError> {
        self.refuse_if_withdrawn(child)?;
        let c = load(&self.tx, case)?;
        if !c.children().contains(&child) {
            return Err(StoreError::NotFound {
                what: "child of this case",
                id: child.0,
            });
        }
        let json = serde_json::to_string(&answers)
            .map_err(|e| StoreError::Invalid(format!("cannot record the answers: {e}")))?;
        self.tx.execute(
            "INSERT INTO restorative_voices (case_id, child_id, moment, answers, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![case.0, child.0, match moment { VoiceMoment::Before => "before", VoiceMoment::After => "after" }, json, ts(self.now)],
        )?;
        let id = self.tx.last_insert_rowid();
        self.outbox(
            "restorative_voice",
            id,
            Op::Insert,
            &VoiceRecord {
                case: case.0,
                child,
                moment,
                answers,
            },
        )?;
        Ok(())
    }

    /// A «Нужна пауза» tap during a meeting of `case`, with the time.
    pub fn record_pause(&mut self, case: CaseId, session: Option<i64>) -> Result<(), StoreError> {
        load(&self.tx, case)?;
        self.tx.execute(
            "INSERT INTO restorative_pauses (case_id, session_id, at) VALUES (?1, ?2, ?3)",
            params![case.0, session, ts(self.now)],
        )?;
        let id = self.tx.last_insert_rowid();
        self.outbox(
            "restorative_pause",
            id,
            Op::Insert,
            &PauseRecord {
                case: case.0,
                session,
            },
        )?;
        Ok(())
    }
}
