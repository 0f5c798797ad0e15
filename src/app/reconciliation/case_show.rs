//! The case screen filled from what the store returned and what the screen holds: the stage,
//! the parties with their standing, the stage's panel. While a child may see the screen
//! (`child_present`), names are first names and the conflict, the screening (answers and the rule
//! that stops the meeting) and the children's own answers are left out of the model.

use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::case::{next_stage, CaseState};
use super::words;
use crate::app::{
    AppWindow, CaseAdapter, CaseKind, CaseOutcome, CaseParty, CaseProblem, CaseSource, CaseStage,
    CaseVoice, Kiosk, ScreeningRuleKey,
};
use crate::domain::restorative::{Outcome, Stage};
use crate::store::restorative::{Side, VoiceMoment};

/// Fills the screen from the case screen's state.
pub(super) fn show(kiosk: &Kiosk, ui: &AppWindow) {
    let revealed = crate::app::child_present::revealed(kiosk);
    fill(
        &kiosk.view_of::<CaseState>(),
        revealed,
        kiosk.state_language(),
        ui,
    );
}

/// Fills the screen from `st`; `revealed`: «Show» was tapped since a child may have come near.
pub(super) fn fill(st: &CaseState, revealed: bool, lang: crate::domain::Language, ui: &AppWindow) {
    let a = ui.global::<CaseAdapter>();
    let Some(v) = st.view.as_ref() else {
        return;
    };
    let case = &v.case;
    let name_of = |p: &crate::store::restorative::PartyView| {
        if revealed {
            p.name.clone()
        } else {
            p.first_name.clone()
        }
    };
    a.set_number(case.id.0 as i32);
    a.set_kind(words::kind(case.kind));
    a.set_source(words::source(case.source));
    let (stage, outcome) = words::stage(case.stage);
    a.set_stage(stage);
    a.set_outcome(outcome);
    a.set_referred(case.referred_on.format("%d.%m.%Y").to_string().into());
    a.set_facilitator(v.facilitator_name.clone().unwrap_or_default().into());
    let who = match case.stage {
        Stage::Closed(Outcome::EndedAtPreliminary { declined_by }) => v
            .parties
            .iter()
            .find(|p| p.party.id == declined_by)
            .map(name_of)
            .unwrap_or_default(),
        _ => String::new(),
    };
    a.set_outcome_who(who.into());
    let outcome_rule = match case.stage {
        Stage::Closed(Outcome::NotSuitable { rule }) if revealed => words::rule(rule),
        _ => ScreeningRuleKey::None,
    };
    a.set_outcome_rule(outcome_rule);
    a.set_referrer_response(case.referrer_response.clone().unwrap_or_default().into());
    a.set_conflict(if revealed {
        v.conflict.as_str().into()
    } else {
        SharedString::new()
    });
    let parties: Vec<CaseParty> = v
        .parties
        .iter()
        .map(|p| CaseParty {
            id: p.party.id.0 as i32,
            name: name_of(p).into(),
            role: words::role(p.party.role),
            child: p.party.is_minor(),
            standing: words::standing(&p.standing),
            harmed_side: p.side == Side::Harmed,
        })
        .collect();
    a.set_parties(ModelRc::new(VecModel::from(parties)));
    let voices: Vec<CaseVoice> = if revealed {
        v.voices
            .iter()
            .map(|x| CaseVoice {
                who: v
                    .parties
                    .iter()
                    .find(|p| p.party.child() == Some(x.child))
                    .map(|p| p.first_name.clone())
                    .unwrap_or_default()
                    .into(),
                after: x.moment == VoiceMoment::After,
                mood: i32::from(x.answers.mood.code()),
                safe: yes_no(x.answers.safe),
                go_on: yes_no(x.answers.go_on),
                at: format!(
                    "{} {}",
                    lang.short_date(crate::app::clock::local_date(x.at)),
                    crate::app::clock::local_hh_mm(x.at)
                )
                .into(),
            })
            .collect()
    } else {
        Vec::new()
    };
    a.set_voices(ModelRc::new(VecModel::from(voices)));
    // The screening: that it was done and stops the meeting is said; its answers and the rule
    // only while shown.
    a.set_screened(case.screening.is_some());
    let stop = st.stop();
    a.set_stopped(stop.is_some());
    a.set_stop_rule(match stop {
        Some(rule) if revealed => words::rule(rule),
        _ => ScreeningRuleKey::None,
    });
    let answers = if revealed {
        st.answers
    } else {
        Default::default()
    };
    a.set_answer_violence(answers.ongoing_violence_or_safety_risk);
    a.set_answer_sexual_harm(answers.sexual_harm);
    a.set_answer_coercion(answers.coercive_control);
    a.set_answer_unwilling(answers.harmed_party_unwilling);
    a.set_rescreening(st.rescreening);
    let next = next_stage(case.stage, case.kind);
    a.set_has_next(next.is_some());
    a.set_next_stage(next.map_or(CaseStage::Referral, |n| words::stage(n).0));
    match st.signing {
        Some((party, representative)) => {
            a.set_signing(party.0 as i32);
            a.set_signing_name(
                v.parties
                    .iter()
                    .find(|p| p.party.id == party)
                    .map(name_of)
                    .unwrap_or_default()
                    .into(),
            );
            a.set_signing_representative(representative);
        }
        None => {
            a.set_signing(0);
            a.set_signing_name(SharedString::new());
            a.set_signing_representative(false);
        }
    }
    a.set_ink(st.ink.path_commands().into());
    a.set_signed(st.ink.is_signed());
    super::case_joint::show(st, ui, lang);
    if case.stage != Stage::JointMeeting {
        a.set_booked(false);
    }
    a.set_closing(st.closing);
    a.set_close_outcome(st.close_outcome.unwrap_or(CaseOutcome::None));
    a.set_close_declined(st.close_declined.map_or(0, |p| p.0 as i32));
}

