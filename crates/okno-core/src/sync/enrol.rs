//! Joining the office: enrolment, re-joining a desk that lost its secret, the device token, and
//! staff signing in online.

use super::push::set_outbox_floor;
use super::*;

impl Workstation {
    /// Enrols this (fresh) working copy with the office's server using a one-time code, keeps
    /// the device secret in the credential store and downloads the office.
    pub async fn enrol(&self, req: EnrolRequest) -> Result<SetupStatus> {
        let mut check = Check::new();
        let url = check.text("server_url", &req.server_url, 300);
        if !(url.is_empty() || url.starts_with("https://") || url.starts_with("http://")) {
            check.fail("server_url", FieldErrorCode::Malformed, None);
        }
        let code = check.text("code", &req.code, 100);
        let device_name = check.text("device_name", &req.device_name, 100);
        check.finish()?;
        if self.setup_status().await?.initialized || self.enrolment().await?.is_some() {
            return Err(CoreError::AlreadyInitialized);
        }
        let client = self.sync.client(&url)?;
        let device_id = ids::new_id();
        let enrolled: Enrolled = client
            .json(
                Method::POST,
                "/v1/enrol",
                None,
                Some(&wire::EnrolDevice {
                    code,
                    device_id,
                    device_name: device_name.clone(),
                }),
            )
            .await
            .map_err(|e| match e {
                CoreError::Server { message, .. } => CoreError::EnrolmentRefused(message),
                other => other,
            })?;
        self.keep_device_secret(enrolled.device_id, &enrolled.secret)
            .await?;
        let mut tx = self.store.writer.begin().await?;
        set_setting(&mut tx, KEY_SERVER_URL, &url).await?;
        set_setting(&mut tx, KEY_DEVICE_ID, &enrolled.device_id.to_string()).await?;
        set_setting(&mut tx, KEY_DEVICE_NAME, &device_name).await?;
        set_setting(&mut tx, KEY_OFFICE_ID, &enrolled.office_id.to_string()).await?;
        tx.commit().await?;
        tracing::info!(device = %enrolled.device_id, server = %url, "enrolled");
        // The first sync brings the office, its staff and catalogue; if it fails now, the
        // background loop finishes it.
        if let Err(e) = self.sync_once().await {
            tracing::warn!(error = %e, "first sync after enrolment failed");
        }
        self.invalidate_office_cache();
        self.setup_status().await
    }

    /// Re-joins this enrolled workstation with a new one-time code when its device secret is
    /// lost (a keyring gone or locked, memory credentials after a restart) or no longer
    /// accepted: the server rotates the secret of the same device, so the outbox, its sequence
    /// and the leases stay, and everything waiting goes through with the next exchange.
    pub async fn rejoin(&self, _actor: &Actor, req: RejoinRequest) -> Result<SyncStatus> {
        let mut check = Check::new();
        let code = check.text("code", &req.code, 100);
        check.finish()?;
        let enr = self.enrolment().await?.ok_or(CoreError::NotInitialized)?;
        let client = self.sync.client(&enr.server_url)?;
        let rejoined: wire::Rejoined = client
            .json(
                Method::POST,
                "/v1/rejoin",
                None,
                Some(&wire::RejoinDevice {
                    code,
                    device_id: enr.device_id,
                }),
            )
            .await
            .map_err(|e| match e {
                CoreError::Server { message, .. } => CoreError::EnrolmentRefused(message),
                other => other,
            })?;
        self.keep_device_secret(enr.device_id, &rejoined.secret)
            .await?;
        self.drop_device_token().await;
        self.align_sequence(rejoined.next_seq).await?;
        {
            let mut live = self.sync.live();
            live.needs_rejoin = false;
            live.next_attempt_at = None;
        }
        tracing::info!(device = %enr.device_id, next_seq = rejoined.next_seq, "re-joined the office server");
        self.request_sync();
        self.sync_status().await
    }

    /// Takes note of where the server's sequence for this device stands. Normally this working
    /// copy is ahead of it (it has sent no more than it wrote); behind it, the working copy was
    /// restored from an older backup and the server holds commands it no longer has: its next
    /// command is numbered after them (what it wrote since the restore is renumbered when the
    /// server refuses it as `sequence_reused`, and what it lost comes back by pull).
    pub(super) async fn align_sequence(&self, server_next: i64) -> Result<()> {
        let mut tx = self.store.writer.begin().await?;
        let local: i64 = sqlx::query_scalar(
            "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0),
                        COALESCE((SELECT MAX(seq) FROM outbox), 0))",
        )
        .fetch_one(&mut *tx)
        .await?;
        if local >= server_next - 1 {
            return Ok(());
        }
        tracing::warn!(
            local_last = local,
            server_last = server_next - 1,
            "the server holds commands of this workstation its working copy does not (restored from an older backup?): numbering on after them"
        );
        set_outbox_floor(&mut tx, server_next - 1).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores the device secret; a credential store that refuses it is replaced by memory
    /// (said once), so an enrolment or re-join never fails after the server has granted it.
    pub(super) async fn keep_device_secret(&self, device_id: Uuid, secret: &str) -> Result<()> {
        let creds = self.sync.creds();
        let (key, value) = (credential_key(device_id), secret.to_string());
        match blocking(move || creds.set(&key, &value)).await {
            Err(CoreError::CredentialStore(e)) => {
                tracing::warn!(error = %e, "the credential store refused the device secret: it is kept in memory only, and after a restart this workstation must be re-joined");
                self.keep_credentials_in_memory();
                self.sync.creds().set(&credential_key(device_id), secret)
            }
            other => other,
        }
    }

