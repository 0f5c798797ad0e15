//! The take-home card: a printable page the family keeps so the child can practise checking in
//! at home — the child's own picture in its ring and the secret pictures in order, with one
//! line for the parent.
//!
//! The page is one self-contained HTML document: inline SVG and CSS only, no JavaScript, no
//! link to anything outside (it is printed from a stick or a laptop with no network). An A4
//! sheet holds two identical cards of 90 × 60 mm, each with a dashed cut line, so one can stay
//! on the fridge and one in a bag.
//!
//! A card can be lost, so it says nothing that finds the child: the first name only (never a
//! surname), no centre, no address, and the code as pictures, never as numbers. The numbers
//! 1, 2, 3 under the pictures are their order, not the code's grid positions.
//!
//! The pictures are passed in as the text of their SVG files (the app's `include_str!` of
//! `assets/icons/avatars/<key>.svg`). An XML prolog, a doctype or a comment before `<svg` is
//! dropped, as are the `xmlns` attributes (the HTML parser puts inline `<svg>` in the SVG
//! namespace by itself) and the fixed width and height, so a picture fills its box on the card.
//! A picture with a script, an event handler or a link out is refused: a guard against a wrong
//! file, not a sanitiser for untrusted SVG.

use crate::check_in::CODE_LENGTH;
use crate::language::Language;
use crate::DomainError;

/// The parent's line counts the secret pictures in words («три», «өч», «three»): a code of
/// another length needs those words changed.
const _: () = assert!(CODE_LENGTH == 3, "update the take-home card's texts");

/// The SVG texts of the card's pictures: the child's own picture and the secret pictures in
/// the order they are tapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardPictures<'a> {
    pub avatar_svg: &'a str,
    pub code_svgs: [&'a str; CODE_LENGTH],
}

/// The card's texts in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardTexts {
    /// The card's title, as the child would say it.
    pub title: &'static str,
    /// The one line for the parent.
    pub for_parent: &'static str,
}

/// The title and the parent's line in `lang`, in the words the kiosk itself uses for the
/// pictures («секретные картинки», «яшерен рәсем»).
pub fn card_texts(lang: Language) -> CardTexts {
    match lang {
        Language::Ru => CardTexts {
            title: "Моя карточка",
            for_parent: "Это картинка и секретный код ребёнка. Потренируйтесь дома: нажать \
                         свою картинку, потом три секретные картинки по порядку.",
        },
        Language::Tt => CardTexts {
            title: "Минем карточкам",
            for_parent: "Бу — баланың рәсеме һәм яшерен коды. Өйдә күнегегез: башта үз \
                         рәсеменә басарга, аннары өч яшерен рәсемгә тәртип буенча.",
        },
        Language::En => CardTexts {
            title: "My card",
            for_parent: "This is your child's picture and secret code. Practise at home: \
                         tap the child's own picture, then the three secret pictures in order.",
        },
    }
}

/// The printable page of two identical take-home cards.
///
/// `first_name` is the child's first name only (the app must never pass a surname); blank, the
/// card has no name. `frame_colour` is the child's ring as on the kiosk's tiles, a CSS hex
/// colour (`#3b7dd8` or `#37d`), or `None` for a child whose picture has no ring (ring 0 of
/// [`crate::avatar_frame`]).
///
/// Errors: a colour that is not `#rgb` or `#rrggbb`, or a picture that is not an `<svg>`
/// element or that has a script or a link out.
pub fn take_home_card(
    first_name: &str,
    frame_colour: Option<&str>,
    pictures: &CardPictures<'_>,
    lang: Language,
) -> Result<String, DomainError> {
    if let Some(colour) = frame_colour {
        if !is_hex_colour(colour) {
            return Err(DomainError::Unknown {
                what: "ring colour (#rgb or #rrggbb)",
                value: colour.to_owned(),
            });
        }
    }
    let avatar = inline_svg(pictures.avatar_svg).map_err(|why| bad_picture("avatar", why))?;
    let mut code = Vec::with_capacity(CODE_LENGTH);
    for (i, svg) in pictures.code_svgs.iter().enumerate() {
        code.push(
            inline_svg(svg).map_err(|why| bad_picture(&format!("code picture {}", i + 1), why))?,
        );
    }
    let texts = card_texts(lang);
    let card = card_html(first_name.trim(), frame_colour, &avatar, &code, texts);

    let mut page = String::with_capacity(2 * card.len() + STYLE.len() + 400);
    page.push_str("<!DOCTYPE html>\n<html lang=\"");
    page.push_str(lang.code());
    page.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    page.push_str(&escape(texts.title));
    page.push_str("</title>\n<style>\n");
    page.push_str(STYLE);
    page.push_str("</style>\n</head>\n<body>\n<main class=\"sheet\">\n");
    page.push_str(&card);
    page.push_str(&card);
    page.push_str("</main>\n</body>\n</html>\n");
    Ok(page)
}

