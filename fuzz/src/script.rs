//! A `centre_upload` input: a short script of operations on one freshly enrolled device.
//!
//! Every byte string decodes to some script (selectors are taken modulo their number of
//! choices, a read past the end gives zeros), so the fuzzer's mutations of a seed stay
//! meaningful. [`Op::encode`] is the exact inverse of [`decode`] for the seed generator.
//!
//! ```text
//! op      := code:u8 [variant:u8 if channel = 3] args
//! code    := kind (bits 0–2) | channel << 3 (bits 3–4)
//! channel := 0 Centre::receive(Via::Usb) | 1 Centre::receive(Via::Http)
//!          | 2 the axum router, POST /v1/bundles | 3 the router with an HTTP variant
//! ```

/// At most this many operations per input.
pub const MAX_OPS: usize = 16;
/// The longest raw byte string one operation takes.
pub const MAX_RAW: usize = 8192;

const KINDS: u8 = 8;
const K_SEAL_NEXT: u8 = 0;
const K_SEAL: u8 = 1;
const K_RESEND: u8 = 2;
const K_RAW: u8 = 3;
const K_RAW_RESIGNED: u8 = 4;
const K_REVOKE: u8 = 5;
const K_REENROL: u8 = 6;
const K_PAYLOAD: u8 = 7;

/// How a bundle reaches the centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// `Centre::receive(bytes, Via::Usb)`: what `import DIR` calls.
    Usb,
    /// `Centre::receive(bytes, Via::Http)`: the upload handler's core.
    Direct,
    /// `POST /v1/bundles` through the router, Content-Length exact, one data frame.
    Router,
    /// `POST /v1/bundles` through the router, the request changed as the variant says.
    RouterVariant(HttpVariant),
}

/// How an upload request differs from a plain one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpVariant {
    /// No Content-Length; the body in frames of `1 + n` bytes.
    Chunked(u8),
    /// Content-Length one past the limit: refused unread (413).
    HugeLength,
    /// The body breaks off with an error after its bytes (400, nothing imported).
    BrokenBody,
    /// A Content-Length that is not the body's length (a lying client or proxy).
    WrongLength(u32),
    /// A Content-Length that is not a number.
    GarbageLength,
    /// POST to `/v1/bundle` (404).
    WrongPath,
    /// GET /v1/bundles (405).
    WrongMethod,
}
const HTTP_VARIANTS: u8 = 7;

/// The outbox rows' text: one of a fixed set of awkward values, or text from the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Below 0x80: an index into the harness's table.
    Table(u8),
    /// Bytes read as UTF-8 (lossily) for the kind and a body field.
    Text(Vec<u8>),
}

/// The first sequence number of a sealed bundle, relative to what the centre holds (`held`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum First {
    /// `held + 1`: what a kiosk sends.
    Next,
    /// `held + 2 + n`: skips rows.
    Gap(u8),
    /// `held - n` (at least 1): rows already held.
    Replay(u8),
    Zero,
    Exact(u64),
    /// One of the values around `i64::MAX` and `u64::MAX`.
    Boundary(u8),
}

/// The last sequence number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Last {
    /// `first + n - 1`, with `n` in 1..=8.
    Rows(u8),
    /// This value (raised to `first` if below it).
    Exact(u64),
}

/// The previous bundle's hash the header names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prev {
    /// The hash of the last bundle the centre imported for this device (zeros before one).
    Held,
    Zeros,
    /// The hash of the last bytes this script sent, whatever became of them.
    LastSent,
    Exact([u8; 32]),
}

/// The header's bundle id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BundleIdChoice {
    /// Never used before.
    Fresh,
    /// The last imported bundle's id (fresh when nothing was imported).
    ReuseLast,
    Exact([u8; 16]),
}

/// Who the bundle claims to be from and whom it is sealed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// This script's device, the kiosk's key, this centre: a genuine bundle.
    Kiosk,
    /// A device id the centre (most likely) does not know.
    UnknownDevice([u8; 16]),
    /// This device's id, but the header names the other kiosk's key (which sealed and signed it).
    OtherKeyInHeader,
    /// A genuine bundle whose signature is then replaced by the other kiosk's.
    SignedByOther,
    /// Sealed to another centre's key.
    OtherCentre,
    /// The seeds' fixed kiosk (`SEED_KIOSK_ID`), whose state lasts across inputs.
    SeedKiosk,
}

/// The plaintext.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayloadSpec {
    /// The rows `first..=first+n-1` as JSON.
    Rows(Content),
    /// The same with every other sequence number skipped.
    SkipSeq(Content),
    /// The same without the last row.
    NoLast(Content),
    /// `[]`.
    Empty,
    /// These bytes.
    Bytes(Vec<u8>),
    /// The rows pretty-printed, each with an extra unknown field.
    Pretty(Content),
}

