//! Adapter of the "data requests" screen (152-ФЗ): a family's data written to a USB stick (the
//! right of access), a child's consent withdrawn with the parent's signature, and — for the
//! administrator only ([`Role::may_erase`]) — a child or a family erased. Every action is done on
//! the store thread and lands in the audit trail the screen lists. An answer that arrives after
//! the screen was left or the colleague signed out is dropped (`generation::ask_current`).

pub(crate) mod preview;
mod view;

use std::rc::Rc;

use slint::{ComponentHandle, SharedString};

use super::generation::{ask_current, Generation, Generational};
use super::navigator::{Plain, Route};
use super::{AppWindow, DataMode, DataNotice, DataRequestsAdapter, Kiosk, Screen};
use crate::domain::signature::Signature;
use crate::domain::{AuditEvent, ChildId, FamilyId, Refusal, Role};
use crate::store::StoreError;

/// What the right-hand side is confirming.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    Withdraw(ChildId),
    EraseChild(ChildId),
    EraseFamily,
}

#[derive(Default)]
pub(crate) struct DataRequestsState {
    /// Bumped whenever the screen is left: an answer asked for before is dropped.
    generation: Generation,
    chosen: Option<FamilyId>,
    pending: Option<Pending>,
    ink: Signature,
}

impl Generational for DataRequestsState {
    const SCREEN: Screen = Screen::DataRequests;
    const STAFF_ONLY: bool = true;
    fn generation(&self) -> Generation {
        self.generation
    }
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn super::navigator::Adapter> {
    let a = ui.global::<DataRequestsAdapter>();
    let k = kiosk.clone();
    a.on_back(move || {
        if let Some(ui) = k.ui.upgrade() {
            k.go(&ui, Route::RoleHome);
        }
    });
    let k = kiosk.clone();
    a.on_choose(move |id| {
        let mut st = k.state_of::<DataRequestsState>();
        st.chosen = Some(FamilyId(id.into()));
        st.pending = None;
        drop(st);
        if let Some(ui) = k.ui.upgrade() {
            show_mode(&ui, None, "");
            notice(&ui, DataNotice::None, "");
        }
        load(&k);
    });
    let k = kiosk.clone();
    a.on_export(move || export(&k));
    let k = kiosk.clone();
    a.on_start_withdraw(move |child| start(&k, Pending::Withdraw(ChildId(child.into()))));
    let k = kiosk.clone();
    a.on_start_erase_child(move |child| start(&k, Pending::EraseChild(ChildId(child.into()))));
    let k = kiosk.clone();
    a.on_start_erase_family(move || start(&k, Pending::EraseFamily));
    let k = kiosk.clone();
    a.on_stroke(move |phase, x, y, w, h| {
        let Some(ui) = k.ui.upgrade() else { return };
        let mut st = k.state_of::<DataRequestsState>();
        st.ink.touch(phase, x, y, w, h);
        show_ink(&ui, &st.ink);
    });
    let k = kiosk.clone();
    a.on_clear_ink(move || {
        let Some(ui) = k.ui.upgrade() else { return };
        let mut st = k.state_of::<DataRequestsState>();
        st.ink.clear();
        show_ink(&ui, &st.ink);
    });
    let k = kiosk.clone();
    a.on_cancel(move || {
        let Some(ui) = k.ui.upgrade() else { return };
        let mut st = k.state_of::<DataRequestsState>();
        st.pending = None;
        st.ink.clear();
        show_ink(&ui, &st.ink);
        drop(st);
        show_mode(&ui, None, "");
        notice(&ui, DataNotice::None, "");
    });
    let k = kiosk.clone();
    a.on_confirm(move || confirm(&k));
    Rc::new(Plain::<DataRequestsState>::new(
        |r| matches!(r, Route::DataRequests),
        open,
        clear,
    ))
}

fn open(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    clear(kiosk, ui);
    kiosk.navigate(ui, Screen::DataRequests);
    load(kiosk);
}

/// Forgets the screen (on leaving it, signing out or the idle time-out).
fn clear(kiosk: &Kiosk, ui: &AppWindow) {
    let mut st = kiosk.state_of::<DataRequestsState>();
    let mut generation = st.generation;
    generation.bump();
    *st = DataRequestsState {
        generation,
        ..Default::default()
    };
    drop(st);
    let a = ui.global::<DataRequestsAdapter>();
    a.set_families(Default::default());
    a.set_children(Default::default());
    a.set_audit(Default::default());
    a.set_family_chosen(false);
    a.set_family_name(SharedString::new());
    a.set_family_phone(SharedString::new());
    a.set_busy(false);
    a.set_ink(SharedString::new());
    a.set_signed(false);
    show_mode(ui, None, "");
    notice(ui, DataNotice::None, "");
}

fn signed_in(kiosk: &Kiosk) -> Option<(crate::domain::StaffId, Role)> {
    kiosk.signed_in().map(|s| (s.staff, s.role))
}

fn load(kiosk: &Rc<Kiosk>) {
    let chosen = kiosk.view_of::<DataRequestsState>().chosen;
    let may_erase = signed_in(kiosk).is_some_and(|(_, role)| role.may_erase());
    ask_current::<DataRequestsState, _>(
        kiosk,
        // The stick is looked for here too, off the UI thread (it reads /proc/mounts).
        move |s| (view::read(s, chosen), crate::platform::usb_stick::find()),
        move |k, ui, (r, stick)| {
            let a = ui.global::<DataRequestsAdapter>();
            a.set_may_erase(may_erase);
            a.set_stick(
                stick
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
                    .into(),
            );
            match r {
                Ok(loaded) => view::show(ui, &loaded, k.view_of::<DataRequestsState>().chosen),
                Err(e) => notice(ui, DataNotice::Failed, &e.to_string()),
            }
        },
    );
}

fn start(kiosk: &Rc<Kiosk>, pending: Pending) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let Some((_, role)) = signed_in(kiosk) else {
        return;
    };
    if !matches!(pending, Pending::Withdraw(_)) && !role.may_erase() {
        return;
    }
    let subject = match pending {
        Pending::Withdraw(c) | Pending::EraseChild(c) => {
            view::child_name(&ui, c.0 as i32).unwrap_or_default()
        }
        Pending::EraseFamily => ui.global::<DataRequestsAdapter>().get_family_name(),
    };
    let mut st = kiosk.state_of::<DataRequestsState>();
    st.pending = Some(pending);
    st.ink.clear();
    show_ink(&ui, &st.ink);
    drop(st);
    show_mode(&ui, Some(pending), &subject);
    notice(&ui, DataNotice::None, "");
}

