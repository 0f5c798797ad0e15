//! Instrument definitions end to end: the broken fixtures are each refused at the right line
//! and field; the shipped Lüscher file scores a hand-computed administration; the import path
//! takes a made-up screening of CRIES-8's shape into the encrypted database and scores it; the
//! `ladoshka instrument` commands say what they did, with the exit codes scripts rely on.

mod common;

use std::path::Path;

use common::{ladoshka, printed as text};
use ladoshka::crypto::DbKey;
use ladoshka::domain::instrument::{parse, score, Answer, Answers};
use ladoshka::platform::instrument_files::{self, Catalogue, Origin};
use ladoshka::store::Store;

const TRAUMA: &str = include_str!("fixtures/instruments/trauma-screen-8.toml");

#[test]
fn every_broken_fixture_is_refused_where_it_is_wrong() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/instruments/broken");
    let expected = std::fs::read_to_string(dir.join("EXPECTED.tsv")).unwrap();
    let mut n = 0;
    for line in expected.lines().filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, want_line, want_field) = (cols[0], cols[1].parse::<usize>().unwrap(), cols[2]);
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let err = parse(file, &text).expect_err(file);
        assert_eq!(err.file, file);
        assert_eq!(err.line, want_line, "{err}");
        // TOML-level mistakes (an unknown key) name the key itself, without its table's path.
        assert!(
            err.field == want_field || want_field.ends_with(&format!(".{}", err.field)),
            "{file}: expected {want_field}, got {err}"
        );
        assert!(!err.message.is_empty());
        n += 1;
    }
    let files = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "toml")
        })
        .count();
    assert_eq!(n, files, "every broken file has its line in EXPECTED.tsv");
    assert!(n >= 10);
}

fn rankings(first: [u8; 8], second: [u8; 8]) -> Answers {
    let mut a = Answers::default();
    a.set(
        "colours",
        Answer::Rankings(vec![first.to_vec(), second.to_vec()]),
    );
    a
}

#[test]
fn the_shipped_luscher_scores_a_hand_computed_administration() {
    let c = Catalogue::built_in();
    let luscher = c.get("luscher-8").unwrap();
    // First: the autogenic norm 3-4-2-5-1-6-0-7. Second: the norm reversed, 7-0-6-1-5-2-4-3.
    let o = score(
        luscher,
        &rankings([3, 4, 2, 5, 1, 6, 0, 7], [7, 0, 6, 1, 5, 2, 4, 3]),
    )
    .unwrap();
    let index = |id: &str| {
        o.indices
            .iter()
            .find(|(k, _)| k == id)
            .map(|(_, v)| *v)
            .unwrap_or_else(|| panic!("{id}"))
    };
    // Second ranking, by colour: 3 at 8 (norm 1), 4 at 7 (2), 2 at 6 (3), 5 at 5 (4), 1 at 4 (5),
    // 6 at 3 (6), 0 at 2 (7), 7 at 1 (8): |8−1|+|7−2|+|6−3|+0+|4−5|+|3−6|+|2−7|+|1−8| = 32.
    assert_eq!(index("deviation"), 32.0);
    assert_eq!(index("deviation_change"), 32.0, "the norm deviates 0");
    // Basic colours 2, 4, 3 in places 6, 7, 8: 1 + 2 + 3 = 6 «!»; black, grey, brown in places
    // 1, 2, 3: 3 + 2 + 1 = 6 compensation marks; 12 in all.
    assert_eq!(index("anxiety_marks"), 6.0);
    assert_eq!(index("compensation_marks"), 6.0);
    assert_eq!(index("all_marks"), 12.0);
    // (18 − pos red 8 − pos yellow 7) / (18 − pos blue 4 − pos green 6) = 3 / 8.
    assert_eq!(index("vegetative"), 0.375);
    assert_eq!(index("kept_places"), 0.0, "no colour kept its place");
    assert_eq!(o.flags, vec!["tension_marks".to_string()], "12 marks ≥ 4");
    let bands: Vec<(&str, f64, f64)> = o
        .bands
        .iter()
        .map(|&b| {
            (
                luscher.bands[b].of.as_str(),
                luscher.bands[b].from,
                luscher.bands[b].to,
            )
        })
        .collect();
    assert!(
        bands.contains(&("second_deviation", 21.0, 32.0)),
        "{bands:?}"
    );
    assert!(
        bands.contains(&("second_vegetative", 0.0, 0.5)),
        "{bands:?}"
    );
    let pairs: Vec<String> = o
        .luscher
        .as_ref()
        .unwrap()
        .second
        .pairs
        .iter()
        .map(|p| {
            format!(
                "{}{}{}",
                p.sign.symbol(),
                p.colours[0].index(),
                p.colours[1].index()
            )
        })
        .collect();
    assert_eq!(pairs, ["+70", "×61", "=52", "−43"]);

    // The same ranking twice, the norm: nothing raised, deviation 0, all 8 kept their place.
    let o = score(
        luscher,
        &rankings([3, 4, 2, 5, 1, 6, 0, 7], [3, 4, 2, 5, 1, 6, 0, 7]),
    )
    .unwrap();
    assert!(o.flags.is_empty());
    assert_eq!(o.values["stability"], 8.0);
    assert_eq!(
        o.values["second_vegetative"], 1.5,
        "(18 − 1 − 2) / (18 − 5 − 3)"
    );
}