/// What happens to the sealed bytes before they are sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    None,
    /// XOR the byte at `at % len` with `mask` (1 if 0).
    Flip {
        at: u16,
        mask: u8,
    },
    /// Keep the first `len % bundle length` bytes.
    Truncate(u16),
    Append(Vec<u8>),
    /// Flip, then sign again with the kiosk's key (a flip inside the signature is re-signed
    /// away, which gives back the genuine bundle).
    FlipResign {
        at: u16,
        mask: u8,
    },
    /// Overwrite the ciphertext length field.
    CtLength(u32),
}

/// A bundle sealed to the harness's wishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealSpec {
    pub first: First,
    pub last: Last,
    pub prev: Prev,
    pub id: BundleIdChoice,
    pub who: Who,
    pub payload: PayloadSpec,
    pub damage: Damage,
}

impl Default for SealSpec {
    fn default() -> Self {
        Self {
            first: First::Next,
            last: Last::Rows(1),
            prev: Prev::Held,
            id: BundleIdChoice::Fresh,
            who: Who::Kiosk,
            payload: PayloadSpec::Rows(Content::Table(0)),
            damage: Damage::None,
        }
    }
}

/// One operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// The next genuine bundle: rows `held+1 ..= held+n` (n in 1..=4).
    SealNext {
        via: Channel,
        rows: u8,
        content: Content,
    },
    Seal {
        via: Channel,
        spec: SealSpec,
    },
    /// The last bytes sent, again.
    Resend {
        via: Channel,
    },
    /// These bytes, as they are.
    Raw {
        via: Channel,
        bytes: Vec<u8>,
    },
    /// These bytes with the device id (bytes 6..22) set to this script's device and the last 64
    /// bytes replaced by the kiosk's signature over the rest: past the signature check into
    /// decryption.
    RawResigned {
        via: Channel,
        bytes: Vec<u8>,
    },
    /// `devices revoke` this device.
    Revoke,
    /// Enrol this device again with a new token (reactivates it after a revocation).
    Reenrol,
    /// A genuine bundle for the next `n` rows (n in 1..=8) whose plaintext is these bytes.
    Payload {
        via: Channel,
        rows: u8,
        bytes: Vec<u8>,
    },
}

// ---------------------------------------------------------------------------------------------
// Decoding

/// Reads an input front to back; past its end every byte is 0. Also used by the `centre_ack`
/// and `kiosk_ack` decoders.
pub(crate) struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Cursor<'a> {
        Cursor { data, pos: 0 }
    }

    fn done(&self) -> bool {
        self.pos >= self.data.len()
    }

    pub(crate) fn u8(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    pub(crate) fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        for b in &mut out {
            *b = self.u8();
        }
        out
    }

    pub(crate) fn u16(&mut self) -> u16 {
        u16::from_be_bytes(self.array())
    }

    pub(crate) fn u32(&mut self) -> u32 {
        u32::from_be_bytes(self.array())
    }

    pub(crate) fn u64(&mut self) -> u64 {
        u64::from_be_bytes(self.array())
    }

    /// A u16 length, then that many bytes (fewer when the input ends).
    fn bytes16(&mut self) -> Vec<u8> {
        let len = usize::from(self.u16()).min(MAX_RAW);
        self.take(len)
    }

    /// A u8 length, then that many bytes.
    pub(crate) fn bytes8(&mut self) -> Vec<u8> {
        let len = usize::from(self.u8());
        self.take(len)
    }

    pub(crate) fn take(&mut self, len: usize) -> Vec<u8> {
        let start = self.pos.min(self.data.len());
        let end = start.saturating_add(len).min(self.data.len());
        self.pos = start + len;
        self.data[start..end].to_vec()
    }

    fn channel(&mut self, code: u8) -> Channel {
        match (code >> 3) & 3 {
            0 => Channel::Usb,
            1 => Channel::Direct,
            2 => Channel::Router,
            _ => Channel::RouterVariant(match self.u8() % HTTP_VARIANTS {
                0 => HttpVariant::Chunked(self.u8()),
                1 => HttpVariant::HugeLength,
                2 => HttpVariant::BrokenBody,
                3 => HttpVariant::WrongLength(self.u32()),
                4 => HttpVariant::GarbageLength,
                5 => HttpVariant::WrongPath,
                _ => HttpVariant::WrongMethod,
            }),
        }
    }

    fn content(&mut self) -> Content {
        match self.u8() {
            b if b < 0x80 => Content::Table(b),
            _ => Content::Text(self.bytes8()),
        }
    }

    fn spec(&mut self) -> SealSpec {
        let first = match self.u8() % 6 {
            0 => First::Next,
            1 => First::Gap(self.u8()),
            2 => First::Replay(self.u8()),
            3 => First::Zero,
            4 => First::Exact(self.u64()),
            _ => First::Boundary(self.u8()),
        };
        let last = match self.u8() {
            0xff => Last::Exact(self.u64()),
            n => Last::Rows(1 + n % 8),
        };
        let prev = match self.u8() % 4 {
            0 => Prev::Held,
            1 => Prev::Zeros,
            2 => Prev::LastSent,
            _ => Prev::Exact(self.array()),
        };
        let id = match self.u8() % 3 {
            0 => BundleIdChoice::Fresh,
            1 => BundleIdChoice::ReuseLast,
            _ => BundleIdChoice::Exact(self.array()),
        };
        let who = match self.u8() % 6 {
            0 => Who::Kiosk,
            1 => Who::UnknownDevice(self.array()),
            2 => Who::OtherKeyInHeader,
            3 => Who::SignedByOther,
            4 => Who::OtherCentre,
            _ => Who::SeedKiosk,
        };
        let payload = match self.u8() % 6 {
            0 => PayloadSpec::Rows(self.content()),
            1 => PayloadSpec::SkipSeq(self.content()),
            2 => PayloadSpec::NoLast(self.content()),
            3 => PayloadSpec::Empty,
            4 => PayloadSpec::Bytes(self.bytes16()),
            _ => PayloadSpec::Pretty(self.content()),
        };
        let damage = match self.u8() % 6 {
            0 => Damage::None,
            1 => Damage::Flip {
                at: self.u16(),
                mask: self.u8(),
            },
            2 => Damage::Truncate(self.u16()),
            3 => Damage::Append(self.bytes8()),
            4 => Damage::FlipResign {
                at: self.u16(),
                mask: self.u8(),
            },
            _ => Damage::CtLength(self.u32()),
        };
        SealSpec {
            first,
            last,
            prev,
            id,
            who,
            payload,
            damage,
        }
    }
}

