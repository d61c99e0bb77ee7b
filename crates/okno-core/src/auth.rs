//! Staff, roles and sessions. Passwords are argon2id hashes in the working copy, so staff can
//! sign in with the network down. Roles grant [`Permission`]s, and every core function that
//! changes or shows something checks the permission itself: the UI only hides what the core
//! would refuse anyway.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

use okno_wire::{FieldErrorCode, Locale, NewStaff, Permission, Role, StaffView};
use rand::RngCore;
use uuid::Uuid;

use crate::error::{Check, CoreError, Result};

pub const MIN_PASSWORD_CHARS: usize = 8;

/// Who is acting: the signed-in member of staff, with the permissions their roles grant.
#[derive(Debug, Clone)]
pub struct Actor {
    pub staff_id: Uuid,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub locale: Locale,
    pub permissions: BTreeSet<Permission>,
}

impl Actor {
    pub fn new(staff_id: Uuid, display_name: String, roles: Vec<Role>, locale: Locale) -> Actor {
        let permissions = permissions_of(&roles);
        Actor {
            staff_id,
            display_name,
            roles,
            locale,
            permissions,
        }
    }

    pub fn require(&self, p: Permission) -> Result<()> {
        if self.permissions.contains(&p) {
            Ok(())
        } else {
            Err(CoreError::Forbidden)
        }
    }

    pub fn may(&self, p: Permission) -> bool {
        self.permissions.contains(&p)
    }

    /// The language a document is asked for in (a locale code), or else this person's own.
    pub fn locale_or(&self, code: Option<&str>) -> Locale {
        code.and_then(Locale::from_code).unwrap_or(self.locale)
    }
}

pub use okno_rules::password::verify_password;
pub use okno_rules::permissions::{permissions_of, role_permissions};

pub fn hash_password(password: &str) -> Result<String> {
    okno_rules::password::hash_password(password).map_err(CoreError::Internal)
}

/// Checks a new member of staff; returns (username, display name) trimmed.
pub fn check_new_staff(input: &NewStaff, check: &mut Check, prefix: &str) -> (String, String) {
    let username = check.text(&format!("{prefix}username"), &input.username, 64);
    if !username.is_empty()
        && !username
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        check.fail(format!("{prefix}username"), FieldErrorCode::Malformed, None);
    }
    let display_name = check.text(&format!("{prefix}display_name"), &input.display_name, 120);
    if input.password.chars().count() < MIN_PASSWORD_CHARS {
        check.fail(
            format!("{prefix}password"),
            FieldErrorCode::WeakPassword,
            Some(MIN_PASSWORD_CHARS as i64),
        );
    } else if input.password.chars().count() > 256 {
        check.fail(
            format!("{prefix}password"),
            FieldErrorCode::TooLong,
            Some(256),
        );
    }
    if input.roles.is_empty() {
        check.fail(format!("{prefix}roles"), FieldErrorCode::Required, None);
    }
    (username, display_name)
}

pub(crate) fn roles_to_json(roles: &[Role]) -> String {
    let mut codes: Vec<&str> = roles.iter().map(|r| r.code()).collect();
    codes.sort_unstable();
    codes.dedup();
    serde_json::to_string(&codes).unwrap_or_else(|_| "[]".into())
}

pub(crate) fn roles_from_json(json: &str) -> Vec<Role> {
    serde_json::from_str::<Vec<String>>(json)
        .unwrap_or_default()
        .iter()
        .filter_map(|c| Role::from_code(c))
        .collect()
}

pub(crate) struct StaffRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub roles: String,
    pub locale: String,
    pub active: i64,
}

impl StaffRow {
    pub fn view(&self) -> Result<StaffView> {
        Ok(StaffView {
            id: crate::ids::parse(&self.id)?,
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            roles: roles_from_json(&self.roles),
            locale: Locale::from_code(&self.locale).unwrap_or(Locale::En),
            active: self.active != 0,
        })
    }
}

/// Signed-in sessions of this workstation, by opaque token. They live in memory: a restart of
/// the app signs everybody out.
#[derive(Default)]
pub struct Sessions {
    by_token: Mutex<HashMap<String, Actor>>,
}

impl Sessions {
    pub fn start(&self, actor: Actor) -> String {
        let mut bytes = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut bytes);
        let token = hex::encode(bytes);
        self.lock().insert(token.clone(), actor);
        token
    }

    pub fn get(&self, token: Option<&str>) -> Result<Actor> {
        let token = token.ok_or(CoreError::Unauthenticated)?;
        self.lock()
            .get(token)
            .cloned()
            .ok_or(CoreError::Unauthenticated)
    }

    pub fn end(&self, token: &str) {
        self.lock().remove(token);
    }

    /// Keeps sessions in step when a member of staff changes their language.
    pub fn update(&self, staff_id: Uuid, f: impl Fn(&mut Actor)) {
        for actor in self.lock().values_mut().filter(|a| a.staff_id == staff_id) {
            f(actor);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Actor>> {
        self.by_token
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