fn yes_no(answer: Option<bool>) -> i32 {
    match answer {
        Some(true) => 1,
        Some(false) => 0,
        None => -1,
    }
}

/// Nothing of any case on the screen.
pub(super) fn blank(ui: &AppWindow) {
    let a = ui.global::<CaseAdapter>();
    a.set_number(0);
    a.set_kind(CaseKind::Mediation);
    a.set_source(CaseSource::Kdn);
    a.set_stage(CaseStage::Referral);
    a.set_outcome(CaseOutcome::None);
    a.set_outcome_who(SharedString::new());
    a.set_outcome_rule(ScreeningRuleKey::None);
    a.set_referred(SharedString::new());
    a.set_facilitator(SharedString::new());
    a.set_referrer_response(SharedString::new());
    a.set_conflict(SharedString::new());
    a.set_parties(ModelRc::default());
    a.set_voices(ModelRc::default());
    a.set_screened(false);
    a.set_stopped(false);
    a.set_stop_rule(ScreeningRuleKey::None);
    a.set_answer_violence(false);
    a.set_answer_sexual_harm(false);
    a.set_answer_coercion(false);
    a.set_answer_unwilling(false);
    a.set_rescreening(false);
    a.set_has_next(false);
    a.set_signing(0);
    a.set_signing_name(SharedString::new());
    a.set_ink(SharedString::new());
    a.set_signed(false);
    a.set_booked(false);
    a.set_meeting(SharedString::new());
    a.set_harmed_times(SharedString::new());
    a.set_other_times(SharedString::new());
    a.set_clashes(ModelRc::default());
    a.set_offers(ModelRc::default());
    a.set_closing(false);
    a.set_close_outcome(CaseOutcome::None);
    a.set_close_declined(0);
    a.set_response(SharedString::new());
    a.set_busy(false);
    a.set_problem(CaseProblem::None);
    a.set_problem_arg(SharedString::new());
}
