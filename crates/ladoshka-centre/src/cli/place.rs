//! `ladoshka-centre devices place` and the place and pending refusal `devices` prints for each
//! kiosk.

use std::process::ExitCode;

use anyhow::bail;

use crate::centre::Centre;
use crate::layout::Layout;
use crate::store::place::DevicePlace;
use crate::time::{now_unix, show};

/// A name given on the command line, trimmed; `None` when empty.
pub(super) fn cleaned(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

pub(super) fn cmd_place(
    layout: &Layout,
    device_id: &str,
    unit: Option<&str>,
    room: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let mut id = [0u8; 16];
    if hex::decode_to_slice(device_id.trim(), &mut id).is_err() {
        bail!("{device_id:?} is not a device id: give the 32 hex digits `ladoshka-centre devices` lists");
    }
    let centre = Centre::open(layout)?;
    if !centre.store().devices()?.iter().any(|d| d.device_id == id) {
        bail!(
            "device {} is not enrolled at this centre: see `ladoshka-centre devices`",
            hex::encode(id)
        );
    }
    let (unit, room) = (cleaned(unit), cleaned(room));
    centre
        .store()
        .set_device_place(&id, unit, room, now_unix())?;
    println!(
        "Device {} stands in {}, room {}.",
        hex::encode(id),
        unit.unwrap_or("(no КЦСОН given)"),
        room.unwrap_or("(none given)")
    );
    Ok(ExitCode::SUCCESS)
}

/// The lines `devices` prints about a kiosk's place and a refusal not yet made good.
pub(super) fn print(p: &DevicePlace) {
    if p.unit.is_some() || p.room.is_some() {
        println!(
            "  place        {}{}",
            p.unit.as_deref().unwrap_or("?"),
            p.room
                .as_deref()
                .map(|r| format!(", room {r}"))
                .unwrap_or_default()
        );
    }
    if let (Some(why), Some(at)) = (&p.refusal, p.refused_at) {
        println!("  refused      {}: {why}", show(at));
    }
}
