//! Adapter of a first visit (staff or psychologist PIN). The adult's part comes first: the
//! parent's and the child's details (the life situation among them) and the consent, read and
//! signed with a finger; then a hand-over step, and only then the child's part: a picture and a
//! secret code. So the child never sits in front of the questions about abuse or loss, and
//! nothing the child can reach leads back to them without an adult. Every step is checked by
//! the domain; nothing reaches the store until the child has repeated the code, and then the
//! family, the child, the code and the signed consent go in one transaction. Cancelling, "does
//! not agree" and the idle timeout forget everything typed and drawn.

use std::rc::Rc;
use std::time::Duration;

use slint::{ComponentHandle, Model, ModelRc, SharedString, VecModel};

use super::navigator::Route;
use super::{AppWindow, EnrolmentAdapter, EnrolmentStep, Kiosk, Screen};
use crate::crypto::pin_hash::PICTURE_CODE_ITERATIONS;
use crate::crypto::PinHash;
use crate::domain::check_in::{CODE_LENGTH, CODE_PICTURES};
use crate::domain::consent::{full_name, parse_birth_date, ConsentFacts};
use crate::domain::enrolment::child_signs;
use crate::domain::names::clean_name;
use crate::domain::{
    Avatar, ConsentSubject, ConsentText, DomainError, Enrolment, FamilyId, LifeSituation, NewChild,
    NewFamily, PadPoint, PhoneNumber, PictureCode, Signature,
};
use crate::platform::audio::Cue;

/// Reading and signing the consent takes a while: the consent step waits this long for a touch.
pub const CONSENT_IDLE: Duration = Duration::from_secs(180);

