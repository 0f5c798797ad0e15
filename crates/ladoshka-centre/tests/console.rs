//! The web console over real HTTP, without a browser, on both engines: forms without the
//! session's CSRF token (or from another site) change nothing, an idle or too old session goes
//! back to sign-in, an analyst is refused the pages of child and device data, every view of
//! those is audited, five wrong passwords lock a user out (and an unknown login gets the same
//! answer), and the CSV and printable page are byte for byte `report indicators`.

mod common;

use common::console::{add_user, csrf_of, synced_kiosk, Browser, PASSWORD};
use common::{CentreExt, Server};
use ladoshka_centre::report::{self, Format, Language, Request};
use ladoshka_centre::store::console::Role;
use ladoshka_centre::store::DeviceSummary;
use ladoshka_centre_testing::{Engine, TestCentre};

fn centre(engine: Engine) -> (TestCentre, Server) {
    let c = TestCentre::on(engine);
    let srv = c.serve();
    (c, srv)
}

fn device(c: &TestCentre, id: &[u8; 16]) -> DeviceSummary {
    c.centre
        .store()
        .devices()
        .unwrap()
        .into_iter()
        .find(|d| &d.device_id == id)
        .unwrap()
}

fn actions(c: &TestCentre) -> Vec<String> {
    c.centre
        .store()
        .audit_log(1000)
        .unwrap()
        .into_iter()
        .rev()
        .map(|e| e.action)
        .collect()
}

fn count(c: &TestCentre, action: &str) -> usize {
    actions(c).iter().filter(|a| *a == action).count()
}

fn a_form_without_the_right_csrf_token_or_origin_changes_nothing(engine: Engine) {
    let (c, srv) = centre(engine);
    add_user(&c, "admin", Role::Admin);
    let kiosk = c.enrolled_kiosk();
    let id = hex::encode(kiosk.device_id);
    let mut b = Browser::new(srv.addr);
    b.sign_in("admin");
    let csrf = b.csrf();

    let none = b.post(
        "/console/devices/revoke",
        &format!("device={id}&confirm=yes"),
    );
    assert_eq!(none.status, 403, "{}", none.text());
    assert!(none.text().contains("Форма устарела"), "{}", none.text());
    let wrong = b.post(
        "/console/devices/revoke",
        &format!("csrf={}&device={id}&confirm=yes", "ab".repeat(32)),
    );
    assert_eq!(wrong.status, 403);
    b.origin = "https://evil.example".into();
    let foreign = b.post(
        "/console/devices/revoke",
        &format!("csrf={csrf}&device={id}&confirm=yes"),
    );
    assert_eq!(foreign.status, 403);
    assert!(device(&c, &kiosk.device_id).revoked_at.is_none());
    assert_eq!(count(&c, "device-revoked"), 0);

    // The same form from the console itself: first the confirmation, then the act.
    b.origin = format!("http://{}", srv.addr);
    let confirm = b.post(
        "/console/devices/revoke",
        &format!("csrf={csrf}&device={id}"),
    );
    assert_eq!(confirm.status, 200);
    assert!(
        confirm.text().contains("Да, отозвать"),
        "{}",
        confirm.text()
    );
    assert!(device(&c, &kiosk.device_id).revoked_at.is_none());
    let done = b.post(
        "/console/devices/revoke",
        &format!("csrf={csrf}&device={id}&confirm=yes"),
    );
    assert_eq!(done.status, 303);
    assert_eq!(
        done.header("location"),
        Some("/console/devices?done=revoked")
    );
    assert!(device(&c, &kiosk.device_id).revoked_at.is_some());
    let log = c.centre.store().audit_log(10).unwrap();
    let revoked = log.iter().find(|e| e.action == "device-revoked").unwrap();
    assert_eq!(revoked.device_id.as_deref(), Some(&kiosk.device_id[..]));
    assert_eq!(revoked.login, "admin");
    assert_eq!(revoked.remote_addr, "127.0.0.1");

    // The sign-in form too needs its token.
    let mut other = Browser::new(srv.addr);
    let bare = other.post(
        "/console/sign-in",
        &format!("login=admin&password={}", common::console::enc(PASSWORD)),
    );
    assert_eq!(bare.status, 403);
}

