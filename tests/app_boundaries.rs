//! The app layer's boundaries, read from its own source: no import cycle among the modules of
//! `src/app`, and no screen names another screen (they ask the navigator for a route). A module
//! "names" another when its code (not its comments or strings) says `super::x` or
//! `crate::app::x`. The screens are the modules `src/app/wiring.rs` installs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its comments and string literals.
fn code_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    }
                }
                out.push_str("\"\"");
            }
            _ => out.push(c),
        }
    }
    out
}

/// The top-level module of `src/app` a file belongs to (`None` for `mod.rs` itself).
fn module_of(app: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(app).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?.to_owned();
    if rel.components().count() == 1 {
        let name = first.trim_end_matches(".rs").to_owned();
        (name != "mod").then_some(name)
    } else {
        Some(first)
    }
}

/// Which modules of `src/app` each module names.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app");
    let mut files = Vec::new();
    sources(&app, &mut files);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(&app, f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let Some(me) = module_of(&app, file) else {
            continue;
        };
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        let named = graph.entry(me.clone()).or_default();
        for prefix in ["super::", "crate::app::"] {
            for (at, _) in code.match_indices(prefix) {
                let rest = &code[at + prefix.len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit())
                    .collect();
                if modules.contains(&name) && name != me {
                    named.insert(name);
                }
            }
        }
    }
    graph
}

/// The modules reachable from `from` (not counting `from` unless a path returns to it).
fn reachable(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&str> = graph[from].iter().map(String::as_str).collect();
    while let Some(m) = todo.pop() {
        if seen.insert(m.to_owned()) {
            if let Some(next) = graph.get(m) {
                todo.extend(next.iter().map(String::as_str));
            }
        }
    }
    seen
}

#[test]
fn no_module_of_the_app_layer_reaches_itself() {
    let graph = imports();
    assert!(
        graph.len() > 20,
        "the app layer's modules were found: {graph:?}"
    );
    let circles: Vec<&String> = graph
        .keys()
        .filter(|m| reachable(&graph, m).contains(*m))
        .collect();
    assert!(
        circles.is_empty(),
        "modules in an import cycle: {circles:?}\n{graph:#?}"
    );
}

/// What `wiring.rs` names besides the screens: the kiosk, the navigator and three helpers (the
/// on-screen keyboard, the room choice, and the voice prompts' 🔊 button every child screen uses).
const NOT_SCREENS: [&str; 5] = ["kiosk", "navigator", "keyboard", "room_choice", "voice"];

/// The screens: every module `wiring.rs` installs.
fn screens(graph: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<String> {
    graph["wiring"]
        .iter()
        .filter(|m| !NOT_SCREENS.contains(&m.as_str()))
        .cloned()
        .collect()
}

#[test]
fn no_screen_names_another_screen() {
    let graph = imports();
    let screens = screens(&graph);
    assert!(
        screens.len() >= 15,
        "the screens wiring installs: {screens:?}"
    );
    for screen in &screens {
        let named: Vec<&String> = graph[screen].intersection(&screens).collect();
        assert!(
            named.is_empty(),
            "screen `{screen}` names other screens: {named:?}"
        );
    }
}

#[test]
fn the_kiosk_and_the_navigator_name_no_screen() {
    let graph = imports();
    let screens = screens(&graph);
    for core in ["kiosk", "navigator"] {
        let named: Vec<&String> = graph[core].intersection(&screens).collect();
        assert!(named.is_empty(), "`{core}` names screens: {named:?}");
    }
}

#[test]
fn the_app_layer_runs_no_rental_rule() {
    // The store answers with the rule's verdict (`desk_candidates`, `ItemCard`'s refusals,
    // `StoreError::Refused`); a screen only words it.
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app");
    let mut files = Vec::new();
    sources(&app, &mut files);
    for file in files {
        let code = code_of(&std::fs::read_to_string(&file).unwrap());
        for rule in [
            "eligible(",
            "may_lend(",
            "may_wait(",
            "next_state(",
            "loan::renew(",
        ] {
            // The rule's own name, not a longer one ending in it (`not_eligible(` words one).
            let called = code.match_indices(rule).any(|(at, _)| {
                !code[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
            });
            assert!(
                !called,
                "{} runs the rule `{rule}`: ask the store for its answer",
                file.display()
            );
        }
    }
}

#[test]
fn comments_and_strings_name_nothing() {
    assert_eq!(code_of("a // super::x\nb \"super::y\" c"), "a \nb \"\" c");
}
