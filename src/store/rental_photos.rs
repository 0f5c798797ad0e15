//! Photos of rental items, resized and kept inside the encrypted database.
//!
//! A photo comes from a file or a USB camera's image as PNG or JPEG bytes; it is decoded, turned
//! upright as its EXIF orientation says (a phone stores a portrait photo sideways and says so),
//! made at most [`PHOTO_MAX_SIDE`] pixels on its longer side (never enlarged), and stored as a
//! JPEG at quality [`PHOTO_JPEG_QUALITY`], one current photo per item. Photos stored as PNG by
//! earlier versions stay as they are: the readers take either (the column is still named `png`). The outbox carries the photo's SHA-256 and size, not its bytes,
//! and the item's history notes that the photo changed.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{imageops::FilterType, DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{Op, Store, StoreError, Writer};
use crate::domain::StaffId;

/// The longer side of a stored photo, in pixels, at most.
pub const PHOTO_MAX_SIDE: u32 = 640;

/// The JPEG quality a photo is stored at (0–100): an item's condition stays readable, and a
/// 480 × 640 photo with a camera's grain took a tenth of its PNG's size in the test (19 KB,
/// not 196 KB).
pub const PHOTO_JPEG_QUALITY: u8 = 85;

/// What the outbox carries for a photo: enough to know which one it is, not the picture.
#[derive(Serialize)]
struct PhotoRecord<'a> {
    item: i64,
    sha256: &'a str,
    bytes: usize,
    width: u32,
    height: u32,
}

/// Decodes PNG or JPEG `bytes`, turns them upright, shrinks them to fit [`PHOTO_MAX_SIDE`] and
/// encodes a JPEG; returns the JPEG and its size.
pub(crate) fn photo_jpeg(bytes: &[u8]) -> Result<(Vec<u8>, u32, u32), StoreError> {
    let refused = || {
        StoreError::Invalid("this file is not a PNG or JPEG photo: choose another file".to_owned())
    };
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| refused())?;
    if !matches!(reader.format(), Some(ImageFormat::Png | ImageFormat::Jpeg)) {
        return Err(refused());
    }
    let mut decoder = reader.into_decoder().map_err(|_| refused())?;
    // A photo without EXIF (or with a broken one) is taken as it is.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut decoded = DynamicImage::from_decoder(decoder).map_err(|_| refused())?;
    decoded.apply_orientation(orientation);
    let (w, h) = (decoded.width(), decoded.height());
    if w == 0 || h == 0 {
        return Err(refused());
    }
    let longer = w.max(h);
    let picture = if longer > PHOTO_MAX_SIDE {
        let scale = f64::from(PHOTO_MAX_SIDE) / f64::from(longer);
        let nw = ((f64::from(w) * scale).round() as u32).clamp(1, PHOTO_MAX_SIDE);
        let nh = ((f64::from(h) * scale).round() as u32).clamp(1, PHOTO_MAX_SIDE);
        decoded.resize_exact(nw, nh, FilterType::Triangle)
    } else {
        decoded
    };
    // Photos have no use for transparency or 16-bit depth: plain 8-bit RGB.
    let rgb = picture.to_rgb8();
    let (width, height) = rgb.dimensions();
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, PHOTO_JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|e| StoreError::Invalid(format!("cannot encode the photo as JPEG: {e}")))?;
    Ok((jpeg, width, height))
}

impl Writer<'_> {
    /// Makes `image_bytes` (PNG or JPEG) the photo of `item`, replacing any earlier one;
    /// returns the stored size. Refused, with nothing written, when the bytes are not a photo
    /// or there is no such item.
    pub fn set_item_photo(
        &mut self,
        item: i64,
        image_bytes: &[u8],
        by: StaffId,
    ) -> Result<(u32, u32), StoreError> {
        self.store_item_photo(item, image_bytes, Some(by))
    }

    /// [`Writer::set_item_photo`] from the command line, where no staff member is signed in:
    /// nobody is recorded as having taken it, and the history says it came from the command line.
    pub fn set_item_photo_by_operator(
        &mut self,
        item: i64,
        image_bytes: &[u8],
    ) -> Result<(u32, u32), StoreError> {
        self.store_item_photo(item, image_bytes, None)
    }

    fn store_item_photo(
        &mut self,
        item: i64,
        image_bytes: &[u8],
        by: Option<StaffId>,
    ) -> Result<(u32, u32), StoreError> {
        let state: Option<String> = self
            .tx
            .query_row(
                "SELECT state FROM rental_items WHERE id = ?1",
                [item],
                |r| r.get(0),
            )
            .optional()?;
        let Some(state) = state else {
            return Err(StoreError::NotFound {
                what: "rental item",
                id: item,
            });
        };
        let (png, width, height) = photo_jpeg(image_bytes)?;
        let sha = hex::encode(ring::digest::digest(&ring::digest::SHA256, &png));
        let had_one: bool = self.tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM rental_item_photos WHERE item_id = ?1)",
            [item],
            |r| r.get(0),
        )?;
        self.tx.execute(
            "INSERT INTO rental_item_photos (item_id, png, width, height, taken_at, taken_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (item_id) DO UPDATE SET png = excluded.png, width = excluded.width, height = excluded.height,
                 taken_at = excluded.taken_at, taken_by = excluded.taken_by",
            params![item, png, width, height, super::ts(self.now), by.map(|b| b.0)],
        )?;
        self.outbox(
            "rental_item_photo",
            item,
            if had_one { Op::Update } else { Op::Insert },
            &PhotoRecord {
                item,
                sha256: &sha,
                bytes: png.len(),
                width,
                height,
            },
        )?;
        // The item's history notes the new photo; its state does not change.
        let note = match by {
            Some(_) => format!("photo {width}×{height}"),
            None => format!("photo {width}×{height} (command line)"),
        };
        self.tx.execute(
            "INSERT INTO rental_item_events (item_id, event, from_state, to_state, at, staff_id, note) VALUES (?1, 'photo', ?2, ?2, ?3, ?4, ?5)",
            params![item, state, super::ts(self.now), by.map(|b| b.0), note],
        )?;
        let event = self.tx.last_insert_rowid();
        self.outbox(
            "rental_item_event",
            event,
            Op::Insert,
            &serde_json::json!({ "item": item, "event": "photo", "from": state, "to": state, "note": note }),
        )?;
        Ok((width, height))
    }
}

impl Store {
    /// The current photo of `item` as JPEG bytes (PNG if it was stored by an earlier version),
    /// if it has one.
    pub fn item_photo(&self, item: i64) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT png FROM rental_item_photos WHERE item_id = ?1",
                [item],
                |r| r.get(0),
            )
            .optional()?)
    }
}
