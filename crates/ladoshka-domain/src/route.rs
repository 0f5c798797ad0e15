//! Help routes (маршруты помощи ЖС1–ЖС4): an ordered list of steps for a child in one of the
//! four life situations, each step with how long it takes and by when it must be done («10 мин
//! / 1 сутки»), who is responsible and which partner organisation takes part. A route assigned
//! to a child becomes dated steps; what is overdue comes first in the psychologist's day.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{DomainError, Language, LifeSituation, Role};

/// A text in the kiosk's three languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Texts {
    pub ru: String,
    pub tt: String,
    pub en: String,
}

impl Texts {
    pub fn get(&self, lang: Language) -> &str {
        match lang {
            Language::Ru => &self.ru,
            Language::Tt => &self.tt,
            Language::En => &self.en,
        }
    }
}

/// The organisations a step may involve (seed 001's list of partners).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Partner {
    /// Ministry of labour, employment and social protection.
    SocialProtection,
    /// Commission for minors' affairs (КДН и ЗП).
    MinorsCommission,
    /// The republican resource centre.
    ResourceCentre,
    Education,
    Police,
    Health,
    /// NGOs and volunteers.
    Ngo,
}

super::session::keyed!(Partner, "partner organisation",
    SocialProtection => "social_protection", MinorsCommission => "minors_commission",
    ResourceCentre => "resource_centre", Education => "education", Police => "police",
    Health => "health", Ngo => "ngo");

/// A length of time written the way the route documents write it: «10 мин», «2 ч», «1 сутки»,
/// «3 дня», «2 недели» (or «10 min», «2 h», «1 day», «2 weeks»).
pub fn parse_span(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let n: i64 = number.parse().map_err(|_| {
        format!("«{text}» does not start with a number: write e.g. «10 мин» or «1 сутки»")
    })?;
    if n == 0 {
        return Err(format!("«{text}» is zero: a step takes some time"));
    }
    let unit = unit.trim().trim_end_matches('.').to_lowercase();
    let minutes = match unit.as_str() {
        "мин" | "минут" | "минуты" | "минута" | "min" | "mins" | "minute" | "minutes" => {
            1
        }
        "ч" | "час" | "часа" | "часов" | "h" | "hour" | "hours" => 60,
        "сут" | "сутки" | "суток" | "день" | "дня" | "дней" | "d" | "day" | "days" => {
            24 * 60
        }
        "нед" | "неделя" | "недели" | "недель" | "w" | "week" | "weeks" => {
            7 * 24 * 60
        }
        "мес" | "месяц" | "месяца" | "месяцев" | "month" | "months" => {
            30 * 24 * 60
        }
        _ => {
            return Err(format!(
                "«{text}» has no unit this kiosk knows: use мин, ч, сутки, дней, недель or мес"
            ))
        }
    };
    n.checked_mul(minutes)
        .filter(|m| *m <= 366 * 24 * 60)
        .map(Duration::minutes)
        .ok_or_else(|| format!("«{text}» is longer than a year: split the step"))
}

/// One step of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepTemplate {
    pub title: Texts,
    /// How long the step itself takes.
    pub duration: Duration,
    /// By when it must be done, counted from the day the route is assigned.
    pub deadline: Duration,
    pub role: Role,
    pub partner: Option<Partner>,
    /// A key step found through problem interviews with families (CustDev).
    pub key_step: bool,
}

/// A route template as loaded from `assets/routes/*.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteTemplate {
    /// The file's name without `.toml`: how an assigned route names its template.
    pub key: String,
    pub version: u32,
    pub situation: LifeSituation,
    pub title: Texts,
    pub steps: Vec<StepTemplate>,
}

/// A step of a route assigned to a child, with its due time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedStep {
    pub position: u32,
    pub title: Texts,
    pub minutes: u32,
    pub role: Role,
    pub partner: Option<Partner>,
    pub key_step: bool,
    pub due_at: DateTime<Utc>,
}

