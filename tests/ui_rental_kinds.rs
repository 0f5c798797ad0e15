//! Headless UI test: a kind of equipment the centre added in `<data dir>/rental/kinds.toml`
//! appears on the rental desk like the shipped ones: its title on the card, in the stock and in
//! the catalogue, and its own default term in the lend panel.

mod common;

use common::ui::{pump_until, scan_keys, sign_in, tap};
use ladoshka::app::RentalDeskAdapter;
use ladoshka::domain::{ItemState, NewRentalItem, RentalKind};
use ladoshka::platform::audio::Speakers;
use slint::{ComponentHandle, Model};

/// The instant this test's kiosk clock stands at (see `common::instants`).
const INSTANT: &str = common::instants::FRIDAY_CLOSING;

#[test]
fn a_kind_the_centre_added_is_shown_and_lent_for_its_own_term() {
    let k = common::ui::demo_kiosk(Speakers::muted(), INSTANT);
    let ui = &k.ui;
    let a = ui.global::<RentalDeskAdapter>();

    let shipped = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/rental/kinds.toml"),
    )
    .unwrap();
    let centre = k.dir.data_dir().join("rental").join("kinds.toml");
    std::fs::create_dir_all(centre.parent().unwrap()).unwrap();
    std::fs::write(
        &centre,
        format!(
            "{shipped}\n[[kinds]]\nkey = \"bath_seat\"\ntitle = {{ ru = \"Стульчик для купания\", tt = \"Коену урындыгы\", en = \"Bath seat\" }}\nterm_months = 4\nprefix = \"ВАН\"\n"
        ),
    )
    .unwrap();
    k.store
        .call(|s| {
            s.write(|w| {
                w.insert_rental_item(
                    &NewRentalItem::new(
                        RentalKind::from_key("bath_seat").unwrap(),
                        "ВАН-0001",
                        ItemState::Available,
                    )
                    .unwrap(),
                )
            })
        })
        .unwrap();

    sign_in(ui, "Закирова Г. И.", "4444");
    tap(ui, "Lend and take back");
    pump_until("the stock", || a.get_stock().row_count() > 0);
    let stock: Vec<_> = (0..a.get_stock().row_count())
        .map(|i| a.get_stock().row_data(i).unwrap())
        .collect();
    let last = stock.last().unwrap();
    assert_eq!(last.kind, "Bath seat", "listed after the shipped kinds");
    assert_eq!(last.available, 1);

    scan_keys(ui, "VAN-0001");
    pump_until("the bath seat's card", || a.get_item_number() == "ВАН-0001");
    assert_eq!(a.get_item_kind(), "Bath seat");
    tap(ui, "Lend");
    pump_until("the families", || {
        a.get_panel() == ladoshka::app::DeskPanel::Lend && a.get_families().row_count() > 0
    });
    let eligible = (0..a.get_families().row_count())
        .map(|i| a.get_families().row_data(i).unwrap())
        .find(|f| f.problem == ladoshka::app::DeskProblem::None)
        .expect("an eligible family");
    a.invoke_choose_family(eligible.id);
    assert_eq!(a.get_months(), 4, "the kind's own term");
    assert!(
        a.get_contract().contains("Стульчик для купания"),
        "the contract names the kind: {}",
        a.get_contract()
    );

    tap(ui, "Catalogue");
    pump_until("the catalogue", || a.get_items().row_count() > 0);
    assert!((0..a.get_items().row_count())
        .map(|i| a.get_items().row_data(i).unwrap())
        .any(|r| r.number == "ВАН-0001" && r.kind == "Bath seat"));
}
