//! Issue 7: the kiosk killed (SIGKILL) at random points during `ladoshka sync`, many times,
//! against a real centre on loopback; the centre ends with every row exactly once.
//!
//! A kiosk with the demo centre's records is enrolled over HTTP. The kiosk talks to the centre
//! through a byte relay in this test (it changes nothing in what passes), so that one moment can
//! be hit on purpose: the centre has imported a bundle and its acknowledgement is on its way,
//! but the kiosk has not recorded it. Then, again and again: new rows are written (in this
//! process, the store dropped after), the real `ladoshka sync` binary is started and
//!
//! - mostly killed after a random wait between 0 and a little more than a sync of its new rows
//!   takes (scaled from a sync measured first), so the kill lands during start-up, while
//!   sealing, while sending, between the centre's import and the kiosk recording it, or after
//!   the work;
//! - every third round killed while the relay holds back the centre's answer to the first
//!   bundle it imported in that round (the kiosk must then be behind the centre);
//! - every eighth round left to finish, and it must succeed and deliver everything.
//!
//! After every kill the centre must hold rows 1..=n, each once, for some n. At the end one clean
//! sync must succeed, the centre must hold every row once, the kiosk must wait for nothing, and
//! `ladoshka doctor` must find the database healthy.
//!
//! The random seed is printed; `SYNC_KILL_SEED=N cargo test --test sync_kill -- --nocapture`
//! replays a run (the waits are replayed; where a kill lands also depends on the machine).
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use common::{ladoshka, printed as text, TempKiosk};
use ladoshka::domain::{ItemState, NewRentalItem, RentalKind};
use ladoshka_centre::store::AckState;
use ladoshka_centre::Centre;
use ladoshka_centre_testing::TestCentre;

/// How many syncs are started (most of them killed).
const ROUNDS: usize = 25;

/// Nothing in this test waits longer than this for the kiosk.
const PATIENCE: Duration = Duration::from_secs(60);

const HOLD_EVERY: usize = 3;
const FINISH_EVERY: usize = 8;

/// The highest row the centre holds from `device`, without reading the rows.
fn held_through(centre: &Centre, device: &[u8; 16]) -> u64 {
    match centre.store().ack_state(device).unwrap() {
        AckState::Active { held_through, .. } => held_through,
        other => panic!("the device is not active at the centre: {other:?}"),
    }
}

/// A request to hold back the centre's next answer once it holds more than `after` rows.
struct Hold {
    after: u64,
    /// Told when an answer is being held back.
    holding: mpsc::Sender<()>,
    /// Waited on before the held answer is dropped (the kiosk is dead by then).
    release: mpsc::Receiver<()>,
}

/// A byte relay between the kiosk and the centre on loopback. It passes everything as it
/// comes, except that when a [`Hold`] is armed it keeps back the first answer the centre sends
/// after it has imported new rows, until the test releases it, and then drops it.
struct Relay {
    addr: std::net::SocketAddr,
    hold: Arc<Mutex<Option<Hold>>>,
    /// How many connections it relayed.
    connections: Arc<AtomicU64>,
}

impl Relay {
    fn start(centre: Arc<Centre>, to: std::net::SocketAddr, device: [u8; 16]) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let hold: Arc<Mutex<Option<Hold>>> = Arc::default();
        let connections = Arc::new(AtomicU64::new(0));
        let (h, n) = (hold.clone(), connections.clone());
        std::thread::spawn(move || {
            for kiosk in listener.incoming() {
                let Ok(kiosk) = kiosk else { continue };
                let Ok(server) = TcpStream::connect(to) else {
                    continue;
                };
                n.fetch_add(1, Ordering::Relaxed);
                let (kiosk2, server2) = (kiosk.try_clone().unwrap(), server.try_clone().unwrap());
                // Kiosk → centre: as it comes.
                std::thread::spawn(move || pipe(kiosk2, server2, |_| true));
                // Centre → kiosk: as it comes, unless an armed hold applies.
                let (h, centre) = (h.clone(), centre.clone());
                std::thread::spawn(move || {
                    pipe(server, kiosk, |_| {
                        let mut slot = h.lock().unwrap();
                        let applies = slot
                            .as_ref()
                            .is_some_and(|hold| held_through(&centre, &device) > hold.after);
                        if !applies {
                            return true;
                        }
                        let hold = slot.take().unwrap();
                        drop(slot);
                        let _ = hold.holding.send(());
                        let _ = hold.release.recv_timeout(PATIENCE);
                        false
                    })
                });
            }
        });
        Relay {
            addr,
            hold,
            connections,
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Arms a hold; returns where to hear that an answer is held and how to release it.
    fn arm(&self, after: u64) -> (mpsc::Receiver<()>, mpsc::Sender<()>) {
        let (holding, held) = mpsc::channel();
        let (release, released) = mpsc::channel();
        *self.hold.lock().unwrap() = Some(Hold {
            after,
            holding,
            release: released,
        });
        (held, release)
    }

    fn disarm(&self) {
        *self.hold.lock().unwrap() = None;
    }
}

/// Copies `from` to `to` chunk by chunk while `pass(chunk)` says so; then closes both.
fn pipe(mut from: TcpStream, mut to: TcpStream, mut pass: impl FnMut(&[u8]) -> bool) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if !pass(&buf[..n]) || to.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = to.shutdown(Shutdown::Both);
    let _ = from.shutdown(Shutdown::Both);
}

