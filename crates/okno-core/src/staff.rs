//! Signing in against the working copy, and the office's staff list.

use okno_wire::commands::{self, Command};
use std::sync::OnceLock;

use okno_wire::{FieldErrorCode, Locale, NewStaff, Permission, Session, StaffView};

use crate::auth::{self, Actor, StaffRow};
use crate::error::{Check, CoreError, Result};
use crate::{ids, outbox, Workstation};

/// A real hash of a random password, verified against when the user name is unknown, so that a
/// wrong name and a wrong password cost the same time.
fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| auth::hash_password("not a password of anyone").unwrap_or_default())
}

impl Workstation {
    /// Offline login: checks the password against the argon2 hash in the working copy.
    pub async fn login(&self, username: &str, password: &str) -> Result<Session> {
        let mut check = Check::new();
        let username = check.text("username", username, 64);
        if password.is_empty() {
            check.fail("password", FieldErrorCode::Required, None);
        }
        check.finish()?;
        // Enrolled and online: the server checks the password (and its copy of the staff row,
        // with a password changed there, is stored here first). Otherwise: offline, against the
        // synced hash.
        self.login_online(&username, password).await?;
        let office = self.office().await?;
        let row = sqlx::query!(
            "SELECT id, username, display_name, password_hash, roles, locale, active FROM staff WHERE username = ?",
            username
        )
        .fetch_optional(&self.store.reader)
        .await?;
        let Some(row) = row else {
            let _ = auth::verify_password(password, dummy_hash());
            return Err(CoreError::InvalidCredentials);
        };
        let hash = row.password_hash.clone();
        let password = password.to_string();
        let ok = tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash))
            .await
            .map_err(|e| CoreError::Internal(e.to_string()))?;
        if !ok {
            return Err(CoreError::InvalidCredentials);
        }
        if row.active == 0 {
            return Err(CoreError::AccountDisabled);
        }
        let staff = StaffRow {
            id: row.id,
            username: row.username,
            display_name: row.display_name,
            roles: row.roles,
            locale: row.locale,
            active: row.active,
        }
        .view()?;
        let actor = Actor::new(
            staff.id,
            staff.display_name.clone(),
            staff.roles.clone(),
            staff.locale,
        );
        let permissions: Vec<Permission> = actor.permissions.iter().copied().collect();
        let token = self.sessions.start(actor);
        Ok(Session {
            token,
            staff,
            office: office.view,
            permissions,
        })
    }

    pub fn logout(&self, token: Option<&str>) {
        if let Some(t) = token {
            self.sessions.end(t);
        }
    }

    /// The session's member of staff, or `Unauthenticated`.
    pub fn actor(&self, token: Option<&str>) -> Result<Actor> {
        self.sessions.get(token)
    }

    /// Remembers the UI language per member of staff.
    pub async fn set_locale(&self, actor: &Actor, locale: Locale) -> Result<StaffView> {
        let now = self.now_ms();
        let id = actor.staff_id.to_string();
        let code = locale.code();
        let mut tx = self.store.writer.begin().await?;
        sqlx::query!(
            "UPDATE staff SET locale = ?, updated_at = ? WHERE id = ?",
            code,
            now,
            id
        )
        .execute(&mut *tx)
        .await?;
        outbox::append(
            &mut tx,
            Command::StaffSetLocale(commands::StaffSetLocale {
                staff_id: id.to_string(),
                locale: code.to_string(),
            }),
            Some(actor.staff_id),
            now,
            outbox::Effects {
                entity_id: Some(&id),
                rows: &[],
            },
        )
        .await?;
        tx.commit().await?;
        self.sessions.update(actor.staff_id, |a| a.locale = locale);
        self.staff_view(actor.staff_id).await
    }

    pub async fn staff_view(&self, id: uuid::Uuid) -> Result<StaffView> {
        let id = id.to_string();
        let r = sqlx::query_as!(
            StaffRow,
            "SELECT id, username, display_name, roles, locale, active FROM staff WHERE id = ?",
            id
        )
        .fetch_optional(&self.store.reader)
        .await?
        .ok_or(CoreError::NotFound("staff"))?;
        r.view()
    }

    /// Everyone on the office's staff (active first, then by name); any signed-in member of
    /// staff may see it, to pick an assignee.
    pub async fn list_staff(&self, _actor: &Actor) -> Result<Vec<StaffView>> {
        let rows = sqlx::query_as!(
            StaffRow,
            "SELECT id, username, display_name, roles, locale, active FROM staff
             ORDER BY active DESC, display_name COLLATE NOCASE"
        )
        .fetch_all(&self.store.reader)
        .await?;
        rows.iter().map(StaffRow::view).collect()
    }

    pub async fn create_staff(&self, actor: &Actor, input: NewStaff) -> Result<StaffView> {
        actor.require(Permission::ManageStaff)?;
        let office = self.office().await?;
        let mut check = Check::new();
        let (username, display_name) = auth::check_new_staff(&input, &mut check, "");
        if !check.has_errors() {
            let taken = sqlx::query_scalar!(
                r#"SELECT COUNT(*) AS "n!: i64" FROM staff WHERE username = ?"#,
                username
            )
            .fetch_one(&self.store.reader)
            .await?;
            if taken > 0 {
                check.fail("username", FieldErrorCode::Taken, None);
            }
        }
        check.finish()?;
        let hash = auth::hash_password(&input.password)?;
        let id = ids::new_id();
        let id_text = id.to_string();
        let office_id = office.view.id.to_string();
        let roles = auth::roles_to_json(&input.roles);
        let locale = input.locale.code();
        let now = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        sqlx::query!(
            "INSERT INTO staff (id, office_id, username, display_name, password_hash, roles, locale, active, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
            id_text, office_id, username, display_name, hash, roles, locale, now, now
        )
        .execute(&mut *tx)
        .await?;
        outbox::append(
            &mut tx,
            Command::StaffCreate(commands::SaveRows {
                id: id_text.to_string(),
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now,
            outbox::Effects {
                entity_id: Some(&id_text),
                rows: &[("staff", &id_text)],
            },
        )
        .await?;
        tx.commit().await?;
        self.staff_view(id).await
    }
}
