//! «Карточка для дома»: at the end of an enrolment, the family's printable card — the child's
//! picture in its ring and the secret pictures in order — written to a USB stick as one HTML
//! page (`domain::take_home_card`). The code is known only until the enrolment screen closes:
//! it is stored hashed, so the card can be made then and never again.

use std::rc::Rc;

use slint::{ComponentHandle, SharedString};

use super::{AppWindow, EnrolmentAdapter, Kiosk};
use crate::domain::check_in::CODE_PICTURES;
use crate::domain::take_home_card::{take_home_card, CardPictures};
use crate::domain::{Avatar, Language, PictureCode};

/// What the card needs, kept in memory from the saved enrolment until the screen closes.
#[derive(Clone)]
pub(crate) struct CardToPrint {
    pub first_name: String,
    pub avatar: Avatar,
    /// The avatar's ring (0: none), as on the check-in tiles.
    pub frame: u8,
    pub code: PictureCode,
}

/// The rings' colours, as `Pictures.frame-colour` in `ui/screens/pictures.slint` draws them.
pub const RING_COLOURS: [&str; 5] = ["#3b7dd8", "#2e9e6a", "#8e5bd0", "#f08a24", "#e0508a"];

fn ring_colour(frame: u8) -> Option<&'static str> {
    RING_COLOURS
        .get(usize::from(frame).checked_sub(1)?)
        .copied()
}

macro_rules! avatar_svgs {
    ($($key:literal),+ $(,)?) => {
        /// The SVG text of the picture named `key` (an avatar key; the code pictures are
        /// avatars too).
        pub fn picture_svg(key: &str) -> Option<&'static str> {
            match key {
                $($key => Some(include_str!(concat!("../../assets/icons/avatars/", $key, ".svg"))),)+
                _ => None,
            }
        }
    };
}

avatar_svgs!(
    "apple",
    "ball",
    "bear",
    "butterfly",
    "car",
    "cat",
    "dog",
    "elephant",
    "flower",
    "fox",
    "frog",
    "giraffe",
    "hedgehog",
    "lion",
    "owl",
    "panda",
    "penguin",
    "rabbit",
    "rainbow",
    "rocket",
    "star",
    "sun",
    "turtle",
    "whale",
);

/// Why a card was not written.
#[derive(Debug, thiserror::Error)]
enum NotSaved {
    #[error("no USB stick is plugged in")]
    NoStick,
    #[error("the card's page cannot be made: {0}")]
    Page(crate::domain::DomainError),
    #[error("the card cannot be written to the stick: {0}")]
    Write(String),
}

/// The card's page in `lang`.
pub(crate) fn page(
    card: &CardToPrint,
    lang: Language,
) -> Result<String, crate::domain::DomainError> {
    let unknown = |what: &str| crate::domain::DomainError::Unknown {
        what: "picture",
        value: what.to_owned(),
    };
    let avatar_svg = picture_svg(card.avatar.key()).ok_or_else(|| unknown(card.avatar.key()))?;
    let mut code_svgs = [""; crate::domain::check_in::CODE_LENGTH];
    for (slot, position) in code_svgs.iter_mut().zip(card.code.positions()) {
        let key = CODE_PICTURES[usize::from(position)];
        *slot = picture_svg(key).ok_or_else(|| unknown(key))?;
    }
    take_home_card(
        &card.first_name,
        ring_colour(card.frame),
        &CardPictures {
            avatar_svg,
            code_svgs,
        },
        lang,
    )
}

/// «Карточка для дома на флешку»: writes the card to `ladoshka/reports/` on the stick, off the
/// UI thread, and says where or why not.
pub(crate) fn save(kiosk: &Rc<Kiosk>, ui: &AppWindow, card: Option<CardToPrint>) {
    let a = ui.global::<EnrolmentAdapter>();
    a.set_card_saved(SharedString::new());
    a.set_card_problem(SharedString::new());
    let Some(card) = card else {
        a.set_card_problem("gone".into());
        return;
    };
    let lang = kiosk.state_language();
    let name = format!(
        "ladoshka-card-{}.html",
        crate::platform::clock::now()
            .with_timezone(&super::clock::zone())
            .format("%Y-%m-%d-%H%M%S")
    );
    a.set_busy(true);
    kiosk.ask(
        move |_| {
            let stick = crate::platform::usb_stick::find().ok_or(NotSaved::NoStick)?;
            let page = page(&card, lang).map_err(NotSaved::Page)?;
            let dir = crate::platform::usb_stick::reports_dir(&stick);
            crate::platform::usb_stick::write_whole(&dir, &name, page.as_bytes())
                .map_err(|e| NotSaved::Write(e.to_string()))
        },
        |_, ui, written| {
            let a = ui.global::<EnrolmentAdapter>();
            a.set_busy(false);
            match written {
                Ok(path) => a.set_card_saved(path.display().to_string().into()),
                Err(NotSaved::NoStick) => a.set_card_problem("no-stick".into()),
                Err(e) => {
                    tracing::error!("{e}");
                    a.set_card_problem("write".into());
                }
            }
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_avatar_and_code_picture_has_its_svg() {
        for a in Avatar::ALL {
            assert!(picture_svg(a.key()).is_some(), "{}", a.key());
        }
        for key in CODE_PICTURES {
            assert!(picture_svg(key).is_some(), "{key}");
        }
    }

    #[test]
    fn the_rings_are_the_colours_the_screens_draw() {
        let slint = include_str!("../../ui/screens/pictures.slint");
        for (i, colour) in RING_COLOURS.iter().enumerate() {
            let line = format!("if frame == {} {{ return {colour}; }}", i + 1);
            assert!(slint.contains(&line), "pictures.slint has no «{line}»");
        }
        assert_eq!(ring_colour(0), None);
        assert_eq!(ring_colour(6), None);
    }

    #[test]
    fn the_page_shows_the_childs_picture_and_code_in_order() {
        let card = CardToPrint {
            first_name: "Аня".into(),
            avatar: Avatar::Fox,
            frame: 2,
            code: PictureCode::new(&[4, 0, 7]).unwrap(),
        };
        let page = page(&card, Language::Tt).unwrap();
        assert!(page.contains("Аня"));
        assert!(page.contains("#2e9e6a"));
        // Each picture twice (two cards on the sheet), the code in the order tapped.
        let at = |key: &str| {
            let svg = picture_svg(key).unwrap();
            let body = &svg[svg.find("<path").unwrap_or(0)..][..60.min(svg.len())];
            page.find(body).unwrap_or(usize::MAX)
        };
        let (a, b, c) = (
            at(CODE_PICTURES[4]),
            at(CODE_PICTURES[0]),
            at(CODE_PICTURES[7]),
        );
        assert!(a < b && b < c, "the code pictures are out of order");
    }
}
