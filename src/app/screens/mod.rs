//! The named screens `ladoshka screenshot` can render, and how to fill each with preview data
//! without a running kiosk: from the demo centre, or from a real data directory.

use slint::ComponentHandle;

use super::{
    AppWindow, CheckInAdapter, CheckInStep, Navigation, PinEntryAdapter, PinStatus, PinStep, Screen,
};
use crate::domain::{Language, Role};

use super::booking::preview::booking_preview;
use super::enrolment_preview::enrolment_preview;
use super::preview_data::month_of;
pub use super::preview_data::PreviewData;
pub use super::restorative_child::preview::RoomShot;
use super::routes_preview::routes_preview;
use super::session_preview::session_preview;

mod describe;
mod names;

pub use names::ScreenName;

/// Fills `ui` to show `screen` in `lang`.
pub fn prepare(ui: &AppWindow, screen: ScreenName, lang: Language, data: &PreviewData) {
    super::language::select(lang);
    super::keyboard::follow_language(ui, lang);
    super::room_choice::set_room_name(ui, Some(&data.room_name));
    super::public_home::show_language_on(ui, lang, data.today);
    ui.global::<super::PublicHomeAdapter>().set_demo(data.demo);
    let mut staff = data.staff.clone();
    super::staff_select::sort_for(lang, &mut staff);
    super::staff_select::show(ui, &staff, crate::platform::clock::now());

    let nav = ui.global::<Navigation>();
    let pin = ui.global::<PinEntryAdapter>();
    let psychologist = data.first_with(Role::Psychologist).or(data.staff.first());
    if let Some(card) = psychologist {
        pin.set_name(card.member.list_name().into());
        pin.set_role(card.member.role.key().into());
    }
    let home_for = |role: Role| {
        match data.first_with(role) {
            Some(card) => super::role_home::show(ui, card),
            None => super::role_home::show_role(ui, "", role),
        }
        ui.global::<super::RoleHomeAdapter>()
            .set_door_news(data.door.waiting() as i32);
        nav.set_screen(Screen::RoleHome);
    };
    super::check_in::show_tiles(ui, &data.arrivals);
    super::check_in::show_code_pictures(ui);
    let check_in = ui.global::<CheckInAdapter>();
    let family = data
        .arrivals
        .iter()
        .find(|t| t.participants.len() > 1)
        .or(data.arrivals.first());
    let named = data
        .arrivals
        .iter()
        .flat_map(|t| &t.participants)
        .find(|p| p.public_name.is_some());
    if let Some(p) = named.or(family.and_then(|t| t.participants.first())) {
        check_in.set_chosen(super::check_in::person_data(p));
    }
    if let Some(tile) = family {
        let people: Vec<_> = tile
            .participants
            .iter()
            .map(super::check_in::person_data)
            .collect();
        check_in.set_people(slint::ModelRc::new(slint::VecModel::from(people)));
    }
    let step = |s: CheckInStep| {
        check_in.set_step(s);
        nav.set_screen(Screen::CheckIn);
    };
    match screen {
        ScreenName::Home => nav.set_screen(Screen::PublicHome),
        ScreenName::CheckInWho => step(CheckInStep::Who),
        ScreenName::CheckInWhichOne => step(CheckInStep::WhichOne),
        ScreenName::CheckInCode => {
            check_in.set_code_entered(1);
            step(CheckInStep::Code)
        }
        ScreenName::CheckInCodeWrong => {
            check_in.set_code_wrong(true);
            step(CheckInStep::Code)
        }
        ScreenName::CheckInHelp => step(CheckInStep::Help),
        ScreenName::CheckInMood => step(CheckInStep::Mood),
        ScreenName::CheckInDone => step(CheckInStep::Done),
        ScreenName::CheckInFailed => step(CheckInStep::Failed),
        ScreenName::CheckInEmpty => {
            super::check_in::show_tiles(ui, &[]);
            step(CheckInStep::Who)
        }
        ScreenName::WalkIn => step(CheckInStep::WalkIn),
        ScreenName::StaffSelect => nav.set_screen(Screen::StaffSelect),
        ScreenName::Pin => {
            pin.set_step(PinStep::Pin);
            pin.set_digits_typed(2);
            pin.set_status(PinStatus::Entering);
            nav.set_screen(Screen::PinEntry);
        }
        ScreenName::PinLocked => {
            pin.set_step(PinStep::Pin);
            pin.set_digits_typed(0);
            pin.set_locked_until("14:35".into());
            pin.set_status(PinStatus::Locked);
            nav.set_screen(Screen::PinEntry);
        }
        ScreenName::PinFirstCode => {
            pin.set_digits_typed(3);
            pin.set_step(PinStep::StartingCode);
            pin.set_status(PinStatus::Entering);
            nav.set_screen(Screen::PinEntry);
        }
        ScreenName::PinChooseAgain => {
            pin.set_digits_typed(0);
            pin.set_step(PinStep::Choose);
            pin.set_status(PinStatus::Mismatch);
            nav.set_screen(Screen::PinEntry);
        }
        ScreenName::PsychologistHome => {
            home_for(Role::Psychologist);
            if let Some(card) = psychologist {
                let (from, to) = super::clock::day_bounds(data.schedule_day);
                let day: Vec<_> = data
                    .calendar
                    .iter()
                    .filter(|e| e.session.starts_at >= from && e.session.starts_at < to)
                    .cloned()
                    .collect();
                super::role_home::show_today(ui, &day, card.id, &data.rooms);
            }
            super::role_home::show_due(ui, &data.due, data.today, false, lang);
        }
        ScreenName::StaffHome => {
            home_for(Role::Staff);
            ui.global::<super::RoleHomeAdapter>()
                .set_chase(slint::ModelRc::new(slint::VecModel::from(
                    super::chase::chase_rows(
                        &data.chase,
                        lang,
                        &crate::domain::RentalKinds::default(),
                    ),
                )));
        }
        ScreenName::AdminHome | ScreenName::AdminHomeNoTpm => {
            home_for(Role::Admin);
            if screen == ScreenName::AdminHomeNoTpm {
                ui.global::<super::KeySealAdapter>()
                    .set_seal(crate::platform::key_seal::KeySeal::HostKey.key().into());
            }
            ui.global::<super::RoleHomeAdapter>()
                .set_chase(slint::ModelRc::new(slint::VecModel::from(
                    super::chase::chase_rows(
                        &data.chase,
                        lang,
                        &crate::domain::RentalKinds::default(),
                    ),
                )));
        }
        ScreenName::EnrolParent
        | ScreenName::EnrolChild
        | ScreenName::EnrolAvatar
        | ScreenName::EnrolCode
        | ScreenName::EnrolConsent
        | ScreenName::EnrolHandover
        | ScreenName::EnrolDone => {
            let step = match screen {
                ScreenName::EnrolParent => super::EnrolmentStep::Parent,
                ScreenName::EnrolChild => super::EnrolmentStep::Child,
                ScreenName::EnrolAvatar => super::EnrolmentStep::Avatar,
                ScreenName::EnrolCode => super::EnrolmentStep::Code,
                ScreenName::EnrolConsent => super::EnrolmentStep::Consent,
                ScreenName::EnrolHandover => super::EnrolmentStep::Handover,
                _ => super::EnrolmentStep::Done,
            };
            enrolment_preview(ui, step, lang, data.today);
            nav.set_screen(Screen::Enrolment);
        }
        ScreenName::Door => {
            let me = psychologist.map(|c| super::kiosk::SignedIn {
                staff: c.id,
                role: c.member.role,
            });
            super::door::show(ui, &data.door, me);
            nav.set_screen(Screen::Door);
        }
        ScreenName::Booking => {
            booking_preview(ui, data, lang);
            nav.set_screen(Screen::Booking);
        }
        ScreenName::ScheduleDay | ScreenName::ScheduleWeek => {
            let me = psychologist.map(|c| super::kiosk::SignedIn {
                staff: c.id,
                role: c.member.role,
            });
            let now = super::clock::at_local(data.schedule_day, 12, 0);
            super::schedule::preview(
                ui,
                &data.calendar,
                data.rooms.clone(),
                data.psychologists.clone(),
                screen == ScreenName::ScheduleWeek,
                data.schedule_day,
                lang,
                me,
                &data.steps,
                now,
            );
            nav.set_screen(Screen::Schedule);
        }
        ScreenName::Session => {
            session_preview(ui, data, lang);
            nav.set_screen(Screen::Session);
        }
        ScreenName::Routes => {
            routes_preview(ui, data, lang);
            nav.set_screen(Screen::Routes);
        }
        ScreenName::Diagnostics => {
            super::diagnostics::preview::diagnostics(ui, data.today, lang);
            nav.set_screen(Screen::Diagnostics);
        }
        ScreenName::DiagnosticsResult => {
            super::diagnostics::preview::result(ui, data.today, lang);
            nav.set_screen(Screen::Diagnostics);
        }
        ScreenName::ChildMode => {
            super::diagnostics::preview::child_mode(ui, lang);
            nav.set_screen(Screen::ChildMode);
        }
        ScreenName::ChildModePause | ScreenName::ChildModeThanks | ScreenName::ChildModeUnlock => {
            super::diagnostics::preview::child_mode(ui, lang);
            let a = ui.global::<super::ChildModeAdapter>();
            match screen {
                ScreenName::ChildModePause => {
                    a.set_kind("pause".into());
                    a.set_pause_left(12);
                    a.set_progress(0.5);
                }
                ScreenName::ChildModeThanks => {
                    a.set_kind("thanks".into());
                    a.set_prompt("".into());
                    a.set_progress(1.0);
                }
                _ => {
                    a.set_unlocking(true);
                    a.set_digits_typed(2);
                }
            }
            nav.set_screen(Screen::ChildMode);
        }
        ScreenName::ChildModeDrawing => {
            super::diagnostics::preview::child_mode_drawing(ui, lang);
            nav.set_screen(Screen::ChildMode);
        }
        ScreenName::RentalCatalogue
        | ScreenName::RentalLend
        | ScreenName::RentalReturn
        | ScreenName::RentalQueue
        | ScreenName::RentalOverdue
        | ScreenName::RentalDocuments => {
            use super::rental_desk::preview::RentalPreview as P;
            let which = match screen {
                ScreenName::RentalCatalogue => P::Catalogue,
                ScreenName::RentalLend => P::Lend,
                ScreenName::RentalReturn => P::Return,
                ScreenName::RentalQueue => P::Queue,
                ScreenName::RentalDocuments => P::Documents,
                _ => P::Overdue,
            };
            let centre = crate::demo::generate(data.today);
            super::rental_desk::preview::fill(ui, which, &centre, &data.chase, data.today, lang);
            nav.set_screen(Screen::RentalDesk);
        }
        ScreenName::Indicators | ScreenName::IndicatorsRestorative => {
            let (first, last, _, _) = month_of(data.schedule_day);
            super::indicators::show(
                ui,
                &data.indicators,
                data.rental.as_ref(),
                lang,
                first,
                last,
            );
            ui.global::<super::IndicatorsAdapter>()
                .set_restorative_shown(screen == ScreenName::IndicatorsRestorative);
            nav.set_screen(Screen::Indicators);
        }
        ScreenName::DeviceSync => {
            // An enrolled kiosk whose centre did not answer an hour ago, a stick inserted.
            let at = super::clock::at_local(data.today, 9, 40);
            let status = crate::store::SyncStatus {
                device_id: "4f1c9a27d05be8133a6f20c4e9d871b5".into(),
                fingerprint: "9c2e 41f7 0a6d b358 e1c4 7f02 93ab 6d15 2c8e f460 b7d9 1a35 c0e2 8f47 5b19 d6a3".into(),
                centre_url: Some("https://kcson-kazan.example/ladoshka".into()),
                centre_fingerprint: Some("3b7a e90c 14d2 6f58 a0c3 9e71 d42b 85f6 0e19 c7a4 62d8 b1f3 5a07 e9c2 48b6 1d70".into()),
                centre_confirmed: true,
                enrolled_at: Some(at - chrono::Duration::days(40)),
                last_success_at: Some(at - chrono::Duration::minutes(75)),
                last_attempt_at: Some(at),
                last_error: Some("the centre at https://kcson-kazan.example/ladoshka cannot be reached (timeout): the kiosk keeps its bundles and tries again later".into()),
                last_error_kind: Some("unreachable".into()),
                failures: 3,
                acked_seq: 4812,
                pending_rows: 37,
                pending_bundles: 2,
                config: crate::store::CentreConfigState {
                    serial: 7,
                    applied_at: Some(at - chrono::Duration::days(3)),
                    legal_name: Some("ГАУСО «КЦСОН „Доверие“»".into()),
                    key_registered: true,
                    refusal: None,
                },
            };
            // Just after an export, the stick released: what the screen says then.
            let exported = crate::sync::background::SyncActivity {
                busy: None,
                last_export: Some(Ok(crate::sync::background::Exported {
                    dir: "/run/media/ladoshka/KINGSTON/ladoshka".into(),
                    bundles: 2,
                    ejection: crate::platform::usb_eject::Ejection::Released,
                })),
            };
            super::device_sync::show(ui, &status, &exported, None);
            // As on opening the screen: the English detail at once only in English.
            ui.global::<super::DeviceSyncAdapter>()
                .set_detail_shown(lang == Language::En);
            nav.set_screen(Screen::DeviceSync);
        }
        ScreenName::DataRequests => {
            super::data_requests::preview::fill(ui, data.today, true);
            nav.set_screen(Screen::DataRequests);
        }
        ScreenName::Reconciliation
        | ScreenName::RestorativeReferral
        | ScreenName::RestorativeCase
        | ScreenName::RestorativeStop
        | ScreenName::RestorativeJoint => {
            use super::reconciliation::preview::{self as p, CasePreview as C};
            nav.set_screen(match screen {
                ScreenName::Reconciliation => {
                    p::list(ui, data.today, lang);
                    Screen::Reconciliation
                }
                ScreenName::RestorativeReferral => {
                    p::referral(ui, data.today);
                    Screen::RestorativeReferral
                }
                ScreenName::RestorativeCase => {
                    p::case(ui, C::Preliminary, data.today, lang);
                    Screen::RestorativeCase
                }
                ScreenName::RestorativeStop => {
                    p::case(ui, C::Stop, data.today, lang);
                    Screen::RestorativeCase
                }
                _ => {
                    p::case(ui, C::Joint, data.today, lang);
                    Screen::RestorativeCase
                }
            });
        }
        ScreenName::Room(shot) => super::restorative_child::preview::fill(ui, shot),
        ScreenName::RestorativeOverride => {
            super::restorative_override::preview::fill(ui, data);
            nav.set_screen(Screen::RestorativeOverride);
        }
        ScreenName::Setup | ScreenName::SetupPin => {
            use super::{SetupAdapter, SetupStep};
            let a = ui.global::<SetupAdapter>();
            a.set_language(lang.code().into());
            a.set_last_name("Нуриев".into());
            a.set_first_name("Рустем".into());
            a.set_patronymic("Маратович".into());
            a.set_room_name(data.room_name.as_str().into());
            if screen == ScreenName::SetupPin {
                // Right after the two PINs differed: nothing typed yet (a digit clears the message).
                a.set_digits_typed(0);
                a.set_error("pin-mismatch".into());
                a.set_step(SetupStep::Pin);
            } else {
                a.set_step(SetupStep::Details);
            }
            nav.set_screen(Screen::Setup);
        }
        ScreenName::AgreementEdit
        | ScreenName::AgreementRead
        | ScreenName::AgreementSign
        | ScreenName::AgreementFollowUp => {
            use super::restorative_agreement::preview::{fill, AgreementPreview as P};
            let which = match screen {
                ScreenName::AgreementEdit => P::Editing,
                ScreenName::AgreementRead => P::Reading,
                ScreenName::AgreementSign => P::Signing,
                _ => P::FollowUp,
            };
            fill(ui, which, data.today);
            nav.set_screen(Screen::RestorativeAgreement);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let room: Vec<_> = ScreenName::ALL
            .iter()
            .filter(|s| matches!(s, ScreenName::Room(_)))
            .collect();
        assert_eq!(room.len(), RoomShot::ALL.len(), "every room shot is listed");
        for s in ScreenName::ALL {
            assert_eq!(ScreenName::from_name(s.name()), Some(s));
        }
        assert_eq!(ScreenName::from_name("nope"), None);
    }
}
