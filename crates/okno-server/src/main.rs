//! `okno-server`: the office server and its administration.
//!
//! Configuration comes from flags or the environment (`DATABASE_URL`, `OKNO_LISTEN`,
//! `OKNO_LOG_FORMAT`). TLS is terminated by a reverse proxy in front of the server (see
//! README, "Running the office server"); the server itself speaks plain HTTP on the address it
//! is given, by default loopback only.

use std::io::Read;

use anyhow::Context;
use clap::{Parser, Subcommand};
use uuid::Uuid;

use okno_server::admin;
use okno_wire::{Locale, Role};

#[derive(Parser)]
#[command(name = "okno-server", version, about = "The Okno office server")]
struct Cli {
    /// PostgreSQL connection string.
    #[arg(
        long,
        env = "DATABASE_URL",
        global = true,
        default_value = "postgres://postgres@127.0.0.1:5432/okno"
    )]
    database_url: String,
    /// `text` (for people) or `json` (for log collectors).
    #[arg(long, env = "OKNO_LOG_FORMAT", global = true, default_value = "text")]
    log_format: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the sync API (migrates the database first).
    Serve {
        #[arg(long, env = "OKNO_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
        /// Database connections of this replica.
        #[arg(long, env = "OKNO_DB_CONNECTIONS", default_value_t = 16)]
        db_connections: u32,
        /// The most unused legal numbers one workstation may hold leased in one series.
        #[arg(long, env = "OKNO_LEASE_QUOTA", default_value_t = okno_server::DEFAULT_LEASE_QUOTA)]
        lease_quota: i64,
    },
    /// Apply the database migrations and exit.
    Migrate,
    /// Create an office; prints its id.
    CreateOffice {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        address: String,
        /// Official language: en, hu, sk, sv or fa.
        #[arg(long, default_value = "en")]
        locale: String,
        #[arg(long, default_value = "EUR")]
        currency: String,
        #[arg(long, default_value = "Europe/Bratislava")]
        time_zone: String,
    },
    /// Create a member of staff; the password is read from standard input.
    CreateStaff {
        #[arg(long)]
        office: Uuid,
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
        /// Comma-separated: clerk, registrar, cashier, supervisor, admin.
        #[arg(long)]
        roles: String,
        #[arg(long, default_value = "en")]
        locale: String,
    },
    /// Set a member of staff's password (read from standard input).
    SetPassword {
        #[arg(long)]
        office: Uuid,
        #[arg(long)]
        username: String,
    },
    /// Issue a one-time enrolment code for a workstation.
    EnrolmentCode {
        #[arg(long)]
        office: Uuid,
        #[arg(long, default_value_t = 24)]
        valid_hours: i64,
    },
    /// List an office's workstations.
    Devices {
        #[arg(long)]
        office: Uuid,
    },
    /// Revoke a workstation: it is refused from then on and told so.
    RevokeDevice {
        #[arg(long)]
        device: Uuid,
    },
    /// Void every number left in a workstation's open leases (with the reason) and close the
    /// leases: the numbers are accounted for as voided, and the workstation stops using them
    /// at its next sync.
    VoidLeases {
        #[arg(long)]
        device: Uuid,
        #[arg(long, default_value = "voided by the administrator")]
        reason: String,
    },
    /// Start signing tokens with a new key (the old one verifies until its tokens expire).
    RotateKeys,
    /// The account of every legal number series of an office.
    Numbers {
        #[arg(long)]
        office: Uuid,
    },
    /// Walk the office's certification ledger and report the first break of its chains
    /// (exit status 2 when the ledger is broken).
    CheckLedger {
        #[arg(long)]
        office: Uuid,
    },
    /// Make an Open311 API key for an application (printed once), or revoke its keys.
    Open311Key {
        #[arg(long)]
        office: Uuid,
        /// The application's name, recorded on every item it files.
        #[arg(long)]
        name: String,
        #[arg(long)]
        revoke: bool,
    },
    /// Print the address of a desk's rating tablet (append it to the server's public address).
    RatingTablet {
        #[arg(long)]
        office: Uuid,
        /// The desk's label, as set at the desk (Queue → Desk settings).
        #[arg(long)]
        desk: String,
    },
    /// Import civil-registry persons and records (JSON Lines, or CSV for a `.csv` file; see
    /// docs/registry.md). Every rejected line is reported; nothing is written unless every
    /// line is accepted (exit status 2 otherwise). A row whose id is stored already replaces it.
    RegistryImport {
        #[arg(long)]
        office: Uuid,
        /// The file (`-` for standard input, read as JSON Lines).
        file: String,
    },
}

fn read_password() -> anyhow::Result<String> {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s)?;
    Ok(s.trim_end_matches(['\r', '\n']).to_string())
}

