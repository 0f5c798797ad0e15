//! Scoring a finished administration: item numbers, scales (sums with reversed items and
//! weights, or a checklist group's ticked weights), the built-in methods' figures, indices
//! (formulas), flags and the interpretation band each score falls in.

use std::collections::BTreeMap;

use super::answer::{Answer, AnswerError, Answers};
use super::{Instrument, ItemKind, Method, ScaleSum};
use crate::colour_tests::{self, LuscherResult, Ranking, RelationLine};

/// Everything computed from one administration's answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Every name a formula can read, with its value.
    pub values: BTreeMap<String, f64>,
    /// The scales, in the definition's order.
    pub scales: Vec<(String, f64)>,
    /// The indices that could be computed, in the definition's order (one that reads an
    /// unanswered optional item is left out).
    pub indices: Vec<(String, f64)>,
    /// The ids of the flags raised.
    pub flags: Vec<String>,
    /// For each band whose range holds its score: its position in `Instrument::bands`.
    pub bands: Vec<usize>,
    /// The Lüscher figures, for an instrument with `method = "luscher"`.
    pub luscher: Option<LuscherResult>,
    /// The colour-relations lines, for an instrument with `method = "colour-relations"`.
    pub relations: Vec<RelationLine>,
}

impl Outcome {
    /// The scores as kept with a finished administration and sent to the centre:
    /// `{"scales": {…}, "indices": {…}, "flags": […], "bands": […]}`.
    pub fn to_json(&self) -> String {
        let map = |v: &[(String, f64)]| v.iter().cloned().collect::<BTreeMap<String, f64>>();
        serde_json::json!({ "scales": map(&self.scales), "indices": map(&self.indices), "flags": self.flags, "bands": self.bands }).to_string()
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScoreError {
    #[error("not finished: {} still to answer", .0.join(", "))]
    Unanswered(Vec<String>),
    #[error(transparent)]
    Answer(#[from] AnswerError),
    #[error("{id}: {message}")]
    Formula { id: String, message: String },
}

/// Scores `answers` to `instrument`. Refuses an administration with a required item unanswered:
/// it stays partial until it is finished.
pub fn score(instrument: &Instrument, answers: &Answers) -> Result<Outcome, ScoreError> {
    for item in &instrument.items {
        if let Some(a) = answers.get(&item.id) {
            item.check(a)?;
        }
    }
    let unanswered: Vec<String> = instrument
        .items
        .iter()
        .filter(|i| !i.optional && !answers.get(&i.id).is_some_and(|a| i.is_complete(a)))
        .map(|i| i.id.clone())
        .collect();
    if !unanswered.is_empty() {
        return Err(ScoreError::Unanswered(unanswered));
    }
    let mut values: BTreeMap<String, f64> = BTreeMap::new();
    for item in &instrument.items {
        // An optional item left unanswered has no value: an index or flag that reads it is
        // left out rather than computed as if the answer were 0.
        if let Some(n) = answers.get(&item.id).and_then(|a| item.number(a)) {
            values.insert(item.id.clone(), n);
        }
    }

    let (luscher, relations) = method_figures(instrument, answers, &mut values)?;

    let mut scales = Vec::new();
    for s in &instrument.scales {
        let v = match &s.sum {
            ScaleSum::Items {
                items,
                reverse,
                weights,
            } => items
                .iter()
                .map(|id| {
                    let item = instrument.item(id).expect("checked at load");
                    // A scale counts an unanswered optional item as 0 (docs/instruments.md).
                    let mut v = values.get(id).copied().unwrap_or(0.0);
                    if reverse.contains(id) && answers.get(id).is_some() {
                        let (lo, hi) = item.kind.range().expect("checked at load");
                        v = lo + hi - v;
                    }
                    let w = weights
                        .iter()
                        .find(|(k, _)| k == id)
                        .map_or(1.0, |(_, w)| *w);
                    v * w
                })
                .sum(),
            ScaleSum::Checklist { item, group } => {
                let ticked: &[String] = match answers.get(item) {
                    Some(Answer::Checklist(t)) => t,
                    _ => &[],
                };
                match &instrument.item(item).expect("checked at load").kind {
                    ItemKind::Checklist { signs } => signs
                        .iter()
                        .filter(|s| s.group.as_deref() == Some(group) && ticked.contains(&s.id))
                        .map(|s| s.weight)
                        .sum(),
                    _ => 0.0,
                }
            }
        };
        let v = tidy(v);
        values.insert(s.id.clone(), v);
        scales.push((s.id.clone(), v));
    }
    let computable = |f: &super::Formula, values: &BTreeMap<String, f64>| {
        f.names().iter().all(|n| values.contains_key(*n))
    };
    let mut indices = Vec::new();
    for ix in &instrument.indices {
        if !computable(&ix.formula, &values) {
            continue;
        }
        let v = ix
            .formula
            .number(&values)
            .map_err(|message| ScoreError::Formula {
                id: ix.id.clone(),
                message,
            })?;
        let v = tidy(v);
        values.insert(ix.id.clone(), v);
        indices.push((ix.id.clone(), v));
    }
    let mut flags = Vec::new();
    for f in &instrument.flags {
        if computable(&f.when, &values)
            && f.when
                .holds(&values)
                .map_err(|message| ScoreError::Formula {
                    id: f.id.clone(),
                    message,
                })?
        {
            flags.push(f.id.clone());
        }
    }
    let bands = instrument
        .bands
        .iter()
        .enumerate()
        .filter(|(_, b)| {
            values
                .get(&b.of)
                .is_some_and(|v| (b.from..=b.to).contains(v))
        })
        .map(|(i, _)| i)
        .collect();
    Ok(Outcome {
        values,
        scales,
        indices,
        flags,
        bands,
        luscher,
        relations,
    })
}

/// Sums of decimal weights (0.1 + 0.2) are rounded to 9 places so bands and cut-offs see 0.3;
/// an empty sum (which Rust starts at −0.0) is plain 0.
fn tidy(v: f64) -> f64 {
    (v * 1e9).round() / 1e9 + 0.0
}

type MethodFigures = (Option<LuscherResult>, Vec<RelationLine>);

fn method_figures(
    instrument: &Instrument,
    answers: &Answers,
    values: &mut BTreeMap<String, f64>,
) -> Result<MethodFigures, ScoreError> {
    let rankings = || {
        instrument
            .items
            .iter()
            .find_map(|i| match (&i.kind, answers.get(&i.id)) {
                (ItemKind::ColourRanking { .. }, Some(Answer::Rankings(r))) => {
                    Some((i.id.clone(), r.clone()))
                }
                _ => None,
            })
    };
    let to_ranking = |item: &str, r: &[u8]| {
        Ranking::new(r.to_vec()).map_err(|e| AnswerError::OutOfRange {
            item: item.into(),
            problem: e.to_string(),
        })
    };
    match instrument.method {
        Some(Method::Luscher) => {
            let (item, r) =
                rankings().ok_or_else(|| ScoreError::Unanswered(vec!["colours".into()]))?;
            let first = to_ranking(&item, &r[0])?;
            let second = to_ranking(&item, r.get(1).unwrap_or(&r[0]))?;
            let result = colour_tests::luscher(&first, &second);
            for (name, v) in luscher_values(&result) {
                values.insert(name, v);
            }
            Ok((Some(result), Vec::new()))
        }
        Some(Method::ColourRelations) => {
            let (item, r) =
                rankings().ok_or_else(|| ScoreError::Unanswered(vec!["ranking".into()]))?;
            let ranking = to_ranking(&item, &r[0])?;
            let assigned: Vec<(String, u8)> = instrument
                .items
                .iter()
                .find_map(|i| match answers.get(&i.id) {
                    Some(Answer::ColourPerPerson(m)) => {
                        Some(m.iter().map(|(k, v)| (k.clone(), *v)).collect())
                    }
                    _ => None,
                })
                .unwrap_or_default();
            let lines = colour_tests::colour_relations(&assigned, &ranking, "me").map_err(|e| {
                AnswerError::OutOfRange {
                    item: item.clone(),
                    problem: e.to_string(),
                }
            })?;
            for line in &lines {
                values.insert(format!("rank_{}", line.person), f64::from(line.rank));
                values.insert(
                    format!("same_as_me_{}", line.person),
                    if line.same_colour_as_self { 1.0 } else { 0.0 },
                );
            }
            Ok((None, lines))
        }
        Some(Method::Ladder) | None => Ok((None, Vec::new())),
    }
}

/// The Lüscher figures under the names `docs/instruments.md` gives them.
fn luscher_values(r: &LuscherResult) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    for (which, one) in [("first", &r.first), ("second", &r.second)] {
        out.push((format!("{which}_deviation"), f64::from(one.deviation)));
        out.push((format!("{which}_anxiety"), f64::from(one.anxiety)));
        out.push((format!("{which}_compensation"), f64::from(one.compensation)));
        out.push((format!("{which}_marks"), f64::from(one.marks)));
        out.push((format!("{which}_vegetative"), one.vegetative));
    }
    out.push(("stability".into(), f64::from(r.stability)));
    out
}

#[cfg(test)]
#[path = "score_tests.rs"]
mod tests;
