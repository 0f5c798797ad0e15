//! The files a centre edits (instruments, help routes, rental kinds and categories): one error
//! that names the file, the line and the field; one reader for a versioned TOML file that turns
//! the TOML reader's mistakes into that error; and the three languages' texts every such file
//! writes. Each kind of file keeps only its own rules.

use std::ops::Range;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use toml::Spanned;

use crate::route::Texts;

/// What is wrong with a file a centre edits, and where. `line` 0: the whole file (or folder).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {field}: {message}")]
pub struct DataFileError {
    pub file: String,
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl DataFileError {
    /// A mistake of the whole file (it cannot be read, it is too big, …).
    pub fn whole(
        file: impl Into<String>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        DataFileError {
            file: file.into(),
            line: 0,
            field: field.into(),
            message: message.into(),
        }
    }
}

/// One file's text, to place a mistake on its line.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

impl<'a> Place<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Place { file, text }
    }

    /// The mistake in `field` at `span`.
    pub fn error(
        &self,
        span: Range<usize>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> DataFileError {
        DataFileError {
            file: self.file.into(),
            line: line_of(self.text, &span),
            field: field.into(),
            message: message.into(),
        }
    }

    /// [`Place::error`], as the `Err` of any result.
    pub fn fail<T>(
        &self,
        span: Range<usize>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Result<T, DataFileError> {
        Err(self.error(span, field, message))
    }

    /// Reads the file as `T`: bad syntax, a missing or unknown field or a wrong type comes back
    /// with its line and the key on it.
    pub fn read<T: DeserializeOwned>(&self) -> Result<T, DataFileError> {
        toml::from_str(self.text).map_err(|e| {
            let (line, field) = locate(self.text, &e);
            DataFileError {
                file: self.file.into(),
                line,
                field,
                message: e.message().trim().to_owned(),
            }
        })
    }

    /// Refuses a file whose `format` is not the one this kiosk reads.
    pub fn format<N: Copy + PartialEq + std::fmt::Display + From<u32>>(
        &self,
        found: &Spanned<N>,
        reads: u32,
    ) -> Result<(), DataFileError> {
        if *found.get_ref() == N::from(reads) {
            return Ok(());
        }
        self.fail(
            found.span(),
            "format",
            format!("this kiosk reads format {reads}, not {}", found.get_ref()),
        )
    }

    /// The three languages' texts of `field`, each written and trimmed.
    pub fn texts(&self, raw: Spanned<RawTexts>, field: &str) -> Result<Texts, DataFileError> {
        let span = raw.span();
        let t = raw.into_inner();
        for (lang, s) in [("ru", &t.ru), ("tt", &t.tt), ("en", &t.en)] {
            if s.trim().is_empty() {
                return self.fail(
                    span,
                    format!("{field}.{lang}"),
                    "is empty: write the text in this language",
                );
            }
        }
        Ok(Texts {
            ru: t.ru.trim().into(),
            tt: t.tt.trim().into(),
            en: t.en.trim().into(),
        })
    }
}

/// A text in the three languages, as a file writes it (`{ ru = "…", tt = "…", en = "…" }`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTexts {
    pub ru: String,
    pub tt: String,
    pub en: String,
}

/// The 1-based line of the start of `span` in `text`.
pub fn line_of(text: &str, span: &Range<usize>) -> usize {
    text[..span.start.min(text.len())].matches('\n').count() + 1
}

/// The line and the field of an error from the TOML reader (bad syntax, a missing or unknown
/// field, a wrong type): the key on the line it stopped at, or «(file)».
pub fn locate(text: &str, err: &toml::de::Error) -> (usize, String) {
    let span = err.span().unwrap_or(0..0);
    let at = span.start.min(text.len());
    let line_text = text[..at].rsplit('\n').next().unwrap_or("").to_owned()
        + text[at..].split('\n').next().unwrap_or("");
    let field = line_text
        .split('=')
        .next()
        .map(str::trim)
        .filter(|k| !k.is_empty() && !k.starts_with('[') && !k.starts_with('#'))
        .unwrap_or("(file)")
        .to_owned();
    (line_of(text, &span), field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_from_one() {
        let text = "a = 1\nb = 2\n";
        assert_eq!(line_of(text, &(0..1)), 1);
        assert_eq!(line_of(text, &(6..7)), 2);
        assert_eq!(line_of(text, &(999..1000)), 3);
    }

    #[test]
    fn a_wrong_type_is_placed_on_its_key() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct S {
            a: u32,
            b: u32,
        }
        let text = "a = 1\nb = \"two\"\n";
        let err = toml::from_str::<S>(text).unwrap_err();
        assert_eq!(locate(text, &err), (2, "b".to_owned()));
    }
}
