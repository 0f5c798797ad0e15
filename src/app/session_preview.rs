//! The session screen filled for `ladoshka screenshot`: a play-therapy session running, notes
//! being written.

use slint::ComponentHandle;

use super::AppWindow;
use crate::domain::Language;

use super::preview_data::PreviewData;

/// A play-therapy session running for 41 minutes of 45, with notes being written.
pub(crate) fn session_preview(ui: &AppWindow, data: &PreviewData, lang: Language) {
    use super::{SessionAdapter, SessionPerson};
    let a = ui.global::<SessionAdapter>();
    let entry = data
        .calendar
        .iter()
        .find(|e| e.people.len() == 1)
        .or(data.calendar.first());
    a.set_can_ask_mood(true);
    a.set_kind("individual_play_therapy".into());
    a.set_time("11:30–12:15".into());
    a.set_room(
        data.rooms
            .first()
            .map(|r| r.1.clone())
            .unwrap_or_default()
            .into(),
    );
    a.set_psychologist(
        data.psychologists
            .first()
            .map(|p| p.1.clone())
            .unwrap_or_default()
            .into(),
    );
    let people: Vec<SessionPerson> = entry
        .map(|e| {
            e.people
                .iter()
                .map(|p| SessionPerson {
                    child: p.child.0 as i32,
                    avatar: p.avatar.key().into(),
                    name: format!("{} {}", p.first_name, p.surname).into(),
                    arrived: true,
                })
                .collect()
        })
        .unwrap_or_default();
    a.set_people(slint::ModelRc::new(slint::VecModel::from(people)));
    a.set_state("in_progress".into());
    a.set_elapsed("41:12".into());
    a.set_remaining("03:48".into());
    a.set_ending_soon(true);
    // As after "Show": the psychologist alone with the screen.
    a.set_private_view(true);
    ui.global::<super::ChildPresent>().set_present(false);
    a.set_can_write_notes(true);
    a.set_notes("Строил из кубиков дом, впервые посадил в него всю семью. Спокойнее, чем на прошлой неделе.".into());
    let now = super::clock::at_local(data.schedule_day, 12, 0);
    let first_name = entry
        .and_then(|e| e.people.first())
        .map(|p| p.first_name.clone())
        .unwrap_or_default();
    let steps: Vec<super::SessionStepRow> = data
        .steps
        .iter()
        .take(2)
        .map(|(st, _)| super::SessionStepRow {
            id: st.id as i32,
            title: st.title.get(lang).into(),
            child: first_name.as_str().into(),
            due: st
                .due_at
                .with_timezone(&super::clock::zone())
                .format("%d.%m %H:%M")
                .to_string()
                .into(),
            overdue: st.due_at < now,
        })
        .collect();
    a.set_steps(slint::ModelRc::new(slint::VecModel::from(steps)));
}
