//! The named screens `ladoshka screenshot` can render, and how to fill each with preview data
//! without a running kiosk: from the demo centre, or from a real data directory.

use chrono::NaiveDate;
use slint::ComponentHandle;

use super::{
    AppWindow, CheckInAdapter, CheckInStep, Navigation, PinEntryAdapter, PinStatus, Screen,
};
use crate::domain::{Language, Role};
use crate::store::{Arrival, ArrivalTile, StaffCard, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenName {
    Home,
    CheckInWho,
    CheckInWhichOne,
    CheckInCode,
    CheckInCodeWrong,
    CheckInHelp,
    CheckInMood,
    CheckInDone,
    WalkIn,
    StaffSelect,
    Pin,
    PinLocked,
    PsychologistHome,
    StaffHome,
    AdminHome,
    EnrolParent,
    EnrolChild,
    EnrolAvatar,
    EnrolCode,
    EnrolConsent,
    EnrolDone,
    Door,
    Booking,
    ScheduleDay,
    ScheduleWeek,
    Session,
    Indicators,
    DeviceSync,
    Routes,
    Diagnostics,
    DiagnosticsResult,
    ChildMode,
    ChildModeDrawing,
    RentalCatalogue,
    RentalLend,
    RentalReturn,
    RentalQueue,
    RentalOverdue,
    RentalDocuments,
    Setup,
    SetupPin,
}

impl ScreenName {
    pub const ALL: [ScreenName; 41] = [
        ScreenName::Home,
        ScreenName::CheckInWho,
        ScreenName::CheckInWhichOne,
        ScreenName::CheckInCode,
        ScreenName::CheckInCodeWrong,
        ScreenName::CheckInHelp,
        ScreenName::CheckInMood,
        ScreenName::CheckInDone,
        ScreenName::WalkIn,
        ScreenName::StaffSelect,
        ScreenName::Pin,
        ScreenName::PinLocked,
        ScreenName::PsychologistHome,
        ScreenName::StaffHome,
        ScreenName::AdminHome,
        ScreenName::EnrolParent,
        ScreenName::EnrolChild,
        ScreenName::EnrolAvatar,
        ScreenName::EnrolCode,
        ScreenName::EnrolConsent,
        ScreenName::EnrolDone,
        ScreenName::Door,
        ScreenName::Booking,
        ScreenName::ScheduleDay,
        ScreenName::ScheduleWeek,
        ScreenName::Session,
        ScreenName::Indicators,
        ScreenName::DeviceSync,
        ScreenName::Routes,
        ScreenName::Diagnostics,
        ScreenName::DiagnosticsResult,
        ScreenName::ChildMode,
        ScreenName::ChildModeDrawing,
        ScreenName::RentalCatalogue,
        ScreenName::RentalLend,
        ScreenName::RentalReturn,
        ScreenName::RentalQueue,
        ScreenName::RentalOverdue,
        ScreenName::RentalDocuments,
        ScreenName::Setup,
        ScreenName::SetupPin,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ScreenName::Home => "home",
            ScreenName::CheckInWho => "check-in-who",
            ScreenName::CheckInWhichOne => "check-in-which-one",
            ScreenName::CheckInCode => "check-in-code",
            ScreenName::CheckInCodeWrong => "check-in-code-wrong",
            ScreenName::CheckInHelp => "check-in-help",
            ScreenName::CheckInMood => "check-in-mood",
            ScreenName::CheckInDone => "check-in-done",
            ScreenName::WalkIn => "walk-in",
            ScreenName::StaffSelect => "staff-select",
            ScreenName::Pin => "pin",
            ScreenName::PinLocked => "pin-locked",
            ScreenName::PsychologistHome => "psychologist-home",
            ScreenName::StaffHome => "staff-home",
            ScreenName::AdminHome => "admin-home",
            ScreenName::EnrolParent => "enrol-parent",
            ScreenName::EnrolChild => "enrol-child",
            ScreenName::EnrolAvatar => "enrol-avatar",
            ScreenName::EnrolCode => "enrol-code",
            ScreenName::EnrolConsent => "enrol-consent",
            ScreenName::EnrolDone => "enrol-done",
            ScreenName::Door => "door",
            ScreenName::Booking => "booking",
            ScreenName::ScheduleDay => "schedule-day",
            ScreenName::ScheduleWeek => "schedule-week",
            ScreenName::Session => "session",
            ScreenName::Indicators => "indicators",
            ScreenName::DeviceSync => "device-sync",
            ScreenName::Routes => "routes",
            ScreenName::Diagnostics => "diagnostics",
            ScreenName::DiagnosticsResult => "diagnostics-result",
            ScreenName::ChildMode => "child-mode",
            ScreenName::ChildModeDrawing => "child-mode-drawing",
            ScreenName::RentalCatalogue => "rental-catalogue",
            ScreenName::RentalLend => "rental-lend",
            ScreenName::RentalReturn => "rental-return",
            ScreenName::RentalQueue => "rental-queue",
            ScreenName::RentalOverdue => "rental-overdue",
            ScreenName::RentalDocuments => "rental-documents",
            ScreenName::Setup => "setup",
            ScreenName::SetupPin => "setup-pin",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            ScreenName::Home => "public home: room, date, language switch, «I'm here», way in for staff",
            ScreenName::CheckInWho => "check-in 1: today's bookings as avatar tiles",
            ScreenName::CheckInWhichOne => "check-in 1b: which one of a family tile is you",
            ScreenName::CheckInCode => "check-in 2: the three secret pictures (one tapped)",
            ScreenName::CheckInCodeWrong => "check-in 2 after a wrong code",
            ScreenName::CheckInHelp => "check-in after three wrong codes: an adult will help",
            ScreenName::CheckInMood => "check-in 3: how do you feel (five faces)",
            ScreenName::CheckInDone => "check-in done: thank you",
            ScreenName::WalkIn => "no booking: the staff have been told",
            ScreenName::StaffSelect => "staff sign-in, step 1: choose yourself",
            ScreenName::Pin => "staff sign-in, step 2: PIN keypad (two digits typed)",
            ScreenName::PinLocked => "PIN keypad after five wrong PINs",
            ScreenName::PsychologistHome => "psychologist's home and areas",
            ScreenName::StaffHome => "staff (social work and rental) home and areas",
            ScreenName::AdminHome => "administrator's home and areas",
            ScreenName::EnrolParent => "enrolment 1: the parent, typed on the on-screen keyboard",
            ScreenName::EnrolChild => "enrolment 2: the child, public-name choice, life situation",
            ScreenName::EnrolAvatar => "enrolment 3: the child chooses a picture",
            ScreenName::EnrolCode => "enrolment 4: the child chooses three secret pictures",
            ScreenName::EnrolConsent => "enrolment 5: the consent, signed by finger (parent and a 14–17-year-old)",
            ScreenName::EnrolDone => "enrolment done: welcome",
            ScreenName::Door => "at the door today: help notices, walk-ins, check-ins with moods",
            ScreenName::Booking => "book a session for a walk-in: a clash explained, the nearest free times offered",
            ScreenName::ScheduleDay => "the day by room, arrivals marked, route steps due (overdue first)",
            ScreenName::ScheduleWeek => "a psychologist's week",
            ScreenName::Session => "a session running: timer, end, private notes",
            ScreenName::Indicators => "the month's project indicators with bars (staff and administrator)",
            ScreenName::DeviceSync => "device and sync: identity, enrolment, what waits, the last error, sync now and USB export (administrator)",
            ScreenName::Routes => "a child's help route: steps done, due and overdue, closing with the family's answer",
            ScreenName::Diagnostics => "a child's instruments to hand over, results so far, and mood over time (psychologists)",
            ScreenName::DiagnosticsResult => "a family drawing's result: scores with history, bands, the drawing with zoom beside its checklist",
            ScreenName::ChildMode => "child mode: the Lüscher colour cards, two already chosen",
            ScreenName::ChildModeDrawing => "child mode: the drawing canvas with a drawing",
            ScreenName::RentalCatalogue => "rental desk: an overdue cot's card with its history, beside the catalogue",
            ScreenName::RentalLend => "rental desk: lending a stroller, the contract and the parent's signature",
            ScreenName::RentalReturn => "rental desk: taking a cot back, its condition noted",
            ScreenName::RentalQueue => "rental desk: a cleaned stroller and the family first in line; stock and waiting lists",
            ScreenName::RentalOverdue => "rental desk: the loans to bring back with the phones to call",
            ScreenName::RentalDocuments => "rental desk: a family's documents checked for one of the centre's categories",
            ScreenName::Setup => "first start of a new kiosk: language, the administrator's name, the room",
            ScreenName::SetupPin => "first start: choosing the administrator's PIN again after the two typed differed",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }
}

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
    /// Rental loans overdue or due soon, for the staff home.
    pub chase: Vec<crate::store::LoanLine>,
    /// The rental block of that month's indicators (none without rental records).
    pub rental: Option<crate::domain::rental_report::RentalReport>,
    /// The invented demo centre (the public home says so), not a real data directory.
    pub demo: bool,
}

