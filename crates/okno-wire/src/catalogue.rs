//! The service catalogue: agencies and their services.

use super::*;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgencyView {
    pub id: Uuid,
    pub code: String,
    pub names: LocalizedText,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgencyInput {
    /// `None` creates a new agency.
    pub id: Option<Uuid>,
    pub code: String,
    pub names: LocalizedText,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ServiceView {
    pub id: Uuid,
    pub agency_id: Uuid,
    pub code: String,
    pub names: LocalizedText,
    /// Integer minor units of `currency`.
    #[ts(type = "number")]
    pub fee_minor: i64,
    pub currency: String,
    pub required_documents: Vec<LocalizedText>,
    pub deadline_days: u32,
    pub queue_category: String,
    pub active: bool,
    /// The budget/revenue account the fee is booked to (empty: none set).
    #[serde(default)]
    pub account: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ServiceInput {
    pub id: Option<Uuid>,
    pub agency_id: Uuid,
    pub code: String,
    pub names: LocalizedText,
    #[ts(type = "number")]
    pub fee_minor: i64,
    pub required_documents: Vec<LocalizedText>,
    pub deadline_days: u32,
    pub queue_category: String,
    pub active: bool,
    /// The budget/revenue account the fee is booked to (empty: none set).
    #[serde(default)]
    pub account: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Catalogue {
    pub agencies: Vec<AgencyView>,
    pub services: Vec<ServiceView>,
}
