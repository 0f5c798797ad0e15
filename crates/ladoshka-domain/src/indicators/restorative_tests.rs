//! Every count of the restorative block against a hand-counted fixture, and the period's edges
//! in the zones of Russia.

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;

use super::*;
use crate::indicators::{compute, Facts};
use crate::restorative::{CaseId, PartyId};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

/// The UTC instant of local midnight starting `day` in `zone` (as the reports make bounds).
fn midnight(day: NaiveDate, zone: Tz) -> DateTime<Utc> {
    zone.from_local_datetime(&day.and_hms_opt(0, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

/// November 2026 in Moscow: [1 November, 1 December).
fn november() -> (DateTime<Utc>, DateTime<Utc>) {
    let z = chrono_tz::Europe::Moscow;
    (midnight(d(11, 1), z), midnight(d(12, 1), z))
}

fn case(id: i64, referred_on: NaiveDate) -> CaseFacts {
    CaseFacts {
        case: CaseId(id),
        kind: ProgrammeKind::Mediation,
        source: ReferralSource::Kdn,
        referred_on,
        stage: Stage::Preliminary,
        closed_on: None,
        minors: 2,
        adults: 1,
        declined_role: None,
        agreement_made_on: None,
        agreement_reached: false,
        agreement_kept: None,
        screening_rules: vec![],
    }
}

fn closed(mut c: CaseFacts, outcome: Outcome, on: NaiveDate) -> CaseFacts {
    c.stage = Stage::Closed(outcome);
    c.closed_on = Some(on);
    c
}

/// Hand-counted for November.
fn fixture() -> Vec<CaseFacts> {
    let mut c2 = case(2, d(11, 30));
    c2.source = ReferralSource::School;
    c2.kind = ProgrammeKind::FamilyConference;
    c2.minors = 1;
    c2.adults = 3;
    let mut c3 = closed(case(3, d(9, 10)), Outcome::AgreementKept, d(11, 20));
    c3.agreement_made_on = Some(d(10, 5));
    c3.agreement_reached = true;
    c3.agreement_kept = Some(true);
    let mut c4 = closed(case(4, d(10, 1)), Outcome::AgreementNotKept, d(11, 1));
    c4.agreement_made_on = Some(d(11, 1));
    c4.agreement_reached = true;
    c4.agreement_kept = Some(false);
    let mut c5 = closed(
        case(5, d(11, 3)),
        Outcome::EndedAtPreliminary {
            declined_by: PartyId(2),
        },
        d(11, 10),
    );
    c5.declined_role = Some(PartyRole::CausedHarm);
    c5.source = ReferralSource::Pdn;
    let mut c6 = closed(
        case(6, d(11, 4)),
        Outcome::NotSuitable {
            rule: ScreeningRule::SexualHarm,
        },
        d(11, 5),
    );
    c6.kind = ProgrammeKind::Shuttle;
    c6.screening_rules = vec![ScreeningRule::SexualHarm];
    let c7 = closed(case(7, d(10, 20)), Outcome::Withdrawn, d(12, 1)); // closed after November
    let c8 = closed(case(8, d(10, 2)), Outcome::Withdrawn, d(10, 31)); // closed before it
    let mut c9 = case(9, d(11, 15)); // an agreement written but not signed by all
    c9.stage = Stage::Agreement;
    c9.agreement_made_on = Some(d(11, 25));
    c9.kind = ProgrammeKind::Circle;
    c9.source = ReferralSource::Family;
    let mut c10 = case(10, d(11, 16)); // signed in November: reached
    c10.stage = Stage::FollowUp;
    c10.agreement_made_on = Some(d(11, 30));
    c10.agreement_reached = true;
    c10.source = ReferralSource::OwnPsychologist;
    let c11 = case(11, d(12, 1)); // referred after November
    let mut c12 = case(12, d(10, 31)); // referred the day before, still open
    c12.source = ReferralSource::OtherAgency;
    vec![
        case(1, d(11, 1)),
        c2,
        c3,
        c4,
        c5,
        c6,
        c7,
        c8,
        c9,
        c10,
        c11,
        c12,
    ]
}

fn november_counts() -> Restorative {
    let (from, to) = november();
    count(&fixture(), Days::of(from, to))
}

#[test]
fn cases_referred_count_by_source_and_by_kind_with_both_edges() {
    let r = november_counts();
    // 1 (1 Nov), 2 (30 Nov), 5, 6, 9, 10; not 11 (1 Dec) nor 12 (31 Oct).
    assert_eq!(r.referred, 6);
    use ReferralSource::*;
    assert_eq!(
        r.referred_by_source,
        vec![
            (Kdn, 2),
            (Pdn, 1),
            (School, 1),
            (OtherAgency, 0),
            (Family, 1),
            (OwnPsychologist, 1)
        ]
    );
    use ProgrammeKind::*;
    assert_eq!(
        r.referred_by_kind,
        vec![
            (Mediation, 3),
            (Shuttle, 1),
            (FamilyConference, 1),
            (Circle, 1)
        ]
    );
}

#[test]
fn programmes_closed_in_the_period_count_by_outcome_with_reasons() {
    let r = november_counts();
    // 3 (kept, 20 Nov), 4 (not kept, 1 Nov), 5 (preliminary), 6 (not suitable); 7 closed on
    // 1 December and 8 on 31 October are outside.
    assert_eq!(r.closed, 4);
    assert_eq!(
        (r.completed_kept, r.completed_not_kept, r.completed()),
        (1, 1, 2)
    );
    assert_eq!(r.ended_at_preliminary, 1);
    use PartyRole::*;
    assert_eq!(
        r.declined_by_role,
        vec![
            (Harmed, 0),
            (CausedHarm, 1),
            (FamilyMember, 0),
            (Supporter, 0)
        ]
    );
    assert_eq!(r.not_suitable, 1);
    use ScreeningRule::*;
    assert_eq!(
        r.not_suitable_by_rule,
        vec![
            (OngoingViolenceOrSafetyRisk, 0),
            (SexualHarm, 1),
            (CoerciveControl, 0),
            (HarmedPartyUnwilling, 0)
        ]
    );
    assert_eq!(r.withdrawn, 0);
    assert_eq!(
        r.closed,
        r.completed() + r.ended_at_preliminary + r.not_suitable + r.withdrawn
    );
}

#[test]
fn participants_are_those_of_the_cases_active_in_the_period() {
    let r = november_counts();
    // Active: 1, 2, 3, 4 (closed on the first day), 5, 6, 7 (closed after), 9, 10, 12 (referred
    // before, open); not 8 (closed on 31 October) nor 11 (referred on 1 December).
    assert_eq!(r.active, 10);
    // Case 2 has 1 minor and 3 adults, the nine others 2 and 1.
    assert_eq!((r.minors, r.adults), (1 + 9 * 2, 3 + 9));
}

#[test]
fn agreements_reached_are_signed_ones_dated_in_the_period_and_kept_ones_closed_in_it() {
    let r = november_counts();
    // 4 (1 Nov) and 10 (30 Nov); not 3 (October), not 9 (unsigned).
    assert_eq!(r.agreements_reached, 2);
    // 3 closed kept on 20 Nov; 4 closed not kept.
    assert_eq!(r.agreements_kept, 1);
}

#[test]
fn withdrawn_cases_count_on_their_closing_day() {
    let (from, to) = november();
    let cases = vec![closed(case(1, d(10, 1)), Outcome::Withdrawn, d(11, 30))];
    assert_eq!(count(&cases, Days::of(from, to)).withdrawn, 1);
    let (from, to) = (
        midnight(d(12, 1), chrono_tz::Europe::Moscow),
        to + Duration::days(31),
    );
    let r = count(&cases, Days::of(from, to));
    assert_eq!(
        (r.withdrawn, r.active),
        (0, 0),
        "December: closed before it"
    );
}

#[test]
fn an_empty_period_names_every_key_with_zero() {
    let r = count(&[], Days::inclusive(d(11, 1), d(11, 30)));
    assert_eq!(r.referred_by_source.len(), ReferralSource::ALL.len());
    assert_eq!(r.referred_by_kind.len(), ProgrammeKind::ALL.len());
    assert_eq!(r.declined_by_role.len(), PartyRole::ALL.len());
    assert_eq!(r.not_suitable_by_rule.len(), ScreeningRule::ALL.len());
    assert!(r.referred_by_source.iter().all(|(_, n)| *n == 0));
    assert_eq!(r.closed + r.active + r.minors + r.agreements_reached, 0);
}

#[test]
fn a_periods_days_are_its_local_days_from_kaliningrad_to_kamchatka_and_west() {
    let zones: [Tz; 6] = [
        chrono_tz::Europe::Kaliningrad,
        chrono_tz::Europe::Moscow,
        chrono_tz::Asia::Yekaterinburg,
        chrono_tz::Asia::Kamchatka,
        chrono_tz::UTC,
        chrono_tz::America::New_York,
    ];
    for zone in zones {
        for (first, last) in [
            (d(11, 1), d(11, 30)),
            (d(3, 29), d(3, 29)),
            (d(10, 1), d(12, 31)),
        ] {
            let from = midnight(first, zone);
            let to = midnight(last.succ_opt().unwrap(), zone);
            assert_eq!(
                Days::of(from, to),
                Days::inclusive(first, last),
                "{zone}: {first} – {last}"
            );
            let days = Days::of(from, to);
            assert!(days.holds(first) && days.holds(last), "{zone}");
            assert!(!days.holds(first.pred_opt().unwrap()), "{zone}");
            assert!(!days.holds(last.succ_opt().unwrap()), "{zone}");
        }
    }
}

#[test]
fn compute_gives_the_block_only_where_there_are_cases() {
    let (from, to) = november();
    assert_eq!(compute(&Facts::default(), from, to).restorative, None);
    let facts = Facts {
        cases: fixture(),
        ..Facts::default()
    };
    assert_eq!(
        compute(&facts, from, to).restorative,
        Some(november_counts())
    );
}

#[test]
fn facts_of_a_real_case_count_through_its_stages() {
    use crate::family::{ChildId, FamilyId};
    use crate::restorative::{Case, Party, PartyWho, Representative};
    let parties = vec![
        Party::new(
            PartyId(1),
            PartyWho::Child(ChildId(1)),
            PartyRole::Harmed,
            vec![Representative {
                name: "Мать".into(),
            }],
        )
        .unwrap(),
        Party::new(
            PartyId(2),
            PartyWho::Adult {
                family: FamilyId(2),
                name: "Сосед".into(),
            },
            PartyRole::CausedHarm,
            vec![],
        )
        .unwrap(),
    ];
    let mut c = Case::open(
        CaseId(1),
        ProgrammeKind::Mediation,
        ReferralSource::Pdn,
        d(11, 2),
        parties,
    )
    .unwrap();
    c.move_to(Stage::Screening, d(11, 3)).unwrap();
    c.close(Outcome::Withdrawn, d(11, 4), None).unwrap();
    let r = count(&[c.facts()], Days::inclusive(d(11, 1), d(11, 30)));
    assert_eq!((r.referred, r.withdrawn, r.minors, r.adults), (1, 1, 1, 1));
}