/// The first and last day of the month holding `day`, and its UTC bounds.
fn month_of(
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
        super::clock::day_bounds(first).0,
        super::clock::day_bounds(last).1,
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
            })
            .collect();
        let mut child_ids = std::collections::HashMap::new();
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
                            public_name: child
                                .first_name_public
                                .then(|| child.first_name.to_owned()),
                            checked_in: false,
                        }
                    })
                    .collect(),
            })
            .collect();
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
            Some(room) => store.arrivals(room.id, start, start + chrono::Duration::days(1))?,
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
            super::clock::day_bounds(monday).0,
            super::clock::day_bounds(monday + chrono::Duration::days(6)).1,
        )?;
        let rooms = rooms
            .iter()
            .filter(|r| r.details.kind != crate::domain::RoomKind::Rental)
            .map(|r| (r.id, r.details.name.clone()))
            .collect();
        let now = super::clock::at_local(schedule_day, 12, 0);
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
            rental,
        })
    }

    fn first_with(&self, role: Role) -> Option<&StaffCard> {
        self.staff.iter().find(|c| c.member.role == role)
    }
}

/// The day a schedule screenshot shows: `today` if it is a working day, else the Wednesday of
/// its week (where the demo centre's sessions are).
fn working_day(today: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    let wd = today.weekday().num_days_from_monday();
    if wd < 5 {
        today
    } else {
        today - chrono::Duration::days(i64::from(wd) - 2)
    }
}

