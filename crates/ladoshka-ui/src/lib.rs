//! The kiosk's screens as Slint compiles them from `ui/app.slint` (see `build.rs`): the window,
//! its adapter globals and the structs they carry. Nothing else lives here; the app layer
//! (`ladoshka::app`) re-exports all of it and is the only code that uses it.

slint::include_modules!();
