//! The demo rental stock's photos (drawn here, no files) and its loans, one overdue.

use super::*;

/// The demo items that have a photo: the first stroller, cot and changing table.
const PHOTOGRAPHED: [&str; 3] = ["КОЛ-0001", "КРВ-0001", "ПЕЛ-0001"];

/// Photos for a few demo items, drawn here (no files): stored like a real photo.
pub(super) fn seed_photos(store: &mut Store) -> Result<(), StoreError> {
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
pub(super) fn seed_loans(store: &mut Store, today: NaiveDate) -> Result<(), StoreError> {
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
