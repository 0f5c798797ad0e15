//! The kinds of equipment a centre lends, as data: each kind's titles in three languages, its
//! default loan term and the prefix of its inventory numbers. `assets/rental/kinds.toml` ships
//! the seven kinds of the issue; a centre adds its own in `<data dir>/rental/kinds.toml`, and
//! [`parse_kinds`] refuses a broken file whole with its line and field (as the categories file).

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::data_file::{DataFileError, Place, RawTexts};

use super::loan::MAX_TOTAL_MONTHS;
use super::rental::{label_code, RentalKind};
use super::route::Texts;
use super::Language;

/// One kind of equipment as the centre's list describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct KindSpec {
    pub kind: RentalKind,
    pub title: Texts,
    /// The contract's term when staff do not change it, 1–18 months.
    pub term_months: u32,
    /// The start of the kind's inventory numbers, e.g. «КОЛ» (upper case).
    pub prefix: String,
}

/// The shipped list ([`default_kinds`]), until a centre's is read.
impl Default for RentalKinds {
    fn default() -> Self {
        default_kinds()
    }
}

/// The term of a kind the list does not (or no longer) name.
pub const FALLBACK_TERM_MONTHS: u32 = 12;

/// The kinds a centre lends, in the order staff see them.
#[derive(Debug, Clone, PartialEq)]
pub struct RentalKinds {
    specs: Vec<KindSpec>,
}

impl RentalKinds {
    /// Every kind of the list, in its order.
    pub fn specs(&self) -> &[KindSpec] {
        &self.specs
    }

    /// The kinds of the list, in its order.
    pub fn kinds(&self) -> impl Iterator<Item = RentalKind> + '_ {
        self.specs.iter().map(|s| s.kind)
    }

    pub fn get(&self, kind: RentalKind) -> Option<&KindSpec> {
        self.specs.iter().find(|s| s.kind == kind)
    }

    /// The kind's title in `lang`; its key for a kind the list no longer names (items recorded
    /// under it still show).
    pub fn title(&self, kind: RentalKind, lang: Language) -> String {
        self.get(kind)
            .map_or_else(|| kind.key().to_owned(), |s| s.title.get(lang).to_owned())
    }

    /// The kind's default term in months ([`FALLBACK_TERM_MONTHS`] for a kind not listed).
    pub fn term_months(&self, kind: RentalKind) -> u32 {
        self.get(kind)
            .map_or(FALLBACK_TERM_MONTHS, |s| s.term_months)
    }

    /// The kinds of the list, then any of `recorded` the list does not name (sorted by key):
    /// what a report or the stock panel shows, so nothing recorded drops out of sight.
    pub fn with_recorded(&self, recorded: impl IntoIterator<Item = RentalKind>) -> Vec<RentalKind> {
        let mut out: Vec<RentalKind> = self.kinds().collect();
        let mut extra: Vec<RentalKind> = recorded
            .into_iter()
            .filter(|k| self.get(*k).is_none())
            .collect();
        extra.sort();
        extra.dedup();
        out.extend(extra);
        out
    }

    /// The kind whose prefix starts `inventory_number` (compared in the labels' Latin form).
    pub fn by_number(&self, inventory_number: &str) -> Option<&KindSpec> {
        let code = label_code(inventory_number);
        self.specs.iter().find(|s| {
            let p = label_code(&s.prefix);
            code.strip_prefix(&p)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['-', '/']))
        })
    }
}

/// The kinds file format this kiosk reads (the `format` key).
pub const FORMAT: u32 = 1;

/// Where a centre keeps its own list, inside the data directory.
pub const CENTRE_FILE: &str = "rental/kinds.toml";

/// The list shipped with Ladoshka, as (file name, text).
pub const SHIPPED: (&str, &str) = (
    "assets/rental/kinds.toml",
    include_str!("../../../assets/rental/kinds.toml"),
);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    key: Spanned<String>,
    title: Spanned<RawTexts>,
    term_months: Spanned<u32>,
    prefix: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    format: Spanned<u32>,
    kinds: Spanned<Vec<RawKind>>,
}

