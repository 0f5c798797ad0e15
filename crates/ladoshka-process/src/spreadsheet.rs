//! The two switches every `--format csv` report of both binaries takes, so the kiosk's and the
//! centre's reports open the same way in a spreadsheet.

use std::io::IsTerminal;
use std::path::Path;

/// `--excel` (the default) or `--plain`.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct CsvStyleArgs {
    /// CSV for Excel or LibreOffice (the default): UTF-8 with a byte-order mark; `;` and decimal
    /// commas for ru and tt, `,` and decimal points for en
    #[arg(long, conflicts_with = "plain")]
    excel: bool,
    /// CSV for scripts: no byte-order mark, `,` and decimal points in every language
    #[arg(long)]
    plain: bool,
}

impl CsvStyleArgs {
    /// Whether the plain style was asked for.
    pub fn plain(&self) -> bool {
        self.plain && !self.excel
    }
}

/// A binary file (an XLSX workbook) is never written to a terminal: say what to do instead.
pub fn refuse_binary_on_a_terminal(out: Option<&Path>) -> Result<(), String> {
    if out.is_none() && std::io::stdout().is_terminal() {
        return Err(
            "an XLSX workbook is a binary file: give --out FILE.xlsx (or redirect the output)"
                .to_owned(),
        );
    }
    Ok(())
}
