//! Where the kiosk's time zone, language and room come from. In order, the first that is given
//! wins: the command-line option (`--time-zone`, `--lang`, `--room`), its environment variable
//! (`LADOSHKA_TIME_ZONE`, `LADOSHKA_LANG`, `LADOSHKA_ROOM`), the settings file
//! `<data dir>/kiosk.toml`, the built-in default (Europe/Moscow, Russian, the first room).

use anyhow::Context;

use super::Cli;
use crate::domain::Language;
use crate::platform::kiosk_file::KioskFile;

/// The settings file of the data directory `cli` names; an empty one when there is no file,
/// or when the data directory cannot be told (opening the store says so in its own words).
pub fn read(cli: &Cli) -> anyhow::Result<KioskFile> {
    let Ok(dir) = super::open::data_dir_of(cli) else {
        return Ok(KioskFile::default());
    };
    let file = KioskFile::read(&dir).context(
        "the kiosk's settings file is wrong: correct it (or remove it to use the defaults)",
    )?;
    if file.is_some() {
        tracing::info!(file = %KioskFile::path_in(&dir).display(), "kiosk settings read");
    }
    Ok(file.unwrap_or_default())
}

/// The kiosk's time zone.
pub fn zone(cli: &Cli, file: &KioskFile) -> chrono_tz::Tz {
    cli.time_zone
        .or(file.time_zone)
        .unwrap_or(crate::app::clock::DEFAULT_ZONE)
}

/// The language the public screens start in.
pub fn language(given: Option<Language>, file: &KioskFile) -> Language {
    given.or(file.language).unwrap_or_default()
}

/// The room's name the kiosk looks for among the rooms (`None`: the first room).
pub fn room(given: Option<&str>, file: &KioskFile) -> Option<String> {
    given
        .map(str::to_owned)
        .or_else(|| file.room.clone())
        .filter(|r| !r.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn a_flag_beats_the_file_and_the_file_beats_the_default() {
        let file = KioskFile {
            time_zone: Some(chrono_tz::Asia::Yekaterinburg),
            language: Some(Language::Tt),
            room: Some("Прокат".into()),
            ca_file: None,
        };
        let plain = Cli::try_parse_from(["ladoshka", "doctor"]).unwrap();
        let given =
            Cli::try_parse_from(["ladoshka", "--time-zone", "Europe/Samara", "doctor"]).unwrap();
        if std::env::var_os("LADOSHKA_TIME_ZONE").is_none() {
            assert_eq!(zone(&plain, &file), chrono_tz::Asia::Yekaterinburg);
            assert_eq!(
                zone(&plain, &KioskFile::default()),
                chrono_tz::Europe::Moscow
            );
        }
        assert_eq!(zone(&given, &file), chrono_tz::Europe::Samara);
        assert_eq!(language(None, &file), Language::Tt);
        assert_eq!(language(Some(Language::En), &file), Language::En);
        assert_eq!(language(None, &KioskFile::default()), Language::Ru);
        assert_eq!(room(None, &file).as_deref(), Some("Прокат"));
        assert_eq!(room(Some("Радуга"), &file).as_deref(), Some("Радуга"));
        assert_eq!(room(None, &KioskFile::default()), None);
    }
}