fn confirm(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let Some((by, role)) = signed_in(kiosk) else {
        return;
    };
    let (pending, family, png) = {
        let st = kiosk.view_of::<DataRequestsState>();
        (
            st.pending,
            st.chosen,
            st.ink.is_signed().then(|| st.ink.to_png()),
        )
    };
    let (Some(pending), Some(family)) = (pending, family) else {
        return;
    };
    if !matches!(pending, Pending::Withdraw(_)) && !role.may_erase() {
        return;
    }
    let subject = ui.global::<DataRequestsAdapter>().get_subject();
    ui.global::<DataRequestsAdapter>().set_busy(true);
    ask_current::<DataRequestsState, _>(
        kiosk,
        move |s| -> Result<(DataNotice, String), StoreError> {
            match pending {
                Pending::Withdraw(child) => {
                    let png = png.unwrap_or_default();
                    s.write(|w| w.withdraw_consent(child, &png, by))?;
                    Ok((DataNotice::Withdrawn, subject.to_string()))
                }
                Pending::EraseChild(child) => {
                    let e = s.erase_child(child, by)?;
                    Ok((DataNotice::Erased, e.rows_deleted.to_string()))
                }
                Pending::EraseFamily => {
                    let e = s.erase_family(family, by)?;
                    Ok((DataNotice::Erased, e.rows_deleted.to_string()))
                }
            }
        },
        move |k, ui, r| {
            ui.global::<DataRequestsAdapter>().set_busy(false);
            match r {
                Ok((said, detail)) => {
                    let mut st = k.state_of::<DataRequestsState>();
                    st.pending = None;
                    st.ink.clear();
                    show_ink(ui, &st.ink);
                    if said == DataNotice::Erased && pending == Pending::EraseFamily {
                        st.chosen = None;
                    }
                    drop(st);
                    show_mode(ui, None, "");
                    notice(ui, said, &detail);
                    load(k);
                }
                Err(StoreError::Refused(Refusal::HoldsItems { numbers })) => {
                    notice(ui, DataNotice::HoldsItems, &numbers.join(", "))
                }
                Err(StoreError::Refused(Refusal::WithdrawalNotSigned)) => {
                    notice(ui, DataNotice::Unsigned, "")
                }
                Err(e) => notice(ui, DataNotice::Failed, &e.to_string()),
            }
        },
    );
}

fn export(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let Some((by, _)) = signed_in(kiosk) else {
        return;
    };
    let Some(family) = kiosk.view_of::<DataRequestsState>().chosen else {
        return;
    };
    let Some(stick) = crate::platform::usb_stick::find() else {
        notice(&ui, DataNotice::NoStick, "");
        return;
    };
    let dir = crate::platform::usb_stick::families_dir(&stick);
    let lang = kiosk.state_language();
    let today = super::clock::today();
    ui.global::<DataRequestsAdapter>().set_busy(true);
    ask_current::<DataRequestsState, _>(
        kiosk,
        move |s| -> anyhow::Result<String> {
            let data = s.family_data(family)?;
            crate::report::family_export::write(&dir, &data, lang, today)?;
            s.write(|w| w.audit(Some(by), AuditEvent::Exported { family }))?;
            Ok(dir.display().to_string())
        },
        |k, ui, r| {
            ui.global::<DataRequestsAdapter>().set_busy(false);
            match r {
                Ok(dir) => {
                    notice(ui, DataNotice::Exported, &dir);
                    load(k);
                }
                Err(e) => notice(ui, DataNotice::Failed, &format!("{e:#}")),
            }
        },
    );
}

fn show_ink(ui: &AppWindow, ink: &Signature) {
    let a = ui.global::<DataRequestsAdapter>();
    a.set_ink(ink.path_commands().into());
    a.set_signed(ink.is_signed());
}

fn show_mode(ui: &AppWindow, pending: Option<Pending>, subject: &str) {
    let a = ui.global::<DataRequestsAdapter>();
    a.set_mode(match pending {
        None => DataMode::Family,
        Some(Pending::Withdraw(_)) => DataMode::Withdraw,
        Some(Pending::EraseChild(_)) => DataMode::EraseChild,
        Some(Pending::EraseFamily) => DataMode::EraseFamily,
    });
    a.set_subject(subject.into());
}

fn notice(ui: &AppWindow, n: DataNotice, detail: &str) {
    let a = ui.global::<DataRequestsAdapter>();
    a.set_notice(n);
    a.set_notice_detail(detail.into());
}
