//! Reading an instrument definition from its TOML text (`docs/instruments.md`). A centre may
//! edit these files or bring its own, so every mistake is refused whole, never half-loaded,
//! with the file, the line and the field, in words a person editing the file can act on.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::{
    Anchor, Band, ChoiceOption, ChoiceShow, Flag, Formula, Index, Instrument, Item, ItemKind,
    Licence, Method, Person, Respondent, Scale, ScaleSum, Sign,
};
use crate::route::Texts;
use crate::toml_place::{line_of, locate};
use crate::Language;

/// The definition format this kiosk reads (the `format` key).
pub const FORMAT: u32 = 1;

/// What is wrong with a definition, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {field}: {message}")]
pub struct DefinitionError {
    pub file: String,
    pub line: usize,
    pub field: String,
    pub message: String,
}

type RawTexts = Spanned<BTreeMap<String, String>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLicence {
    kind: Spanned<String>,
    source: Option<String>,
    holder: Option<String>,
    terms: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOption {
    id: Spanned<String>,
    text: RawTexts,
    score: f64,
    picture: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnchor {
    value: Spanned<i64>,
    text: RawTexts,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    id: Spanned<String>,
    text: RawTexts,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSign {
    id: Spanned<String>,
    text: RawTexts,
    weight: Option<Spanned<f64>>,
    group: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: Spanned<String>,
    kind: Spanned<String>,
    prompt: RawTexts,
    answered_by: Option<Spanned<String>>,
    #[serde(default)]
    optional: bool,
    show: Option<Spanned<String>>,
    options: Option<Spanned<Vec<Spanned<RawOption>>>>,
    min: Option<Spanned<i64>>,
    max: Option<Spanned<i64>>,
    anchors: Option<Spanned<Vec<Spanned<RawAnchor>>>>,
    yes: Option<Spanned<f64>>,
    no: Option<Spanned<f64>>,
    repeat: Option<Spanned<i64>>,
    pause_seconds: Option<Spanned<i64>>,
    people: Option<Spanned<Vec<Spanned<RawPerson>>>>,
    steps: Option<Spanned<i64>>,
    signs: Option<Spanned<Vec<Spanned<RawSign>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScale {
    id: Spanned<String>,
    title: RawTexts,
    items: Option<Spanned<Vec<Spanned<String>>>>,
    reverse: Option<Spanned<Vec<Spanned<String>>>>,
    weights: Option<Spanned<BTreeMap<String, f64>>>,
    checklist: Option<Spanned<String>>,
    group: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndex {
    id: Spanned<String>,
    title: RawTexts,
    formula: Spanned<String>,
    decimals: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFlag {
    id: Spanned<String>,
    when: Spanned<String>,
    message: RawTexts,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    of: Spanned<String>,
    from: f64,
    to: Spanned<f64>,
    text: RawTexts,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstrument {
    format: Spanned<i64>,
    id: Spanned<String>,
    version: Spanned<String>,
    respondent: Spanned<String>,
    ages: Spanned<Vec<i64>>,
    languages: Spanned<Vec<Spanned<String>>>,
    minutes: Spanned<i64>,
    method: Option<Spanned<String>>,
    title: RawTexts,
    about: Option<RawTexts>,
    licence: Spanned<RawLicence>,
    items: Spanned<Vec<Spanned<RawItem>>>,
    #[serde(default)]
    scales: Vec<Spanned<RawScale>>,
    #[serde(default)]
    indices: Vec<Spanned<RawIndex>>,
    #[serde(default)]
    flags: Vec<Spanned<RawFlag>>,
    #[serde(default)]
    bands: Vec<Spanned<RawBand>>,
}

/// Words a formula reads as something else than a name.
const RESERVED: [&str; 8] = ["true", "false", "inf", "nan", "min", "max", "abs", "round"];

/// Turns spans into errors for one file.
struct Place<'a> {
    file: &'a str,
    text: &'a str,
}

impl Place<'_> {
    fn fail<T>(
        &self,
        span: Range<usize>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Result<T, DefinitionError> {
        Err(DefinitionError {
            file: self.file.into(),
            line: line_of(self.text, &span),
            field: field.into(),
            message: message.into(),
        })
    }

    fn texts(
        &self,
        raw: RawTexts,
        field: &str,
        langs: &[Language],
    ) -> Result<Texts, DefinitionError> {
        let span = raw.span();
        let map = raw.into_inner();
        for key in map.keys() {
            if !["ru", "tt", "en"].contains(&key.as_str()) {
                return self.fail(
                    span,
                    format!("{field}.{key}"),
                    "is not a language: use ru, tt or en",
                );
            }
        }
        let mut out = Texts {
            ru: String::new(),
            tt: String::new(),
            en: String::new(),
        };
        for &lang in langs {
            let key = lang.code();
            match map.get(key).map(|s| s.trim()) {
                Some(s) if !s.is_empty() => match lang {
                    Language::Ru => out.ru = s.into(),
                    Language::Tt => out.tt = s.into(),
                    Language::En => out.en = s.into(),
                },
                _ => return self.fail(span, format!("{field}.{key}"), "is missing or empty: the instrument lists this language, so write the text in it"),
            }
        }
        Ok(out)
    }

    fn id(
        &self,
        raw: &Spanned<String>,
        field: &str,
        dash: bool,
    ) -> Result<String, DefinitionError> {
        let s = raw.get_ref();
        let ok_char = |c: char| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || if dash { c == '-' } else { c == '_' }
        };
        let starts = s.chars().next().is_some_and(|c| c.is_ascii_lowercase());
        if !dash && RESERVED.contains(&s.as_str()) {
            return self.fail(
                raw.span(),
                field,
                format!("«{s}» is a word formulas already use: choose another id"),
            );
        }
        if !starts || !s.chars().all(ok_char) || s.len() > 64 {
            let allowed = if dash {
                "lowercase Latin letters, digits and «-»"
            } else {
                "lowercase Latin letters, digits and «_»"
            };
            return self.fail(
                raw.span(),
                field,
                format!(
                    "«{s}» is not a usable id: start with a letter and use {allowed} (at most 64)"
                ),
            );
        }
        Ok(s.clone())
    }
}

/// Reads definition `text` from file `file` (used only in error messages).
pub fn parse(file: &str, text: &str) -> Result<Instrument, DefinitionError> {
    let p = Place { file, text };
    let raw: RawInstrument = toml::from_str(text).map_err(|e| {
        let (line, field) = locate(text, &e);
        DefinitionError {
            file: file.into(),
            line,
            field,
            message: e.message().trim().to_owned(),
        }
    })?;

    if *raw.format.get_ref() != i64::from(FORMAT) {
        return p.fail(
            raw.format.span(),
            "format",
            format!(
                "this kiosk reads format {FORMAT}, not {}",
                raw.format.get_ref()
            ),
        );
    }
    let id = p.id(&raw.id, "id", true)?;
    if raw.version.get_ref().trim().is_empty() {
        return p.fail(
            raw.version.span(),
            "version",
            "is empty: give the instrument's version, e.g. \"1.0\"",
        );
    }
    let respondent = Respondent::from_key(raw.respondent.get_ref()).map_or_else(
        || {
            p.fail(
                raw.respondent.span(),
                "respondent",
                format!(
                    "«{}» is not a respondent: use child, parent or psychologist",
                    raw.respondent.get_ref()
                ),
            )
        },
        Ok,
    )?;
    let ages = match raw.ages.get_ref().as_slice() {
        [lo, hi] if (0..=18).contains(lo) && (0..=18).contains(hi) && lo <= hi => {
            (*lo as u32, *hi as u32)
        }
        _ => {
            return p.fail(
                raw.ages.span(),
                "ages",
                "give the youngest and the oldest age in whole years, 0–18, e.g. [3, 10]",
            )
        }
    };
    let mut languages = Vec::new();
    for l in raw.languages.get_ref() {
        let lang = Language::from_code(l.get_ref()).map_or_else(
            |_| {
                p.fail(
                    l.span(),
                    "languages",
                    format!(
                        "«{}» is not a kiosk language: use ru, tt or en",
                        l.get_ref()
                    ),
                )
            },
            Ok,
        )?;
        if languages.contains(&lang) {
            return p.fail(
                l.span(),
                "languages",
                format!("«{}» is listed twice", l.get_ref()),
            );
        }
        languages.push(lang);
    }
    if languages.is_empty() {
        return p.fail(
            raw.languages.span(),
            "languages",
            "list at least one language: ru, tt or en",
        );
    }
    let minutes = *raw.minutes.get_ref();
    if !(1..=180).contains(&minutes) {
        return p.fail(
            raw.minutes.span(),
            "minutes",
            format!("{minutes} is not an estimate in minutes: use 1–180"),
        );
    }
    let method = match &raw.method {
        None => None,
        Some(m) => Some(Method::from_key(m.get_ref()).map_or_else(
            || {
                p.fail(
                    m.span(),
                    "method",
                    format!(
                        "«{}» is not a built-in method: use luscher, colour-relations or ladder",
                        m.get_ref()
                    ),
                )
            },
            Ok,
        )?),
    };
    let title = p.texts(raw.title, "title", &languages)?;
    let about = raw
        .about
        .map(|a| p.texts(a, "about", &languages))
        .transpose()?;
    let licence = licence(&p, raw.licence)?;

    // Items.
    let items_span = raw.items.span();
    let raw_items = raw.items.into_inner();
    if raw_items.is_empty() {
        return p.fail(items_span, "items", "an instrument needs at least one item");
    }
    let mut items: Vec<Item> = Vec::with_capacity(raw_items.len());
    for (i, ri) in raw_items.into_iter().enumerate() {
        let item = item(&p, ri, i + 1, respondent, &languages)?;
        items.push(item);
    }
    // Ids are checked after the items so a duplicate names its second place.
    let mut names: BTreeSet<String> = BTreeSet::new();
    for (i, it) in items.iter().enumerate() {
        if !names.insert(it.id.clone()) {
            // Find the span again: the second item with this id.
            let line = nth_line_with(text, &format!("\"{}\"", it.id), 2).unwrap_or(1);
            return Err(DefinitionError {
                file: file.into(),
                line,
                field: format!("items[{}].id", i + 1),
                message: format!("«{}» is used by two items: ids must differ", it.id),
            });
        }
    }
    check_method(&p, method, &items, items_span.clone())?;

    // Names a formula may read, with whether each is defined yet.
    let mut known: BTreeSet<String> = items
        .iter()
        .filter(|i| i.kind.gives_number())
        .map(|i| i.id.clone())
        .collect();
    known.extend(method_names(method, &items));

    let mut scales = Vec::new();
    for (i, rs) in raw.scales.into_iter().enumerate() {
        let scale = scale(&p, rs, i + 1, &items, &languages)?;
        if !names.insert(scale.id.clone()) || known.contains(&scale.id) {
            return Err(dup(file, text, "scales", i + 1, &scale.id));
        }
        known.insert(scale.id.clone());
        scales.push(scale);
    }
    let mut indices = Vec::new();
    for (i, ri) in raw.indices.into_iter().enumerate() {
        let n = i + 1;
        let span = ri.span();
        let ri = ri.into_inner();
        let id = p.id(&ri.id, &format!("indices[{n}].id"), false)?;
        let formula = formula(&p, &ri.formula, &format!("indices[{n}].formula"), &known)?;
        let decimals = match &ri.decimals {
            None => 2,
            Some(d) if (0..=6).contains(d.get_ref()) => *d.get_ref() as u8,
            Some(d) => return p.fail(d.span(), format!("indices[{n}].decimals"), "use 0–6"),
        };
        let title = p.texts(ri.title, &format!("indices[{n}].title"), &languages)?;
        // An index may repeat a method's name (showing it under a title); anything else must be new.
        let method_name =
            method_names(method, &items).contains(&id) && formula.names() == [id.as_str()];
        if !method_name && (!names.insert(id.clone()) || known.contains(&id)) {
            return p.fail(
                span,
                format!("indices[{n}].id"),
                format!(
                    "«{id}» is already the name of an item, a scale or an index: ids must differ"
                ),
            );
        }
        known.insert(id.clone());
        indices.push(Index {
            id,
            title,
            formula,
            decimals,
        });
    }
    let mut flags = Vec::new();
    let mut flag_ids = BTreeSet::new();
    for (i, rf) in raw.flags.into_iter().enumerate() {
        let n = i + 1;
        let span = rf.span();
        let rf = rf.into_inner();
        let id = p.id(&rf.id, &format!("flags[{n}].id"), false)?;
        if !flag_ids.insert(id.clone()) {
            return p.fail(
                span,
                format!("flags[{n}].id"),
                format!("«{id}» is used by two flags"),
            );
        }
        let when = formula(&p, &rf.when, &format!("flags[{n}].when"), &known)?;
        let message = p.texts(rf.message, &format!("flags[{n}].message"), &languages)?;
        flags.push(Flag { id, when, message });
    }
    let mut bands = Vec::new();
    for (i, rb) in raw.bands.into_iter().enumerate() {
        let n = i + 1;
        let rb = rb.into_inner();
        if !known.contains(rb.of.get_ref()) {
            return p.fail(
                rb.of.span(),
                format!("bands[{n}].of"),
                format!(
                    "«{}» is not a score of this instrument: {}",
                    rb.of.get_ref(),
                    list(&known)
                ),
            );
        }
        if *rb.to.get_ref() < rb.from {
            return p.fail(
                rb.to.span(),
                format!("bands[{n}].to"),
                format!("{} is below «from» ({})", rb.to.get_ref(), rb.from),
            );
        }
        let text = p.texts(rb.text, &format!("bands[{n}].text"), &languages)?;
        bands.push(Band {
            of: rb.of.into_inner(),
            from: rb.from,
            to: rb.to.into_inner(),
            text,
        });
    }

    Ok(Instrument {
        id,
        version: raw.version.into_inner().trim().into(),
        respondent,
        ages,
        languages,
        minutes: minutes as u32,
        method,
        title,
        about,
        licence,
        items,
        scales,
        indices,
        flags,
        bands,
    })
}

fn dup(file: &str, text: &str, table: &str, n: usize, id: &str) -> DefinitionError {
    let line = nth_line_with(text, &format!("\"{id}\""), 2).unwrap_or(1);
    DefinitionError {
        file: file.into(),
        line,
        field: format!("{table}[{n}].id"),
        message: format!("«{id}» is already the name of an item or a scale: ids must differ"),
    }
}

/// The line of the `nth` occurrence of `needle` (for duplicates, whose spans serde does not keep).
fn nth_line_with(text: &str, needle: &str, nth: usize) -> Option<usize> {
    let (at, _) = text.match_indices(needle).nth(nth - 1)?;
    Some(line_of(text, &(at..at)))
}

fn list(known: &BTreeSet<String>) -> String {
    if known.is_empty() {
        "it has no scores".into()
    } else {
        format!(
            "use one of {}",
            known.iter().cloned().collect::<Vec<_>>().join(", ")
        )
    }
}

fn licence(p: &Place, raw: Spanned<RawLicence>) -> Result<Licence, DefinitionError> {
    let span = raw.span();
    let l = raw.into_inner();
    let need = |v: Option<String>, field: &str, what: &str| match v.filter(|s| !s.trim().is_empty())
    {
        Some(s) => Ok(s.trim().to_owned()),
        None => p.fail(
            span.clone(),
            format!("licence.{field}"),
            format!("is missing: {what}"),
        ),
    };
    match l.kind.get_ref().as_str() {
        "own-wording" => {
            if l.holder.is_some() || l.terms.is_some() {
                return p.fail(
                    span,
                    "licence",
                    "holder and terms belong to an imported instrument; ours need only a source",
                );
            }
            Ok(Licence::OwnWording {
                source: need(
                    l.source,
                    "source",
                    "say after which published method it was written, and by whom",
                )?,
            })
        }
        "imported" => Ok(Licence::Imported {
            source: need(l.source, "source", "say where the centre's file comes from")?,
            holder: need(
                l.holder,
                "holder",
                "name who holds the rights to the official wording",
            )?,
            terms: need(l.terms, "terms", "say under what terms the centre uses it")?,
        }),
        other => p.fail(
            l.kind.span(),
            "licence.kind",
            format!("«{other}» is not a licence kind: use own-wording or imported"),
        ),
    }
}

/// Fields that belong to only some kinds of item.
const KIND_FIELDS: [(&str, &[&str]); 10] = [
    ("choice", &["show", "options"]),
    ("faces", &[]),
    ("likert", &["min", "max", "anchors"]),
    ("yes-no", &["yes", "no"]),
    ("colour-ranking", &["repeat", "pause_seconds"]),
    ("colour-per-person", &["people"]),
    ("ladder", &["steps"]),
    ("drawing", &[]),
    ("checklist", &["signs"]),
    ("text", &[]),
];

fn item(
    p: &Place,
    raw: Spanned<RawItem>,
    n: usize,
    respondent: Respondent,
    langs: &[Language],
) -> Result<Item, DefinitionError> {
    let item_span = raw.span();
    let r = raw.into_inner();
    let f = |name: &str| format!("items[{n}].{name}");
    let id = p.id(&r.id, &f("id"), false)?;
    let kind_key = r.kind.get_ref().as_str();
    let Some((_, own)) = KIND_FIELDS.iter().find(|(k, _)| *k == kind_key) else {
        let kinds: Vec<&str> = KIND_FIELDS.iter().map(|(k, _)| *k).collect();
        return p.fail(
            r.kind.span(),
            f("kind"),
            format!(
                "«{kind_key}» is not a kind of item: use one of {}",
                kinds.join(", ")
            ),
        );
    };
    let present: [(&str, Option<Range<usize>>); 13] = [
        ("show", r.show.as_ref().map(|v| v.span())),
        ("options", r.options.as_ref().map(|v| v.span())),
        ("min", r.min.as_ref().map(|v| v.span())),
        ("max", r.max.as_ref().map(|v| v.span())),
        ("anchors", r.anchors.as_ref().map(|v| v.span())),
        ("yes", r.yes.as_ref().map(|v| v.span())),
        ("no", r.no.as_ref().map(|v| v.span())),
        ("repeat", r.repeat.as_ref().map(|v| v.span())),
        ("pause_seconds", r.pause_seconds.as_ref().map(|v| v.span())),
        ("people", r.people.as_ref().map(|v| v.span())),
        ("steps", r.steps.as_ref().map(|v| v.span())),
        ("signs", r.signs.as_ref().map(|v| v.span())),
        ("", None),
    ];
    for (name, span) in present {
        if let Some(span) = span {
            if !own.contains(&name) {
                return p.fail(
                    span,
                    f(name),
                    format!("does not belong to a {kind_key} item"),
                );
            }
        }
    }
    let prompt = p.texts(r.prompt, &f("prompt"), langs)?;
    let psychologist_only = matches!(kind_key, "checklist" | "text");
    let answered_by = match &r.answered_by {
        None if psychologist_only => Respondent::Psychologist,
        None => respondent,
        Some(a) => {
            let who = Respondent::from_key(a.get_ref()).map_or_else(
                || {
                    p.fail(
                        a.span(),
                        f("answered_by"),
                        format!(
                            "«{}» is not a respondent: use child, parent or psychologist",
                            a.get_ref()
                        ),
                    )
                },
                Ok,
            )?;
            if psychologist_only && who != Respondent::Psychologist {
                return p.fail(a.span(), f("answered_by"), format!("a {kind_key} item is filled in by the psychologist only: a child never sees it"));
            }
            who
        }
    };
    let missing = |name: &str| {
        p.fail::<ItemKind>(
            item_span.clone(),
            f(name),
            format!("a {kind_key} item needs «{name}»"),
        )
    };
    let kind = match kind_key {
        "choice" => {
            let show =
                match r.show.as_ref().map(|s| s.get_ref().as_str()) {
                    None | Some("text") => ChoiceShow::Text,
                    Some("pictures") => ChoiceShow::Pictures,
                    Some("faces") => ChoiceShow::Faces,
                    Some(other) => return p.fail(
                        r.show.as_ref().unwrap().span(),
                        f("show"),
                        format!(
                            "«{other}» is not a way to show choices: use text, pictures or faces"
                        ),
                    ),
                };
            let Some(raw_options) = r.options else {
                return missing("options").map(|_| unreachable!());
            };
            let (span, raw_options) = (raw_options.span(), raw_options.into_inner());
            if raw_options.len() < 2 {
                return p.fail(span, f("options"), "a choice needs at least two options");
            }
            let mut options: Vec<ChoiceOption> = Vec::new();
            for (k, ro) in raw_options.into_iter().enumerate() {
                let ro = ro.into_inner();
                let of = |name: &str| format!("items[{n}].options[{}].{name}", k + 1);
                let oid = p.id(&ro.id, &of("id"), false)?;
                if options.iter().any(|o| o.id == oid) {
                    return p.fail(
                        ro.id.span(),
                        of("id"),
                        format!("«{oid}» is used by two options"),
                    );
                }
                if show == ChoiceShow::Pictures && ro.picture.is_none() {
                    return p.fail(
                        ro.id.span(),
                        of("picture"),
                        "shown as pictures, so each option needs a picture",
                    );
                }
                if let Some(pic) = &ro.picture {
                    if crate::Avatar::from_key(pic.get_ref()).is_err() {
                        return p.fail(
                            pic.span(),
                            of("picture"),
                            format!("«{}» is not one of the kiosk's pictures", pic.get_ref()),
                        );
                    }
                }
                let text = p.texts(ro.text, &of("text"), langs)?;
                if !ro.score.is_finite() {
                    return p.fail(ro.id.span(), of("score"), "is not a number");
                }
                options.push(ChoiceOption {
                    id: oid,
                    text,
                    score: ro.score,
                    picture: ro.picture.map(|x| x.into_inner()),
                });
            }
            ItemKind::Choice { show, options }
        }
        "faces" => ItemKind::Faces,
        "likert" => {
            let (Some(min), Some(max)) = (&r.min, &r.max) else {
                return missing(if r.min.is_none() { "min" } else { "max" }).map(|_| unreachable!());
            };
            if min.get_ref() >= max.get_ref() {
                return p.fail(
                    max.span(),
                    f("max"),
                    format!("{} is not above min ({})", max.get_ref(), min.get_ref()),
                );
            }
            if max.get_ref() - min.get_ref() > 20 {
                return p.fail(
                    max.span(),
                    f("max"),
                    "a scale of more than 21 points cannot be tapped: keep max − min ≤ 20",
                );
            }
            let mut anchors = Vec::new();
            for (k, ra) in r
                .anchors
                .map(|a| a.into_inner())
                .unwrap_or_default()
                .into_iter()
                .enumerate()
            {
                let ra = ra.into_inner();
                let af = |name: &str| format!("items[{n}].anchors[{}].{name}", k + 1);
                if !(min.get_ref()..=max.get_ref()).contains(&ra.value.get_ref()) {
                    return p.fail(
                        ra.value.span(),
                        af("value"),
                        format!(
                            "{} is outside {}–{}",
                            ra.value.get_ref(),
                            min.get_ref(),
                            max.get_ref()
                        ),
                    );
                }
                anchors.push(Anchor {
                    value: *ra.value.get_ref(),
                    text: p.texts(ra.text, &af("text"), langs)?,
                });
            }
            ItemKind::Likert {
                min: *min.get_ref(),
                max: *max.get_ref(),
                anchors,
            }
        }
        "yes-no" => {
            let yes = r.yes.map_or(1.0, |v| v.into_inner());
            let no = r.no.map_or(0.0, |v| v.into_inner());
            ItemKind::YesNo { yes, no }
        }
        "colour-ranking" => {
            let repeat = match &r.repeat {
                None => 1,
                Some(v) if matches!(v.get_ref(), 1 | 2) => *v.get_ref() as u8,
                Some(v) => return p.fail(v.span(), f("repeat"), "must be 1 or 2"),
            };
            let pause_seconds = match &r.pause_seconds {
                None => 60,
                Some(v) if (0..=600).contains(v.get_ref()) => *v.get_ref() as u32,
                Some(v) => return p.fail(v.span(), f("pause_seconds"), "use 0–600 seconds"),
            };
            ItemKind::ColourRanking {
                repeat,
                pause_seconds,
            }
        }
        "colour-per-person" => {
            let Some(raw_people) = r.people else {
                return missing("people").map(|_| unreachable!());
            };
            let (span, raw_people) = (raw_people.span(), raw_people.into_inner());
            if raw_people.is_empty() || raw_people.len() > 12 {
                return p.fail(span, f("people"), "list 1 to 12 people");
            }
            let mut people: Vec<Person> = Vec::new();
            for (k, rp) in raw_people.into_iter().enumerate() {
                let rp = rp.into_inner();
                let pf = |name: &str| format!("items[{n}].people[{}].{name}", k + 1);
                let pid = p.id(&rp.id, &pf("id"), false)?;
                if people.iter().any(|x| x.id == pid) {
                    return p.fail(rp.id.span(), pf("id"), format!("«{pid}» is listed twice"));
                }
                people.push(Person {
                    id: pid,
                    text: p.texts(rp.text, &pf("text"), langs)?,
                });
            }
            ItemKind::ColourPerPerson { people }
        }
        "ladder" => match &r.steps {
            None => return missing("steps").map(|_| unreachable!()),
            Some(s) if (3..=10).contains(s.get_ref()) => ItemKind::Ladder {
                steps: *s.get_ref() as u32,
            },
            Some(s) => {
                return p.fail(
                    s.span(),
                    f("steps"),
                    format!("{} steps: use 3–10", s.get_ref()),
                )
            }
        },
        "drawing" => ItemKind::Drawing,
        "checklist" => {
            let Some(raw_signs) = r.signs else {
                return missing("signs").map(|_| unreachable!());
            };
            let (span, raw_signs) = (raw_signs.span(), raw_signs.into_inner());
            if raw_signs.is_empty() {
                return p.fail(span, f("signs"), "a checklist needs at least one sign");
            }
            let mut signs: Vec<Sign> = Vec::new();
            for (k, rs) in raw_signs.into_iter().enumerate() {
                let rs = rs.into_inner();
                let sf = |name: &str| format!("items[{n}].signs[{}].{name}", k + 1);
                let sid = p.id(&rs.id, &sf("id"), false)?;
                if signs.iter().any(|x| x.id == sid) {
                    return p.fail(
                        rs.id.span(),
                        sf("id"),
                        format!("«{sid}» is used by two signs"),
                    );
                }
                let weight = match &rs.weight {
                    None => 1.0,
                    Some(w) if w.get_ref().is_finite() && *w.get_ref() >= 0.0 => *w.get_ref(),
                    Some(w) => return p.fail(w.span(), sf("weight"), "use a number of 0 or more"),
                };
                let group = match &rs.group {
                    None => None,
                    Some(g) => Some(p.id(g, &sf("group"), false)?),
                };
                signs.push(Sign {
                    id: sid,
                    text: p.texts(rs.text, &sf("text"), langs)?,
                    weight,
                    group,
                });
            }
            ItemKind::Checklist { signs }
        }
        "text" => ItemKind::Text,
        _ => unreachable!("kinds are listed in KIND_FIELDS"),
    };
    Ok(Item {
        id,
        prompt,
        answered_by,
        optional: r.optional,
        kind,
    })
}

fn scale(
    p: &Place,
    raw: Spanned<RawScale>,
    n: usize,
    items: &[Item],
    langs: &[Language],
) -> Result<Scale, DefinitionError> {
    let span = raw.span();
    let r = raw.into_inner();
    let f = |name: &str| format!("scales[{n}].{name}");
    let id = p.id(&r.id, &f("id"), false)?;
    let title = p.texts(r.title, &f("title"), langs)?;
    let sum = match (r.items, r.checklist) {
        (Some(_), Some(c)) => {
            return p.fail(
                c.span(),
                f("checklist"),
                "a scale sums either items or one checklist's group, not both",
            )
        }
        (None, None) => {
            return p.fail(
                span,
                f("items"),
                "say what the scale adds up: items = [...], or checklist and group",
            )
        }
        (None, Some(c)) => {
            if r.reverse.is_some() || r.weights.is_some() {
                return p.fail(span, f("checklist"), "reverse and weights belong to a scale over items; a checklist's signs carry their own weights");
            }
            let Some(ItemKind::Checklist { signs }) =
                items.iter().find(|i| &i.id == c.get_ref()).map(|i| &i.kind)
            else {
                return p.fail(
                    c.span(),
                    f("checklist"),
                    format!(
                        "«{}» is not a checklist item of this instrument",
                        c.get_ref()
                    ),
                );
            };
            let Some(g) = r.group else {
                return p.fail(span, f("group"), "name the group of signs to add up");
            };
            if !signs
                .iter()
                .any(|s| s.group.as_deref() == Some(g.get_ref().as_str()))
            {
                return p.fail(
                    g.span(),
                    f("group"),
                    format!("no sign of «{}» is in group «{}»", c.get_ref(), g.get_ref()),
                );
            }
            ScaleSum::Checklist {
                item: c.into_inner(),
                group: g.into_inner(),
            }
        }
        (Some(list), None) => {
            if let Some(g) = &r.group {
                return p.fail(
                    g.span(),
                    f("group"),
                    "group belongs to a scale over a checklist",
                );
            }
            let (lspan, list) = (list.span(), list.into_inner());
            if list.is_empty() {
                return p.fail(lspan, f("items"), "list at least one item");
            }
            let mut ids: Vec<String> = Vec::new();
            for it in &list {
                let Some(item) = items.iter().find(|i| &i.id == it.get_ref()) else {
                    return p.fail(
                        it.span(),
                        f("items"),
                        format!("«{}» is not an item of this instrument", it.get_ref()),
                    );
                };
                if !item.kind.gives_number() {
                    return p.fail(
                        it.span(),
                        f("items"),
                        format!(
                            "«{}» is a {} item and gives no number to add",
                            it.get_ref(),
                            item.kind.key()
                        ),
                    );
                }
                if ids.contains(it.get_ref()) {
                    return p.fail(
                        it.span(),
                        f("items"),
                        format!("«{}» is listed twice", it.get_ref()),
                    );
                }
                ids.push(it.get_ref().clone());
            }
            let mut reverse = Vec::new();
            for rv in r.reverse.map(|v| v.into_inner()).unwrap_or_default() {
                if !ids.contains(rv.get_ref()) {
                    return p.fail(
                        rv.span(),
                        f("reverse"),
                        format!("«{}» is not in this scale's items", rv.get_ref()),
                    );
                }
                if items
                    .iter()
                    .find(|i| &i.id == rv.get_ref())
                    .and_then(|i| i.kind.range())
                    .is_none()
                {
                    return p.fail(
                        rv.span(),
                        f("reverse"),
                        format!("«{}» has no fixed range to reverse", rv.get_ref()),
                    );
                }
                reverse.push(rv.into_inner());
            }
            let mut weights = Vec::new();
            if let Some(w) = r.weights {
                let wspan = w.span();
                for (k, v) in w.into_inner() {
                    if !ids.contains(&k) {
                        return p.fail(
                            wspan,
                            format!("scales[{n}].weights.{k}"),
                            format!("«{k}» is not in this scale's items"),
                        );
                    }
                    if !v.is_finite() {
                        return p.fail(
                            wspan,
                            format!("scales[{n}].weights.{k}"),
                            "is not a number",
                        );
                    }
                    weights.push((k, v));
                }
            }
            ScaleSum::Items {
                items: ids,
                reverse,
                weights,
            }
        }
    };
    Ok(Scale { id, title, sum })
}

fn formula(
    p: &Place,
    raw: &Spanned<String>,
    field: &str,
    known: &BTreeSet<String>,
) -> Result<Formula, DefinitionError> {
    let f = Formula::parse(raw.get_ref()).map_or_else(|m| p.fail(raw.span(), field, m), Ok)?;
    for name in f.names() {
        if !known.contains(name) {
            return p.fail(raw.span(), field, format!("«{name}» is not a score of this instrument (or is defined below this line): {}", list(known)));
        }
    }
    Ok(f)
}

/// The names a built-in method adds for formulas.
pub fn method_names(method: Option<Method>, items: &[Item]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    match method {
        Some(Method::Luscher) => {
            for which in ["first", "second"] {
                for v in [
                    "deviation",
                    "anxiety",
                    "compensation",
                    "marks",
                    "vegetative",
                ] {
                    out.insert(format!("{which}_{v}"));
                }
            }
            out.insert("stability".into());
        }
        Some(Method::ColourRelations) => {
            for it in items {
                if let ItemKind::ColourPerPerson { people } = &it.kind {
                    for person in people {
                        out.insert(format!("rank_{}", person.id));
                        out.insert(format!("same_as_me_{}", person.id));
                    }
                }
            }
        }
        Some(Method::Ladder) | None => {}
    }
    out
}

fn check_method(
    p: &Place,
    method: Option<Method>,
    items: &[Item],
    span: Range<usize>,
) -> Result<(), DefinitionError> {
    let rankings = || {
        items.iter().filter_map(|i| {
            if let ItemKind::ColourRanking { repeat, .. } = i.kind {
                Some(repeat)
            } else {
                None
            }
        })
    };
    match method {
        Some(Method::Luscher) => {
            if rankings().count() != 1 || rankings().next() != Some(2) {
                return p.fail(
                    span,
                    "method",
                    "luscher needs exactly one colour-ranking item with repeat = 2",
                );
            }
        }
        Some(Method::ColourRelations) => {
            let people: Vec<&Vec<Person>> = items
                .iter()
                .filter_map(|i| {
                    if let ItemKind::ColourPerPerson { people } = &i.kind {
                        Some(people)
                    } else {
                        None
                    }
                })
                .collect();
            if people.len() != 1
                || !people[0].iter().any(|x| x.id == "me")
                || rankings().count() != 1
            {
                return p.fail(span, "method", "colour-relations needs one colour-per-person item with a person «me», and one colour-ranking item");
            }
        }
        Some(Method::Ladder) => {
            if !items
                .iter()
                .any(|i| matches!(i.kind, ItemKind::Ladder { .. }))
            {
                return p.fail(span, "method", "ladder needs at least one ladder item");
            }
        }
        None => {}
    }
    Ok(())
}

#[cfg(test)]
#[path = "parse_tests.rs"]
pub(crate) mod tests;
