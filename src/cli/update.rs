//! `ladoshka update`: signing and checking updates of the kiosk image (kiosk-image/README.md,
//! «Signed updates»). `keygen` and `sign` run where a region's images are built; `verify` runs
//! on the kiosk, called by `install-update` before it touches either slot. The rules are
//! `ladoshka_seal::update`'s; this module reads the files and hashes them, cheapest check first
//! (signature, version, then the files' digests), so a foreign or older update is refused
//! without reading 1.5 GB.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use ladoshka_seal::{
    verified_manifest, FileDigest, Manifest, UpdatePublicKey, UpdateRefusal, UpdateSigningKey,
    MANIFEST_NAME, SIGNATURE_NAME, UPDATE_FILES,
};

/// The exit status of a refused update (`EX_DATAERR`): install-update stops on it.
pub const REFUSED: u8 = 65;

#[derive(Subcommand)]
pub enum UpdateCommand {
    /// Make a new signing key: FILE gets the private key (mode 0600, keep it offline), FILE.pub
    /// the public key the images carry
    Keygen {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Sign an update folder (root.img, vmlinuz, initrd.img, version): writes DIR/manifest and
    /// DIR/manifest.sig
    Sign {
        /// The private key `keygen` wrote
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        dir: PathBuf,
    },
    /// Check an update folder before it is installed: signed by a trusted key, newer than the
    /// running version, every file as signed. Prints the version; exit 65 with the reason when
    /// the update is refused
    Verify {
        /// The folder of trusted public keys (every *.pub in it)
        #[arg(
            long,
            value_name = "DIR",
            default_value = "/usr/lib/ladoshka-kiosk/update-keys"
        )]
        keys: PathBuf,
        /// The version the kiosk runs (IMAGE_VERSION of /usr/lib/ladoshka-kiosk/image-release)
        #[arg(long, value_name = "VERSION")]
        running: u64,
        dir: PathBuf,
    },
}

pub fn update(command: &UpdateCommand) -> anyhow::Result<ExitCode> {
    match command {
        UpdateCommand::Keygen { out } => keygen(out),
        UpdateCommand::Sign { key, dir } => sign(key, dir),
        UpdateCommand::Verify { keys, running, dir } => match verify(keys, *running, dir)? {
            Ok(manifest) => {
                println!("{}", manifest.version);
                Ok(ExitCode::SUCCESS)
            }
            Err(refusal) => {
                eprintln!("ladoshka update verify: {}: {refusal}", dir.display());
                Ok(ExitCode::from(REFUSED))
            }
        },
    }
}

fn keygen(out: &Path) -> anyhow::Result<ExitCode> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let pkcs8 = UpdateSigningKey::generate_pkcs8()?;
    let key = UpdateSigningKey::from_pkcs8(&pkcs8)?;
    let public = public_path(out);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(out)
        .with_context(|| {
            format!(
                "cannot create {} (an existing key is never overwritten)",
                out.display()
            )
        })?;
    f.write_all(&pkcs8)?;
    f.sync_all()?;
    std::fs::write(&public, key.public().to_text())
        .with_context(|| format!("cannot write {}", public.display()))?;
    println!(
        "signing key {} written to {} (keep it offline and backed up); its public key to {}",
        key.public().short(),
        out.display(),
        public.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn public_path(key: &Path) -> PathBuf {
    let mut p = key.as_os_str().to_owned();
    p.push(".pub");
    PathBuf::from(p)
}

fn sign(key: &Path, dir: &Path) -> anyhow::Result<ExitCode> {
    let key = UpdateSigningKey::from_pkcs8(
        &std::fs::read(key)
            .with_context(|| format!("cannot read the signing key {}", key.display()))?,
    )?;
    let version_file = dir.join("version");
    let version = std::fs::read_to_string(&version_file)
        .with_context(|| format!("cannot read {}", version_file.display()))?;
    let version: u64 = version.trim().parse().with_context(|| {
        format!(
            "{} must hold a number such as 202612071830",
            version_file.display()
        )
    })?;
    let mut files = Vec::new();
    for name in UPDATE_FILES {
        let (size, sha256) = digest_of(&dir.join(name))?;
        files.push(FileDigest {
            name: name.to_owned(),
            size,
            sha256,
        });
    }
    let manifest = Manifest { version, files }.to_text();
    std::fs::write(dir.join(MANIFEST_NAME), &manifest)?;
    std::fs::write(dir.join(SIGNATURE_NAME), key.sign(&manifest))?;
    println!(
        "{} version {version} signed with key {}",
        dir.display(),
        key.public().short()
    );
    Ok(ExitCode::SUCCESS)
}

/// The update's manifest when it may be installed, else why not; `Err` only for trouble of the
/// kiosk's own (its keys cannot be read).
pub fn verify(
    keys: &Path,
    running: u64,
    dir: &Path,
) -> anyhow::Result<Result<Manifest, UpdateRefusal>> {
    let trusted = trusted_keys(keys)?;
    if trusted.is_empty() {
        return Ok(Err(UpdateRefusal::NoTrustedKeys {
            keys: format!("no *.pub file in {}", keys.display()),
        }));
    }
    let read = |name: &str| match std::fs::read_to_string(dir.join(name)) {
        Ok(text) => Ok(text),
        Err(_) => Err(UpdateRefusal::Unsigned {
            missing: name.to_owned(),
        }),
    };
    let checked = (|| {
        let manifest = verified_manifest(&read(MANIFEST_NAME)?, &read(SIGNATURE_NAME)?, &trusted)?;
        manifest.check_newer_than(running)?;
        for name in UPDATE_FILES {
            let (size, sha256) =
                digest_of(&dir.join(name)).map_err(|e| UpdateRefusal::Tampered {
                    name: name.to_owned(),
                    reason: format!("{e:#}"),
                })?;
            manifest.check_file(name, size, &sha256)?;
        }
        Ok(manifest)
    })();
    Ok(checked)
}

/// Every `*.pub` in `dir`; a file that is not a key is an error (the image is broken).
fn trusted_keys(dir: &Path) -> anyhow::Result<Vec<UpdatePublicKey>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
    };
    let mut keys = Vec::new();
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "pub") {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            keys.push(
                UpdatePublicKey::parse(&text)
                    .with_context(|| format!("{} is not an update key", path.display()))?,
            );
        }
    }
    Ok(keys)
}

/// The size and SHA-256 of a file, read in 1 MiB steps.
fn digest_of(path: &Path) -> anyhow::Result<(u64, [u8; 32])> {
    let mut f =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = f
            .read(&mut buf)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if n == 0 {
            break;
        }
        size += n as u64;
        ctx.update(&buf[..n]);
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(ctx.finish().as_ref());
    Ok((size, out))
}
