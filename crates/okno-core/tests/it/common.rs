//! The set-up the core's tests share: an office on a working copy of its own, its
//! administrator and staff signed in, texts in every language.

use std::path::Path;
use std::sync::Arc;

use okno_core::auth::Actor;
use okno_core::creds::MemoryCredentials;
use okno_core::{ManualClock, Workstation};
use okno_wire::{Calendar, Locale, LocalizedText, NewStaff, OfficeInput, Role, SetupRequest};

/// Every test account's password.
pub const PASSWORD: &str = "correct horse";

/// An office's settings: EUR, in `time_zone`, on `calendar`.
pub fn office(
    name: &str,
    address: &str,
    locale: Locale,
    time_zone: &str,
    calendar: Calendar,
) -> OfficeInput {
    OfficeInput {
        name: name.into(),
        address: address.into(),
        locale,
        currency: "EUR".into(),
        time_zone: time_zone.into(),
        calendar,
    }
}

/// A working copy at `path` on `clock` (secrets kept in memory), set up as `office` with an
/// administrator `admin`, who is signed in.
pub async fn open_office(
    path: &Path,
    clock: Arc<ManualClock>,
    office: OfficeInput,
) -> (Workstation, Actor) {
    let ws = Workstation::open_with_clock(path, clock).await.unwrap();
    ws.set_credentials(Arc::new(MemoryCredentials::default()));
    ws.setup_office(SetupRequest {
        office,
        admin: NewStaff {
            username: "admin".into(),
            display_name: "Admin".into(),
            password: PASSWORD.into(),
            roles: vec![Role::Admin],
            locale: Locale::En,
        },
    })
    .await
    .unwrap();
    let admin = sign_in(&ws, "admin").await;
    (ws, admin)
}

/// Adds members of staff `(username, display name, role)`, each working in `locale`.
pub async fn add_staff(
    ws: &Workstation,
    admin: &Actor,
    staff: &[(&str, &str, Role)],
    locale: Locale,
) {
    for (username, name, role) in staff {
        ws.create_staff(
            admin,
            NewStaff {
                username: (*username).into(),
                display_name: (*name).into(),
                password: PASSWORD.into(),
                roles: vec![*role],
                locale,
            },
        )
        .await
        .unwrap();
    }
}

/// `username` signed in with the test password.
pub async fn sign_in(ws: &Workstation, username: &str) -> Actor {
    let session = ws.login(username, PASSWORD).await.unwrap();
    ws.actor(Some(&session.token)).unwrap()
}

/// `text` in every language, tagged with the language's code (`Extract sk`).
pub fn in_every_language(text: &str) -> LocalizedText {
    Locale::ALL
        .iter()
        .map(|l| (l.code().to_string(), format!("{text} {}", l.code())))
        .collect()
}
