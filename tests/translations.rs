//! Every string the screens show through `@tr()` has a Russian and a Tatar translation, and
//! every placeholder survives translation.

use std::collections::BTreeMap;
use std::path::Path;

fn tr_strings(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            tr_strings(&path, out);
        } else if path.extension().is_some_and(|e| e == "slint") {
            let text = std::fs::read_to_string(&path).unwrap();
            for part in text.split("@tr(\"").skip(1) {
                let mut s = String::new();
                let mut chars = part.chars();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => s.push(chars.next().unwrap()),
                        '"' => break,
                        c => s.push(c),
                    }
                }
                out.push(s);
            }
        }
    }
}

fn po(lang: &str) -> BTreeMap<String, String> {
    let path = format!(
        "{}/ui/translations/{lang}/LC_MESSAGES/ladoshka-ui.po",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let unquote = |l: &str| {
        l.trim()
            .trim_matches('"')
            .replace("\\\"", "\"")
            .replace("\\\\", "\\")
    };
    let mut map = BTreeMap::new();
    let mut id = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("msgid ") {
            id = Some(unquote(rest));
        } else if let Some(rest) = line.strip_prefix("msgstr ") {
            if let Some(id) = id.take() {
                map.insert(id, unquote(rest));
            }
        }
    }
    map
}

#[test]
fn every_screen_string_is_translated_into_russian_and_tatar() {
    let mut strings = Vec::new();
    tr_strings(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("ui"),
        &mut strings,
    );
    strings.sort();
    strings.dedup();
    assert!(strings.len() > 30, "found only {} strings", strings.len());
    for lang in ["ru", "tt"] {
        let catalog = po(lang);
        for s in &strings {
            let t = catalog
                .get(s)
                .unwrap_or_else(|| panic!("{lang}: no translation for «{s}»"));
            assert!(!t.is_empty(), "{lang}: empty translation for «{s}»");
            assert_eq!(
                s.matches("{}").count(),
                t.matches("{}").count(),
                "{lang}: placeholders differ in «{t}»"
            );
        }
        for id in catalog.keys().filter(|k| !k.is_empty()) {
            assert!(
                strings.contains(id),
                "{lang}: «{id}» is translated but no screen uses it"
            );
        }
    }
}

#[test]
fn tatar_translation_uses_tatar_letters() {
    let tatar: String = po("tt").values().cloned().collect();
    for letter in ['ә', 'ө', 'ү', 'җ', 'ң', 'һ'] {
        assert!(tatar.contains(letter), "no «{letter}» in the Tatar texts");
    }
}