fn staff_list(staff: &[StaffCard]) -> Vec<(crate::domain::StaffId, String)> {
    staff
        .iter()
        .filter(|c| c.member.role == Role::Psychologist)
        .map(|c| (c.id, c.member.list_name()))
        .collect()
}

/// The demo centre's week as the calendar reads it: sessions before `day` noon held, one
/// running, the rest planned, some children checked in.
fn demo_calendar(
    centre: &crate::demo::DemoCentre,
    day: NaiveDate,
) -> Vec<crate::store::CalendarEntry> {
    use crate::domain::SessionState;
    let noon = super::clock::at_local(day, 12, 0);
    let mut child_ids = std::collections::HashMap::new();
    centre
        .sessions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let end = s.starts_at + chrono::Duration::minutes(s.minutes.into());
            let state = if end <= noon {
                if i % 7 == 3 {
                    SessionState::NoShow
                } else {
                    SessionState::Done
                }
            } else if s.starts_at <= noon {
                SessionState::InProgress
            } else {
                SessionState::Planned
            };
            let people: Vec<crate::store::CalendarPerson> = s
                .participants
                .iter()
                .map(|(f, c)| {
                    let next = child_ids.len() as i64 + 1;
                    let child = &centre.families[*f].children[*c];
                    crate::store::CalendarPerson {
                        child: crate::domain::ChildId(*child_ids.entry((*f, *c)).or_insert(next)),
                        avatar: child.avatar,
                        first_name: child.first_name.to_owned(),
                        surname: child.surname.to_owned(),
                        arrived: state != SessionState::Planned && state != SessionState::NoShow
                            || (s.starts_at - noon).num_minutes().abs() < 20,
                    }
                })
                .collect();
            crate::store::CalendarEntry {
                id: i as i64 + 1,
                session: crate::domain::NewSession {
                    room: crate::domain::RoomId(s.room as i64 + 1),
                    psychologist: crate::domain::StaffId(s.psychologist as i64 + 1),
                    kind: s.kind,
                    starts_at: s.starts_at,
                    minutes: s.minutes,
                    participants: people.iter().map(|p| p.child).collect(),
                },
                state,
                people,
                in_series: false,
            }
        })
        .collect()
}

/// The demo month's indicators: its held sessions, and routes for the children in a life
/// situation (every fifth closed, most of those with an improvement).
fn demo_indicators(
    centre: &crate::demo::DemoCentre,
    calendar: &[crate::store::CalendarEntry],
    day: NaiveDate,
) -> crate::domain::indicators::Indicators {
    use crate::domain::indicators::{compute, ChildFacts, Facts, RouteFacts, SessionFacts};
    let (_, _, from, to) = month_of(day);
    let noon = super::clock::at_local(day, 12, 0);
    let mut children = Vec::new();
    let mut routes = Vec::new();
    let mut n = 0;
    for (f, family) in centre.families.iter().enumerate() {
        for c in &family.children {
            n += 1;
            let child = crate::domain::ChildId(n);
            children.push(ChildFacts {
                child,
                family: crate::domain::FamilyId(f as i64 + 1),
                situations: c.situations.clone(),
            });
            if !c.situations.is_empty() {
                let closed = (n % 5 == 0).then_some(noon);
                routes.push(RouteFacts {
                    child,
                    assigned_at: from,
                    closed_at: closed,
                    improved: closed.map(|_| n % 3 != 0),
                    steps_done_at: vec![noon],
                });
            }
        }
    }
    let sessions = calendar
        .iter()
        .map(|e| SessionFacts {
            kind: e.session.kind,
            state: e.state,
            starts_at: e.session.starts_at,
            children: e.session.participants.clone(),
        })
        .collect();
    compute(
        &Facts {
            children,
            sessions,
            routes,
            loans: None,
        },
        from,
        to,
    )
}

/// Three route steps of demo children: one overdue since yesterday, two due later.
fn demo_steps(
    centre: &crate::demo::DemoCentre,
    day: NaiveDate,
) -> Vec<(crate::store::RouteStep, String)> {
    let templates = crate::platform::route_files::built_in().templates;
    let noon = super::clock::at_local(day, 12, 0);
    centre
        .families
        .iter()
        .flat_map(|f| f.children.iter())
        .filter_map(|c| c.situations.first().map(|s| (c, *s)))
        .take(3)
        .enumerate()
        .filter_map(|(i, (c, s))| {
            let t = templates.iter().find(|t| t.situation == s)?;
            let step = &t.steps[i % t.steps.len()];
            let due = noon + chrono::Duration::hours([-20, 3, 30][i]);
            Some((
                crate::store::RouteStep {
                    id: i as i64 + 1,
                    route: i as i64 + 1,
                    child: crate::domain::ChildId(i as i64 + 1),
                    position: (i % t.steps.len()) as u32 + 1,
                    title: step.title.clone(),
                    role: step.role,
                    partner: step.partner,
                    minutes: step.duration.num_minutes() as u32,
                    key_step: step.key_step,
                    due_at: due,
                    done_at: None,
                    session: None,
                },
                format!("{} {}", c.first_name, c.surname),
            ))
        })
        .collect()
}