/// Reads the kinds from `text` (from file `file`). A mistake refuses the whole file with its
/// line and field: an unknown field, a missing language, a bad or repeated key, a term outside
/// 1–18 months, a prefix that is empty, not letters, or the same as another kind's (also in
/// the Latin form the QR labels hold).
pub fn parse_kinds(file: &str, text: &str) -> Result<RentalKinds, DataFileError> {
    let place = Place::new(file, text);
    let fail = |span: Range<usize>, field: &str, message: String| place.error(span, field, message);
    let raw: RawFile = place.read()?;
    place.format(&raw.format, FORMAT)?;
    let kinds_span = raw.kinds.span();
    let raw_kinds = raw.kinds.into_inner();
    if raw_kinds.is_empty() {
        return Err(fail(
            kinds_span,
            "kinds",
            "the list needs at least one kind".into(),
        ));
    }
    let mut specs: Vec<KindSpec> = Vec::with_capacity(raw_kinds.len());
    for (i, k) in raw_kinds.into_iter().enumerate() {
        let field = |name: &str| format!("kinds[{}].{name}", i + 1);
        let key = k.key.get_ref().trim().to_owned();
        let kind = RentalKind::from_key(&key).map_err(|_| {
            fail(
                k.key.span(),
                &field("key"),
                format!(
                    "«{key}» is not a key: use lower-case Latin letters, digits and _ (at most {} of them)",
                    super::rental::KIND_KEY_MAX
                ),
            )
        })?;
        if specs.iter().any(|s| s.kind == kind) {
            return Err(fail(
                k.key.span(),
                &field("key"),
                format!("«{key}» is used by an earlier kind: give each its own key"),
            ));
        }
        let title = place.texts(k.title, &field("title"))?;
        let term = *k.term_months.get_ref();
        if !(1..=MAX_TOTAL_MONTHS).contains(&term) {
            return Err(fail(
                k.term_months.span(),
                &field("term_months"),
                format!("is {term}: a free-use contract runs 1 to {MAX_TOTAL_MONTHS} months"),
            ));
        }
        let prefix = k.prefix.get_ref().trim().to_uppercase();
        if prefix.is_empty()
            || prefix.chars().count() > 6
            || !prefix.chars().all(char::is_alphabetic)
        {
            return Err(fail(
                k.prefix.span(),
                &field("prefix"),
                format!("«{prefix}» is not a prefix: write 1 to 6 letters, e.g. «ВАН»"),
            ));
        }
        if let Some(other) = specs
            .iter()
            .find(|s| s.prefix == prefix || label_code(&s.prefix) == label_code(&prefix))
        {
            return Err(fail(
                k.prefix.span(),
                &field("prefix"),
                format!(
                    "«{prefix}» reads as «{}» on a label, as the prefix of «{}» does: give each kind its own",
                    label_code(&prefix),
                    other.kind.key()
                ),
            ));
        }
        specs.push(KindSpec {
            kind,
            title,
            term_months: term,
            prefix,
        });
    }
    Ok(RentalKinds { specs })
}

