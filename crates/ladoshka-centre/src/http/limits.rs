//! What the server allows a client: how long it may take to send its request head and its body,
//! how many connections may be open and how many uploads read at once. A client that opens a
//! connection and sends nothing, or sends a body a byte a minute, is dropped after a bounded
//! time; past the limits a client gets a plain 503 or 429 and is told to try again later.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The server's limits. [`ServeConfig::default`] is what `ladoshka-centre serve` uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeConfig {
    /// How long a connection may wait for a request's head: both a new connection that sends
    /// nothing and a kept-alive one between requests are closed after it.
    pub header_timeout: Duration,
    /// The longest pause between two pieces of a request body.
    pub body_idle_timeout: Duration,
    /// The longest a whole request may take, body and work included.
    pub request_timeout: Duration,
    /// Connections open at once; one more is answered 503 and closed.
    pub max_connections: usize,
    /// Uploads (`POST /v1/bundles`) being read or imported at once; one more is answered 429.
    pub max_uploads: usize,
    /// How far the time in a signed `GET /v1/ack` may be from the centre's clock.
    pub ack_skew: Duration,
    /// The web console's settings (public address, operator, time zone).
    pub console: crate::console::ConsoleConfig,
}

impl Default for ServeConfig {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(30),
            body_idle_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(15 * 60),
            max_connections: 64,
            max_uploads: 8,
            ack_skew: Duration::from_secs(60 * 60),
            console: crate::console::ConsoleConfig::default(),
        }
    }
}

/// The limits of one running server, with their counters.
#[derive(Debug)]
pub struct Limits {
    pub config: ServeConfig,
    connections: Arc<Semaphore>,
    uploads: Arc<Semaphore>,
}

impl Limits {
    pub fn new(config: ServeConfig) -> Arc<Limits> {
        Arc::new(Limits {
            connections: Arc::new(Semaphore::new(config.max_connections)),
            uploads: Arc::new(Semaphore::new(config.max_uploads)),
            config,
        })
    }

    /// A place for one more connection, if there is one.
    pub(super) fn connection(&self) -> Option<OwnedSemaphorePermit> {
        self.connections.clone().try_acquire_owned().ok()
    }

    /// A place for one more upload, if there is one.
    pub(super) fn upload(&self) -> Option<OwnedSemaphorePermit> {
        self.uploads.clone().try_acquire_owned().ok()
    }

    /// Waits until every connection has closed.
    pub(super) async fn all_closed(&self) {
        let all = u32::try_from(self.config.max_connections).unwrap_or(u32::MAX);
        let _ = self.connections.acquire_many(all).await;
    }

    /// Connections open now.
    pub fn open_connections(&self) -> usize {
        self.config.max_connections - self.connections.available_permits()
    }

    /// Uploads being read or imported now.
    pub fn uploads_in_flight(&self) -> usize {
        self.config.max_uploads - self.uploads.available_permits()
    }
}
