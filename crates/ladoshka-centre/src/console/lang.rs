//! Which language a page is in: `?lang=` (remembered in a `lang` cookie), else the `lang`
//! cookie, else the browser's `Accept-Language`, else Russian.

use axum::http::HeaderMap;

use crate::report::Language;

/// The language a `lang` query or cookie value names, if it is one of the three.
pub fn named(code: &str) -> Option<Language> {
    Language::from_code(code).ok()
}

/// The first of the three languages the browser lists, in its order of preference.
pub fn from_accept_language(value: &str) -> Option<Language> {
    let mut offered: Vec<(f32, usize, Language)> = value
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let primary = tag.split('-').next()?;
            Some((q, i, named(primary)?))
        })
        .filter(|(q, _, _)| *q > 0.0)
        .collect();
    offered.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    offered.first().map(|o| o.2)
}

/// The page's language, and whether the query chose it (then the cookie is set).
pub fn pick(
    query_lang: Option<&str>,
    cookie: Option<&str>,
    headers: &HeaderMap,
) -> (Language, bool) {
    if let Some(lang) = query_lang.and_then(named) {
        return (lang, true);
    }
    if let Some(lang) = cookie.and_then(named) {
        return (lang, false);
    }
    let accept = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(from_accept_language);
    (accept.unwrap_or(Language::Ru), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browsers_preference_picks_among_the_three() {
        assert_eq!(from_accept_language("tt-RU,ru;q=0.8"), Some(Language::Tt));
        assert_eq!(
            from_accept_language("de-DE,en;q=0.5,ru;q=0.9"),
            Some(Language::Ru)
        );
        assert_eq!(from_accept_language("en-GB"), Some(Language::En));
        assert_eq!(from_accept_language("de, fr"), None);
        let mut h = HeaderMap::new();
        h.insert("accept-language", "en".parse().unwrap());
        assert_eq!(pick(Some("tt"), Some("ru"), &h), (Language::Tt, true));
        assert_eq!(pick(Some("xx"), Some("ru"), &h), (Language::Ru, false));
        assert_eq!(pick(None, None, &h), (Language::En, false));
        assert_eq!(pick(None, None, &HeaderMap::new()), (Language::Ru, false));
    }
}