fn an_idle_or_too_old_session_goes_back_to_sign_in(engine: Engine) {
    let (c, srv) = centre(engine);
    add_user(&c, "metod", Role::Methodologist);
    let user = c.centre.store().user("metod").unwrap().unwrap();
    let now = ladoshka_centre::time::now_unix();
    let mut b = Browser::new(srv.addr);
    assert_eq!(
        b.get("/console/devices").header("location"),
        Some("/console/sign-in")
    );

    for (name, created, last_seen, alive) in [
        ("fresh", now - 60, now - 60, true),
        ("idle", now - 3600, now - 31 * 60, false),
        ("old", now - 12 * 3600 - 60, now - 60, false),
    ] {
        let token = [name.len() as u8; 32];
        let hash = ladoshka_centre::console::guard::token_hash(&token);
        c.centre
            .store()
            .create_session(&hash, user.id, &[7; 32], created)
            .unwrap();
        c.centre.store().touch_session(&hash, last_seen).unwrap();
        b.cookies = vec![("ladoshka_console".into(), hex::encode(token))];
        let resp = b.get("/console/devices");
        if alive {
            assert_eq!(resp.status, 200, "{name}: {}", resp.text());
        } else {
            assert_eq!(resp.status, 303, "{name}");
            assert_eq!(
                resp.header("location"),
                Some("/console/sign-in?m=ended"),
                "{name}"
            );
            assert!(
                c.centre.store().session(&hash).unwrap().is_none(),
                "{name}: the session was ended"
            );
        }
    }
    let ended = b.get("/console/sign-in?m=ended");
    assert!(ended.text().contains("Сеанс завершён"), "{}", ended.text());

    // Signing out ends the session in the store: the old cookie is refused after.
    let mut b = Browser::new(srv.addr);
    b.sign_in("metod");
    let cookie = b.cookies.clone();
    let csrf = b.csrf();
    let out = b.post("/console/sign-out", &format!("csrf={csrf}"));
    assert_eq!(out.header("location"), Some("/console/sign-in?m=out"));
    b.cookies = cookie;
    assert_eq!(
        b.get("/console/devices").header("location"),
        Some("/console/sign-in")
    );
}

fn an_analyst_sees_the_indicators_only(engine: Engine) {
    let (c, srv) = centre(engine);
    add_user(&c, "analyst", Role::Analyst);
    let kiosk = c.enrolled_kiosk();
    let mut b = Browser::new(srv.addr);
    b.sign_in("analyst");
    assert_eq!(
        b.get("/console").header("location"),
        Some("/console/indicators")
    );
    for page in [
        "/console/devices",
        "/console/audit",
        "/console/erasures",
        "/console/tokens",
    ] {
        let resp = b.get(page);
        assert_eq!(resp.status, 403, "{page}");
        assert!(
            resp.text().contains("Нет доступа"),
            "{page}: {}",
            resp.text()
        );
    }
    assert_eq!(b.get("/console/indicators").status, 200);
    assert_eq!(
        b.get("/console/indicators.csv?from=2026-11-01&to=2026-11-30")
            .status,
        200
    );
    assert_eq!(
        b.get("/console/indicators/print?from=2026-11-01&to=2026-11-30")
            .status,
        200
    );
    let csrf = b.csrf();
    let revoke = b.post(
        "/console/devices/revoke",
        &format!(
            "csrf={csrf}&device={}&confirm=yes",
            hex::encode(kiosk.device_id)
        ),
    );
    assert_eq!(revoke.status, 403);
    let token = b.post("/console/tokens", &format!("csrf={csrf}&hours=24"));
    assert_eq!(token.status, 403);
    assert!(device(&c, &kiosk.device_id).revoked_at.is_none());
    assert_eq!(
        count(&c, "devices-viewed") + count(&c, "erasures-viewed"),
        0
    );
    // The menu offers the analyst nothing it would refuse.
    let page = b.get("/console/indicators").text();
    assert!(!page.contains("/console/devices"), "{page}");
}

