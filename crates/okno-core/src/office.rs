//! The office this workstation serves: set up once (first run, or from demo data), then read
//! for its time zone, calendar, currency and official language.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use okno_wire::commands::{self, Command};
use okno_wire::{
    Calendar, FieldError, FieldErrorCode, Locale, OfficeInput, OfficeView, Permission,
    SetupRequest, SetupStatus,
};

use crate::auth::{self, Actor};
use crate::error::{Check, CoreError, Result};
use crate::{ids, outbox, Workstation};

/// The office as the core uses it, with its time zone parsed.
#[derive(Debug, Clone)]
pub struct Office {
    pub view: OfficeView,
    pub tz: Tz,
}

impl Office {
    /// The office's calendar day at instant `t`.
    pub fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.tz).date_naive()
    }

    /// The year numbers are counted in: the office's local (Gregorian) year.
    pub fn local_year(&self, t: DateTime<Utc>) -> i32 {
        self.local_date(t).year()
    }

    /// `[start, end)` of a local calendar day, as epoch milliseconds.
    pub fn day_bounds_ms(&self, day: NaiveDate) -> (i64, i64) {
        let start = |d: NaiveDate| {
            let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
            self.tz
                .from_local_datetime(&midnight)
                .earliest()
                .map(|t| t.with_timezone(&Utc).timestamp_millis())
                .unwrap_or_else(|| midnight.and_utc().timestamp_millis())
        };
        let next = day.succ_opt().unwrap_or(day);
        (start(day), start(next))
    }
}

pub(crate) fn check_office(input: &OfficeInput, check: &mut Check) -> Option<Tz> {
    check.text("office.name", &input.name, 200);
    check.text("office.address", &input.address, 300);
    let cur = input.currency.trim();
    if cur.is_empty() {
        check.fail("office.currency", FieldErrorCode::Required, None);
    } else if cur.len() != 3 || !cur.chars().all(|c| c.is_ascii_uppercase()) {
        check.fail("office.currency", FieldErrorCode::Malformed, None);
    }
    match input.time_zone.trim().parse::<Tz>() {
        Ok(tz) => Some(tz),
        Err(_) => {
            check.fail("office.time_zone", FieldErrorCode::Malformed, None);
            None
        }
    }
}

fn calendar_code(c: Calendar) -> &'static str {
    match c {
        Calendar::Gregorian => "gregorian",
        Calendar::Persian => "persian",
    }
}

impl Workstation {
    pub async fn setup_status(&self) -> Result<SetupStatus> {
        let row = sqlx::query!("SELECT name, demo FROM office LIMIT 1")
            .fetch_optional(&self.store.reader)
            .await?;
        Ok(SetupStatus {
            initialized: row.is_some(),
            office_name: row.as_ref().map(|r| r.name.clone()),
            demo: row.map(|r| r.demo != 0).unwrap_or(false),
        })
    }

    /// The office, or `NotInitialized` before first-run setup.
    pub async fn office(&self) -> Result<Office> {
        if let Some(office) = self.office_cache.read().ok().and_then(|c| c.clone()) {
            return Ok(office);
        }
        let office = self.read_office().await?;
        if let Ok(mut cache) = self.office_cache.write() {
            *cache = Some(office.clone());
        }
        Ok(office)
    }

    async fn read_office(&self) -> Result<Office> {
        let r = sqlx::query!(
            "SELECT id, name, address, locale, currency, time_zone, calendar, public_address
             FROM office LIMIT 1"
        )
        .fetch_optional(&self.store.reader)
        .await?
        .ok_or(CoreError::NotInitialized)?;
        let tz: Tz = r.time_zone.parse().unwrap_or(chrono_tz::UTC);
        Ok(Office {
            view: OfficeView {
                id: ids::parse(&r.id)?,
                name: r.name,
                address: r.address,
                locale: Locale::from_code(&r.locale).unwrap_or(Locale::En),
                currency: r.currency,
                time_zone: r.time_zone,
                calendar: if r.calendar == "persian" {
                    Calendar::Persian
                } else {
                    Calendar::Gregorian
                },
                public_address: r.public_address,
            },
            tz,
        })
    }