/// A believable morning at the door of the demo centre: three check-ins, a help notice and two
/// walk-ins (one taken by the first psychologist).
fn demo_door(centre: &crate::demo::DemoCentre, today: NaiveDate) -> crate::store::DoorBoard {
    use crate::store::{DoorArrival, DoorHelp, DoorWalkIn};
    let at = |h: u32, m: u32| super::clock::at_local(today, h, m);
    let me = crate::domain::StaffId(1);
    let moods = [
        crate::domain::Mood::Happy,
        crate::domain::Mood::Neutral,
        crate::domain::Mood::VeryHappy,
    ];
    let arrivals = centre
        .families
        .iter()
        .filter_map(|f| f.children.first())
        .take(3)
        .enumerate()
        .map(|(i, c)| DoorArrival {
            check_in: i as i64 + 1,
            at: at(9 + i as u32, 52),
            session_start: at(10 + i as u32, 0),
            psychologist: crate::domain::StaffId(1 + (i as i64 % 2)),
            avatar: c.avatar,
            first_name: c.first_name.to_owned(),
            surname: c.surname.to_owned(),
            mood: moods[i],
        })
        .collect();
    let help_avatars = centre
        .families
        .iter()
        .skip(3)
        .flat_map(|f| f.children.iter().map(|c| c.avatar))
        .take(2)
        .collect();
    crate::store::DoorBoard {
        arrivals,
        help: vec![DoorHelp {
            id: 1,
            at: at(11, 48),
            session_start: at(12, 0),
            psychologist: me,
            avatars: help_avatars,
        }],
        walk_ins: vec![
            DoorWalkIn {
                id: 2,
                at: at(11, 30),
                taken_by: None,
                session: None,
            },
            DoorWalkIn {
                id: 1,
                at: at(10, 15),
                taken_by: Some(me),
                session: Some((99, at(12, 0))),
            },
        ],
    }
}