fn every_view_of_devices_and_erasures_is_audited(engine: Engine) {
    let (c, srv) = centre(engine);
    add_user(&c, "metod", Role::Methodologist);
    let kiosk = synced_kiosk(&c);
    let mut b = Browser::new(srv.addr);
    b.sign_in("metod");
    for n in 1..=2 {
        let page = b.get("/console/devices");
        assert_eq!(page.status, 200);
        assert!(page.text().contains(&hex::encode(kiosk.device_id)));
        assert_eq!(count(&c, "devices-viewed"), n);
    }
    assert_eq!(b.get("/console/erasures").status, 200);
    assert_eq!(count(&c, "erasures-viewed"), 1);
    let audit = b.get("/console/audit");
    assert_eq!(audit.status, 200);
    assert!(
        audit
            .text()
            .contains("<strong class=\"action\">devices-viewed</strong>"),
        "{}",
        audit.text()
    );
    assert_eq!(
        actions(&c),
        [
            "sign-in",
            "devices-viewed",
            "devices-viewed",
            "erasures-viewed",
            "audit-viewed"
        ]
    );
    // A methodologist sees but does not revoke, and makes no tokens.
    assert!(!b
        .get("/console/devices")
        .text()
        .contains("/console/devices/revoke"));
    assert_eq!(b.get("/console/tokens").status, 403);
}

fn erasure_orders_show_their_state_per_kiosk_in_three_languages(engine: Engine) {
    let (c, srv) = centre(engine);
    add_user(&c, "metod", Role::Methodologist);
    let kiosk = synced_kiosk(&c);
    let mut b = Browser::new(srv.addr);
    b.sign_in("metod");
    assert!(b
        .get("/console/erasures?lang=ru")
        .text()
        .contains("Поручений об удалении не было."));
    let placed = c
        .centre
        .order_erasure(&kiosk.device_id, 1, Some("заявление № 7"), "test")
        .unwrap();
    let page = b.get("/console/erasures?lang=ru").text();
    for shown in [
        "Поручение №",
        "поручено:",
        "заявление № 7",
        &hex::encode(kiosk.device_id),
    ] {
        assert!(page.contains(shown), "«{shown}» not in {page}");
    }
    c.centre
        .store()
        .note_config_have(&kiosk.device_id, placed.serial, 1)
        .unwrap();
    assert!(b
        .get("/console/erasures?lang=tt")
        .text()
        .contains("тапшырылган:"));
    // The kiosk's erasure row answering the order: carried out, in English.
    let mut kiosk = kiosk;
    let answer = ladoshka_seal::OutboxRow {
        seq: 0,
        kind: "erasure.insert".into(),
        body: ladoshka_seal::raw_body(&serde_json::json!({ "entity_id": 1, "data": { "id": 1,
            "record": { "entities": { "family": [1], "child": [1, 2] }, "order": placed.order } } })),
        created_at: "2026-11-20T08:00:00Z".into(),
    };
    c.centre
        .receive(&kiosk.next_of(&[answer]), ladoshka_centre::store::Via::Http)
        .unwrap();
    let page = b.get("/console/erasures?lang=en").text();
    assert!(
        page.contains("carried out: erased on the kiosk and at the centre"),
        "{page}"
    );
    assert!(page.contains("Erasures carried out"), "{page}");
    assert_eq!(count(&c, "erasures-viewed"), 4, "every view is audited");
}

