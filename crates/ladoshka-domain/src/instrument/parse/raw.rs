//! The definition as serde reads it, before any check: every field kept with its span.

use serde::Deserialize;
use toml::Spanned;

use std::collections::BTreeMap;

use super::RawTexts;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLicence {
    pub(super) kind: Spanned<String>,
    pub(super) source: Option<String>,
    pub(super) holder: Option<String>,
    pub(super) terms: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOption {
    pub(super) id: Spanned<String>,
    pub(super) text: RawTexts,
    pub(super) score: f64,
    pub(super) picture: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAnchor {
    pub(super) value: Spanned<i64>,
    pub(super) text: RawTexts,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPerson {
    pub(super) id: Spanned<String>,
    pub(super) text: RawTexts,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSign {
    pub(super) id: Spanned<String>,
    pub(super) text: RawTexts,
    pub(super) weight: Option<Spanned<f64>>,
    pub(super) group: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawItem {
    pub(super) id: Spanned<String>,
    pub(super) kind: Spanned<String>,
    pub(super) prompt: RawTexts,
    pub(super) answered_by: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) optional: bool,
    pub(super) show: Option<Spanned<String>>,
    pub(super) options: Option<Spanned<Vec<Spanned<RawOption>>>>,
    pub(super) min: Option<Spanned<i64>>,
    pub(super) max: Option<Spanned<i64>>,
    pub(super) anchors: Option<Spanned<Vec<Spanned<RawAnchor>>>>,
    pub(super) yes: Option<Spanned<f64>>,
    pub(super) no: Option<Spanned<f64>>,
    pub(super) repeat: Option<Spanned<i64>>,
    pub(super) pause_seconds: Option<Spanned<i64>>,
    pub(super) people: Option<Spanned<Vec<Spanned<RawPerson>>>>,
    pub(super) steps: Option<Spanned<i64>>,
    pub(super) signs: Option<Spanned<Vec<Spanned<RawSign>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScale {
    pub(super) id: Spanned<String>,
    pub(super) title: RawTexts,
    pub(super) items: Option<Spanned<Vec<Spanned<String>>>>,
    pub(super) reverse: Option<Spanned<Vec<Spanned<String>>>>,
    pub(super) weights: Option<Spanned<BTreeMap<String, f64>>>,
    pub(super) checklist: Option<Spanned<String>>,
    pub(super) group: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIndex {
    pub(super) id: Spanned<String>,
    pub(super) title: RawTexts,
    pub(super) formula: Spanned<String>,
    pub(super) decimals: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFlag {
    pub(super) id: Spanned<String>,
    pub(super) when: Spanned<String>,
    pub(super) message: RawTexts,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBand {
    pub(super) of: Spanned<String>,
    pub(super) from: f64,
    pub(super) to: Spanned<f64>,
    pub(super) text: RawTexts,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawInstrument {
    pub(super) format: Spanned<i64>,
    pub(super) id: Spanned<String>,
    pub(super) version: Spanned<String>,
    pub(super) respondent: Spanned<String>,
    pub(super) ages: Spanned<Vec<i64>>,
    pub(super) languages: Spanned<Vec<Spanned<String>>>,
    pub(super) minutes: Spanned<i64>,
    pub(super) method: Option<Spanned<String>>,
    pub(super) title: RawTexts,
    pub(super) about: Option<RawTexts>,
    pub(super) licence: Spanned<RawLicence>,
    pub(super) items: Spanned<Vec<Spanned<RawItem>>>,
    #[serde(default)]
    pub(super) scales: Vec<Spanned<RawScale>>,
    #[serde(default)]
    pub(super) indices: Vec<Spanned<RawIndex>>,
    #[serde(default)]
    pub(super) flags: Vec<Spanned<RawFlag>>,
    #[serde(default)]
    pub(super) bands: Vec<Spanned<RawBand>>,
}
