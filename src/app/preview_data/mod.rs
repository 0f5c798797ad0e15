//! What a screenshot shows: the preview data, from the demo centre or from a real data
//! directory (read once, nothing written).

use chrono::NaiveDate;

use crate::domain::Role;
use crate::store::{Arrival, ArrivalTile, StaffCard, Store, StoreError};

mod demo;

use demo::*;

/// What the preview screens show.
pub struct PreviewData {
    pub room_name: String,
    pub staff: Vec<StaffCard>,
    pub today: NaiveDate,
    /// Tiles for the check-in screens; the first family tile is used for "which one".
    pub arrivals: Vec<ArrivalTile>,
    /// What the door board shows.
    pub door: crate::store::DoorBoard,
    /// The schedule: the week's sessions, rooms, psychologists, route steps due, and the day
    /// the day view shows (a working day of the week).
    pub calendar: Vec<crate::store::CalendarEntry>,
    pub rooms: Vec<(crate::domain::RoomId, String)>,
    pub psychologists: Vec<(crate::domain::StaffId, String)>,
    pub steps: Vec<(crate::store::RouteStep, String)>,
    pub schedule_day: NaiveDate,
    /// The indicators of the month holding `schedule_day`.
    pub indicators: crate::domain::indicators::Indicators,
    /// The first psychologist's agreement items to check (their home's «to check» strip).
    pub due: Vec<crate::store::restorative::DueItem>,
    /// Rental loans overdue or due soon, for the staff home.
    pub chase: Vec<crate::store::LoanLine>,
    /// The rental block of that month's indicators (none without rental records).
    pub rental: Option<crate::domain::rental_report::RentalReport>,
    /// The invented demo centre (the public home says so), not a real data directory.
    pub demo: bool,
}

