//! Adapter of the help routes screen: a child's open routes with their steps, assigning the
//! route of the child's life situation, marking steps done, and closing a route with the
//! family's answer ("has the situation improved?"), which the indicators count. Surnames, life
//! situations and steps stay off the screen until "Show" (`child_present`).

use std::rc::Rc;

use chrono::Utc;
use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::{
    AppWindow, Kiosk, Navigation, RouteCard, RouteChild, RouteStepRow, RouteTemplateRow,
    RoutesAdapter, Screen,
};
use crate::domain::route::RouteTemplate;
use crate::domain::{Child, ChildId, Language, Refusal, Role};
use crate::store::{RouteStep, StoreError};

#[derive(Default)]
pub(crate) struct RoutesState {
    children: Vec<(Child, usize)>,
    chosen: Option<ChildId>,
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn super::navigator::Adapter> {
    let a = ui.global::<RoutesAdapter>();
    let k = kiosk.clone();
    a.on_choose_child(move |id| {
        k.state_of::<RoutesState>().chosen = Some(ChildId(i64::from(id)));
        if let Some(ui) = k.ui.upgrade() {
            let a = ui.global::<RoutesAdapter>();
            a.set_closing(0);
            a.set_problem(SharedString::new());
        }
        load(&k);
    });
    let k = kiosk.clone();
    a.on_assign(move |key| {
        let Some(me) = k.signed_in() else { return };
        let Some(child) = k.view_of::<RoutesState>().chosen else {
            return;
        };
        let Some(template) = k
            .config
            .routes
            .iter()
            .find(|t| t.key == key.as_str())
            .cloned()
        else {
            return;
        };
        write(&k, move |w| {
            w.assign_route(child, &template, me.staff).map(|_| ())
        });
    });
    let k = kiosk.clone();
    a.on_step_done(move |id| {
        let Some(me) = k.signed_in() else { return };
        write(&k, move |w| w.complete_step(i64::from(id), None, me.staff));
    });
    let k = kiosk.clone();
    a.on_ask_close(move |id| {
        if let Some(ui) = k.ui.upgrade() {
            ui.global::<RoutesAdapter>().set_closing(id);
        }
    });
    let k = kiosk.clone();
    a.on_close(move |id, answer| {
        let Some(me) = k.signed_in() else { return };
        let improved = match answer.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        write(&k, move |w| {
            w.close_route(i64::from(id), improved, me.staff)
        });
    });
    let k = kiosk.clone();
    a.on_reveal(move |on| {
        if let Some(ui) = k.ui.upgrade() {
            super::child_present::set_revealed(&k, &ui, on);
            load(&k);
        }
    });
    let k = kiosk.clone();
    a.on_back(move || {
        if let Some(ui) = k.ui.upgrade() {
            clear(&k, &ui);
            k.navigate(&ui, Screen::RoleHome);
        }
    });
    Rc::new(super::navigator::Plain::<RoutesState>::new(
        |r| matches!(r, super::navigator::Route::HelpRoutes),
        open,
        clear,
    ))
}

/// Opens the screen with no child chosen.
pub fn open(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    clear(kiosk, ui);
    kiosk.navigate(ui, Screen::Routes);
    load(kiosk);
}

pub fn clear(kiosk: &Kiosk, ui: &AppWindow) {
    *kiosk.state_of::<RoutesState>() = RoutesState::default();
    let a = ui.global::<RoutesAdapter>();
    a.set_children(ModelRc::default());
    a.set_routes(ModelRc::default());
    a.set_templates(ModelRc::default());
    a.set_child_chosen(false);
    a.set_closing(0);
    a.set_problem(SharedString::new());
    a.set_busy(false);
}

fn write(
    kiosk: &Rc<Kiosk>,
    f: impl FnOnce(&mut crate::store::Writer<'_>) -> Result<(), StoreError> + Send + 'static,
) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let a = ui.global::<RoutesAdapter>();
    if a.get_busy() {
        return;
    }
    a.set_busy(true);
    kiosk.ask(
        move |s| s.write(f),
        |k, ui, r| {
            let a = ui.global::<RoutesAdapter>();
            a.set_busy(false);
            a.set_closing(0);
            match r {
                Ok(()) => a.set_problem(SharedString::new()),
                Err(StoreError::Refused(Refusal::RouteAlreadyFollowed { .. })) => {
                    a.set_problem("exists".into())
                }
                Err(e) => {
                    tracing::error!("the route change was not saved: {e}");
                    a.set_problem("write".into());
                }
            }
            load(k);
        },
    );
}

fn load(kiosk: &Rc<Kiosk>) {
    let chosen = kiosk.view_of::<RoutesState>().chosen;
    let now = crate::platform::clock::now();
    kiosk.ask(
        move |s| {
            let children = s.bookable_children()?;
            let mut with_counts = Vec::with_capacity(children.len());
            for c in children {
                let n = s.open_routes(c.id)?.len();
                with_counts.push((c, n));
            }
            let routes = match chosen {
                Some(child) => s
                    .open_routes(child)?
                    .into_iter()
                    .map(|(id, key)| Ok((id, key, s.route_steps(id)?)))
                    .collect::<Result<Vec<_>, StoreError>>()?,
                None => Vec::new(),
            };
            let names = s
                .staff_cards()?
                .into_iter()
                .map(|c| (c.member.role, c.member.list_name(), c.id))
                .collect::<Vec<_>>();
            Ok::<_, StoreError>((with_counts, routes, names))
        },
        move |k, ui, r| {
            if ui.global::<Navigation>().get_screen() != Screen::Routes {
                return;
            }
            match r {
                Ok((children, routes, _)) => {
                    k.state_of::<RoutesState>().children = children;
                    show(k, ui, &routes, now);
                }
                Err(e) => {
                    tracing::error!("cannot read the help routes: {e}");
                    ui.global::<RoutesAdapter>().set_problem("write".into());
                }
            }
        },
    );
}

fn role_name(role: Role, lang: Language) -> &'static str {
    match (role, lang) {
        (Role::Psychologist, Language::Ru) => "психолог",
        (Role::Psychologist, Language::Tt) => "психолог",
        (Role::Psychologist, Language::En) => "psychologist",
        (Role::Staff, Language::Ru) => "специалист по социальной работе",
        (Role::Staff, Language::Tt) => "социаль эш белгече",
        (Role::Staff, Language::En) => "social worker",
        (Role::Admin, Language::Ru) => "администратор",
        (Role::Admin, Language::Tt) => "администратор",
        (Role::Admin, Language::En) => "administrator",
    }
}