fn five_wrong_passwords_lock_the_user_out(engine: Engine) {
    let (c, srv) = centre(engine);
    add_user(&c, "admin", Role::Admin);
    let mut b = Browser::new(srv.addr);
    let notice = |r: &common::Resp| {
        let t = r.text();
        let at = t.find("role=\"alert\"").expect("a notice");
        t[at..at + 200.min(t.len() - at)].to_string()
    };
    let mut answers = Vec::new();
    for _ in 0..5 {
        let r = b.sign_in_with("admin", "не тот пароль");
        assert_eq!(r.status, 401);
        answers.push(notice(&r));
    }
    let user = c.centre.store().user("admin").unwrap().unwrap();
    assert!(user.locked_until.unwrap() > ladoshka_centre::time::now_unix() + 14 * 60);
    // Locked: even the right password is refused, with the same words.
    let locked = b.sign_in_with("admin", PASSWORD);
    assert_eq!(locked.status, 401);
    assert_eq!(notice(&locked), answers[0]);
    assert!(!b.cookies.iter().any(|(n, _)| n == "ladoshka_console"));
    // An unknown login gets the same answer.
    let unknown = b.sign_in_with("nobody", PASSWORD);
    assert_eq!(unknown.status, 401);
    assert_eq!(notice(&unknown), answers[0]);
    assert_eq!(count(&c, "sign-in-failed"), 7);
    let log = c.centre.store().audit_log(10).unwrap();
    assert!(
        log.iter()
            .any(|e| e.subject.starts_with("wrong password; locked until")),
        "{log:?}"
    );
    assert!(log.iter().any(|e| e.subject == "user locked out"));
    assert!(log
        .iter()
        .any(|e| e.login == "nobody" && e.subject == "unknown login"));
    // Another user is not affected; a good sign-in resets the count.
    add_user(&c, "second", Role::Admin);
    let mut other = Browser::new(srv.addr);
    assert_eq!(other.sign_in_with("second", "не тот").status, 401);
    other.sign_in("second");
    assert_eq!(
        c.centre
            .store()
            .user("second")
            .unwrap()
            .unwrap()
            .failed_in_row,
        0
    );
}

fn the_csv_and_printable_page_are_the_reports_bytes(engine: Engine) {
    let (c, srv) = centre(engine);
    add_user(&c, "analyst", Role::Analyst);
    synced_kiosk(&c);
    synced_kiosk(&c);
    let mut b = Browser::new(srv.addr);
    b.sign_in("analyst");
    for (lang, code) in [
        (Language::Ru, "ru"),
        (Language::Tt, "tt"),
        (Language::En, "en"),
    ] {
        for (format, path) in [
            (Format::Csv, "indicators.csv"),
            (Format::Html, "indicators/print"),
        ] {
            let resp = b.get(&format!(
                "/console/{path}?from=2026-11-01&to=2026-11-30&lang={code}"
            ));
            assert_eq!(resp.status, 200, "{}", resp.text());
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
                    format,
                    lang,
                    operator: String::new(),
                },
            )
            .unwrap();
            assert_eq!(expected.devices, 2);
            let expected = match format {
                // Downloaded for Excel: the same lines in the Excel style.
                Format::Csv => ladoshka_indicators::report::sheet::convert(
                    &expected.text,
                    ladoshka_indicators::report::sheet::Spreadsheet::csv(false),
                    lang,
                    "",
                    ("2026-11-01".parse().unwrap(), "2026-11-30".parse().unwrap()),
                )
                .unwrap(),
                Format::Html => expected.text.into_bytes(),
            };
            assert_eq!(resp.body, expected, "{code} {path}");
        }
    }
    let csv = b.get("/console/indicators.csv?from=2026-11-01&to=2026-11-30&lang=ru");
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert_eq!(
        csv.header("content-disposition"),
        Some("attachment; filename=\"indicators-2026-11-01-2026-11-30.csv\"")
    );
    assert!(
        csv.text().contains("\n1;Дети, получившие помощь;4\n"),
        "{}",
        csv.text()
    );
    // The page shows the same lines with the charts.
    let page = b
        .get("/console/indicators?from=2026-11-01&to=2026-11-30&lang=ru")
        .text();
    assert!(page.contains("<svg"), "{page}");
    assert!(page.contains("Дети, получившие помощь"), "{page}");
    assert_eq!(
        b.get("/console/indicators?from=2026-12-01&to=2026-11-30")
            .status,
        422
    );
    assert_eq!(count(&c, "indicators-csv"), 4);
}