/// Fills `ui` to show `screen` in `lang`.
pub fn prepare(ui: &AppWindow, screen: ScreenName, lang: Language, data: &PreviewData) {
    super::language::select(lang);
    super::keyboard::follow_language(ui, lang);
    super::public_home::set_room_name(ui, Some(&data.room_name));
    super::public_home::show_language_on(ui, lang, data.today);
    ui.global::<super::PublicHomeAdapter>().set_demo(data.demo);
    let mut staff = data.staff.clone();
    super::staff_select::sort_for(lang, &mut staff);
    super::staff_select::show(ui, &staff, crate::platform::clock::now());

    let nav = ui.global::<Navigation>();
    let pin = ui.global::<PinEntryAdapter>();
    let psychologist = data.first_with(Role::Psychologist).or(data.staff.first());
    if let Some(card) = psychologist {
        pin.set_name(card.member.list_name().into());
        pin.set_role(card.member.role.key().into());
    }
    let home_for = |role: Role| {
        match data.first_with(role) {
            Some(card) => super::role_home::show(ui, card),
            None => super::role_home::show_role(ui, "", role),
        }
        ui.global::<super::RoleHomeAdapter>()
            .set_door_news(data.door.waiting() as i32);
        nav.set_screen(Screen::RoleHome);
    };
    super::check_in::show_tiles(ui, &data.arrivals);
    super::check_in::show_code_pictures(ui);
    let check_in = ui.global::<CheckInAdapter>();
    let family = data
        .arrivals
        .iter()
        .find(|t| t.participants.len() > 1)
        .or(data.arrivals.first());
    let named = data
        .arrivals
        .iter()
        .flat_map(|t| &t.participants)
        .find(|p| p.public_name.is_some());
    if let Some(p) = named.or(family.and_then(|t| t.participants.first())) {
        check_in.set_chosen(super::check_in::person_data(p));
    }
    if let Some(tile) = family {
        let people: Vec<_> = tile
            .participants
            .iter()
            .map(super::check_in::person_data)
            .collect();
        check_in.set_people(slint::ModelRc::new(slint::VecModel::from(people)));
    }
    let step = |s: CheckInStep| {
        check_in.set_step(s);
        nav.set_screen(Screen::CheckIn);
    };
    match screen {
        ScreenName::Home => nav.set_screen(Screen::PublicHome),
        ScreenName::CheckInWho => step(CheckInStep::Who),
        ScreenName::CheckInWhichOne => step(CheckInStep::WhichOne),
        ScreenName::CheckInCode => {
            check_in.set_code_entered(1);
            step(CheckInStep::Code)
        }
        ScreenName::CheckInCodeWrong => {
            check_in.set_code_wrong(true);
            step(CheckInStep::Code)
        }
        ScreenName::CheckInHelp => step(CheckInStep::Help),
        ScreenName::CheckInMood => step(CheckInStep::Mood),
        ScreenName::CheckInDone => step(CheckInStep::Done),
        ScreenName::WalkIn => step(CheckInStep::WalkIn),
        ScreenName::StaffSelect => nav.set_screen(Screen::StaffSelect),
        ScreenName::Pin => {
            pin.set_digits_typed(2);
            pin.set_status(PinStatus::Entering);
            nav.set_screen(Screen::PinEntry);
        }
        ScreenName::PinLocked => {
            pin.set_digits_typed(0);
            pin.set_locked_until("14:35".into());
            pin.set_status(PinStatus::Locked);
            nav.set_screen(Screen::PinEntry);
        }
        ScreenName::PsychologistHome => home_for(Role::Psychologist),
        ScreenName::StaffHome => {
            home_for(Role::Staff);
            ui.global::<super::RoleHomeAdapter>()
                .set_chase(slint::ModelRc::new(slint::VecModel::from(
                    super::role_home::chase_rows(
                        &data.chase,
                        lang,
                        &crate::domain::RentalKinds::default(),
                    ),
                )));
        }
        ScreenName::AdminHome => {
            home_for(Role::Admin);
            ui.global::<super::RoleHomeAdapter>()
                .set_chase(slint::ModelRc::new(slint::VecModel::from(
                    super::role_home::chase_rows(
                        &data.chase,
                        lang,
                        &crate::domain::RentalKinds::default(),
                    ),
                )));
        }
        ScreenName::EnrolParent
        | ScreenName::EnrolChild
        | ScreenName::EnrolAvatar
        | ScreenName::EnrolCode
        | ScreenName::EnrolConsent
        | ScreenName::EnrolDone => {
            enrolment_preview(ui, screen, lang, data.today);
            nav.set_screen(Screen::Enrolment);
        }
        ScreenName::Door => {
            let me = psychologist.map(|c| super::kiosk::SignedIn {
                staff: c.id,
                role: c.member.role,
            });
            super::door::show(ui, &data.door, me);
            nav.set_screen(Screen::Door);
        }
        ScreenName::Booking => {
            booking_preview(ui, data, lang);
            nav.set_screen(Screen::Booking);
        }
        ScreenName::ScheduleDay | ScreenName::ScheduleWeek => {
            let me = psychologist.map(|c| super::kiosk::SignedIn {
                staff: c.id,
                role: c.member.role,
            });
            let now = super::clock::at_local(data.schedule_day, 12, 0);
            super::schedule::preview(
                ui,
                &data.calendar,
                data.rooms.clone(),
                data.psychologists.clone(),
                screen == ScreenName::ScheduleWeek,
                data.schedule_day,
                lang,
                me,
                &data.steps,
                now,
            );
            nav.set_screen(Screen::Schedule);
        }
        ScreenName::Session => {
            session_preview(ui, data, lang);
            nav.set_screen(Screen::Session);
        }
        ScreenName::Routes => {
            routes_preview(ui, data, lang);
            nav.set_screen(Screen::Routes);
        }
        ScreenName::Diagnostics => {
            super::diagnostics_preview::diagnostics(ui, data.today, lang);
            nav.set_screen(Screen::Diagnostics);
        }
        ScreenName::DiagnosticsResult => {
            super::diagnostics_preview::result(ui, data.today, lang);
            nav.set_screen(Screen::Diagnostics);
        }
        ScreenName::ChildMode => {
            super::diagnostics_preview::child_mode(ui, lang);
            nav.set_screen(Screen::ChildMode);
        }
        ScreenName::ChildModeDrawing => {
            super::diagnostics_preview::child_mode_drawing(ui, lang);
            nav.set_screen(Screen::ChildMode);
        }
        ScreenName::RentalCatalogue
        | ScreenName::RentalLend
        | ScreenName::RentalReturn
        | ScreenName::RentalQueue
        | ScreenName::RentalOverdue
        | ScreenName::RentalDocuments => {
            use super::rental_preview::RentalPreview as P;
            let which = match screen {
                ScreenName::RentalCatalogue => P::Catalogue,
                ScreenName::RentalLend => P::Lend,
                ScreenName::RentalReturn => P::Return,
                ScreenName::RentalQueue => P::Queue,
                ScreenName::RentalDocuments => P::Documents,
                _ => P::Overdue,
            };
            let centre = crate::demo::generate(data.today);
            super::rental_preview::fill(ui, which, &centre, &data.chase, data.today, lang);
            nav.set_screen(Screen::RentalDesk);
        }
        ScreenName::Indicators => {
            let (first, last, _, _) = month_of(data.schedule_day);
            super::indicators::show(
                ui,
                &data.indicators,
                data.rental.as_ref(),
                lang,
                first,
                last,
            );
            nav.set_screen(Screen::Indicators);
        }
        ScreenName::DeviceSync => {
            // An enrolled kiosk whose centre did not answer an hour ago, a stick inserted.
            let at = super::clock::at_local(data.today, 9, 40);
            let status = crate::store::SyncStatus {
                device_id: "4f1c9a27d05be8133a6f20c4e9d871b5".into(),
                fingerprint: "9c2e 41f7 0a6d b358 e1c4 7f02 93ab 6d15 2c8e f460 b7d9 1a35 c0e2 8f47 5b19 d6a3".into(),
                centre_url: Some("https://kcson-kazan.example/ladoshka".into()),
                centre_fingerprint: Some("3b7a e90c 14d2 6f58 a0c3 9e71 d42b 85f6 0e19 c7a4 62d8 b1f3 5a07 e9c2 48b6 1d70".into()),
                enrolled_at: Some(at - chrono::Duration::days(40)),
                last_success_at: Some(at - chrono::Duration::minutes(75)),
                last_attempt_at: Some(at),
                last_error: Some("the centre at https://kcson-kazan.example/ladoshka cannot be reached (timeout): the kiosk keeps its bundles and tries again later".into()),
                last_error_kind: Some("unreachable".into()),
                failures: 3,
                acked_seq: 4812,
                pending_rows: 37,
                pending_bundles: 2,
            };
            super::device_sync::show(
                ui,
                &status,
                &Default::default(),
                Some(std::path::Path::new("/media/kiosk/KINGSTON")),
            );
            nav.set_screen(Screen::DeviceSync);
        }
        ScreenName::Setup | ScreenName::SetupPin => {
            use super::{SetupAdapter, SetupStep};
            let a = ui.global::<SetupAdapter>();
            a.set_language(lang.code().into());
            a.set_last_name("Нуриев".into());
            a.set_first_name("Рустем".into());
            a.set_patronymic("Маратович".into());
            a.set_room_name(data.room_name.as_str().into());
            if screen == ScreenName::SetupPin {
                // Right after the two PINs differed: nothing typed yet (a digit clears the message).
                a.set_digits_typed(0);
                a.set_error("pin-mismatch".into());
                a.set_step(SetupStep::Pin);
            } else {
                a.set_step(SetupStep::Details);
            }
            nav.set_screen(Screen::Setup);
        }
    }
}

