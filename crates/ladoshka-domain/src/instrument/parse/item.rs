//! Checking one item of a definition: its kind, its options, anchors, people and signs.

use super::*;

/// Fields that belong to only some kinds of item.
const KIND_FIELDS: [(&str, &[&str]); 10] = [
    ("choice", &["show", "options"]),
    ("faces", &[]),
    ("likert", &["min", "max", "anchors"]),
    ("yes-no", &["yes", "no"]),
    ("colour-ranking", &["repeat", "pause_seconds"]),
    ("colour-per-person", &["people"]),
    ("ladder", &["steps"]),
    ("drawing", &[]),
    ("checklist", &["signs"]),
    ("text", &[]),
];

pub(super) fn item(
    p: &Place,
    raw: Spanned<RawItem>,
    n: usize,
    respondent: Respondent,
    langs: &[Language],
) -> Result<Item, DataFileError> {
    let item_span = raw.span();
    let r = raw.into_inner();
    let f = |name: &str| format!("items[{n}].{name}");
    let id = p.id(&r.id, &f("id"), false)?;
    let kind_key = r.kind.get_ref().as_str();
    let Some((_, own)) = KIND_FIELDS.iter().find(|(k, _)| *k == kind_key) else {
        let kinds: Vec<&str> = KIND_FIELDS.iter().map(|(k, _)| *k).collect();
        return p.fail(
            r.kind.span(),
            f("kind"),
            format!(
                "«{kind_key}» is not a kind of item: use one of {}",
                kinds.join(", ")
            ),
        );
    };
    let present: [(&str, Option<Range<usize>>); 13] = [
        ("show", r.show.as_ref().map(|v| v.span())),
        ("options", r.options.as_ref().map(|v| v.span())),
        ("min", r.min.as_ref().map(|v| v.span())),
        ("max", r.max.as_ref().map(|v| v.span())),
        ("anchors", r.anchors.as_ref().map(|v| v.span())),
        ("yes", r.yes.as_ref().map(|v| v.span())),
        ("no", r.no.as_ref().map(|v| v.span())),
        ("repeat", r.repeat.as_ref().map(|v| v.span())),
        ("pause_seconds", r.pause_seconds.as_ref().map(|v| v.span())),
        ("people", r.people.as_ref().map(|v| v.span())),
        ("steps", r.steps.as_ref().map(|v| v.span())),
        ("signs", r.signs.as_ref().map(|v| v.span())),
        ("", None),
    ];
    for (name, span) in present {
        if let Some(span) = span {
            if !own.contains(&name) {
                return p.fail(
                    span,
                    f(name),
                    format!("does not belong to a {kind_key} item"),
                );
            }
        }
    }
    let prompt = p.texts(r.prompt, &f("prompt"), langs)?;
    let psychologist_only = matches!(kind_key, "checklist" | "text");
    let answered_by = match &r.answered_by {
        None if psychologist_only => Respondent::Psychologist,
        None => respondent,
        Some(a) => {
            let who = Respondent::from_key(a.get_ref()).map_or_else(
                || {
                    p.fail(
                        a.span(),
                        f("answered_by"),
                        format!(
                            "«{}» is not a respondent: use child, parent or psychologist",
                            a.get_ref()
                        ),
                    )
                },
                Ok,
            )?;
            if psychologist_only && who != Respondent::Psychologist {
                return p.fail(a.span(), f("answered_by"), format!("a {kind_key} item is filled in by the psychologist only: a child never sees it"));
            }
            who
        }
    };
    let missing = |name: &str| {
        p.fail::<ItemKind>(
            item_span.clone(),
            f(name),
            format!("a {kind_key} item needs «{name}»"),
        )
    };
    let kind = match kind_key {
        "choice" => {
            let show = match r.show.as_ref().map(|s| s.get_ref().as_str()) {
                None | Some("text") => ChoiceShow::Text,
                Some("pictures") => ChoiceShow::Pictures,
                Some("faces") => ChoiceShow::Faces,
                Some(other) => {
                    return p.fail(
                        r.show.as_ref().unwrap().span(),
                        f("show"),
                        format!(
                            "«{other}» is not a way to show choices: use text, pictures or faces"
                        ),
                    )
                }
            };
            let Some(raw_options) = r.options else {
                return missing("options").map(|_| unreachable!());
            };
            let (span, raw_options) = (raw_options.span(), raw_options.into_inner());
            if raw_options.len() < 2 {
                return p.fail(span, f("options"), "a choice needs at least two options");
            }
            let mut options: Vec<ChoiceOption> = Vec::new();
            for (k, ro) in raw_options.into_iter().enumerate() {
                let ro = ro.into_inner();
                let of = |name: &str| format!("items[{n}].options[{}].{name}", k + 1);
                let oid = p.id(&ro.id, &of("id"), false)?;
                if options.iter().any(|o| o.id == oid) {
                    return p.fail(
                        ro.id.span(),
                        of("id"),
                        format!("«{oid}» is used by two options"),
                    );
                }
                if show == ChoiceShow::Pictures && ro.picture.is_none() {
                    return p.fail(
                        ro.id.span(),
                        of("picture"),
                        "shown as pictures, so each option needs a picture",
                    );
                }
                if let Some(pic) = &ro.picture {
                    if crate::Avatar::from_key(pic.get_ref()).is_err() {
                        return p.fail(
                            pic.span(),
                            of("picture"),
                            format!("«{}» is not one of the kiosk's pictures", pic.get_ref()),
                        );
                    }
                }
                let text = p.texts(ro.text, &of("text"), langs)?;
                if !ro.score.is_finite() {
                    return p.fail(ro.id.span(), of("score"), "is not a number");
                }
                options.push(ChoiceOption {
                    id: oid,
                    text,
                    score: ro.score,
                    picture: ro.picture.map(|x| x.into_inner()),
                });
            }
            ItemKind::Choice { show, options }
        }
        "faces" => ItemKind::Faces,
        "likert" => {
            let (Some(min), Some(max)) = (&r.min, &r.max) else {
                return missing(if r.min.is_none() { "min" } else { "max" })
                    .map(|_| unreachable!());
            };
            if min.get_ref() >= max.get_ref() {
                return p.fail(
                    max.span(),
                    f("max"),
                    format!("{} is not above min ({})", max.get_ref(), min.get_ref()),
                );
            }
            if max.get_ref() - min.get_ref() > 20 {
                return p.fail(
                    max.span(),
                    f("max"),
                    "a scale of more than 21 points cannot be tapped: keep max − min ≤ 20",
                );
            }
            let mut anchors = Vec::new();
            for (k, ra) in r
                .anchors
                .map(|a| a.into_inner())
                .unwrap_or_default()
                .into_iter()
                .enumerate()
            {
                let ra = ra.into_inner();
                let af = |name: &str| format!("items[{n}].anchors[{}].{name}", k + 1);
                if !(min.get_ref()..=max.get_ref()).contains(&ra.value.get_ref()) {
                    return p.fail(
                        ra.value.span(),
                        af("value"),
                        format!(
                            "{} is outside {}–{}",
                            ra.value.get_ref(),
                            min.get_ref(),
                            max.get_ref()
                        ),
                    );
                }
                anchors.push(Anchor {
                    value: *ra.value.get_ref(),
                    text: p.texts(ra.text, &af("text"), langs)?,
                });
            }
            ItemKind::Likert {
                min: *min.get_ref(),
                max: *max.get_ref(),
                anchors,
            }
        }
        "yes-no" => {
            let yes = r.yes.map_or(1.0, |v| v.into_inner());
            let no = r.no.map_or(0.0, |v| v.into_inner());
            ItemKind::YesNo { yes, no }
        }
        "colour-ranking" => {
            let repeat = match &r.repeat {
                None => 1,
                Some(v) if matches!(v.get_ref(), 1 | 2) => *v.get_ref() as u8,
                Some(v) => return p.fail(v.span(), f("repeat"), "must be 1 or 2"),
            };
            let pause_seconds = match &r.pause_seconds {
                None => 60,
                Some(v) if (0..=600).contains(v.get_ref()) => *v.get_ref() as u32,
                Some(v) => return p.fail(v.span(), f("pause_seconds"), "use 0–600 seconds"),
            };
            ItemKind::ColourRanking {
                repeat,
                pause_seconds,
            }
        }
        "colour-per-person" => {
            let Some(raw_people) = r.people else {
                return missing("people").map(|_| unreachable!());
            };
            let (span, raw_people) = (raw_people.span(), raw_people.into_inner());
            if raw_people.is_empty() || raw_people.len() > 12 {
                return p.fail(span, f("people"), "list 1 to 12 people");
            }
            let mut people: Vec<Person> = Vec::new();
            for (k, rp) in raw_people.into_iter().enumerate() {
                let rp = rp.into_inner();
                let pf = |name: &str| format!("items[{n}].people[{}].{name}", k + 1);
                let pid = p.id(&rp.id, &pf("id"), false)?;
                if people.iter().any(|x| x.id == pid) {
                    return p.fail(rp.id.span(), pf("id"), format!("«{pid}» is listed twice"));
                }
                people.push(Person {
                    id: pid,
                    text: p.texts(rp.text, &pf("text"), langs)?,
                });
            }
            ItemKind::ColourPerPerson { people }
        }
        "ladder" => match &r.steps {
            None => return missing("steps").map(|_| unreachable!()),
            Some(s) if (3..=10).contains(s.get_ref()) => ItemKind::Ladder {
                steps: *s.get_ref() as u32,
            },
            Some(s) => {
                return p.fail(
                    s.span(),
                    f("steps"),
                    format!("{} steps: use 3–10", s.get_ref()),
                )
            }
        },
        "drawing" => ItemKind::Drawing,
        "checklist" => {
            let Some(raw_signs) = r.signs else {
                return missing("signs").map(|_| unreachable!());
            };
            let (span, raw_signs) = (raw_signs.span(), raw_signs.into_inner());
            if raw_signs.is_empty() {
                return p.fail(span, f("signs"), "a checklist needs at least one sign");
            }
            let mut signs: Vec<Sign> = Vec::new();
            for (k, rs) in raw_signs.into_iter().enumerate() {
                let rs = rs.into_inner();
                let sf = |name: &str| format!("items[{n}].signs[{}].{name}", k + 1);
                let sid = p.id(&rs.id, &sf("id"), false)?;
                if signs.iter().any(|x| x.id == sid) {
                    return p.fail(
                        rs.id.span(),
                        sf("id"),
                        format!("«{sid}» is used by two signs"),
                    );
                }
                let weight = match &rs.weight {
                    None => 1.0,
                    Some(w) if w.get_ref().is_finite() && *w.get_ref() >= 0.0 => *w.get_ref(),
                    Some(w) => return p.fail(w.span(), sf("weight"), "use a number of 0 or more"),
                };
                let group = match &rs.group {
                    None => None,
                    Some(g) => Some(p.id(g, &sf("group"), false)?),
                };
                signs.push(Sign {
                    id: sid,
                    text: p.texts(rs.text, &sf("text"), langs)?,
                    weight,
                    group,
                });
            }
            ItemKind::Checklist { signs }
        }
        "text" => ItemKind::Text,
        _ => unreachable!("kinds are listed in KIND_FIELDS"),
    };
    Ok(Item {
        id,
        prompt,
        answered_by,
        optional: r.optional,
        kind,
    })
}