fn kiosk_args(k: &TempKiosk) -> Vec<String> {
    vec![
        "--data-dir".into(),
        k.data_dir().to_str().unwrap().into(),
        "--key-file".into(),
        k.key_file().to_str().unwrap().into(),
    ]
}

/// Runs the kiosk's binary to the end, as tests/sync_centre.rs does.
fn run(k: &TempKiosk, args: &[&str]) -> std::process::Output {
    let mut all = kiosk_args(k);
    all.extend(args.iter().map(|a| a.to_string()));
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    ladoshka(k.dir.path(), &all)
}

/// `ladoshka sync`, started and not waited for.
fn spawn_sync(k: &TempKiosk) -> Child {
    Command::new(env!("CARGO_BIN_EXE_ladoshka"))
        .args(kiosk_args(k))
        .arg("sync")
        .env_remove("CREDENTIALS_DIRECTORY")
        .env_remove("LADOSHKA_DATA_DIR")
        .env_remove("LADOSHKA_KEY_FILE")
        .env("XDG_DATA_HOME", k.dir.path())
        .env("LADOSHKA_LOG", "warn")
        .env(ladoshka::platform::clock::NOW_VARIABLE, common::CLI_NOW)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ladoshka sync")
}

/// Adds `n` rental items (one outbox row each) in one transaction; `next` numbers them.
fn add_items(k: &TempKiosk, next: &mut usize, n: usize) {
    let mut store = k.open();
    let from = *next;
    store
        .write(|w| {
            for i in from..from + n {
                w.insert_rental_item(&NewRentalItem::new(
                    RentalKind::WALKER,
                    &format!("КИЛ-{i:06}"),
                    ItemState::Available,
                )?)?;
            }
            Ok(())
        })
        .unwrap();
    *next += n;
}

/// Where the kiosk stands: the highest row acknowledged, and the highest row sealed into a
/// bundle (acknowledged or waiting).
fn kiosk_state(k: &TempKiosk) -> (u64, u64) {
    let store = k.open();
    let acked = store.sync_status().unwrap().acked_seq;
    let sealed = store
        .pending_bundles()
        .unwrap()
        .iter()
        .map(|b| b.last_seq)
        .max()
        .unwrap_or(0)
        .max(acked);
    (acked, sealed)
}

/// What the centre holds from `device`, checked to be 1..=n with each row once and its position
/// to be n; returns n. Read in one go: an upload from a killed kiosk may still be importing.
fn centre_holds(c: &TestCentre, device: &[u8; 16], when: &str) -> u64 {
    // An import is one transaction: when the position is the same before and after reading
    // the rows, the rows read are the ones that position covers.
    let store = c.centre.store();
    let (seqs, position) = loop {
        let before = store.ack_state(device).unwrap();
        let seqs: Vec<u64> = store.rows(device).unwrap().iter().map(|r| r.seq).collect();
        if store.ack_state(device).unwrap() == before {
            break (seqs, before);
        }
    };
    let n = seqs.len() as u64;
    assert!(
        seqs.iter().copied().eq(1..=n),
        "{when}: the centre's rows are not 1..={n} each once: first gap or double near {:?}",
        seqs.windows(2)
            .find(|w| w[1] != w[0] + 1)
            .map(|w| (w[0], w[1]))
    );
    assert!(
        matches!(position, AckState::Active { held_through, .. } if held_through == n),
        "{when}: the centre's position {position:?}"
    );
    n
}

