//! Where in a TOML file something is wrong: the line of a byte offset, and the field named on
//! the line where the TOML reader stopped. Shared by the definition files a centre edits (help
//! routes, instruments), whose errors must name the file, the line and the field.

use std::ops::Range;

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
