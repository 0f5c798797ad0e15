//! The raw 32-byte SQLCipher key, and the one text form it is kept in: 64 hexadecimal
//! characters, optionally followed by one newline. Anything else is refused, so a truncated
//! or mistyped key can never quietly become a different key.

use std::fmt;

#[derive(Clone, PartialEq, Eq)]
pub struct DbKey([u8; 32]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DbKeyError {
    #[error("the key has {0} characters; it must be exactly 64 hexadecimal characters (32 bytes), optionally followed by a newline")]
    WrongLength(usize),
    #[error("the key contains «{0}», which is not a hexadecimal digit (0-9, a-f)")]
    NotHex(char),
}

impl DbKey {
    pub fn generate() -> Self {
        Self(super::random_bytes())
    }

    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Parses the text of a key file or a credential.
    pub fn parse(text: &str) -> Result<Self, DbKeyError> {
        let body = text
            .strip_suffix('\n')
            .map(|t| t.strip_suffix('\r').unwrap_or(t))
            .unwrap_or(text);
        if let Some(bad) = body.chars().find(|c| !c.is_ascii_hexdigit()) {
            if body.chars().count() == 64 || !bad.is_whitespace() {
                return Err(DbKeyError::NotHex(bad));
            }
        }
        if body.len() != 64 || !body.is_ascii() {
            return Err(DbKeyError::WrongLength(body.chars().count()));
        }
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(body, &mut bytes).map_err(|_| DbKeyError::NotHex('?'))?;
        Ok(Self(bytes))
    }

    /// The key file's text: 64 lowercase hex digits and a newline.
    pub fn to_file_text(&self) -> String {
        format!("{}\n", hex::encode(self.0))
    }

    /// The SQL literal SQLCipher takes as a raw key (no PBKDF2): `"x'…'"`.
    pub fn sqlcipher_literal(&self) -> String {
        format!("\"x'{}'\"", hex::encode(self.0))
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for DbKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DbKey(hidden)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF";

    #[test]
    fn accepts_64_hex_with_or_without_a_newline() {
        let a = DbKey::parse(HEX).unwrap();
        assert_eq!(DbKey::parse(&format!("{HEX}\n")).unwrap(), a);
        assert_eq!(DbKey::parse(&format!("{HEX}\r\n")).unwrap(), a);
        assert_eq!(a.as_bytes()[1], 0x11);
        assert_eq!(DbKey::parse(&a.to_file_text()).unwrap(), a);
    }

    #[test]
    fn refuses_everything_else() {
        assert_eq!(DbKey::parse(""), Err(DbKeyError::WrongLength(0)));
        assert_eq!(DbKey::parse(&HEX[..63]), Err(DbKeyError::WrongLength(63)));
        assert_eq!(
            DbKey::parse(&format!("{HEX}0")),
            Err(DbKeyError::WrongLength(65))
        );
        assert_eq!(
            DbKey::parse(&format!("{HEX}\n\n")),
            Err(DbKeyError::WrongLength(65))
        );
        assert_eq!(
            DbKey::parse(&format!(" {}", &HEX[1..])),
            Err(DbKeyError::NotHex(' '))
        );
        assert_eq!(
            DbKey::parse(&format!("g{}", &HEX[1..])),
            Err(DbKeyError::NotHex('g'))
        );
        assert_eq!(
            DbKey::parse("correct horse battery staple"),
            Err(DbKeyError::NotHex('o'))
        );
        assert!(DbKey::parse(&format!("{}я", &HEX[..63])).is_err());
    }

    #[test]
    fn generated_keys_differ_and_never_print() {
        let (a, b) = (DbKey::generate(), DbKey::generate());
        assert_ne!(a, b);
        assert_eq!(format!("{a:?}"), "DbKey(hidden)");
        assert!(a.sqlcipher_literal().starts_with("\"x'") && a.sqlcipher_literal().len() == 64 + 5);
    }
}
