//! `centre_upload`'s deliveries through the router (`POST /v1/bundles`, with the HTTP
//! variants of `src/script.rs`), and what the model makes of the answer. A part of
//! `upload`'s `Harness`, kept apart so that neither file is too long.

use std::collections::VecDeque;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::http::{header, Method, Request, StatusCode};
use bytes::Bytes;
use ladoshka_centre::MAX_BUNDLE_LEN;
use ladoshka_seal::{
    parse_prefix, precheck, Ack, CentrePublicKey, OpenError, ParseError, PREFIX_LEN,
};

use super::{Expect, Harness, Http, Outcome, Plan, PlanKind};
use crate::centre::send;
use crate::keys;
use crate::script::HttpVariant;

impl Harness {
    /// `POST /v1/bundles` through the router; the outcome when it can be told from the answer
    /// (`None` for an unchecked 200, whose detail HTTP does not give).
    pub(super) fn post(
        &mut self,
        bytes: &[u8],
        variant: Option<HttpVariant>,
        expect: Expect,
        plan: &Plan,
    ) -> Option<Outcome> {
        let mut method = Method::POST;
        let mut path = "/v1/bundles";
        let mut length = Some(bytes.len().to_string());
        let mut frames: VecDeque<Result<Bytes, io::Error>> =
            VecDeque::from([Ok(Bytes::copy_from_slice(bytes))]);
        // The refusal the upload gets from its first PREFIX_LEN bytes, before the rest is read.
        let early = self.header_refusal(bytes);
        // What the variant makes of the expected answer.
        let mut fixed_answer: Option<Http> = None;
        match variant {
            None => {}
            Some(HttpVariant::Chunked(n)) => {
                length = None;
                frames = bytes
                    .chunks(usize::from(n) + 1)
                    .map(|c| Ok(Bytes::copy_from_slice(c)))
                    .collect();
            }
            Some(HttpVariant::HugeLength) => {
                length = Some((MAX_BUNDLE_LEN + 1).to_string());
                fixed_answer = Some(Http::new(StatusCode::PAYLOAD_TOO_LARGE, None, None));
            }
            Some(HttpVariant::BrokenBody) => {
                frames.push_back(Err(io::Error::new(
                    io::ErrorKind::ConnectionReset,
                    "the fuzz client broke off",
                )));
                // The whole bundle arrives before the break: a refusal from its header comes
                // first.
                fixed_answer =
                    Some(early.unwrap_or(Http::new(StatusCode::BAD_REQUEST, None, None)));
            }
            Some(HttpVariant::WrongLength(n)) => {
                length = Some(n.to_string());
                if n as usize > MAX_BUNDLE_LEN {
                    fixed_answer = Some(Http::new(StatusCode::PAYLOAD_TOO_LARGE, None, None));
                }
            }
            Some(HttpVariant::GarbageLength) => length = Some("twelve".into()),
            Some(HttpVariant::WrongPath) => {
                path = "/v1/bundle";
                fixed_answer = Some(Http::new(StatusCode::NOT_FOUND, None, None));
            }
            Some(HttpVariant::WrongMethod) => {
                method = Method::GET;
                fixed_answer = Some(Http::new(StatusCode::METHOD_NOT_ALLOWED, None, None));
            }
        }
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/octet-stream");
        if let Some(length) = length {
            request = request.header(header::CONTENT_LENGTH, length);
        }
        let request = request.body(Frames(frames)).expect("a well-formed request");
        let router = &self.instance.as_ref().expect("a centre").router;
        let answer = send(&self.runtime, router, request);
        let (status, body) = (answer.status, answer.body);
        let header_text = |name: &str| {
            answer
                .headers
                .get(name)
                .map(|v| v.to_str().expect("an ASCII header").to_string())
        };
        let result = header_text(ladoshka_centre::http::RESULT_HEADER);
        let ack_header = header_text(ladoshka_centre::http::ACK_HEADER);
        let context = || {
            format!(
                "POST ({variant:?}) of {plan:?}: {status} {result:?} {}",
                String::from_utf8_lossy(&body)
            )
        };
        assert_ne!(
            status,
            StatusCode::INTERNAL_SERVER_ERROR,
            "a store error for a client's bytes: {}",
            context()
        );
        let public = keys::fixed().centre_public;
        let acked = match status {
            StatusCode::OK => Some(verified_ack(&body, &public, &context)),
            StatusCode::CONFLICT => {
                let hex = ack_header.unwrap_or_else(|| panic!("409 without an ack: {}", context()));
                let bytes =
                    hex::decode(hex).unwrap_or_else(|_| panic!("ack header: {}", context()));
                Some(verified_ack(&bytes, &public, &context))
            }
            _ => {
                assert!(ack_header.is_none(), "an ack header on {}", context());
                None
            }
        };
        let device = plan.header.device_id;
        if let (Some(ack), false) = (acked, plan.kind == PlanKind::Unchecked) {
            assert_eq!(
                ack.device_id,
                device,
                "ack for another device: {}",
                context()
            );
        }
        let seen = Http::new(
            status,
            result.as_deref().map(|r| match r {
                "imported" => "imported",
                "already-held" => "already-held",
                other => panic!("unknown result header {other:?}: {}", context()),
            }),
            acked.map(|a| a.highest_contiguous_seq),
        );
        if let Some(answer) = fixed_answer {
            assert_eq!(seen, answer, "{}", context());
            // Refused before the centre saw it: nothing changed.
            return Some(Outcome::Parse);
        }
        if let Some(early) = early {
            // Refused from its header: exactly that answer, whatever the rest holds.
            assert_eq!(seen, early, "refused from the header: {}", context());
            if let Expect::Exactly(outcome) = expect {
                assert_eq!(
                    outcome.http(),
                    early,
                    "the model and the header check disagree: {}",
                    context()
                );
            }
            return Some(Outcome::Parse);
        }
        match expect {
            Expect::Exactly(outcome) => {
                assert_eq!(seen, outcome.http(), "{}", context());
                Some(outcome)
            }
            Expect::Damaged => {
                assert!(
                    matches!(status, StatusCode::BAD_REQUEST | StatusCode::FORBIDDEN),
                    "a changed bundle was not refused for its form or keys: {}",
                    context()
                );
                Some(Outcome::Parse)
            }
            Expect::Unchecked => match seen.result {
                Some("imported") => Some(Outcome::Imported(seen.acked.unwrap_or(0))),
                Some(_) => Some(Outcome::AlreadyHeld(seen.acked.unwrap_or(0))),
                None if status == StatusCode::OK => None,
                None => Some(Outcome::Parse),
            },
        }
    }