/// The script an input stands for (at most [`MAX_OPS`] operations).
pub fn decode(data: &[u8]) -> Vec<Op> {
    let mut c = Cursor { data, pos: 0 };
    let mut ops = Vec::new();
    while !c.done() && ops.len() < MAX_OPS {
        let code = c.u8();
        let kind = code % KINDS;
        let op = match kind {
            K_REVOKE => Op::Revoke,
            K_REENROL => Op::Reenrol,
            _ => {
                let via = c.channel(code);
                match kind {
                    K_SEAL_NEXT => Op::SealNext {
                        via,
                        rows: 1 + c.u8() % 4,
                        content: c.content(),
                    },
                    K_SEAL => Op::Seal {
                        via,
                        spec: c.spec(),
                    },
                    K_RESEND => Op::Resend { via },
                    K_RAW => Op::Raw {
                        via,
                        bytes: c.bytes16(),
                    },
                    K_RAW_RESIGNED => Op::RawResigned {
                        via,
                        bytes: c.bytes16(),
                    },
                    _ => Op::Payload {
                        via,
                        rows: 1 + c.u8() % 8,
                        bytes: c.bytes16(),
                    },
                }
            }
        };
        ops.push(op);
    }
    ops
}

// ---------------------------------------------------------------------------------------------
// Encoding, for the seed generator

fn code(kind: u8, via: Channel) -> u8 {
    let channel = match via {
        Channel::Usb => 0,
        Channel::Direct => 1,
        Channel::Router => 2,
        Channel::RouterVariant(_) => 3,
    };
    kind | channel << 3
}

fn put_channel(out: &mut Vec<u8>, via: Channel) {
    if let Channel::RouterVariant(v) = via {
        match v {
            HttpVariant::Chunked(n) => out.extend([0, n]),
            HttpVariant::HugeLength => out.push(1),
            HttpVariant::BrokenBody => out.push(2),
            HttpVariant::WrongLength(n) => {
                out.push(3);
                out.extend(n.to_be_bytes());
            }
            HttpVariant::GarbageLength => out.push(4),
            HttpVariant::WrongPath => out.push(5),
            HttpVariant::WrongMethod => out.push(6),
        }
    }
}

fn put16(out: &mut Vec<u8>, bytes: &[u8]) {
    let bytes = &bytes[..bytes.len().min(MAX_RAW)];
    out.extend((bytes.len() as u16).to_be_bytes());
    out.extend_from_slice(bytes);
}

