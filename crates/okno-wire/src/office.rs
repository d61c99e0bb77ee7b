//! The office, its staff and their sessions.

use super::*;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetupStatus {
    pub initialized: bool,
    pub office_name: Option<String>,
    pub demo: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OfficeInput {
    pub name: String,
    pub address: String,
    pub locale: Locale,
    /// ISO 4217, e.g. "EUR", "HUF", "SEK", "IRR".
    pub currency: String,
    /// IANA time zone name, e.g. "Europe/Bratislava".
    pub time_zone: String,
    pub calendar: Calendar,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OfficeView {
    pub id: Uuid,
    pub name: String,
    pub address: String,
    pub locale: Locale,
    pub currency: String,
    pub time_zone: String,
    pub calendar: Calendar,
    /// The https address at which the office's server is reached from outside (its `/verify`
    /// page is under it): what the QR codes of seals point to. None until an admin sets it.
    pub public_address: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewStaff {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub roles: Vec<Role>,
    pub locale: Locale,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetupRequest {
    pub office: OfficeInput,
    pub admin: NewStaff,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StaffView {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub locale: Locale,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Session {
    pub token: String,
    pub staff: StaffView,
    pub office: OfficeView,
    pub permissions: Vec<Permission>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetLocaleRequest {
    pub locale: Locale,
}
