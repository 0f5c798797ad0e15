//! The booking form filled for `ladoshka screenshot`: a walk-in being booked at a time the room
//! is taken, with the free times offered.

use chrono::NaiveDate;
use slint::ComponentHandle;

use crate::app::AppWindow;
use crate::domain::{Language, Role};

use crate::app::preview_data::PreviewData;

/// A walk-in being booked at a time the room is taken.
pub(crate) fn booking_preview(ui: &AppWindow, data: &PreviewData, lang: Language) {
    use crate::app::{BookingAdapter, BookingChild, BookingClash};
    let a = ui.global::<BookingAdapter>();
    let demo = crate::demo::generate(data.today);
    let children: Vec<BookingChild> = demo
        .families
        .iter()
        .flat_map(|f| f.children.iter())
        .take(12)
        .enumerate()
        .map(|(i, c)| BookingChild {
            id: i as i32,
            avatar: c.avatar.key().into(),
            name: format!("{} {}", c.first_name, c.surname).into(),
            chosen: i == 2,
        })
        .collect();
    a.set_children(slint::ModelRc::new(slint::VecModel::from(children)));
    a.set_for_walk_in(true);
    a.set_kind("individual_play_therapy".into());
    a.set_day(data.today.format("%d.%m.%Y").to_string().into());
    a.set_time("11:30".into());
    a.set_minutes(45);
    // Twice a week, six times: the weekday row shows.
    a.set_weeks(6);
    a.set_weekdays(slint::ModelRc::new(slint::VecModel::from(vec![
        false, true, false, true, false, false, false,
    ])));
    let names: Vec<slint::SharedString> = (0..7)
        .map(|i| {
            lang.short_date(
                NaiveDate::from_ymd_opt(2026, 11, 23).expect("a real date")
                    + chrono::Duration::days(i),
            )
            .split(' ')
            .next()
            .unwrap_or_default()
            .into()
        })
        .collect();
    a.set_weekday_names(slint::ModelRc::new(slint::VecModel::from(names)));
    if let Some(p) = data.first_with(Role::Psychologist) {
        a.set_psychologist(p.member.list_name().into());
    }
    a.set_room(data.room_name.clone().into());
    let day = data.today.format("%d.%m").to_string();
    a.set_clashes(slint::ModelRc::new(slint::VecModel::from(vec![
        BookingClash {
            what: "room".into(),
            name: "".into(),
            when: format!("{day} 11:00–11:45").into(),
        },
    ])));
    let offers: Vec<slint::SharedString> = ["11:45", "12:00", "10:15"]
        .iter()
        .map(|t| format!("{day} {t}").into())
        .collect();
    a.set_offers(slint::ModelRc::new(slint::VecModel::from(offers)));
}
