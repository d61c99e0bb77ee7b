//! What is due: the cashier finds a visit by its ticket, a case or certification number, or the
//! party's name, and sees every fee the visit incurred — its cases' service fees and its
//! certifications' and extracts' fees — each due, ordered or paid. A record made outside any
//! visit is found on its own.

use okno_wire::{DueList, DueMatch, DueQuery, FeeRefKind, FeeState, FeeView, Locale, Permission};
use sqlx::SqliteConnection;

use super::journal::{ordered_in, paid_for, service_name};
use crate::auth::Actor;
use crate::clock::from_millis;
use crate::error::{Check, Result};
use crate::{ids, Workstation};

/// The most visits (or lone records) one search shows.
const MAX_MATCHES: usize = 20;

/// A fee's record as found: its kind and id.
type Found = (FeeRefKind, String);

/// A fee's record as read: number, fee, currency, service, its names and account, the party,
/// when it was made.
type FeeRow = (
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    i64,
);

impl Workstation {
    pub async fn find_due(&self, actor: &Actor, q: DueQuery) -> Result<DueList> {
        actor.require(Permission::TakePayments)?;
        let mut check = Check::new();
        let text = check.text("query", &q.query, 100);
        check.finish()?;
        let folded = okno_rules::fold::ascii_digits(text.trim());
        let mut conn = self.store.reader.acquire().await?;
        let mut visits: Vec<String> = sqlx::query_scalar(
            "SELECT visit_id FROM ticket WHERE number = ? COLLATE NOCASE ORDER BY taken_at DESC LIMIT 5",
        )
        .bind(&folded)
        .fetch_all(&mut *conn)
        .await?;
        let mut found: Vec<Found> = Vec::new();
        let cases: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM case_file WHERE number = ? COLLATE NOCASE
             UNION ALL
             SELECT id FROM (SELECT id FROM case_file WHERE party_name LIKE ? ORDER BY received_at DESC LIMIT 20)",
        )
        .bind(&folded)
        .bind(format!("%{}%", text.trim()))
        .fetch_all(&mut *conn)
        .await?;
        found.extend(cases.into_iter().map(|c| (FeeRefKind::Case, c)));
        let certs: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM certification WHERE number = ? COLLATE NOCASE AND kind <> 'cancellation'
             UNION ALL
             SELECT id FROM (SELECT id FROM certification WHERE party_name LIKE ? AND kind <> 'cancellation'
                              ORDER BY certified_at DESC LIMIT 20)",
        )
        .bind(&folded)
        .bind(format!("%{}%", text.trim()))
        .fetch_all(&mut *conn)
        .await?;
        found.extend(certs.into_iter().map(|c| (FeeRefKind::Certification, c)));
        let mut lone: Vec<Found> = Vec::new();
        for f in found {
            match visit_of(&mut conn, &f).await? {
                Some(v) if !visits.contains(&v) => visits.push(v),
                Some(_) => {}
                None if !lone.contains(&f) => lone.push(f),
                None => {}
            }
        }
        let mut matches = Vec::new();
        for v in visits.iter().take(MAX_MATCHES) {
            if let Some(m) = self.visit_due(&mut conn, actor, v).await? {
                matches.push(m);
            }
        }
        for f in lone
            .into_iter()
            .take(MAX_MATCHES.saturating_sub(matches.len()))
        {
            let fee = self.fee_of(&mut conn, actor.locale, &f).await?;
            let Some((fee, party, at)) = fee else {
                continue;
            };
            matches.push(summary(None, None, vec![party], at, None, vec![fee]));
        }
        Ok(DueList { matches })
    }

    async fn visit_due(
        &self,
        conn: &mut SqliteConnection,
        actor: &Actor,
        visit: &str,
    ) -> Result<Option<DueMatch>> {
        let head: Option<(String, i64, Option<String>)> = sqlx::query_as(
            "SELECT v.locale, v.started_at, (SELECT number FROM ticket t WHERE t.visit_id = v.id LIMIT 1)
               FROM visit v WHERE v.id = ?",
        )
        .bind(visit)
        .fetch_optional(&mut *conn)
        .await?;
        let Some((locale, started_at, ticket)) = head else {
            return Ok(None);
        };
        let refs: Vec<(String, String)> = sqlx::query_as(
            "SELECT ref_kind, ref_id FROM visit_event
              WHERE visit_id = ? AND ref_kind IN ('case_file', 'certification') ORDER BY at",
        )
        .bind(visit)
        .fetch_all(&mut *conn)
        .await?;
        let mut fees = Vec::new();
        let mut parties: Vec<String> = Vec::new();
        for (kind, id) in refs {
            let kind = if kind == "case_file" {
                FeeRefKind::Case
            } else {
                FeeRefKind::Certification
            };
            if let Some((fee, party, _)) = self.fee_of(conn, actor.locale, &(kind, id)).await? {
                if !parties.contains(&party) {
                    parties.push(party);
                }
                fees.push(fee);
            }
        }
        Ok(Some(summary(
            Some(ids::parse(visit)?),
            ticket,
            parties,
            started_at,
            Locale::from_code(&locale),
            fees,
        )))
    }

    /// A record's fee as it stands, with the party it names and when it was made (none for a
    /// record that carries no fee, or a cancelled certification).
    async fn fee_of(
        &self,
        conn: &mut SqliteConnection,
        locale: Locale,
        (kind, id): &Found,
    ) -> Result<Option<(FeeView, String, i64)>> {
        let row: Option<FeeRow> =
            match kind {
                FeeRefKind::Case => {
                    sqlx::query_as(
                        "SELECT c.number, c.fee_minor, c.currency, c.service_id, s.names, s.account, c.party_name, c.received_at
                           FROM case_file c LEFT JOIN service s ON s.id = c.service_id WHERE c.id = ?",
                    )
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?
                }
                FeeRefKind::Certification => {
                    sqlx::query_as(
                        "SELECT l.number, l.fee_minor, l.currency, l.service_id, COALESCE(s.names, json_object('en', l.document_description)),
                                s.account, l.party_name, l.certified_at
                           FROM certification l LEFT JOIN service s ON s.id = l.service_id
                          WHERE l.id = ? AND l.kind <> 'cancellation'
                            AND NOT EXISTS (SELECT 1 FROM certification c WHERE c.refers_to = l.id)",
                    )
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?
                }
                FeeRefKind::Service => None,
            };
        let Some((number, fee, currency, service_id, names, account, party, at)) = row else {
            return Ok(None);
        };
        if fee <= 0 {
            return Ok(None);
        }
        let paid = paid_for(conn, id).await?;
        let receipt: Option<String> = if paid > 0 {
            sqlx::query_scalar(
                "SELECT r.number FROM receipt r JOIN receipt_line l ON l.receipt_id = r.id
                  WHERE l.ref_id = ? AND r.kind = 'payment' ORDER BY r.issued_at DESC LIMIT 1",
            )
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
        } else {
            None
        };
        let order = if paid > 0 {
            None
        } else {
            ordered_in(conn, id).await?
        };
        let state = match (paid > 0, &order) {
            (true, _) => FeeState::Paid,
            (false, Some(_)) => FeeState::Ordered,
            (false, None) => FeeState::Due,
        };
        Ok(Some((
            FeeView {
                ref_kind: *kind,
                ref_id: ids::parse(id)?,
                ref_label: number,
                service_id: ids::parse_opt(service_id.as_deref())?,
                description: names.map(|n| service_name(&n, locale)).unwrap_or_default(),
                account: account.unwrap_or_default(),
                amount_minor: fee,
                currency,
                state,
                paid_by: receipt.or(order),
            },
            party,
            at,
        )))
    }
}

async fn visit_of(conn: &mut SqliteConnection, (kind, id): &Found) -> Result<Option<String>> {
    let ref_kind = match kind {
        FeeRefKind::Case => "case_file",
        FeeRefKind::Certification => "certification",
        FeeRefKind::Service => return Ok(None),
    };
    Ok(sqlx::query_scalar(
        "SELECT visit_id FROM visit_event WHERE ref_kind = ? AND ref_id = ? LIMIT 1",
    )
    .bind(ref_kind)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

fn summary(
    visit_id: Option<uuid::Uuid>,
    ticket_number: Option<String>,
    parties: Vec<String>,
    started_at: i64,
    locale: Option<Locale>,
    fees: Vec<FeeView>,
) -> DueMatch {
    let mut due = 0;
    let mut paid = 0;
    for f in &fees {
        match f.state {
            FeeState::Paid => paid += f.amount_minor,
            FeeState::Due => due += f.amount_minor,
            FeeState::Ordered => {}
        }
    }
    DueMatch {
        visit_id,
        ticket_number,
        parties,
        started_at: from_millis(started_at),
        locale,
        fees,
        due_minor: due,
        paid_minor: paid,
    }
}
