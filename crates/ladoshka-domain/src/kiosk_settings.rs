//! The text of the kiosk's settings file (`kiosk.toml`): the time zone, the language the public
//! screens start in, the room the kiosk stands in, and the CA file a centre's certificate
//! chains to. Reading and writing the file lives in
//! the app (`platform::kiosk_file`); the text's rules are here, pure, so the fuzzer
//! (`fuzz/fuzz_targets/kiosk_settings.rs`) can reach them without building the app.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::data_file::{line_of, locate};
use crate::{Language, NewRoom, RoomKind};

/// What the file says; a key that is not there is `None`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KioskSettings {
    pub time_zone: Option<chrono_tz::Tz>,
    pub language: Option<Language>,
    /// The room's name, as the database's `rooms` has it.
    pub room: Option<String>,
    /// An absolute path to a PEM file of certificate authorities to trust for the centre
    /// besides the system's store (a centre with the Russian Trusted Root CA or its own CA).
    pub ca_file: Option<String>,
}

/// A mistake in the text: the 1-based line, the field (the key on that line, or «(file)») and
/// what to write instead. The app adds the file's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}: {field}: {message}")]
pub struct KioskSettingsError {
    pub line: usize,
    pub field: String,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    time_zone: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
    room: Option<Spanned<String>>,
    ca_file: Option<Spanned<String>>,
}

#[derive(Serialize)]
struct Written<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    time_zone: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    room: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ca_file: Option<&'a str>,
}

const HEADER: &str = "\
# Ladoshka kiosk settings (README.md, «The kiosk's settings file»).
# time_zone: an IANA name such as \"Europe/Moscow\"; language: \"ru\", \"tt\" or \"en\";
# room: the name of the room this kiosk stands in; ca_file: a PEM file of the CA the centre's
# certificate chains to, if the system's store lacks it.
";

impl KioskSettings {
    /// Checks the text of a settings file.
    pub fn parse(text: &str) -> Result<Self, KioskSettingsError> {
        let invalid = |line: usize, field: &str, message: String| KioskSettingsError {
            line,
            field: field.to_owned(),
            message,
        };
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let (line, field) = locate(text, &e);
            invalid(line, &field, e.message().trim().to_owned())
        })?;
        let at = |v: &Spanned<String>| line_of(text, &v.span());
        let time_zone = raw
            .time_zone
            .map(|v| {
                v.get_ref().trim().parse::<chrono_tz::Tz>().map_err(|_| {
                    invalid(at(&v), "time_zone", format!(
                        "«{}» is not a time zone name: write an IANA name such as \"Europe/Moscow\" or \"Asia/Yekaterinburg\"",
                        v.get_ref()
                    ))
                })
            })
            .transpose()?;
        let language = raw
            .language
            .map(|v| {
                Language::from_code(v.get_ref()).map_err(|_| {
                    invalid(
                        at(&v),
                        "language",
                        format!(
                            "«{}» is not a language of the kiosk: write \"ru\", \"tt\" or \"en\"",
                            v.get_ref()
                        ),
                    )
                })
            })
            .transpose()?;
        let room = raw
            .room
            .map(|v| {
                // The kind does not matter here: only the name's rules are checked.
                NewRoom::new(v.get_ref(), RoomKind::PlayTherapy)
                    .map(|r| r.name)
                    .map_err(|e| {
                        invalid(at(&v), "room", format!(
                            "{e}: write the room's name as the public screen should show it, e.g. \"Игротерапия «Радуга»\", or remove the line"
                        ))
                    })
            })
            .transpose()?;
        let ca_file = raw
            .ca_file
            .map(|v| {
                let path = v.get_ref().trim();
                if path.starts_with('/') && !path.contains('\0') {
                    Ok(path.to_owned())
                } else {
                    Err(invalid(at(&v), "ca_file", format!(
                        "«{}» is not an absolute path: write where the CA's PEM file is, e.g. \"/var/lib/ladoshka-kiosk/centre-ca.pem\", or remove the line",
                        v.get_ref()
                    )))
                }
            })
            .transpose()?;
        Ok(Self {
            time_zone,
            language,
            room,
            ca_file,
        })
    }

    /// The file's text: a comment saying what each key takes, then the keys that are set.
    pub fn to_text(&self) -> String {
        let body = toml::to_string(&Written {
            time_zone: self.time_zone.as_ref().map(|z| z.name()),
            language: self.language.map(Language::code),
            room: self.room.as_deref(),
            ca_file: self.ca_file.as_deref(),
        })
        .expect("optional strings always serialise");
        format!("{HEADER}{body}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back_the_same() {
        let full = KioskSettings {
            time_zone: Some(chrono_tz::Europe::Samara),
            language: Some(Language::Tt),
            room: Some("Кабинет № 12 \"Радуга\" '1'".into()),
            ca_file: Some("/var/lib/ladoshka-kiosk/centre-ca.pem".into()),
        };
        for s in [full, KioskSettings::default()] {
            assert_eq!(KioskSettings::parse(&s.to_text()).unwrap(), s);
        }
    }

    #[test]
    fn a_mistake_names_its_line_and_field() {
        let e = KioskSettings::parse("language = \"ru\"\n\ntime_zone = \"Mars/Olympus\"\n")
            .unwrap_err();
        assert_eq!((e.line, e.field.as_str()), (3, "time_zone"));
        assert!(
            e.to_string().starts_with("3: time_zone: «Mars/Olympus»"),
            "{e}"
        );
        let e = KioskSettings::parse("ca_file = \"centre-ca.pem\"\n").unwrap_err();
        assert_eq!((e.line, e.field.as_str()), (1, "ca_file"));
        assert!(e.message.contains("not an absolute path"), "{e}");
    }
}
