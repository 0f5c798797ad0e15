//! Sound cues through rodio. The speakers are opened on their own thread; a kiosk with no
//! audio device, or a muted one, works exactly the same, silently.

use std::sync::mpsc;

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

/// A handle to the speakers. Cheap to clone; silent when there are none or when muted.
#[derive(Clone)]
pub struct Speakers {
    cues: Option<mpsc::Sender<Cue>>,
}

impl Speakers {
    /// Never plays anything (tests, screenshots, `--mute`).
    pub fn muted() -> Self {
        Self { cues: None }
    }

    /// Opens the default output device on a background thread. If there is none, the
    /// thread says so once in the log and the kiosk carries on silently.
    pub fn open() -> Self {
        let (tx, rx) = mpsc::channel::<Cue>();
        let started = std::thread::Builder::new().name("audio".into()).spawn(move || {
            let mut sink = match rodio::DeviceSinkBuilder::open_default_sink() {
                Ok(sink) => sink,
                Err(e) => {
                    tracing::info!("no audio output ({e}); sounds are off");
                    return;
                }
            };
            sink.log_on_drop(false);
            for cue in rx {
                match rodio::Decoder::new(std::io::Cursor::new(cue.wav())) {
                    Ok(source) => sink.mixer().add(source),
                    Err(e) => tracing::warn!(?cue, "cannot decode a bundled sound: {e}"),
                }
            }
        });
        match started {
            Ok(_) => Self { cues: Some(tx) },
            Err(e) => {
                tracing::warn!("cannot start the audio thread ({e}); sounds are off");
                Self::muted()
            }
        }
    }

    pub fn play(&self, cue: Cue) {
        if let Some(tx) = &self.cues {
            // A closed channel means no device: silence is the right outcome.
            let _ = tx.send(cue);
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
        Speakers::muted().play(Cue::Chime);
    }
}
