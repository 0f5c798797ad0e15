//! The kiosk's own settings file, `<data dir>/kiosk.toml` (on the kiosk image
//! `/var/lib/ladoshka/kiosk.toml`, on the data partition): the time zone, the language the
//! public screens start in, the room the kiosk stands in, and the CA file of its centre. The first-boot set-up screen
//! writes it; a person may edit it. A broken file is refused with its file, line and field,
//! and written atomically (temporary file, fsync, rename, fsync of the directory), so a power
//! cut leaves the old file or the new one, never half of one. The text's rules (and the text
//! written) are the domain's, `domain::kiosk_settings`, where the fuzzer reaches them; this
//! module reads and writes the file and names it in errors.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::domain::kiosk_settings::{KioskSettings, KioskSettingsError};
use crate::domain::Language;

/// The file's name inside the data directory.
pub const FILE_NAME: &str = "kiosk.toml";

/// What the file says; a key that is not there is `None`. The same fields as the domain's
/// [`KioskSettings`], whose rules it forwards to; this type adds where the file is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KioskFile {
    pub time_zone: Option<chrono_tz::Tz>,
    pub language: Option<Language>,
    /// The room's name, as the database's `rooms` has it.
    pub room: Option<String>,
    /// A PEM file of CAs to trust for the centre besides the system's store (`sync::trust`).
    pub ca_file: Option<PathBuf>,
}

impl From<KioskSettings> for KioskFile {
    fn from(s: KioskSettings) -> Self {
        let KioskSettings {
            time_zone,
            language,
            room,
            ca_file,
        } = s;
        KioskFile {
            time_zone,
            language,
            room,
            ca_file: ca_file.map(PathBuf::from),
        }
    }
}

impl From<&KioskFile> for KioskSettings {
    fn from(f: &KioskFile) -> Self {
        KioskSettings {
            time_zone: f.time_zone,
            language: f.language,
            room: f.room.clone(),
            ca_file: f.ca_file.as_ref().map(|p| p.display().to_string()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KioskFileError {
    #[error("{file}:{line}: {field}: {message}")]
    Invalid {
        file: PathBuf,
        line: usize,
        field: String,
        message: String,
    },
    #[error("cannot read {file}: {reason}")]
    Unreadable { file: PathBuf, reason: String },
    #[error(
        "cannot write {file}: {reason}. Check that the data directory is writable and not full"
    )]
    Unwritable { file: PathBuf, reason: String },
}

impl KioskFile {
    /// The file in data directory `dir`.
    pub fn path_in(dir: &Path) -> PathBuf {
        dir.join(FILE_NAME)
    }

    /// Checks the text of a settings file (the rules: [`KioskSettings::parse`]); `file` names
    /// it in errors.
    pub fn parse(file: &Path, text: &str) -> Result<Self, KioskFileError> {
        KioskSettings::parse(text).map(Self::from).map_err(
            |KioskSettingsError {
                 line,
                 field,
                 message,
             }| KioskFileError::Invalid {
                file: file.to_path_buf(),
                line,
                field,
                message,
            },
        )
    }

    /// Reads `<dir>/kiosk.toml`; `Ok(None)` when there is no such file.
    pub fn read(dir: &Path) -> Result<Option<Self>, KioskFileError> {
        let path = Self::path_in(dir);
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::parse(&path, &text).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(KioskFileError::Unreadable {
                file: path,
                reason: e.to_string(),
            }),
        }
    }

    /// The file's text, as [`KioskFile::write`] writes it ([`KioskSettings::to_text`]).
    pub fn to_text(&self) -> String {
        KioskSettings::from(self).to_text()
    }

    /// Writes `<dir>/kiosk.toml` atomically: a temporary file beside it, fsync, rename over the
    /// old one, fsync of the directory (without it the rename may not survive a power cut).
    pub fn write(&self, dir: &Path) -> Result<PathBuf, KioskFileError> {
        let path = Self::path_in(dir);
        let tmp = dir.join(format!(".{FILE_NAME}.tmp"));
        let fail = |e: std::io::Error| KioskFileError::Unwritable {
            file: path.clone(),
            reason: e.to_string(),
        };
        let mut f = std::fs::File::create(&tmp).map_err(fail)?;
        f.write_all(self.to_text().as_bytes()).map_err(fail)?;
        f.sync_all().map_err(fail)?;
        drop(f);
        std::fs::rename(&tmp, &path).map_err(fail)?;
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(fail)?;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<KioskFile, KioskFileError> {
        KioskFile::parse(Path::new("/var/lib/ladoshka/kiosk.toml"), text)
    }

    #[test]
    fn a_full_file_and_an_empty_one() {
        let f = parse(
            "time_zone = \"Asia/Yekaterinburg\"\nlanguage = \"tt\"\nroom = \"Игротерапия  «Радуга»\"\n",
        )
        .unwrap();
        assert_eq!(f.time_zone, Some(chrono_tz::Asia::Yekaterinburg));
        assert_eq!(f.language, Some(Language::Tt));
        assert_eq!(f.room.as_deref(), Some("Игротерапия «Радуга»"));
        assert_eq!(parse("# nothing set\n").unwrap(), KioskFile::default());
    }

    #[test]
    fn mistakes_name_the_file_the_line_and_what_to_write() {
        let cases = [
            (
                "language = \"ru\"\ntime_zone = \"Europe/Moscw\"\n",
                2,
                "time_zone",
                "IANA",
            ),
            (
                "language = \"de\"\n",
                1,
                "language",
                "\"ru\", \"tt\" or \"en\"",
            ),
            ("\n\nroom = \"<b>\"\n", 3, "room", "room's name"),
            ("room = \"  \"\n", 1, "room", "room's name"),
            (
                "language = \"ru\"\ntimezone = \"Europe/Moscow\"\n",
                2,
                "timezone",
                "time_zone",
            ),
            ("language = ru\n", 1, "language", ""),
            ("room = 12\n", 1, "room", ""),
        ];
        for (text, line, field, hint) in cases {
            let e = parse(text).unwrap_err();
            let shown = e.to_string();
            match e {
                KioskFileError::Invalid {
                    line: l, field: f, ..
                } => {
                    assert_eq!((l, f.as_str()), (line, field), "{text:?}: {shown}");
                }
                other => panic!("{text:?}: {other}"),
            }
            assert!(
                shown.starts_with(&format!("/var/lib/ladoshka/kiosk.toml:{line}: {field}: ")),
                "{shown}"
            );
            assert!(shown.contains(hint), "{shown}");
        }
    }

    #[test]
    fn written_atomically_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(KioskFile::read(dir.path()).unwrap(), None);
        let f = KioskFile {
            time_zone: Some(chrono_tz::Europe::Samara),
            language: Some(Language::En),
            room: Some("Кабинет № 12 \"Радуга\"".into()),
            ca_file: None,
        };
        let path = f.write(dir.path()).unwrap();
        assert_eq!(path, dir.path().join("kiosk.toml"));
        assert_eq!(KioskFile::read(dir.path()).unwrap(), Some(f.clone()));
        let only_room = KioskFile {
            room: Some("Прокат".into()),
            ..Default::default()
        };
        only_room.write(dir.path()).unwrap();
        assert_eq!(KioskFile::read(dir.path()).unwrap(), Some(only_room));
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["kiosk.toml"], "no temporary file is left");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# Ladoshka kiosk settings"), "{text}");
        assert!(!text.contains("time_zone ="), "{text}");
    }
}
