//! `ladoshka-centre user add|disable|list`: the web console's users, managed by whoever holds
//! the centre's data folder.

use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Subcommand;

use crate::centre::Centre;
use crate::layout::Layout;
use crate::time::{now_unix, show};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a console user; the password is read from standard input (one line).
    Add {
        /// The login to sign in with (letters, digits, '.', '_', '-'; kept in lower case).
        #[arg(long)]
        login: String,
        /// admin (everything), methodologist (kiosks, indicators, erasures, audit log) or
        /// analyst (indicators only).
        #[arg(long, value_parser = parse_role)]
        role: crate::store::console::Role,
        /// The person's name as the console shows it.
        #[arg(long)]
        name: String,
        /// Read the password from standard input (the only way to give it, so it stays out
        /// of the shell's history and the process list).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Disable a console user: they cannot sign in, and their sessions end now.
    Disable {
        #[arg(long)]
        login: String,
    },
    /// List the console users.
    List,
}

fn parse_role(s: &str) -> Result<crate::store::console::Role, String> {
    crate::store::console::Role::parse(s)
        .ok_or_else(|| format!("«{s}» is not a role: use admin, methodologist or analyst"))
}

pub(super) fn cmd_user(layout: &Layout, action: UserCommand) -> anyhow::Result<ExitCode> {
    use crate::console::{password::PasswordCost, users};
    use crate::store::console::DisableOutcome;
    match action {
        UserCommand::Add {
            login,
            role,
            name,
            password_stdin,
        } => {
            if !password_stdin {
                bail!("give --password-stdin and the password on standard input, e.g. `read -rs P && printf '%s\\n' \"$P\" | ladoshka-centre user add … --password-stdin`");
            }
            let mut password = zeroize::Zeroizing::new(String::new());
            std::io::stdin()
                .read_line(&mut password)
                .context("could not read the password from standard input")?;
            let password = password.trim_end_matches(['\n', '\r']);
            let centre = Centre::open(layout)?;
            let user = users::add(
                centre.store(),
                &login,
                &name,
                role,
                password,
                PasswordCost::STANDARD,
            )?;
            println!(
                "Added console user «{}» ({}, {}). They sign in at /console on the centre's address.",
                user.login,
                user.display_name,
                user.role.as_str()
            );
        }
        UserCommand::Disable { login } => {
            let centre = Centre::open(layout)?;
            match users::disable(centre.store(), &login)? {
                DisableOutcome::Disabled => {
                    println!("Disabled console user «{login}»; their sessions have ended.")
                }
                DisableOutcome::AlreadyDisabled => {
                    println!("Console user «{login}» was already disabled.")
                }
                DisableOutcome::Unknown => {
                    bail!("there is no console user «{login}»: see `ladoshka-centre user list`")
                }
            }
        }
        UserCommand::List => {
            let centre = Centre::open(layout)?;
            let list = centre.store().users()?;
            if list.is_empty() {
                println!("No console users yet: add the first administrator with `ladoshka-centre user add --login LOGIN --role admin --name \"NAME\" --password-stdin`.");
            }
            for u in list {
                let state = match (u.disabled_at, u.locked_until) {
                    (Some(at), _) => format!("disabled {}", show(at)),
                    (None, Some(until)) if until > now_unix() => {
                        format!("locked until {}", show(until))
                    }
                    _ => "active".into(),
                };
                println!(
                    "{:<24} {:<14} {:<10} {}",
                    u.login,
                    u.role.as_str(),
                    state,
                    u.display_name
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