fn put8(out: &mut Vec<u8>, bytes: &[u8]) {
    let bytes = &bytes[..bytes.len().min(255)];
    out.push(bytes.len() as u8);
    out.extend_from_slice(bytes);
}

fn put_content(out: &mut Vec<u8>, content: &Content) {
    match content {
        Content::Table(n) => out.push(n % 0x80),
        Content::Text(text) => {
            out.push(0x80);
            put8(out, text);
        }
    }
}

impl Op {
    /// The bytes [`decode`] reads back as this operation.
    pub fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Op::Revoke => out.push(K_REVOKE),
            Op::Reenrol => out.push(K_REENROL),
            Op::SealNext { via, rows, content } => {
                out.push(code(K_SEAL_NEXT, *via));
                put_channel(out, *via);
                out.push(rows.saturating_sub(1) % 4);
                put_content(out, content);
            }
            Op::Seal { via, spec } => {
                out.push(code(K_SEAL, *via));
                put_channel(out, *via);
                spec.encode(out);
            }
            Op::Resend { via } => {
                out.push(code(K_RESEND, *via));
                put_channel(out, *via);
            }
            Op::Raw { via, bytes } => {
                out.push(code(K_RAW, *via));
                put_channel(out, *via);
                put16(out, bytes);
            }
            Op::RawResigned { via, bytes } => {
                out.push(code(K_RAW_RESIGNED, *via));
                put_channel(out, *via);
                put16(out, bytes);
            }
            Op::Payload { via, rows, bytes } => {
                out.push(code(K_PAYLOAD, *via));
                put_channel(out, *via);
                out.push(rows.saturating_sub(1) % 8);
                put16(out, bytes);
            }
        }
    }
}

impl SealSpec {
    fn encode(&self, out: &mut Vec<u8>) {
        match self.first {
            First::Next => out.push(0),
            First::Gap(n) => out.extend([1, n]),
            First::Replay(n) => out.extend([2, n]),
            First::Zero => out.push(3),
            First::Exact(n) => {
                out.push(4);
                out.extend(n.to_be_bytes());
            }
            First::Boundary(n) => out.extend([5, n]),
        }
        match self.last {
            Last::Rows(n) => out.push(n.saturating_sub(1) % 8),
            Last::Exact(n) => {
                out.push(0xff);
                out.extend(n.to_be_bytes());
            }
        }
        match &self.prev {
            Prev::Held => out.push(0),
            Prev::Zeros => out.push(1),
            Prev::LastSent => out.push(2),
            Prev::Exact(h) => {
                out.push(3);
                out.extend_from_slice(h);
            }
        }
        match &self.id {
            BundleIdChoice::Fresh => out.push(0),
            BundleIdChoice::ReuseLast => out.push(1),
            BundleIdChoice::Exact(id) => {
                out.push(2);
                out.extend_from_slice(id);
            }
        }
        match &self.who {
            Who::Kiosk => out.push(0),
            Who::UnknownDevice(id) => {
                out.push(1);
                out.extend_from_slice(id);
            }
            Who::OtherKeyInHeader => out.push(2),
            Who::SignedByOther => out.push(3),
            Who::OtherCentre => out.push(4),
            Who::SeedKiosk => out.push(5),
        }
        match &self.payload {
            PayloadSpec::Rows(c) => {
                out.push(0);
                put_content(out, c);
            }
            PayloadSpec::SkipSeq(c) => {
                out.push(1);
                put_content(out, c);
            }
            PayloadSpec::NoLast(c) => {
                out.push(2);
                put_content(out, c);
            }
            PayloadSpec::Empty => out.push(3),
            PayloadSpec::Bytes(b) => {
                out.push(4);
                put16(out, b);
            }
            PayloadSpec::Pretty(c) => {
                out.push(5);
                put_content(out, c);
            }
        }
        match &self.damage {
            Damage::None => out.push(0),
            Damage::Flip { at, mask } => {
                out.push(1);
                out.extend(at.to_be_bytes());
                out.push(*mask);
            }
            Damage::Truncate(n) => {
                out.push(2);
                out.extend(n.to_be_bytes());
            }
            Damage::Append(b) => {
                out.push(3);
                put8(out, b);
            }
            Damage::FlipResign { at, mask } => {
                out.push(4);
                out.extend(at.to_be_bytes());
                out.push(*mask);
            }
            Damage::CtLength(n) => {
                out.push(5);
                out.extend(n.to_be_bytes());
            }
        }
    }
}

/// A whole script's bytes.
pub fn encode(ops: &[Op]) -> Vec<u8> {
    let mut out = Vec::new();
    for op in ops {
        op.encode(&mut out);
    }
    out
}
