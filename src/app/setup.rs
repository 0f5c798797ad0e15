//! Adapter of the first-start screen «Настройка киоска», shown by `ladoshka run` while the
//! database has no administrator (a new kiosk, not the demo centre): the language, the
//! administrator's name, the room, and a new PIN typed twice (the digits stay here, as on the
//! PIN screen). On the second PIN the store thread writes `kiosk.toml` (atomically) and then,
//! in one transaction with their outbox rows, the room and the administrator (PBKDF2 there
//! too); then the kiosk opens its public home. The file comes first: if the database refuses,
//! the kiosk still has no administrator and asks again, and the file is simply rewritten.

use std::rc::Rc;

use slint::ComponentHandle;

use super::{AppWindow, Kiosk, Screen, SetupAdapter, SetupStep};
use crate::crypto::PinHash;
use crate::domain::{DomainError, Language, NewRoom, NewStaff, Pin, Role, RoomKind};
use crate::platform::audio::Cue;
use crate::platform::kiosk_file::KioskFile;
use crate::store::StoreError;

/// The PIN digits typed on this screen. Only here, never in a Slint property.
#[derive(Default)]
pub struct SetupState {
    typed: String,
    /// The first PIN, while the second is typed.
    first: Option<String>,
}

/// The first start's set-up: shown by the kiosk's start when no room is chosen, never by a route.
pub(crate) struct Setup {
    state: std::cell::RefCell<SetupState>,
}

impl super::navigator::Adapter for Setup {
    fn answers(&self, _: &super::navigator::Route) -> bool {
        false
    }
    fn state(&self) -> &dyn std::any::Any {
        &self.state
    }
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn super::navigator::Adapter> {
    let a = ui.global::<SetupAdapter>();
    a.set_max_digits(Pin::MAX_DIGITS as i32);
    let k = kiosk.clone();
    a.on_language_chosen(move |code| {
        if let (Ok(lang), Some(ui)) = (Language::from_code(&code), k.ui.upgrade()) {
            k.set_language(&ui, lang);
            ui.global::<SetupAdapter>().set_language(lang.code().into());
        }
    });
    let k = kiosk.clone();
    a.on_next(move || with_ui(&k, details_done));
    let k = kiosk.clone();
    a.on_digit(move |d| {
        let d = d.to_string();
        edit(&k, |pin| {
            if pin.len() < Pin::MAX_DIGITS && d.len() == 1 && d.chars().all(|c| c.is_ascii_digit())
            {
                pin.push_str(&d);
            }
        });
        k.services.speakers.play(Cue::Tap);
    });
    let k = kiosk.clone();
    a.on_erase(move || {
        edit(&k, |pin| {
            pin.pop();
        })
    });
    let k = kiosk.clone();
    a.on_clear(move || edit(&k, String::clear));
    let k = kiosk.clone();
    a.on_pin_typed(move || with_ui(&k, pin_typed));
    let k = kiosk.clone();
    a.on_back(move || {
        with_ui(&k, |k, ui| {
            let a = ui.global::<SetupAdapter>();
            let mut st = k.state_of::<SetupState>();
            st.typed.clear();
            a.set_digits_typed(0);
            a.set_error("".into());
            if st.first.take().is_some() {
                a.set_step(SetupStep::Pin);
            } else {
                a.set_step(SetupStep::Details);
            }
        })
    });
    let k = kiosk.clone();
    a.on_retry(move || {
        with_ui(&k, |k, ui| {
            *k.state_of::<SetupState>() = SetupState::default();
            let a = ui.global::<SetupAdapter>();
            if a.get_error() == "already-set-up" {
                // Someone else finished the set-up: sign in as usual.
                a.set_error("".into());
                a.set_step(SetupStep::Details);
                k.go_home(ui);
                return;
            }
            a.set_digits_typed(0);
            a.set_error("".into());
            a.set_step(SetupStep::Details);
        })
    });
    Rc::new(Setup {
        state: Default::default(),
    })
}

fn with_ui(kiosk: &Rc<Kiosk>, f: impl FnOnce(&Rc<Kiosk>, &AppWindow)) {
    if let Some(ui) = kiosk.ui.upgrade() {
        f(kiosk, &ui);
    }
}

/// Opens the set-up screen (a kiosk with no administrator), in the kiosk's language.
pub fn show(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    *kiosk.state_of::<SetupState>() = SetupState::default();
    let a = ui.global::<SetupAdapter>();
    a.set_language(kiosk.state_language().code().into());
    a.set_step(SetupStep::Details);
    a.set_digits_typed(0);
    a.set_error("".into());
    if let Some(room) = &kiosk.config.room {
        a.set_room_name(room.as_str().into());
    }
    tracing::info!("no administrator yet: the set-up screen is shown");
    kiosk.navigate(ui, Screen::Setup);
}

fn edit(kiosk: &Rc<Kiosk>, change: impl FnOnce(&mut String)) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let a = ui.global::<SetupAdapter>();
    if !matches!(a.get_step(), SetupStep::Pin | SetupStep::PinRepeat) {
        return;
    }
    let typed = {
        let mut st = kiosk.state_of::<SetupState>();
        change(&mut st.typed);
        st.typed.len()
    };
    a.set_digits_typed(typed as i32);
    if a.get_error() == "pin-mismatch" && typed > 0 {
        a.set_error("".into());
    }
}

