//! No screen keeps repainting itself when left alone (issue 24): every screen in the screenshot
//! list is shown and drawn with the software renderer, left alone for 30 s of the platform's
//! own clock (moved by hand, no real waiting), drawn again, and the window must have no animation
//! running. A binding on `animation-tick()` or an endless animation would keep the renderer
//! drawing full frames all day on the kiosk; this catches one coming back without timing
//! anything. Short motions are fine: the public home stirs as it appears (which also shows the
//! probe sees an animation when there is one), and comes to rest.

use std::time::Duration;

use chrono::NaiveDate;
use ladoshka::app::screens::{PreviewData, ScreenName};
use ladoshka::app::screenshot::settling;
use ladoshka::domain::Language;

#[test]
fn every_screen_comes_to_rest_when_left_alone() {
    let data = PreviewData::demo(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    let settled = settling(
        &ScreenName::ALL,
        Language::Ru,
        (1920, 1080),
        &data,
        Duration::from_secs(30),
    )
    .expect("the screens render headless");
    assert_eq!(settled.len(), ScreenName::ALL.len());
    let home = settled
        .iter()
        .find(|s| s.screen == ScreenName::Home)
        .unwrap();
    assert!(
        home.moving_at_first,
        "the public home stirs as it appears: the probe sees animations"
    );
    let moving: Vec<&str> = settled
        .iter()
        .filter(|s| s.moving_after)
        .map(|s| s.screen.name())
        .collect();
    assert!(
        moving.is_empty(),
        "still animating after 30 s alone: {moving:?}"
    );
}
