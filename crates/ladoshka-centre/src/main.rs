//! `ladoshka-centre`: the centre's receiver for sealed sync. Everything is in the library.

fn main() -> std::process::ExitCode {
    ladoshka_centre::cli::main()
}
