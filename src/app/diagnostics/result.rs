//! A finished administration: its scores, indices and flags as the psychologist reads them.

use super::*;

/// The first figure of a finished result alone (its title is on the result's own screen), with
/// a mark when a flag is raised.
pub(crate) fn summary(i: &Instrument, answers: &Answers) -> String {
    match instrument::score(i, answers) {
        Ok(o) => {
            let flag = if o.flags.is_empty() { "" } else { "(!) " };
            let first = o
                .indices
                .first()
                .map(|(id, v)| (id, *v))
                .or_else(|| o.scales.first().map(|(id, v)| (id, *v)));
            match first {
                Some((id, v)) => format!("{flag}{}", number(v, decimals_of(i, id))),
                None => flag.trim().to_owned(),
            }
        }
        Err(_) => String::new(),
    }
}

pub(super) fn title_of<'a>(i: &'a Instrument, id: &'a str, lang: Language) -> &'a str {
    i.scales
        .iter()
        .find(|s| s.id == id)
        .map(|s| texts_in(&s.title, lang))
        .or_else(|| {
            i.indices
                .iter()
                .find(|x| x.id == id)
                .map(|x| texts_in(&x.title, lang))
        })
        .unwrap_or(id)
}

pub(super) fn decimals_of(i: &Instrument, id: &str) -> u8 {
    i.indices
        .iter()
        .find(|x| x.id == id)
        .map_or(2, |x| x.decimals)
}

pub(super) fn number(v: f64, decimals: u8) -> String {
    // No «-0» for a sum of nothing.
    let v = if v == 0.0 { 0.0 } else { v };
    let s = format!("{v:.*}", usize::from(decimals));
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

pub(super) fn show_result(kiosk: &Rc<Kiosk>, adm: Administration) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let lang = kiosk.state_language();
    let a = ui.global::<DiagnosticsAdapter>();
    a.set_problem(SharedString::new());
    let Some(i) = kiosk.config.instruments.get(&adm.instrument).cloned() else {
        a.set_problem("write".into());
        return;
    };
    a.set_open_result(adm.id as i32);
    // Who opened which child's results is kept in the audit trail (152-ФЗ; the data-requests
    // screen lists it).
    let (child, by) = (adm.child, kiosk.signed_in().map(|s| s.staff));
    kiosk.ask(
        move |s| s.write(|w| w.audit(by, crate::domain::AuditEvent::ResultsOpened { child })),
        |_, _, r| {
            if let Err(e) = r {
                tracing::error!("cannot record that a child's results were opened: {e}");
            }
        },
    );
    a.set_result_title(
        format!(
            "{} · {}",
            i.title_in(lang),
            lang.short_date(crate::app::clock::local_date(adm.started_at))
        )
        .into(),
    );
    // The psychologist's coding starts from what was saved.
    let mut coding = Answers::default();
    for item in i.psychologist_items() {
        if let Some(v) = adm.answers.get(&item.id) {
            coding.set(&item.id, v.clone());
        }
    }
    {
        let mut st = kiosk.state_of::<DiagnosticsState>();
        st.coding = coding;
        st.open = Some(adm.clone());
    }
    show_scores(kiosk, &ui, &i, &adm);
    show_coding(kiosk);
    // The drawing, if the instrument has one.
    a.set_has_drawing(false);
    a.set_drawing(Image::default());
    if let Some(item) = i.items.iter().find(|x| matches!(x.kind, ItemKind::Drawing)) {
        let (id, item) = (adm.id, item.id.clone());
        super::ask_current::<DiagnosticsState, _>(
            kiosk,
            move |s| s.drawing(id, &item),
            move |k, ui, r| {
                let still = k
                    .view_of::<DiagnosticsState>()
                    .open
                    .as_ref()
                    .is_some_and(|o| o.id == id);
                if let (true, Ok(Some(d))) = (still, r) {
                    if let Ok(img) = image::load_from_memory(&d.png) {
                        let rgba = img.to_rgba8();
                        let buf = slint::SharedPixelBuffer::<slint::Rgba8Pixel>::clone_from_slice(
                            rgba.as_raw(),
                            rgba.width(),
                            rgba.height(),
                        );
                        let a = ui.global::<DiagnosticsAdapter>();
                        a.set_drawing(Image::from_rgba8(buf));
                        a.set_has_drawing(true);
                    }
                }
            },
        );
    }
}

