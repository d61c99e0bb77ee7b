//! Ids are UUIDv7, minted on the device, stored as hyphenated text.

use uuid::Uuid;

use crate::error::{CoreError, Result};

pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

pub fn parse(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text)
        .map_err(|_| CoreError::Internal(format!("stored id {text:?} is not a UUID")))
}

pub fn parse_opt(text: Option<&str>) -> Result<Option<Uuid>> {
    text.map(parse).transpose()
}
