//! The answers given to an instrument, item by item, and the check that an answer fits its
//! item. Answers are stored as JSON (serde), so a half-done administration can be saved after
//! every tap and resumed later.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Item, ItemKind};

/// One item's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Answer {
    /// The id of the chosen option.
    Choice(String),
    /// 1 (very sad) … 5 (very happy).
    Face(u8),
    Likert(i64),
    YesNo(bool),
    /// The 8 colours, most to least liked; one ranking per repeat.
    Rankings(Vec<Vec<u8>>),
    /// A colour (0–7) for each person id.
    ColourPerPerson(BTreeMap<String, u8>),
    /// A step counted from the top (1 = the top).
    Ladder(u32),
    /// The id of the drawing stored with the administration.
    Drawing(i64),
    /// The ids of the ticked signs.
    Checklist(Vec<String>),
    Text(String),
}

/// The answers of one administration, by item id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Answers(pub BTreeMap<String, Answer>);

impl Answers {
    pub fn get(&self, item: &str) -> Option<&Answer> {
        self.0.get(item)
    }

    pub fn set(&mut self, item: &str, answer: Answer) {
        self.0.insert(item.to_owned(), answer);
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("answers always serialise")
    }

    pub fn from_json(text: &str) -> Result<Answers, AnswerError> {
        serde_json::from_str(text).map_err(|e| AnswerError::Unreadable(e.to_string()))
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnswerError {
    #[error("item «{item}» takes {expected}, not this answer")]
    WrongKind {
        item: String,
        expected: &'static str,
    },
    #[error("item «{item}»: {problem}")]
    OutOfRange { item: String, problem: String },
    #[error("stored answers cannot be read ({0}); the administration has to be given again")]
    Unreadable(String),
}

/// Whether `ranking` holds each of the 8 colours exactly once.
pub fn is_colour_ranking(ranking: &[u8]) -> bool {
    let mut seen = [false; 8];
    ranking.len() == 8
        && ranking
            .iter()
            .all(|&c| c < 8 && !std::mem::replace(&mut seen[c as usize], true))
}

impl Item {
    /// Checks that `answer` fits this item.
    pub fn check(&self, answer: &Answer) -> Result<(), AnswerError> {
        let bad = |problem: String| {
            Err(AnswerError::OutOfRange {
                item: self.id.clone(),
                problem,
            })
        };
        match (&self.kind, answer) {
            (ItemKind::Choice { options, .. }, Answer::Choice(id)) => {
                if options.iter().any(|o| &o.id == id) {
                    Ok(())
                } else {
                    bad(format!("«{id}» is not one of its options"))
                }
            }
            (ItemKind::Faces, Answer::Face(f)) => {
                if (1..=5).contains(f) {
                    Ok(())
                } else {
                    bad(format!("face {f} is not 1–5"))
                }
            }
            (ItemKind::Likert { min, max, .. }, Answer::Likert(v)) => {
                if (*min..=*max).contains(v) {
                    Ok(())
                } else {
                    bad(format!("{v} is outside {min}–{max}"))
                }
            }
            (ItemKind::YesNo { .. }, Answer::YesNo(_)) => Ok(()),
            (ItemKind::ColourRanking { repeat, .. }, Answer::Rankings(r)) => {
                if r.is_empty() || r.len() > *repeat as usize {
                    return bad(format!("{} rankings given, it takes {repeat}", r.len()));
                }
                match r.iter().find(|x| !is_colour_ranking(x)) {
                    Some(x) => bad(format!("{x:?} is not an order of the 8 colours")),
                    None => Ok(()),
                }
            }
            (ItemKind::ColourPerPerson { people }, Answer::ColourPerPerson(m)) => {
                if let Some((p, _)) = m.iter().find(|(p, _)| !people.iter().any(|x| &x.id == *p)) {
                    return bad(format!("«{p}» is not one of its people"));
                }
                match m.values().find(|c| **c > 7) {
                    Some(c) => bad(format!("colour {c} is not 0–7")),
                    None => Ok(()),
                }
            }
            (ItemKind::Ladder { steps }, Answer::Ladder(s)) => {
                if (1..=*steps).contains(s) {
                    Ok(())
                } else {
                    bad(format!("step {s} is not 1–{steps}"))
                }
            }
            (ItemKind::Drawing, Answer::Drawing(_)) => Ok(()),
            (ItemKind::Checklist { signs }, Answer::Checklist(ticked)) => {
                match ticked.iter().find(|t| !signs.iter().any(|s| &s.id == *t)) {
                    Some(t) => bad(format!("«{t}» is not one of its signs")),
                    None => Ok(()),
                }
            }
            (ItemKind::Text, Answer::Text(_)) => Ok(()),
            (kind, _) => Err(AnswerError::WrongKind {
                item: self.id.clone(),
                expected: kind.key(),
            }),
        }
    }

    /// Whether `answer` is complete for this item (a colour ranking given as many times as it
    /// asks; every person given a colour).
    pub fn is_complete(&self, answer: &Answer) -> bool {
        match (&self.kind, answer) {
            (ItemKind::ColourRanking { repeat, .. }, Answer::Rankings(r)) => {
                r.len() == *repeat as usize
            }
            // A person not in the child's life may be skipped; the child's own colour may not.
            (ItemKind::ColourPerPerson { people }, Answer::ColourPerPerson(m)) => {
                self.check(answer).is_ok()
                    && people
                        .iter()
                        .filter(|p| p.id == "me")
                        .all(|p| m.contains_key(&p.id))
                    && !m.is_empty()
            }
            _ => self.check(answer).is_ok(),
        }
    }

    /// The number this answer gives to scoring, before reversing and weights.
    pub fn number(&self, answer: &Answer) -> Option<f64> {
        match (&self.kind, answer) {
            (ItemKind::Choice { options, .. }, Answer::Choice(id)) => {
                options.iter().find(|o| &o.id == id).map(|o| o.score)
            }
            (ItemKind::Faces, Answer::Face(f)) => Some(f64::from(*f)),
            (ItemKind::Likert { .. }, Answer::Likert(v)) => Some(*v as f64),
            (ItemKind::YesNo { yes, no }, Answer::YesNo(b)) => Some(if *b { *yes } else { *no }),
            (ItemKind::Ladder { .. }, Answer::Ladder(s)) => Some(f64::from(*s)),
            (ItemKind::Checklist { signs }, Answer::Checklist(ticked)) => Some(
                signs
                    .iter()
                    .filter(|s| ticked.contains(&s.id))
                    .map(|s| s.weight)
                    .sum(),
            ),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::{Respondent, Sign};
    use crate::route::Texts;

    fn t() -> Texts {
        Texts {
            ru: "в".into(),
            tt: "с".into(),
            en: "q".into(),
        }
    }

    fn item(kind: ItemKind) -> Item {
        Item {
            id: "q".into(),
            prompt: t(),
            answered_by: Respondent::Child,
            optional: false,
            kind,
        }
    }

    #[test]
    fn answers_fit_their_items_or_say_why_not() {
        let likert = item(ItemKind::Likert {
            min: 0,
            max: 4,
            anchors: vec![],
        });
        assert!(likert.check(&Answer::Likert(4)).is_ok());
        assert!(likert
            .check(&Answer::Likert(5))
            .unwrap_err()
            .to_string()
            .contains("outside 0–4"));
        assert!(likert
            .check(&Answer::YesNo(true))
            .unwrap_err()
            .to_string()
            .contains("takes likert"));
        let ladder = item(ItemKind::Ladder { steps: 7 });
        assert!(ladder.check(&Answer::Ladder(7)).is_ok());
        assert!(ladder.check(&Answer::Ladder(0)).is_err());
        assert!(item(ItemKind::Faces).check(&Answer::Face(6)).is_err());
        let ranking = item(ItemKind::ColourRanking {
            repeat: 2,
            pause_seconds: 60,
        });
        assert!(ranking
            .check(&Answer::Rankings(vec![vec![3, 4, 2, 5, 1, 6, 0, 7]]))
            .is_ok());
        assert!(ranking
            .check(&Answer::Rankings(vec![vec![3, 3, 2, 5, 1, 6, 0, 7]]))
            .is_err());
        assert!(ranking
            .check(&Answer::Rankings(vec![vec![3, 4, 2, 5, 1, 6, 0]]))
            .is_err());
        assert!(ranking.check(&Answer::Rankings(vec![])).is_err());
        assert!(!ranking.is_complete(&Answer::Rankings(vec![vec![3, 4, 2, 5, 1, 6, 0, 7]])));
        assert!(ranking.is_complete(&Answer::Rankings(vec![vec![3, 4, 2, 5, 1, 6, 0, 7]; 2])));
    }

    #[test]
    fn a_checklist_gives_the_sum_of_its_ticked_weights() {
        let sign = |id: &str, w: f64| Sign {
            id: id.into(),
            text: t(),
            weight: w,
            group: None,
        };
        let c = item(ItemKind::Checklist {
            signs: vec![sign("a", 0.2), sign("b", 0.3), sign("c", 0.1)],
        });
        let n = c
            .number(&Answer::Checklist(vec!["a".into(), "c".into()]))
            .unwrap();
        assert!((n - 0.3).abs() < 1e-9);
        assert!(c.check(&Answer::Checklist(vec!["z".into()])).is_err());
    }

    #[test]
    fn answers_round_trip_as_json() {
        let mut a = Answers::default();
        a.set(
            "colours",
            Answer::Rankings(vec![vec![3, 4, 2, 5, 1, 6, 0, 7]]),
        );
        a.set("mood", Answer::Face(4));
        a.set("note", Answer::Text("строил дом".into()));
        let back = Answers::from_json(&a.to_json()).unwrap();
        assert_eq!(back, a);
        assert!(Answers::from_json("{").is_err());
    }
}
