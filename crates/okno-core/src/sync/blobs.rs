//! Attachments' bytes, both ways, content-addressed and in chunks.

use super::*;

impl Workstation {
    pub(super) async fn upload_blobs(&self, client: &ServerClient, token: &str) -> Result<usize> {
        let todo =
            sqlx::query!("SELECT sha256, media_type, size FROM attachment_blob WHERE uploaded = 0")
                .fetch_all(&self.store.reader)
                .await?;
        let total = todo.len() as i64;
        for (i, b) in todo.iter().enumerate() {
            self.set_progress(SyncPhase::Uploading, i as i64, Some(total));
            let state: BlobState = client
                .json::<(), _>(
                    Method::GET,
                    &format!(
                        "/v1/blobs/{}/state?size={}&media_type={}",
                        b.sha256,
                        b.size,
                        urlencode(&b.media_type)
                    ),
                    Some(token),
                    None,
                )
                .await?;
            if !state.complete {
                let data = sqlx::query_scalar!(
                    "SELECT data FROM attachment_blob WHERE sha256 = ?",
                    b.sha256
                )
                .fetch_one(&self.store.reader)
                .await?;
                let mut offset = state.received as usize;
                while offset < data.len() {
                    let end = (offset + wire::BLOB_CHUNK_BYTES).min(data.len());
                    let st: BlobState = client
                        .put_bytes(
                            &format!("/v1/blobs/{}?offset={offset}", b.sha256),
                            token,
                            data[offset..end].to_vec(),
                        )
                        .await?;
                    offset = st.received as usize;
                    if st.complete {
                        break;
                    }
                }
            }
            sqlx::query!(
                "UPDATE attachment_blob SET uploaded = 1 WHERE sha256 = ?",
                b.sha256
            )
            .execute(&self.store.writer)
            .await?;
        }
        Ok(todo.len())
    }

    pub(super) async fn download_blobs(&self, client: &ServerClient, token: &str) -> Result<usize> {
        let missing = sqlx::query!(
            r#"SELECT DISTINCT a.sha256 AS "sha256!", a.media_type AS "media_type!", a.size AS "size!: i64"
               FROM attachment a LEFT JOIN attachment_blob b ON b.sha256 = a.sha256
               WHERE b.sha256 IS NULL"#
        )
        .fetch_all(&self.store.reader)
        .await?;
        let total = missing.len() as i64;
        let mut done = 0;
        for (i, m) in missing.iter().enumerate() {
            self.set_progress(SyncPhase::Downloading, i as i64, Some(total));
            let mut data = Vec::with_capacity(m.size.max(0) as usize);
            while (data.len() as i64) < m.size {
                let chunk = client
                    .bytes(
                        &format!(
                            "/v1/blobs/{}?offset={}&len={}",
                            m.sha256,
                            data.len(),
                            wire::BLOB_CHUNK_BYTES
                        ),
                        token,
                    )
                    .await?;
                if chunk.is_empty() {
                    break;
                }
                data.extend_from_slice(&chunk);
            }
            if hex::encode(Sha256::digest(&data)) != m.sha256 {
                tracing::warn!(sha256 = %m.sha256, "downloaded attachment does not match its hash; retrying later");
                continue;
            }
            let now = self.now_ms();
            sqlx::query!(
                "INSERT INTO attachment_blob (sha256, media_type, size, data, created_at, uploaded) VALUES (?, ?, ?, ?, ?, 1)
                 ON CONFLICT (sha256) DO NOTHING",
                m.sha256,
                m.media_type,
                m.size,
                data,
                now
            )
            .execute(&self.store.writer)
            .await?;
            done += 1;
        }
        Ok(done)
    }
}
