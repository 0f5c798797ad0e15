//! Headless UI test of the reconciliation room's screens that a child or a family holds (Slint
//! testing backend, mock time), asserting the records: the child's yes by pictures is the
//! consent's `OwnYes`, a no is a withdrawal, a refusal from the store shows only «ask a
//! grown-up»; the child's private answers reach the facilitator (and no other psychologist);
//! the way back needs the facilitator's PIN (a wrong one keeps the child's screen); «I need a
//! break» chimes and is recorded each time with its time; the meeting room outlasts the idle
//! time-out; and no name of the other side, nor any surname or word of the case, is anywhere in
//! the window. One test function: the testing backend can be set up once per process.

mod common;

use std::time::Duration;

use chrono::{NaiveDate, Utc};
use common::ui::{demo_kiosk, elapse, pump_until, settle, tap, type_pin, DemoKiosk};
use i_slint_backend_testing::ElementQuery;
use ladoshka::app::navigator::{ChildYesStart, MeetingStart, VoiceStart};
use ladoshka::app::{
    ChildVoiceStep, HandBackAdapter, MeetingRoomAdapter, Navigation, RestorativeChildAdapter,
    Route, Screen,
};
use ladoshka::domain::restorative::{
    CaseId, ConsentAct, ConsentPart, PartyId, PartyRole, PartyWho, ProgrammeKind, ReferralSource,
    Representative, RestorativeRefusal, Screening, Stage,
};
use ladoshka::domain::{Avatar, ChildId, Mood, NewChild, NewFamily, Refusal, StaffId};
use ladoshka::platform::audio::{Sound, Speakers};
use ladoshka::store::restorative::{
    CaseAct, CaseView, NewParty, Referral, VoiceAnswers, VoiceMoment,
};
use ladoshka::store::StoreError;
use slint::ComponentHandle;

/// The instant this test's kiosk clock stands at (see `common::instants`).
const INSTANT: &str = common::instants::MONDAY_MORNING;
const CONFLICT: &str = "Драка на перемене, разбитый телефон";

