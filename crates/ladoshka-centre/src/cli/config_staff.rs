//! `staff.toml` in a configuration folder: the colleagues the centre puts on its kiosks and
//! those switched off, read into the roster with each colleague's starting-code hash
//! (`configuration::starting_code`), and `config codes DIR`, which prints the codes to hand out.
//!
//! ```toml
//! switched_off = ["petrova.i"]   # colleagues who left (first: TOML puts keys after a [[…]] in it)
//!
//! [[colleague]]
//! id = "safina.a"                # the centre's id for the person: Latin letters, digits, - _ .
//! first_name = "Алсу"
//! patronymic = "Ринатовна"       # optional
//! last_name = "Сафина"
//! role = "psychologist"          # psychologist, staff or admin
//! units = ["КЦСОН «Доверие»"]    # optional: the КЦСОН whose kiosks list them; none: every kiosk
//! code_round = 2                 # optional (1): raise it to replace a starting code not used yet
//! ```

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use ladoshka_indicators::domain::centre_config::Colleague;
use ladoshka_indicators::domain::staff::Role;
use serde::Deserialize;

use crate::configuration::starting_code::StartingCodes;
use crate::layout::Layout;

/// The file's name in a configuration folder.
pub const STAFF_FILE: &str = "staff.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StaffToml {
    #[serde(default)]
    colleague: Vec<Entry>,
    #[serde(default)]
    switched_off: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    first_name: String,
    #[serde(default)]
    patronymic: String,
    last_name: String,
    role: Role,
    #[serde(default)]
    units: Vec<String>,
    #[serde(default = "first_round")]
    code_round: u32,
}

fn first_round() -> u32 {
    1
}

/// `dir/staff.toml` as written (none when there is no such file).
fn parse(dir: &Path) -> anyhow::Result<Option<StaffToml>> {
    let path = dir.join(STAFF_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    toml::from_str(&text).map(Some).with_context(|| {
        format!("{}: expected switched_off = [\"id\", …] first, then [[colleague]] entries (id, first_name, last_name, role)", path.display())
    })
}

/// The roster in `dir/staff.toml` (none when there is no such file), each colleague with the
/// hash of their starting code.
pub fn read(dir: &Path, codes: &StartingCodes) -> anyhow::Result<(Vec<Colleague>, Vec<String>)> {
    let Some(file) = parse(dir)? else {
        return Ok((Vec::new(), Vec::new()));
    };
    let mut staff = Vec::with_capacity(file.colleague.len());
    for e in file.colleague {
        let starting_code = codes.hash(&e.id, e.code_round).map_err(|_| {
            anyhow::anyhow!(
                "the operating system gave no randomness for a starting code's salt: try again"
            )
        })?;
        staff.push(Colleague {
            uid: e.id,
            first_name: e.first_name,
            patronymic: e.patronymic,
            last_name: e.last_name,
            role: e.role,
            starting_code,
            units: e.units,
        });
    }
    Ok((staff, file.switched_off))
}

/// `config codes DIR`: each colleague's starting code, to give them on paper.
pub fn print_codes(layout: &Layout, dir: &Path) -> anyhow::Result<ExitCode> {
    let codes = StartingCodes::for_centre(layout)?;
    let staff = parse(dir)?.map(|f| f.colleague).unwrap_or_default();
    if staff.is_empty() {
        println!(
            "{} lists no colleague: nothing to print.",
            dir.join(STAFF_FILE).display()
        );
        return Ok(ExitCode::FAILURE);
    }
    for e in &staff {
        let name = [
            e.last_name.as_str(),
            e.first_name.as_str(),
            e.patronymic.as_str(),
        ]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
        println!(
            "{}  {name}  starting code {}",
            e.id,
            codes.code(&e.id, e.code_round)
        );
    }
    println!("Give each colleague their own code, privately. On each kiosk they tap their name, type the code once and choose their PIN there.");
    Ok(ExitCode::SUCCESS)
}
