//! Where the kiosk keeps its data: `--data-dir`, else `LADOSHKA_DATA_DIR` (both handled by
//! the command line), else `$XDG_DATA_HOME/ladoshka`.

use std::path::{Path, PathBuf};

use anyhow::Context;

pub fn default_data_dir() -> anyhow::Result<PathBuf> {
    let base = dirs::data_dir().context(
        "cannot tell where to keep data: $XDG_DATA_HOME and $HOME are both unset; pass --data-dir or set LADOSHKA_DATA_DIR",
    )?;
    Ok(base.join("ladoshka"))
}

/// Creates the data directory (0700) if it is missing.
pub fn ensure(dir: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
    } else if !dir.is_dir() {
        anyhow::bail!(
            "{} is not a directory: point --data-dir at a directory",
            dir.display()
        );
    }
    let mode = std::fs::metadata(dir)?.permissions().mode();
    if mode & 0o077 != 0 {
        tracing::warn!(dir = %dir.display(), "the data directory is readable by other users; consider chmod 700");
    }
    Ok(())
}