/// Every text in the window: labels, values and descriptions of every element.
fn texts_in_window(k: &DemoKiosk) -> Vec<String> {
    ElementQuery::from_root(&k.ui)
        .match_descendants()
        .find_all()
        .into_iter()
        .flat_map(|e| {
            [
                e.accessible_label(),
                e.accessible_value(),
                e.accessible_description(),
            ]
        })
        .flatten()
        .map(|t| t.to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// None of `names` (whole words), no word of the case's conflict, and no family's surname (in
/// its forms: Галиева, Галиев, Галиевы) is anywhere in the window.
fn assert_none_of(k: &DemoKiosk, names: &[&str]) {
    let text = texts_in_window(k).join(" | ");
    let words: std::collections::BTreeSet<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    assert!(words.len() >= 3, "the scan reads the screen: {text}");
    let surnames: Vec<String> = k.store.call(|s| {
        s.families()
            .unwrap()
            .into_iter()
            .map(|f| f.details.surname)
            .collect()
    });
    assert!(surnames.len() > 10, "the demo centre has families to leak");
    let mut forbidden: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    for surname in surnames {
        let stem = surname.trim_end_matches(['а', 'ы']).to_owned();
        forbidden.extend([format!("{stem}а"), format!("{stem}ы"), stem, surname]);
    }
    forbidden.extend(
        CONFLICT
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 6)
            .map(str::to_owned),
    );
    for f in &forbidden {
        assert!(
            !words.contains(f.as_str()),
            "«{f}» on screen {:?}: {text}",
            screen(k)
        );
    }
}

fn screen(k: &DemoKiosk) -> Screen {
    k.ui.global::<Navigation>().get_screen()
}

fn step(k: &DemoKiosk) -> ChildVoiceStep {
    k.ui.global::<RestorativeChildAdapter>().get_step()
}

fn staff_id(k: &DemoKiosk, list_name: &'static str) -> StaffId {
    k.store.call(move |s| {
        s.staff_cards()
            .unwrap()
            .into_iter()
            .find(|c| c.member.list_name() == list_name)
            .unwrap()
            .id
    })
}

fn case_view(k: &DemoKiosk, viewer: StaffId, case: CaseId) -> CaseView {
    k.store
        .call(move |s| s.write(|w| w.restorative_case(viewer, case)))
        .expect("the facilitator opens the case")
}

/// Two children of two new families, the harmed one's first: a mediation case at its
/// preliminary meetings, opened by `facilitator`.
fn open_case(k: &DemoKiosk, facilitator: StaffId) -> (CaseId, ChildId, ChildId) {
    k.store.call(move |s| {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let born = NaiveDate::from_ymd_opt(2014, 5, 2).unwrap();
        let (kamila, timur) = s
            .write(|w| {
                let f1 =
                    w.insert_family(&NewFamily::new("Шамсутдиновы", "Шамсутдинова Лилия", None)?)?;
                let kamila = w.insert_child(&NewChild::new(
                    f1,
                    "Камиля",
                    "Шамсутдинова",
                    born,
                    Avatar::Owl,
                    false,
                    &[],
                    today,
                )?)?;
                let f2 = w.insert_family(&NewFamily::new("Кудрявцевы", "Кудрявцев Олег", None)?)?;
                let timur = w.insert_child(&NewChild::new(
                    f2,
                    "Тимур",
                    "Кудрявцев",
                    born,
                    Avatar::Frog,
                    false,
                    &[],
                    today,
                )?)?;
                Ok((kamila, timur))
            })
            .unwrap();
        let party = |child, role, rep: &str| NewParty {
            who: PartyWho::Child(child),
            role,
            representatives: vec![Representative { name: rep.into() }],
        };
        let referral = Referral {
            kind: ProgrammeKind::Mediation,
            source: ReferralSource::School,
            referred_on: today,
            conflict: CONFLICT.into(),
            parties: vec![
                party(kamila, PartyRole::Harmed, "Шамсутдинова Лилия"),
                party(timur, PartyRole::CausedHarm, "Кудрявцев Олег"),
            ],
        };
        let case = s
            .write(|w| w.open_restorative_case(facilitator, &referral))
            .expect("the case opens");
        for act in [
            CaseAct::MoveTo(Stage::Screening),
            CaseAct::Screening(Screening::default()),
            CaseAct::MoveTo(Stage::Preliminary),
        ] {
            s.write(|w| w.restorative_act(facilitator, case, act))
                .unwrap();
        }
        (case, kamila, timur)
    })
}

/// The facilitator's PIN on the hand-back keypad: a wrong one keeps the child's screen.
fn hand_back(k: &DemoKiosk, from: Screen) {
    let h = k.ui.global::<HandBackAdapter>();
    tap(
        &k.ui,
        if from == Screen::MeetingRoom {
            "End the meeting"
        } else {
            "For the facilitator"
        },
    );
    assert!(h.get_unlocking());
    type_pin(&k.ui, "9999");
    pump_until("the wrong PIN", || h.get_wrong_pin());
    assert_eq!(screen(k), from, "a wrong PIN leads nowhere");
    type_pin(&k.ui, "1111");
    pump_until("the case screen", || screen(k) != from);
    assert!(!h.get_unlocking());
    assert_eq!(
        k.ui.global::<RestorativeChildAdapter>().get_first_name(),
        ""
    );
}

fn gave(view: &CaseView, party: PartyId, act: ConsentAct) -> bool {
    view.case
        .consents
        .iter()
        .any(|e| e.party == party && e.act == act)
}

#[test]
fn the_child_answers_alone_and_a_meeting_pauses_on_a_tap() {
    let (speakers, heard) = Speakers::listening();
    let k = demo_kiosk(speakers, INSTANT);
    let safina = staff_id(&k, "Сафина А. С.");
    let other = staff_id(&k, "Хайруллина Л. Р.");
    let (case, kamila, _timur) = open_case(&k, safina);
    common::ui::sign_in(&k.ui, "Сафина А. С.", "1111");
    let kamila_hides = ["Шамсутдинова", "Лилия", "Тимур", "Кудрявцев", "Олег"];
    let timur_hides = ["Кудрявцев", "Олег", "Камиля", "Шамсутдинова", "Лилия"];

    // --- The child's yes: the rules read aloud, then two pictures. ---
    let said = |heard: &std::sync::mpsc::Receiver<Sound>| -> Vec<String> {
        heard
            .try_iter()
            .filter_map(|s| match s {
                Sound::Voice(wav) => ladoshka::platform::voice_lines::KEYS
                    .iter()
                    .find(|key| {
                        ladoshka::platform::voice_lines::line(key, ladoshka::domain::Language::En)
                            == Some(wav)
                    })
                    .map(|key| (*key).to_owned()),
                Sound::Cue(c) => Some(format!("{c:?}")),
                Sound::Speech { .. } => Some("speech".into()),
            })
            .collect()
    };
    let _ = said(&heard);
    k.kiosk.go(
        &k.ui,
        Route::RestorativeChildYes(ChildYesStart {
            case,
            party: PartyId(1),
            first_name: "Камиля".into(),
        }),
    );
    assert_eq!(
        (screen(&k), step(&k)),
        (Screen::RestorativeChild, ChildVoiceStep::Rules)
    );
    assert_eq!(said(&heard), ["restorative-rules"]);
    assert!(
        texts_in_window(&k).iter().any(|t| t == "Камиля"),
        "the child's first name shows"
    );
    assert_none_of(&k, &kamila_hides);
    tap(&k.ui, "I understand");
    assert_eq!(step(&k), ChildVoiceStep::AskYes);
    assert!(said(&heard).contains(&"restorative-ask-yes".to_owned()));
    tap(&k.ui, "Yes");
    pump_until("thank you", || step(&k) == ChildVoiceStep::Thanks);
    assert!(said(&heard).contains(&"restorative-thanks".to_owned()));
    let view = case_view(&k, safina, case);
    assert!(
        gave(&view, PartyId(1), ConsentAct::Gave(ConsentPart::OwnYes)),
        "{:?}",
        view.case.consents
    );
    assert_none_of(&k, &kamila_hides);
    hand_back(&k, Screen::RestorativeChild);

    // --- The child's private answers: mood, safe, go on. ---
    k.kiosk.go(
        &k.ui,
        Route::RestorativeVoice(VoiceStart {
            case,
            child: kamila,
            first_name: "Камиля".into(),
            moment: VoiceMoment::Before,
        }),
    );
    assert_eq!(
        (screen(&k), step(&k)),
        (Screen::RestorativeChild, ChildVoiceStep::Mood)
    );
    assert_none_of(&k, &kamila_hides);
    for face in [
        "Very sad",
        "Sad",
        "So-so",
        "Happy",
        "Very happy",
        "Angry",
        "Scared",
        "I don't want to say",
    ] {
        assert!(
            common::ui::shows(&k.ui, face),
            "the check-in's face «{face}»"
        );
    }
    tap(&k.ui, "Scared");
    assert_eq!(step(&k), ChildVoiceStep::Safe);
    assert_none_of(&k, &kamila_hides);
    tap(&k.ui, "Not really");
    assert_eq!(step(&k), ChildVoiceStep::GoOn);
    tap(&k.ui, "I don't want to say");
    pump_until("thank you", || step(&k) == ChildVoiceStep::Thanks);
    let view = case_view(&k, safina, case);
    assert_eq!(view.voices.len(), 1);
    assert_eq!(
        (view.voices[0].child, view.voices[0].moment),
        (kamila, VoiceMoment::Before)
    );
    assert_eq!(
        view.voices[0].answers,
        VoiceAnswers {
            mood: Mood::Scared,
            safe: Some(false),
            go_on: None
        }
    );
    // Only the facilitator (or an administrator) reads them.
    let refused = k
        .store
        .call(move |s| s.write(|w| w.restorative_case(other, case)));
    assert!(
        matches!(
            refused,
            Err(StoreError::Refused(Refusal::Restorative(
                RestorativeRefusal::NotTheFacilitator
            )))
        ),
        "{refused:?}"
    );
    hand_back(&k, Screen::RestorativeChild);

    // --- The other child's no: a withdrawal. ---
    k.kiosk.go(
        &k.ui,
        Route::RestorativeChildYes(ChildYesStart {
            case,
            party: PartyId(2),
            first_name: "Тимур".into(),
        }),
    );
    assert_none_of(&k, &timur_hides);
    tap(&k.ui, "I understand");
    tap(&k.ui, "No");
    pump_until("thank you", || step(&k) == ChildVoiceStep::Thanks);
    let view = case_view(&k, safina, case);
    assert!(
        gave(&view, PartyId(2), ConsentAct::Withdrew),
        "{:?}",
        view.case.consents
    );
    assert!(!gave(
        &view,
        PartyId(2),
        ConsentAct::Gave(ConsentPart::OwnYes)
    ));
    assert_none_of(&k, &timur_hides);
    hand_back(&k, Screen::RestorativeChild);

    // --- A refusal from the store: «ask a grown-up», never its words. ---
    k.kiosk.go(
        &k.ui,
        Route::RestorativeChildYes(ChildYesStart {
            case,
            party: PartyId(9),
            first_name: "Камиля".into(),
        }),
    );
    tap(&k.ui, "I understand");
    tap(&k.ui, "Yes");
    pump_until("ask a grown-up", || step(&k) == ChildVoiceStep::AskAdult);
    let text = texts_in_window(&k).join(" | ");
    assert!(
        text.contains("Please ask a grown-up") && !text.contains("party"),
        "{text}"
    );
    hand_back(&k, Screen::RestorativeChild);

    // --- The meeting room: no names, «I need a break» twice, the chime each time. ---
    let _ = said(&heard);
    k.kiosk.go(
        &k.ui,
        Route::MeetingRoom(MeetingStart {
            case,
            session: None,
        }),
    );
    assert_eq!(screen(&k), Screen::MeetingRoom);
    assert_none_of(
        &k,
        &[
            "Камиля",
            "Шамсутдинова",
            "Лилия",
            "Тимур",
            "Кудрявцев",
            "Олег",
        ],
    );
    let m = k.ui.global::<MeetingRoomAdapter>();
    let first: chrono::DateTime<Utc> = ladoshka::platform::clock::now();
    tap(&k.ui, "I need a break");
    assert!(m.get_paused());
    assert!(texts_in_window(&k)
        .iter()
        .any(|t| t == "Let's breathe calmly."));
    elapse(Duration::from_secs(180));
    tap(&k.ui, "Continue");
    assert!(!m.get_paused());
    let second = ladoshka::platform::clock::now();
    tap(&k.ui, "I need a break");
    settle(&k.store);
    assert_eq!(
        said(&heard).iter().filter(|c| *c == "Chime").count(),
        2,
        "a chime for each tap"
    );
    let view = case_view(&k, safina, case);
    let at: Vec<i64> = view.pauses.iter().map(|t| t.timestamp()).collect();
    assert_eq!(at, [first.timestamp(), second.timestamp()]);
    assert_none_of(
        &k,
        &[
            "Камиля",
            "Шамсутдинова",
            "Лилия",
            "Тимур",
            "Кудрявцев",
            "Олег",
        ],
    );

    // The staff idle time-out (90 s here) does not end a meeting.
    tap(&k.ui, "Continue");
    elapse(Duration::from_secs(2 * 3600));
    settle(&k.store);
    assert_eq!(screen(&k), Screen::MeetingRoom);
    assert!(
        k.kiosk.signed_in().is_some(),
        "the facilitator is still signed in"
    );
    hand_back(&k, Screen::MeetingRoom);
}