fn every_answer_has_the_security_headers_and_the_cookie_is_strict(engine: Engine) {
    let (c, srv) = centre(engine);
    add_user(&c, "admin", Role::Admin);
    let mut b = Browser::new(srv.addr);
    let page = b.get("/console/sign-in");
    assert!(page
        .header("content-security-policy")
        .unwrap()
        .contains("default-src 'none'"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(page.text().contains("name=\"viewport\""));
    let csrf = csrf_of(&page.text());
    let signed = b.post(
        "/console/sign-in",
        &format!(
            "login=ADMIN&password={}&csrf={csrf}",
            common::console::enc(PASSWORD)
        ),
    );
    let cookie = signed
        .headers
        .iter()
        .find(|(n, v)| n.eq_ignore_ascii_case("set-cookie") && v.starts_with("ladoshka_console="))
        .map(|(_, v)| v.clone())
        .expect("a session cookie");
    assert!(
        cookie.ends_with("; HttpOnly; SameSite=Strict; Path=/console"),
        "{cookie}"
    );
    // Token pages: the token and its QR code once.
    let csrf = b.csrf();
    let made = b.post("/console/tokens", &format!("csrf={csrf}&hours=5"));
    assert_eq!(made.status, 200, "{}", made.text());
    assert!(made.text().contains("<svg class=\"qr\""));
    assert_eq!(count(&c, "token-created"), 1);
    assert_eq!(
        b.post("/console/tokens", &format!("csrf={csrf}&hours=0"))
            .status,
        422
    );
    // Language: the query sets a cookie that later pages follow.
    let tt = b.get("/console/devices?lang=tt");
    assert!(tt.text().contains("Үзәк киосклары"), "{}", tt.text());
    assert!(
        tt.text().contains("href=\"/console/devices?lang=en\""),
        "{}",
        tt.text()
    );
    let period = b
        .get("/console/indicators?from=2026-11-01&to=2026-11-30&lang=en")
        .text();
    assert!(
        period
            .contains("href=\"/console/indicators?from=2026-11-01&amp;to=2026-11-30&amp;lang=ru\""),
        "{period}"
    );
    assert!(
        period.contains("<a class=\"current\" href=\"/console/indicators\""),
        "{period}"
    );
    assert!(b
        .get("/console/devices")
        .text()
        .contains("<html lang=\"en\""));
    let missing = b.get("/console/no-such-page");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("<html"), "{}", missing.text());
    assert_eq!(
        b.get("/console/style.css").header("content-type"),
        Some("text/css; charset=utf-8")
    );
}

macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlcipher {
            $( #[test] fn $name() { super::$name(super::Engine::Sqlcipher) } )*
        }
        mod postgres {
            $( #[test] fn $name() { super::$name(super::Engine::Postgres) } )*
        }
    };
}

on_both_engines!(
    a_form_without_the_right_csrf_token_or_origin_changes_nothing,
    an_idle_or_too_old_session_goes_back_to_sign_in,
    an_analyst_sees_the_indicators_only,
    every_view_of_devices_and_erasures_is_audited,
    erasure_orders_show_their_state_per_kiosk_in_three_languages,
    five_wrong_passwords_lock_the_user_out,
    the_csv_and_printable_page_are_the_reports_bytes,
    every_answer_has_the_security_headers_and_the_cookie_is_strict,
);
