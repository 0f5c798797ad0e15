//! The centre's HTTP API as the kiosk calls it (`crates/ladoshka-centre` serves it):
//! `POST /v1/enrol` (JSON), `POST /v1/bundles` (the sealed bytes; the answer is the signed
//! acknowledgement), `GET /v1/ack?device=HEX` signed with the device's key (the time and the
//! signature of an `AckRequest` in two headers), and, signed the same way,
//! `POST /v1/device-kem` (the kiosk's key for configuration packages) and
//! `GET /v1/config?device=HEX&have=N` (its package, or 204 when it runs the last). A blocking client with timeouts, used from
//! the command line and the sync thread, never from the UI thread.

use std::time::Duration;

use ladoshka_seal::{
    AckRequest, CentrePublicKey, ConfigRequest, DeviceId, DeviceIdentity, DeviceKemPublicKey,
    DeviceKemRegistration, DeviceSigned, EnrolmentRequest, EnrolmentResponse,
};

/// How long one request may take in all (a bundle is at most a few MB).
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// Why a request to the centre did not succeed, in words for the admin screen.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("the centre at {url} cannot be reached ({reason}): the kiosk keeps its bundles and tries again later")]
    Unreachable { url: String, reason: String },
    #[error("the centre refused ({status}): {message}")]
    Refused {
        status: u16,
        message: String,
        /// A signed acknowledgement the centre sent with the refusal (a gap or a replay), so
        /// the kiosk can resume from where the centre is.
        ack: Option<Vec<u8>>,
    },
    /// The CA file the settings name cannot be used (see `sync::trust`).
    #[error("{0}")]
    Trust(super::trust::TrustError),
}

/// The centre at a base URL such as `https://centre.example/ladoshka` or `http://127.0.0.1:8430`.
pub struct CentreClient {
    base: String,
    agent: Result<ureq::Agent, super::trust::TrustError>,
}

impl CentreClient {
    /// A client that trusts what the kiosk's settings say (`sync::trust`).
    pub fn new(base: &str) -> Self {
        Self::trusting(base, super::trust::roots())
    }

    /// A client that trusts `roots` (or refuses every request with why there are none).
    pub fn trusting(
        base: &str,
        roots: Result<ureq::tls::RootCerts, super::trust::TrustError>,
    ) -> Self {
        let agent = roots.map(|roots| {
            ureq::Agent::config_builder()
                .timeout_global(Some(TIMEOUT))
                .http_status_as_error(false)
                .tls_config(ureq::tls::TlsConfig::builder().root_certs(roots).build())
                .build()
                .new_agent()
        });
        Self {
            base: base.trim_end_matches('/').to_owned(),
            agent,
        }
    }

    fn agent(&self) -> Result<&ureq::Agent, HttpError> {
        self.agent.as_ref().map_err(|e| HttpError::Trust(e.clone()))
    }

    fn unreachable(&self, e: ureq::Error) -> HttpError {
        HttpError::Unreachable {
            url: self.base.clone(),
            reason: e.to_string(),
        }
    }

    /// Reads an answer: its body on 200, else the centre's refusal in its words.
    fn answer(&self, resp: ureq::http::Response<ureq::Body>) -> Result<Vec<u8>, HttpError> {
        self.answer_limited(resp, 1 << 20)
    }

