//! The kiosk binary: everything is in the library; see `ladoshka --help`.
fn main() -> std::process::ExitCode {
    ladoshka::cli::main()
}