/// The kinds shipped with Ladoshka (`assets/rental/kinds.toml`: the seven of the issue).
pub fn default_kinds() -> RentalKinds {
    static PARSED: std::sync::OnceLock<RentalKinds> = std::sync::OnceLock::new();
    PARSED
        .get_or_init(|| {
            parse_kinds(SHIPPED.0, SHIPPED.1)
                .expect("the shipped kinds file is checked by the tests")
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"format = 1
[[kinds]]
key = "bath_seat"
title = { ru = "Стульчик для купания", tt = "Коену урындыгы", en = "Bath seat" }
term_months = 6
prefix = "ван"
"#;

    fn err(text: &str) -> DataFileError {
        parse_kinds("k.toml", text).unwrap_err()
    }

    #[test]
    fn the_shipped_list_has_the_seven_kinds_with_their_terms_and_prefixes() {
        let k = default_kinds();
        assert_eq!(k.specs().len(), 7);
        assert_eq!(k.term_months(RentalKind::WALKER), 9);
        assert_eq!(k.term_months(RentalKind::SLEDGE_STROLLER), 6);
        assert_eq!(k.term_months(RentalKind::STROLLER_TRANSFORMER), 12);
        assert_eq!(k.title(RentalKind::WALKER, Language::Ru), "Ходунки");
        assert_eq!(k.title(RentalKind::WALKER, Language::Tt), "Йөрткеч");
        assert_eq!(k.get(RentalKind::COT_WITH_BUMPERS).unwrap().prefix, "КРВ");
        for s in k.specs() {
            assert!((6..=18).contains(&s.term_months), "{:?}", s.kind);
            assert!(label_code(&s.prefix).is_ascii());
        }
    }

    #[test]
    fn a_centre_adds_a_kind_of_its_own() {
        let k = parse_kinds("k.toml", ONE).unwrap();
        let bath = RentalKind::from_key("bath_seat").unwrap();
        assert_eq!(k.kinds().collect::<Vec<_>>(), vec![bath]);
        assert_eq!(k.term_months(bath), 6);
        assert_eq!(k.get(bath).unwrap().prefix, "ВАН", "upper case");
        assert_eq!(k.title(bath, Language::En), "Bath seat");
        assert_eq!(k.by_number("ван-0003").unwrap().kind, bath);
        assert_eq!(
            k.by_number("VAN-0003").unwrap().kind,
            bath,
            "the label's form"
        );
        assert!(
            k.by_number("ВАНН-1").is_none(),
            "a longer prefix is another"
        );
    }

    #[test]
    fn a_kind_the_list_no_longer_names_still_shows_by_its_key() {
        let k = parse_kinds("k.toml", ONE).unwrap();
        assert_eq!(k.title(RentalKind::WALKER, Language::Ru), "walker");
        assert_eq!(k.term_months(RentalKind::WALKER), FALLBACK_TERM_MONTHS);
        let bath = RentalKind::from_key("bath_seat").unwrap();
        assert_eq!(
            k.with_recorded([
                RentalKind::WALKER,
                bath,
                RentalKind::PLAYPEN,
                RentalKind::WALKER
            ]),
            vec![bath, RentalKind::PLAYPEN, RentalKind::WALKER]
        );
    }

    #[test]
    fn mistakes_are_refused_with_line_and_field() {
        let e = err(&ONE.replace("term_months = 6", "term_months = 24"));
        assert_eq!((e.line, e.field.as_str()), (5, "kinds[1].term_months"));
        assert!(e.message.contains("1 to 18"), "{e}");
        let e = err(&ONE.replace("term_months = 6", "term_months = 0"));
        assert_eq!(e.field, "kinds[1].term_months");
        let e = err(&ONE.replace("bath_seat", "Bath seat"));
        assert_eq!((e.line, e.field.as_str()), (3, "kinds[1].key"));
        let e = err(&ONE.replace("en = \"Bath seat\"", "en = \" \""));
        assert_eq!(e.field, "kinds[1].title.en");
        let e = err(&ONE.replace("\"ван\"", "\"В-1\""));
        assert_eq!(e.field, "kinds[1].prefix");
        let e = err(&ONE.replace("format = 1", "format = 2"));
        assert_eq!((e.line, e.field.as_str()), (1, "format"));
        let e = err(&ONE.replace("prefix = \"ван\"", "prefix = \"ван\"\ncolour = 1"));
        assert_eq!((e.line, e.field.as_str()), (7, "colour"));
        let e = err(&ONE.replace("term_months = 6\n", ""));
        assert!(e.message.contains("term_months"), "{e}");
        let e = err("format = 1\nkinds = []\n");
        assert_eq!(e.field, "kinds");
    }

    #[test]
    fn keys_and_prefixes_are_each_used_once_also_on_the_label() {
        let twice = format!("{ONE}{}", &ONE["format = 1\n".len()..]);
        let e = err(&twice);
        assert_eq!((e.line, e.field.as_str()), (8, "kinds[2].key"));
        let same_label = format!(
            "{ONE}{}",
            ONE["format = 1\n".len()..]
                .replace("bath_seat", "van")
                .replace("\"ван\"", "\"VAN\"")
        );
        let e = err(&same_label);
        assert_eq!(e.field, "kinds[2].prefix");
        assert!(e.message.contains("bath_seat"), "{e}");
    }
}
