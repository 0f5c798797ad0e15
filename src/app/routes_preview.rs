//! The help-routes screen filled for `ladoshka screenshot`: a child three days into the route of
//! their life situation.

use slint::ComponentHandle;

use super::AppWindow;
use crate::domain::Language;

use super::preview_data::PreviewData;

/// A child three days into the route of their life situation: two steps done, one overdue.
pub(crate) fn routes_preview(ui: &AppWindow, data: &PreviewData, lang: Language) {
    use super::{RouteCard, RouteChild, RouteStepRow, RouteTemplateRow, RoutesAdapter};
    let a = ui.global::<RoutesAdapter>();
    let demo = crate::demo::generate(data.today);
    let templates = crate::platform::route_files::built_in().templates;
    let kids: Vec<_> = demo
        .families
        .iter()
        .flat_map(|f| f.children.iter())
        .take(12)
        .collect();
    let chosen = kids
        .iter()
        .position(|c| !c.situations.is_empty())
        .unwrap_or(0);
    let rows: Vec<RouteChild> = kids
        .iter()
        .enumerate()
        .map(|(i, c)| RouteChild {
            id: i as i32 + 1,
            avatar: c.avatar.key().into(),
            name: format!("{} {}", c.first_name, c.surname).into(),
            open_routes: i32::from(!c.situations.is_empty()),
            chosen: i == chosen,
        })
        .collect();
    a.set_children(slint::ModelRc::new(slint::VecModel::from(rows)));
    a.set_child_chosen(true);
    // As after "Show": the psychologist alone with the screen.
    ui.global::<super::ChildPresent>().set_present(false);
    let situation = kids
        .get(chosen)
        .and_then(|c| c.situations.first().copied())
        .unwrap_or(crate::domain::LifeSituation::LossOfParents);
    let Some(t) = templates.iter().find(|t| t.situation == situation) else {
        return;
    };
    a.set_templates(slint::ModelRc::new(slint::VecModel::from(vec![
        RouteTemplateRow {
            key: t.key.as_str().into(),
            title: t.title.get(lang).into(),
        },
    ])));
    let now = super::clock::at_local(data.schedule_day, 12, 0);
    let assigned = now - chrono::Duration::days(4);
    let steps: Vec<RouteStepRow> = t
        .plan(assigned)
        .into_iter()
        .map(|p| RouteStepRow {
            id: p.position as i32,
            position: p.position as i32,
            title: p.title.get(lang).into(),
            who: match (p.role, lang) {
                (crate::domain::Role::Psychologist, Language::En) => "psychologist".into(),
                (crate::domain::Role::Psychologist, _) => "психолог".into(),
                (_, Language::En) => "social worker".into(),
                (_, Language::Tt) => "социаль эш белгече".into(),
                (_, Language::Ru) => "специалист по социальной работе".into(),
            },
            due: p
                .due_at
                .with_timezone(&super::clock::zone())
                .format("%d.%m %H:%M")
                .to_string()
                .into(),
            done: p.position <= 2,
            overdue: p.position > 2 && p.due_at < now,
            key_step: p.key_step,
        })
        .collect();
    a.set_routes(slint::ModelRc::new(slint::VecModel::from(vec![
        RouteCard {
            id: 1,
            title: t.title.get(lang).into(),
            steps: slint::ModelRc::new(slint::VecModel::from(steps)),
        },
    ])));
}
