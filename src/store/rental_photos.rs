//! Photos of rental items, resized and kept inside the encrypted database.