    /// What `POST /v1/bundles` answers from the first [`PREFIX_LEN`] bytes alone, before it reads
    /// the rest (`Centre::precheck`): a header that does not parse (400, or 413 when the
    /// declared length is over the limit), an unknown or revoked device or another key (403),
    /// another centre (400). Worked out with the seal crate's `parse_prefix` and `precheck` and
    /// the store's device status as they are before the upload.
    fn header_refusal(&self, bytes: &[u8]) -> Option<Http> {
        let refused = |status| Some(Http::new(status, None, None));
        let prefix = bytes.get(..PREFIX_LEN)?;
        let header = match parse_prefix(prefix, MAX_BUNDLE_LEN) {
            Ok((header, _)) => header,
            Err(ParseError::Oversized { .. }) => return refused(StatusCode::PAYLOAD_TOO_LARGE),
            Err(_) => return refused(StatusCode::BAD_REQUEST),
        };
        let status = self
            .centre()
            .store()
            .device_status(&header.device_id)
            .expect("the device's status");
        match precheck(&header, status, &keys::fixed().centre_public) {
            Ok(()) => None,
            Err(
                OpenError::UnknownDevice { .. }
                | OpenError::RevokedDevice { .. }
                | OpenError::DeviceKeyMismatch { .. },
            ) => refused(StatusCode::FORBIDDEN),
            Err(_) => refused(StatusCode::BAD_REQUEST),
        }
    }
}

fn verified_ack(bytes: &[u8], public: &CentrePublicKey, context: &dyn Fn() -> String) -> Ack {
    Ack::verify(bytes, public)
        .unwrap_or_else(|e| panic!("the ack does not verify ({e}): {}", context()))
}

/// A request body of given frames (data, then perhaps an error).
struct Frames(VecDeque<Result<Bytes, io::Error>>);

impl http_body::Body for Frames {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, io::Error>>> {
        Poll::Ready(
            self.get_mut()
                .0
                .pop_front()
                .map(|frame| frame.map(http_body::Frame::data)),
        )
    }
}
