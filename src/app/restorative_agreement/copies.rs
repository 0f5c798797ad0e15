//! Copies of the agreement: each party allows a copy (`CaseAct::AllowCopy`); «Copy of the
//! agreement — to the USB stick» then writes one printable page per party into the stick's
//! `ladoshka/reports/` folder (`report::agreement`). The store refuses the copy unless every
//! party allowed it (and audits it); the stick is looked for off the UI thread. The files are
//! named by the case's and the party's numbers, never by a name.

use std::path::PathBuf;
use std::rc::Rc;

use slint::ComponentHandle;

use super::super::generation::ask_current;
use super::{
    act, failed, refuse, say, staff, AgreementNotice, AgreementProblem, AgreementState, Kiosk,
    RestorativeAgreementAdapter,
};
use crate::domain::restorative::CaseId;
use crate::platform::usb_stick;
use crate::store::restorative::CaseAct;
use crate::store::StoreError;

/// The file of party number `k` (counted from 1 in the case's order) of case `case`.
pub fn copy_file_name(case: CaseId, k: usize) -> String {
    format!("agreement-case-{}-party-{k}.html", case.0)
}

/// Why the copies were not written.
#[derive(Debug, thiserror::Error)]
enum NotWritten {
    #[error("no USB stick is plugged in")]
    NoStick,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the case has no agreement to copy")]
    NoAgreement,
    #[error("{0}")]
    Write(String),
}

pub(super) fn wire(a: &RestorativeAgreementAdapter, kiosk: &Rc<Kiosk>) {
    let k = kiosk.clone();
    a.on_allow_copy(move |row| {
        let party = k
            .view_of::<AgreementState>()
            .view
            .as_ref()
            .and_then(|v| v.parties.get(row.max(0) as usize))
            .map(|p| (p.party.id, p.name.clone()));
        if let Some((party, name)) = party {
            act(&k, CaseAct::AllowCopy { party }, move |_, ui, _| {
                say(ui, AgreementNotice::CopyAllowed, &name)
            });
        }
    });
    let k = kiosk.clone();
    a.on_write_copies(move || write(&k));
}

fn write(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let (Some(viewer), Some(id)) = (staff(kiosk), kiosk.view_of::<AgreementState>().case) else {
        return;
    };
    let lang = kiosk.state_language();
    ui.global::<RestorativeAgreementAdapter>().set_busy(true);
    ask_current::<AgreementState, _>(
        kiosk,
        move |s| -> Result<PathBuf, NotWritten> {
            let stick = usb_stick::find().ok_or(NotWritten::NoStick)?;
            let view = s.write(|w| w.agreement_copy(viewer, id))?;
            let dir = usb_stick::reports_dir(&stick);
            for (k, p) in view.parties.iter().enumerate() {
                let page = crate::report::agreement::page(&view, lang, p.party.id)
                    .ok_or(NotWritten::NoAgreement)?;
                usb_stick::write_whole(&dir, &copy_file_name(id, k + 1), page.as_bytes())
                    .map_err(|e| NotWritten::Write(e.to_string()))?;
            }
            Ok(dir)
        },
        |k, ui, r| {
            ui.global::<RestorativeAgreementAdapter>().set_busy(false);
            match r {
                Ok(dir) => say(
                    ui,
                    AgreementNotice::CopiesWritten,
                    &dir.display().to_string(),
                ),
                Err(NotWritten::NoStick) => refuse(ui, AgreementProblem::NoStick, ""),
                Err(NotWritten::Store(e)) => failed(k, ui, &e),
                Err(NotWritten::NoAgreement) => refuse(ui, AgreementProblem::NoAgreement, ""),
                Err(NotWritten::Write(e)) => {
                    tracing::error!("agreement copy: {e}");
                    refuse(ui, AgreementProblem::WriteFailed, &e);
                }
            }
        },
    );
}
