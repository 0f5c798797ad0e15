//! One in-process centre for every sync test: a real `ladoshka-centre` (its library) in a
//! temporary data folder, one-time enrolment tokens, and its HTTP API served on loopback from
//! this process. The kiosk's end-to-end sync tests and the centre's own HTTP tests both start
//! it, so there is one way to run a centre in a test.

mod pg;
mod rows;

use std::net::SocketAddr;
use std::sync::Arc;

use ladoshka_centre::http::{Limits, ServeConfig};
use ladoshka_centre::{init, Centre, Layout};

pub use pg::{pg_bin, TestPg};
pub use rows::{kiosk_rows, ROWS_PER_FAMILY};

/// A centre's data folder and the centre opened on it; the folder goes with it, and so does
/// its PostgreSQL server when it has one.
pub struct TestCentre {
    pub centre: Arc<Centre>,
    pub layout: Layout,
    pub dir: tempfile::TempDir,
    /// The throwaway server when the store is in PostgreSQL (dropped after the centre).
    pub pg: Option<TestPg>,
}

/// Which engine the test centres use: `LADOSHKA_CENTRE_TEST_ENGINE=postgres` runs every test
/// that starts a [`TestCentre::new`] against PostgreSQL (`.ci/run` does, for the centre's
/// tests); anything else, or nothing, the SQLCipher file.
pub fn engine_from_env() -> Engine {
    match std::env::var("LADOSHKA_CENTRE_TEST_ENGINE").as_deref() {
        Ok("postgres") => Engine::Postgres,
        _ => Engine::Sqlcipher,
    }
}

/// The store engine of a test centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlcipher,
    Postgres,
}

impl Default for TestCentre {
    fn default() -> Self {
        Self::new()
    }
}

impl TestCentre {
    /// A new centre (`ladoshka-centre init`) in a temporary folder, on the engine
    /// [`engine_from_env`] names.
    pub fn new() -> Self {
        Self::on(engine_from_env())
    }

    /// A new centre on `engine`; PostgreSQL gets a throwaway server of its own.
    pub fn on(engine: Engine) -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder for the centre");
        let pg = (engine == Engine::Postgres).then(TestPg::start);
        let layout = Layout::new(dir.path().join("centre"), None)
            .with_database(pg.as_ref().map(TestPg::url));
        init(&layout).expect("the centre initialises");
        let centre = Arc::new(Centre::open(&layout).expect("the centre opens"));
        Self {
            centre,
            layout,
            dir,
            pg,
        }
    }

    /// A second centre process on the same keys and store (another `serve` sharing the
    /// PostgreSQL database, or the same file): what a region runs behind a load balancer.
    pub fn open_again(&self) -> Arc<Centre> {
        Arc::new(Centre::open(&self.layout).expect("the centre opens again"))
    }

    /// A one-time enrolment token valid for an hour.
    pub fn token(&self) -> String {
        self.token_expiring_in(3600)
    }

    /// A token expiring `secs` from now (negative: already expired).
    pub fn token_expiring_in(&self, secs: i64) -> String {
        let token = ladoshka_centre::token::EnrolmentToken::generate().expect("a token");
        let now = ladoshka_centre::time::now_unix();
        self.centre
            .store()
            .insert_token(&token.hash(), now - 7200, now + secs)
            .expect("the token is stored");
        token.to_text()
    }

    /// (rows, bundles) held, all devices together.
    pub fn totals(&self) -> (u64, u64) {
        self.centre.store().totals().expect("the centre's totals")
    }

    /// The sequence numbers held from `device`, in order.
    pub fn seqs(&self, device: &[u8; 16]) -> Vec<u64> {
        self.centre
            .store()
            .rows(device)
            .expect("the centre's rows")
            .iter()
            .map(|r| r.seq)
            .collect()
    }

    /// Serves the HTTP API on any free loopback port until the server is dropped.
    pub fn serve(&self) -> Server {
        self.serve_on("127.0.0.1:0")
    }

    /// Serves on `addr` (again on the address of a server dropped before, to come back).
    pub fn serve_on(&self, addr: &str) -> Server {
        self.serve_with(addr, ServeConfig::default())
    }

    /// Serves on `addr` with these limits (short timeouts, few connections, for the tests of
    /// the limits themselves).
    pub fn serve_with(&self, addr: &str, config: ServeConfig) -> Server {
        Server::start(self.centre.clone(), addr, Limits::new(config))
    }
}

/// The HTTP server on its own runtime thread; dropping it stops it and waits for it.
pub struct Server {
    pub addr: SocketAddr,
    /// The server's limits and their counters.
    pub limits: Arc<Limits>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Serves `centre` (e.g. a second process's [`TestCentre::open_again`]) on a free loopback
    /// port with the default limits.
    pub fn for_centre(centre: Arc<Centre>) -> Self {
        Self::start(centre, "127.0.0.1:0", Limits::new(ServeConfig::default()))
    }

    fn start(centre: Arc<Centre>, addr: &str, limits: Arc<Limits>) -> Self {
        let listener = std::net::TcpListener::bind(addr).expect("a loopback port");
        listener
            .set_nonblocking(true)
            .expect("a non-blocking listener");
        let addr = listener.local_addr().expect("the listener's address");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let served = limits.clone();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("a runtime for the server");
            runtime.block_on(async move {
                let listener =
                    tokio::net::TcpListener::from_std(listener).expect("a tokio listener");
                ladoshka_centre::http::serve_with(listener, centre, served, async {
                    let _ = stopped.await;
                })
                .await
                .expect("the centre serves");
            });
        });
        Self {
            addr,
            limits,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// The server's base URL, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