/// The demo month's rental block: the demo stock as it is, and the loans to chase as started
/// a year before they fall due (one overdue), so every line has a figure.
fn demo_rental(
    centre: &crate::demo::DemoCentre,
    chase: &[crate::store::LoanLine],
    day: NaiveDate,
    today: NaiveDate,
) -> crate::domain::rental_report::RentalReport {
    use crate::domain::rental_report::{compute, ItemFacts, LoanFacts, RentalFacts};
    let (first, last, _, _) = month_of(day);
    let facts = RentalFacts {
        kinds: crate::domain::RentalKinds::default().kinds().collect(),
        items: centre
            .rental
            .iter()
            .map(|i| ItemFacts {
                kind: i.kind,
                state: i.state,
            })
            .collect(),
        loans: chase
            .iter()
            .map(|l| LoanFacts {
                kind: l.kind,
                family: l.family,
                started_on: l
                    .due_on
                    .checked_sub_months(chrono::Months::new(12))
                    .unwrap_or(l.due_on),
                due_on: l.due_on,
                returned_on: None,
                lost: false,
            })
            .collect(),
    };
    compute(&facts, first, last, today)
}

/// Three loans of the demo families: one overdue, two due this week.
fn demo_chase(centre: &crate::demo::DemoCentre, today: NaiveDate) -> Vec<crate::store::LoanLine> {
    use crate::domain::loan::standing;
    let picks = [
        (crate::domain::RentalKind::COT_WITH_BUMPERS, "КРВ-0002", -4),
        (
            crate::domain::RentalKind::STROLLER_TRANSFORMER,
            "КОЛ-0004",
            2,
        ),
        (crate::domain::RentalKind::WALKER, "ХОД-0001", 6),
    ];
    picks
        .iter()
        .zip(centre.families.iter().rev())
        .enumerate()
        .map(|(n, ((kind, number, days), f))| {
            let due_on = today + chrono::Duration::days(*days);
            crate::store::LoanLine {
                loan: n as i64 + 1,
                item: n as i64 + 1,
                inventory_number: (*number).into(),
                kind: *kind,
                family: crate::domain::FamilyId(n as i64 + 1),
                surname: f.family.surname.clone(),
                phone: f.family.phone.as_ref().map(|p| p.display()),
                due_on,
                standing: standing(due_on, today),
            }
        })
        .collect()
}

