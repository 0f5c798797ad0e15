//! Families and children: the most sensitive rows in the database.

use chrono::NaiveDate;
use rusqlite::params;

use super::{Op, Store, StoreError, Writer};
use crate::domain::{
    Avatar, Child, ChildId, Family, FamilyId, LifeSituation, NewChild, NewFamily, PhoneNumber,
};

impl Writer<'_> {
    pub fn insert_family(&mut self, family: &NewFamily) -> Result<FamilyId, StoreError> {
        // The family's identity, the same on every kiosk of its КЦСОН (`shared_families`).
        let (id, uid): (i64, String) = self.tx.query_row(
            "INSERT INTO families (surname, parent_name, phone, created_at, uid, edited_at)
             VALUES (?1, ?2, ?3, ?4, lower(hex(randomblob(16))), ?4) RETURNING id, uid",
            params![
                family.surname,
                family.parent_name,
                family.phone.as_ref().map(PhoneNumber::as_str),
                super::ts(self.now)
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let record = super::shared_families::FamilyRecord {
            details: family,
            uid: &uid,
            edited_at: super::ts(self.now),
            edited_by: None,
        };
        self.outbox("family", id, Op::Insert, &record)?;
        Ok(FamilyId(id))
    }

    pub fn insert_child(&mut self, child: &NewChild) -> Result<ChildId, StoreError> {
        // The ring that tells this child's picture from the same picture of other children.
        let mut counts = [0u32; crate::domain::avatar_frame::FRAMES as usize];
        let mut worn = self
            .tx
            .prepare("SELECT frame, count(*) FROM children WHERE avatar = ?1 GROUP BY frame")?;
        for row in worn.query_map([child.avatar.key()], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, u32>(1)?))
        })? {
            let (frame, n) = row?;
            if let Some(c) = usize::try_from(frame).ok().and_then(|f| counts.get_mut(f)) {
                *c = n;
            }
        }
        drop(worn);
        let frame = crate::domain::avatar_frame::least_used_frame(&counts);
        self.tx.execute(
            "INSERT INTO children (family_id, first_name, surname, birth_date, avatar, first_name_public, frame)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                child.family.0,
                child.first_name,
                child.surname,
                child.birth_date.to_string(),
                child.avatar.key(),
                child.first_name_public,
                frame
            ],
        )?;
        let id = self.tx.last_insert_rowid();
        for s in &child.situations {
            self.tx.execute(
                "INSERT INTO child_life_situations (child_id, situation) VALUES (?1, ?2)",
                params![id, s.number()],
            )?;
        }
        self.outbox("child", id, Op::Insert, child)?;
        Ok(ChildId(id))
    }
}

impl Store {
    pub fn families(&self) -> Result<Vec<Family>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, surname, parent_name, phone FROM families ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        rows.map(|row| {
            let (id, surname, parent_name, phone) = row?;
            Ok(Family {
                id: FamilyId(id),
                details: NewFamily {
                    surname,
                    parent_name,
                    phone: phone.as_deref().map(PhoneNumber::parse).transpose()?,
                },
            })
        })
        .collect()
    }

    pub fn children_of(&self, family: FamilyId) -> Result<Vec<Child>, StoreError> {
        self.children_where("WHERE family_id = ?1", family.0)
    }

    /// Children who may be booked: those with a consent on file that is not withdrawn,
    /// ordered by surname and first name.
    pub fn bookable_children(&self) -> Result<Vec<Child>, StoreError> {
        let mut children = self.children_where(
            "WHERE id IN (SELECT child_id FROM consents WHERE withdrawn_at IS NULL) AND ?1 = ?1",
            0,
        )?;
        children.sort_by(|a, b| {
            (&a.details.surname, &a.details.first_name)
                .cmp(&(&b.details.surname, &b.details.first_name))
        });
        Ok(children)
    }

    pub fn child(&self, id: ChildId) -> Result<Child, StoreError> {
        self.children_where("WHERE id = ?1", id.0)?
            .pop()
            .ok_or(StoreError::NotFound {
                what: "child",
                id: id.0,
            })
    }

    fn children_where(&self, filter: &str, arg: i64) -> Result<Vec<Child>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT id, family_id, first_name, surname, birth_date, avatar, first_name_public FROM children {filter} ORDER BY id"
        ))?;
        let rows = stmt.query_map([arg], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, bool>(6)?,
            ))
        })?;
        let mut sit = self.conn.prepare(
            "SELECT situation FROM child_life_situations WHERE child_id = ?1 ORDER BY situation",
        )?;
        rows.map(|row| {
            let (id, family, first_name, surname, birth, avatar, public) = row?;
            let situations = sit
                .query_map([id], |r| r.get::<_, i64>(0))?
                .map(|n| Ok(LifeSituation::from_number(n?)?))
                .collect::<Result<Vec<_>, StoreError>>()?;
            Ok(Child {
                id: ChildId(id),
                details: NewChild {
                    family: FamilyId(family),
                    first_name,
                    surname,
                    birth_date: NaiveDate::parse_from_str(&birth, "%Y-%m-%d").map_err(|e| {
                        StoreError::Corrupt(format!("bad birth date «{birth}»: {e}"))
                    })?,
                    avatar: Avatar::from_key(&avatar)?,
                    first_name_public: public,
                    situations,
                },
            })
        })
        .collect()
    }
}
