//! Unit tests of `take_home_card`.

use super::*;

const HEDGEHOG: &str = include_str!("../../../../assets/icons/avatars/hedgehog.svg");
const STAR: &str = include_str!("../../../../assets/icons/avatars/star.svg");
const ROCKET: &str = include_str!("../../../../assets/icons/avatars/rocket.svg");
const WHALE: &str = include_str!("../../../../assets/icons/avatars/whale.svg");

/// The kiosk's own files: a hedgehog in a blue ring, the code star, rocket, whale.
fn real() -> CardPictures<'static> {
    CardPictures {
        avatar_svg: HEDGEHOG,
        code_svgs: [STAR, ROCKET, WHALE],
    }
}

fn page(name: &str, lang: Language) -> String {
    take_home_card(name, Some("#3b7dd8"), &real(), lang).unwrap()
}

/// What follows a picture's `<svg …>` tag: its drawing, which the page must carry unchanged.
fn body(svg: &str) -> &str {
    let start = svg.find("<svg").unwrap();
    let tag_end = svg[start..].find('>').unwrap();
    svg[start + tag_end + 1..].trim_end()
}

fn cards(page: &str) -> Vec<&str> {
    page.split("<section class=\"card\">").skip(1).collect()
}

#[test]
fn the_first_name_is_escaped_and_never_raw() {
    let p = page("<Аня & Co \"'>", Language::Ru);
    assert!(p.contains("<p class=\"name long\">&lt;Аня &amp; Co &quot;&#39;&gt;</p>"));
    assert!(!p.contains("<Аня"));
    assert_eq!(
        p.matches("&lt;Аня &amp; Co").count(),
        2,
        "one name on each card"
    );
    assert_eq!(escape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
}

#[test]
fn the_sheet_has_two_identical_cards_each_with_every_picture_once() {
    let p = page("Аня", Language::Ru);
    let cards = cards(&p);
    assert_eq!(cards.len(), 2);
    let first = cards[0];
    assert!(
        cards[1].starts_with(first),
        "the second card is the first again"
    );
    for svg in [HEDGEHOG, STAR, ROCKET, WHALE] {
        assert_eq!(
            p.matches(body(svg)).count(),
            2,
            "each picture once on each card"
        );
    }
    assert_eq!(
        p.matches("<svg").count(),
        2 * (1 + 1 + CODE_LENGTH),
        "5 pictures and a ring per card"
    );
}

#[test]
fn the_code_pictures_come_in_their_order_after_the_avatar_with_their_numbers() {
    let p = page("Аня", Language::En);
    for card in cards(&p) {
        let at = |svg: &str| card.find(body(svg)).unwrap();
        assert!(at(HEDGEHOG) < at(STAR) && at(STAR) < at(ROCKET) && at(ROCKET) < at(WHALE));
        let numbers: Vec<usize> = (1..=CODE_LENGTH)
            .map(|n| {
                card.find(&format!("<span class=\"num\">{n}</span>"))
                    .unwrap()
            })
            .collect();
        assert!(numbers.windows(2).all(|w| w[0] < w[1]));
        assert!(
            at(STAR) < numbers[0] && numbers[0] < at(ROCKET),
            "1 is under the first picture"
        );
    }
    // Another order, another page: the order is the caller's, not sorted.
    let swapped = CardPictures {
        avatar_svg: HEDGEHOG,
        code_svgs: [WHALE, STAR, ROCKET],
    };
    let q = take_home_card("Аня", None, &swapped, Language::En).unwrap();
    let card = cards(&q)[0];
    let at = |svg: &str| card.find(body(svg)).unwrap();
    assert!(at(WHALE) < at(STAR) && at(STAR) < at(ROCKET));
}

#[test]
fn the_ring_is_drawn_in_the_colour_with_a_dark_outline_or_not_at_all() {
    let p = page("Аня", Language::Ru);
    assert_eq!(p.matches("stroke=\"#3b7dd8\"").count(), 2);
    assert_eq!(
        p.matches("stroke=\"#1a1a1a\"").count(),
        4,
        "an outline on both edges, two cards"
    );
    let plain = take_home_card("Аня", None, &real(), Language::Ru).unwrap();
    assert!(!plain.contains("class=\"ring\""));
    assert_eq!(plain.matches("<div class=\"avatar plain\">").count(), 2);
    assert!(take_home_card("Аня", Some("#37d"), &real(), Language::Ru).is_ok());
}

#[test]
fn a_ring_colour_that_is_not_a_hex_colour_is_refused() {
    for bad in [
        "red",
        "3b7dd8",
        "#3b7dd",
        "#3b7dd8ff",
        "#ggg",
        "#3b7dd8\" onload=\"x",
        "",
    ] {
        let err = take_home_card("Аня", Some(bad), &real(), Language::Ru).unwrap_err();
        assert!(
            matches!(err, DomainError::Unknown { what, .. } if what.starts_with("ring colour"))
        );
    }
}

#[test]
fn each_language_has_its_lang_title_and_parent_line() {
    for lang in Language::ALL {
        let p = page("Аня", lang);
        let texts = card_texts(lang);
        assert!(p.starts_with(&format!("<!DOCTYPE html>\n<html lang=\"{}\">", lang.code())));
        assert_eq!(
            p.matches(&format!(
                "<p class=\"parent\">{}</p>",
                escape(texts.for_parent)
            ))
            .count(),
            2
        );
        assert_eq!(
            p.matches(&format!("<p class=\"title\">{}</p>", texts.title))
                .count(),
            2
        );
        assert!(p.contains(&format!("<title>{}</title>", texts.title)));
    }
    assert_eq!(card_texts(Language::Ru).title, "Моя карточка");
    assert_eq!(card_texts(Language::Tt).title, "Минем карточкам");
    assert_eq!(card_texts(Language::En).title, "My card");
    let tatar = card_texts(Language::Tt).for_parent;
    assert!(
        tatar.chars().any(|c| "әөүҗңһ".contains(c)),
        "Tatar, not Russian: {tatar}"
    );
    assert!(card_texts(Language::Ru).for_parent.contains("три"));
    assert!(tatar.contains("өч"));
    assert!(card_texts(Language::En).for_parent.contains("three"));
}

#[test]
fn the_page_is_self_contained_and_printable() {
    for lang in Language::ALL {
        let p = page("Аня", lang);
        let lower = p.to_lowercase();
        for banned in [
            "http", "src=", "<script", "<?xml", "url(", "@import", "<link", "xmlns",
        ] {
            assert!(!lower.contains(banned), "{banned} in the {lang:?} page");
        }
        assert!(p.contains("<meta charset=\"utf-8\">"));
        assert!(p.contains("@page { size: A4; margin: 12mm; }"));
        assert!(p.contains("font-family: \"Noto Sans\", sans-serif;"));
        assert!(p.contains("width: 90mm; height: 60mm;"));
        assert!(p.contains("dashed"), "a cut line");
    }
}

#[test]
fn a_prolog_a_comment_a_doctype_the_namespaces_and_the_fixed_size_are_dropped() {
    let drawn = "<circle cx=\"24\" cy=\"24\" r=\"20\" fill=\"#fc0\"/></svg>";
    let file = format!(
        "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- by hand -->\n\
         <!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x.dtd\">\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink='http://www.w3.org/1999/xlink'\n  \
         width=\"48px\" height=\"48\" class=\"x\">{drawn}\n"
    );
    let svg = inline_svg(&file).unwrap();
    assert_eq!(
        svg,
        format!("<svg class=\"x\" viewBox=\"0 0 48 48\" width=\"100%\" height=\"100%\">{drawn}")
    );
    // With a viewBox already, it is kept and not doubled.
    let svg = inline_svg(HEDGEHOG).unwrap();
    assert!(svg.starts_with("<svg viewBox=\"0 0 32 32\" width=\"100%\" height=\"100%\">"));
    assert_eq!(svg.matches("viewBox").count(), 1);

    let pictures = CardPictures {
        avatar_svg: &file,
        code_svgs: [STAR, ROCKET, WHALE],
    };
    let p = take_home_card("Аня", Some("#3b7dd8"), &pictures, Language::Tt).unwrap();
    assert!(
        !p.contains("<?") && !p.contains("<!--") && !p.contains("DTD") && !p.contains('\u{feff}')
    );
    assert_eq!(p.matches(drawn).count(), 2);
}

#[test]
fn every_avatar_file_of_the_kiosk_is_accepted() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/icons/avatars");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "svg") {
            let text = std::fs::read_to_string(&path).unwrap();
            let svg = inline_svg(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(svg.ends_with("</svg>") && !svg.contains("http"));
            seen += 1;
        }
    }
    assert!(seen >= 20, "only {seen} avatars found");
}