/// Escapes text for HTML content and quoted attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The sheet: A4 with 12 mm margins, the two cards one above the other. Sizes in millimetres so
/// the card prints the same on every printer; dark lines and numbers so a black-and-white
/// printer loses nothing but the ring's colour (its dark outline stays).
const STYLE: &str = r#"@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; }
body { font-family: "Noto Sans", sans-serif; color: #111;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.sheet { display: flex; flex-direction: column; align-items: center; gap: 16mm; padding-top: 6mm; }
.card { width: 90mm; height: 60mm; padding: 3.5mm 4mm; border: 0.4mm dashed #444;
  display: flex; flex-direction: column; overflow: hidden; break-inside: avoid; }
.top { display: flex; gap: 4mm; flex: 1 1 auto; min-height: 0; align-items: center; }
.avatar { position: relative; width: 30mm; height: 30mm; flex: none; }
.avatar .ring { position: absolute; inset: 0; width: 100%; height: 100%; }
.avatar .pic { position: absolute; inset: 15%; }
.avatar.plain .pic { inset: 0; }
.pic svg { display: block; width: 100%; height: 100%; }
.side { flex: 1 1 auto; min-width: 0; display: flex; flex-direction: column; }
.title { margin: 0; font-size: 3.6mm; font-weight: 700; color: #333; }
.name { margin: 0.5mm 0 2mm; font-size: 6.5mm; font-weight: 700; line-height: 1.15;
  overflow-wrap: anywhere; }
.name.long { font-size: 4.6mm; }
.code { display: flex; gap: 2.5mm; margin: 0; padding: 0; list-style: none; }
.code li { flex: 1 1 0; max-width: 15mm; display: flex; flex-direction: column; align-items: center; }
.code .pic { width: 100%; aspect-ratio: 1 / 1; padding: 0.8mm; border: 0.3mm solid #777;
  border-radius: 2mm; }
.num { margin-top: 1mm; width: 5mm; height: 5mm; border: 0.3mm solid #111; border-radius: 50%;
  font-size: 3.2mm; font-weight: 700; line-height: 4.4mm; text-align: center; }
.parent { margin: 2mm 0 0; font-size: 2.9mm; line-height: 1.3; }
"#;

/// Names longer than this many letters are set smaller (`.name.long`).
const LONG_NAME: usize = 11;

/// One card. `avatar` and `code` are already inlined SVG; `first_name` is trimmed.
fn card_html(
    first_name: &str,
    frame_colour: Option<&str>,
    avatar: &str,
    code: &[String],
    texts: CardTexts,
) -> String {
    let mut html = String::from("<section class=\"card\">\n<div class=\"top\">\n");
    match frame_colour {
        Some(colour) => {
            html.push_str("<div class=\"avatar\">");
            html.push_str(&ring_svg(colour));
        }
        None => html.push_str("<div class=\"avatar plain\">"),
    }
    html.push_str("<div class=\"pic\">");
    html.push_str(avatar);
    html.push_str("</div></div>\n<div class=\"side\">\n<p class=\"title\">");
    html.push_str(&escape(texts.title));
    html.push_str("</p>\n");
    if !first_name.is_empty() {
        // A long name (two words, a double name) in a smaller size so it keeps to two lines.
        let long = first_name.chars().count() > LONG_NAME;
        html.push_str(if long {
            "<p class=\"name long\">"
        } else {
            "<p class=\"name\">"
        });
        html.push_str(&escape(first_name));
        html.push_str("</p>\n");
    }
    html.push_str("<ol class=\"code\">\n");
    for (i, svg) in code.iter().enumerate() {
        html.push_str("<li><div class=\"pic\">");
        html.push_str(svg);
        html.push_str("</div><span class=\"num\">");
        html.push_str(&(i + 1).to_string());
        html.push_str("</span></li>\n");
    }
    html.push_str("</ol>\n</div>\n</div>\n<p class=\"parent\">");
    html.push_str(&escape(texts.for_parent));
    html.push_str("</p>\n</section>\n");
    html
}

/// The thick round ring of the kiosk's tiles (a light tint of the colour inside), with a dark
/// outline on both edges so it still shows in black and white. `colour` is a checked hex colour.
fn ring_svg(colour: &str) -> String {
    format!(
        "<svg class=\"ring\" viewBox=\"0 0 100 100\" aria-hidden=\"true\">\
         <circle cx=\"50\" cy=\"50\" r=\"43\" fill=\"{colour}\" fill-opacity=\"0.14\" \
         stroke=\"{colour}\" stroke-width=\"12\"/>\
         <circle cx=\"50\" cy=\"50\" r=\"49.2\" fill=\"none\" stroke=\"#1a1a1a\" stroke-width=\"1.6\"/>\
         <circle cx=\"50\" cy=\"50\" r=\"36.8\" fill=\"none\" stroke=\"#1a1a1a\" stroke-width=\"1.6\"/>\
         </svg>"
    )
}

fn is_hex_colour(s: &str) -> bool {
    s.strip_prefix('#')
        .is_some_and(|hex| matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit()))
}

fn bad_picture(which: &str, why: &str) -> DomainError {
    DomainError::Unknown {
        what: "card picture (an SVG file's text, with no script and no link out)",
        value: format!("{which}: {why}"),
    }
}

/// The SVG file's text made fit to sit inside the HTML page and fill its box: what comes before
/// `<svg` (prolog, doctype, comments) dropped; on the `<svg>` tag the `xmlns` attributes and the
/// fixed size dropped, `width="100%" height="100%"` set, and a `viewBox` made from the old size
/// if there was none (so the picture scales instead of being cropped).
fn inline_svg(file: &str) -> Result<String, &'static str> {
    let mut s = file.trim_start_matches('\u{feff}').trim();
    loop {
        let (open, close) = if s.starts_with("<?") {
            ("<?", "?>")
        } else if s.starts_with("<!--") {
            ("<!--", "-->")
        } else if s
            .get(..9)
            .is_some_and(|head| head.eq_ignore_ascii_case("<!DOCTYPE"))
        {
            ("<!", ">")
        } else {
            break;
        };
        let end = s[open.len()..]
            .find(close)
            .ok_or("an unclosed prolog or comment")?;
        s = s[open.len() + end + close.len()..].trim_start();
    }
    let rest = s.strip_prefix("<svg").ok_or("does not start with <svg")?;
    if !rest.starts_with(|c: char| c.is_ascii_whitespace() || c == '>') || !s.ends_with("</svg>") {
        return Err("is not one <svg>…</svg> element");
    }
    let tag_end = tag_end(rest).ok_or("the <svg> tag is not closed")?;
    let (attributes, body) = (&rest[..tag_end], &rest[tag_end + 1..]);

    let attributes =
        parse_attributes(attributes).ok_or("the <svg> tag's attributes do not parse")?;
    let value = |name: &str| {
        attributes
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v, _)| *v)
    };
    let length =
        |name: &str| value(name).and_then(|v| v.trim_end_matches("px").parse::<f64>().ok());
    let mut tag = String::from("<svg");
    for (name, _, raw) in &attributes {
        let lower = name.to_ascii_lowercase();
        if !(lower.starts_with("xmlns") || lower == "width" || lower == "height") {
            tag.push(' ');
            tag.push_str(raw);
        }
    }
    if value("viewBox").is_none() {
        if let (Some(w), Some(h)) = (length("width"), length("height")) {
            tag.push_str(&format!(" viewBox=\"0 0 {w} {h}\""));
        }
    }
    tag.push_str(" width=\"100%\" height=\"100%\">");
    let svg = tag + body;

    let lower = svg.to_ascii_lowercase();
    for (bad, why) in [
        ("<script", "has a <script>"),
        ("javascript:", "has a javascript: link"),
        ("://", "links out (an address with ://)"),
        ("<?", "has an XML processing instruction inside"),
        ("<foreignobject", "has a <foreignObject>"),
        ("src=", "has a src= attribute"),
    ] {
        if lower.contains(bad) {
            return Err(why);
        }
    }
    if has_event_handler(&lower) {
        return Err("has an event handler (on…=)");
    }
    Ok(svg)
}

