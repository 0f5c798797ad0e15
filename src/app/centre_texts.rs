//! Puts a centre's own words for the reconciliation room (`texts.toml`, see
//! `domain::restorative::texts`) into the screens, in the language shown: the `.slint` side
//! takes a non-empty text over its built-in translation (`CentreTexts` in
//! `ui/screens/reconciliation/words.slint`).

use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::{AppWindow, CentreTexts as CentreTextsGlobal};
use crate::domain::restorative::texts::{screening_key, stage_key};
use crate::domain::restorative::{CentreTexts, Outcome, ScreeningRule, Stage};
use crate::domain::Language;

/// The stages in the order of the `.slint` enum `CaseStage`.
const STAGES: [Stage; 7] = [
    Stage::Referral,
    Stage::Screening,
    Stage::Preliminary,
    Stage::JointMeeting,
    Stage::Agreement,
    Stage::FollowUp,
    Stage::Closed(Outcome::Withdrawn),
];

/// The rules in the order of the `.slint` enum `ScreeningRuleKey` (after `none`).
const RULES: [ScreeningRule; 4] = [
    ScreeningRule::OngoingViolenceOrSafetyRisk,
    ScreeningRule::SexualHarm,
    ScreeningRule::CoerciveControl,
    ScreeningRule::HarmedPartyUnwilling,
];

/// The centre's words for `keys` in `lang`, "" where it has none.
fn words(
    texts: &CentreTexts,
    lang: Language,
    keys: impl Iterator<Item = String>,
) -> ModelRc<SharedString> {
    let v: Vec<SharedString> = keys
        .map(|k| texts.get(lang, &k).unwrap_or_default().into())
        .collect();
    ModelRc::new(VecModel::from(v))
}

/// Shows `texts` in `lang` (called at start and on every change of language).
pub fn show(ui: &AppWindow, texts: &CentreTexts, lang: Language) {
    let g = ui.global::<CentreTextsGlobal>();
    g.set_stages(words(texts, lang, STAGES.iter().map(|s| stage_key(*s))));
    g.set_questions(words(
        texts,
        lang,
        RULES.iter().map(|r| screening_key(*r, true)),
    ));
    g.set_rules(words(
        texts,
        lang,
        RULES.iter().map(|r| screening_key(*r, false)),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_orders_match_the_domain_keys() {
        let stages: Vec<&str> = STAGES.iter().map(|s| s.key()).collect();
        assert_eq!(stages, Stage::KEYS);
        let rules: Vec<&str> = RULES.iter().map(|r| r.key()).collect();
        let all: Vec<&str> = ScreeningRule::ALL.iter().map(|r| r.key()).collect();
        assert_eq!(rules, all);
    }
}
