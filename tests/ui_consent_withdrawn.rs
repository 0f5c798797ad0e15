//! A child whose consent was withdrawn, at the door (issue 15 §1): the tile still shows (the
//! child is not told why), but no code is asked and nothing is recorded; an adult is called, as
//! after three wrong codes. (Its own binary: Slint's testing platform is one per process.)

mod common;

use common::ui::{demo_kiosk, pump_until, settle, tap};
use ladoshka::platform::audio::Speakers;
use slint::{ComponentHandle, Model};

const INSTANT: &str = common::instants::MONDAY_MORNING;

#[test]
fn a_child_whose_consent_was_withdrawn_is_met_by_an_adult_and_nothing_is_recorded() {
    use ladoshka::app::{CheckInAdapter, CheckInStep};
    use ladoshka::domain::{NewSession, SessionKind, StaffId};
    let k = demo_kiosk(Speakers::muted(), INSTANT);
    let ui = &k.ui;
    let at = ladoshka::platform::clock::now() + chrono::Duration::minutes(17);
    let (session, child) = k.store.call(move |s| {
        let child = s.bookable_children().unwrap()[0].id;
        let room = s.rooms().unwrap()[0].id;
        let me = s
            .staff_cards()
            .unwrap()
            .into_iter()
            .find(|c| c.member.role == ladoshka::domain::Role::Psychologist)
            .unwrap()
            .id;
        let session = s
            .write(|w| {
                w.insert_session(&NewSession::new(
                    room,
                    me,
                    SessionKind::IndividualPlayTherapy,
                    at,
                    45,
                    &[child],
                )?)
            })
            .unwrap();
        s.write(|w| w.withdraw_consent(child, b"PNG withdrawal", StaffId(1)))
            .unwrap();
        (session, child)
    });
    let c = ui.global::<CheckInAdapter>();
    tap(ui, "I'm here");
    pump_until("the tiles", || c.get_tiles().row_count() > 0);
    tap(ui, &ladoshka::app::clock::local_hh_mm(at));
    pump_until("an adult is called", || c.get_step() == CheckInStep::Help);
    settle(&k.store);
    let (check_ins, notices) = k.store.call(move |s| {
        (
            s.check_ins_for_session(session).unwrap().len(),
            s.unseen_help_notices(session).unwrap(),
        )
    });
    assert_eq!(check_ins, 0, "nothing is recorded about child {child:?}");
    assert_eq!(notices, 1, "the psychologist is told a child needs them");
}
