//! Rooms: written at set-up, read by every screen that names the room.

use rusqlite::params;

use super::{Op, Store, StoreError, Writer};
use crate::domain::{NewRoom, Room, RoomId, RoomKind};

impl Writer<'_> {
    pub fn insert_room(&mut self, room: &NewRoom) -> Result<RoomId, StoreError> {
        self.tx.execute(
            "INSERT INTO rooms (name, kind) VALUES (?1, ?2)",
            params![room.name, room.kind.key()],
        )?;
        let id = self.tx.last_insert_rowid();
        self.outbox("room", id, Op::Insert, room)?;
        Ok(RoomId(id))
    }
}

impl Store {
    pub fn rooms(&self) -> Result<Vec<Room>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, kind FROM rooms ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        rows.map(|row| {
            let (id, name, kind) = row?;
            Ok(Room {
                id: RoomId(id),
                details: NewRoom {
                    name,
                    kind: RoomKind::from_key(&kind)?,
                },
            })
        })
        .collect()
    }
}