    /// [`CentreClient::answer`] for a body of at most `limit` bytes.
    fn answer_limited(
        &self,
        mut resp: ureq::http::Response<ureq::Body>,
        limit: u64,
    ) -> Result<Vec<u8>, HttpError> {
        let status = resp.status().as_u16();
        let ack = resp
            .headers()
            .get("X-Ladoshka-Ack")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| hex::decode(v.trim()).ok());
        let body = resp
            .body_mut()
            .with_config()
            .limit(limit)
            .read_to_vec()
            .map_err(|e| self.unreachable(e))?;
        if status == 200 {
            return Ok(body);
        }
        let message = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_owned))
            .unwrap_or_else(|| {
                String::from_utf8_lossy(&body)
                    .trim()
                    .chars()
                    .take(300)
                    .collect()
            });
        Err(HttpError::Refused {
            status,
            message,
            ack,
        })
    }

    /// Enrols this device with a one-time token; returns the centre's answer.
    pub fn enrol(&self, request: &EnrolmentRequest) -> Result<EnrolmentResponse, HttpError> {
        let body = serde_json::to_vec(request).expect("an enrolment request serialises");
        let resp = self
            .agent()?
            .post(&format!("{}/v1/enrol", self.base))
            .header("Content-Type", "application/json")
            .send(&body[..])
            .map_err(|e| self.unreachable(e))?;
        let body = self.answer(resp)?;
        serde_json::from_slice(&body).map_err(|e| HttpError::Refused {
            status: 200,
            message: format!("the centre's answer is not an enrolment answer: {e}"),
            ack: None,
        })
    }

    /// Sends one sealed bundle; returns the centre's signed acknowledgement.
    pub fn send_bundle(&self, bundle: &[u8]) -> Result<Vec<u8>, HttpError> {
        let resp = self
            .agent()?
            .post(&format!("{}/v1/bundles", self.base))
            .header("Content-Type", "application/octet-stream")
            .send(bundle)
            .map_err(|e| self.unreachable(e))?;
        self.answer(resp)
    }

    /// The centre's signed acknowledgement of what it holds from `device`, asked for with a
    /// request signed by the device's key. The time signed is the system clock's (the centre
    /// allows some skew), not the kiosk's record clock: it is part of the protocol, not a record.
    pub fn ack(
        &self,
        device: &DeviceId,
        key: &DeviceIdentity,
        centre: &CentrePublicKey,
    ) -> Result<Vec<u8>, HttpError> {
        let now = unix_now();
        let request = AckRequest {
            device_id: *device,
            issued_at_unix: now,
        };
        let url = format!("{}/v1/ack?device={}", self.base, hex::encode(device));
        let resp = signed(self.agent()?.get(&url), &request, now, centre, key)
            .call()
            .map_err(|e| self.unreachable(e))?;
        self.answer(resp)
    }

    /// Gives the centre this kiosk's key for configuration packages, signed by the device.
    pub fn register_config_key(
        &self,
        device: &DeviceId,
        key: &DeviceIdentity,
        centre: &CentrePublicKey,
        kem: &DeviceKemPublicKey,
    ) -> Result<(), HttpError> {
        let now = unix_now();
        let registration = DeviceKemRegistration {
            device_id: *device,
            kem_public_key: *kem,
            issued_at_unix: now,
        };
        let url = format!(
            "{}/v1/device-kem?device={}&key={}",
            self.base,
            hex::encode(device),
            kem.to_hex()
        );
        let resp = signed(self.agent()?.post(&url), &registration, now, centre, key)
            .send_empty()
            .map_err(|e| self.unreachable(e))?;
        if resp.status().as_u16() == 204 {
            return Ok(());
        }
        self.answer(resp).map(|_| ())
    }

    /// This kiosk's configuration package when the centre has a newer one than `have`
    /// (`None`: it runs the last one), asked for with a request signed by the device.
    pub fn config(
        &self,
        device: &DeviceId,
        key: &DeviceIdentity,
        centre: &CentrePublicKey,
        have: u64,
    ) -> Result<Option<Vec<u8>>, HttpError> {
        let now = unix_now();
        let request = ConfigRequest {
            device_id: *device,
            have_serial: have,
            issued_at_unix: now,
        };
        let url = format!(
            "{}/v1/config?device={}&have={have}",
            self.base,
            hex::encode(device)
        );
        let resp = signed(self.agent()?.get(&url), &request, now, centre, key)
            .call()
            .map_err(|e| self.unreachable(e))?;
        if resp.status().as_u16() == 204 {
            return Ok(None);
        }
        self.answer_limited(resp, ladoshka_seal::MAX_CONFIG_PACKAGE_LEN as u64)
            .map(Some)
    }
}

/// Adds the two headers of a request the device signs: the time and the signature.
fn signed<B>(
    builder: ureq::RequestBuilder<B>,
    request: &impl DeviceSigned,
    at: i64,
    centre: &CentrePublicKey,
    key: &DeviceIdentity,
) -> ureq::RequestBuilder<B> {
    builder
        .header("X-Ladoshka-Signed-At", at.to_string())
        .header(
            "X-Ladoshka-Signature",
            hex::encode(request.sign(centre, key)),
        )
}

/// The system clock in Unix seconds, for a signed request. Not the kiosk's record clock: the
/// time is part of the protocol (the centre allows some skew), not a record.
fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
