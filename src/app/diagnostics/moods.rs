//! The moods a child gave at check-in that are not on the five-point trend (angry, scared,
//! «I don't want to say»): counted beside the chart with the day each was last given, so what
//! a child said is never lost in the average.

use chrono::{DateTime, Utc};

use crate::app::DxOffScale;
use crate::domain::Mood;

/// One row per off-scale mood given, in the order angry, scared, unsaid.
pub fn off_scale_rows(moods: &[(DateTime<Utc>, Mood)]) -> Vec<DxOffScale> {
    [Mood::Angry, Mood::Scared, Mood::Unsaid]
        .into_iter()
        .filter_map(|mood| {
            let given: Vec<_> = moods.iter().filter(|m| m.1 == mood).collect();
            let last = given.iter().map(|m| m.0).max()?;
            Some(DxOffScale {
                face: i32::from(mood.code()),
                count: given.len() as i32,
                last: crate::app::clock::local_date(last)
                    .format("%d.%m")
                    .to_string()
                    .into(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn each_off_scale_mood_counted_with_its_last_day() {
        let at =
            |d| crate::app::clock::at_local(NaiveDate::from_ymd_opt(2026, 12, d).unwrap(), 10, 0);
        let rows = off_scale_rows(&[
            (at(1), Mood::Scared),
            (at(3), Mood::Unsaid),
            (at(4), Mood::Scared),
        ]);
        let seen: Vec<_> = rows
            .iter()
            .map(|r| (r.face, r.count, r.last.to_string()))
            .collect();
        assert_eq!(
            seen,
            [
                (i32::from(Mood::Scared.code()), 2, "04.12".to_owned()),
                (i32::from(Mood::Unsaid.code()), 1, "03.12".to_owned()),
            ]
        );
        assert!(off_scale_rows(&[]).is_empty());
    }
}
