//! `ladoshka demo-data`: a believable centre in Kazan to try the kiosk with — three rooms,
//! three psychologists, two staff members and an administrator, a few dozen families with
//! Russian and Tatar names, a week of sessions and a rental stock. Generated from a fixed
//! seed, so the same day always gives the same centre; nobody in it is real.

use chrono::{Datelike, Duration, NaiveDate, Utc};

pub mod around_now;
mod diagnostics;
mod rental;
mod restorative;

use diagnostics::seed_diagnostics;
pub use rental::demo_photo;
use rental::{seed_loans, seed_photos};

use crate::crypto::pin_hash::PICTURE_CODE_ITERATIONS;
use crate::crypto::{PinCost, PinHash, PinPepper};
use crate::domain::consent::ConsentFacts;
use crate::domain::{
    Avatar, ChildId, ConsentSubject, ConsentText, FamilyId, ItemState, Language, LifeSituation,
    NewChild, NewFamily, NewRentalItem, NewRoom, NewSession, NewStaff, PadPoint, PictureCode, Pin,
    RentalKind, Role, RoomKind, SessionKind, Signature, SignedConsent, StaffId,
};
use crate::store::{Store, StoreError};

/// The demo week's sessions: (weekday from Monday, psychologist, start hours and minutes).
type WeekSlots = [(usize, usize, &'static [(u32, u32)])];

/// Demo sign-in PINs, printed by `ladoshka demo-data` and in the README. Demo only.
pub const DEMO_STAFF: &[(&str, &str, &str, Role, &str)] = &[
    ("Анна", "Сергеевна", "Сафина", Role::Psychologist, "1111"),
    (
        "Ләйсән",
        "Ринатовна",
        "Хайруллина",
        Role::Psychologist,
        "2222",
    ),
    (
        "Дмитрий",
        "Андреевич",
        "Морозов",
        Role::Psychologist,
        "3333",
    ),
    ("Гөлнара", "Ильдаровна", "Закирова", Role::Staff, "4444"),
    ("Ольга", "Викторовна", "Петрова", Role::Staff, "5555"),
    ("Рустем", "Маратович", "Нуриев", Role::Admin, "9999"),
];

const ROOMS: &[(&str, RoomKind)] = &[
    ("Игротерапия «Радуга»", RoomKind::PlayTherapy),
    ("Кабинет примирения и согласия", RoomKind::Reconciliation),
    ("Социальный прокат", RoomKind::Rental),
];

// (male, female) surname forms.
const SURNAMES: &[(&str, &str)] = &[
    ("Галиев", "Галиева"),
    ("Хайруллин", "Хайруллина"),
    ("Сафин", "Сафина"),
    ("Мухаметзянов", "Мухаметзянова"),
    ("Гарипов", "Гарипова"),
    ("Зарипов", "Зарипова"),
    ("Валиев", "Валиева"),
    ("Шарипов", "Шарипова"),
    ("Закиров", "Закирова"),
    ("Ахметов", "Ахметова"),
    ("Файзуллин", "Файзуллина"),
    ("Исмагилов", "Исмагилова"),
    ("Иванов", "Иванова"),
    ("Смирнов", "Смирнова"),
    ("Кузнецов", "Кузнецова"),
    ("Соколов", "Соколова"),
    ("Лебедев", "Лебедева"),
    ("Новиков", "Новикова"),
    ("Морозов", "Морозова"),
    ("Волков", "Волкова"),
    ("Соловьёв", "Соловьёва"),
    ("Васильев", "Васильева"),
    ("Зайцев", "Зайцева"),
    ("Павлов", "Павлова"),
];
const BOYS: &[&str] = &[
    "Айдар",
    "Тимур",
    "Рамиль",
    "Азат",
    "Ильназ",
    "Булат",
    "Карим",
    "Искандер",
    "Салават",
    "Данияр",
    "Артём",
    "Максим",
    "Иван",
    "Матвей",
    "Михаил",
    "Кирилл",
    "Егор",
    "Никита",
];
const GIRLS: &[&str] = &[
    "Алсу",
    "Гүзәл",
    "Айгуль",
    "Ләйсән",
    "Диляра",
    "Камилә",
    "Әминә",
    "Илүзә",
    "Җәмилә",
    "Мария",
    "Анна",
    "София",
    "Алиса",
    "Виктория",
    "Полина",
    "Ева",
    "Варвара",
    "Ксения",
];
const MOTHERS: &[&str] = &[
    "Гүзәл",
    "Алия",
    "Резеда",
    "Лилия",
    "Наиля",
    "Елена",
    "Ольга",
    "Татьяна",
    "Наталья",
    "Светлана",
    "Гөлшат",
    "Ирина",
];
const MOTHER_PATRONYMICS: &[&str] = &[
    "Рамилевна",
    "Ильдаровна",
    "Ринатовна",
    "Фаридовна",
    "Сергеевна",
    "Андреевна",
    "Александровна",
    "Владимировна",
];

pub struct DemoChild {
    pub first_name: &'static str,
    pub surname: &'static str,
    pub birth_date: NaiveDate,
    pub avatar: Avatar,
    pub first_name_public: bool,
    pub situations: Vec<LifeSituation>,
}

pub struct DemoFamily {
    pub family: NewFamily,
    pub children: Vec<DemoChild>,
}

pub struct DemoSession {
    pub room: usize,
    pub psychologist: usize,
    pub kind: SessionKind,
    pub starts_at: chrono::DateTime<Utc>,
    pub minutes: u32,
    /// (family index, child index within the family)
    pub participants: Vec<(usize, usize)>,
}

pub struct DemoCentre {
    pub rooms: Vec<NewRoom>,
    pub staff: Vec<(NewStaff, Pin)>,
    pub families: Vec<DemoFamily>,
    pub sessions: Vec<DemoSession>,
    pub rental: Vec<NewRentalItem>,
}

/// Every demo child's picture code: apple, ball, car (the first three pictures of the grid).
pub const DEMO_PICTURE_CODE: [u8; 3] = [0, 1, 2];

/// Kazan keeps Moscow time: the demo centre's clock.
pub const KAZAN: chrono_tz::Tz = chrono_tz::Europe::Moscow;

/// The demo centre for the week that holds `today`.
pub fn generate(today: NaiveDate) -> DemoCentre {
    let mut rng = fastrand::Rng::with_seed(0x1ad05a);
    let rooms = ROOMS
        .iter()
        .map(|(n, k)| NewRoom::new(n, *k).expect("demo room names are valid"))
        .collect();
    let staff = DEMO_STAFF
        .iter()
        .map(|(f, p, l, role, pin)| {
            (
                NewStaff::new(f, p, l, *role).expect("demo staff names are valid"),
                Pin::parse(pin).expect("demo PINs are valid"),
            )
        })
        .collect();

    let mut families = Vec::new();
    for i in 0..32 {
        let (male, female) = SURNAMES[i % SURNAMES.len()];
        let mother = format!(
            "{female} {} {}",
            MOTHERS[rng.usize(..MOTHERS.len())],
            MOTHER_PATRONYMICS[rng.usize(..MOTHER_PATRONYMICS.len())]
        );
        let phone = format!(
            "+7 9{:02} {:03}-{:02}-{:02}",
            rng.u32(0..100),
            rng.u32(0..1000),
            rng.u32(0..100),
            rng.u32(0..100)
        );
        let family = NewFamily::new(female, &mother, Some(&phone)).expect("demo family is valid");
        // Most families in the project's target group live through one of the four situations;
        // a quarter come for preventive work with none recorded.
        let situation = (rng.u8(0..4) > 0).then(|| LifeSituation::ALL[rng.usize(..4)]);
        let children = (0..rng.usize(1..=3))
            .map(|_| {
                let boy = rng.bool();
                let age_days = rng.i64(3 * 365 + 30..17 * 365);
                DemoChild {
                    first_name: if boy {
                        BOYS[rng.usize(..BOYS.len())]
                    } else {
                        GIRLS[rng.usize(..GIRLS.len())]
                    },
                    surname: if boy { male } else { female },
                    birth_date: today - Duration::days(age_days),
                    avatar: Avatar::ALL[rng.usize(..Avatar::ALL.len())],
                    first_name_public: rng.u8(0..3) > 0,
                    situations: situation.into_iter().collect(),
                }
            })
            .collect();
        families.push(DemoFamily { family, children });
    }

    let sessions = week_of_sessions(today, &families, &mut rng);
    let mut rental = Vec::new();
    let stock: &[(RentalKind, usize)] = &[
        (RentalKind::STROLLER_TRANSFORMER, 5),
        (RentalKind::SLEDGE_STROLLER, 2),
        (RentalKind::COT_WITH_BUMPERS, 4),
        (RentalKind::PLAYPEN, 2),
        (RentalKind::WALKER, 3),
        (RentalKind::FEEDING_CHAIR, 2),
        (RentalKind::CHANGING_TABLE, 1),
    ];
    let kinds = crate::domain::rental_kinds::default_kinds();
    for (kind, n) in stock {
        for k in 1..=*n {
            let state = match rng.u8(0..10) {
                0..=4 => ItemState::Available,
                5..=7 => ItemState::OnLoan,
                8 => ItemState::AwaitingCleaning,
                _ => ItemState::InRepair,
            };
            let prefix = kinds.get(*kind).map_or("ИНВ", |s| s.prefix.as_str());
            let number = format!("{prefix}-{k:04}");
            rental.push(
                NewRentalItem::new(*kind, &number, state)
                    .expect("demo inventory numbers are valid"),
            );
        }
    }
    DemoCentre {
        rooms,
        staff,
        families,
        sessions,
        rental,
    }
}

/// Monday to Friday of `today`'s week: psychologist 0 holds the play-therapy room in the
/// mornings, psychologist 1 in the afternoons, psychologist 2 the reconciliation room all day,
/// so no room or person is ever in two places at once.
fn week_of_sessions(
    today: NaiveDate,
    families: &[DemoFamily],
    rng: &mut fastrand::Rng,
) -> Vec<DemoSession> {
    let monday = today - Duration::days(today.weekday().num_days_from_monday().into());
    let slots: &WeekSlots = &[
        (0, 0, &[(9, 0), (10, 0), (11, 30)]),
        (0, 1, &[(14, 0), (15, 0), (16, 30)]),
        (1, 2, &[(9, 30), (11, 0), (14, 30), (16, 0)]),
    ];
    let pick_child = |rng: &mut fastrand::Rng| {
        let f = rng.usize(..families.len());
        (f, rng.usize(..families[f].children.len()))
    };
    let mut out = Vec::new();
    for day in 0..5 {
        let date = monday + Duration::days(day);
        for (room, psychologist, times) in slots {
            for (h, m) in times.iter() {
                let local = date.and_hms_opt(*h, *m, 0).expect("valid demo time");
                let starts_at = crate::domain::recurrence::to_utc(local, KAZAN);
                let (kind, participants) = if *room == 1 {
                    let f = rng.usize(..families.len());
                    (
                        SessionKind::FamilyReconciliation,
                        (0..families[f].children.len()).map(|c| (f, c)).collect(),
                    )
                } else {
                    match rng.u8(0..6) {
                        0 => {
                            let mut group: Vec<_> = (0..3).map(|_| pick_child(rng)).collect();
                            group.sort();
                            group.dedup();
                            if group.len() < 2 {
                                (SessionKind::IndividualPlayTherapy, vec![group[0]])
                            } else {
                                (SessionKind::Group, group)
                            }
                        }
                        1 => (SessionKind::Diagnostic, vec![pick_child(rng)]),
                        _ => (SessionKind::IndividualPlayTherapy, vec![pick_child(rng)]),
                    }
                };
                let minutes = if *room == 1 { 60 } else { 45 };
                out.push(DemoSession {
                    room: *room,
                    psychologist: *psychologist,
                    kind,
                    starts_at,
                    minutes,
                    participants,
                });
            }
        }
    }
    out
}

/// The operator named in demo consents and on a demo kiosk.
pub const DEMO_OPERATOR: &str =
    "ГБУ «Комплексный центр социального обслуживания населения „Ладошка“» (демонстрация)";

/// A demo family's consent: the real text, filled with invented details and a drawn scribble.
/// A zig-zag that counts as a signature (`Signature::is_signed`).
fn demo_scribble() -> Signature {
    let mut scribble = Signature::default();
    scribble.pen_down(PadPoint { x: 0.1, y: 0.6 });
    for i in 1..=12 {
        scribble.pen_move(PadPoint {
            x: 0.1 + i as f32 * 0.06,
            y: if i % 2 == 0 { 0.6 } else { 0.35 },
        });
    }
    scribble
}

/// The demo's signature as a picture.
pub(crate) fn demo_signature_png() -> Vec<u8> {
    demo_scribble().to_png()
}

fn demo_consent(
    family: &NewFamily,
    child: &NewChild,
    today: NaiveDate,
) -> Result<SignedConsent, StoreError> {
    let subject = ConsentSubject::new(
        "г. Казань, демонстрационный адрес",
        "паспорт 0000 000000 (демонстрация)",
    )?;
    let text = ConsentText::fill(
        Language::Ru,
        &ConsentFacts {
            operator: DEMO_OPERATOR,
            parent_name: &family.parent_name,
            subject: &subject,
            child_full_name: &crate::domain::consent::full_name(&child.surname, &child.first_name)?,
            child_first_name: &child.first_name,
            birth_date: child.birth_date,
            first_name_public: child.first_name_public,
        },
    )?;
    let scribble = demo_scribble();
    let child_signature_png =
        crate::domain::enrolment::child_signs(child.birth_date, today).then(|| scribble.to_png());
    Ok(SignedConsent {
        text,
        subject,
        parent_signature_png: scribble.to_png(),
        child_signature_png,
    })
}

/// What seeding wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedSummary {
    pub rooms: usize,
    pub staff: usize,
    pub families: usize,
    pub children: usize,
    pub sessions: usize,
    pub rental_items: usize,
}

/// Writes the demo centre in one transaction (with its outbox rows). Refuses a database that
/// already has staff, so real records are never mixed with invented ones.
pub fn seed(
    store: &mut Store,
    centre: &DemoCentre,
    pepper: &PinPepper,
    today: NaiveDate,
) -> Result<SeedSummary, StoreError> {
    seed_with_pin_cost(store, centre, pepper, today, PinCost::STAFF)
}

/// [`seed`] with the staff PINs hashed at `pin_cost`: tests seed with
/// [`PinCost::TESTS_ONLY`] so hundreds of seeds stay fast; `ladoshka run --demo` uses [`seed`].
pub fn seed_with_pin_cost(
    store: &mut Store,
    centre: &DemoCentre,
    pepper: &PinPepper,
    today: NaiveDate,
    pin_cost: PinCost,
) -> Result<SeedSummary, StoreError> {
    if store.counts()?.staff > 0 {
        return Err(StoreError::Invalid(
            "this database already has staff; demo data goes only into a new, empty database (use another --data-dir)".into(),
        ));
    }
    let (summary, first_children, psychologist) = store.write(|w| {
        let rooms: Vec<_> = centre
            .rooms
            .iter()
            .map(|r| w.insert_room(r))
            .collect::<Result<_, _>>()?;
        let staff: Vec<StaffId> = centre
            .staff
            .iter()
            .map(|(s, pin)| w.insert_staff(s, &PinHash::with_cost(pin, pepper, pin_cost)))
            .collect::<Result<_, _>>()?;
        let mut children = Vec::new();
        for f in &centre.families {
            let id: FamilyId = w.insert_family(&f.family)?;
            let mut ids = Vec::new();
            for c in &f.children {
                let child = NewChild::new(
                    id,
                    c.first_name,
                    c.surname,
                    c.birth_date,
                    c.avatar,
                    c.first_name_public,
                    &c.situations,
                    today,
                )?;
                let code = PictureCode::new(&DEMO_PICTURE_CODE)?.canonical();
                let code_hash =
                    PinHash::of_secret(code.as_bytes(), pepper, PICTURE_CODE_ITERATIONS);
                let consent = demo_consent(&f.family, &child, today)?;
                ids.push(
                    w.add_child_with_consent(&child, &code_hash, &consent, None)?
                        .child,
                );
            }
            children.push(ids);
        }
        // Sessions before today were held (every seventh family did not come).
        for (n, s) in centre.sessions.iter().enumerate() {
            let participants: Vec<_> = s
                .participants
                .iter()
                .map(|(f, c)| children[*f][*c])
                .collect();
            let psychologist = staff[s.psychologist];
            let session = NewSession::new(
                rooms[s.room],
                psychologist,
                s.kind,
                s.starts_at,
                s.minutes,
                &participants,
            )?;
            let id = w.insert_session(&session)?;
            if s.starts_at.with_timezone(&KAZAN).date_naive() < today {
                if n % 7 == 3 {
                    w.set_session_state(
                        id,
                        crate::domain::SessionState::NoShow,
                        None,
                        psychologist,
                    )?;
                } else {
                    w.set_session_state(
                        id,
                        crate::domain::SessionState::InProgress,
                        None,
                        psychologist,
                    )?;
                    w.set_session_state(id, crate::domain::SessionState::Done, None, psychologist)?;
                }
            }
        }
        // Children in a life situation follow its help route: a few steps done, and three
        // routes closed with the family's answer.
        let templates = crate::platform::route_files::built_in().templates;
        let mut assigned = 0;
        for (f, family) in centre.families.iter().enumerate() {
            for (c, child) in family.children.iter().enumerate() {
                let Some(template) = child
                    .situations
                    .first()
                    .and_then(|s| templates.iter().find(|t| t.situation == *s))
                else {
                    continue;
                };
                let route = w.assign_route(children[f][c], template, staff[assigned % 3])?;
                let steps: Vec<i64> = w.route_step_ids(route)?;
                for step in steps.iter().take(1 + assigned % 3) {
                    w.complete_step(*step, None, staff[assigned % 3])?;
                }
                if assigned % 5 == 0 {
                    w.close_route(
                        route,
                        Some(assigned % 10 == 0 || assigned % 3 == 0),
                        staff[assigned % 3],
                    )?;
                }
                assigned += 1;
            }
        }
        for item in &centre.rental {
            w.insert_rental_item(item)?;
        }
        let summary = SeedSummary {
            rooms: rooms.len(),
            staff: staff.len(),
            families: centre.families.len(),
            children: children.iter().map(Vec::len).sum(),
            sessions: centre.sessions.len(),
            rental_items: centre.rental.len(),
        };
        let firsts: Vec<ChildId> = children
            .iter()
            .filter_map(|c| c.first().copied())
            .take(3)
            .collect();
        Ok((summary, firsts, staff[0]))
    })?;
    seed_diagnostics(store, &first_children, psychologist, today)?;
    seed_loans(store, today)?;
    seed_photos(store)?;
    restorative::seed_cases(store, today)?;
    Ok(summary)
}

#[cfg(test)]
mod tests;
