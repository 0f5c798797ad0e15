//! The console in a real headless Chromium (Debian's `chromium` driven through its
//! `chromedriver`): an administrator signs in, sees the kiosk that synced, revokes it (the
//! page says so, and the kiosk's next upload is refused), downloads the CSV (fetched with the
//! browser's own session cookie) and finds it byte for byte `report indicators`. Every page is
//! photographed in Russian, Tatar and English into `$CARGO_TARGET_DIR/console-shots/`.
//!
//! Without `chromedriver` the test says so and passes, unless `CI` is set: then it fails.

mod common;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::console::{add_user, synced_kiosk, PASSWORD};
use common::{request, Client as _, TestCentre};
use fantoccini::{Client, ClientBuilder, Locator};
use ladoshka_centre::report::{self, Format, Language, Request};
use ladoshka_centre::store::console::Role;
use serde_json::json;

const CHROMIUM: &str = "/usr/bin/chromium";
const LANGS: [&str; 3] = ["ru", "tt", "en"];

/// `chromedriver` on a free loopback port, stopped when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_driver() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/bin")])
        .map(|d| d.join("chromedriver"))
        .find(|p| p.is_file())
}

/// Starts `chromedriver` on a free port (picked by binding port 0, then given to it; tried
/// again if someone took it meanwhile).
fn start_driver(binary: &Path) -> Driver {
    for _ in 0..5 {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let until = Instant::now() + Duration::from_secs(15);
        while Instant::now() < until {
            if let Ok(Some(_)) = child.try_wait() {
                break; // The port was taken: try another.
            }
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Driver { child, port };
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    panic!("chromedriver did not start listening on a free port");
}

fn shots_dir() -> PathBuf {
    let base = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")));
    let dir = base.join("console-shots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The browser with its runtime; every step is run to its end before the test goes on, so
/// the test's own store calls never run on an async task.
struct Browser {
    rt: tokio::runtime::Runtime,
    client: Option<Client>,
    base: String,
    shots: PathBuf,
}

impl Browser {
    fn open(driver: &Driver, base: String) -> Self {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": CHROMIUM,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=390,844",
                         "--hide-scrollbars", "--lang=ru"]
            }),
        );
        let url = format!("http://127.0.0.1:{}", driver.port);
        let client = rt
            .block_on(
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                    .capabilities(caps)
                    .connect(&url),
            )
            .expect("a Chromium session through chromedriver");
        Self {
            rt,
            client: Some(client),
            base,
            shots: shots_dir(),
        }
    }

    fn c(&self) -> &Client {
        self.client.as_ref().unwrap()
    }

    fn goto(&self, path: &str) {
        self.rt
            .block_on(self.c().goto(&format!("{}{path}", self.base)))
            .unwrap();
    }

    fn source(&self) -> String {
        self.rt.block_on(self.c().source()).unwrap()
    }

    fn path(&self) -> String {
        let url = self.rt.block_on(self.c().current_url()).unwrap();
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        }
    }

    fn type_in(&self, css: &str, text: &str) {
        let el = self.rt.block_on(self.c().find(Locator::Css(css))).unwrap();
        self.rt.block_on(el.clear()).unwrap();
        self.rt.block_on(el.send_keys(text)).unwrap();
    }

    /// Clicks what `css` finds and waits until the browser has gone to another address and
    /// loaded it (every click here sends a form or follows a link).
    fn click(&self, css: &str) {
        let before = self.rt.block_on(self.c().current_url()).unwrap();
        let el = self.rt.block_on(self.c().find(Locator::Css(css))).unwrap();
        self.rt.block_on(el.click()).unwrap();
        let until = Instant::now() + Duration::from_secs(10);
        loop {
            let now = self.rt.block_on(self.c().current_url()).unwrap();
            let ready = self
                .rt
                .block_on(self.c().execute("return document.readyState", vec![]))
                .ok()
                .and_then(|v| v.as_str().map(|s| s == "complete"))
                .unwrap_or(false);
            if now != before && ready {
                return;
            }
            assert!(
                Instant::now() < until,
                "clicking {css} on {before} led nowhere"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn sign_in(&self, login: &str) {
        self.goto("/console/sign-in");
        self.type_in("input[name=login]", login);
        self.type_in("input[name=password]", PASSWORD);
        self.click("form.sign-in button[type=submit]");
    }

    /// A screenshot of the whole page (the window made as tall as the page) as `name.png`.
    fn shot(&self, name: &str) -> PathBuf {
        let c = self.c();
        let height = self
            .rt
            .block_on(c.execute("return document.documentElement.scrollHeight", vec![]))
            .ok()
            .and_then(|v| v.as_u64())
            .unwrap_or(844)
            .clamp(844, 4000) as u32;
        let _ = self.rt.block_on(c.set_window_size(390, height + 100));
        let png = self.rt.block_on(c.screenshot()).unwrap();
        let _ = self.rt.block_on(c.set_window_size(390, 844));
        let path = self.shots.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    fn cookie(&self, name: &str) -> String {
        self.rt
            .block_on(self.c().get_named_cookie(name))
            .unwrap()
            .value()
            .to_string()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.rt.block_on(client.close());
        }
    }
}

#[test]
fn an_administrator_signs_in_revokes_a_synced_kiosk_and_downloads_the_csv() {
    let Some(driver_bin) = find_driver().filter(|_| Path::new(CHROMIUM).is_file()) else {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
        assert!(!ci, "CI is set but chromedriver or {CHROMIUM} is missing: install chromium and chromium-driver (make deps)");
        println!("SKIPPED: chromedriver or {CHROMIUM} is not installed (apt-get install chromium chromium-driver); the console's browser test did not run");
        return;
    };
    let c = TestCentre::new();
    add_user(&c, "admin", Role::Admin);
    add_user(&c, "analyst", Role::Analyst);
    let mut kiosk = synced_kiosk(&c);
    let kiosk_hex = hex::encode(kiosk.device_id);
    let srv = c.serve();
    let addr: SocketAddr = srv.addr;
    let driver = start_driver(&driver_bin);
    let b = Browser::open(&driver, format!("http://{addr}"));
    println!("console screenshots in {}", b.shots.display());

    for lang in LANGS {
        b.goto(&format!("/console/sign-in?lang={lang}"));
        b.shot(&format!("sign-in-{lang}"));
    }
    b.goto("/console/sign-in?lang=ru");
    b.sign_in("admin");
    assert_eq!(b.path(), "/console/devices");
    let devices = b.source();
    assert!(devices.contains(&kiosk_hex), "{devices}");
    assert!(devices.contains("работает"), "{devices}");

    // Every page in every language.
    let period = "from=2026-11-01&to=2026-11-30";
    for lang in LANGS {
        for (name, path) in [
            ("devices", "/console/devices".to_string()),
            ("tokens", "/console/tokens".to_string()),
            ("indicators", format!("/console/indicators?{period}")),
            ("print", format!("/console/indicators/print?{period}")),
            ("erasures", "/console/erasures".to_string()),
            ("audit", "/console/audit".to_string()),
            ("not-found", "/console/nothing-here".to_string()),
        ] {
            let sep = if path.contains('?') { '&' } else { '?' };
            b.goto(&format!("{path}{sep}lang={lang}"));
            b.shot(&format!("{name}-{lang}"));
        }
        b.goto(&format!("/console/tokens?lang={lang}"));
        b.type_in("input[name=hours]", "12");
        b.click("form.actions button[type=submit]");
        assert!(
            b.source().contains("<svg class=\"qr\""),
            "no QR code: {}",
            b.source()
        );
        b.shot(&format!("token-created-{lang}"));
        b.goto(&format!("/console/devices?lang={lang}"));
        b.click("button.danger");
        assert_eq!(b.path(), "/console/devices/revoke");
        b.shot(&format!("revoke-confirm-{lang}"));
    }

    // Revoke the kiosk, for real, in Russian: it shows revoked, and its next upload is refused.
    b.goto("/console/devices?lang=ru");
    b.click("button.danger");
    b.click("form.actions button.danger");
    assert_eq!(b.path(), "/console/devices?done=revoked");
    let after = b.source();
    assert!(after.contains("Киоск отозван"), "{after}");
    assert!(after.contains("отозван"), "{after}");
    assert!(!after.contains("button class=\"danger\""), "{after}");
    b.shot("devices-revoked-ru");
    let refused = srv.upload(&kiosk.next(1));
    assert_eq!(refused.status, 403, "{}", refused.text());
    assert!(refused.error().contains("revoked"), "{}", refused.error());

    // The CSV behind the link, with the browser's session, is the report's bytes.
    b.goto(&format!("/console/indicators?{period}&lang=ru"));
    let link = b.source();
    assert!(
        link.contains(&format!(
            "/console/indicators.csv?{}&amp;lang=ru",
            period.replace('&', "&amp;")
        )),
        "{link}"
    );
    let session = b.cookie("ladoshka_console");
    let csv = request(
        addr,
        "GET",
        &format!("/console/indicators.csv?{period}&lang=ru"),
        &[("Cookie", &format!("ladoshka_console={session}; lang=ru"))],
        b"",
    );
    assert_eq!(csv.status, 200, "{}", csv.text());
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Moscow)
        .date_naive();
    let expected = report::indicators(
        c.centre.store(),
        &Request {
            first_day: "2026-11-01".parse().unwrap(),
            last_day: "2026-11-30".parse().unwrap(),
            zone: chrono_tz::Europe::Moscow,
            today,
            format: Format::Csv,
            lang: Language::Ru,
            operator: String::new(),
        },
    )
    .unwrap();
    // The download is for Excel: the same lines in the Excel style (report::sheet).
    let for_excel = ladoshka_indicators::report::sheet::convert(
        &expected.text,
        ladoshka_indicators::report::sheet::Spreadsheet::csv(false),
        Language::Ru,
        "",
        ("2026-11-01".parse().unwrap(), "2026-11-30".parse().unwrap()),
    )
    .unwrap();
    assert_eq!(csv.body, for_excel);
    assert!(
        expected.text.contains("1,\"Дети, получившие помощь\",2"),
        "{}",
        expected.text
    );

    // Sign out; the analyst sees the indicators and is refused the kiosks, in every language.
    b.click(".who button.link");
    assert_eq!(b.path(), "/console/sign-in?m=out");
    b.shot("signed-out-ru");
    b.sign_in("analyst");
    assert_eq!(b.path(), "/console/indicators");
    for lang in LANGS {
        b.goto(&format!("/console/devices?lang={lang}"));
        b.shot(&format!("forbidden-{lang}"));
    }
    b.goto("/console/devices?lang=ru");
    assert!(b.source().contains("Нет доступа"));
    drop(b);
    drop(driver);

    let log = c.centre.store().audit_log(1000).unwrap();
    assert!(log
        .iter()
        .any(|e| e.action == "device-revoked"
            && e.device_id.as_deref() == Some(&kiosk.device_id[..])));
    assert!(log.iter().filter(|e| e.action == "token-created").count() >= 3);
}
