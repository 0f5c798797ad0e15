//! A throwaway PostgreSQL server for one test: `initdb` in a temporary folder under /tmp, the
//! server listening on a Unix socket in that folder only (no TCP port, so tests never collide),
//! one database `centre`, stopped and removed when dropped. Nothing assumes a server already
//! running; Debian's `postgresql` package provides the programs (`make deps` installs it).
//!
//! As root (CI, the kiosk image builder) initdb and the server run as the `postgres` user,
//! since PostgreSQL refuses to run as root; otherwise as the user running the test.

use std::ffi::CString;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// One running throwaway server.
pub struct TestPg {
    dir: tempfile::TempDir,
    bin: PathBuf,
    run_as: Option<(u32, u32)>,
}

/// The newest PostgreSQL programs installed (`/usr/lib/postgresql/N/bin`), or `PG_BIN`.
pub fn pg_bin() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PG_BIN") {
        return Some(PathBuf::from(dir));
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

fn postgres_user() -> Option<(u32, u32)> {
    // SAFETY: geteuid has no preconditions; getpwnam gets a valid C string and its result is
    // read at once, before any other call could reuse its static buffer.
    unsafe {
        if libc::geteuid() != 0 {
            return None;
        }
        let name = CString::new("postgres").expect("no NUL");
        let pw = libc::getpwnam(name.as_ptr());
        assert!(
            !pw.is_null(),
            "running as root, but there is no `postgres` user to run the test's PostgreSQL as: install Debian's postgresql package (make deps)"
        );
        Some(((*pw).pw_uid, (*pw).pw_gid))
    }
}

impl TestPg {
    /// Starts a new server with an empty database `centre`, owned by the user `ladoshka`.
    pub fn start() -> Self {
        let bin = pg_bin().expect(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run `make deps`, or apt-get install postgresql",
        );
        // Under /tmp: a Unix socket path must stay under about 100 bytes.
        let dir = tempfile::Builder::new()
            .prefix("ladoshka-pg-")
            .tempdir_in("/tmp")
            .expect("a temporary folder for PostgreSQL");
        let run_as = postgres_user();
        if let Some((uid, gid)) = run_as {
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid)).expect("chown the folder");
        }
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700))
            .expect("chmod the folder");
        let pg = Self { dir, bin, run_as };
        let data = pg.data();
        pg.run(
            "initdb",
            &[
                "-D",
                &data,
                "-A",
                "trust",
                "-U",
                "ladoshka",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
        );
        let log = pg.dir.path().join("server.log").display().to_string();
        let options = format!(
            "-k {} -c listen_addresses='' -F -c max_connections=60",
            pg.socket_dir()
        );
        pg.run(
            "pg_ctl",
            &["-D", &data, "-l", &log, "-w", "-o", &options, "start"],
        );
        pg.run(
            "createdb",
            &["-h", &pg.socket_dir(), "-U", "ladoshka", "centre"],
        );
        pg
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    /// The folder of the server's Unix socket.
    pub fn socket_dir(&self) -> String {
        self.dir.path().display().to_string()
    }

    /// The connection string of the database `centre`.
    pub fn url(&self) -> String {
        format!("host={} user=ladoshka dbname=centre", self.socket_dir())
    }

    /// Runs `sql` with psql against `centre` and returns what it printed (unaligned, no
    /// headers): what anyone with access to the database server would see.
    pub fn psql(&self, sql: &str) -> String {
        let out = self.output(
            "psql",
            &[
                "-h",
                &self.socket_dir(),
                "-U",
                "ladoshka",
                "-d",
                "centre",
                "-At",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                sql,
            ],
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(self.bin.join(program));
        if let Some((uid, gid)) = self.run_as {
            command.uid(uid).gid(gid);
        }
        // The server outlives this call: it must not inherit the test's open files, such as the
        // build lock `flock` passes down, or a server left by a killed test would hold them.
        // SAFETY: close_range is async-signal-safe and touches only this child's descriptors.
        unsafe {
            command.pre_exec(|| {
                libc::close_range(3, libc::c_uint::MAX, 0);
                Ok(())
            });
        }
        command.current_dir(self.dir.path());
        command
    }

    fn output(&self, program: &str, args: &[&str]) -> Output {
        let out = self
            .command(program)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
        assert!(
            out.status.success(),
            "{program} {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn run(&self, program: &str, args: &[&str]) {
        self.output(program, args);
    }

    /// The folder the server lives in.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for TestPg {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .args(["-D", &self.data(), "-m", "immediate", "-w", "stop"])
            .output();
    }
}
