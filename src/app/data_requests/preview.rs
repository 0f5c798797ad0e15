//! The data-requests screen as `ladoshka screenshot` shows it, from the demo centre without a
//! database: the second family chosen, its first child's consent withdrawn yesterday, and a
//! short audit trail.

use chrono::{Duration, NaiveDate};
use slint::ComponentHandle;

use super::view::{self, Loaded};
use super::{notice, show_mode};
use crate::app::{AppWindow, AuditLine, DataNotice, DataRequestsAdapter};
use crate::domain::{Child, ChildId, Family, FamilyId};
use crate::store::{erase_by, AwaitingErasure, ConsentState};

pub(crate) fn fill(ui: &AppWindow, today: NaiveDate, may_erase: bool) {
    let centre = crate::demo::generate(today);
    let mut next_child = 0;
    let families: Vec<(Family, Vec<Child>)> = centre
        .families
        .iter()
        .take(12)
        .enumerate()
        .map(|(i, f)| {
            let id = FamilyId(i as i64 + 1);
            let children = f
                .children
                .iter()
                .map(|c| {
                    next_child += 1;
                    Child {
                        id: ChildId(next_child),
                        details: crate::domain::NewChild {
                            family: id,
                            first_name: c.first_name.into(),
                            surname: c.surname.into(),
                            birth_date: c.birth_date,
                            avatar: c.avatar,
                            first_name_public: c.first_name_public,
                            situations: c.situations.clone(),
                        },
                    }
                })
                .collect();
            (
                Family {
                    id,
                    details: f.family.clone(),
                },
                children,
            )
        })
        .collect();
    let withdrawn_at = crate::app::clock::at_local(today, 10, 15) - Duration::days(1);
    let (family, children) = families[1].clone();
    let first = children[0].id;
    let chosen = children
        .iter()
        .map(|c| {
            let consent = if c.id == first {
                ConsentState::Withdrawn {
                    at: withdrawn_at,
                    erase_by: erase_by(withdrawn_at),
                }
            } else {
                ConsentState::Given {
                    signed_at: withdrawn_at - Duration::days(90),
                }
            };
            (c.clone(), consent)
        })
        .collect();
    let line = |at: &str, event: &str, detail: String| AuditLine {
        at: at.into(),
        who: "Сафина А. Р.".into(),
        event: event.into(),
        detail: detail.into(),
    };
    let yesterday = (today - Duration::days(1)).format("%d.%m.%Y").to_string();
    let name = |c: &Child| format!("{} {}", c.details.first_name, c.details.surname);
    let loaded = Loaded {
        awaiting: vec![AwaitingErasure {
            child: first,
            family: family.id,
            withdrawn_at,
            erase_by: erase_by(withdrawn_at),
        }],
        audit: vec![
            line(
                &format!("{yesterday} 10:15"),
                "consent_withdrawn",
                name(&children[0]),
            ),
            line(
                &format!("{yesterday} 09:40"),
                "results_opened",
                name(&children[0]),
            ),
            line(
                &format!("{yesterday} 09:02"),
                "exported",
                family.details.surname.clone(),
            ),
        ],
        chosen: Some((family.clone(), chosen)),
        families,
    };
    view::show(ui, &loaded, Some(family.id));
    let a = ui.global::<DataRequestsAdapter>();
    a.set_may_erase(may_erase);
    a.set_stick("/media/kiosk/KINGSTON".into());
    show_mode(ui, None, "");
    notice(ui, DataNotice::None, "");
}