#[test]
fn a_picture_with_a_script_a_link_out_or_no_svg_is_refused() {
    for bad in [
        "<svg viewBox=\"0 0 1 1\"><script>alert(1)</script></svg>",
        "<svg viewBox=\"0 0 1 1\" onload=\"alert(1)\"></svg>",
        "<svg viewBox=\"0 0 1 1\"><rect ONCLICK = 'x'/></svg>",
        "<svg viewBox=\"0 0 1 1\"><image href=\"https://example.org/a.png\"/></svg>",
        "<svg viewBox=\"0 0 1 1\"><a href=\"javascript:x()\"><rect/></a></svg>",
        "<svg viewBox=\"0 0 1 1\"><foreignObject><div/></foreignObject></svg>",
        "<svg viewBox=\"0 0 1 1\"><image src=\"a.png\"/></svg>",
        "<?xml version=\"1.0\"?><svg viewBox=\"0 0 1 1\"><?pi x?></svg>",
        "<img src=\"a.png\">",
        "<svgx></svgx>",
        "<svg viewBox=\"0 0 1 1\">",
        "<!-- never closed <svg></svg>",
        "",
    ] {
        assert!(inline_svg(bad).is_err(), "accepted: {bad}");
        let pictures = CardPictures {
            avatar_svg: HEDGEHOG,
            code_svgs: [STAR, bad, WHALE],
        };
        let err = take_home_card("Аня", None, &pictures, Language::Ru).unwrap_err();
        let DomainError::Unknown { value, .. } = err else {
            panic!("not Unknown for {bad}");
        };
        assert!(value.starts_with("code picture 2: "), "{value}");
    }
}

#[test]
fn a_blank_name_leaves_the_name_out() {
    let p = page("  ", Language::Ru);
    assert!(!p.contains("class=\"name\""));
    let p = page("  Аня ", Language::Ru);
    assert!(p.contains("<p class=\"name\">Аня</p>"));
    let p = page("Анна-Мария Луиза", Language::Ru);
    assert_eq!(
        p.matches("<p class=\"name long\">Анна-Мария Луиза</p>")
            .count(),
        2
    );
}