/// The administrator and the room as typed, or the key of the first field that is wrong.
fn read_details(a: &SetupAdapter<'_>) -> Result<(NewStaff, NewRoom), &'static str> {
    // The fields in the order the screen shows them: the surname first.
    crate::domain::names::clean_name("last name", &a.get_last_name()).map_err(|_| "last-name")?;
    let admin = NewStaff::new(
        &a.get_first_name(),
        &a.get_patronymic(),
        &a.get_last_name(),
        Role::Admin,
    )
    .map_err(|e| match e {
        DomainError::Empty { field } | DomainError::BadName { field, .. } => match field {
            "first name" => "first-name",
            "patronymic" => "patronymic",
            _ => "last-name",
        },
        _ => "last-name",
    })?;
    let kind = RoomKind::from_key(&a.get_room_kind()).unwrap_or(RoomKind::PlayTherapy);
    let room = NewRoom::new(&a.get_room_name(), kind).map_err(|_| "room-name")?;
    Ok((admin, room))
}

fn details_done(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    let a = ui.global::<SetupAdapter>();
    match read_details(&a) {
        Ok(_) => {
            let mut st = kiosk.state_of::<SetupState>();
            *st = SetupState::default();
            a.set_error("".into());
            a.set_digits_typed(0);
            a.set_step(SetupStep::Pin);
        }
        Err(key) => {
            kiosk.services.speakers.play(Cue::Refused);
            a.set_error(key.into());
        }
    }
}

fn pin_typed(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    let a = ui.global::<SetupAdapter>();
    let typed = std::mem::take(&mut kiosk.state_of::<SetupState>().typed);
    a.set_digits_typed(0);
    let Ok(pin) = Pin::parse(&typed) else {
        return;
    };
    match a.get_step() {
        SetupStep::Pin => {
            kiosk.state_of::<SetupState>().first = Some(typed);
            a.set_error("".into());
            a.set_step(SetupStep::PinRepeat);
        }
        SetupStep::PinRepeat => {
            let first = kiosk.state_of::<SetupState>().first.take();
            if first.as_deref() != Some(pin.digits()) {
                kiosk.services.speakers.play(Cue::Refused);
                a.set_error("pin-mismatch".into());
                a.set_step(SetupStep::Pin);
                return;
            }
            save(kiosk, ui, pin);
        }
        _ => {}
    }
}

/// Why saving failed, as a key for the screen's words.
#[derive(Debug, thiserror::Error)]
enum SetupError {
    #[error("the database is in memory: there is no data directory for kiosk.toml")]
    NoDataDir,
    #[error(transparent)]
    File(#[from] crate::platform::kiosk_file::KioskFileError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn save(kiosk: &Rc<Kiosk>, ui: &AppWindow, pin: Pin) {
    let a = ui.global::<SetupAdapter>();
    let Ok((admin, room)) = read_details(&a) else {
        a.set_step(SetupStep::Details);
        return;
    };
    let language = kiosk.state_language();
    let pepper = kiosk.services.pepper.clone();
    let cost = kiosk.config.pin_cost;
    let room_name = room.name.clone();
    a.set_step(SetupStep::Saving);
    kiosk.ask(
        move |s| -> Result<crate::domain::RoomId, SetupError> {
            let dir = s.data_dir().ok_or(SetupError::NoDataDir)?;
            if s.has_administrator()? {
                return Err(StoreError::Invalid("already set up".into()).into());
            }
            // The time zone someone may have written there is kept.
            let mut file = KioskFile::read(&dir).ok().flatten().unwrap_or_default();
            file.language = Some(language);
            file.room = Some(room.name.clone());
            let path = file.write(&dir)?;
            tracing::info!(file = %path.display(), "kiosk settings written");
            let hash = PinHash::with_cost(&pin, &pepper, cost);
            let (_, room) = s.set_up_kiosk(&admin, &hash, &room)?;
            Ok(room)
        },
        move |k, ui, saved| {
            let a = ui.global::<SetupAdapter>();
            match saved {
                Ok(room) => {
                    tracing::info!("the kiosk is set up: administrator and room saved");
                    k.state.borrow_mut().room = Some(room);
                    *k.state_of::<SetupState>() = SetupState::default();
                    super::room_choice::set_room_name(ui, Some(&room_name));
                    a.set_last_name("".into());
                    a.set_first_name("".into());
                    a.set_patronymic("".into());
                    a.set_error("".into());
                    a.set_step(SetupStep::Details);
                    k.services.speakers.play(Cue::Chime);
                    k.go_home(ui);
                }
                Err(e) => {
                    tracing::error!("the kiosk could not be set up: {e}");
                    k.services.speakers.play(Cue::Refused);
                    let already = matches!(&e, SetupError::Store(StoreError::Invalid(_)));
                    a.set_error(if already { "already-set-up" } else { "save" }.into());
                    a.set_step(SetupStep::Failed);
                }
            }
        },
    );
}
