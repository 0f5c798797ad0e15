//! One kiosk's configuration out of the one the centre published: the colleagues of its own
//! КЦСОН only (a colleague listed for no КЦСОН goes to every kiosk), without the centre's list
//! of places. Pure, so the rule is tested on plain values.

use ladoshka_indicators::domain::centre_config::CentreConfig;

/// What the kiosk in `unit` (none: a kiosk with no place yet) is sent of `published`.
pub fn for_kiosk(published: &CentreConfig, unit: Option<&str>) -> CentreConfig {
    let mut config = published.clone();
    config
        .staff
        .retain(|c| c.units.is_empty() || unit.is_some_and(|u| c.units.iter().any(|x| x == u)));
    for c in &mut config.staff {
        c.units.clear();
    }
    config
}

#[cfg(test)]
mod tests {
    use ladoshka_indicators::domain::centre_config::Colleague;
    use ladoshka_indicators::domain::staff::Role;

    use super::*;

    fn colleague(uid: &str, units: &[&str]) -> Colleague {
        Colleague {
            uid: uid.into(),
            first_name: "Алсу".into(),
            patronymic: String::new(),
            last_name: "Сафина".into(),
            role: Role::Psychologist,
            starting_code: "$argon2id$…".into(),
            units: units.iter().map(|u| u.to_string()).collect(),
        }
    }

    fn uids(c: &CentreConfig) -> Vec<&str> {
        c.staff.iter().map(|c| c.uid.as_str()).collect()
    }

    #[test]
    fn each_kiosk_gets_the_colleagues_of_its_own_kcson_and_those_of_every_kcson() {
        let published = CentreConfig {
            legal_name: Some("ГАУСО".into()),
            staff: vec![
                colleague("everywhere", &[]),
                colleague("doverie", &["КЦСОН «Доверие»"]),
                colleague("both", &["КЦСОН «Доверие»", "КЦСОН «Радуга»"]),
                colleague("raduga", &["КЦСОН «Радуга»"]),
            ],
            ..CentreConfig::default()
        };
        let doverie = for_kiosk(&published, Some("КЦСОН «Доверие»"));
        assert_eq!(uids(&doverie), ["everywhere", "doverie", "both"]);
        assert!(
            doverie.staff.iter().all(|c| c.units.is_empty()),
            "the kiosk is not told the places"
        );
        assert_eq!(
            doverie.legal_name, published.legal_name,
            "the rest is the same"
        );
        assert_eq!(
            uids(&for_kiosk(&published, Some("КЦСОН «Радуга»"))),
            ["everywhere", "both", "raduga"]
        );
        assert_eq!(uids(&for_kiosk(&published, Some("Приют"))), ["everywhere"]);
        assert_eq!(
            uids(&for_kiosk(&published, None)),
            ["everywhere"],
            "a kiosk with no place"
        );
    }
}
