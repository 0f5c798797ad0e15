//! Taking an item back: its condition, a damage note, and the return's photo from the camera
//! folder (read and previewed on the store thread).

use super::*;

/// What the camera folder gave.
pub(super) enum CameraPick {
    /// The newest picture: its file, its bytes, and a preview for the screen.
    Picture(
        std::path::PathBuf,
        Vec<u8>,
        slint::SharedPixelBuffer<slint::Rgba8Pixel>,
    ),
    /// No picture in the folder (named, for staff to look).
    Empty(String),
    /// The newest file is not a picture that decodes.
    Unreadable(String),
}

pub(super) fn show_return_photo(
    ui: &AppWindow,
    pixels: Option<slint::SharedPixelBuffer<slint::Rgba8Pixel>>,
) {
    let a = ui.global::<RentalDeskAdapter>();
    a.set_return_photo_ready(pixels.is_some());
    a.set_return_photo(pixels.map_or_else(slint::Image::default, slint::Image::from_rgba8));
}

/// Takes the newest picture from the camera folder (read and decoded on the store thread) to
/// save with the return; it replaces one taken before.
pub(super) fn pick_return_photo(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    if kiosk.view_of::<RentalDeskState>().card.is_none() {
        return;
    }
    ui.global::<RentalDeskAdapter>().set_busy(true);
    desk_ask(
        kiosk,
        |s| {
            let Some(folder) = s
                .data_dir()
                .map(|d| crate::platform::camera_folder::folder(&d))
            else {
                return Ok(CameraPick::Empty("—".into()));
            };
            let shown = folder.display().to_string();
            let Some(file) = crate::platform::camera_folder::newest(&folder)? else {
                return Ok(CameraPick::Empty(shown));
            };
            let bytes = std::fs::read(&file)?;
            let name = file
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            // The preview is decoded and shrunk here, off the UI thread.
            match image::load_from_memory(&bytes) {
                Ok(img) => {
                    let rgba = img.thumbnail(480, 480).to_rgba8();
                    let pixels = slint::SharedPixelBuffer::clone_from_slice(
                        rgba.as_raw(),
                        rgba.width(),
                        rgba.height(),
                    );
                    Ok(CameraPick::Picture(file, bytes, pixels))
                }
                Err(e) => {
                    tracing::warn!("the camera folder's newest file does not decode: {e}");
                    Ok(CameraPick::Unreadable(name))
                }
            }
        },
        move |k, ui, r: Result<CameraPick, std::io::Error>| {
            ui.global::<RentalDeskAdapter>().set_busy(false);
            match r {
                Ok(CameraPick::Picture(file, bytes, pixels)) => {
                    k.state_of::<RentalDeskState>().return_photo = Some((file, bytes));
                    show_return_photo(ui, Some(pixels));
                    say(ui, DeskNotice::None, "", "");
                }
                Ok(CameraPick::Empty(folder)) => {
                    refuse(ui, DeskProblem::NoCameraPhoto, &folder, "")
                }
                Ok(CameraPick::Unreadable(name)) => {
                    refuse(ui, DeskProblem::CameraPhotoUnreadable, &name, "")
                }
                Err(e) => refuse(ui, DeskProblem::Store, &e.to_string(), ""),
            }
        },
    );
}

pub(super) fn take_back(kiosk: &Rc<Kiosk>, damaged: bool) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let Some(by) = staff(kiosk) else { return };
    let Some((item, number)) = kiosk
        .view_of::<RentalDeskState>()
        .card
        .as_ref()
        .map(|c| (c.id, c.inventory_number.clone()))
    else {
        return;
    };
    // The store applies the item's rules (a return, or a damaged one); a refusal comes back
    // typed (see `failed`).
    let condition = ui
        .global::<RentalDeskAdapter>()
        .get_condition()
        .trim()
        .to_owned();
    let today = crate::app::clock::today();
    let photo = kiosk.view_of::<RentalDeskState>().return_photo.clone();
    ui.global::<RentalDeskAdapter>().set_busy(true);
    desk_ask(
        kiosk,
        move |s| {
            // The return and its photo are one transaction: both or neither.
            s.write(|w| {
                w.return_item(item, damaged, &condition, today, by)?;
                if let Some((_, bytes)) = &photo {
                    w.set_item_photo(item, bytes, by)?;
                }
                Ok(())
            })?;
            // Stored inside the encrypted database now: the file goes, and with it every older
            // picture in the folder (the desk only ever takes the newest).
            if let Some((file, _)) = &photo {
                let folder = file.parent().unwrap_or(std::path::Path::new("."));
                if let Err(e) = crate::platform::camera_folder::clear(folder) {
                    tracing::warn!("cannot empty the camera folder {}: {e}", folder.display());
                }
            }
            Ok::<_, StoreError>(())
        },
        move |k, ui, r| {
            ui.global::<RentalDeskAdapter>().set_busy(false);
            match r {
                Ok(()) => {
                    k.state_of::<RentalDeskState>().return_photo = None;
                    show_return_photo(ui, None);
                    say(
                        ui,
                        if damaged {
                            DeskNotice::TakenBackDamaged
                        } else {
                            DeskNotice::TakenBack
                        },
                        &number,
                        "",
                    );
                    load_card(k, item, DeskPanel::Stock);
                }
                Err(e) => failed(k, ui, &e),
            }
        },
    );
}
