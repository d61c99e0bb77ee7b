//! `okno-demo`: demo data on the office server, for trying Okno out and for benchmarks.
//!
//! `okno-demo office` creates the demo office (its staff sign in with password `okno-demo`) and
//! prints its id; `okno-demo registry` writes a synthetic civil registry into an office, or as an
//! import file (`okno-server registry-import` reads it).

use std::io::Write;

use anyhow::Context;
use clap::{Parser, Subcommand};
use uuid::Uuid;

#[derive(Parser)]
#[command(
    name = "okno-demo",
    version,
    about = "Demo data for an Okno office server"
)]
struct Cli {
    /// PostgreSQL connection string of the office server's database.
    #[arg(
        long,
        env = "DATABASE_URL",
        global = true,
        default_value = "postgres://postgres@127.0.0.1:5432/okno"
    )]
    database_url: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the demo office (staff with password `okno-demo`, agencies, services); prints its
    /// id. Migrates the database first.
    Office,
    /// Generate a synthetic civil registry (names of the five languages' populations, plausible
    /// dates and families): into an office's registry, or as an import file.
    Registry {
        /// The office to write it into.
        #[arg(long, required_unless_present = "out")]
        office: Option<Uuid>,
        /// Write JSON Lines (the import format) to this file instead.
        #[arg(long)]
        out: Option<std::path::PathBuf>,
        #[arg(long, default_value_t = 10_000)]
        persons: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Office => {
            let pool = okno_server::connect(&cli.database_url, 2)
                .await
                .context("connecting to the database (DATABASE_URL)")?;
            println!("{}", okno_demo::create_demo_office(&pool).await?);
        }
        Command::Registry {
            office,
            out,
            persons,
            seed,
        } => {
            let reg = okno_demo::generated_registry(persons, seed);
            if let Some(path) = out {
                let file = std::fs::File::create(&path)
                    .with_context(|| format!("creating {}", path.display()))?;
                let mut w = std::io::BufWriter::new(file);
                for p in &reg.persons {
                    writeln!(w, "{}", okno_rules::registry_file::person_line(p))?;
                }
                for r in &reg.records {
                    writeln!(w, "{}", okno_rules::registry_file::record_line(r))?;
                }
                w.flush()?;
                println!(
                    "wrote {} persons and {} records to {}",
                    reg.persons.len(),
                    reg.records.len(),
                    path.display()
                );
            } else {
                let office = office.context("--office or --out")?;
                let pool = okno_server::connect(&cli.database_url, 2)
                    .await
                    .context("connecting to the database (DATABASE_URL)")?;
                let mut tx = pool.begin().await?;
                let s = okno_server::registry::write(&mut tx, office, &reg.persons, &reg.records)
                    .await?;
                tx.commit().await?;
                println!("generated {} persons and {} records", s.persons, s.records);
            }
        }
    }
    Ok(())
}