/// The templates offered for `child`: those of their recorded life situations, or all.
pub fn templates_for<'a>(child: &Child, templates: &'a [RouteTemplate]) -> Vec<&'a RouteTemplate> {
    let own: Vec<&RouteTemplate> = templates
        .iter()
        .filter(|t| child.details.situations.contains(&t.situation))
        .collect();
    if own.is_empty() {
        templates.iter().collect()
    } else {
        own
    }
}

fn show(
    kiosk: &Kiosk,
    ui: &AppWindow,
    routes: &[(i64, String, Vec<RouteStep>)],
    now: chrono::DateTime<Utc>,
) {
    let lang = kiosk.state_language();
    let st = kiosk.view_of::<RoutesState>();
    let a = ui.global::<RoutesAdapter>();
    let chosen = st.chosen;
    let rows: Vec<RouteChild> = st
        .children
        .iter()
        .map(|(c, n)| RouteChild {
            id: c.id.0 as i32,
            avatar: c.details.avatar.key().into(),
            name: super::child_present::child_name(
                kiosk,
                &c.details.first_name,
                &c.details.surname,
                true,
            )
            .into(),
            open_routes: *n as i32,
            chosen: Some(c.id) == chosen,
        })
        .collect();
    a.set_children(ModelRc::new(VecModel::from(rows)));
    let child = chosen.and_then(|id| st.children.iter().find(|(c, _)| c.id == id).map(|(c, _)| c));
    a.set_child_chosen(child.is_some());
    // A child may see the screen: no life situation, route or step is put on it.
    let (child, routes) = if super::child_present::revealed(kiosk) {
        (child, routes)
    } else {
        (None, &[][..])
    };
    let templates: Vec<RouteTemplateRow> = child
        .map(|c| {
            templates_for(c, &kiosk.config.routes)
                .into_iter()
                .map(|t| RouteTemplateRow {
                    key: t.key.as_str().into(),
                    title: t.title.get(lang).into(),
                })
                .collect()
        })
        .unwrap_or_default();
    a.set_templates(ModelRc::new(VecModel::from(templates)));
    let cards: Vec<RouteCard> = routes
        .iter()
        .map(|(id, key, steps)| {
            let title = kiosk
                .config
                .routes
                .iter()
                .find(|t| &t.key == key)
                .map(|t| t.title.get(lang).to_owned())
                .unwrap_or_else(|| key.clone());
            let rows: Vec<RouteStepRow> = steps
                .iter()
                .map(|s| RouteStepRow {
                    id: s.id as i32,
                    position: s.position as i32,
                    title: s.title.get(lang).into(),
                    who: role_name(s.role, lang).into(),
                    due: s
                        .due_at
                        .with_timezone(&super::clock::zone())
                        .format("%d.%m %H:%M")
                        .to_string()
                        .into(),
                    done: s.done_at.is_some(),
                    overdue: s.done_at.is_none() && s.due_at < now,
                    key_step: s.key_step,
                })
                .collect();
            RouteCard {
                id: *id as i32,
                title: title.into(),
                steps: ModelRc::new(VecModel::from(rows)),
            }
        })
        .collect();
    a.set_routes(ModelRc::new(VecModel::from(cards)));
}
