//! The centre's receiver of sealed bundles. It arrives with the sync work; for now it only
//! explains itself.
use clap::Parser;

/// Ladoshka's receiver at the centre: it will enrol kiosks, verify and open their sealed
/// bundles, and import each record exactly once. Not built yet: this version only prints help.
#[derive(Parser)]
#[command(name = "ladoshka-centre", version, arg_required_else_help = true)]
struct Cli {}

fn main() {
    Cli::parse();
}
