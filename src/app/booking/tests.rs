//! Unit tests of the booking form's adapter: its repeat rule and who may be chosen.

use super::*;

#[test]
fn the_form_describes_its_repeat_rule() {
    let mut st = BookingState {
        day: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        ..Default::default()
    };
    assert_eq!(repeat_of(&st), Repeat::Once);
    st.weeks = 4;
    assert_eq!(
        repeat_of(&st),
        Repeat::Weekly {
            weekdays: vec![],
            end: RepeatEnd::Times(4)
        }
    );
    st.weekdays = vec![Weekday::Thu, Weekday::Tue];
    assert_eq!(
        repeat_of(&st),
        Repeat::Weekly {
            weekdays: vec![Weekday::Tue, Weekday::Thu],
            end: RepeatEnd::Times(4)
        },
        "Monday-first order"
    );
    let until = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
    st.until = Some(until);
    assert_eq!(
        repeat_of(&st),
        Repeat::Weekly {
            weekdays: vec![Weekday::Tue, Weekday::Thu],
            end: RepeatEnd::Until(until)
        }
    );
    assert_eq!(weekday_short(crate::domain::Language::Ru, 0), "пн");
    assert_eq!(weekday_short(crate::domain::Language::En, 6), "Sun");
}

#[test]
fn one_child_for_individual_kinds_many_for_groups() {
    let mut st = BookingState::default();
    toggle_child(&mut st, ChildId(1));
    toggle_child(&mut st, ChildId(2));
    assert_eq!(
        st.chosen,
        vec![ChildId(2)],
        "play therapy: the new child replaces the old"
    );
    st.kind = SessionKind::Group;
    toggle_child(&mut st, ChildId(3));
    assert_eq!(st.chosen, vec![ChildId(2), ChildId(3)]);
    toggle_child(&mut st, ChildId(2));
    assert_eq!(st.chosen, vec![ChildId(3)], "a second tap unchooses");
}
