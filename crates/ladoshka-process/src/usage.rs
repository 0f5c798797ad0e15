//! The command line's own errors. clap ends a process with status 2 on a usage error, and 2 is
//! what both programs say when the key does not open the database; a script must never take a
//! mistyped option for that. So a usage error exits 64 (`EX_USAGE` of sysexits.h), and `--help`
//! and `--version` exit 0 as before.

use std::process::ExitCode;

/// The exit status of a command-line usage error.
pub const USAGE_ERROR: u8 = 64;

/// The parsed command line, or the status to exit with once clap has printed its message (the
/// usage error on stderr, or the help or version on stdout).
pub fn parse_args<C: clap::Parser>() -> Result<C, ExitCode> {
    parse_from(std::env::args_os())
}

/// [`parse_args`] of the given arguments (the program's name first).
pub fn parse_from<C, I, T>(args: I) -> Result<C, ExitCode>
where
    C: clap::Parser,
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    C::try_parse_from(args).map_err(|e| {
        let _ = e.print();
        ExitCode::from(status_of(&e))
    })
}

fn status_of(e: &clap::Error) -> u8 {
    if e.use_stderr() {
        USAGE_ERROR
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(clap::Parser, Debug)]
    struct Cli {
        #[arg(long)]
        days: u32,
    }

    #[test]
    fn a_usage_error_is_64_and_help_is_0() {
        use clap::Parser;
        let e = Cli::try_parse_from(["p", "--days", "many"]).unwrap_err();
        assert_eq!(status_of(&e), 64);
        let e = Cli::try_parse_from(["p", "--nights", "2"]).unwrap_err();
        assert_eq!(status_of(&e), 64);
        let e = Cli::try_parse_from(["p", "--help"]).unwrap_err();
        assert_eq!(status_of(&e), 0);
        assert_eq!(Cli::try_parse_from(["p", "--days", "3"]).unwrap().days, 3);
    }
}
