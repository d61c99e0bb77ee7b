//! Pull: the office stream comes down page by page, each page with its cursor in one transaction;
//! the seal key certified on the way.

use super::*;

impl Workstation {
    pub(super) async fn cursor(&self, stream: &str) -> Result<String> {
        Ok(
            sqlx::query_scalar!("SELECT cursor FROM sync_cursor WHERE stream = ?", stream)
                .fetch_optional(&self.store.reader)
                .await?
                .unwrap_or_default(),
        )
    }

    /// Fetches one page of `stream` (waiting up to `wait_ms` on the server for news) and applies
    /// it. Returns the page's size, the rows kept local, and whether more wait.
    pub(super) async fn pull_page(
        &self,
        client: &ServerClient,
        token: &str,
        stream: &str,
        wait_ms: u64,
    ) -> Result<(usize, usize, bool, i64)> {
        let cursor = self.cursor(stream).await?;
        let path = format!(
            "/v1/pull?stream={stream}&cursor={}&limit={PULL_PAGE}&wait_ms={wait_ms}",
            urlencode(&cursor)
        );
        let page: PullResponse = client
            .json::<(), _>(Method::GET, &path, Some(token), None)
            .await?;
        if page.changes.is_empty() && page.cursor == cursor {
            return Ok((0, 0, false, page.remaining));
        }
        let mut conn = self.store.writer.acquire().await?;
        let applied = rows::apply_page(
            &mut conn,
            stream,
            &page.cursor,
            &page.changes,
            self.now_ms(),
        )
        .await?;
        Ok((
            page.changes.len(),
            applied.kept_local,
            page.more,
            page.remaining,
        ))
    }

    /// Pulls the office stream up to what the server can show now. Returns the changes
    /// fetched, the rows kept local, and the changes still held back on the server.
    pub(super) async fn pull_all(
        &self,
        client: &ServerClient,
        token: &str,
    ) -> Result<(usize, usize, i64)> {
        let (mut pulled, mut kept) = (0, 0);
        loop {
            let (n, k, more, remaining) = self.pull_page(client, token, STREAM_OFFICE, 0).await?;
            pulled += n;
            kept += k;
            self.set_progress(
                SyncPhase::Pulling,
                pulled as i64,
                Some(pulled as i64 + remaining),
            );
            if !more {
                return Ok((pulled, kept, remaining));
            }
        }
    }

    /// Makes sure this workstation holds a seal key the office has certified: generates one
    /// (secret half into the credential store) and has the server certify it.
    pub(super) async fn ensure_seal_key(
        &self,
        client: &ServerClient,
        token: &str,
        enr: &Enrolment,
    ) -> Result<()> {
        let creds = self.sync.creds();
        let name = format!("seal:{}", enr.device_id);
        let secret = {
            let (c, n) = (creds.clone(), name.clone());
            blocking(move || c.get(&n)).await?
        };
        let key = match secret.as_deref().and_then(crate::seal::key_from_hex) {
            Some(k) => k,
            None => {
                let k = crate::seal::generate_key();
                let (c, n, s) = (creds.clone(), name.clone(), hex::encode(k.to_bytes()));
                blocking(move || c.set(&n, &s)).await?;
                k
            }
        };
        let public = hex::encode(key.verifying_key().as_bytes());
        let known: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM seal_key WHERE kind = 'device' AND device_id = ? AND public_key = ? AND certificate IS NOT NULL AND revoked_at IS NULL",
        )
        .bind(enr.device_id.to_string())
        .bind(&public)
        .fetch_one(&self.store.reader)
        .await?;
        if known > 0 {
            return Ok(());
        }
        let certified: wire::SealCertified = client
            .json(
                Method::POST,
                "/v1/seal/certify",
                Some(token),
                Some(&wire::SealCertifyRequest { public_key: public }),
            )
            .await?;
        let changes: Vec<Change> = certified
            .keys
            .into_iter()
            .filter_map(|body| {
                Some(Change {
                    kind: "seal_key".into(),
                    id: body["id"].as_str()?.to_string(),
                    body,
                    hlc: None,
                })
            })
            .collect();
        let mut conn = self.store.writer.acquire().await?;
        rows::apply_rows(&mut conn, &changes).await
    }
}
