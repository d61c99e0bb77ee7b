//! Scans and photos of what the citizen brought, attached to a case or a filing entry. The
//! bytes are stored once per content hash (SHA-256) in the working copy, however often they
//! are attached; the size is limited and the type is checked against the file's own first
//! bytes, not only its name.

use base64::Engine;
use okno_wire::commands::{self, Command};
use okno_wire::{
    AttachmentOwnerKind, AttachmentUpload, AttachmentView, CaseEventKind, FieldErrorCode,
    Permission,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::auth::Actor;
use crate::cases::code_of;
use crate::clock::from_millis;
use crate::error::{Check, CoreError, Result};
use crate::{ids, outbox, Workstation};

/// The largest file accepted: a multi-page scan at office resolution fits.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;

/// The types accepted, each with the magic bytes its content must start with.
pub const ACCEPTED_TYPES: &[(&str, &[&[u8]])] = &[
    ("application/pdf", &[b"%PDF-"]),
    ("image/jpeg", &[&[0xFF, 0xD8, 0xFF]]),
    (
        "image/png",
        &[&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]],
    ),
    ("image/tiff", &[b"II*\0", b"MM\0*"]),
    ("image/webp", &[b"RIFF"]),
];

/// Does the content look like the declared type?
pub fn content_matches(media_type: &str, data: &[u8]) -> bool {
    ACCEPTED_TYPES
        .iter()
        .find(|(t, _)| *t == media_type)
        .is_some_and(|(t, magics)| {
            magics.iter().any(|m| data.starts_with(m))
                && (*t != "image/webp" || data.get(8..12) == Some(b"WEBP"))
        })
}

fn owner_code(k: AttachmentOwnerKind) -> &'static str {
    match k {
        AttachmentOwnerKind::Case => "case",
        AttachmentOwnerKind::Filing => "filing",
        AttachmentOwnerKind::Certification => "certification",
    }
}

/// Decodes and checks an uploaded file: size, base64, declared type against its first bytes.
pub(crate) fn decode_file(
    field: &str,
    media_type: &str,
    data_base64: &str,
) -> Result<(String, Vec<u8>)> {
    // Cheap bound before decoding: base64 is 4/3 of the bytes.
    if data_base64.len() > (MAX_ATTACHMENT_BYTES / 3 + 1) * 4 + 4 {
        return Err(CoreError::TooLarge {
            limit: MAX_ATTACHMENT_BYTES as i64,
        });
    }
    let data = base64::engine::general_purpose::STANDARD
        .decode(data_base64.trim())
        .map_err(|_| CoreError::field(field, FieldErrorCode::Malformed))?;
    if data.is_empty() {
        return Err(CoreError::field(field, FieldErrorCode::Required));
    }
    if data.len() > MAX_ATTACHMENT_BYTES {
        return Err(CoreError::TooLarge {
            limit: MAX_ATTACHMENT_BYTES as i64,
        });
    }
    let media_type = media_type.trim().to_ascii_lowercase();
    if !content_matches(&media_type, &data) {
        return Err(CoreError::UnsupportedType(media_type));
    }
    Ok((media_type, data))
}

