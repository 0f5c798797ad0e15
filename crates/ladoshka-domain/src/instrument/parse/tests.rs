//! The definition parser: a file using every kind and rule loads; every way of getting a file
//! wrong is refused with its line and field.

use super::*;

/// Uses every item kind, both kinds of scale, an index, a flag and a band.
pub(crate) const GOOD: &str = r#"
format = 1
id = "all-kinds"
version = "1.0"
respondent = "child"
ages = [6, 12]
languages = ["ru", "en"]
minutes = 10
title = { ru = "Все виды", en = "All kinds" }

[licence]
kind = "own-wording"
source = "Test"

[[items]]
id = "pick"
kind = "choice"
prompt = { ru = "Выбери", en = "Pick" }
options = [
  { id = "a", text = { ru = "А", en = "A" }, score = 0 },
  { id = "b", text = { ru = "Б", en = "B" }, score = 3 },
]

[[items]]
id = "face"
kind = "faces"
prompt = { ru = "Как ты?", en = "How are you?" }

[[items]]
id = "often"
kind = "likert"
prompt = { ru = "Часто?", en = "Often?" }
min = 0
max = 4
anchors = [{ value = 0, text = { ru = "никогда", en = "never" } }]

[[items]]
id = "yes"
kind = "yes-no"
prompt = { ru = "Да?", en = "Yes?" }
yes = 2

[[items]]
id = "colours"
kind = "colour-ranking"
prompt = { ru = "Цвета", en = "Colours" }
repeat = 2
pause_seconds = 30

[[items]]
id = "people"
kind = "colour-per-person"
prompt = { ru = "Цвет", en = "Colour" }
people = [{ id = "me", text = { ru = "я", en = "me" } }]

[[items]]
id = "step"
kind = "ladder"
prompt = { ru = "Ступенька", en = "Step" }
steps = 7
optional = true

[[items]]
id = "picture"
kind = "drawing"
prompt = { ru = "Нарисуй", en = "Draw" }

[[items]]
id = "signs"
kind = "checklist"
prompt = { ru = "Признаки", en = "Signs" }
signs = [
  { id = "s1", text = { ru = "один", en = "one" }, weight = 0.1, group = "anxiety" },
  { id = "s2", text = { ru = "два", en = "two" }, weight = 0.2, group = "anxiety" },
  { id = "s3", text = { ru = "три", en = "three" }, group = "other" },
]

[[items]]
id = "note"
kind = "text"
prompt = { ru = "Заметка", en = "Note" }

[[scales]]
id = "total"
title = { ru = "Сумма", en = "Total" }
items = ["pick", "often", "yes"]
reverse = ["often"]
weights = { pick = 2.0 }

[[scales]]
id = "anx"
title = { ru = "Тревога", en = "Anxiety" }
checklist = "signs"
group = "anxiety"

[[indices]]
id = "mix"
title = { ru = "Смесь", en = "Mix" }
formula = "total + face / 2"
decimals = 1

[[flags]]
id = "high"
when = "total >= 10 || anx >= 0.3"
message = { ru = "Высоко", en = "High" }

[[bands]]
of = "total"
from = 0
to = 5
text = { ru = "Низко", en = "Low" }
"#;

#[test]
fn a_file_with_every_kind_loads() {
    let i = parse("all-kinds.toml", GOOD).unwrap();
    assert_eq!(i.id, "all-kinds");
    assert_eq!(i.languages, vec![Language::Ru, Language::En]);
    assert_eq!(i.items.len(), 10);
    assert_eq!(i.items[0].kind.key(), "choice");
    assert_eq!(
        i.items[8].answered_by,
        Respondent::Psychologist,
        "a checklist is the psychologist's"
    );
    assert_eq!(
        i.items[9].answered_by,
        Respondent::Psychologist,
        "so is free text"
    );
    assert_eq!(i.items[1].answered_by, Respondent::Child);
    assert!(i.items[6].optional);
    assert_eq!(i.items[3].kind, ItemKind::YesNo { yes: 2.0, no: 0.0 });
    assert_eq!(
        i.items[4].kind,
        ItemKind::ColourRanking {
            repeat: 2,
            pause_seconds: 30
        }
    );
    match &i.items[8].kind {
        ItemKind::Checklist { signs } => assert_eq!(signs[2].weight, 1.0, "weight defaults to 1"),
        k => panic!("{k:?}"),
    }
    assert_eq!(i.scales.len(), 2);
    assert_eq!(i.indices[0].decimals, 1);
    assert_eq!(i.flags[0].when.names(), vec!["total", "anx"]);
    assert_eq!(i.bands.len(), 1);
    assert_eq!(
        i.title.tt, "",
        "no Tatar text for an instrument without Tatar"
    );
    assert_eq!(
        i.title_in(Language::Tt),
        "Все виды",
        "falls back to Russian"
    );
    assert!(i.has_child_part());
    assert_eq!(i.psychologist_items().count(), 2);
}