pub(super) fn show_scores(kiosk: &Kiosk, ui: &AppWindow, i: &Instrument, adm: &Administration) {
    // The same instrument's earlier finished results, oldest first, scored with this definition.
    let earlier: Vec<Outcome> = kiosk
        .view_of::<DiagnosticsState>()
        .administrations
        .iter()
        .filter(|x| {
            x.instrument == i.id && x.finished_at.is_some() && x.started_at <= adm.started_at
        })
        .filter_map(|x| instrument::score(i, &x.answers).ok())
        .collect();
    fill_scores(ui, i, &adm.answers, &earlier, kiosk.state_language());
}

/// Shows the scores of `answers` (with `earlier` results of the same instrument as history),
/// the flags raised, the bands and, for Lüscher, the pairs.
pub(crate) fn fill_scores(
    ui: &AppWindow,
    i: &Instrument,
    answers: &Answers,
    earlier: &[Outcome],
    lang: Language,
) {
    let a = ui.global::<DiagnosticsAdapter>();
    let outcome = instrument::score(i, answers).ok();
    let mut lines = Vec::new();
    let mut push = |id: &str, title: &str, value: Option<f64>, decimals: u8| {
        let history: Vec<f32> = earlier
            .iter()
            .filter_map(|o| o.values.get(id).map(|v| *v as f32))
            .collect();
        let top = history.iter().cloned().fold(0.0f32, f32::max);
        lines.push(DxLine {
            label: title.into(),
            value: value
                .map_or_else(|| "—".to_owned(), |v| lang.decimal(&number(v, decimals)))
                .into(),
            history: ModelRc::new(VecModel::from(history)),
            top,
        });
    };
    for s in &i.scales {
        push(
            &s.id,
            texts_in(&s.title, lang),
            outcome.as_ref().and_then(|o| o.values.get(&s.id).copied()),
            2,
        );
    }
    for x in &i.indices {
        push(
            &x.id,
            texts_in(&x.title, lang),
            outcome
                .as_ref()
                .and_then(|o| o.indices.iter().find(|(k, _)| k == &x.id).map(|(_, v)| *v)),
            x.decimals,
        );
    }
    a.set_lines(ModelRc::new(VecModel::from(lines)));
    let flags: Vec<SharedString> = outcome
        .as_ref()
        .map(|o| {
            o.flags
                .iter()
                .filter_map(|f| i.flags.iter().find(|x| &x.id == f))
                .map(|f| texts_in(&f.message, lang).into())
                .collect()
        })
        .unwrap_or_default();
    a.set_flags(ModelRc::new(VecModel::from(flags)));
    let bands: Vec<SharedString> = outcome
        .as_ref()
        .map(|o| {
            o.bands
                .iter()
                .map(|&b| {
                    format!(
                        "{}: {}",
                        title_of(i, &i.bands[b].of, lang),
                        texts_in(&i.bands[b].text, lang)
                    )
                    .into()
                })
                .collect()
        })
        .unwrap_or_default();
    a.set_bands(ModelRc::new(VecModel::from(bands)));
    let pairs = outcome
        .as_ref()
        .and_then(|o| o.luscher.as_ref())
        .map(|l| {
            l.second
                .pairs
                .iter()
                .map(|p| {
                    format!(
                        "{} {}{}",
                        p.sign.symbol(),
                        p.colours[0].index(),
                        p.colours[1].index()
                    )
                })
                .collect::<Vec<_>>()
                .join("   ")
        })
        .unwrap_or_default();
    a.set_pairs(pairs.into());
}
