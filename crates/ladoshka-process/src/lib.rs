//! What `ladoshka` (the kiosk) and `ladoshka-centre` do the same way as processes, so a person
//! or a script that runs both meets one convention: where the logs go (the journal with their
//! levels under systemd, `LADOSHKA_LOG` for the filter) and what a usage error exits with (64,
//! never 2, which both programs use for "the key does not open the database").

pub mod logs;
pub mod spreadsheet;
pub mod usage;

pub use logs::{init as init_logs, Sink, FILTER_VARIABLE};
pub use usage::{parse_args, USAGE_ERROR};
