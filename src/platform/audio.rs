//! Sound cues and voice prompts through rodio. The speakers are opened on their own thread; a
//! kiosk with no audio device, or a muted one, works exactly the same, silently. Cues may
//! overlap; a new voice prompt cuts the one still speaking, so prompts never talk over each
//! other. A line with the child's name ("Спасибо, Маша!") is spoken by espeak-ng at that
//! moment, fed through a pipe (the name never touches the disk or a command line); without
//! espeak-ng the recorded line without the name is played instead.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};

use crate::domain::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// A soft welcome: a colleague signed in.
    Chime,
    /// A key on the keypad.
    Tap,
    /// Gently "no": a wrong PIN.
    Refused,
    /// Someone arrived (for the psychologist's screens).
    Arrival,
}

impl Cue {
    fn wav(self) -> &'static [u8] {
        match self {
            Cue::Chime => include_bytes!("../../assets/sounds/chime.wav"),
            Cue::Tap => include_bytes!("../../assets/sounds/tap.wav"),
            Cue::Refused => include_bytes!("../../assets/sounds/refused.wav"),
            Cue::Arrival => include_bytes!("../../assets/sounds/arrival.wav"),
        }
    }
}

/// What the audio thread is asked to play.
#[derive(Debug, Clone)]
pub enum Sound {
    Cue(Cue),
    /// A recorded prompt.
    Voice(&'static [u8]),
    /// Text synthesised now, or `fallback` when it cannot be.
    Speech {
        text: String,
        lang: Language,
        fallback: Option<&'static [u8]>,
    },
}

/// A handle to the speakers. Cheap to clone; silent when there are none or when muted.
/// It remembers the last prompt it was asked to say, so a child can hear it again (🔊).
#[derive(Clone)]
pub struct Speakers {
    cues: Option<mpsc::Sender<Sound>>,
    last_prompt: Arc<Mutex<Option<Sound>>>,
}

impl Speakers {
    fn with(cues: Option<mpsc::Sender<Sound>>) -> Self {
        Self {
            cues,
            last_prompt: Arc::default(),
        }
    }

    /// Never plays anything (tests, screenshots, `--mute`).
    pub fn muted() -> Self {
        Self::with(None)
    }

    /// Hands every sound to the returned receiver instead of a device: what tests listen to.
    pub fn listening() -> (Self, mpsc::Receiver<Sound>) {
        let (tx, rx) = mpsc::channel();
        (Self::with(Some(tx)), rx)
    }

    /// Opens the default output device on a background thread. If there is none, the
    /// thread says so once in the log and the kiosk carries on silently.
    pub fn open() -> Self {
        let (tx, rx) = mpsc::channel::<Sound>();
        let started = std::thread::Builder::new()
            .name("audio".into())
            .spawn(move || {
                let mut sink = match rodio::DeviceSinkBuilder::open_default_sink() {
                    Ok(sink) => sink,
                    Err(e) => {
                        tracing::info!("no audio output ({e}); sounds are off");
                        return;
                    }
                };
                sink.log_on_drop(false);
                // The prompt speaking now; replacing it stops it.
                let mut voice: Option<rodio::Player> = None;
                for sound in rx {
                    let bytes: std::borrow::Cow<'static, [u8]> = match sound {
                        Sound::Cue(cue) => {
                            match rodio::Decoder::new(std::io::Cursor::new(cue.wav())) {
                                Ok(source) => sink.mixer().add(source),
                                Err(e) => {
                                    tracing::warn!(?cue, "cannot decode a bundled sound: {e}")
                                }
                            }
                            continue;
                        }
                        Sound::Voice(wav) => wav.into(),
                        Sound::Speech {
                            text,
                            lang,
                            fallback,
                        } => match synthesise(&text, lang) {
                            Some(wav) => wav.into(),
                            None => match fallback {
                                Some(wav) => wav.into(),
                                None => continue,
                            },
                        },
                    };
                    match rodio::Decoder::new(std::io::Cursor::new(bytes)) {
                        Ok(source) => {
                            let player = rodio::Player::connect_new(sink.mixer());
                            player.append(source);
                            voice = Some(player);
                        }
                        Err(e) => tracing::warn!("cannot decode a voice prompt: {e}"),
                    }
                }
                drop(voice);
            });
        match started {
            Ok(_) => Self::with(Some(tx)),
            Err(e) => {
                tracing::warn!("cannot start the audio thread ({e}); sounds are off");
                Self::muted()
            }
        }
    }

