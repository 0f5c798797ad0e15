//! Which room this kiosk stands in: the one `kiosk.toml` (or `--room`) names, else the first
//! room (the public home's own choice). Check-in tiles and the door board follow this room.

use std::rc::Rc;

use slint::ComponentHandle;

use super::{AppWindow, Kiosk};
use crate::domain::Room;

/// The room called `name`, ignoring case and repeated spaces.
pub fn find<'a>(rooms: &'a [Room], name: &str) -> Option<&'a Room> {
    let plain = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let wanted = plain(name);
    rooms.iter().find(|r| plain(&r.details.name) == wanted)
}

/// Looks the configured room up (on the store thread) and makes it this kiosk's room. Asked
/// after the public home's own question, so its answer comes later and wins.
pub fn choose(kiosk: &Rc<Kiosk>) {
    let Some(name) = kiosk.config.room.clone() else {
        return;
    };
    kiosk.ask(
        |s| s.rooms(),
        move |k, ui, rooms| match rooms {
            Ok(rooms) => match find(&rooms, &name) {
                Some(room) => {
                    k.state.borrow_mut().room = Some(room.id);
                    set_room_name(ui, Some(&room.details.name));
                }
                None if rooms.is_empty() => set_room_name(ui, Some(&name)),
                None => tracing::warn!(
                    room = %name,
                    "the settings name a room the database does not have: using the first room; correct `room` in kiosk.toml"
                ),
            },
            Err(e) => tracing::error!("cannot read the rooms: {e}"),
        },
    );
}

/// Shows the room this kiosk stands in on the public home (the first room until the set-up
/// screen chooses one).
pub fn set_room_name(ui: &AppWindow, name: Option<&str>) {
    ui.global::<super::PublicHomeAdapter>()
        .set_room_name(name.unwrap_or("Ладошка").into());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{NewRoom, RoomId, RoomKind};

    #[test]
    fn found_by_name_whatever_the_case_and_spaces() {
        let rooms: Vec<Room> = ["Игротерапия «Радуга»", "Социальный прокат"]
            .iter()
            .enumerate()
            .map(|(i, n)| Room {
                id: RoomId(i as i64 + 1),
                details: NewRoom::new(n, RoomKind::PlayTherapy).unwrap(),
            })
            .collect();
        assert_eq!(find(&rooms, "социальный  прокат").unwrap().id, RoomId(2));
        assert_eq!(
            find(&rooms, " Игротерапия «Радуга» ").unwrap().id,
            RoomId(1)
        );
        assert!(find(&rooms, "Кабинет № 3").is_none());
    }
}