fn trauma_answers(scores: [u8; 8]) -> Answers {
    let mut a = Answers::default();
    for (i, s) in scores.iter().enumerate() {
        let option = match s {
            0 => "not_once",
            1 => "hardly_ever",
            3 => "now_and_then",
            5 => "a_lot",
            _ => unreachable!(),
        };
        a.set(&format!("q{}", i + 1), Answer::Choice(option.into()));
    }
    a
}

#[test]
fn an_imported_screening_of_cries_8s_shape_scores_its_subscales_and_flags_at_17() {
    let c = Catalogue::with_imported(&[("trauma-screen-8.toml".into(), TRAUMA.into())]);
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    let t = c.get("trauma-screen-8").unwrap();
    // Items 1…8 scored 5 0 3 1 5 3 1 0: intrusion (1, 3, 6, 7) = 5 + 3 + 3 + 1 = 12;
    // avoidance (2, 4, 5, 8) = 0 + 1 + 5 + 0 = 6; total 18 ≥ 17.
    let o = score(t, &trauma_answers([5, 0, 3, 1, 5, 3, 1, 0])).unwrap();
    assert_eq!(
        o.scales,
        vec![
            ("intrusion".into(), 12.0),
            ("avoidance".into(), 6.0),
            ("total".into(), 18.0)
        ]
    );
    assert_eq!(o.flags.len(), 1);
    // 5 0 3 0 0 3 5 0: intrusion 5 + 3 + 3 + 5 = 16, avoidance 0, total 16: under the cut-off.
    // 5 5 5 1 1 0 0 0: 17, the cut-off itself.
    let o = score(t, &trauma_answers([5, 0, 3, 0, 0, 3, 5, 0])).unwrap();
    assert_eq!(o.values["total"], 16.0);
    assert!(o.flags.is_empty());
    let o = score(t, &trauma_answers([5, 5, 5, 1, 1, 0, 0, 0])).unwrap();
    assert_eq!(o.values["total"], 17.0);
    assert_eq!(o.flags.len(), 1, "17 or more");
    // Its wording may only be imported: built in, it is refused.
    let err = instrument_files::check("trauma.toml", TRAUMA, Origin::BuiltIn, &[]).unwrap_err();
    assert_eq!(err.field, "licence.kind");
}

#[test]
fn the_instrument_commands_check_and_import() {
    let tmp = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/instruments");

    let out = ladoshka(tmp.path(), &["instrument", "check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(
        text(&out).matches("ok     ").count(),
        instrument_files::BUILT_IN.len(),
        "{}",
        text(&out)
    );

    let broken = fixtures.join("broken/bad-kind.toml");
    let out = ladoshka(
        tmp.path(),
        &[
            "instrument",
            "check",
            fixtures.join("trauma-screen-8.toml").to_str().unwrap(),
            broken.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("ok     trauma-screen-8"),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("bad-kind.toml:17: items[1].kind:"),
        "{}",
        text(&out)
    );

    let data = tmp.path().join("data");
    let d = data.to_str().unwrap();
    let out = ladoshka(
        tmp.path(),
        &[
            "--data-dir",
            d,
            "instrument",
            "import",
            broken.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("Nothing was imported"),
        "{}",
        text(&out)
    );

    let trauma = fixtures.join("trauma-screen-8.toml");
    let out = ladoshka(
        tmp.path(),
        &[
            "--data-dir",
            d,
            "instrument",
            "import",
            trauma.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("imported trauma-screen-8")
            && text(&out).contains("Example Foundation"),
        "{}",
        text(&out)
    );
    let out = ladoshka(
        tmp.path(),
        &[
            "--data-dir",
            d,
            "instrument",
            "import",
            trauma.to_str().unwrap(),
        ],
    );
    assert!(
        text(&out).contains("replaces the earlier import"),
        "{}",
        text(&out)
    );

    // A file that takes a built-in instrument's id is refused.
    let own = tmp.path().join("mood-copy.toml");
    std::fs::write(&own, instrument_files::BUILT_IN[0].1).unwrap();
    let out = ladoshka(
        tmp.path(),
        &[
            "--data-dir",
            d,
            "instrument",
            "import",
            own.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("already loaded"), "{}", text(&out));

    // Kept whole, once, in the encrypted database, where the kiosk loads it from.
    let key = DbKey::parse(&std::fs::read_to_string(tmp.path().join("data.key")).unwrap()).unwrap();
    let store = Store::open(&data.join(ladoshka::store::DB_FILE), &key).unwrap();
    let imported = store.imported_instruments().unwrap();
    assert_eq!(
        imported,
        vec![("trauma-screen-8.toml".to_string(), TRAUMA.to_string())]
    );
    assert!(Catalogue::with_imported(&imported)
        .get("trauma-screen-8")
        .is_some());
}
