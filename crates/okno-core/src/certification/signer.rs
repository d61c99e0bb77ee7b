//! The seal keys of this workstation (and, running alone, of its office), kept in the credential
//! store.

use super::*;

pub(super) fn seal_secret_key(device_id: &str) -> String {
    format!("seal:{device_id}")
}

pub(super) fn office_seal_secret_key(office_id: &str) -> String {
    format!("office-seal:{office_id}")
}

pub(super) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| CoreError::Internal(e.to_string()))?
}

impl Workstation {
    /// The chain this workstation writes (its device id) and its seal signer. A workstation
    /// that runs alone is its own office: it keeps the office key and certifies its own key.
    pub(super) async fn chain_and_signer(&self) -> Result<(String, DeviceSigner)> {
        let creds = self.sync.creds();
        if let Some(enr) = self.enrolment().await? {
            let device = enr.device_id.to_string();
            let key_name = seal_secret_key(&device);
            let secret = blocking(move || creds.get(&key_name)).await?;
            let key = secret
                .as_deref()
                .and_then(seal::key_from_hex)
                .ok_or(CoreError::SealKeyMissing)?;
            let public = hex::encode(key.verifying_key().as_bytes());
            let cert: Option<String> = sqlx::query_scalar(
                "SELECT certificate FROM seal_key WHERE kind = 'device' AND device_id = ? AND public_key = ? AND revoked_at IS NULL",
            )
            .bind(&device)
            .bind(&public)
            .fetch_optional(&self.store.reader)
            .await?
            .flatten();
            let certificate: [u8; 64] = cert
                .and_then(|c| hex::decode(c).ok())
                .and_then(|c| c.try_into().ok())
                .ok_or(CoreError::SealKeyMissing)?;
            return Ok((
                device,
                DeviceSigner {
                    device_id: enr.device_id,
                    key,
                    certificate,
                },
            ));
        }
        let office = self.office().await?;
        let office_id = office.view.id.to_string();
        let device: String =
            sqlx::query_scalar("SELECT id FROM device ORDER BY created_at LIMIT 1")
                .fetch_optional(&self.store.reader)
                .await?
                .ok_or(CoreError::NotInitialized)?;
        let device_id = ids::parse(&device)?;
        let (office_key, device_key) = {
            let c = creds.clone();
            let (ok, dk) = (office_seal_secret_key(&office_id), seal_secret_key(&device));
            blocking(move || Ok((c.get(&ok)?, c.get(&dk)?))).await?
        };
        let now = self.now_ms();
        let mut tx = self.store.writer.begin().await?;
        let office_key = match office_key.as_deref().and_then(seal::key_from_hex) {
            Some(k) => k,
            None => {
                let k = seal::generate_key();
                store_secret(&creds, &office_seal_secret_key(&office_id), &k).await?;
                sqlx::query(
                    "INSERT INTO seal_key (id, office_id, kind, device_id, public_key, certificate, created_at)
                     VALUES (?, ?, 'office', NULL, ?, NULL, ?)",
                )
                .bind(ids::new_id().to_string())
                .bind(&office_id)
                .bind(hex::encode(k.verifying_key().as_bytes()))
                .bind(now)
                .execute(&mut *tx)
                .await?;
                k
            }
        };
        let key = match device_key.as_deref().and_then(seal::key_from_hex) {
            Some(k) => k,
            None => {
                let k = seal::generate_key();
                store_secret(&creds, &seal_secret_key(&device), &k).await?;
                k
            }
        };
        let public = hex::encode(key.verifying_key().as_bytes());
        let certificate =
            seal::certify_device(&office_key, office.view.id, device_id, &key.verifying_key());
        let known: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM seal_key WHERE kind = 'device' AND device_id = ? AND public_key = ? AND certificate = ?",
        )
        .bind(&device)
        .bind(&public)
        .bind(hex::encode(certificate))
        .fetch_one(&mut *tx)
        .await?;
        if known == 0 {
            sqlx::query(
                "INSERT INTO seal_key (id, office_id, kind, device_id, public_key, certificate, created_at)
                 VALUES (?, ?, 'device', ?, ?, ?, ?)",
            )
            .bind(ids::new_id().to_string())
            .bind(&office_id)
            .bind(&device)
            .bind(&public)
            .bind(hex::encode(certificate))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok((
            device,
            DeviceSigner {
                device_id,
                key,
                certificate,
            },
        ))
    }
}

pub(super) async fn store_secret(
    creds: &std::sync::Arc<dyn CredentialStore>,
    name: &str,
    key: &ed25519_dalek::SigningKey,
) -> Result<()> {
    let c = creds.clone();
    let name = name.to_string();
    let secret = hex::encode(key.to_bytes());
    blocking(move || c.set(&name, &secret)).await
}