impl RouteTemplate {
    /// The steps of this route for a child it is assigned to at `at`.
    pub fn plan(&self, at: DateTime<Utc>) -> Vec<PlannedStep> {
        self.steps
            .iter()
            .enumerate()
            .map(|(i, s)| PlannedStep {
                position: i as u32 + 1,
                title: s.title.clone(),
                minutes: s.duration.num_minutes() as u32,
                role: s.role,
                partner: s.partner,
                key_step: s.key_step,
                due_at: at + s.deadline,
            })
            .collect()
    }
}

/// A step as the psychologist's day lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueStep {
    pub id: i64,
    pub due_at: DateTime<Utc>,
    pub key_step: bool,
}

/// Orders open steps for the day: overdue first (the longest overdue on top), then by due
/// time; a key step goes before an ordinary one due at the same time.
pub fn day_order(steps: &mut [DueStep], now: DateTime<Utc>) {
    steps.sort_by_key(|s| (s.due_at >= now, s.due_at, !s.key_step, s.id));
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn spans_read_like_the_route_documents() {
        assert_eq!(parse_span("10 мин").unwrap(), Duration::minutes(10));
        assert_eq!(parse_span("1 сутки").unwrap(), Duration::days(1));
        assert_eq!(parse_span("3 дня").unwrap(), Duration::days(3));
        assert_eq!(parse_span("2 ч").unwrap(), Duration::hours(2));
        assert_eq!(parse_span("2 недели").unwrap(), Duration::weeks(2));
        assert_eq!(parse_span("1 мес.").unwrap(), Duration::days(30));
        assert_eq!(parse_span("45min").unwrap(), Duration::minutes(45));
        assert_eq!(parse_span(" 7 days ").unwrap(), Duration::days(7));
        assert!(parse_span("сутки").unwrap_err().contains("number"));
        assert!(parse_span("0 мин").unwrap_err().contains("zero"));
        assert!(parse_span("5 лет").unwrap_err().contains("unit"));
        assert!(parse_span("400 дней").unwrap_err().contains("year"));
        assert!(parse_span("99999999999999 недель").is_err());
    }

    fn texts(s: &str) -> Texts {
        Texts {
            ru: s.into(),
            tt: s.into(),
            en: s.into(),
        }
    }

    #[test]
    fn a_plan_dates_each_step_from_the_assignment() {
        let step = |deadline, key_step| StepTemplate {
            title: texts("x"),
            duration: Duration::minutes(30),
            deadline,
            role: Role::Psychologist,
            partner: None,
            key_step,
        };
        let t = RouteTemplate {
            key: "zhs1".into(),
            version: 1,
            situation: LifeSituation::LossOfParents,
            title: texts("ЖС1"),
            steps: vec![
                step(Duration::days(1), true),
                step(Duration::days(7), false),
            ],
        };
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 7, 0, 0).unwrap();
        let plan = t.plan(at);
        assert_eq!(
            plan.iter().map(|p| p.position).collect::<Vec<_>>(),
            vec![1, 2]
        );
        assert_eq!(plan[0].due_at, at + Duration::days(1));
        assert_eq!(plan[1].due_at, at + Duration::days(7));
        assert_eq!(plan[0].minutes, 30);
        assert!(plan[0].key_step && !plan[1].key_step);
    }

    #[test]
    fn overdue_steps_come_first() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap();
        let s = |id, hours: i64, key_step| DueStep {
            id,
            due_at: now + Duration::hours(hours),
            key_step,
        };
        let mut steps = vec![
            s(1, 5, false),
            s(2, -1, false),
            s(3, -30, false),
            s(4, 5, true),
            s(5, 1, false),
        ];
        day_order(&mut steps, now);
        assert_eq!(
            steps.iter().map(|s| s.id).collect::<Vec<_>>(),
            vec![3, 2, 5, 4, 1]
        );
    }

    #[test]
    fn partner_keys_round_trip() {
        for p in Partner::ALL {
            assert_eq!(Partner::from_key(p.key()).unwrap(), *p);
        }
        assert!(Partner::from_key("army").is_err());
    }
}
