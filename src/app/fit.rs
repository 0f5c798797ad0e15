//! One design for every screen size. The screens are drawn for a 1280×800 canvas (the
//! smallest kiosk screen the centres use); the window's scale factor stretches that canvas
//! to fill the real screen, so a 1920×1080 screen shows the same layout 1.35 times larger
//! instead of a small island in empty space, and nothing that fits at 1280×800 can clip.
//!
//! The factor is the smaller of height/800 and width/1280, so the logical canvas is never
//! narrower than 1280 nor lower than 800: a 64 px touch target is 86 px on a 1080p screen,
//! 20 px text is 27 px. An operator who sets `SLINT_SCALE_FACTOR` keeps that factor.

use slint::platform::WindowEvent;
use slint::PhysicalSize;

/// The canvas every screen is designed for, in logical pixels.
pub const DESIGN_WIDTH: f32 = 1280.0;
pub const DESIGN_HEIGHT: f32 = 800.0;

/// The scale factor that makes the design canvas fill a screen of `size` physical pixels.
pub fn scale_for(size: PhysicalSize) -> Option<f32> {
    if size.width == 0 || size.height == 0 {
        return None;
    }
    let by_height = size.height as f32 / DESIGN_HEIGHT;
    let by_width = size.width as f32 / DESIGN_WIDTH;
    Some(by_height.min(by_width))
}

/// Sets `window`'s scale factor for its current size, unless the operator fixed one. Cheap and
/// idempotent: call it whenever the window's size may have changed.
pub fn fit(window: &slint::Window) {
    if std::env::var_os("SLINT_SCALE_FACTOR").is_some() {
        return;
    }
    let size = window.size();
    let Some(scale) = scale_for(size) else {
        return;
    };
    if (scale - window.scale_factor()).abs() < 0.001 {
        return;
    }
    window.dispatch_event(WindowEvent::ScaleFactorChanged {
        scale_factor: scale,
    });
    window.dispatch_event(WindowEvent::Resized {
        size: size.to_logical(scale),
    });
}

/// Keeps `ui`'s window fitted: now, and after every change of its size.
pub fn keep_fitted(ui: &super::AppWindow) {
    use slint::ComponentHandle;
    fit(ui.window());
    let weak = ui.as_weak();
    ui.on_resized(move || {
        if let Some(ui) = weak.upgrade() {
            fit(ui.window());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_design_canvas_is_kept_at_its_own_size() {
        assert_eq!(scale_for(PhysicalSize::new(1280, 800)), Some(1.0));
    }

    #[test]
    fn a_full_hd_screen_is_filled_by_its_height() {
        assert_eq!(scale_for(PhysicalSize::new(1920, 1080)), Some(1.35));
    }

    #[test]
    fn a_narrow_screen_is_fitted_by_its_width_so_nothing_is_cut_off() {
        // 1024×768: the canvas becomes 1280×960 logical pixels, wide enough for every screen.
        assert_eq!(scale_for(PhysicalSize::new(1024, 768)), Some(0.8));
        // A portrait 1080×1920 screen: by width.
        let s = scale_for(PhysicalSize::new(1080, 1920)).unwrap();
        assert!((s - 1080.0 / 1280.0).abs() < 1e-6);
    }

    #[test]
    fn a_window_not_yet_sized_is_left_alone() {
        assert_eq!(scale_for(PhysicalSize::new(0, 1080)), None);
    }

    #[test]
    fn at_1080p_the_smallest_staff_target_and_text_are_big_enough() {
        let s = scale_for(PhysicalSize::new(1920, 1080)).unwrap();
        // The smallest touch target and text the screens may use (tests/ui_sizes.rs).
        assert!(48.0 * s >= 64.0);
        assert!(15.0 * s >= 20.0);
    }
}