/// `GOOD` with `from` replaced by `to` (once), parsed.
pub(super) fn with(from: &str, to: &str) -> DataFileError {
    assert!(GOOD.contains(from), "the fixture has «{from}»");
    let text = GOOD.replacen(from, to, 1);
    parse("t.toml", &text).expect_err("must be refused")
}

pub(super) fn line_of_text(needle: &str, to: &str) -> usize {
    let text = GOOD.replacen(needle, to, 1);
    text[..text.find(to).unwrap()].matches('\n').count() + 1
}

#[track_caller]
pub(super) fn refused(from: &str, to: &str, field: &str, says: &str) {
    let e = with(from, to);
    assert_eq!(e.file, "t.toml");
    assert_eq!(e.field, field, "{e}");
    assert!(e.message.contains(says), "«{says}» not in: {e}");
    let text = GOOD.replacen(from, to, 1);
    if !to.is_empty() && !to.contains('\n') && text.matches(to).count() == 1 && e.field != "(file)"
    {
        assert_eq!(e.line, line_of_text(from, to), "{e}");
    }
}

#[test]
fn the_top_of_the_file_is_checked() {
    refused("format = 1", "format = 2", "format", "reads format 1");
    refused(
        "id = \"all-kinds\"",
        "id = \"All Kinds\"",
        "id",
        "not a usable id",
    );
    refused("version = \"1.0\"", "version = \" \"", "version", "empty");
    refused(
        "respondent = \"child\"",
        "respondent = \"teacher\"",
        "respondent",
        "not a respondent",
    );
    refused(
        "ages = [6, 12]",
        "ages = [12, 6]",
        "ages",
        "youngest and the oldest",
    );
    refused("ages = [6, 12]", "ages = [6]", "ages", "youngest");
    refused("ages = [6, 12]", "ages = [6, 40]", "ages", "0–18");
    refused(
        "languages = [\"ru\", \"en\"]",
        "languages = [\"ru\", \"de\"]",
        "languages",
        "not a kiosk language",
    );
    refused(
        "languages = [\"ru\", \"en\"]",
        "languages = [\"ru\", \"ru\"]",
        "languages",
        "twice",
    );
    refused(
        "languages = [\"ru\", \"en\"]",
        "languages = []",
        "languages",
        "at least one",
    );
    refused("minutes = 10", "minutes = 0", "minutes", "1–180");
    refused(
        "minutes = 10",
        "minutes = 10\nmethod = \"magic\"",
        "method",
        "not a built-in method",
    );
    refused(
        "title = { ru = \"Все виды\", en = \"All kinds\" }",
        "title = { ru = \"Все виды\" }",
        "title.en",
        "missing",
    );
    refused(
        "title = { ru = \"Все виды\", en = \"All kinds\" }",
        "title = { ru = \"Все виды\", en = \"\" }",
        "title.en",
        "empty",
    );
    refused(
        "title = { ru = \"Все виды\", en = \"All kinds\" }",
        "title = { ru = \"Все\", en = \"All\", de = \"Alle\" }",
        "title.de",
        "not a language",
    );
}

#[test]
fn toml_mistakes_name_their_line_and_key() {
    let e = with("minutes = 10", "minutes = \"ten\"");
    assert_eq!(
        (e.field.as_str(), e.line),
        ("minutes", line_of_text("minutes = 10", "minutes = \"ten\"")),
        "{e}"
    );
    let e = with("minutes = 10", "minutes = 10\nwieghts = 3");
    assert!(e.message.contains("unknown field"), "{e}");
    assert_eq!(e.field, "wieghts", "{e}");
    let e = with("minutes = 10", "minutes = = 10");
    assert_eq!(
        e.line,
        line_of_text("minutes = 10", "minutes = = 10"),
        "{e}"
    );
    let e = parse("t.toml", "format = 1\n").unwrap_err();
    assert!(e.message.contains("missing field"), "{e}");
}

