//! Adapter of one case's screen (`Route::RestorativeCase`), for its facilitator or an
//! administrator: opened through `Writer::restorative_case` (each opening audited; anyone else is
//! refused and sees only why), it shows the stage bar, the parties with their consent, and the
//! panel of the stage — screening, preliminary meetings (consents, «declines», re-screening, the
//! child's own screens), the joint meeting's booking, the way to the agreement, the closure.
//! Every change is one `CaseAct` on the store thread; refusals come back as words. A child may
//! be in the room: names are first names, and the conflict, the screening and the children's
//! answers stay out of the model until «Show» (`child_present`). An answer that arrives after
//! the screen was left is dropped (`generation`).

use std::rc::Rc;

use chrono::{DateTime, Utc};
use slint::ComponentHandle;

use super::words::{self, Names};
use crate::app::generation::{ask_current, Generation, Generational};
use crate::app::navigator::{Adapter, ChildYesStart, MeetingStart, Route, VoiceStart};
use crate::app::{
    AppWindow, CaseAdapter, CaseOutcome, CaseProblem, Kiosk, Screen, ScreeningRuleKey,
};
use crate::domain::restorative::{
    CaseId, ConsentPart, Outcome, PartyId, ProgrammeKind, Screening, ScreeningRule, SideTimes,
    Stage,
};
use crate::domain::{ChildId, RoomId, RoomKind, Signature};
use crate::store::restorative::{CaseAct, CaseView, VoiceMoment};
use crate::store::{StoreError, Writer};

/// A joint meeting just booked (until the case is read again).
#[derive(Debug, Clone, Copy)]
pub(super) struct Booked {
    pub session: i64,
    pub starts_at: DateTime<Utc>,
    pub minutes: u32,
    pub harmed: SideTimes,
    pub other: SideTimes,
}

#[derive(Default)]
pub(crate) struct CaseState {
    generation: Generation,
    pub(super) id: Option<CaseId>,
    pub(super) view: Option<CaseView>,
    /// The screening answers being edited.
    pub(super) answers: Screening,
    pub(super) rescreening: bool,
    /// A consent signature being taken: the party, and whether it is the representative's.
    pub(super) signing: Option<(PartyId, bool)>,
    pub(super) ink: Signature,
    pub(super) form: super::case_joint::JointForm,
    pub(super) booked: Option<Booked>,
    pub(super) closing: bool,
    pub(super) close_outcome: Option<CaseOutcome>,
    pub(super) close_declined: Option<PartyId>,
}

impl Generational for CaseState {
    const SCREEN: Screen = Screen::RestorativeCase;
    const STAFF_ONLY: bool = true;
    fn generation(&self) -> Generation {
        self.generation
    }
}

impl Names for CaseState {
    fn party(&self, id: PartyId) -> String {
        self.view
            .as_ref()
            .and_then(|v| v.parties.iter().find(|p| p.party.id == id))
            .map_or(String::new(), |p| p.first_name.clone())
    }
    fn child(&self, id: ChildId) -> String {
        self.view
            .as_ref()
            .and_then(|v| v.parties.iter().find(|p| p.party.child() == Some(id)))
            .map_or(String::new(), |p| p.first_name.clone())
    }
}

impl CaseState {
    /// The rule the latest screening stops the joint meeting with, if any.
    pub(super) fn stop(&self) -> Option<ScreeningRule> {
        let screening = self.view.as_ref()?.case.screening?;
        screening.rules_that_hold().first().copied()
    }
}

/// The case screen's adapter: opens on `Route::RestorativeCase(id)`.
struct CaseScreen {
    state: std::cell::RefCell<CaseState>,
}

