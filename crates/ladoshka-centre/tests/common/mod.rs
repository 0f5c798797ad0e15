//! A centre started in-process on 127.0.0.1:0 with a temporary data folder, a kiosk that seals
//! bundles with ladoshka-seal, and a small HTTP/1.1 client that shows exactly what was sent.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::Duration;

use ladoshka_seal::{
    encode_rows, random_id, seal, Ack, BundleHeader, CentrePublicKey, DeviceId, DeviceIdentity,
    DeviceSigned, EnrolmentRequest, OutboxRow,
};

pub use ladoshka_centre_testing::{Server, TestCentre};

pub mod console;

/// What the HTTP tests ask of the one test centre besides what it offers everyone.
pub trait CentreExt {
    fn public_key(&self) -> CentrePublicKey;
    /// A kiosk enrolled here (directly, not over HTTP).
    fn enrolled_kiosk(&self) -> Kiosk;
}

impl CentreExt for TestCentre {
    fn public_key(&self) -> CentrePublicKey {
        self.centre.public_key()
    }

    fn enrolled_kiosk(&self) -> Kiosk {
        let kiosk = Kiosk::new(self.public_key());
        self.centre.enrol(&kiosk.enrolment(&self.token())).unwrap();
        kiosk
    }
}

/// The HTTP requests the tests send to a test server, read back byte for byte.
pub trait Client {
    fn post(&self, path: &str, content_type: &str, body: &[u8]) -> Resp;
    fn upload(&self, bundle: &[u8]) -> Resp;
    fn enrol(&self, request: &EnrolmentRequest) -> Resp;
    fn get(&self, path: &str) -> Resp;
    /// `GET /v1/ack` for `kiosk`, signed by it as a kiosk does.
    fn ask_ack(&self, kiosk: &Kiosk) -> Resp;
    /// The signed acknowledgement for `kiosk`, checked; panics unless the server answers 200.
    fn ack(&self, kiosk: &Kiosk) -> Ack;
}

impl Client for Server {
    fn post(&self, path: &str, content_type: &str, body: &[u8]) -> Resp {
        request(
            self.addr,
            "POST",
            path,
            &[("Content-Type", content_type)],
            body,
        )
    }

    fn upload(&self, bundle: &[u8]) -> Resp {
        self.post("/v1/bundles", "application/octet-stream", bundle)
    }

    fn enrol(&self, request: &EnrolmentRequest) -> Resp {
        self.post(
            "/v1/enrol",
            "application/json",
            &serde_json::to_vec(request).unwrap(),
        )
    }

    fn get(&self, path: &str) -> Resp {
        request(self.addr, "GET", path, &[], b"")
    }

    fn ask_ack(&self, kiosk: &Kiosk) -> Resp {
        let (at, signature) = kiosk.sign_ack_request(ladoshka_centre::time::now_unix());
        request(
            self.addr,
            "GET",
            &format!("/v1/ack?device={}", hex::encode(kiosk.device_id)),
            &[
                ("X-Ladoshka-Signed-At", &at),
                ("X-Ladoshka-Signature", &signature),
            ],
            b"",
        )
    }

    /// The signed acknowledgement for `kiosk`, checked; panics unless the server answers 200.
    fn ack(&self, kiosk: &Kiosk) -> Ack {
        let resp = self.ask_ack(kiosk);
        assert_eq!(resp.status, 200, "{}", resp.text());
        let ack = Ack::verify(&resp.body, &kiosk.centre).unwrap();
        assert_eq!(ack.device_id, kiosk.device_id);
        ack
    }
}

/// An HTTP response as read off the wire.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The `error` of a JSON error body; panics if the body is not one.
    pub fn error(&self) -> String {
        assert_eq!(
            self.header("content-type"),
            Some("application/json"),
            "{self:?}"
        );
        let value: serde_json::Value = serde_json::from_slice(&self.body).unwrap();
        value["error"].as_str().unwrap().to_string()
    }
}

/// Sends one request on a new connection and reads the whole response.
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = connect(addr);
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    read_response(&mut stream)
}

pub fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream
}

