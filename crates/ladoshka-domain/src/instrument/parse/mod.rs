//! Reading an instrument definition from its TOML text (`docs/instruments.md`). A centre may
//! edit these files or bring its own, so every mistake is refused whole, never half-loaded,
//! with the file, the line and the field, in words a person editing the file can act on.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use toml::Spanned;

use super::{
    Anchor, Band, ChoiceOption, ChoiceShow, Flag, Formula, Index, Instrument, Item, ItemKind,
    Licence, Method, Person, Respondent, Scale, ScaleSum, Sign,
};
use crate::data_file::{self, line_of, DataFileError};
use crate::route::Texts;
use crate::Language;

/// The definition format this kiosk reads (the `format` key).
pub const FORMAT: u32 = 1;

type RawTexts = Spanned<BTreeMap<String, String>>;

mod item;
mod raw;
mod scale;

use item::item;
use raw::*;
use scale::scale;

/// Words a formula reads as something else than a name.
const RESERVED: [&str; 8] = ["true", "false", "inf", "nan", "min", "max", "abs", "round"];

/// Turns spans into errors for one file, with the checks only instruments make (their ids, and
/// texts in the languages an instrument lists).
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
    ) -> Result<T, DataFileError> {
        data_file::Place::new(self.file, self.text).fail(span, field, message)
    }

    fn texts(
        &self,
        raw: RawTexts,
        field: &str,
        langs: &[Language],
    ) -> Result<Texts, DataFileError> {
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

    fn id(&self, raw: &Spanned<String>, field: &str, dash: bool) -> Result<String, DataFileError> {
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
pub fn parse(file: &str, text: &str) -> Result<Instrument, DataFileError> {
    let p = Place { file, text };
    let file_place = data_file::Place::new(file, text);
    let raw: RawInstrument = file_place.read()?;
    file_place.format(&raw.format, FORMAT)?;
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
            return Err(DataFileError {
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

fn dup(file: &str, text: &str, table: &str, n: usize, id: &str) -> DataFileError {
    let line = nth_line_with(text, &format!("\"{id}\""), 2).unwrap_or(1);
    DataFileError {
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

fn licence(p: &Place, raw: Spanned<RawLicence>) -> Result<Licence, DataFileError> {
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

fn formula(
    p: &Place,
    raw: &Spanned<String>,
    field: &str,
    known: &BTreeSet<String>,
) -> Result<Formula, DataFileError> {
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
) -> Result<(), DataFileError> {
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
        Some(Method::Luscher) if rankings().count() != 1 || rankings().next() != Some(2) => {
            return p.fail(
                span,
                "method",
                "luscher needs exactly one colour-ranking item with repeat = 2",
            );
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
        Some(Method::Ladder)
            if !items
                .iter()
                .any(|i| matches!(i.kind, ItemKind::Ladder { .. })) =>
        {
            return p.fail(span, "method", "ladder needs at least one ladder item");
        }
        // Checked above, or no method.
        Some(Method::Luscher | Method::Ladder) | None => {}
    }
    Ok(())
}

#[cfg(test)]
mod scale_tests;
#[cfg(test)]
pub(crate) mod tests;
