//! Headless screenshots: a tiny Slint platform around one `MinimalSoftwareWindow`, so any
//! screen renders with the software renderer and no display, the same on every machine
//! (the fonts are embedded in the binary). The same platform, with its clock moved by hand,
//! tells which screens keep animating when left alone ([`settling`]).

use std::cell::Cell;
use std::path::Path;
use std::rc::Rc;
use std::time::{Duration, Instant};

use anyhow::Context;
use slint::platform::software_renderer::{MinimalSoftwareWindow, RepaintBufferType};
use slint::platform::{Platform, WindowAdapter};
use slint::{ComponentHandle, PhysicalSize};

use super::screens::{prepare, PreviewData, ScreenName};
use super::AppWindow;
use crate::domain::Language;

struct Headless {
    window: Rc<MinimalSoftwareWindow>,
    /// The platform's clock: frozen at zero for screenshots (animations are drawn at their first
    /// frame, so screenshots repeat exactly); moved on by hand in [`settling`].
    clock: Rc<Cell<Duration>>,
}

impl Platform for Headless {
    fn create_window_adapter(&self) -> Result<Rc<dyn WindowAdapter>, slint::PlatformError> {
        Ok(self.window.clone())
    }

    fn duration_since_start(&self) -> Duration {
        self.clock.get()
    }
}

/// Whether a screen was animating a moment after it was shown, and after it was left alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settling {
    pub screen: ScreenName,
    /// Animating 0.5 s after it was shown (a screen may move as it appears).
    pub moving_at_first: bool,
    /// Still animating after the whole wait: a screen that repaints by itself for ever.
    pub moving_after: bool,
}

/// How each of `screens` settles when shown and left alone for `after`. Each is shown and drawn,
/// the clock moved on by half a second and then to `after` (timers and animations updated to it,
/// a frame drawn each time), and the window asked whether any animation is running. A binding
/// on `animation-tick()` or an endless animation keeps `moving_after`. Call once per process (it
/// sets the platform).
pub fn settling(
    screens: &[ScreenName],
    lang: Language,
    (width, height): (u32, u32),
    data: &PreviewData,
    after: Duration,
) -> anyhow::Result<Vec<Settling>> {
    let window = MinimalSoftwareWindow::new(RepaintBufferType::NewBuffer);
    let clock = Rc::new(Cell::new(Duration::ZERO));
    slint::platform::set_platform(Box::new(Headless {
        window: window.clone(),
        clock: clock.clone(),
    }))
    .map_err(|e| anyhow::anyhow!("cannot start the headless renderer: {e}"))?;
    let ui = AppWindow::new().context("cannot build the UI")?;
    window.set_size(PhysicalSize::new(width, height));
    super::fit::fit(ui.window());
    ui.show().context("cannot show the UI")?;
    let moving_at = |by: Duration| -> anyhow::Result<bool> {
        clock.set(clock.get() + by);
        slint::platform::update_timers_and_animations();
        ui.window()
            .take_snapshot()
            .context("cannot render the screen")?;
        Ok(ui.window().has_active_animations())
    };
    let mut settled = Vec::with_capacity(screens.len());
    for &screen in screens {
        prepare(&ui, screen, lang, data);
        moving_at(Duration::ZERO)?;
        let half = Duration::from_millis(500);
        let moving_at_first = moving_at(half)?;
        let moving_after = moving_at(after.saturating_sub(half))?;
        settled.push(Settling {
            screen,
            moving_at_first,
            moving_after,
        });
    }
    Ok(settled)
}

pub struct Rendered {
    /// From the start of rendering to the pixels being ready.
    pub render_time: Duration,
}

/// Renders `screen` at `width`×`height` and writes it to `out` as PNG. Call once per process.
pub fn render_to_png(
    screen: ScreenName,
    lang: Language,
    (width, height): (u32, u32),
    data: &PreviewData,
    out: &Path,
) -> anyhow::Result<Rendered> {
    let started = Instant::now();
    let window = MinimalSoftwareWindow::new(RepaintBufferType::NewBuffer);
    slint::platform::set_platform(Box::new(Headless {
        window: window.clone(),
        clock: Rc::new(Cell::new(Duration::ZERO)),
    }))
    .map_err(|e| anyhow::anyhow!("cannot start the headless renderer: {e}"))?;
    let ui = AppWindow::new().context("cannot build the UI")?;
    prepare(&ui, screen, lang, data);
    window.set_size(PhysicalSize::new(width, height));
    super::fit::fit(ui.window());
    ui.show().context("cannot show the UI")?;
    let pixels = ui
        .window()
        .take_snapshot()
        .context("cannot render the screen")?;
    let render_time = started.elapsed();
    let image =
        image::RgbaImage::from_raw(pixels.width(), pixels.height(), pixels.as_bytes().to_vec())
            .context("the renderer returned a buffer of the wrong size")?;
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    image
        .save(out)
        .with_context(|| format!("cannot write {}", out.display()))?;
    Ok(Rendered { render_time })
}

/// Parses «1920x1080».
pub fn parse_size(text: &str) -> anyhow::Result<(u32, u32)> {
    let (w, h) = text
        .split_once(['x', 'X', '×'])
        .with_context(|| format!("size «{text}» is not WIDTHxHEIGHT, e.g. 1920x1080"))?;
    let parse = |s: &str| -> anyhow::Result<u32> {
        let n: u32 = s
            .trim()
            .parse()
            .with_context(|| format!("«{s}» is not a whole number of pixels"))?;
        anyhow::ensure!((200..=8192).contains(&n), "{n} px is outside 200–8192");
        Ok(n)
    };
    Ok((parse(w)?, parse(h)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1920x1080").unwrap(), (1920, 1080));
        assert_eq!(parse_size("1280×800").unwrap(), (1280, 800));
        assert!(parse_size("1920").is_err());
        assert!(parse_size("10x10").is_err());
        assert!(parse_size("axb").is_err());
    }
}
