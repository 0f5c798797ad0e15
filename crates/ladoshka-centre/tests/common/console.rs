//! What the console's tests share: users added through the library (at the tests-only
//! password cost), a kiosk whose rows make real indicators, and a small cookie-keeping client
//! that signs in as a browser does.

use std::net::SocketAddr;

use ladoshka_centre::console::password::PasswordCost;
use ladoshka_centre::console::users;
use ladoshka_centre::store::console::Role;
use ladoshka_centre::store::Via;
use ladoshka_seal::OutboxRow;
use serde_json::{json, Value};

use super::{request, CentreExt, Resp, TestCentre};

pub const PASSWORD: &str = "верный пароль 123";

/// Adds a user `login` with `role` and [`PASSWORD`].
pub fn add_user(c: &TestCentre, login: &str, role: Role) {
    users::add(
        c.centre.store(),
        login,
        &format!("{login} Тестова"),
        role,
        PASSWORD,
        PasswordCost::TESTS_ONLY,
    )
    .unwrap();
}

fn row(kind: &str, id: i64, record: Value, at: &str) -> OutboxRow {
    OutboxRow {
        seq: 0,
        kind: kind.into(),
        body: ladoshka_seal::raw_body(
            &json!({ "entity_id": id, "data": { "id": id, "record": record } }),
        ),
        created_at: at.into(),
    }
}

fn session(id: i64, kind: &str, starts_at: &str, children: &[i64]) -> OutboxRow {
    row(
        "session.insert",
        id,
        json!({ "room": 1, "psychologist": 1, "kind": kind, "starts_at": starts_at,
                "minutes": 45, "participants": children }),
        "2026-10-01T08:00:00.5+00:00",
    )
}

fn state(id: i64, state: &str, at: &str) -> OutboxRow {
    row(
        "session_state.update",
        id,
        json!({ "state": state, "reason": null, "by": 1 }),
        at,
    )
}

/// A family of two children with two sessions held in November 2026.
pub fn november_rows() -> Vec<OutboxRow> {
    vec![
        row(
            "family.insert",
            1,
            json!({ "surname": "Галиева" }),
            "2026-10-01T08:00:00Z",
        ),
        row(
            "child.insert",
            1,
            json!({ "family": 1, "situations": ["LossOfParents"] }),
            "2026-10-01T08:00:00Z",
        ),
        row(
            "child.insert",
            2,
            json!({ "family": 1, "situations": ["Emergency"] }),
            "2026-10-01T08:00:00Z",
        ),
        session(1, "individual_play_therapy", "2026-11-10T07:00:00Z", &[1]),
        session(2, "family_reconciliation", "2026-11-12T07:00:00Z", &[1, 2]),
        state(1, "in_progress", "2026-11-10T07:00:00Z"),
        state(1, "done", "2026-11-10T07:45:00Z"),
        state(2, "in_progress", "2026-11-12T07:00:00Z"),
        state(2, "done", "2026-11-12T07:45:00Z"),
    ]
}

/// A kiosk enrolled at `c` that synced [`november_rows`]; its device id.
pub fn synced_kiosk(c: &TestCentre) -> super::Kiosk {
    let mut kiosk = c.enrolled_kiosk();
    let bundle = kiosk.next_of(&november_rows());
    c.centre
        .receive(&bundle, Via::Http)
        .expect("the bundle is imported");
    kiosk
}

/// A client that keeps cookies and sends `Origin` as a browser on the console's page does.
pub struct Browser {
    pub addr: SocketAddr,
    pub cookies: Vec<(String, String)>,
    pub origin: String,
}

impl Browser {
    pub fn new(addr: SocketAddr) -> Self {
        Self {
            addr,
            cookies: Vec::new(),
            origin: format!("http://{addr}"),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep(&mut self, resp: &Resp) {
        for (name, value) in &resp.headers {
            if !name.eq_ignore_ascii_case("set-cookie") {
                continue;
            }
            let pair = value.split(';').next().unwrap_or_default();
            let Some((n, v)) = pair.split_once('=') else {
                continue;
            };
            self.cookies.retain(|(k, _)| k != n);
            if !v.is_empty() && !value.contains("Max-Age=0") {
                self.cookies.push((n.to_string(), v.to_string()));
            }
        }
    }

    pub fn get(&mut self, path: &str) -> Resp {
        let cookie = self.cookie_header();
        let resp = request(self.addr, "GET", path, &[("Cookie", &cookie)], b"");
        self.keep(&resp);
        resp
    }

    /// POSTs `form` (already URL-encoded) with the browser's cookies and `Origin`.
    pub fn post(&mut self, path: &str, form: &str) -> Resp {
        let cookie = self.cookie_header();
        let origin = self.origin.clone();
        let resp = request(
            self.addr,
            "POST",
            path,
            &[
                ("Cookie", &cookie),
                ("Origin", &origin),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            form.as_bytes(),
        );
        self.keep(&resp);
        resp
    }

    /// Signs in with `login` and `password` through the form; the answer to the POST.
    pub fn sign_in_with(&mut self, login: &str, password: &str) -> Resp {
        let page = self.get("/console/sign-in");
        assert_eq!(page.status, 200, "{}", page.text());
        let csrf = csrf_of(&page.text());
        self.post(
            "/console/sign-in",
            &format!(
                "login={}&password={}&csrf={csrf}",
                enc(login),
                enc(password)
            ),
        )
    }

    /// Signs in with [`PASSWORD`]; panics unless it works.
    pub fn sign_in(&mut self, login: &str) {
        let resp = self.sign_in_with(login, PASSWORD);
        assert_eq!(resp.status, 303, "{}", resp.text());
        assert_eq!(resp.header("location"), Some("/console"));
    }

    /// The session's CSRF token, read off a page that has a form.
    pub fn csrf(&mut self) -> String {
        csrf_of(&self.get("/console/indicators").text())
    }
}

/// The value of the first hidden `csrf` field in `html`.
pub fn csrf_of(html: &str) -> String {
    let at = html
        .find("name=\"csrf\" value=\"")
        .expect("a form with a csrf field")
        + 19;
    html[at..].split('"').next().unwrap().to_string()
}

/// URL-encodes a form value.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
