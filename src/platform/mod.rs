//! What touches the device: where the data lives, where the key comes from, the speakers.
//! (Drawing rasterisation and the watchdog join here with their issues.)

pub mod audio;
pub mod camera_folder;
pub mod canvas;
pub mod catalog;
pub mod clock;
pub mod data_dir;
pub mod device_secrets;
pub mod instrument_files;
pub mod key_seal;
pub mod kiosk_file;
pub mod route_files;
pub mod service_manager;
pub mod texts_file;
pub mod usb_eject;
pub mod usb_stick;
pub mod voice_lines;
