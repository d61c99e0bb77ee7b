//! Demo data for trying Okno out, on both sides: the workstation's demo office (loaded by
//! `okno_core::demo`) written as an office on the office server, and synthetic civil registries
//! written into an office or as an import file. A development tool: the office server itself
//! never links the workstation; this crate links both (as do the server's tests and benches).

use anyhow::Context;
use sqlx::PgPool;
use uuid::Uuid;

pub use okno_core::demo::DEMO_PASSWORD;
pub use okno_core::registry::generate::{generate, Registry, RegistrySpec};

/// Creates the demo office (Rajec, its staff with password `okno-demo`, its agencies and
/// services) from the workstation's demo data, without its cases.
pub async fn create_demo_office(pool: &PgPool) -> anyhow::Result<Uuid> {
    let dir = tempfile::tempdir()?;
    let ws = okno_core::Workstation::open(&dir.path().join("demo.db")).await?;
    okno_core::demo::load_demo(&ws).await?;
    let office = ws.export_rows("office").await?;
    let office_body = office.first().context("demo office")?.clone();
    let id: Uuid = office_body["id"].as_str().context("office id")?.parse()?;
    let mut tx = pool.begin().await?;
    sqlx::query("INSERT INTO office (id, name) VALUES ($1, $2)")
        .bind(id)
        .bind(office_body["name"].as_str().unwrap_or("Demo"))
        .execute(&mut *tx)
        .await?;
    okno_server::admin::put_entity(&mut tx, id, "office", &office_body).await?;
    for kind in [
        "staff",
        "agency",
        "service",
        "queue_category",
        "booking_plan",
    ] {
        for row in ws.export_rows(kind).await? {
            okno_server::admin::put_entity(&mut tx, id, kind, &row).await?;
        }
    }
    tx.commit().await?;
    ws.close().await;
    Ok(id)
}

/// A synthetic civil registry of `persons` people (with their records), "today" being today.
pub fn generated_registry(persons: usize, seed: u64) -> Registry {
    let today = chrono::Utc::now().date_naive();
    generate(&RegistrySpec::new(persons, seed, today))
}
