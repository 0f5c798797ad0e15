//! Unit tests of the demo centre.

use super::*;
use std::collections::HashSet;

#[test]
fn demo_photos_are_pictures_of_each_kind() {
    let mut seen = HashSet::new();
    for kind in crate::domain::rental_kinds::default_kinds().kinds() {
        let png = demo_photo(kind);
        let img = image::load_from_memory(&png).expect("a PNG");
        assert_eq!((img.width(), img.height()), (480, 360));
        seen.insert(png);
    }
    assert!(seen.len() >= 4, "the kinds look different");
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

#[test]
fn a_believable_centre() {
    let c = generate(today());
    assert_eq!(c.rooms.len(), 3);
    assert_eq!(
        c.staff
            .iter()
            .filter(|(s, _)| s.role == Role::Psychologist)
            .count(),
        3
    );
    assert!((24..=48).contains(&c.families.len()));
    assert!(c.sessions.len() >= 40);
    assert!(c.rental.len() >= 15);
    let names: HashSet<_> = c
        .families
        .iter()
        .flat_map(|f| f.children.iter().map(|ch| ch.first_name))
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.chars().any(|ch| "әөүҗңһ".contains(ch))),
        "some Tatar letters: {names:?}"
    );
    for f in &c.families {
        for ch in &f.children {
            let age = crate::domain::family::age_on(ch.birth_date, today());
            assert!((3..=17).contains(&age), "age {age}");
        }
    }
}

#[test]
fn same_day_same_centre() {
    let (a, b) = (generate(today()), generate(today()));
    assert_eq!(a.families.len(), b.families.len());
    assert_eq!(a.families[5].family, b.families[5].family);
    assert_eq!(a.sessions[7].starts_at, b.sessions[7].starts_at);
}

#[test]
fn no_room_or_psychologist_is_double_booked() {
    let c = generate(today());
    for (i, a) in c.sessions.iter().enumerate() {
        for b in &c.sessions[i + 1..] {
            let overlap = a.starts_at < b.starts_at + Duration::minutes(b.minutes.into())
                && b.starts_at < a.starts_at + Duration::minutes(a.minutes.into());
            if overlap {
                assert_ne!(a.room, b.room);
                assert_ne!(a.psychologist, b.psychologist);
            }
        }
    }
}

#[test]
fn sessions_fall_in_the_working_week_of_today() {
    let c = generate(today());
    let monday = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
    for s in &c.sessions {
        let local = s.starts_at.with_timezone(&KAZAN).date_naive();
        assert!(
            local >= monday && local < monday + Duration::days(5),
            "{local}"
        );
    }
}