impl Adapter for CaseScreen {
    fn answers(&self, route: &Route) -> bool {
        matches!(route, Route::RestorativeCase(_))
    }
    fn enter(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow, route: Route) {
        if let Route::RestorativeCase(id) = route {
            clear(kiosk, ui);
            kiosk.state_of::<CaseState>().id = Some(id);
            kiosk.navigate(ui, Screen::RestorativeCase);
            load(kiosk);
        }
    }
    fn leave(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow) {
        clear(kiosk, ui);
    }
    fn state(&self) -> &dyn std::any::Any {
        &self.state
    }
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn Adapter> {
    let a = ui.global::<CaseAdapter>();
    let k = kiosk.clone();
    a.on_back(move || {
        if let Some(ui) = k.ui.upgrade() {
            clear(&k, &ui);
            k.go(&ui, Route::Reconciliation);
        }
    });
    let k = kiosk.clone();
    a.on_reveal(move |on| {
        if let Some(ui) = k.ui.upgrade() {
            crate::app::child_present::set_revealed(&k, &ui, on);
            super::case_show::show(&k, &ui);
        }
    });
    let k = kiosk.clone();
    a.on_toggle_answer(move |rule| {
        let mut st = k.state_of::<CaseState>();
        let a = &mut st.answers;
        match rule {
            ScreeningRuleKey::Violence => a.ongoing_violence_or_safety_risk ^= true,
            ScreeningRuleKey::SexualHarm => a.sexual_harm ^= true,
            ScreeningRuleKey::CoerciveControl => a.coercive_control ^= true,
            ScreeningRuleKey::Unwilling => a.harmed_party_unwilling ^= true,
            ScreeningRuleKey::None => {}
        }
        drop(st);
        refresh(&k);
    });
    let k = kiosk.clone();
    a.on_save_screening(move || {
        let (answers, stage) = {
            let st = k.view_of::<CaseState>();
            (st.answers, st.view.as_ref().map(|v| v.case.stage))
        };
        // A case just referred goes to its screening stage with its first answers.
        let mut acts = Vec::new();
        if stage == Some(Stage::Referral) {
            acts.push(CaseAct::MoveTo(Stage::Screening));
        }
        acts.push(CaseAct::Screening(answers));
        act(&k, acts, |st| st.rescreening = false);
    });
    let k = kiosk.clone();
    a.on_rescreen(move || {
        let mut st = k.state_of::<CaseState>();
        st.rescreening = true;
        st.answers = st
            .view
            .as_ref()
            .and_then(|v| v.case.screening)
            .unwrap_or_default();
        drop(st);
        refresh(&k);
    });
    let k = kiosk.clone();
    a.on_move_next(move || move_next(&k));
    let k = kiosk.clone();
    a.on_to_agreement(move || move_next(&k));
    let k = kiosk.clone();
    a.on_go_shuttle(move || act(&k, vec![CaseAct::SetKind(ProgrammeKind::Shuttle)], |_| {}));
    let k = kiosk.clone();
    a.on_close_not_suitable(move || {
        let Some(rule) = k.view_of::<CaseState>().stop() else {
            return;
        };
        let close = CaseAct::Close {
            outcome: Outcome::NotSuitable { rule },
            referrer_response: None,
        };
        act(&k, vec![close], |_| {});
    });
    let k = kiosk.clone();
    a.on_child_yes(move |party| {
        let Some((case, p)) = party_of(&k, party) else {
            return;
        };
        if p.party.is_minor() {
            hand_over(
                &k,
                Route::RestorativeChildYes(ChildYesStart {
                    case,
                    party: p.party.id,
                    first_name: p.first_name.clone(),
                }),
            );
        }
    });
    let k = kiosk.clone();
    a.on_ask_child(move |party, after| {
        let Some((case, p)) = party_of(&k, party) else {
            return;
        };
        let Some(child) = p.party.child() else { return };
        let moment = if after {
            VoiceMoment::After
        } else {
            VoiceMoment::Before
        };
        hand_over(
            &k,
            Route::RestorativeVoice(VoiceStart {
                case,
                child,
                first_name: p.first_name.clone(),
                moment,
            }),
        );
    });
    let k = kiosk.clone();
    a.on_withdraw(move |party| {
        act(
            &k,
            vec![CaseAct::Withdraw {
                party: PartyId(party.into()),
            }],
            |_| {},
        );
    });
    super::case_sign::install(ui, kiosk);
    super::case_joint::install(ui, kiosk);
    super::case_close::install(ui, kiosk);
    let k = kiosk.clone();
    a.on_open_agreement(move || {
        let Some(id) = k.view_of::<CaseState>().id else {
            return;
        };
        if let Some(ui) = k.ui.upgrade() {
            clear(&k, &ui);
            k.go(&ui, Route::RestorativeAgreement(id));
        }
    });
    let k = kiosk.clone();
    a.on_start_meeting(move || {
        let (id, session) = {
            let st = k.view_of::<CaseState>();
            (st.id, super::case_joint::meeting(&st).map(|m| m.session))
        };
        let Some(case) = id else { return };
        hand_over(&k, Route::MeetingRoom(MeetingStart { case, session }));
    });
    Rc::new(CaseScreen {
        state: Default::default(),
    })
}

/// The case and the party `party` of it, as the screen last read them.
fn party_of(kiosk: &Kiosk, party: i32) -> Option<(CaseId, crate::store::restorative::PartyView)> {
    let st = kiosk.view_of::<CaseState>();
    let id = st.id?;
    let p = st
        .view
        .as_ref()?
        .parties
        .iter()
        .find(|p| p.party.id.0 == i64::from(party))?;
    Some((id, p.clone()))
}

/// The kiosk goes to the child (or the meeting room): this screen forgets what it showed first,
/// and a child may be near from now on.
fn hand_over(kiosk: &Rc<Kiosk>, route: Route) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    clear(kiosk, &ui);
    crate::app::child_present::conceal(kiosk, &ui);
    kiosk.go(&ui, route);
}

/// The next stage forward from `stage` for a programme of `kind` (none at the agreement and
/// after: the agreement's screen moves it on).
pub(super) fn next_stage(stage: Stage, kind: ProgrammeKind) -> Option<Stage> {
    match stage {
        Stage::Referral => Some(Stage::Screening),
        Stage::Screening => Some(Stage::Preliminary),
        Stage::Preliminary if kind.meets() => Some(Stage::JointMeeting),
        Stage::Preliminary | Stage::JointMeeting => Some(Stage::Agreement),
        _ => None,
    }
}

