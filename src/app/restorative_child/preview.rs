//! The reconciliation room's child and meeting screens for `ladoshka screenshot`: each step
//! filled as the running kiosk fills it (a child's first name only; the meeting room has none).

use slint::ComponentHandle;

use crate::app::{
    AppWindow, ChildVoiceStep, HandBackAdapter, MeetingRoomAdapter, Navigation,
    RestorativeChildAdapter, Screen,
};

/// The named shots of these screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoomShot {
    VoiceMood,
    VoiceSafe,
    VoiceGoOn,
    VoiceThanks,
    ChildRules,
    ChildYes,
    AskAdult,
    HandBackPin,
    Meeting,
    MeetingPause,
    MeetingEnd,
}

impl RoomShot {
    pub const ALL: [RoomShot; 11] = [
        RoomShot::VoiceMood,
        RoomShot::VoiceSafe,
        RoomShot::VoiceGoOn,
        RoomShot::VoiceThanks,
        RoomShot::ChildRules,
        RoomShot::ChildYes,
        RoomShot::AskAdult,
        RoomShot::HandBackPin,
        RoomShot::Meeting,
        RoomShot::MeetingPause,
        RoomShot::MeetingEnd,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RoomShot::VoiceMood => "restorative-voice-mood",
            RoomShot::VoiceSafe => "restorative-voice-safe",
            RoomShot::VoiceGoOn => "restorative-voice-go-on",
            RoomShot::VoiceThanks => "restorative-voice-thanks",
            RoomShot::ChildRules => "restorative-child-rules",
            RoomShot::ChildYes => "restorative-child-yes",
            RoomShot::AskAdult => "restorative-ask-adult",
            RoomShot::HandBackPin => "restorative-hand-back",
            RoomShot::Meeting => "meeting-room",
            RoomShot::MeetingPause => "meeting-room-pause",
            RoomShot::MeetingEnd => "meeting-room-end",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            RoomShot::VoiceMood => {
                "reconciliation, the child alone 1: how do you feel now (the mood faces)"
            }
            RoomShot::VoiceSafe => "reconciliation, the child alone 2: do you feel safe here",
            RoomShot::VoiceGoOn => "reconciliation, the child alone 3: do you want to go on",
            RoomShot::VoiceThanks => {
                "reconciliation, the child alone: thank you, give the tablet back"
            }
            RoomShot::ChildRules => "reconciliation: the rules told to the child, read aloud",
            RoomShot::ChildYes => "reconciliation: do you want to take part (yes / no pictures)",
            RoomShot::AskAdult => {
                "reconciliation: the child's answer refused by the store: ask a grown-up"
            }
            RoomShot::HandBackPin => {
                "reconciliation: the facilitator's PIN to take the kiosk back (two digits typed)"
            }
            RoomShot::Meeting => "the joint meeting: the large «I need a break», no names",
            RoomShot::MeetingPause => "the joint meeting: the calm pause screen",
            RoomShot::MeetingEnd => "the joint meeting: the facilitator's PIN to end it",
        }
    }
}

/// Fills `ui` to show `shot`.
pub fn fill(ui: &AppWindow, shot: RoomShot) {
    let a = ui.global::<RestorativeChildAdapter>();
    let h = ui.global::<HandBackAdapter>();
    let nav = ui.global::<Navigation>();
    a.set_first_name("Алия".into());
    let child = |step: ChildVoiceStep| {
        a.set_step(step);
        nav.set_screen(Screen::RestorativeChild);
    };
    match shot {
        RoomShot::VoiceMood => child(ChildVoiceStep::Mood),
        RoomShot::VoiceSafe => child(ChildVoiceStep::Safe),
        RoomShot::VoiceGoOn => child(ChildVoiceStep::GoOn),
        RoomShot::VoiceThanks => child(ChildVoiceStep::Thanks),
        RoomShot::ChildRules => child(ChildVoiceStep::Rules),
        RoomShot::ChildYes => child(ChildVoiceStep::AskYes),
        RoomShot::AskAdult => child(ChildVoiceStep::AskAdult),
        RoomShot::HandBackPin => {
            h.set_unlocking(true);
            h.set_digits_typed(2);
            child(ChildVoiceStep::Thanks);
        }
        RoomShot::Meeting | RoomShot::MeetingPause | RoomShot::MeetingEnd => {
            ui.global::<MeetingRoomAdapter>()
                .set_paused(shot == RoomShot::MeetingPause);
            if shot == RoomShot::MeetingEnd {
                h.set_unlocking(true);
                h.set_digits_typed(2);
            }
            nav.set_screen(Screen::MeetingRoom);
        }
    }
}
