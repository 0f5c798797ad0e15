//! `ladoshka demo-data`: a believable centre in Kazan to try the kiosk with — three rooms,
//! three psychologists, two staff members and an administrator, a few dozen families with
//! Russian and Tatar names, a week of sessions and a rental stock. Generated from a fixed
//! seed, so the same day always gives the same centre; nobody in it is real.

use chrono::{Datelike, Duration, NaiveDate, Utc};

pub mod around_now;

use crate::crypto::pin_hash::PICTURE_CODE_ITERATIONS;
use crate::crypto::{PinHash, PinPepper};
use crate::domain::consent::ConsentFacts;
use crate::domain::{
    Avatar, ChildId, ConsentSubject, ConsentText, FamilyId, ItemState, Language, LifeSituation,
    NewChild, NewFamily, NewRentalItem, NewRoom, NewSession, NewStaff, PadPoint, PictureCode, Pin,
    RentalKind, Role, RoomKind, SessionKind, Signature, SignedConsent, StaffId,
};
use crate::store::{Store, StoreError};

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
    let slots: &[(usize, usize, &[(u32, u32)])] = &[
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
    let mut scribble = Signature::default();
    scribble.pen_down(PadPoint { x: 0.1, y: 0.6 });
    for i in 1..=12 {
        scribble.pen_move(PadPoint {
            x: 0.1 + i as f32 * 0.06,
            y: if i % 2 == 0 { 0.6 } else { 0.35 },
        });
    }
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
            .map(|(s, pin)| w.insert_staff(s, &PinHash::new(pin, pepper)))
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
    Ok(summary)
}

/// The demo items that have a photo: the first stroller, cot and changing table.
const PHOTOGRAPHED: [&str; 3] = ["КОЛ-0001", "КРВ-0001", "ПЕЛ-0001"];

/// Photos for a few demo items, drawn here (no files): stored like a real photo.
fn seed_photos(store: &mut Store) -> Result<(), StoreError> {
    let items = store.rental_items()?;
    let by = StaffId(
        store
            .staff_cards()?
            .into_iter()
            .find(|c| c.member.role == Role::Staff)
            .map_or(1, |c| c.id.0),
    );
    for number in PHOTOGRAPHED {
        let Some((id, item)) = items.iter().find(|(_, i)| i.inventory_number == number) else {
            continue;
        };
        let png = demo_photo(item.kind);
        store.write(|w| w.set_item_photo(*id, &png, by).map(|_| ()))?;
    }
    Ok(())
}

/// A simple picture of an item of `kind` as PNG: a coloured rounded body on a light ground,
/// with wheels, bars or legs.
pub fn demo_photo(kind: RentalKind) -> Vec<u8> {
    use image::{Rgb, RgbImage};
    const W: u32 = 480;
    const H: u32 = 360;
    let colour = match kind {
        RentalKind::STROLLER_TRANSFORMER | RentalKind::SLEDGE_STROLLER => Rgb([46, 110, 170]),
        RentalKind::COT_WITH_BUMPERS | RentalKind::PLAYPEN => Rgb([214, 120, 150]),
        _ => Rgb([90, 160, 100]),
    };
    let dark = Rgb([50, 50, 60]);
    // The body: a rounded rectangle.
    let (bx0, by0, bx1, by1, r) = (90i64, 70i64, 390i64, 250i64, 40i64);
    let in_body = |x: i64, y: i64| {
        if x < bx0 || x > bx1 || y < by0 || y > by1 {
            return false;
        }
        let cx = x.clamp(bx0 + r, bx1 - r);
        let cy = y.clamp(by0 + r, by1 - r);
        (x - cx).pow(2) + (y - cy).pow(2) <= r * r
    };
    let disc =
        |x: i64, y: i64, cx: i64, cy: i64, r: i64| (x - cx).pow(2) + (y - cy).pow(2) <= r * r;
    let img = RgbImage::from_fn(W, H, |x, y| {
        let (x, y) = (i64::from(x), i64::from(y));
        let detail = match kind {
            // Wheels (runners for the sledge).
            RentalKind::STROLLER_TRANSFORMER | RentalKind::WALKER | RentalKind::FEEDING_CHAIR => {
                disc(x, y, 140, 290, 34) || disc(x, y, 340, 290, 34)
            }
            RentalKind::SLEDGE_STROLLER => (110..=370).contains(&x) && (300..=312).contains(&y),
            // Bars.
            RentalKind::COT_WITH_BUMPERS | RentalKind::PLAYPEN => {
                (by0 - 30..=by0 + 20).contains(&y) && (x - bx0) % 30 < 8 && (bx0..=bx1).contains(&x)
            }
            // Legs.
            RentalKind::CHANGING_TABLE => {
                (250..=330).contains(&y) && ((110..=130).contains(&x) || (350..=370).contains(&x))
            }
            // A kind a centre added: the body alone.
            _ => false,
        };
        if in_body(x, y) {
            colour
        } else if detail {
            dark
        } else {
            Rgb([244, 240, 232])
        }
    });
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("a PNG encodes into memory");
    png
}

