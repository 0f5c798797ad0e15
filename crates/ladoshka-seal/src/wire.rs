//! Strict reading of the fixed-width, big-endian fields that every Ladoshka wire format uses,
//! and the errors of a malformed bundle.
//!
//! Everything that parses bytes from outside (bundles, headers, acknowledgements, key files) reads
//! through [`Reader`], which never indexes out of bounds: a short input is an error, never a panic.

/// Why a sealed bundle's bytes were refused before any key was used.
///
/// Every variant means the bytes are not a well-formed bundle; none says anything about who made
/// them, because nothing has been verified yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error(
        "the bundle is {len} bytes, more than the {max} bytes accepted: refused unread; \
         seal fewer outbox rows per bundle, or raise the centre's limit"
    )]
    Oversized { len: usize, max: usize },

    #[error(
        "the bundle ends inside its {field} ({needed} bytes needed, {available} left): \
         the file or upload was cut short; send the bundle again"
    )]
    Truncated {
        field: &'static str,
        needed: usize,
        available: usize,
    },

    #[error(
        "this is not a Ladoshka bundle: it starts with {found:02x?}, not \"LDSB\"; \
         check that the right file was given"
    )]
    BadMagic { found: [u8; 4] },

    #[error(
        "bundle format version {found} is not known to this build (it reads version {known}); \
         update Ladoshka on this side"
    )]
    UnknownVersion { found: u16, known: u16 },

    #[error(
        "the bundle's first sequence number {first} is after its last {last}: \
         the header is malformed; the bundle cannot be imported"
    )]
    FirstAfterLast { first: u64, last: u64 },

    #[error(
        "the bundle's ciphertext is {len} bytes, shorter than its 16-byte authentication tag: \
         the bundle is damaged; send it again"
    )]
    CiphertextTooShort { len: usize },

    #[error(
        "{count} unexpected bytes follow the bundle's signature: \
         the file holds more than one bundle or was altered; send the bundle alone"
    )]
    TrailingBytes { count: usize },
}

/// A cursor over untrusted bytes; every read checks the length first.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, pos: 0 }
    }

    /// Bytes not read yet.
    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    /// The next `n` bytes, or `None` (reading nothing) when fewer are left.
    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let slice = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(slice)
    }

    pub(crate) fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N).and_then(|s| s.try_into().ok())
    }

    pub(crate) fn u16(&mut self) -> Option<u16> {
        self.array().map(u16::from_be_bytes)
    }

    pub(crate) fn u64(&mut self) -> Option<u64> {
        self.array().map(u64::from_be_bytes)
    }

    pub(crate) fn i64(&mut self) -> Option<i64> {
        self.array().map(i64::from_be_bytes)
    }

    /// Reads `N` bytes of the named field, or says how many were missing.
    pub(crate) fn field<const N: usize>(
        &mut self,
        field: &'static str,
    ) -> Result<[u8; N], ParseError> {
        let available = self.remaining();
        self.array().ok_or(ParseError::Truncated {
            field,
            needed: N,
            available,
        })
    }

    /// Reads `n` bytes of the named field, or says how many were missing.
    pub(crate) fn field_slice(
        &mut self,
        field: &'static str,
        n: usize,
    ) -> Result<&'a [u8], ParseError> {
        let available = self.remaining();
        self.take(n).ok_or(ParseError::Truncated {
            field,
            needed: n,
            available,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_never_go_past_the_end() {
        let mut r = Reader::new(&[0, 1, 2]);
        assert_eq!(r.u16(), Some(1));
        assert_eq!(r.u16(), None);
        assert_eq!(r.remaining(), 1, "a failed read consumes nothing");
        assert_eq!(r.take(usize::MAX), None);
        assert_eq!(r.take(1), Some(&[2][..]));
        assert_eq!(r.remaining(), 0);
    }

    #[test]
    fn a_short_field_says_what_was_missing() {
        let mut r = Reader::new(&[9; 5]);
        assert_eq!(
            r.field::<8>("last sequence number"),
            Err(ParseError::Truncated {
                field: "last sequence number",
                needed: 8,
                available: 5
            })
        );
    }
}