/// Where the tag that `rest` continues ends (its `>`), quotes respected.
fn tag_end(rest: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in rest.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The attributes of a tag as (name, value, raw text): `name="v"`, `name='v'`, `name=v` or a
/// bare `name`.
fn parse_attributes(text: &str) -> Option<Vec<(&str, &str, &str)>> {
    let text = text.trim_end().trim_end_matches('/');
    let mut out = Vec::new();
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'=' {
            i += 1;
        }
        let name = &text[start..i];
        if bytes.get(i) != Some(&b'=') {
            out.push((name, "", name));
            continue;
        }
        i += 1;
        let value = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = text[i + 1..].find(q as char)? + i + 1;
                let value = &text[i + 1..end];
                i = end + 1;
                value
            }
            _ => {
                let from = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                &text[from..i]
            }
        };
        if name.is_empty() {
            return None;
        }
        out.push((name, value, &text[start..i]));
    }
    Some(out)
}

/// Whether lower-cased SVG text has an `on…=` attribute (`onload=`, `onclick =`).
fn has_event_handler(lower: &str) -> bool {
    let bytes = lower.as_bytes();
    lower.match_indices("on").any(|(i, _)| {
        let after_space = i > 0 && bytes[i - 1].is_ascii_whitespace();
        let mut j = i + 2;
        while j < bytes.len() && bytes[j].is_ascii_lowercase() {
            j += 1;
        }
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        after_space && j > i + 2 && bytes.get(j) == Some(&b'=')
    })
}

#[cfg(test)]
mod tests;