fn locale(code: &str) -> anyhow::Result<Locale> {
    Locale::from_code(code).with_context(|| format!("unknown locale {code:?} (en, hu, sk, sv, fa)"))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    if cli.log_format == "json" {
        tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    let connections = match &cli.command {
        Command::Serve { db_connections, .. } => *db_connections,
        _ => 2,
    };
    let pool = okno_server::connect(&cli.database_url, connections)
        .await
        .with_context(|| "connecting to the database (DATABASE_URL)")?;
    match cli.command {
        Command::Serve {
            listen,
            lease_quota,
            ..
        } => {
            anyhow::ensure!(lease_quota >= 1, "--lease-quota must be at least 1");
            let mut state = okno_server::AppState::new(pool).await?;
            state.lease_pool = okno_server::connect(&cli.database_url, 4).await?;
            state.lease_quota = lease_quota;
            let listener = tokio::net::TcpListener::bind(&listen)
                .await
                .with_context(|| format!("listening on {listen}"))?;
            let addr = listener.local_addr()?;
            tracing::info!(%addr, "okno-server listening");
            println!("okno-server listening on http://{addr}");
            okno_server::serve(state, listener).await?;
        }
        Command::Migrate => println!("database is up to date"),
        Command::CreateOffice {
            name,
            address,
            locale: l,
            currency,
            time_zone,
        } => {
            let id = admin::create_office(
                &pool,
                &admin::OfficeSpec {
                    name,
                    address,
                    locale: locale(&l)?,
                    currency,
                    time_zone,
                },
            )
            .await?;
            println!("{id}");
        }
        Command::CreateStaff {
            office,
            username,
            display_name,
            roles,
            locale: l,
        } => {
            let roles: Vec<Role> = roles
                .split(',')
                .map(|r| Role::from_code(r.trim()).with_context(|| format!("unknown role {r:?}")))
                .collect::<anyhow::Result<_>>()?;
            let id = admin::create_staff(
                &pool,
                office,
                &username,
                &display_name,
                &roles,
                locale(&l)?,
                &read_password()?,
            )
            .await?;
            println!("{id}");
        }
        Command::SetPassword { office, username } => {
            admin::set_password(&pool, office, &username, &read_password()?).await?;
            println!("password changed; workstations receive it with their next sync");
        }
        Command::EnrolmentCode {
            office,
            valid_hours,
        } => {
            println!(
                "{}",
                admin::enrolment_code(&pool, office, valid_hours).await?
            );
        }
        Command::Devices { office } => {
            for d in admin::list_devices(&pool, office).await? {
                println!(
                    "{}\t{}\tenrolled {}\tlast seen {}\tpending {}{}",
                    d.id,
                    d.name,
                    d.enrolled_at.format("%Y-%m-%d %H:%M"),
                    d.last_seen_at
                        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
                        .unwrap_or_else(|| "never".into()),
                    d.outbox_pending,
                    if d.revoked { "\tREVOKED" } else { "" }
                );
            }
        }
        Command::RevokeDevice { device } => {
            admin::revoke_device(&pool, device).await?;
            println!("device {device} revoked");
        }
        Command::VoidLeases { device, reason } => {
            let v = admin::void_device_leases(&pool, device, &reason).await?;
            println!(
                "device {device}: {} lease(s) closed, {} unused number(s) voided",
                v.leases, v.voided
            );
        }
        Command::Open311Key {
            office,
            name,
            revoke,
        } => {
            if revoke {
                let n = admin::revoke_open311_key(&pool, office, &name).await?;
                println!("revoked {n} key(s) of {name}");
            } else {
                println!("{}", admin::open311_key(&pool, office, &name).await?);
            }
        }
        Command::RatingTablet { office, desk } => {
            println!("{}", admin::rating_tablet(&pool, office, &desk).await?);
        }
        Command::RotateKeys => {
            let id = admin::rotate_keys(&pool).await?;
            println!("signing with key {id}; older keys retire when their tokens expire");
        }
        Command::CheckLedger { office } => {
            let r = okno_server::certification::check_ledger(&pool, office).await?;
            match r.first_break {
                None => println!(
                    "ledger intact: {} entries in {} chains",
                    r.entries, r.chains
                ),
                Some(b) => {
                    println!(
                        "LEDGER BROKEN: {:?} at chain {} position {} ({})",
                        b.kind,
                        b.chain_id,
                        b.position,
                        b.number.unwrap_or_default()
                    );
                    std::process::exit(2);
                }
            }
        }
        Command::RegistryImport { office, file } => {
            let text = if file == "-" {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                s
            } else {
                std::fs::read_to_string(&file).with_context(|| format!("reading {file}"))?
            };
            let format = okno_rules::registry_file::Format::of(&file);
            let today = chrono::Utc::now().date_naive();
            let set = okno_rules::registry_file::parse(&text, format, today);
            match okno_server::registry::import(&pool, office, set).await? {
                Ok(s) => println!("imported {} persons and {} records", s.persons, s.records),
                Err(errors) => {
                    for e in &errors {
                        eprintln!("{file}:{e}");
                    }
                    eprintln!("{} line(s) rejected; nothing was imported", errors.len());
                    std::process::exit(2);
                }
            }
        }
        Command::Numbers { office } => {
            println!("series\tyear\thanded out\tleased\tused\tvoided\topen\tunaccounted");
            for a in admin::number_accounts(&pool, office).await? {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    a.series,
                    a.year,
                    a.handed_out,
                    a.leased,
                    a.used,
                    a.voided,
                    a.open,
                    a.unaccounted
                );
            }
        }
    }
    Ok(())
}