/// Kills `child` (SIGKILL) unless it has already ended, and collects what it printed.
fn kill(mut child: Child) -> std::process::Output {
    if child.try_wait().unwrap().is_none() {
        child.kill().unwrap();
    }
    child.wait_with_output().unwrap()
}

/// Waits until the relay holds back an answer (then kills the kiosk) or the kiosk ends.
fn kill_when_held(mut child: Child, held: &mpsc::Receiver<()>) -> std::process::Output {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if held.recv_timeout(Duration::from_millis(5)).is_ok() {
            return kill(child);
        }
        if child.try_wait().unwrap().is_some() {
            let out = child.wait_with_output().unwrap();
            panic!(
                "the sync ended before the centre had imported anything new: {}",
                text(&out)
            );
        }
        assert!(
            Instant::now() < deadline,
            "the centre imported nothing within {PATIENCE:?}"
        );
    }
}

#[test]
fn a_kiosk_killed_during_sync_again_and_again_leaves_every_row_at_the_centre_exactly_once() {
    let started = Instant::now();
    let seed = std::env::var("SYNC_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| fastrand::u64(..));
    println!("seed {seed} (replay with SYNC_KILL_SEED={seed})");
    let mut rng = fastrand::Rng::with_seed(seed);

    let c = TestCentre::new();
    let server = c.serve_on("127.0.0.1:0");
    let k = TempKiosk::new();
    let out = run(&k, &["demo-data"]);
    assert!(out.status.success(), "{}", text(&out));
    let device = k.open().sync_identity().unwrap().device_id;
    let token = c.token();
    let relay = Relay::start(c.centre.clone(), server.addr, device);
    let fingerprint = c.centre.public_key().fingerprint();
    let out = run(
        &k,
        &[
            "enrol",
            "--centre",
            &relay.url(),
            "--token",
            &token,
            "--fingerprint",
            &fingerprint,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let outbox_len = |k: &TempKiosk| {
        let s = k.open().sync_status().unwrap();
        s.acked_seq + s.pending_rows
    };
    let mut next_item = 1;

    // How long a start-up alone takes (the store opened, nothing sent); the demo records
    // synced; then a normal sync of 2,500 new rows, left to finish, to scale the waits by.
    let t = Instant::now();
    let out = run(&k, &["device-info"]);
    let start_up = t.elapsed();
    assert!(out.status.success(), "{}", text(&out));
    let out = run(&k, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));
    add_items(&k, &mut next_item, 2_500);
    let t = Instant::now();
    let out = run(&k, &["sync"]);
    let normal = t.elapsed();
    assert!(out.status.success(), "{}", text(&out));
    let mut total = outbox_len(&k);
    assert_eq!(centre_holds(&c, &device, "the normal sync"), total);
    println!(
        "start-up alone {} ms; a normal sync of 2,500 new rows {} ms ({total} rows in all)",
        start_up.as_millis(),
        normal.as_millis()
    );
    // A sync of `new` rows takes about this long; the waits reach a tenth beyond it.
    let (start_ms, normal_ms) = (start_up.as_millis() as u64, normal.as_millis() as u64);
    let window =
        |new: usize| start_ms + normal_ms.saturating_sub(start_ms) * new as u64 * 11 / 25_000;

    let mut phases: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut kills, mut finished) = (0, 0);
    for round in 1..=ROUNDS {
        let new = rng.usize(200..=3_000);
        add_items(&k, &mut next_item, new);
        total += new as u64;
        let (acked_before, sealed_before) = kiosk_state(&k);
        let held_before = centre_holds(&c, &device, &format!("before round {round}"));
        let let_finish = round % FINISH_EVERY == 0;
        let hold = !let_finish && round % HOLD_EVERY == 0;
        let wait = Duration::from_millis(rng.u64(0..=window(new).max(20)));

        let t = Instant::now();
        let out = if let_finish {
            let out = spawn_sync(&k).wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: a sync left to finish failed after earlier kills: {}",
                text(&out)
            );
            out
        } else if hold {
            let (held, release) = relay.arm(held_before);
            let out = kill_when_held(spawn_sync(&k), &held);
            let _ = release.send(());
            out
        } else {
            let child = spawn_sync(&k);
            std::thread::sleep(wait);
            kill(child)
        };
        relay.disarm();
        let elapsed = t.elapsed();
        let killed = out.status.signal() == Some(9);
        assert!(
            killed || !hold,
            "round {round}: the sync was not killed while its answer was held back: {}",
            text(&out)
        );

        let held = centre_holds(&c, &device, &format!("after round {round}"));
        assert!(held <= total && held >= held_before);
        let (acked, sealed) = kiosk_state(&k);
        assert!(
            acked <= held && acked >= acked_before,
            "round {round}: the kiosk's acknowledged row {acked} (before: {acked_before}) against the centre's {held}"
        );
        if !killed {
            // It ran to the end: it must have succeeded and delivered everything.
            assert!(
                out.status.success(),
                "round {round}: a sync not killed failed after earlier kills: {}",
                text(&out)
            );
            assert_eq!(
                (held, acked),
                (total, total),
                "round {round}: {}",
                text(&out)
            );
            finished += 1;
            println!(
                "round {round}: +{new} rows, {} in {} ms",
                if let_finish {
                    "left to finish, finished"
                } else {
                    "finished before the kill"
                },
                elapsed.as_millis()
            );
            continue;
        }
        kills += 1;
        let phase = if hold {
            assert!(
                acked < held,
                "round {round}: killed while the centre's answer was held back, yet the kiosk recorded row {acked} acknowledged (the centre holds {held})"
            );
            "held back: the centre had imported, the kiosk had not recorded it (on purpose)"
        } else if sealed == sealed_before {
            if elapsed < start_up {
                "start-up (about: before the store was open)"
            } else {
                "start-up or sealing, before the first new bundle was committed"
            }
        } else if sealed < total {
            "sealing, some new bundles committed"
        } else if held < total {
            "all sealed, sending"
        } else if acked < total {
            "the centre had imported all, the kiosk had not recorded its acknowledgement"
        } else {
            "after the round's work (exiting)"
        };
        *phases.entry(phase).or_default() += 1;
        println!(
            "round {round}: +{new} rows, killed after {} ms{}: {phase} (sealed through {sealed}, centre holds {held}, kiosk acknowledged {acked}, of {total})",
            elapsed.as_millis(),
            if hold { String::new() } else { format!(" (wait {} ms)", wait.as_millis()) },
        );
    }

    // One clean sync delivers whatever is left.
    let out = run(&k, &["sync"]);
    assert!(
        out.status.success(),
        "the clean sync after {kills} kills: {}",
        text(&out)
    );
    assert_eq!(outbox_len(&k), total);
    assert_eq!(centre_holds(&c, &device, "after the clean sync"), total);
    assert_eq!(
        c.seqs(&device),
        (1..=total).collect::<Vec<_>>(),
        "every row at the centre exactly once"
    );
    let status = k.open().sync_status().unwrap();
    assert_eq!(
        (
            status.acked_seq,
            status.pending_rows,
            status.pending_bundles
        ),
        (total, 0, 0),
        "the kiosk waits for nothing"
    );
    assert_eq!(status.last_error, None);
    let out = run(&k, &["doctor"]);
    assert_eq!(out.status.code(), Some(0), "doctor: {}", text(&out));
    assert!(text(&out).contains("Integrity:       ok"), "{}", text(&out));

    let held_kills = phases
        .iter()
        .filter(|(p, _)| p.starts_with("held back"))
        .map(|(_, n)| n)
        .sum::<usize>();
    let hold_rounds = (1..=ROUNDS)
        .filter(|r| r % HOLD_EVERY == 0 && r % FINISH_EVERY != 0)
        .count();
    assert_eq!(
        held_kills, hold_rounds,
        "kills between import and acknowledgement"
    );
    println!(
        "{kills} kills, {finished} syncs ran to the end, {total} rows, each once at the centre, over {} relayed connections; where the kills landed:",
        relay.connections.load(Ordering::Relaxed)
    );
    for (phase, n) in &phases {
        println!("  {n:>3}  {phase}");
    }
    println!("({:.1} s in all)", started.elapsed().as_secs_f64());
    drop(server);
}
