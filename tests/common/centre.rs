#![allow(dead_code)]
//! A real centre (`ladoshka-centre`'s library) in a temporary folder, serving its HTTP API on
//! loopback in this process, for the kiosk's end-to-end sync tests.

use std::net::SocketAddr;
use std::sync::Arc;

use ladoshka_centre::{init, Centre, Layout};

pub struct TestCentre {
    pub dir: tempfile::TempDir,
    pub centre: Arc<Centre>,
}

impl TestCentre {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path().join("centre"), None);
        init(&layout).unwrap();
        let centre = Arc::new(Centre::open(&layout).unwrap());
        Self { dir, centre }
    }

    /// A one-time enrolment token valid for an hour.
    pub fn token(&self) -> String {
        let token = ladoshka_centre::token::EnrolmentToken::generate().unwrap();
        let now = ladoshka_centre::time::now_unix();
        self.centre
            .store()
            .insert_token(&token.hash(), now, now + 3600)
            .unwrap();
        token.to_text()
    }

    /// The sequence numbers held from `device`, in order.
    pub fn seqs(&self, device: &[u8; 16]) -> Vec<u64> {
        self.centre
            .store()
            .rows(device)
            .unwrap()
            .iter()
            .map(|r| r.seq)
            .collect()
    }

    /// Serves on `addr` (127.0.0.1:0 for any port) until the server is dropped.
    pub fn serve_on(&self, addr: &str) -> Server {
        Server::start(self.centre.clone(), addr)
    }
}

/// The HTTP server on its own runtime thread; dropping it stops it.
pub struct Server {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(centre: Arc<Centre>, addr: &str) -> Self {
        let listener = std::net::TcpListener::bind(addr).unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                ladoshka_centre::http::serve(listener, centre, async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
            });
        });
        Self {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

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