/// A child three days into the route of their life situation: two steps done, one overdue.
fn routes_preview(ui: &AppWindow, data: &PreviewData, lang: Language) {
    use super::{RouteCard, RouteChild, RouteStepRow, RouteTemplateRow, RoutesAdapter};
    let a = ui.global::<RoutesAdapter>();
    let demo = crate::demo::generate(data.today);
    let templates = crate::platform::route_files::built_in().templates;
    let kids: Vec<_> = demo
        .families
        .iter()
        .flat_map(|f| f.children.iter())
        .take(12)
        .collect();
    let chosen = kids
        .iter()
        .position(|c| !c.situations.is_empty())
        .unwrap_or(0);
    let rows: Vec<RouteChild> = kids
        .iter()
        .enumerate()
        .map(|(i, c)| RouteChild {
            id: i as i32 + 1,
            avatar: c.avatar.key().into(),
            name: format!("{} {}", c.first_name, c.surname).into(),
            open_routes: i32::from(!c.situations.is_empty()),
            chosen: i == chosen,
        })
        .collect();
    a.set_children(slint::ModelRc::new(slint::VecModel::from(rows)));
    a.set_child_chosen(true);
    let situation = kids
        .get(chosen)
        .and_then(|c| c.situations.first().copied())
        .unwrap_or(crate::domain::LifeSituation::LossOfParents);
    let Some(t) = templates.iter().find(|t| t.situation == situation) else {
        return;
    };
    a.set_templates(slint::ModelRc::new(slint::VecModel::from(vec![
        RouteTemplateRow {
            key: t.key.as_str().into(),
            title: t.title.get(lang).into(),
        },
    ])));
    let now = super::clock::at_local(data.schedule_day, 12, 0);
    let assigned = now - chrono::Duration::days(4);
    let steps: Vec<RouteStepRow> = t
        .plan(assigned)
        .into_iter()
        .map(|p| RouteStepRow {
            id: p.position as i32,
            position: p.position as i32,
            title: p.title.get(lang).into(),
            who: match (p.role, lang) {
                (crate::domain::Role::Psychologist, Language::En) => "psychologist".into(),
                (crate::domain::Role::Psychologist, _) => "психолог".into(),
                (_, Language::En) => "social worker".into(),
                (_, Language::Tt) => "социаль эш белгече".into(),
                (_, Language::Ru) => "специалист по социальной работе".into(),
            },
            due: p
                .due_at
                .with_timezone(&super::clock::zone())
                .format("%d.%m %H:%M")
                .to_string()
                .into(),
            done: p.position <= 2,
            overdue: p.position > 2 && p.due_at < now,
            key_step: p.key_step,
        })
        .collect();
    a.set_routes(slint::ModelRc::new(slint::VecModel::from(vec![
        RouteCard {
            id: 1,
            title: t.title.get(lang).into(),
            steps: slint::ModelRc::new(slint::VecModel::from(steps)),
        },
    ])));
}

/// A play-therapy session running for 41 minutes of 45, with notes being written.
fn session_preview(ui: &AppWindow, data: &PreviewData, lang: Language) {
    use super::{SessionAdapter, SessionPerson};
    let a = ui.global::<SessionAdapter>();
    let entry = data
        .calendar
        .iter()
        .find(|e| e.people.len() == 1)
        .or(data.calendar.first());
    a.set_can_ask_mood(true);
    a.set_kind("individual_play_therapy".into());
    a.set_time("11:30–12:15".into());
    a.set_room(
        data.rooms
            .first()
            .map(|r| r.1.clone())
            .unwrap_or_default()
            .into(),
    );
    a.set_psychologist(
        data.psychologists
            .first()
            .map(|p| p.1.clone())
            .unwrap_or_default()
            .into(),
    );
    let people: Vec<SessionPerson> = entry
        .map(|e| {
            e.people
                .iter()
                .map(|p| SessionPerson {
                    child: p.child.0 as i32,
                    avatar: p.avatar.key().into(),
                    name: format!("{} {}", p.first_name, p.surname).into(),
                    arrived: true,
                })
                .collect()
        })
        .unwrap_or_default();
    a.set_people(slint::ModelRc::new(slint::VecModel::from(people)));
    a.set_state("in_progress".into());
    a.set_elapsed("41:12".into());
    a.set_remaining("03:48".into());
    a.set_ending_soon(true);
    a.set_can_write_notes(true);
    a.set_notes("Строил из кубиков дом, впервые посадил в него всю семью. Спокойнее, чем на прошлой неделе.".into());
    let now = super::clock::at_local(data.schedule_day, 12, 0);
    let first_name = entry
        .and_then(|e| e.people.first())
        .map(|p| p.first_name.clone())
        .unwrap_or_default();
    let steps: Vec<super::SessionStepRow> = data
        .steps
        .iter()
        .take(2)
        .map(|(st, _)| super::SessionStepRow {
            id: st.id as i32,
            title: st.title.get(lang).into(),
            child: first_name.as_str().into(),
            due: st
                .due_at
                .with_timezone(&super::clock::zone())
                .format("%d.%m %H:%M")
                .to_string()
                .into(),
            overdue: st.due_at < now,
        })
        .collect();
    a.set_steps(slint::ModelRc::new(slint::VecModel::from(steps)));
}

