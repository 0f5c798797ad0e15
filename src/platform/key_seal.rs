//! How the database key is protected on this device, so the administrator is told loudly when
//! it is not protected by hardware. The kiosk image seals the key with `systemd-creds`: to the
//! TPM when the machine has one, else — silently, before — with systemd's host key, which lies
//! on the same disk as the database (`kiosk-image/README.md`, "The key, and the threat model").
//! The image's unit hands the app the seal it used as the credential `sealed-with`; without it,
//! a credential on a machine with no TPM can only have been sealed with the host key.

use std::path::Path;

use crate::domain::Language;

use super::device_secrets::KeySource;

/// What protects the database key at rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeySeal {
    /// Sealed to this machine's TPM 2.0: the disk alone is useless.
    Tpm,
    /// Sealed with systemd's host key, kept on the same disk: whoever has the disk has the data.
    HostKey,
    /// A key file (`--key-file`, or a developer machine's key beside the data).
    PlainFile,
    /// A credential sealed some other way, or not known.
    #[default]
    Unknown,
}

impl KeySeal {
    /// Works out the seal from where the key came from: the credential `sealed-with` beside
    /// it (`tpm2`, `host`, `tpm2+host`, as `systemd-creds --with-key=` names them), else
    /// whether the machine has a TPM at all (under `root`: `/` on a kiosk, a folder in tests).
    pub fn detect(source: &KeySource, credentials_dir: Option<&Path>, root: &Path) -> KeySeal {
        match source {
            KeySource::KeyFile(_) | KeySource::DeveloperKeyFile { .. } => KeySeal::PlainFile,
            KeySource::Credential(_) => {
                let said = credentials_dir
                    .and_then(|d| std::fs::read_to_string(d.join("sealed-with")).ok());
                match said.as_deref().map(str::trim) {
                    Some("host") => KeySeal::HostKey,
                    Some(s) if s.starts_with("tpm2") => KeySeal::Tpm,
                    Some(_) => KeySeal::Unknown,
                    None if !has_tpm(root) => KeySeal::HostKey,
                    None => KeySeal::Unknown,
                }
            }
        }
    }

    /// The short key the screens use: `tpm2`, `host`, `file` or `unknown`.
    pub fn key(self) -> &'static str {
        match self {
            KeySeal::Tpm => "tpm2",
            KeySeal::HostKey => "host",
            KeySeal::PlainFile => "file",
            KeySeal::Unknown => "unknown",
        }
    }

    /// One line for `doctor`'s report.
    pub fn describe(self) -> &'static str {
        match self {
            KeySeal::Tpm => "sealed to this machine's TPM 2.0",
            KeySeal::HostKey => "sealed with systemd's host key ON THE SAME DISK (no TPM)",
            KeySeal::PlainFile => "a key file (developer machine or --key-file): not sealed",
            KeySeal::Unknown => "a systemd credential, sealed in a way not known here",
        }
    }

    /// The warning for the administrator, when there is one: what it means and what to do.
    /// The screens say the same through `@tr` (`ui/widgets/key_seal_warning.slint`).
    pub fn warning(self, lang: Language) -> Option<(&'static str, &'static str)> {
        if self != KeySeal::HostKey {
            return None;
        }
        Some(match lang {
            Language::Ru => (
                "В киоске нет TPM: ключ базы данных не защищён аппаратно",
                "Ключ, которым зашифрованы записи, запечатан ключом хоста, который лежит на этом же \
                 диске. Тот, кто унесёт диск или весь киоск, сможет прочитать все записи. \
                 Используйте киоск с TPM 2.0 (включите его в настройках прошивки и подготовьте \
                 киоск заново) или держите киоск под замком; см. README образа киоска, раздел \
                 «The key, and the threat model».",
            ),
            Language::Tt => (
                "Киоскта TPM юк: мәгълүмат базасы ачкычы аппарат белән сакланмый",
                "Язмаларны шифрлаучы ачкыч шушы ук дискта саклана торган хост ачкычы белән \
                 мөһерләнгән. Дискны яки бөтен киоскны алып киткән кеше барлык язмаларны укый ала. \
                 TPM 2.0 булган киоск кулланыгыз (аны прошивка көйләүләрендә кабызыгыз һәм \
                 киоскны яңадан әзерләгез) яки киоскны бикле урында тотыгыз; киоск образының \
                 README файлында «The key, and the threat model» бүлеген карагыз.",
            ),
            Language::En => (
                "This kiosk has no TPM: the database key is not protected by hardware",
                "The key that encrypts the records is sealed with a host key kept on this same \
                 disk. Whoever takes the disk or the whole kiosk can read every record. Use a \
                 kiosk with a TPM 2.0 (switch it on in the firmware set-up and provision the kiosk \
                 again), or keep the kiosk locked away; see the kiosk image's README, \"The key, \
                 and the threat model\".",
            ),
        })
    }
}

/// Whether the machine under `root` has a TPM the kernel knows.
fn has_tpm(root: &Path) -> bool {
    root.join("sys/class/tpm/tpm0").exists() || root.join("dev/tpmrm0").exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seal_comes_from_sealed_with_else_from_whether_there_is_a_tpm() {
        let creds = tempfile::tempdir().unwrap();
        let root = tempfile::tempdir().unwrap();
        let cred = KeySource::Credential(creds.path().join("db-key"));
        let seal = || KeySeal::detect(&cred, Some(creds.path()), root.path());
        assert_eq!(
            seal(),
            KeySeal::HostKey,
            "no sealed-with and no TPM: the host key"
        );
        std::fs::create_dir_all(root.path().join("sys/class/tpm/tpm0")).unwrap();
        assert_eq!(
            seal(),
            KeySeal::Unknown,
            "a TPM now, but the seal is not known"
        );
        std::fs::write(creds.path().join("sealed-with"), "host\n").unwrap();
        assert_eq!(seal(), KeySeal::HostKey, "sealed-with wins");
        std::fs::write(creds.path().join("sealed-with"), "tpm2\n").unwrap();
        assert_eq!(seal(), KeySeal::Tpm);
        let file = KeySource::KeyFile("/k".into());
        assert_eq!(
            KeySeal::detect(&file, None, root.path()),
            KeySeal::PlainFile
        );
    }

    #[test]
    fn only_the_host_key_is_warned_about_in_every_language() {
        for lang in [Language::Ru, Language::Tt, Language::En] {
            let (title, text) = KeySeal::HostKey.warning(lang).unwrap();
            assert!(title.contains("TPM") && text.contains("TPM 2.0"));
            for other in [KeySeal::Tpm, KeySeal::PlainFile, KeySeal::Unknown] {
                assert_eq!(other.warning(lang), None);
            }
        }
    }
}