/// Reads a response until the server closes the connection.
pub fn read_response(stream: &mut TcpStream) -> Resp {
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let head = String::from_utf8(raw[..split].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if let Some((_, len)) = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
    {
        body.truncate(len.parse().unwrap());
    }
    Resp {
        status,
        headers,
        body,
    }
}

/// A kiosk: its key, its id, and where its outbox stands.
pub struct Kiosk {
    pub identity: DeviceIdentity,
    pub device_id: DeviceId,
    pub centre: CentrePublicKey,
    /// Hash of the last bundle sealed by `next` (zeros before the first).
    pub prev: [u8; 32],
    /// The first sequence number `next` will seal.
    pub next_seq: u64,
}

impl Kiosk {
    /// The two headers of a `GET /v1/ack` signed at `at` (Unix seconds): the time, the signature.
    pub fn sign_ack_request(&self, at: i64) -> (String, String) {
        let request = ladoshka_seal::AckRequest {
            device_id: self.device_id,
            issued_at_unix: at,
        };
        (
            at.to_string(),
            hex::encode(request.sign(&self.centre, &self.identity)),
        )
    }

    pub fn new(centre: CentrePublicKey) -> Self {
        Self {
            identity: DeviceIdentity::generate().unwrap(),
            device_id: random_id().unwrap(),
            centre,
            prev: [0; 32],
            next_seq: 1,
        }
    }

    pub fn enrolment(&self, token: &str) -> EnrolmentRequest {
        EnrolmentRequest {
            token: token.into(),
            device_id: self.device_id,
            device_public_key: self.identity.public_key(),
        }
    }

    /// Seals rows `first..=last` after the bundle whose hash is `prev`, without moving on.
    pub fn seal(&self, first: u64, last: u64, prev: [u8; 32]) -> Vec<u8> {
        self.seal_to(&self.centre, first, last, prev)
    }

    /// The same, sealed to `centre` (which need not be this kiosk's centre).
    pub fn seal_to(
        &self,
        centre: &CentrePublicKey,
        first: u64,
        last: u64,
        prev: [u8; 32],
    ) -> Vec<u8> {
        let header = BundleHeader::new(
            self.device_id,
            random_id().unwrap(),
            first,
            last,
            prev,
            &self.identity.public_key(),
            centre,
        )
        .unwrap();
        let payload = encode_rows(&header, &rows(first, last)).unwrap();
        seal(&header, &payload, centre, &self.identity).unwrap()
    }

    /// Seals `rows` as this kiosk's next ones (numbered on from where it stands), chained to
    /// the last bundle it sealed.
    pub fn next_of(&mut self, rows: &[OutboxRow]) -> Vec<u8> {
        let (first, last) = (self.next_seq, self.next_seq + rows.len() as u64 - 1);
        let rows: Vec<OutboxRow> = rows
            .iter()
            .zip(first..)
            .map(|(r, seq)| OutboxRow { seq, ..r.clone() })
            .collect();
        let header = BundleHeader::new(
            self.device_id,
            random_id().unwrap(),
            first,
            last,
            self.prev,
            &self.identity.public_key(),
            &self.centre,
        )
        .unwrap();
        let payload = encode_rows(&header, &rows).unwrap();
        let bundle = seal(&header, &payload, &self.centre, &self.identity).unwrap();
        self.prev = ladoshka_seal::bundle_hash(&bundle);
        self.next_seq = last + 1;
        bundle
    }

    /// Seals the next `count` rows, chained to the last bundle this kiosk sealed.
    pub fn next(&mut self, count: u64) -> Vec<u8> {
        let (first, last) = (self.next_seq, self.next_seq + count - 1);
        let bundle = self.seal(first, last, self.prev);
        self.prev = ladoshka_seal::bundle_hash(&bundle);
        self.next_seq = last + 1;
        bundle
    }
}

/// The outbox rows `first..=last`, with Russian text as the kiosk writes it.
pub fn rows(first: u64, last: u64) -> Vec<OutboxRow> {
    (first..=last)
        .map(|seq| OutboxRow {
            seq,
            kind: "check_in.insert".into(),
            body: ladoshka_seal::raw_body(
                &serde_json::json!({ "session": 12, "child": seq, "note": "пришла с мамой" }),
            ),
            created_at: "2026-03-01T10:00:00+03:00".into(),
        })
        .collect()
}

/// Writes `bytes` to `dir/name`.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// The indicators for November 2026 in Moscow time, in Russian, as `format`.
pub fn november(format: ladoshka_centre::report::Format) -> ladoshka_centre::report::Request {
    let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    ladoshka_centre::report::Request {
        first_day: day(1),
        last_day: day(30),
        zone: chrono_tz::Europe::Moscow,
        today: day(30),
        format,
        lang: ladoshka_centre::report::Language::Ru,
        operator: String::new(),
    }
}

/// Runs the built `ladoshka-centre` on `data_dir` with `args`, clear of the caller's environment
/// (credentials, data folder, database, zone, operator, log filter): exit code, stdout, stderr.
/// `args`, with `--plain` added to a report asked for as CSV: the tests read the CSV as a
/// script does (`,` and decimal points, no byte-order mark).
pub fn as_a_script<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = args.to_vec();
    let csv = !args
        .iter()
        .any(|a| ["html", "xlsx", "--excel", "--plain"].contains(a));
    if args.first() == Some(&"report") && csv {
        all.push("--plain");
    }
    all
}

pub fn run_centre(data_dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ladoshka-centre"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(as_a_script(args))
        .env_remove("CREDENTIALS_DIRECTORY")
        .env_remove("LADOSHKA_CENTRE_DATA_DIR")
        .env_remove("LADOSHKA_CENTRE_DATABASE")
        .env_remove("LADOSHKA_CENTRE_TIME_ZONE")
        .env_remove("LADOSHKA_OPERATOR")
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}
