//! `ladoshka power-test`: what the kiosk image's power-cut test runs. `write` checks a child in
//! again and again through the kiosk's own check-in path (`Writer::check_in`, one transaction
//! with its outbox rows, WAL with `synchronous=FULL`) and prints `committed <id>` on standard
//! output after each commit; the machine is then cut off at a random moment. After the reboot,
//! `verify` reads what was printed (the serial console, noise and all) and checks that every
//! printed check-in is in the database. Test kiosks only: it adds sessions and check-ins.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use chrono::{TimeZone, Utc};
use clap::Subcommand;

use super::{open, Cli};
use crate::domain::{ChildId, Mood, NewSession, Role, RoomId, SessionKind, StaffId};
use crate::store::{CheckInOutcome, Store};

#[derive(Subcommand)]
pub enum PowerTestCommand {
    /// Check a child in again and again; print `committed <id>` after each commit (test kiosks
    /// only: an empty database first gets the demo centre)
    Write {
        /// Pause between two check-ins, in milliseconds
        #[arg(long, default_value_t = 100)]
        interval_ms: u64,
        /// Stop after this many check-ins [default: never]
        #[arg(long)]
        count: Option<u64>,
    },
    /// Read `committed <id>` lines on standard input (other text is ignored), check that each
    /// id is in the database; exit 0 when all are, 1 when any is missing
    Verify,
}

pub fn power_test(cli: &Cli, command: &PowerTestCommand) -> anyhow::Result<ExitCode> {
    match command {
        PowerTestCommand::Write { interval_ms, count } => {
            write(cli, Duration::from_millis(*interval_ms), *count)
        }
        PowerTestCommand::Verify => verify(cli),
    }
}

/// What every check-in of the test needs: a room that holds sessions, a psychologist, a child.
struct Fixture {
    room: RoomId,
    psychologist: StaffId,
    child: ChildId,
}

fn fixture(opened: &mut open::Opened) -> anyhow::Result<Fixture> {
    if opened.store.counts()?.staff == 0 {
        let today = crate::app::clock::today();
        let centre = crate::demo::generate(today);
        crate::demo::seed(&mut opened.store, &centre, &opened.secrets.pepper, today)
            .context("cannot add the demo centre for the power test")?;
        eprintln!("power-test: the database was empty; the demo centre was added for the test");
    }
    let store = &opened.store;
    let room = store
        .rooms()?
        .into_iter()
        .find(|r| r.details.kind.holds_sessions())
        .map(|r| r.id);
    let psychologist = store
        .staff_cards()?
        .into_iter()
        .find(|c| c.member.role == Role::Psychologist)
        .map(|c| c.id);
    let child = store.bookable_children()?.first().map(|c| c.id);
    match (room, psychologist, child) {
        (Some(room), Some(psychologist), Some(child)) => Ok(Fixture {
            room,
            psychologist,
            child,
        }),
        _ => anyhow::bail!(
            "the power test needs a play-therapy or reconciliation room, a psychologist and an enrolled child, and this database lacks one; run it on a test kiosk with the demo centre (an empty database gets it by itself)"
        ),
    }
}

/// One round: a session for the child now (its own transaction, as booking does), then the
/// check-in exactly as the kiosk's check-in screen saves it. Returns the check-in's id.
fn check_in_once(store: &mut Store, f: &Fixture, round: u64) -> anyhow::Result<i64> {
    let session = NewSession::new(
        f.room,
        f.psychologist,
        SessionKind::IndividualPlayTherapy,
        crate::platform::clock::now(),
        45,
        &[f.child],
    )?;
    let session = store.write(|w| w.insert_session(&session))?;
    let mood = Mood::from_code((round % 5 + 1) as i64)?;
    match store.write(|w| w.check_in(session, f.child, mood))? {
        CheckInOutcome::Recorded { id } => Ok(id),
        CheckInOutcome::AlreadyCheckedIn { id } => {
            anyhow::bail!(
                "session {session} already had check-in {id}: the test's session was not new"
            )
        }
    }
}

fn write(cli: &Cli, interval: Duration, count: Option<u64>) -> anyhow::Result<ExitCode> {
    let mut opened = open::open(cli)?;
    let f = fixture(&mut opened)?;
    let mut out = std::io::stdout().lock();
    let mut round = 0;
    while count.is_none_or(|n| round < n) {
        let id = check_in_once(&mut opened.store, &f, round)?;
        // Printed only after the commit returned: every id printed must survive a power cut.
        writeln!(out, "committed {id}").context("cannot print to standard output")?;
        out.flush().context("cannot print to standard output")?;
        round += 1;
        if !interval.is_zero() && count.is_none_or(|n| round < n) {
            std::thread::sleep(interval);
        }
    }
    eprintln!("power-test: {round} check-ins committed");
    Ok(ExitCode::SUCCESS)
}

/// The ids of every `committed <id>` in `text`: the digits must end at a space or the line's
/// end, so a line cut short by garbage is not misread as another id.
pub fn committed_ids(text: &str) -> Vec<i64> {
    const MARK: &str = "committed ";
    let mut ids = Vec::new();
    for line in text.lines() {
        let mut rest = line;
        while let Some(at) = rest.find(MARK) {
            rest = &rest[at + MARK.len()..];
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let ends_well = rest[digits..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace);
            if digits > 0 && ends_well {
                if let Ok(id) = rest[..digits].parse() {
                    ids.push(id);
                }
            }
        }
    }
    ids
}

fn verify(cli: &Cli) -> anyhow::Result<ExitCode> {
    let mut raw = Vec::new();
    std::io::stdin()
        .read_to_end(&mut raw)
        .context("cannot read standard input")?;
    // A serial console may carry bytes that are not UTF-8; they are only noise here.
    let printed: BTreeSet<i64> = committed_ids(&String::from_utf8_lossy(&raw))
        .into_iter()
        .collect();
    let opened = open::open(cli)?;
    let present = check_in_ids(&opened.store)?;
    let missing: Vec<i64> = printed.difference(&present).copied().collect();
    println!(
        "{} committed check-ins read, {} in the database, {} missing",
        printed.len(),
        printed.len() - missing.len(),
        missing.len()
    );
    if printed.is_empty() {
        eprintln!("power-test: no «committed <id>» line in the input");
    }
    if missing.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        let shown: Vec<String> = missing.iter().map(i64::to_string).collect();
        println!("missing: {}", shown.join(" "));
        Ok(ExitCode::from(1))
    }
}

/// Every check-in id in the store (through each session, as the screens read them).
fn check_in_ids(store: &Store) -> anyhow::Result<BTreeSet<i64>> {
    let from = Utc.with_ymd_and_hms(1970, 1, 1, 0, 0, 0).unwrap();
    let to = Utc.with_ymd_and_hms(9999, 12, 31, 0, 0, 0).unwrap();
    let mut ids = BTreeSet::new();
    for s in store.sessions_between(from, to)? {
        ids.extend(store.check_ins_for_session(s.id)?.into_iter().map(|c| c.id));
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_ids_are_found_among_console_noise() {
        let text = "[   12.3] systemd[1]: Started ladoshka.service\n\
                    committed 1\n\
                    committed 2\r\n\
                    \u{1b}[0mcommitted 3\n\
                    garbage committed 4 committed 5\n\
                    committed 6x\n\
                    committed \n\
                    committed 7";
        assert_eq!(committed_ids(text), [1, 2, 3, 4, 5, 7]);
        assert!(committed_ids("").is_empty());
    }
}
