//! Headless screenshots: a tiny Slint platform around one `MinimalSoftwareWindow`, so any
//! screen renders with the software renderer and no display, the same on every machine
//! (the fonts are embedded in the binary).

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
}

impl Platform for Headless {
    fn create_window_adapter(&self) -> Result<Rc<dyn WindowAdapter>, slint::PlatformError> {
        Ok(self.window.clone())
    }

    /// A frozen clock: animations are drawn at their first frame, so screenshots repeat exactly.
    fn duration_since_start(&self) -> Duration {
        Duration::ZERO
    }
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