/// A walk-in being booked at a time the room is taken.
fn booking_preview(ui: &AppWindow, data: &PreviewData, lang: Language) {
    use super::{BookingAdapter, BookingChild, BookingClash};
    let a = ui.global::<BookingAdapter>();
    let demo = crate::demo::generate(data.today);
    let children: Vec<BookingChild> = demo
        .families
        .iter()
        .flat_map(|f| f.children.iter())
        .take(12)
        .enumerate()
        .map(|(i, c)| BookingChild {
            id: i as i32,
            avatar: c.avatar.key().into(),
            name: format!("{} {}", c.first_name, c.surname).into(),
            chosen: i == 2,
        })
        .collect();
    a.set_children(slint::ModelRc::new(slint::VecModel::from(children)));
    a.set_for_walk_in(true);
    a.set_kind("individual_play_therapy".into());
    a.set_day(data.today.format("%d.%m.%Y").to_string().into());
    a.set_time("11:30".into());
    a.set_minutes(45);
    // Twice a week, six times: the weekday row shows.
    a.set_weeks(6);
    a.set_weekdays(slint::ModelRc::new(slint::VecModel::from(vec![
        false, true, false, true, false, false, false,
    ])));
    let names: Vec<slint::SharedString> = (0..7)
        .map(|i| {
            lang.short_date(
                NaiveDate::from_ymd_opt(2026, 11, 23).expect("a real date")
                    + chrono::Duration::days(i),
            )
            .split(' ')
            .next()
            .unwrap_or_default()
            .into()
        })
        .collect();
    a.set_weekday_names(slint::ModelRc::new(slint::VecModel::from(names)));
    if let Some(p) = data.first_with(Role::Psychologist) {
        a.set_psychologist(p.member.list_name().into());
    }
    a.set_room(data.room_name.clone().into());
    let day = data.today.format("%d.%m").to_string();
    a.set_clashes(slint::ModelRc::new(slint::VecModel::from(vec![
        BookingClash {
            what: "room".into(),
            name: "".into(),
            when: format!("{day} 11:00–11:45").into(),
        },
    ])));
    let offers: Vec<slint::SharedString> = ["11:45", "12:00", "10:15"]
        .iter()
        .map(|t| format!("{day} {t}").into())
        .collect();
    a.set_offers(slint::ModelRc::new(slint::VecModel::from(offers)));
}

/// A made-up family part-way through enrolment.
fn enrolment_preview(ui: &AppWindow, screen: ScreenName, lang: Language, today: NaiveDate) {
    use super::{EnrolmentAdapter, EnrolmentStep};
    use crate::domain::consent::{ConsentFacts, ConsentSubject, ConsentText};
    use crate::domain::{PadPoint, Signature};
    let a = ui.global::<EnrolmentAdapter>();
    let avatars: Vec<slint::SharedString> = crate::domain::Avatar::ALL
        .iter()
        .map(|a| a.key().into())
        .collect();
    a.set_avatars(slint::ModelRc::new(slint::VecModel::from(avatars)));
    a.set_parent_name("Иванова Анна Серг".into());
    if screen != ScreenName::EnrolParent {
        a.set_parent_name("Иванова Анна Сергеевна".into());
        a.set_family_surname("Ивановы".into());
        a.set_phone("8 917 000-11-22".into());
        a.set_address("г. Казань, ул. Баумана, д. 1, кв. 2".into());
        a.set_id_document("паспорт 9212 345678".into());
    }
    a.set_child_first_name("Маша".into());
    a.set_child_surname("Иванова".into());
    a.set_birth_date("01.03.2011".into());
    a.set_first_name_public(true);
    a.set_situations(slint::ModelRc::new(slint::VecModel::from(vec![
        false, false, true, false,
    ])));
    a.set_avatar("fox".into());
    let step = match screen {
        ScreenName::EnrolParent => EnrolmentStep::Parent,
        ScreenName::EnrolChild => EnrolmentStep::Child,
        ScreenName::EnrolAvatar => EnrolmentStep::Avatar,
        ScreenName::EnrolCode => {
            a.set_code_entered(2);
            EnrolmentStep::Code
        }
        ScreenName::EnrolConsent => {
            let subject =
                ConsentSubject::new("г. Казань, ул. Баумана, д. 1, кв. 2", "паспорт 9212 345678")
                    .expect("sample details are valid");
            let text = ConsentText::fill(
                lang,
                &ConsentFacts {
                    operator: crate::demo::DEMO_OPERATOR,
                    parent_name: "Иванова Анна Сергеевна",
                    subject: &subject,
                    child_full_name: "Иванова Маша",
                    child_first_name: "Маша",
                    birth_date: NaiveDate::from_ymd_opt(2011, 3, 1).expect("a real date"),
                    first_name_public: true,
                },
            )
            .expect("the sample consent fills");
            a.set_consent_text(text.text.into());
            let mut ink = Signature::default();
            ink.pen_down(PadPoint { x: 0.12, y: 0.62 });
            for i in 1..=24 {
                let x = 0.12 + i as f32 * 0.028;
                ink.pen_move(PadPoint {
                    x,
                    y: 0.55 + 0.18 * ((i as f32) * 0.9).sin(),
                });
            }
            a.set_parent_ink(ink.path_commands().into());
            a.set_parent_signed(true);
            a.set_child_signs(crate::domain::enrolment::child_signs(
                NaiveDate::from_ymd_opt(2011, 3, 1).expect("a real date"),
                today,
            ));
            EnrolmentStep::Consent
        }
        _ => EnrolmentStep::Done,
    };
    a.set_step(step);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for s in ScreenName::ALL {
            assert_eq!(ScreenName::from_name(s.name()), Some(s));
        }
        assert_eq!(ScreenName::from_name("nope"), None);
    }
}