    /// Sets the office's public address (empty takes it away): the QR codes of seals printed
    /// from now on point to its `/verify` page. Synced, so every workstation of the office
    /// prints the same address.
    pub async fn set_public_address(&self, actor: &Actor, address: &str) -> Result<()> {
        actor.require(Permission::ManageOffice)?;
        let public_address = okno_rules::seal::public_address(address).map_err(|e| match e {
            okno_rules::seal::AddressError::TooLong => CoreError::Validation(vec![FieldError {
                field: "public_address".into(),
                code: FieldErrorCode::TooLong,
                limit: Some(okno_rules::seal::MAX_PUBLIC_ADDRESS as i64),
            }]),
            _ => CoreError::field("public_address", FieldErrorCode::Malformed),
        })?;
        let office = self.office().await?;
        let office_id = office.view.id.to_string();
        let now = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        sqlx::query!(
            "UPDATE office SET public_address = ? WHERE id = ?",
            public_address,
            office_id
        )
        .execute(&mut *tx)
        .await?;
        outbox::append(
            &mut tx,
            Command::OfficeSetPublicAddress(commands::OfficeSetPublicAddress {
                office_id: office_id.clone(),
                public_address,
            }),
            Some(actor.staff_id),
            now,
            outbox::Effects {
                entity_id: Some(&office_id),
                rows: &[],
            },
        )
        .await?;
        tx.commit().await?;
        self.invalidate_office_cache();
        Ok(())
    }

    /// First run: creates the office, this device and the first administrator, then signs the
    /// administrator in. Refused once an office exists.
    pub async fn setup_office(&self, req: SetupRequest) -> Result<okno_wire::Session> {
        self.create_office(&req, false).await?;
        self.login(&req.admin.username, &req.admin.password).await
    }

    pub(crate) async fn create_office(&self, req: &SetupRequest, demo: bool) -> Result<Actor> {
        let mut check = Check::new();
        check_office(&req.office, &mut check);
        let (username, display_name) = auth::check_new_staff(&req.admin, &mut check, "admin.");
        check.finish()?;
        let password_hash = auth::hash_password(&req.admin.password)?;

        let now = self.now_ms();
        let office_id = ids::new_id().to_string();
        let device_id = ids::new_id().to_string();
        let admin_id = ids::new_id();
        let admin_id_text = admin_id.to_string();
        let mut roles = req.admin.roles.clone();
        if !roles.contains(&okno_wire::Role::Admin) {
            roles.push(okno_wire::Role::Admin);
        }
        let roles_json = auth::roles_to_json(&roles);
        let o = &req.office;
        let (name, address, currency, tz) = (
            o.name.trim(),
            o.address.trim(),
            o.currency.trim(),
            o.time_zone.trim(),
        );
        let locale = o.locale.code();
        let calendar = calendar_code(o.calendar);
        let admin_locale = req.admin.locale.code();
        let demo_flag = demo as i64;

        let mut tx = self.store.writer.begin().await?;
        let existing = sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM office"#)
            .fetch_one(&mut *tx)
            .await?;
        if existing > 0 {
            return Err(CoreError::AlreadyInitialized);
        }
        sqlx::query!(
            "INSERT INTO office (id, name, address, locale, currency, time_zone, calendar, demo, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            office_id, name, address, locale, currency, tz, calendar, demo_flag, now
        )
        .execute(&mut *tx)
        .await?;
        let device_name = "workstation";
        sqlx::query!(
            "INSERT INTO device (id, office_id, name, created_at) VALUES (?, ?, ?, ?)",
            device_id,
            office_id,
            device_name,
            now
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "INSERT INTO staff (id, office_id, username, display_name, password_hash, roles, locale, active, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
            admin_id_text, office_id, username, display_name, password_hash, roles_json, admin_locale, now, now
        )
        .execute(&mut *tx)
        .await?;
        let payload = commands::OfficeSetup {
            office: serde_json::json!({ "id": office_id, "name": name, "address": address,
                "locale": locale, "currency": currency, "time_zone": tz, "calendar": calendar }),
            device: serde_json::json!({ "id": device_id }),
            admin: serde_json::json!({ "id": admin_id_text, "username": username,
                "display_name": display_name, "roles": roles, "locale": admin_locale,
                "password_hash": password_hash }),
        };
        outbox::append(
            &mut tx,
            Command::OfficeSetup(payload),
            Some(admin_id),
            now,
            Default::default(),
        )
        .await?;
        tx.commit().await?;
        Ok(Actor::new(admin_id, display_name, roles, req.admin.locale))
    }
}
