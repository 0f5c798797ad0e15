//! A child's own picture, chosen with the child at enrolment. On public screens the avatar,
//! not the name, is how a child finds themself, so every avatar must be easy to tell apart.

use serde::{Deserialize, Serialize};

use super::DomainError;

macro_rules! avatars {
    ($($variant:ident => $key:literal),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum Avatar { $($variant),+ }

        impl Avatar {
            pub const ALL: &'static [Avatar] = &[$(Avatar::$variant),+];

            /// The stable key stored in the database and used as the picture's file name.
            pub fn key(self) -> &'static str {
                match self { $(Avatar::$variant => $key),+ }
            }
        }
    };
}

avatars! {
    Bear => "bear", Cat => "cat", Dog => "dog", Fox => "fox", Rabbit => "rabbit",
    Hedgehog => "hedgehog", Owl => "owl", Elephant => "elephant", Giraffe => "giraffe",
    Lion => "lion", Panda => "panda", Penguin => "penguin", Turtle => "turtle", Whale => "whale",
    Butterfly => "butterfly", Frog => "frog", Sun => "sun", Star => "star", Rocket => "rocket",
    Apple => "apple", Ball => "ball", Flower => "flower", Rainbow => "rainbow", Car => "car",
}

impl Avatar {
    pub fn from_key(key: &str) -> Result<Self, DomainError> {
        Self::ALL
            .iter()
            .copied()
            .find(|a| a.key() == key)
            .ok_or_else(|| DomainError::Unknown {
                what: "avatar",
                value: key.to_owned(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn keys_are_unique_and_round_trip() {
        let keys: HashSet<_> = Avatar::ALL.iter().map(|a| a.key()).collect();
        assert_eq!(keys.len(), Avatar::ALL.len());
        for a in Avatar::ALL {
            assert_eq!(Avatar::from_key(a.key()).unwrap(), *a);
        }
    }

    #[test]
    fn enough_avatars_for_a_busy_day() {
        // A room sees up to ~20 children a day; tiles must stay distinguishable.
        assert!(Avatar::ALL.len() >= 20);
    }

    #[test]
    fn unknown_key_is_refused() {
        assert!(Avatar::from_key("dragon").is_err());
    }
}
