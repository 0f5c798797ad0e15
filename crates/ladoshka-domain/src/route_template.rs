//! Reading a help-route template from its TOML text. A centre edits these files, so a mistake
//! is refused whole — never half-loaded — with the file, the line and the field that are
//! wrong, in words a person editing the file can act on.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::data_file::{DataFileError, Place, RawTexts};

use super::route::{parse_span, Partner, RouteTemplate, StepTemplate};
use super::{LifeSituation, Role};

/// The template format this kiosk reads (the `format` key).
pub const FORMAT: u32 = 1;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    title: Spanned<RawTexts>,
    duration: Spanned<String>,
    deadline: Spanned<String>,
    role: Spanned<String>,
    partner: Option<Spanned<String>>,
    #[serde(default)]
    key_step: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    format: Spanned<u32>,
    version: u32,
    situation: Spanned<i64>,
    title: Spanned<RawTexts>,
    steps: Spanned<Vec<RawStep>>,
}

/// Reads template `text` from file `file` (its stem becomes the template's key).
pub fn parse(file: &str, text: &str) -> Result<RouteTemplate, DataFileError> {
    let place = Place::new(file, text);
    let fail = |span: Range<usize>, field: &str, message: String| place.error(span, field, message);

    let raw: RawTemplate = place.read()?;

    place.format(&raw.format, FORMAT)?;
    let situation = LifeSituation::from_number(*raw.situation.get_ref()).map_err(|_| {
        fail(
            raw.situation.span(),
            "situation",
            format!(
                "{} is not a life situation: use 1, 2, 3 or 4 (ТЖС 1–4)",
                raw.situation.get_ref()
            ),
        )
    })?;
    let texts = |t: Spanned<RawTexts>, field: &str| place.texts(t, field);
    let title = texts(raw.title, "title")?;
    let steps_span = raw.steps.span();
    let raw_steps = raw.steps.into_inner();
    if raw_steps.is_empty() {
        return Err(fail(
            steps_span,
            "steps",
            "a route needs at least one step".into(),
        ));
    }
    let mut steps = Vec::with_capacity(raw_steps.len());
    for (i, s) in raw_steps.into_iter().enumerate() {
        let n = i + 1;
        let field = |name: &str| format!("steps[{n}].{name}");
        let span_of = |v: &Spanned<String>| v.span();
        let duration = parse_span(s.duration.get_ref())
            .map_err(|m| fail(span_of(&s.duration), &field("duration"), m))?;
        let deadline = parse_span(s.deadline.get_ref())
            .map_err(|m| fail(span_of(&s.deadline), &field("deadline"), m))?;
        if deadline < duration {
            return Err(fail(
                span_of(&s.deadline),
                &field("deadline"),
                format!(
                    "«{}» is shorter than the step itself («{}»)",
                    s.deadline.get_ref(),
                    s.duration.get_ref()
                ),
            ));
        }
        let role = Role::from_key(s.role.get_ref()).map_err(|_| {
            fail(
                span_of(&s.role),
                &field("role"),
                format!(
                    "«{}» is not a role: use psychologist, staff or admin",
                    s.role.get_ref()
                ),
            )
        })?;
        let partner = match &s.partner {
            None => None,
            Some(p) => Some(Partner::from_key(p.get_ref()).map_err(|_| {
                let known: Vec<&str> = Partner::ALL.iter().map(|p| p.key()).collect();
                fail(
                    span_of(p),
                    &field("partner"),
                    format!(
                        "«{}» is not a partner: use one of {}",
                        p.get_ref(),
                        known.join(", ")
                    ),
                )
            })?),
        };
        let title = texts(s.title, &field("title"))?;
        steps.push(StepTemplate {
            title,
            duration,
            deadline,
            role,
            partner,
            key_step: s.key_step,
        });
    }
    let key = std::path::Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(file)
        .to_owned();
    Ok(RouteTemplate {
        key,
        version: raw.version,
        situation,
        title,
        steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    const GOOD: &str = r#"
format = 1
version = 2
situation = 1
title = { ru = "Утрата родителей", tt = "Ата-ананы югалту", en = "Loss of parents" }

[[steps]]
title = { ru = "Первая встреча", tt = "Беренче очрашу", en = "First meeting" }
duration = "60 мин"
deadline = "1 сутки"
role = "psychologist"
key_step = true

[[steps]]
title = { ru = "Сведения в школу", tt = "Мәктәпкә мәгълүмат", en = "Notify the school" }
duration = "30 мин"
deadline = "3 дня"
role = "staff"
partner = "education"
"#;

    #[test]
    fn a_good_template_loads() {
        let t = parse("assets/routes/zhs1.toml", GOOD).unwrap();
        assert_eq!(t.key, "zhs1");
        assert_eq!(t.version, 2);
        assert_eq!(t.situation, LifeSituation::LossOfParents);
        assert_eq!(t.title.en, "Loss of parents");
        assert_eq!(t.steps.len(), 2);
        assert_eq!(t.steps[0].deadline, Duration::days(1));
        assert!(t.steps[0].key_step && !t.steps[1].key_step);
        assert_eq!(t.steps[1].partner, Some(Partner::Education));
        assert_eq!(t.steps[1].role, Role::Staff);
    }

    fn error(text: &str) -> DataFileError {
        parse("zhs1.toml", text).unwrap_err()
    }

    #[test]
    fn each_mistake_names_file_line_and_field() {
        let e = error(&GOOD.replace("deadline = \"3 дня\"", "deadline = \"3 лет\""));
        assert_eq!(
            (e.file.as_str(), e.line, e.field.as_str()),
            ("zhs1.toml", 17, "steps[2].deadline")
        );
        assert!(e.message.contains("unit"), "{e}");
        assert!(e
            .to_string()
            .starts_with("zhs1.toml:17: steps[2].deadline: "));

        let e = error(&GOOD.replace("role = \"staff\"", "role = \"driver\""));
        assert_eq!((e.line, e.field.as_str()), (18, "steps[2].role"));

        let e = error(&GOOD.replace("partner = \"education\"", "partner = \"army\""));
        assert_eq!((e.line, e.field.as_str()), (19, "steps[2].partner"));
        assert!(
            e.message.contains("police"),
            "the known partners are listed: {e}"
        );

        let e = error(&GOOD.replace("situation = 1", "situation = 5"));
        assert_eq!((e.line, e.field.as_str()), (4, "situation"));

        let e = error(&GOOD.replace("format = 1", "format = 2"));
        assert_eq!((e.line, e.field.as_str()), (2, "format"));

        let e = error(&GOOD.replace("deadline = \"1 сутки\"", "deadline = \"30 мин\""));
        assert_eq!((e.line, e.field.as_str()), (10, "steps[1].deadline"));
        assert!(e.message.contains("shorter"), "{e}");

        let e = error(&GOOD.replace("en = \"Notify the school\"", "en = \" \""));
        assert_eq!((e.line, e.field.as_str()), (15, "steps[2].title.en"));
    }

    #[test]
    fn toml_mistakes_name_the_line_too() {
        // A typo in a key: unknown fields are refused, not ignored.
        let e = error(&GOOD.replace("key_step = true", "keystep = true"));
        assert_eq!(e.line, 12, "{e}");
        assert!(e.message.contains("keystep"), "{e}");
        // A missing field.
        let e = error(&GOOD.replace("duration = \"30 мин\"\n", ""));
        assert!(e.message.contains("duration"), "{e}");
        // Broken syntax.
        let e = error(&GOOD.replace("version = 2", "version = "));
        assert_eq!((e.line, e.field.as_str()), (3, "version"), "{e}");
        // No steps.
        let only_head: String =
            GOOD.lines().take(5).collect::<Vec<_>>().join("\n") + "\nsteps = []\n";
        let e = error(&only_head);
        assert_eq!(e.field, "steps");
    }
}
