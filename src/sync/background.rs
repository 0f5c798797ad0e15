//! The background sync: a thread of its own (never the UI thread, never the store worker),
//! with its own connection to the encrypted database. It runs a round every few minutes while
//! the kiosk is enrolled with a centre address, waits longer after failures (backoff with
//! jitter), and takes two commands from the admin screen: sync now, and export to a USB stick.
//! What it did is in the store (`sync_status`); what it is doing now is in [`SyncActivity`].

use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};

use super::backoff::next_wait;
use crate::crypto::DbKey;
use crate::platform::usb_eject::{self, Ejection};
use crate::store::Store;

/// What the admin screen asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncCommand {
    Now,
    ExportTo(PathBuf),
}

/// What the thread is doing, and how the last export went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncActivity {
    pub busy: Option<&'static str>,
    /// The last export, or why it failed.
    pub last_export: Option<Result<Exported, String>>,
}

/// An export that worked: the folder, how many bundles, and whether the stick was released.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub dir: PathBuf,
    pub bundles: usize,
    pub ejection: Ejection,
}

/// The handle the kiosk keeps: send commands, read the activity.
#[derive(Clone)]
pub struct SyncHandle {
    commands: Sender<SyncCommand>,
    activity: Arc<Mutex<SyncActivity>>,
}

impl SyncHandle {
    pub fn send(&self, command: SyncCommand) {
        if self.commands.send(command).is_err() {
            tracing::error!("the sync thread has stopped");
        }
    }

    pub fn activity(&self) -> SyncActivity {
        self.activity
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// Starts the thread on the database at `db_path`.
pub fn spawn(db_path: PathBuf, key: DbKey) -> SyncHandle {
    let (commands, inbox) = mpsc::channel::<SyncCommand>();
    let activity = Arc::new(Mutex::new(SyncActivity::default()));
    let shared = activity.clone();
    let spawned = std::thread::Builder::new()
        .name("sync".into())
        .spawn(move || {
            let mut store = match Store::open(&db_path, &key) {
                Ok(s) => s,
                Err(e) => {
                    tracing::error!("the sync thread cannot open the database: {e}");
                    return;
                }
            };
            // It lives as long as the kiosk: a small page cache, like the store worker's.
            if let Err(e) = store.limit_page_cache(crate::store::KIOSK_CACHE_KIB) {
                tracing::warn!("the sync thread keeps SQLite's default page cache: {e}");
            }
            let set = |busy: Option<&'static str>| {
                shared.lock().unwrap_or_else(|p| p.into_inner()).busy = busy;
            };
            loop {
                let status = store.sync_status();
                let online = matches!(&status, Ok(s) if s.centre_url.is_some());
                let failures = status.as_ref().map_or(0, |s| s.failures);
                let wait = next_wait(failures, fastrand::f64());
                let command = match inbox.recv_timeout(wait) {
                    Ok(c) => Some(c),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return,
                };
                match command {
                    Some(SyncCommand::ExportTo(dir)) => {
                        set(Some("export"));
                        let result = super::export_to_dir(&mut store, &dir)
                            .map(|files| {
                                tracing::info!(
                                    "{} bundle(s) exported to {}",
                                    files.len(),
                                    dir.display()
                                );
                                // Released once everything is written, so the screen can say
                                // when the stick may be pulled out.
                                Exported {
                                    dir: dir.clone(),
                                    bundles: files.len(),
                                    ejection: usb_eject::eject(&dir),
                                }
                            })
                            .map_err(|e| e.to_string());
                        if let Err(e) = &result {
                            tracing::error!("export to {} failed: {e}", dir.display());
                        }
                        let mut a = shared.lock().unwrap_or_else(|p| p.into_inner());
                        a.busy = None;
                        a.last_export = Some(result);
                    }
                    Some(SyncCommand::Now) => {
                        set(Some("sync"));
                        round(&mut store);
                        set(None);
                    }
                    None if online => {
                        set(Some("sync"));
                        round(&mut store);
                        set(None);
                    }
                    None => {}
                }
            }
        });
    if let Err(e) = spawned {
        tracing::error!("cannot start the sync thread: {e}");
    }
    SyncHandle { commands, activity }
}

fn round(store: &mut Store) {
    match super::sync_round(store) {
        Ok(r) => tracing::info!(
            sealed = r.sealed,
            sent = r.sent,
            acked = r.acked_seq,
            pending = r.pending,
            "sync round done"
        ),
        Err(e) => tracing::warn!("sync round failed: {e}"),
    }
}
