//! The store worker: one thread owns the database connection and runs jobs sent to it over a
//! channel, one at a time, in order. The UI thread only ever sends; answers come back through
//! the callback it gave, which the app forwards to the event loop.

use std::sync::mpsc;
use std::thread;

use super::Store;

type Job = Box<dyn FnOnce(&mut Store) + Send>;

#[derive(Clone)]
pub struct StoreWorker {
    jobs: mpsc::Sender<Job>,
}

impl StoreWorker {
    /// Moves `store` onto its own thread. The thread ends when the last handle is dropped.
    pub fn spawn(mut store: Store) -> Self {
        let (jobs, queue) = mpsc::channel::<Job>();
        thread::Builder::new()
            .name("store".into())
            .spawn(move || {
                for job in queue {
                    job(&mut store);
                }
            })
            .expect("cannot start the store thread");
        Self { jobs }
    }

    /// Runs `job` on the store thread and hands its result to `done` (on the store thread).
    pub fn submit<R: Send + 'static>(
        &self,
        job: impl FnOnce(&mut Store) -> R + Send + 'static,
        done: impl FnOnce(R) + Send + 'static,
    ) {
        let sent = self.jobs.send(Box::new(move |store| done(job(store))));
        if sent.is_err() {
            tracing::error!("the store thread has stopped; the request was dropped");
        }
    }

    /// Runs `job` and waits for its result. For the command line and tests: never call it on
    /// the UI thread.
    pub fn call<R: Send + 'static>(&self, job: impl FnOnce(&mut Store) -> R + Send + 'static) -> R {
        let (tx, rx) = mpsc::sync_channel(1);
        self.submit(job, move |r| {
            let _ = tx.send(r);
        });
        rx.recv().expect("the store thread stopped while answering")
    }
}
