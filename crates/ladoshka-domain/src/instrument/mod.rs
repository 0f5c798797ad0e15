//! Diagnostic instruments as data: what an instrument asks, who answers, and how its answers
//! are scored. The definitions are TOML files (`assets/instruments/`, format in
//! `docs/instruments.md`); this module holds the checked form, the answers and the scoring, all
//! pure.

pub mod answer;
pub mod formula;
pub mod parse;
pub mod score;

use super::route::Texts;
use super::Language;

pub use crate::data_file::DataFileError;
pub use answer::{Answer, AnswerError, Answers};
pub use formula::Formula;
pub use parse::{parse, FORMAT};
pub use score::{score, Outcome, ScoreError};

/// Who answers an instrument or one of its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Respondent {
    Child,
    Parent,
    Psychologist,
}

impl Respondent {
    pub fn from_key(key: &str) -> Option<Respondent> {
        match key {
            "child" => Some(Respondent::Child),
            "parent" => Some(Respondent::Parent),
            "psychologist" => Some(Respondent::Psychologist),
            _ => None,
        }
    }
}

/// A computation built into the kiosk, for what formulas cannot say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Luscher,
    ColourRelations,
    Ladder,
}

impl Method {
    pub fn from_key(key: &str) -> Option<Method> {
        match key {
            "luscher" => Some(Method::Luscher),
            "colour-relations" => Some(Method::ColourRelations),
            "ladder" => Some(Method::Ladder),
            _ => None,
        }
    }
}

/// Whose wording an instrument is.
#[derive(Debug, Clone, PartialEq)]
pub enum Licence {
    /// Written by us (or the centre) after a published method.
    OwnWording { source: String },
    /// Official wording that must not be changed: only ever imported from the centre's file.
    Imported {
        source: String,
        holder: String,
        terms: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChoiceShow {
    Text,
    Pictures,
    Faces,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceOption {
    pub id: String,
    pub text: Texts,
    pub score: f64,
    pub picture: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    pub value: i64,
    pub text: Texts,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: String,
    pub text: Texts,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sign {
    pub id: String,
    pub text: Texts,
    pub weight: f64,
    pub group: Option<String>,
}

/// What kind of answer an item takes, with what that kind needs.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemKind {
    Choice {
        show: ChoiceShow,
        options: Vec<ChoiceOption>,
    },
    Faces,
    Likert {
        min: i64,
        max: i64,
        anchors: Vec<Anchor>,
    },
    YesNo {
        yes: f64,
        no: f64,
    },
    ColourRanking {
        repeat: u8,
        pause_seconds: u32,
    },
    ColourPerPerson {
        people: Vec<Person>,
    },
    Ladder {
        steps: u32,
    },
    Drawing,
    Checklist {
        signs: Vec<Sign>,
    },
    Text,
}

impl ItemKind {
    /// The key used in the files.
    pub fn key(&self) -> &'static str {
        match self {
            ItemKind::Choice { .. } => "choice",
            ItemKind::Faces => "faces",
            ItemKind::Likert { .. } => "likert",
            ItemKind::YesNo { .. } => "yes-no",
            ItemKind::ColourRanking { .. } => "colour-ranking",
            ItemKind::ColourPerPerson { .. } => "colour-per-person",
            ItemKind::Ladder { .. } => "ladder",
            ItemKind::Drawing => "drawing",
            ItemKind::Checklist { .. } => "checklist",
            ItemKind::Text => "text",
        }
    }

    /// Whether an answer of this kind gives scoring a number.
    pub fn gives_number(&self) -> bool {
        matches!(
            self,
            ItemKind::Choice { .. }
                | ItemKind::Faces
                | ItemKind::Likert { .. }
                | ItemKind::YesNo { .. }
                | ItemKind::Ladder { .. }
                | ItemKind::Checklist { .. }
        )
    }

    /// The lowest and highest number an answer can give, for reverse scoring.
    pub fn range(&self) -> Option<(f64, f64)> {
        let min_max = |it: &mut dyn Iterator<Item = f64>| {
            let v: Vec<f64> = it.collect();
            let lo = v.iter().cloned().fold(f64::INFINITY, f64::min);
            let hi = v.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            (lo, hi)
        };
        match self {
            ItemKind::Choice { options, .. } => Some(min_max(&mut options.iter().map(|o| o.score))),
            ItemKind::Faces => Some((1.0, 5.0)),
            ItemKind::Likert { min, max, .. } => Some((*min as f64, *max as f64)),
            ItemKind::YesNo { yes, no } => Some((yes.min(*no), yes.max(*no))),
            ItemKind::Ladder { steps } => Some((1.0, *steps as f64)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    pub prompt: Texts,
    pub answered_by: Respondent,
    pub optional: bool,
    pub kind: ItemKind,
}

/// What a scale adds up.
#[derive(Debug, Clone, PartialEq)]
pub enum ScaleSum {
    Items {
        items: Vec<String>,
        reverse: Vec<String>,
        weights: Vec<(String, f64)>,
    },
    Checklist {
        item: String,
        group: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    pub id: String,
    pub title: Texts,
    pub sum: ScaleSum,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    pub id: String,
    pub title: Texts,
    pub formula: Formula,
    pub decimals: u8,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    pub id: String,
    pub when: Formula,
    pub message: Texts,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub of: String,
    pub from: f64,
    pub to: f64,
    pub text: Texts,
}

/// A checked instrument definition.
#[derive(Debug, Clone, PartialEq)]
pub struct Instrument {
    pub id: String,
    pub version: String,
    pub respondent: Respondent,
    pub ages: (u32, u32),
    pub languages: Vec<Language>,
    pub minutes: u32,
    pub method: Option<Method>,
    pub title: Texts,
    pub about: Option<Texts>,
    pub licence: Licence,
    pub items: Vec<Item>,
    pub scales: Vec<Scale>,
    pub indices: Vec<Index>,
    pub flags: Vec<Flag>,
    pub bands: Vec<Band>,
}

impl Instrument {
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// Whether a child can be given this instrument in child mode (some item is theirs).
    pub fn has_child_part(&self) -> bool {
        self.items
            .iter()
            .any(|i| i.answered_by == Respondent::Child)
    }

    /// The items the kiosk shows to whoever answers in child mode, in order.
    pub fn child_items(&self) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .filter(|i| i.answered_by != Respondent::Psychologist)
    }

    /// The items the psychologist fills in (checklists, notes), in order.
    pub fn psychologist_items(&self) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .filter(|i| i.answered_by == Respondent::Psychologist)
    }

    /// The title in `lang`, or in the first language the instrument has.
    pub fn title_in(&self, lang: Language) -> &str {
        texts_in(&self.title, lang)
    }

    /// Whether a child of `age` is in the instrument's age range.
    pub fn fits_age(&self, age: u32) -> bool {
        (self.ages.0..=self.ages.1).contains(&age)
    }
}

/// A text in `lang`, falling back to Russian, then English, when the instrument lacks it.
pub fn texts_in(t: &Texts, lang: Language) -> &str {
    let s = t.get(lang);
    if !s.is_empty() {
        return s;
    }
    if !t.ru.is_empty() {
        &t.ru
    } else {
        &t.en
    }
}