/// The first and last day of the month holding `day`, and its UTC bounds.
pub(crate) fn month_of(
    day: NaiveDate,
) -> (
    NaiveDate,
    NaiveDate,
    chrono::DateTime<chrono::Utc>,
    chrono::DateTime<chrono::Utc>,
) {
    use chrono::Datelike;
    let first = day.with_day(1).expect("every month has a first day");
    let last = first
        .checked_add_months(chrono::Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(first);
    (
        first,
        last,
        crate::app::clock::day_bounds(first).0,
        crate::app::clock::day_bounds(last).1,
    )
}

impl PreviewData {
    /// The demo centre, without touching any disk.
    pub fn demo(today: NaiveDate) -> Self {
        let centre = crate::demo::generate(today);
        let staff: Vec<StaffCard> = centre
            .staff
            .iter()
            .enumerate()
            .map(|(i, (member, _))| StaffCard {
                id: crate::domain::StaffId(i as i64 + 1),
                member: member.clone(),
                locked_until: None,
                first_sign_in: false,
            })
            .collect();
        let mut child_ids = std::collections::HashMap::new();
        // The rings the store gives in enrolment order, by the store's own rule.
        use crate::domain::avatar_frame::{least_used_frame, FRAMES};
        let mut frames = std::collections::HashMap::new();
        let mut worn: std::collections::HashMap<crate::domain::Avatar, [u32; FRAMES as usize]> =
            Default::default();
        for (f, family) in centre.families.iter().enumerate() {
            for (c, child) in family.children.iter().enumerate() {
                let counts = worn.entry(child.avatar).or_default();
                let frame = least_used_frame(counts);
                counts[usize::from(frame)] += 1;
                frames.insert((f, c), frame);
            }
        }
        let arrivals = centre
            .sessions
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                s.room == 0 || s.kind == crate::domain::SessionKind::FamilyReconciliation
            })
            .take(9)
            .map(|(i, s)| ArrivalTile {
                session: i as i64 + 1,
                starts_at: s.starts_at,
                kind: s.kind,
                participants: s
                    .participants
                    .iter()
                    .map(|(f, c)| {
                        let next = child_ids.len() as i64 + 1;
                        let child = centre.families[*f]
                            .children
                            .get(*c)
                            .expect("demo participant exists");
                        Arrival {
                            child: crate::domain::ChildId(
                                *child_ids.entry((*f, *c)).or_insert(next),
                            ),
                            avatar: child.avatar,
                            frame: frames[&(*f, *c)],
                            public_name: child
                                .first_name_public
                                .then(|| child.first_name.to_owned()),
                            checked_in: false,
                            consent_withdrawn: false,
                        }
                    })
                    .collect(),
            })
            .collect::<Vec<_>>();
        // As the store gives them: in time order.
        let mut arrivals = arrivals;
        arrivals.sort_by_key(|t| (t.starts_at, t.session));
        let door = demo_door(&centre, today);
        let schedule_day = working_day(today);
        let calendar = demo_calendar(&centre, schedule_day);
        let rooms = centre
            .rooms
            .iter()
            .enumerate()
            .filter(|(_, r)| r.kind != crate::domain::RoomKind::Rental)
            .map(|(i, r)| (crate::domain::RoomId(i as i64 + 1), r.name.clone()))
            .collect();
        let psychologists = staff_list(&staff);
        let steps = demo_steps(&centre, schedule_day);
        let indicators = demo_indicators(&centre, &calendar, schedule_day);
        let chase = demo_chase(&centre, today);
        let due = demo_due(today);
        let rental = demo_rental(&centre, &chase, schedule_day, today);
        let mut indicators = indicators;
        indicators.rental_loans.get_or_insert(rental.loans_started);
        let rental = Some(rental);
        Self {
            demo: true,
            room_name: centre.rooms[0].name.clone(),
            staff,
            today,
            arrivals,
            door,
            calendar,
            rooms,
            psychologists,
            steps,
            schedule_day,
            indicators,
            chase,
            due,
            rental,
        }
    }

    /// A real kiosk's rooms and staff.
    pub fn from_store(store: &Store, today: NaiveDate) -> Result<Self, StoreError> {
        let rooms = store.rooms()?;
        let room_name = rooms
            .first()
            .map(|r| r.details.name.clone())
            .unwrap_or_else(|| "Ладошка".into());
        let start = today
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists")
            .and_utc();
        let arrivals = match rooms.first() {
            Some(room) => {
                store.arrivals(room.id, start, start, start + chrono::Duration::days(1))?
            }
            None => Vec::new(),
        };
        let door = match rooms.first() {
            Some(room) => store.door_board(room.id, start, start + chrono::Duration::days(1))?,
            None => Default::default(),
        };
        let staff = store.staff_cards()?;
        let schedule_day = working_day(today);
        let monday = schedule_day
            - chrono::Duration::days(i64::from(
                chrono::Datelike::weekday(&schedule_day).num_days_from_monday(),
            ));
        let calendar = store.calendar(
            crate::app::clock::day_bounds(monday).0,
            crate::app::clock::day_bounds(monday + chrono::Duration::days(6)).1,
        )?;
        let rooms = rooms
            .iter()
            .filter(|r| r.details.kind != crate::domain::RoomKind::Rental)
            .map(|r| (r.id, r.details.name.clone()))
            .collect();
        let now = crate::app::clock::at_local(schedule_day, 12, 0);
        let steps = store
            .open_steps(now)?
            .into_iter()
            .take(8)
            .map(|st| {
                store.child(st.child).map(|c| {
                    (
                        st,
                        format!("{} {}", c.details.first_name, c.details.surname),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let psychologists = staff_list(&staff);
        let (_, _, from, to) = month_of(schedule_day);
        let indicators =
            crate::domain::indicators::compute(&store.indicator_facts(from, to)?, from, to);
        let chase = store.loans_to_chase(today)?;
        let due = match staff.iter().find(|c| c.member.role == Role::Psychologist) {
            Some(card) => store.restorative_due(card.id, today)?,
            None => Vec::new(),
        };
        let (first, last, _, _) = month_of(schedule_day);
        let rental =
            crate::domain::rental_report::compute(&store.rental_facts()?, first, last, today);
        let rental = (rental.items > 0 || rental.loans_started > 0 || rental.families_served > 0)
            .then_some(rental);
        Ok(Self {
            demo: false,
            room_name,
            staff,
            today,
            arrivals,
            door,
            calendar,
            rooms,
            psychologists,
            steps,
            schedule_day,
            indicators,
            chase,
            due,
            rental,
        })
    }

    pub(crate) fn first_with(&self, role: Role) -> Option<&StaffCard> {
        self.staff.iter().find(|c| c.member.role == role)
    }
}

/// The day a schedule screenshot shows: `today` if it is a working day, else the Wednesday of
/// its week (where the demo centre's sessions are).
pub(crate) fn working_day(today: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    let wd = today.weekday().num_days_from_monday();
    if wd < 5 {
        today
    } else {
        today - chrono::Duration::days(i64::from(wd) - 2)
    }
}

pub(crate) fn staff_list(staff: &[StaffCard]) -> Vec<(crate::domain::StaffId, String)> {
    staff
        .iter()
        .filter(|c| c.member.role == Role::Psychologist)
        .map(|c| (c.id, c.member.list_name()))
        .collect()
}