/// What has been entered so far; forgotten whenever the enrolment ends.
#[derive(Default)]
pub(crate) struct EnrolmentState {
    family: Option<NewFamily>,
    subject: Option<ConsentSubject>,
    child: Option<NewChild>,
    avatar: Option<Avatar>,
    first_code: Option<Vec<u8>>,
    entered: Vec<u8>,
    code: Option<PictureCode>,
    text: Option<ConsentText>,
    parent_ink: Signature,
    child_ink: Signature,
    /// After the save, until the screen closes: what «Карточка для дома» prints.
    card: Option<super::take_home::CardToPrint>,
    /// Opened from a referral card (`Route::EnrolmentForReferral`): closing goes back to the
    /// card as it was left, with the new child to name.
    for_referral: bool,
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn super::navigator::Adapter> {
    let a = ui.global::<EnrolmentAdapter>();
    let avatars: Vec<SharedString> = Avatar::ALL
        .iter()
        .map(|a| SharedString::from(a.key()))
        .collect();
    a.set_avatars(ModelRc::new(VecModel::from(avatars)));
    let k = kiosk.clone();
    a.on_next(move || with_ui(&k, next));
    let k = kiosk.clone();
    a.on_back(move || with_ui(&k, back));
    let k = kiosk.clone();
    a.on_cancel(move || with_ui(&k, leave));
    let k = kiosk.clone();
    a.on_finish(move || with_ui(&k, leave));
    let k = kiosk.clone();
    a.on_save_card(move || {
        with_ui(&k, |k, ui| {
            let card = k.view_of::<EnrolmentState>().card.clone();
            super::take_home::save(k, ui, card);
        })
    });
    let k = kiosk.clone();
    a.on_avatar_chosen(move |key| with_ui(&k, |k, ui| avatar_chosen(k, ui, &key)));
    let k = kiosk.clone();
    a.on_picture(move |i| with_ui(&k, |k, ui| picture(k, ui, i)));
    let k = kiosk.clone();
    a.on_ink(move |pad, phase, x, y, w, h| {
        with_ui(&k, |k, ui| {
            ink(k, ui, pad, phase, PadPoint::on_pad(x, y, w, h))
        })
    });
    let k = kiosk.clone();
    a.on_clear_ink(move |pad| {
        with_ui(&k, |k, ui| {
            let mut st = k.state_of::<EnrolmentState>();
            let e = &mut *st;
            if pad == 0 {
                &mut e.parent_ink
            } else {
                &mut e.child_ink
            }
            .clear();
            show_ink(ui, e);
        })
    });
    let k = kiosk.clone();
    a.on_agree(move || with_ui(&k, agree));
    let k = kiosk.clone();
    a.on_decline(move || {
        with_ui(&k, |k, ui| {
            clear(k, ui);
            ui.global::<EnrolmentAdapter>()
                .set_step(EnrolmentStep::Declined);
            tracing::info!("enrolment ended: the parent did not consent; nothing was stored");
        })
    });
    Rc::new(EnrolmentScreen::default())
}

/// Opens on [`Route::Enrolment`] and [`Route::EnrolmentForReferral`] (which comes back to the
/// referral card on closing); forgets everything on leave.
#[derive(Default)]
struct EnrolmentScreen {
    state: std::cell::RefCell<EnrolmentState>,
}

impl super::navigator::Adapter for EnrolmentScreen {
    fn answers(&self, route: &Route) -> bool {
        matches!(route, Route::Enrolment | Route::EnrolmentForReferral)
    }
    fn enter(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow, route: Route) {
        open(kiosk, ui);
        kiosk.state_of::<EnrolmentState>().for_referral =
            matches!(route, Route::EnrolmentForReferral);
    }
    fn leave(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow) {
        clear(kiosk, ui);
    }
    fn state(&self) -> &dyn std::any::Any {
        &self.state
    }
}

fn with_ui(kiosk: &Rc<Kiosk>, f: impl FnOnce(&Rc<Kiosk>, &AppWindow)) {
    if let Some(ui) = kiosk.ui.upgrade() {
        f(kiosk, &ui);
    }
}

/// Opens an empty enrolment at its first step.
pub fn open(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    clear(kiosk, ui);
    if kiosk.config.operator.trim().is_empty() {
        ui.global::<EnrolmentAdapter>().set_error("operator".into());
    }
    kiosk.navigate(ui, Screen::Enrolment);
}

/// Forgets everything typed, chosen and drawn.
pub fn clear(kiosk: &Kiosk, ui: &AppWindow) {
    // The way back to a referral card outlives the enrolment's own clears (a saved child, a
    // parent who declined): every entry to the screen sets it anew.
    let mut st = kiosk.state_of::<EnrolmentState>();
    *st = EnrolmentState {
        for_referral: st.for_referral,
        ..EnrolmentState::default()
    };
    drop(st);
    let a = ui.global::<EnrolmentAdapter>();
    for set in [
        EnrolmentAdapter::set_parent_name,
        EnrolmentAdapter::set_family_surname,
        EnrolmentAdapter::set_phone,
        EnrolmentAdapter::set_address,
        EnrolmentAdapter::set_id_document,
        EnrolmentAdapter::set_child_first_name,
        EnrolmentAdapter::set_child_surname,
        EnrolmentAdapter::set_birth_date,
        EnrolmentAdapter::set_error,
        EnrolmentAdapter::set_avatar,
        EnrolmentAdapter::set_consent_text,
        EnrolmentAdapter::set_parent_ink,
        EnrolmentAdapter::set_child_ink,
        EnrolmentAdapter::set_card_saved,
        EnrolmentAdapter::set_card_problem,
    ] {
        set(&a, SharedString::new());
    }
    a.set_first_name_public(false);
    a.set_situations(ModelRc::new(VecModel::from(vec![
        false;
        LifeSituation::ALL.len()
    ])));
    a.set_frame(0);
    a.set_code_entered(0);
    a.set_code_mismatch(false);
    a.set_child_signs(false);
    a.set_parent_signed(false);
    a.set_child_signed(false);
    a.set_busy(false);
    a.set_step(EnrolmentStep::Parent);
}

fn leave(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    let for_referral = kiosk.view_of::<EnrolmentState>().for_referral;
    clear(kiosk, ui);
    if for_referral && kiosk.signed_in().is_some() {
        kiosk.go(ui, Route::RestorativeReferralBack(None));
    } else if kiosk.signed_in().is_some() {
        kiosk.navigate(ui, Screen::RoleHome);
    } else {
        kiosk.go_home(ui);
    }
}

/// Which field a domain refusal is about, as the screen's error key.
fn error_key(field_key: &'static str, e: &DomainError) -> &'static str {
    match e {
        DomainError::BirthInFuture(_) => "birth-future",
        DomainError::TooOld { .. } => "too-old",
        _ => field_key,
    }
}

fn next(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    let a = ui.global::<EnrolmentAdapter>();
    let checked = match a.get_step() {
        EnrolmentStep::Parent => parent_details(kiosk, &a).map(|()| EnrolmentStep::Child),
        EnrolmentStep::Child => child_details(kiosk, &a)
            .and_then(|()| show_consent(kiosk, &a))
            .map(|()| EnrolmentStep::Consent),
        EnrolmentStep::Handover => Ok(EnrolmentStep::Avatar),
        _ => return,
    };
    match checked {
        Ok(step) => {
            a.set_error(SharedString::new());
            a.set_step(step);
            match step {
                EnrolmentStep::Consent => {
                    kiosk.linger(CONSENT_IDLE);
                    super::voice::say(kiosk, "enrol-sign");
                }
                EnrolmentStep::Avatar => super::voice::say(kiosk, "enrol-avatar"),
                _ => {}
            }
        }
        Err(key) => {
            kiosk.services.speakers.play(Cue::Refused);
            a.set_error(key.into());
        }
    }
}

fn parent_details(kiosk: &Rc<Kiosk>, a: &EnrolmentAdapter<'_>) -> Result<(), &'static str> {
    if kiosk.config.operator.trim().is_empty() {
        return Err("operator");
    }
    let parent = a.get_parent_name();
    clean_name("parent's name", &parent).map_err(|_| "parent-name")?;
    let surname = a.get_family_surname();
    clean_name("surname", &surname).map_err(|_| "family-surname")?;
    let phone = a.get_phone();
    let phone = phone.trim();
    let phone = (!phone.is_empty()).then_some(phone);
    if let Some(p) = phone {
        PhoneNumber::parse(p).map_err(|_| "phone")?;
    }
    let id_document = a.get_id_document();
    let address = a.get_address();
    ConsentSubject::new("-", &id_document).map_err(|_| "id-document")?;
    let subject = ConsentSubject::new(&address, &id_document).map_err(|_| "address")?;
    let family = NewFamily::new(&surname, &parent, phone).map_err(|_| "parent-name")?;
    let mut st = kiosk.state_of::<EnrolmentState>();
    st.family = Some(family);
    st.subject = Some(subject);
    Ok(())
}

fn child_details(kiosk: &Rc<Kiosk>, a: &EnrolmentAdapter<'_>) -> Result<(), &'static str> {
    let first = a.get_child_first_name();
    clean_name("first name", &first).map_err(|_| "child-first-name")?;
    let surname = a.get_child_surname();
    clean_name("surname", &surname).map_err(|_| "child-surname")?;
    let birth = parse_birth_date(&a.get_birth_date()).map_err(|_| "birth-date")?;
    let situations: Vec<LifeSituation> = a
        .get_situations()
        .iter()
        .zip(LifeSituation::ALL)
        .filter_map(|(on, s)| on.then_some(s))
        .collect();
    let today = super::clock::today();
    let child = NewChild::new(
        FamilyId(0),
        &first,
        &surname,
        birth,
        Avatar::Star,
        a.get_first_name_public(),
        &situations,
        today,
    )
    .map_err(|e| error_key("child-first-name", &e))?;
    a.set_child_signs(child_signs(birth, today));
    kiosk.state_of::<EnrolmentState>().child = Some(child);
    Ok(())
}

fn avatar_chosen(kiosk: &Rc<Kiosk>, ui: &AppWindow, key: &str) {
    let a = ui.global::<EnrolmentAdapter>();
    if a.get_step() != EnrolmentStep::Avatar {
        return;
    }
    let Ok(avatar) = Avatar::from_key(key) else {
        return;
    };
    kiosk.services.speakers.play(Cue::Tap);
    {
        let mut st = kiosk.state_of::<EnrolmentState>();
        st.avatar = Some(avatar);
        st.entered.clear();
        st.first_code = None;
    }
    a.set_avatar(key.into());
    a.set_code_entered(0);
    a.set_code_mismatch(false);
    a.set_step(EnrolmentStep::Code);
    super::voice::say(kiosk, "enrol-code");
}

fn picture(kiosk: &Rc<Kiosk>, ui: &AppWindow, position: i32) {
    let a = ui.global::<EnrolmentAdapter>();
    let step = a.get_step();
    if !matches!(step, EnrolmentStep::Code | EnrolmentStep::CodeRepeat)
        || !(0..CODE_PICTURES.len() as i32).contains(&position)
    {
        return;
    }
    let entered = {
        let mut st = kiosk.state_of::<EnrolmentState>();
        let e = &mut *st;
        // Choosing: a picture already chosen does not count twice.
        if step == EnrolmentStep::Code && e.entered.contains(&(position as u8)) {
            return;
        }
        e.entered.push(position as u8);
        e.entered.clone()
    };
    kiosk.services.speakers.play(Cue::Tap);
    a.set_code_mismatch(false);
    a.set_code_entered(entered.len() as i32);
    if entered.len() < CODE_LENGTH {
        return;
    }
    let mut st = kiosk.state_of::<EnrolmentState>();
    let e = &mut *st;
    e.entered.clear();
    a.set_code_entered(0);
    if step == EnrolmentStep::Code {
        e.first_code = Some(entered);
        a.set_step(EnrolmentStep::CodeRepeat);
        drop(st);
        super::voice::say(kiosk, "enrol-code-repeat");
        return;
    }
    let code = match (e.first_code.take(), PictureCode::new(&entered)) {
        (Some(first), Ok(code)) if first == entered => code,
        _ => {
            a.set_code_mismatch(true);
            a.set_step(EnrolmentStep::Code);
            drop(st);
            kiosk.services.speakers.play(Cue::Refused);
            super::voice::say(kiosk, "enrol-code-mismatch");
            return;
        }
    };
    e.code = Some(code);
    drop(st);
    save(kiosk, ui);
}

/// Fills the consent from the details typed so far and shows it to be read and signed.
fn show_consent(kiosk: &Rc<Kiosk>, a: &EnrolmentAdapter<'_>) -> Result<(), &'static str> {
    let lang = kiosk.state_language();
    let text = consent_text(
        &kiosk.config.operator,
        lang,
        &kiosk.view_of::<EnrolmentState>(),
    )?;
    a.set_consent_text(text.text.as_str().into());
    let mut st = kiosk.state_of::<EnrolmentState>();
    st.text = Some(text);
    st.parent_ink.clear();
    st.child_ink.clear();
    show_ink_to(a, &st);
    Ok(())
}

fn consent_text(
    operator: &str,
    lang: crate::domain::Language,
    e: &EnrolmentState,
) -> Result<ConsentText, &'static str> {
    let (Some(family), Some(subject), Some(child)) = (&e.family, &e.subject, &e.child) else {
        return Err("save");
    };
    let child_full_name =
        full_name(&child.surname, &child.first_name).map_err(|_| "child-surname")?;
    ConsentText::fill(
        lang,
        &ConsentFacts {
            operator,
            parent_name: &family.parent_name,
            subject,
            child_full_name: &child_full_name,
            child_first_name: &child.first_name,
            birth_date: child.birth_date,
            first_name_public: child.first_name_public,
        },
    )
    .map_err(|_| "operator")
}

fn ink(kiosk: &Rc<Kiosk>, ui: &AppWindow, pad: i32, phase: i32, point: PadPoint) {
    let a = ui.global::<EnrolmentAdapter>();
    if a.get_step() != EnrolmentStep::Consent || a.get_busy() {
        return;
    }
    let mut st = kiosk.state_of::<EnrolmentState>();
    let e = &mut *st;
    let parent_was_signed = e.parent_ink.is_signed();
    let sig = if pad == 0 {
        &mut e.parent_ink
    } else {
        &mut e.child_ink
    };
    if phase == 0 {
        sig.pen_down(point);
    } else {
        sig.pen_move(point);
    }
    show_ink(ui, e);
    let child_turn =
        pad == 0 && !parent_was_signed && e.parent_ink.is_signed() && a.get_child_signs();
    drop(st);
    if child_turn {
        super::voice::say(kiosk, "enrol-child-sign");
    }
}

fn show_ink(ui: &AppWindow, e: &EnrolmentState) {
    show_ink_to(&ui.global::<EnrolmentAdapter>(), e);
}

fn show_ink_to(a: &EnrolmentAdapter<'_>, e: &EnrolmentState) {
    a.set_parent_ink(e.parent_ink.path_commands().into());
    a.set_child_ink(e.child_ink.path_commands().into());
    a.set_parent_signed(e.parent_ink.is_signed());
    a.set_child_signed(e.child_ink.is_signed());
}

fn back(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    let a = ui.global::<EnrolmentAdapter>();
    if a.get_busy() {
        return;
    }
    let mut st = kiosk.state_of::<EnrolmentState>();
    let e = &mut *st;
    let to = match a.get_step() {
        EnrolmentStep::Child => EnrolmentStep::Parent,
        EnrolmentStep::Consent => {
            e.parent_ink.clear();
            e.child_ink.clear();
            e.text = None;
            EnrolmentStep::Child
        }
        EnrolmentStep::Handover => EnrolmentStep::Consent,
        // The child's part leads back only to the hand-over, never to the adult's questions.
        EnrolmentStep::Avatar => EnrolmentStep::Handover,
        EnrolmentStep::Code | EnrolmentStep::CodeRepeat => EnrolmentStep::Avatar,
        EnrolmentStep::Failed => {
            e.code = None;
            EnrolmentStep::Code
        }
        _ => return,
    };
    e.entered.clear();
    e.first_code = None;
    show_ink(ui, e);
    a.set_code_entered(0);
    a.set_code_mismatch(false);
    a.set_error(SharedString::new());
    a.set_step(to);
}

/// "I agree": the signatures are kept in memory and the kiosk is handed to the child.
fn agree(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    let a = ui.global::<EnrolmentAdapter>();
    if a.get_busy() {
        return;
    }
    match a.get_step() {
        EnrolmentStep::Consent => {}
        // "Try again" after a failed save: the same family, code and signatures.
        EnrolmentStep::Failed => return save(kiosk, ui),
        _ => return,
    }
    let signed = {
        let e = kiosk.view_of::<EnrolmentState>();
        e.text.is_some()
            && e.parent_ink.is_signed()
            && (!a.get_child_signs() || e.child_ink.is_signed())
    };
    if !signed {
        // The button is only enabled when signed; this is a race with "clear".
        kiosk.services.speakers.play(Cue::Refused);
        return;
    }
    a.set_error(SharedString::new());
    a.set_step(EnrolmentStep::Handover);
    kiosk.linger(kiosk.config.idle_timeout);
}

/// Stores the family, the child, the code and the signed consent in one transaction.
fn save(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    let a = ui.global::<EnrolmentAdapter>();
    let today = super::clock::today();
    let built = {
        let st = kiosk.view_of::<EnrolmentState>();
        let e = &*st;
        match (&e.family, &e.subject, &e.child, e.avatar, &e.code, &e.text) {
            (Some(family), Some(subject), Some(child), Some(avatar), Some(code), Some(text)) => {
                let mut child = child.clone();
                child.avatar = avatar;
                Enrolment::new(
                    family.clone(),
                    child,
                    code.clone(),
                    text.clone(),
                    subject.clone(),
                    &e.parent_ink,
                    Some(&e.child_ink),
                    today,
                )
                .map_err(|_| ())
            }
            _ => Err(()),
        }
    };
    let Ok(enrolment) = built else {
        kiosk.services.speakers.play(Cue::Refused);
        a.set_step(EnrolmentStep::Failed);
        return;
    };
    a.set_busy(true);
    let card = super::take_home::CardToPrint {
        first_name: enrolment.child.first_name.clone(),
        avatar: enrolment.child.avatar,
        frame: 0,
        code: enrolment.code.clone(),
    };
    let pepper = kiosk.services.pepper.clone();
    let staff = kiosk.signed_in().map(|s| s.staff);
    kiosk.ask(
        move |s| {
            let code = PinHash::of_secret(
                enrolment.code.canonical().as_bytes(),
                &pepper,
                PICTURE_CODE_ITERATIONS,
            );
            s.write(|w| w.enrol(&enrolment, &code, staff))
        },
        move |k, ui, saved| {
            let a = ui.global::<EnrolmentAdapter>();
            a.set_busy(false);
            match saved {
                Ok(done) => {
                    tracing::info!(
                        family = done.family.0,
                        child = done.child.0,
                        consent = done.consent,
                        "enrolled a child with a signed consent"
                    );
                    let avatar = a.get_avatar();
                    clear(k, ui);
                    a.set_avatar(avatar);
                    a.set_frame(i32::from(done.frame));
                    k.state_of::<EnrolmentState>().card = Some(super::take_home::CardToPrint {
                        frame: done.frame,
                        ..card
                    });
                    a.set_step(EnrolmentStep::Done);
                    k.services.speakers.play(Cue::Chime);
                    super::voice::say(k, "enrol-done");
                    k.linger(k.config.idle_timeout);
                }
                Err(e) => {
                    tracing::error!("the enrolment could not be saved: {e}");
                    a.set_step(EnrolmentStep::Failed);
                }
            }
        },
    );
}
