//! A few weeks of demo results, so the diagnostics screen has a history.

use super::*;

/// A few weeks of results for three children, so the diagnostics screen has a history: the
/// Lüscher test three and one weeks ago, and the mood scale in between.
pub(super) fn seed_diagnostics(
    store: &mut Store,
    children: &[ChildId],
    by: StaffId,
    today: NaiveDate,
) -> Result<(), StoreError> {
    use crate::domain::instrument::{score, Answer, Answers};
    let catalogue = crate::platform::instrument_files::Catalogue::built_in();
    let rankings: [[[u8; 8]; 2]; 3] = [
        [[6, 0, 5, 1, 3, 7, 2, 4], [0, 6, 7, 5, 1, 3, 2, 4]],
        [[3, 4, 2, 5, 1, 6, 0, 7], [3, 2, 4, 5, 1, 0, 6, 7]],
        [[4, 3, 5, 2, 1, 0, 6, 7], [3, 4, 5, 2, 1, 6, 0, 7]],
    ];
    for (n, child) in children.iter().enumerate() {
        for (weeks, instrument, answers) in [
            (3, "luscher-8", {
                let mut a = Answers::default();
                a.set(
                    "colours",
                    Answer::Rankings(vec![
                        rankings[n % 3][0].to_vec(),
                        rankings[n % 3][1].to_vec(),
                    ]),
                );
                a
            }),
            (2, "mood", {
                let mut a = Answers::default();
                a.set("mood", Answer::Face(2 + (n % 2) as u8));
                a
            }),
            (1, "luscher-8", {
                let mut a = Answers::default();
                a.set(
                    "colours",
                    Answer::Rankings(vec![
                        rankings[(n + 1) % 3][0].to_vec(),
                        rankings[(n + 1) % 3][1].to_vec(),
                    ]),
                );
                a
            }),
            (1, "mood", {
                let mut a = Answers::default();
                a.set("mood", Answer::Face(4));
                a
            }),
        ] {
            let Some(i) = catalogue.get(instrument) else {
                continue;
            };
            let Ok(outcome) = score(i, &answers) else {
                continue;
            };
            let day = today - Duration::weeks(weeks);
            let at = day
                .and_hms_opt(11, 0, 0)
                .and_then(|t| t.and_local_timezone(KAZAN).single())
                .map_or_else(crate::platform::clock::now, |t| t.with_timezone(&Utc));
            let json = outcome.to_json();
            store.write_at(at, |w| {
                let id = w.start_administration(*child, &i.id, &i.version, None, Some(by))?;
                w.finish_administration(id, &answers, &json)
            })?;
        }
    }
    Ok(())
}