    pub fn play(&self, cue: Cue) {
        self.send(Sound::Cue(cue));
    }

    /// Speaks prompt `key` of `assets/voice/` in `lang` (nothing if there is no such prompt).
    pub fn say(&self, key: &str, lang: Language) {
        match super::voice_lines::line(key, lang) {
            Some(wav) => self.prompt(Sound::Voice(wav)),
            None => tracing::warn!(key, "no voice prompt with this key"),
        }
    }

    /// Speaks `text` (which may hold a child's name) now, or prompt `fallback` without it.
    pub fn speak(&self, text: String, lang: Language, fallback: &str) {
        self.prompt(Sound::Speech {
            text,
            lang,
            fallback: super::voice_lines::line(fallback, lang),
        });
    }

    /// Says the last prompt again (the 🔊 button); nothing when none was said since the last
    /// [`Speakers::forget`].
    pub fn say_again(&self) {
        let last = self.last().clone();
        if let Some(sound) = last {
            self.send(sound);
        }
    }

    /// Forgets the last prompt (it may hold a child's name): when the kiosk goes home.
    pub fn forget(&self) {
        *self.last() = None;
    }

    fn prompt(&self, sound: Sound) {
        *self.last() = Some(sound.clone());
        self.send(sound);
    }

    fn last(&self) -> std::sync::MutexGuard<'_, Option<Sound>> {
        self.last_prompt.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn send(&self, sound: Sound) {
        if let Some(tx) = &self.cues {
            // A closed channel means no device: silence is the right outcome.
            let _ = tx.send(sound);
        }
    }
}

/// The espeak-ng voice for each language (Debian's `espeak-ng-data` has all three).
pub fn espeak_voice(lang: Language) -> &'static str {
    match lang {
        Language::Ru => "ru",
        Language::Tt => "tt",
        Language::En => "en-gb",
    }
}

/// Runs espeak-ng with `text` on its standard input and returns the WAV it writes, or `None`
/// (and a note in the log) when it is not installed or fails.
pub fn synthesise(text: &str, lang: Language) -> Option<Vec<u8>> {
    let child = Command::new("espeak-ng")
        .args(["--stdout", "-s", "140", "-v", espeak_voice(lang)])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            tracing::info!("espeak-ng is not available ({e}); playing the recorded line instead");
            return None;
        }
    };
    let written = child
        .stdin
        .take()
        .map(|mut stdin| stdin.write_all(text.as_bytes()));
    let mut wav = Vec::new();
    let read = child.stdout.take().map(|mut out| out.read_to_end(&mut wav));
    let status = child.wait();
    match (written, read, status) {
        (Some(Ok(())), Some(Ok(_)), Ok(s)) if s.success() && wav.starts_with(b"RIFF") => Some(wav),
        _ => {
            tracing::warn!("espeak-ng did not produce speech; playing the recorded line instead");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_cue_decodes() {
        for cue in [Cue::Chime, Cue::Tap, Cue::Refused, Cue::Arrival] {
            let d = rodio::Decoder::new(std::io::Cursor::new(cue.wav()));
            assert!(d.is_ok(), "{cue:?}");
        }
    }

    #[test]
    fn muted_speakers_accept_cues_silently() {
        let muted = Speakers::muted();
        muted.play(Cue::Chime);
        muted.say("done", Language::Tt);
        muted.speak("Спасибо, Маша!".into(), Language::Ru, "done");
    }

    #[test]
    fn speech_is_synthesised_in_every_language_when_espeak_ng_is_installed() {
        if Command::new("espeak-ng").arg("--version").output().is_err() {
            eprintln!("espeak-ng is not installed; the recorded lines are used instead");
            return;
        }
        for (lang, text) in [
            (Language::Ru, "Спасибо, Маша!"),
            (Language::Tt, "Рәхмәт, Айдар!"),
            (Language::En, "Thank you, Masha!"),
        ] {
            let wav = synthesise(text, lang).unwrap_or_else(|| panic!("{lang:?}"));
            assert!(
                rodio::Decoder::new(std::io::Cursor::new(wav)).is_ok(),
                "{lang:?}"
            );
        }
    }
}