/// Stores a checked file once per content and links it to its owner; answers (id, sha256).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn store_file(
    tx: &mut sqlx::SqliteConnection,
    owner_kind: &str,
    owner_id: &str,
    filename: &str,
    media_type: &str,
    data: &[u8],
    actor_id: &str,
    now_ms: i64,
) -> Result<(String, String)> {
    let sha256 = hex::encode(Sha256::digest(data));
    let size = data.len() as i64;
    let id = ids::new_id().to_string();
    sqlx::query(
        "INSERT INTO attachment_blob (sha256, media_type, size, data, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (sha256) DO NOTHING",
    )
    .bind(&sha256)
    .bind(media_type)
    .bind(size)
    .bind(data)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO attachment (id, sha256, owner_kind, owner_id, filename, media_type, size, added_by, added_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(&sha256)
    .bind(owner_kind)
    .bind(owner_id)
    .bind(filename)
    .bind(media_type)
    .bind(size)
    .bind(actor_id)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    Ok((id, sha256))
}

/// A stored attachment's bytes, for download or viewing.
pub struct AttachmentFile {
    pub filename: String,
    pub media_type: String,
    pub data: Vec<u8>,
}

impl Workstation {
    pub async fn add_attachment(
        &self,
        actor: &Actor,
        upload: AttachmentUpload,
    ) -> Result<AttachmentView> {
        let needed = match upload.owner_kind {
            AttachmentOwnerKind::Case => Permission::HandleCase,
            AttachmentOwnerKind::Filing => Permission::RegisterFiling,
            AttachmentOwnerKind::Certification => Permission::Certify,
        };
        actor.require(needed)?;
        let mut check = Check::new();
        let filename = check.text("filename", &upload.filename, 200);
        if filename.contains(['/', '\\', '\0']) {
            check.fail("filename", FieldErrorCode::Malformed, None);
        }
        check.finish()?;
        let (media_type, data) =
            decode_file("data_base64", &upload.media_type, &upload.data_base64)?;
        let owner_id = upload.owner_id.to_string();
        let owner_kind = owner_code(upload.owner_kind);
        let sha256 = hex::encode(Sha256::digest(&data));
        let size = data.len() as i64;
        let id = ids::new_id();
        let id_text = id.to_string();
        let now_ms = self.now_ms();
        let actor_id = actor.staff_id.to_string();

        let mut tx = self.store.writer.begin().await?;
        let owner_exists = match upload.owner_kind {
            AttachmentOwnerKind::Case => {
                sqlx::query_scalar!(
                    r#"SELECT COUNT(*) AS "n!: i64" FROM case_file WHERE id = ?"#,
                    owner_id
                )
                .fetch_one(&mut *tx)
                .await?
            }
            AttachmentOwnerKind::Filing => {
                sqlx::query_scalar!(
                    r#"SELECT COUNT(*) AS "n!: i64" FROM filing_entry WHERE id = ?"#,
                    owner_id
                )
                .fetch_one(&mut *tx)
                .await?
            }
            AttachmentOwnerKind::Certification => {
                sqlx::query_scalar!(
                    r#"SELECT COUNT(*) AS "n!: i64" FROM certification WHERE id = ?"#,
                    owner_id
                )
                .fetch_one(&mut *tx)
                .await?
            }
        };
        if owner_exists == 0 {
            return Err(CoreError::NotFound(owner_kind));
        }
        sqlx::query!(
            "INSERT INTO attachment_blob (sha256, media_type, size, data, created_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (sha256) DO NOTHING",
            sha256, media_type, size, data, now_ms
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "INSERT INTO attachment (id, sha256, owner_kind, owner_id, filename, media_type, size, added_by, added_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            id_text, sha256, owner_kind, owner_id, filename, media_type, size, actor_id, now_ms
        )
        .execute(&mut *tx)
        .await?;
        let mut linked_event = None;
        if upload.owner_kind == AttachmentOwnerKind::Case {
            let event_id = ids::new_id().to_string();
            linked_event = Some(event_id.clone());
            let kind = code_of(&CaseEventKind::AttachmentAdded);
            sqlx::query!(
                "INSERT INTO case_event (id, case_id, kind, note, actor_id, at) VALUES (?, ?, ?, ?, ?, ?)",
                event_id, owner_id, kind, filename, actor_id, now_ms
            )
            .execute(&mut *tx)
            .await?;
        }
        let mut attachment_rows: Vec<(&str, &str)> = vec![("attachment", &id_text)];
        if let Some(e) = &linked_event {
            attachment_rows.push(("case_event", e));
        }
        outbox::append(
            &mut tx,
            Command::AttachmentAdd(commands::AttachmentAdd {
                id: id_text.to_string(),
                sha256: sha256.to_string(),
                owner_kind: owner_kind.to_string(),
                owner_id: owner_id.to_string(),
                rows: Vec::new(),
            }),
            Some(actor.staff_id),
            now_ms,
            outbox::Effects {
                entity_id: Some(&owner_id),
                rows: &attachment_rows,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(AttachmentView {
            id,
            sha256,
            filename,
            media_type,
            size,
            added_at: from_millis(now_ms),
            added_by_name: actor.display_name.clone(),
        })
    }

    pub(crate) async fn attachments_of(
        &self,
        kind: AttachmentOwnerKind,
        owner: Uuid,
    ) -> Result<Vec<AttachmentView>> {
        let kind = owner_code(kind);
        let owner = owner.to_string();
        sqlx::query!(
            "SELECT a.id, a.sha256, a.filename, a.media_type, a.size, a.added_at, s.display_name
             FROM attachment a JOIN staff s ON s.id = a.added_by
             WHERE a.owner_kind = ? AND a.owner_id = ? ORDER BY a.added_at, a.id",
            kind,
            owner
        )
        .fetch_all(&self.store.reader)
        .await?
        .into_iter()
        .map(|r| {
            Ok(AttachmentView {
                id: ids::parse(&r.id)?,
                sha256: r.sha256,
                filename: r.filename,
                media_type: r.media_type,
                size: r.size,
                added_at: from_millis(r.added_at),
                added_by_name: r.display_name,
            })
        })
        .collect()
    }

    pub async fn attachment_file(&self, actor: &Actor, id: Uuid) -> Result<AttachmentFile> {
        if !actor.may(Permission::ViewLedger) {
            actor.require(Permission::ViewCases)?;
        }
        let id = id.to_string();
        let r = sqlx::query!(
            "SELECT a.filename, a.media_type, b.data FROM attachment a JOIN attachment_blob b ON b.sha256 = a.sha256
             WHERE a.id = ?",
            id
        )
        .fetch_optional(&self.store.reader)
        .await?
        .ok_or(CoreError::NotFound("attachment"))?;
        Ok(AttachmentFile {
            filename: r.filename,
            media_type: r.media_type,
            data: r.data,
        })
    }
}