/// Three items out on loan to the last three families: one overdue, one due within the week,
/// one on time, so the staff home has something to chase.
fn seed_loans(store: &mut Store, today: NaiveDate) -> Result<(), StoreError> {
    use crate::domain::eligibility::CategoryCheck;
    let families: Vec<FamilyId> = store
        .families()?
        .into_iter()
        .map(|f| f.id)
        .rev()
        .take(3)
        .collect();
    let items = store.rental_items()?;
    let by = StaffId(
        store
            .staff_cards()?
            .into_iter()
            .find(|c| c.member.role == Role::Staff)
            .map_or(1, |c| c.id.0),
    );
    let picks = [
        (RentalKind::COT_WITH_BUMPERS, 35, 1),
        (RentalKind::STROLLER_TRANSFORMER, 26, 1),
        (RentalKind::FEEDING_CHAIR, 60, 9),
    ];
    for ((kind, days_ago, months), family) in picks.into_iter().zip(families) {
        let Some((item, _)) = items
            .iter()
            .find(|(_, i)| i.kind == kind && i.state == ItemState::Available)
        else {
            continue;
        };
        let start = today - Duration::days(days_ago);
        let at = start
            .and_hms_opt(10, 0, 0)
            .and_then(|t| t.and_local_timezone(KAZAN).single())
            .map_or_else(crate::platform::clock::now, |t| t.with_timezone(&Utc));
        let check = CategoryCheck {
            category: "difficult_situation".into(),
            documents_seen: vec!["passport".into(), "tzhs_act".into()],
            checked_on: start,
        };
        store.write_at(at, |w| {
            w.record_category_check(family, &check, by)?;
            w.lend(
                *item,
                family,
                months,
                start,
                DEMO_CONTRACT,
                &DEMO_SIGNATURE_PNG,
                by,
            )
            .map(|_| ())
        })?;
    }
    Ok(())
}

/// What a demo loan's contract says (the real text comes with the lending screen).
const DEMO_CONTRACT: &str = "Договор безвозмездного пользования (демонстрационный образец).";
/// A stand-in for the parent's signature in the demo: the PNG signature bytes only.
const DEMO_SIGNATURE_PNG: [u8; 8] = [137, 80, 78, 71, 13, 10, 26, 10];

/// A few weeks of results for three children, so the diagnostics screen has a history: the
/// Lüscher test three and one weeks ago, and the mood scale in between.
fn seed_diagnostics(
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn demo_photos_are_pictures_of_each_kind() {
        let mut seen = HashSet::new();
        for kind in crate::domain::rental_kinds::default_kinds().kinds() {
            let png = demo_photo(kind);
            let img = image::load_from_memory(&png).expect("a PNG");
            assert_eq!((img.width(), img.height()), (480, 360));
            seen.insert(png);
        }
        assert!(seen.len() >= 4, "the kinds look different");
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn a_believable_centre() {
        let c = generate(today());
        assert_eq!(c.rooms.len(), 3);
        assert_eq!(
            c.staff
                .iter()
                .filter(|(s, _)| s.role == Role::Psychologist)
                .count(),
            3
        );
        assert!((24..=48).contains(&c.families.len()));
        assert!(c.sessions.len() >= 40);
        assert!(c.rental.len() >= 15);
        let names: HashSet<_> = c
            .families
            .iter()
            .flat_map(|f| f.children.iter().map(|ch| ch.first_name))
            .collect();
        assert!(
            names
                .iter()
                .any(|n| n.chars().any(|ch| "әөүҗңһ".contains(ch))),
            "some Tatar letters: {names:?}"
        );
        for f in &c.families {
            for ch in &f.children {
                let age = crate::domain::family::age_on(ch.birth_date, today());
                assert!((3..=17).contains(&age), "age {age}");
            }
        }
    }

    #[test]
    fn same_day_same_centre() {
        let (a, b) = (generate(today()), generate(today()));
        assert_eq!(a.families.len(), b.families.len());
        assert_eq!(a.families[5].family, b.families[5].family);
        assert_eq!(a.sessions[7].starts_at, b.sessions[7].starts_at);
    }

    #[test]
    fn no_room_or_psychologist_is_double_booked() {
        let c = generate(today());
        for (i, a) in c.sessions.iter().enumerate() {
            for b in &c.sessions[i + 1..] {
                let overlap = a.starts_at < b.starts_at + Duration::minutes(b.minutes.into())
                    && b.starts_at < a.starts_at + Duration::minutes(a.minutes.into());
                if overlap {
                    assert_ne!(a.room, b.room);
                    assert_ne!(a.psychologist, b.psychologist);
                }
            }
        }
    }

    #[test]
    fn sessions_fall_in_the_working_week_of_today() {
        let c = generate(today());
        let monday = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
        for s in &c.sessions {
            let local = s.starts_at.with_timezone(&KAZAN).date_naive();
            assert!(
                local >= monday && local < monday + Duration::days(5),
                "{local}"
            );
        }
    }
}
