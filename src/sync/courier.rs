//! The courier: a thread of the sync round that talks to the centre while the round's own
//! thread works on the store. It first asks the centre what it holds, then carries the sealed
//! bundles it is handed to the centre one after another, in the order it was given them, and
//! passes every answer back as it came. So the kiosk seals the next bundle and takes the
//! acknowledgement of the one before while the centre opens and imports the current one.
//!
//! It holds no store and decides nothing: the round takes (or refuses) each acknowledgement, and
//! hands over only bundles already committed to the store, so a crash or a kill at any moment
//! loses nothing and the next round sends the same bundles again.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;

use super::http::{CentreClient, HttpError};
use crate::store::PendingBundle;

/// What came back from the centre.
pub enum Answer {
    /// The answer to "what do you hold from this device?", always the first.
    Holds(Result<Vec<u8>, HttpError>),
    /// The answer to one bundle sent.
    Delivery {
        /// The bundle's id in the kiosk's store.
        id: i64,
        last_seq: u64,
        result: Result<Vec<u8>, HttpError>,
    },
}

/// The thread and its two channels.
pub struct Courier {
    bundles: Option<Sender<PendingBundle>>,
    answers: Receiver<Answer>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Courier {
    /// Starts the thread: it calls `ask` first (what the centre holds), then sends what it is
    /// handed. It stops by itself after a bundle that did not reach the centre (the bundles
    /// after it would meet the same network), and when told to.
    pub fn start(
        client: CentreClient,
        ask: impl FnOnce(&CentreClient) -> Result<Vec<u8>, HttpError> + Send + 'static,
    ) -> std::io::Result<Courier> {
        let (bundles, to_send) = mpsc::channel::<PendingBundle>();
        let (answer, answers) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let thread = std::thread::Builder::new()
            .name("sync-courier".into())
            .spawn(move || {
                if answer.send(Answer::Holds(ask(&client))).is_err() {
                    return;
                }
                for bundle in to_send {
                    if stopped.load(Ordering::Acquire) {
                        return;
                    }
                    let result = client.send_bundle(&bundle.bytes);
                    let unreachable = matches!(result, Err(HttpError::Unreachable { .. }));
                    let delivery = Answer::Delivery {
                        id: bundle.id,
                        last_seq: bundle.last_seq,
                        result,
                    };
                    if answer.send(delivery).is_err() || unreachable {
                        return;
                    }
                }
            })?;
        Ok(Courier {
            bundles: Some(bundles),
            answers,
            stop,
            thread: Some(thread),
        })
    }

    /// Hands `bundle` over to be sent after those handed over before it.
    pub fn carry(&self, bundle: PendingBundle) {
        // A courier that has stopped says so through its answers; the bundle stays in the store.
        if let Some(bundles) = &self.bundles {
            let _ = bundles.send(bundle);
        }
    }

    /// The next answer, if one has come.
    pub fn answer_now(&self) -> Option<Answer> {
        self.answers.try_recv().ok()
    }

    /// Waits for the next answer; `None` when the thread has ended without giving one.
    pub fn wait_answer(&self) -> Option<Answer> {
        self.answers.recv().ok()
    }

    /// Tells the thread to send nothing more (a bundle already on its way finishes).
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::Release);
        self.bundles = None;
    }
}

impl Drop for Courier {
    fn drop(&mut self) {
        self.stop();
        if let Some(thread) = self.thread.take() {
            if thread.join().is_err() {
                tracing::error!("the sync courier thread panicked");
            }
        }
    }
}
