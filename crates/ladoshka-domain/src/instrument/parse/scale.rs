//! Checking the scales, indices, flags and bands of a definition.

use super::*;

pub(super) fn scale(
    p: &Place,
    raw: Spanned<RawScale>,
    n: usize,
    items: &[Item],
    langs: &[Language],
) -> Result<Scale, DataFileError> {
    let span = raw.span();
    let r = raw.into_inner();
    let f = |name: &str| format!("scales[{n}].{name}");
    let id = p.id(&r.id, &f("id"), false)?;
    let title = p.texts(r.title, &f("title"), langs)?;
    let sum = match (r.items, r.checklist) {
        (Some(_), Some(c)) => {
            return p.fail(
                c.span(),
                f("checklist"),
                "a scale sums either items or one checklist's group, not both",
            )
        }
        (None, None) => {
            return p.fail(
                span,
                f("items"),
                "say what the scale adds up: items = [...], or checklist and group",
            )
        }
        (None, Some(c)) => {
            if r.reverse.is_some() || r.weights.is_some() {
                return p.fail(span, f("checklist"), "reverse and weights belong to a scale over items; a checklist's signs carry their own weights");
            }
            let Some(ItemKind::Checklist { signs }) =
                items.iter().find(|i| &i.id == c.get_ref()).map(|i| &i.kind)
            else {
                return p.fail(
                    c.span(),
                    f("checklist"),
                    format!(
                        "«{}» is not a checklist item of this instrument",
                        c.get_ref()
                    ),
                );
            };
            let Some(g) = r.group else {
                return p.fail(span, f("group"), "name the group of signs to add up");
            };
            if !signs
                .iter()
                .any(|s| s.group.as_deref() == Some(g.get_ref().as_str()))
            {
                return p.fail(
                    g.span(),
                    f("group"),
                    format!("no sign of «{}» is in group «{}»", c.get_ref(), g.get_ref()),
                );
            }
            ScaleSum::Checklist {
                item: c.into_inner(),
                group: g.into_inner(),
            }
        }
        (Some(list), None) => {
            if let Some(g) = &r.group {
                return p.fail(
                    g.span(),
                    f("group"),
                    "group belongs to a scale over a checklist",
                );
            }
            let (lspan, list) = (list.span(), list.into_inner());
            if list.is_empty() {
                return p.fail(lspan, f("items"), "list at least one item");
            }
            let mut ids: Vec<String> = Vec::new();
            for it in &list {
                let Some(item) = items.iter().find(|i| &i.id == it.get_ref()) else {
                    return p.fail(
                        it.span(),
                        f("items"),
                        format!("«{}» is not an item of this instrument", it.get_ref()),
                    );
                };
                if !item.kind.gives_number() {
                    return p.fail(
                        it.span(),
                        f("items"),
                        format!(
                            "«{}» is a {} item and gives no number to add",
                            it.get_ref(),
                            item.kind.key()
                        ),
                    );
                }
                if ids.contains(it.get_ref()) {
                    return p.fail(
                        it.span(),
                        f("items"),
                        format!("«{}» is listed twice", it.get_ref()),
                    );
                }
                ids.push(it.get_ref().clone());
            }
            let mut reverse = Vec::new();
            for rv in r.reverse.map(|v| v.into_inner()).unwrap_or_default() {
                if !ids.contains(rv.get_ref()) {
                    return p.fail(
                        rv.span(),
                        f("reverse"),
                        format!("«{}» is not in this scale's items", rv.get_ref()),
                    );
                }
                if items
                    .iter()
                    .find(|i| &i.id == rv.get_ref())
                    .and_then(|i| i.kind.range())
                    .is_none()
                {
                    return p.fail(
                        rv.span(),
                        f("reverse"),
                        format!("«{}» has no fixed range to reverse", rv.get_ref()),
                    );
                }
                reverse.push(rv.into_inner());
            }
            let mut weights = Vec::new();
            if let Some(w) = r.weights {
                let wspan = w.span();
                for (k, v) in w.into_inner() {
                    if !ids.contains(&k) {
                        return p.fail(
                            wspan,
                            format!("scales[{n}].weights.{k}"),
                            format!("«{k}» is not in this scale's items"),
                        );
                    }
                    if !v.is_finite() {
                        return p.fail(
                            wspan,
                            format!("scales[{n}].weights.{k}"),
                            "is not a number",
                        );
                    }
                    weights.push((k, v));
                }
            }
            ScaleSum::Items {
                items: ids,
                reverse,
                weights,
            }
        }
    };
    Ok(Scale { id, title, sum })
}
