//! The psychologist's coding of a drawing or an observation, shown and saved.

use super::*;

/// The psychologist's part of `i` to fill in: each checklist's signs and each question.
pub(crate) fn coding_rows(i: &Instrument, coding: &Answers, lang: Language) -> Vec<DxCode> {
    let mut rows = Vec::new();
    for item in i.psychologist_items() {
        let heading = |label: &str| DxCode {
            item: item.id.as_str().into(),
            sign: SharedString::new(),
            label: label.into(),
            kind: "heading".into(),
            ticked: false,
            text: SharedString::new(),
        };
        match &item.kind {
            ItemKind::Checklist { signs } => {
                rows.push(heading(texts_in(&item.prompt, lang)));
                let ticked: &[String] = match coding.get(&item.id) {
                    Some(Answer::Checklist(t)) => t,
                    _ => &[],
                };
                for s in signs {
                    rows.push(DxCode {
                        item: item.id.as_str().into(),
                        sign: s.id.as_str().into(),
                        label: texts_in(&s.text, lang).into(),
                        kind: "sign".into(),
                        ticked: ticked.contains(&s.id),
                        text: SharedString::new(),
                    });
                }
            }
            ItemKind::Text => {
                let text = match coding.get(&item.id) {
                    Some(Answer::Text(t)) => t.clone(),
                    _ => String::new(),
                };
                rows.push(DxCode {
                    item: item.id.as_str().into(),
                    sign: SharedString::new(),
                    label: texts_in(&item.prompt, lang).into(),
                    kind: "text".into(),
                    ticked: false,
                    text: text.into(),
                });
            }
            _ => {}
        }
    }
    rows
}

pub(super) fn show_coding(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let lang = kiosk.state_language();
    let st = kiosk.view_of::<DiagnosticsState>();
    let d = &*st;
    let Some(adm) = &d.open else { return };
    let Some(i) = kiosk.config.instruments.get(&adm.instrument) else {
        return;
    };
    // A finished result is kept as it was: no more coding.
    let rows = if adm.finished_at.is_none() {
        coding_rows(i, &d.coding, lang)
    } else {
        Vec::new()
    };
    ui.global::<DiagnosticsAdapter>()
        .set_coding(ModelRc::new(VecModel::from(rows)));
}

pub(super) fn save_coding(kiosk: &Rc<Kiosk>) {
    let (adm, coding) = {
        let st = kiosk.view_of::<DiagnosticsState>();
        (st.open.clone(), st.coding.clone())
    };
    let Some(adm) = adm else { return };
    let Some(i) = kiosk.config.instruments.get(&adm.instrument).cloned() else {
        return;
    };
    let mut answers = adm.answers.clone();
    for item in i
        .items
        .iter()
        .filter(|x| x.answered_by == Respondent::Psychologist)
    {
        match (&item.kind, coding.get(&item.id)) {
            // A checklist with nothing ticked is an answer too: none of the signs was seen.
            (ItemKind::Checklist { .. }, v) => answers.set(
                &item.id,
                v.cloned().unwrap_or(Answer::Checklist(Vec::new())),
            ),
            (ItemKind::Text, Some(Answer::Text(t))) if !t.trim().is_empty() => {
                answers.set(&item.id, Answer::Text(t.trim().to_owned()))
            }
            _ => {}
        }
    }
    let outcome = instrument::score(&i, &answers);
    let id = adm.id;
    let position = adm.position;
    let json = outcome.as_ref().ok().map(Outcome::to_json);
    let missing = match &outcome {
        Err(instrument::ScoreError::Unanswered(left)) => left
            .iter()
            .map(|x| {
                i.item(x).map_or(x.as_str(), |it| {
                    texts_in(&it.prompt, kiosk.state_language())
                })
            })
            .collect::<Vec<_>>()
            .join("; "),
        _ => String::new(),
    };
    let answers2 = answers.clone();
    super::ask_current::<DiagnosticsState, _>(
        kiosk,
        move |s| match json {
            Some(j) => s.write(|w| w.finish_administration(id, &answers2, &j)),
            None => s.write(|w| w.save_answers(id, position, &answers2)),
        },
        move |k, ui, r| {
            let a = ui.global::<DiagnosticsAdapter>();
            match r {
                Ok(()) if missing.is_empty() => {
                    k.state_of::<DiagnosticsState>().open = None;
                    load(k, Some(id));
                }
                Ok(()) => {
                    a.set_problem("unfinished".into());
                    a.set_missing(missing.into());
                    if let Some(o) = k.state_of::<DiagnosticsState>().open.as_mut() {
                        o.answers = answers;
                    }
                }
                Err(e) => {
                    tracing::error!("the coding was not saved: {e}");
                    a.set_problem("write".into());
                }
            }
        },
    );
}
