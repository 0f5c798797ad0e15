//! The two enrolment messages, as JSON: the kiosk's request and the centre's answer.
//!
//! The kiosk sends its device id and public key with a one-time token issued at the centre; the
//! centre answers with its public key. Both screens then show the fingerprints so a person can
//! compare them: the messages themselves prove nothing about who sent them.

use std::fmt;

use crate::header::DeviceId;
use crate::keys::{CentrePublicKey, DevicePublicKey};

/// Kiosk → centre.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EnrolmentRequest {
    /// The one-time token printed by `ladoshka-centre token create`.
    pub token: String,
    /// 32 hex digits in JSON.
    #[serde(with = "hex::serde")]
    pub device_id: DeviceId,
    /// 64 hex digits in JSON.
    pub device_public_key: DevicePublicKey,
}

/// Centre → kiosk.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EnrolmentResponse {
    /// The centre's public key in its byte form, hex in JSON.
    pub centre_public_key: CentrePublicKey,
}

impl fmt::Debug for EnrolmentRequest {
    // The token is a credential until it is used: keep it out of logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnrolmentRequest")
            .field("token", &"<hidden>")
            .field("device_id", &hex::encode(self.device_id))
            .field("device_public_key", &self.device_public_key)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::{CentreKeys, DeviceIdentity};

    #[test]
    fn messages_round_trip_through_json_and_hide_the_token() {
        let request = EnrolmentRequest {
            token: "secret-token".into(),
            device_id: [0xab; 16],
            device_public_key: DeviceIdentity::generate().unwrap().public_key(),
        };
        let json = serde_json::to_string(&request).unwrap();
        assert!(json.contains(&"ab".repeat(16)));
        assert_eq!(
            serde_json::from_str::<EnrolmentRequest>(&json).unwrap(),
            request
        );
        assert!(!format!("{request:?}").contains("secret-token"));

        let response = EnrolmentResponse {
            centre_public_key: CentreKeys::generate().unwrap().public_key(),
        };
        let json = serde_json::to_string(&response).unwrap();
        assert_eq!(
            serde_json::from_str::<EnrolmentResponse>(&json).unwrap(),
            response
        );
    }

    #[test]
    fn malformed_keys_in_json_are_refused() {
        let bad = r#"{"token":"t","device_id":"00112233445566778899aabbccddeeff","device_public_key":"1234"}"#;
        assert!(serde_json::from_str::<EnrolmentRequest>(bad).is_err());
        let bad = r#"{"centre_public_key":"4c445350"}"#;
        assert!(serde_json::from_str::<EnrolmentResponse>(bad).is_err());
    }
}
