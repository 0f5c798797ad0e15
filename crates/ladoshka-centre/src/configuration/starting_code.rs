//! Each colleague's starting code: the eight digits a colleague of the centre's roster types
//! once on each kiosk, to choose the PIN they will use there (the PIN itself never leaves a
//! kiosk). The code is derived from the centre's database key and the colleague's id (HMAC),
//! so the centre keeps no list of codes and prints the same code again when asked
//! (`ladoshka-centre config codes DIR`); the roster carries only its Argon2id hash. A code
//! someone else may have seen is replaced by raising the colleague's `code_round`.

use ladoshka_indicators::domain::centre_config::roster::STARTING_CODE_DIGITS;

use crate::console::password::{self, PasswordCost};
use crate::layout::Layout;
use crate::secrets::{DbKey, RandomnessFailed};
use crate::setup::{read_db_key, SetupError};

/// The cost of a starting code's hash: m = 19 MiB, t = 2 (a kiosk checks it once or twice).
const COST: PasswordCost = PasswordCost::new(19 * 1024, 2);

/// Makes the starting codes of one centre.
pub struct StartingCodes(ring::hmac::Key);

impl StartingCodes {
    pub fn from_db_key(db_key: &DbKey) -> Self {
        Self(db_key.derive_hmac(b"ladoshka starting codes v1"))
    }

    /// The codes of the centre in `layout` (its database key).
    pub fn for_centre(layout: &Layout) -> Result<Self, SetupError> {
        Ok(Self::from_db_key(&read_db_key(layout.db_key().path())?))
    }

    /// The colleague's code: [`STARTING_CODE_DIGITS`] digits, the same every time for the same
    /// `round` (1 unless a code was replaced: `code_round` in `staff.toml`).
    pub fn code(&self, uid: &str, round: u32) -> String {
        let tag = ring::hmac::sign(&self.0, format!("{uid}\n{round}").as_bytes());
        let n = u64::from_be_bytes(tag.as_ref()[..8].try_into().expect("8 bytes"));
        let modulus = 10u64.pow(STARTING_CODE_DIGITS as u32);
        format!("{:0width$}", n % modulus, width = STARTING_CODE_DIGITS)
    }

    /// The hash of the colleague's code that the roster carries (a fresh salt each time).
    pub fn hash(&self, uid: &str, round: u32) -> Result<String, RandomnessFailed> {
        password::hash(&self.code(uid, round), COST)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_eight_digits_the_same_each_time_and_its_hash_checks_it() {
        let key = DbKey::generate().unwrap();
        let codes = StartingCodes::from_db_key(&key);
        let a = codes.code("safina.a", 1);
        assert_eq!(a.len(), 8);
        assert!(a.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(codes.code("safina.a", 1), a, "printed again, the same");
        assert_ne!(codes.code("safina.a", 2), a, "a replaced code");
        assert_ne!(codes.code("galiev.r", 1), a);
        assert_ne!(
            StartingCodes::from_db_key(&DbKey::generate().unwrap()).code("safina.a", 1),
            a,
            "another centre"
        );
        let hash = codes.hash("safina.a", 1).unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(password::verify(&a, &hash));
        assert!(!password::verify(&codes.code("galiev.r", 1), &hash));
    }
}