fn move_next(kiosk: &Rc<Kiosk>) {
    let next = {
        let st = kiosk.view_of::<CaseState>();
        st.view
            .as_ref()
            .and_then(|v| next_stage(v.case.stage, v.case.kind))
    };
    let Some(next) = next else { return };
    act(kiosk, vec![CaseAct::MoveTo(next)], move |st| {
        st.booked = None;
    });
}

pub(super) fn clear(kiosk: &Kiosk, ui: &AppWindow) {
    let mut st = kiosk.state_of::<CaseState>();
    let mut generation = st.generation;
    generation.bump();
    *st = CaseState {
        generation,
        ..Default::default()
    };
    drop(st);
    super::case_show::blank(ui);
}

/// Reads the case (an audited opening) and the reconciliation rooms.
fn load(kiosk: &Rc<Kiosk>) {
    let Some(me) = kiosk.signed_in() else { return };
    let Some(id) = kiosk.view_of::<CaseState>().id else {
        return;
    };
    ask_current::<CaseState, _>(
        kiosk,
        move |s| {
            let view = s.write(|w| w.restorative_case(me.staff, id))?;
            let rooms: Vec<(RoomId, String)> = s
                .rooms()?
                .into_iter()
                .filter(|r| r.details.kind == RoomKind::Reconciliation)
                .map(|r| (r.id, r.details.name))
                .collect();
            Ok::<_, StoreError>((view, rooms))
        },
        |k, ui, r| match r {
            Ok((view, rooms)) => {
                let mut st = k.state_of::<CaseState>();
                st.answers = view.case.screening.unwrap_or_default();
                st.form.rooms = rooms;
                st.view = Some(view);
                drop(st);
                super::case_show::show(k, ui);
            }
            Err(e) => {
                let (p, arg) = words::problem_of(&e, &*k.view_of::<CaseState>());
                problem(ui, p, &arg);
            }
        },
    );
}

/// Shows the screen again from its state.
pub(super) fn refresh(kiosk: &Kiosk) {
    if let Some(ui) = kiosk.ui.upgrade() {
        super::case_show::show(kiosk, &ui);
    }
}

pub(super) fn problem(ui: &AppWindow, p: CaseProblem, arg: &str) {
    let a = ui.global::<CaseAdapter>();
    a.set_problem(p);
    a.set_problem_arg(arg.into());
}

/// Records `acts` on the case in one transaction; on success the case as it now stands is shown
/// (after `then` changed the screen's own state), else why not.
pub(super) fn act(
    kiosk: &Rc<Kiosk>,
    acts: Vec<CaseAct>,
    then: impl FnOnce(&mut CaseState) + 'static,
) {
    write(
        kiosk,
        move |w, me, id| {
            let mut view = None;
            for a in acts {
                view = Some(w.restorative_act(me, id, a)?);
            }
            view.ok_or_else(|| StoreError::Corrupt("no act to record".into()))
        },
        then,
    );
}

/// Runs `f` for the case on the store thread in one transaction and shows the case it returns.
pub(super) fn write(
    kiosk: &Rc<Kiosk>,
    f: impl FnOnce(&mut Writer<'_>, crate::domain::StaffId, CaseId) -> Result<CaseView, StoreError>
        + Send
        + 'static,
    then: impl FnOnce(&mut CaseState) + 'static,
) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let a = ui.global::<CaseAdapter>();
    if a.get_busy() {
        return;
    }
    let Some(me) = kiosk.signed_in() else { return };
    let Some(id) = kiosk.view_of::<CaseState>().id else {
        return;
    };
    a.set_busy(true);
    problem(&ui, CaseProblem::None, "");
    ask_current::<CaseState, _>(
        kiosk,
        move |s| s.write(|w| f(w, me.staff, id)),
        move |k, ui, r| {
            ui.global::<CaseAdapter>().set_busy(false);
            match r {
                Ok(view) => {
                    let to_agreement = view.case.stage == Stage::Agreement
                        && k.view_of::<CaseState>()
                            .view
                            .as_ref()
                            .is_some_and(|v| v.case.stage != Stage::Agreement);
                    let mut st = k.state_of::<CaseState>();
                    st.view = Some(view);
                    then(&mut st);
                    drop(st);
                    if to_agreement {
                        clear(k, ui);
                        k.go(ui, Route::RestorativeAgreement(id));
                    } else {
                        super::case_show::show(k, ui);
                    }
                }
                Err(e) => {
                    let (p, arg) = words::problem_of(&e, &*k.view_of::<CaseState>());
                    problem(ui, p, &arg);
                }
            }
        },
    );
}

/// The consent part a signature records: the representative's or the person's own.
pub(super) fn part(representative: bool) -> ConsentPart {
    if representative {
        ConsentPart::RepresentativeSignature
    } else {
        ConsentPart::OwnYes
    }
}
