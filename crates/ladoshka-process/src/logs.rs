//! Where the logs of `ladoshka` and `ladoshka-centre` go, the same way for both: to the journal,
//! as native records with their priority, when the program runs under systemd with its standard
//! error connected to the journal (`JOURNAL_STREAM` names that stream, and it is this process's
//! stderr); otherwise to standard error as text. So on a kiosk or a centre server
//! `journalctl -u ladoshka -p warning` shows the warnings and errors only.
//!
//! One variable sets the filter in both programs: `LADOSHKA_LOG` (e.g. `debug`,
//! `ladoshka::sync=debug,info`); without it each program names its default level. Logs never
//! carry names or other personal data: that is the callers' rule.

use std::io::IsTerminal;

use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::EnvFilter;

/// The variable that sets the log filter in both programs.
pub const FILTER_VARIABLE: &str = "LADOSHKA_LOG";

/// Where the logs went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sink {
    Journal,
    Stderr,
}

/// Sends the logs to the journal or to standard error (see the module's note); `default` is
/// the filter when `LADOSHKA_LOG` is not set. A second call does nothing.
pub fn init(default: &str) -> Sink {
    let filter =
        EnvFilter::try_from_env(FILTER_VARIABLE).unwrap_or_else(|_| EnvFilter::new(default));
    if stderr_is_the_journal(std::env::var("JOURNAL_STREAM").ok().as_deref()) {
        if let Ok(journal) = tracing_journald::layer() {
            let _ = tracing_subscriber::registry()
                .with(filter)
                .with(journal)
                .try_init();
            return Sink::Journal;
        }
    }
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
    Sink::Stderr
}

/// Whether `journal_stream` (`JOURNAL_STREAM`, "DEVICE:INODE") names this process's standard
/// error; a child that inherited the variable but writes elsewhere keeps text on stderr.
pub fn stderr_is_the_journal(journal_stream: Option<&str>) -> bool {
    let Some((dev, ino)) = journal_stream.and_then(|v| v.split_once(':')) else {
        return false;
    };
    let (Ok(dev), Ok(ino)) = (dev.parse::<u64>(), ino.parse::<u64>()) else {
        return false;
    };
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    let Ok(fd) = std::io::stderr().as_fd().try_clone_to_owned() else {
        return false;
    };
    std::fs::File::from(fd)
        .metadata()
        .is_ok_and(|m| m.dev() == dev && m.ino() == ino)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_stream_that_is_this_stderr_counts_as_the_journal() {
        assert!(!stderr_is_the_journal(None));
        assert!(!stderr_is_the_journal(Some("garbage")));
        assert!(!stderr_is_the_journal(Some("1:2")));
        use std::os::fd::AsFd;
        use std::os::unix::fs::MetadataExt;
        let fd = std::io::stderr().as_fd().try_clone_to_owned().unwrap();
        let m = std::fs::File::from(fd).metadata().unwrap();
        let own = format!("{}:{}", m.dev(), m.ino());
        assert!(stderr_is_the_journal(Some(&own)));
    }
}
