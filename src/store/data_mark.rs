//! "Has anything changed since I last looked?", answered without reading a page. The staff
//! screens that look again every few seconds (the door board, the schedule, device and sync)
//! take a mark before each read and pass it back the next time: an unchanged mark means the
//! database is exactly as it was, so the read — and the repaint behind it — is skipped.
//!
//! A mark is two counters: SQLite's count of rows this connection has changed (every write the
//! store worker makes, triggers included) and `PRAGMA data_version`, which moves when any
//! other connection commits (the sync thread's acknowledgements, the command line).

use super::{Store, StoreError};

/// Where the database stood when it was last looked at. Equal marks: nothing was written in
/// between, by this connection or by any other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataMark {
    own: u64,
    others: i64,
}

/// The answer to [`Store::read_if_changed`].
#[derive(Debug)]
pub enum Fresh<R> {
    /// Nothing was written since the mark given: nothing was read.
    Unchanged,
    /// Something may have changed (or no mark was given): read again, with the new mark.
    Read(DataMark, R),
}

impl Store {
    /// Where the database stands now (two counters, no page read).
    pub fn data_mark(&self) -> Result<DataMark, StoreError> {
        let others = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok(DataMark {
            own: self.conn.total_changes(),
            others,
        })
    }

    /// Runs `read` unless the database is exactly as it was at `since`. The mark is taken
    /// before the read, so a commit made by another connection during it is seen next time.
    pub fn read_if_changed<R>(
        &mut self,
        since: Option<DataMark>,
        read: impl FnOnce(&mut Store) -> Result<R, StoreError>,
    ) -> Result<Fresh<R>, StoreError> {
        let mark = self.data_mark()?;
        if since == Some(mark) {
            return Ok(Fresh::Unchanged);
        }
        Ok(Fresh::Read(mark, read(self)?))
    }
}
