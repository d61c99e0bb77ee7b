//! What a checker outside the office needs to trust a seal: the office's public seal keys with
//! their fingerprints, and the address the QR codes of seals point to (the office's public
//! address; else the server this workstation is enrolled with; else `okno:verify`, which no
//! phone opens). The format of the seal is `docs/seal-format.md`.

use okno_wire::{SealKeyStatus, SealKeyView, SealKeys, VerifyAddressSource};

use crate::auth::Actor;
use crate::clock::from_millis;
use crate::error::Result;
use crate::{seal, Workstation};

/// Where the office's server publishes its seal keys, under its address.
pub const KEYS_PATH: &str = "/.well-known/okno/seal-keys";

impl Workstation {
    /// The address a seal's QR code holds before `?c=CODE`, and where it comes from.
    pub(crate) async fn verify_address(&self) -> Result<(String, VerifyAddressSource)> {
        let office = self.office().await?;
        let server = self.enrolment().await?.map(|e| e.server_url);
        let public = office.view.public_address.as_deref();
        let source = match (public, &server) {
            (Some(_), _) => VerifyAddressSource::PublicAddress,
            (None, Some(_)) => VerifyAddressSource::Server,
            (None, None) => VerifyAddressSource::Local,
        };
        Ok((seal::verify_base(public, server.as_deref()), source))
    }

    /// The office's seal keys as this workstation knows them (synced from the server, or on a
    /// workstation on its own, its own office key), newest first, with the address its seals
    /// point to. Open to everyone signed in, like checking a seal.
    pub async fn seal_keys(&self, actor: &Actor) -> Result<SealKeys> {
        let _ = actor;
        let office = self.office().await?;
        let (verify_address, source) = self.verify_address().await?;
        let rows: Vec<(String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT public_key, created_at, revoked_at FROM seal_key
             WHERE kind = 'office' AND office_id = ? ORDER BY created_at DESC, id DESC",
        )
        .bind(office.view.id.to_string())
        .fetch_all(&self.store.reader)
        .await?;
        // The newest key not retired certifies now; the others are retired (a key the server
        // retired without saying when shows no date).
        let mut current_seen = false;
        let mut keys: Vec<SealKeyView> = rows
            .into_iter()
            .map(|(public_key, created_at, revoked_at)| {
                let current = revoked_at.is_none() && !current_seen;
                current_seen |= current;
                SealKeyView {
                    fingerprint: seal::fingerprint_hex(&public_key).unwrap_or_default(),
                    public_key,
                    status: if current {
                        SealKeyStatus::Current
                    } else {
                        SealKeyStatus::Retired
                    },
                    valid_from: from_millis(created_at),
                    retired_at: revoked_at.map(from_millis),
                }
            })
            .collect();
        keys.sort_by_key(|k| k.status != SealKeyStatus::Current);
        let keys_address = match source {
            VerifyAddressSource::Local => None,
            _ => verify_address
                .strip_suffix("/verify")
                .map(|base| format!("{base}{KEYS_PATH}")),
        };
        Ok(SealKeys {
            office_id: office.view.id,
            office_name: office.view.name.clone(),
            public_address: office.view.public_address.clone(),
            verify_address,
            verify_address_source: source,
            keys_address,
            keys,
        })
    }
}