#[test]
fn the_licence_is_checked() {
    refused(
        "kind = \"own-wording\"",
        "kind = \"free\"",
        "licence.kind",
        "not a licence kind",
    );
    refused("source = \"Test\"", "", "licence.source", "is missing");
    refused(
        "source = \"Test\"",
        "source = \"Test\"\nholder = \"X\"",
        "licence",
        "belong to an imported",
    );
    refused(
        "kind = \"own-wording\"\nsource = \"Test\"",
        "kind = \"imported\"\nsource = \"Test\"\nterms = \"free\"",
        "licence.holder",
        "is missing",
    );
    refused(
        "kind = \"own-wording\"\nsource = \"Test\"",
        "kind = \"imported\"\nsource = \"Test\"\nholder = \"H\"",
        "licence.terms",
        "is missing",
    );
    let ok = GOOD.replacen(
        "kind = \"own-wording\"\nsource = \"Test\"",
        "kind = \"imported\"\nsource = \"S\"\nholder = \"H\"\nterms = \"T\"",
        1,
    );
    assert!(matches!(
        parse("t.toml", &ok).unwrap().licence,
        Licence::Imported { .. }
    ));
}

#[test]
fn items_are_checked() {
    refused(
        "id = \"pick\"",
        "id = \"Pick\"",
        "items[1].id",
        "not a usable id",
    );
    refused(
        "id = \"pick\"",
        "id = \"nan\"",
        "items[1].id",
        "formulas already use",
    );
    refused(
        "id = \"face\"",
        "id = \"pick\"",
        "items[2].id",
        "used by two items",
    );
    refused(
        "kind = \"faces\"",
        "kind = \"smiles\"",
        "items[2].kind",
        "not a kind of item",
    );
    refused(
        "kind = \"faces\"",
        "kind = \"faces\"\nsteps = 3",
        "items[2].steps",
        "does not belong to a faces item",
    );
    refused(
        "prompt = { ru = \"Как ты?\", en = \"How are you?\" }",
        "prompt = { ru = \"Как ты?\" }",
        "items[2].prompt.en",
        "missing",
    );
    refused(
        "id = \"face\"\nkind = \"faces\"",
        "id = \"face\"\nkind = \"faces\"\nanswered_by = \"teacher\"",
        "items[2].answered_by",
        "not a respondent",
    );
    refused(
        "id = \"note\"\nkind = \"text\"",
        "id = \"note\"\nkind = \"text\"\nanswered_by = \"child\"",
        "items[10].answered_by",
        "psychologist only",
    );
}

#[test]
fn each_kind_checks_its_own_fields() {
    refused(
        "  { id = \"b\", text = { ru = \"Б\", en = \"B\" }, score = 3 },\n",
        "",
        "items[1].options",
        "at least two options",
    );
    refused(
        "{ id = \"b\",",
        "{ id = \"a\",",
        "items[1].options[2].id",
        "used by two options",
    );
    refused(
        "options = [",
        "show = \"pictures\"\noptions = [",
        "items[1].options[1].picture",
        "needs a picture",
    );
    refused(
        "options = [",
        "show = \"cards\"\noptions = [",
        "items[1].show",
        "not a way to show",
    );
    refused(
        "score = 3 }",
        "score = 3, picture = \"unicorn-robot\" }",
        "items[1].options[2].picture",
        "not one of the kiosk's pictures",
    );
    refused("max = 4", "max = 0", "items[3].max", "not above min");
    refused("max = 4", "max = 40", "items[3].max", "≤ 20");
    refused(
        "min = 0\nmax = 4\n",
        "max = 4\n",
        "items[3].min",
        "needs «min»",
    );
    refused(
        "{ value = 0,",
        "{ value = 9,",
        "items[3].anchors[1].value",
        "outside 0–4",
    );
    refused("repeat = 2", "repeat = 3", "items[5].repeat", "1 or 2");
    refused(
        "pause_seconds = 30",
        "pause_seconds = 9000",
        "items[5].pause_seconds",
        "0–600",
    );
    refused(
        "people = [{ id = \"me\", text = { ru = \"я\", en = \"me\" } }]",
        "people = []",
        "items[6].people",
        "1 to 12",
    );
    refused("steps = 7", "steps = 2", "items[7].steps", "3–10");
    refused("steps = 7\n", "", "items[7].steps", "needs «steps»");
    refused(
        "weight = 0.1,",
        "weight = -1.0,",
        "items[9].signs[1].weight",
        "0 or more",
    );
    refused(
        "{ id = \"s2\",",
        "{ id = \"s1\",",
        "items[9].signs[2].id",
        "used by two signs",
    );
    refused(
        "group = \"other\"",
        "group = \"Other!\"",
        "items[9].signs[3].group",
        "not a usable id",
    );
}