    /// Marks the desk as needing a re-join (logged once, when it starts) and returns the error.
    pub(super) fn rejoin_needed(&self, why: &str) -> CoreError {
        let mut live = self.sync.live();
        if !live.needs_rejoin {
            tracing::warn!(reason = why, "this workstation must be re-joined to the office server (it works on offline meanwhile)");
        }
        live.needs_rejoin = true;
        CoreError::RejoinNeeded
    }

    pub(super) async fn device_token(
        &self,
        client: &ServerClient,
        enr: &Enrolment,
    ) -> Result<String> {
        let mut cached = self.sync.device_token.lock().await;
        if let Some(t) = cached.as_ref() {
            if t.expires_at > Utc::now() + chrono::Duration::seconds(60) {
                return Ok(t.token.clone());
            }
        }
        let creds = self.sync.creds();
        let key = credential_key(enr.device_id);
        // Without its secret the desk is not bricked: staff sign in offline and work on, and
        // the desk says it must be re-joined.
        let secret = match blocking(move || creds.get(&key)).await {
            Ok(Some(secret)) => secret,
            Ok(None) => return Err(self.rejoin_needed("the device secret is missing")),
            Err(CoreError::CredentialStore(e)) => {
                return Err(self.rejoin_needed(&format!("the credential store failed: {e}")))
            }
            Err(e) => return Err(e),
        };
        let t: Token = match client
            .json(
                Method::POST,
                "/v1/device/token",
                None,
                Some(&wire::DeviceTokenRequest {
                    device_id: enr.device_id,
                    secret,
                }),
            )
            .await
        {
            Err(CoreError::InvalidCredentials) => {
                return Err(self.rejoin_needed("the server no longer accepts the device secret"))
            }
            other => other?,
        };
        self.sync.live().needs_rejoin = false;
        if let Some(next) = t.next_seq {
            self.align_sequence(next).await?;
        }
        let token = t.token.clone();
        *cached = Some(t);
        Ok(token)
    }

    /// Forgets the cached device token (after the server said it expired).
    pub(super) async fn drop_device_token(&self) {
        *self.sync.device_token.lock().await = None;
    }

    /// Signs in against the server when it can be reached. `Ok(true)`: the server confirmed the
    /// password (and its copy of the staff row is now here); `Ok(false)`: the server could not
    /// be asked (sign in offline). A refusal from the server is final.
    pub(crate) async fn login_online(&self, username: &str, password: &str) -> Result<bool> {
        let Some(enr) = self.enrolment().await? else {
            return Ok(false);
        };
        let client = self.sync.client(&enr.server_url)?;
        let attempt = async {
            let token = self.device_token(&client, &enr).await?;
            client
                .json::<_, StaffLoggedIn>(
                    Method::POST,
                    "/v1/auth/login",
                    Some(&token),
                    Some(&wire::StaffLogin {
                        username: username.to_string(),
                        password: password.to_string(),
                    }),
                )
                .await
        };
        let answer = match tokio::time::timeout(Duration::from_secs(4), attempt).await {
            Err(_) => return Ok(false),
            Ok(Err(CoreError::ServerUnreachable(_))) => return Ok(false),
            // No usable device secret: the sync status says the desk must be re-joined; staff
            // sign in offline meanwhile.
            Ok(Err(CoreError::RejoinNeeded)) => return Ok(false),
            Ok(Err(CoreError::CredentialStore(e))) => {
                tracing::warn!(error = %e, "credential store failed; signing in offline");
                return Ok(false);
            }
            Ok(Err(CoreError::Server { code, message })) => {
                tracing::warn!(%code, %message, "online sign-in failed; signing in offline");
                return Ok(false);
            }
            Ok(r) => r?,
        };
        let id = answer
            .staff
            .get("id")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        let change = Change {
            kind: "staff".into(),
            id: id.clone(),
            body: answer.staff,
            hlc: None,
        };
        // Stored like a pulled row, without moving the stream's cursor.
        let cursor = self.cursor(STREAM_OFFICE).await?;
        let mut conn = self.store.writer.acquire().await?;
        rows::apply_page(&mut conn, STREAM_OFFICE, &cursor, &[change], self.now_ms()).await?;
        if let Ok(uuid) = ids::parse(&id) {
            self.sync
                .staff_tokens
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(uuid, answer.token);
        }
        Ok(true)
    }

    /// The server token of a signed-in member of staff (for online-only calls).
    pub fn staff_token(&self, staff_id: Uuid) -> Option<String> {
        self.sync
            .staff_tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&staff_id)
            .map(|t| t.token.clone())
    }

    pub(super) async fn refresh_staff_tokens(&self, client: &ServerClient) {
        let due: Vec<(Uuid, String)> = {
            let tokens = self
                .sync
                .staff_tokens
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let soon = Utc::now() + chrono::Duration::minutes(3);
            tokens
                .iter()
                .filter(|(_, t)| t.expires_at < soon)
                .map(|(id, t)| (*id, t.token.clone()))
                .collect()
        };
        for (id, old) in due {
            let fresh = client
                .json::<(), Token>(Method::POST, "/v1/auth/refresh", Some(&old), None)
                .await;
            let mut tokens = self
                .sync
                .staff_tokens
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            match fresh {
                Ok(t) => {
                    tokens.insert(id, t);
                }
                Err(_) => {
                    tokens.remove(&id);
                }
            }
        }
    }
}
