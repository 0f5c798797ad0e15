//! One-time enrolment tokens: 128 random bits, shown as 32 hex digits in groups of four joined
//! by hyphens (`3f2a-9c1b-…`). The centre keeps only a token's SHA-256; a kiosk may type it with
//! or without the hyphens, in either case.

use ring::digest;
use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

use crate::secrets::RandomnessFailed;

/// Random bytes in a token.
pub const TOKEN_BYTES: usize = 16;

/// A token as issued or as presented.
pub struct EnrolmentToken(Zeroizing<[u8; TOKEN_BYTES]>);

impl EnrolmentToken {
    pub fn generate() -> Result<Self, RandomnessFailed> {
        let mut bytes = Zeroizing::new([0u8; TOKEN_BYTES]);
        SystemRandom::new()
            .fill(bytes.as_mut())
            .map_err(|_| RandomnessFailed)?;
        Ok(Self(bytes))
    }

    /// Reads a presented token; `None` when it is not 32 hex digits (hyphens and spaces aside).
    pub fn parse(text: &str) -> Option<Self> {
        let digits: Zeroizing<String> = Zeroizing::new(
            text.chars()
                .filter(|c| !matches!(c, '-' | ' ' | '\t' | '\r' | '\n'))
                .collect(),
        );
        let mut bytes = Zeroizing::new([0u8; TOKEN_BYTES]);
        hex::decode_to_slice(digits.as_str(), bytes.as_mut()).ok()?;
        Some(Self(bytes))
    }

    /// The text a person or a script passes on: `xxxx-xxxx-xxxx-xxxx-xxxx-xxxx-xxxx-xxxx`.
    pub fn to_text(&self) -> String {
        hex::encode(self.0.as_ref())
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("-")
    }

    /// What the store keeps.
    pub fn hash(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        out.copy_from_slice(digest::digest(&digest::SHA256, self.0.as_ref()).as_ref());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_reads_back_with_or_without_hyphens_in_either_case() {
        let token = EnrolmentToken::generate().unwrap();
        let text = token.to_text();
        assert_eq!(text.len(), 39);
        assert_eq!(text.split('-').count(), 8);
        for presented in [
            text.clone(),
            text.replace('-', ""),
            text.to_uppercase(),
            format!(" {text}\n"),
        ] {
            assert_eq!(
                EnrolmentToken::parse(&presented).unwrap().hash(),
                token.hash()
            );
        }
        assert!(EnrolmentToken::parse("").is_none());
        assert!(EnrolmentToken::parse(&text[..38]).is_none());
        assert!(EnrolmentToken::parse(&format!("{text}0")).is_none());
        assert!(EnrolmentToken::parse("zz").is_none());
    }
}
