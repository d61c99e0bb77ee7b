//! The search: the rarest word drives a prefix range of the index, the other words and dates
//! filter, results are ranked.

use super::*;

pub(super) const HIT_COLUMNS: &str =
    "json_array(p.id, p.given_names, p.family_name, p.birth_family_name,
    p.sex, p.birth_date, p.birth_place, p.death_date, p.father_name, p.mother_name)";

pub(super) type HitRow = (
    Uuid,
    String,
    String,
    Option<String>,
    String,
    Option<NaiveDate>,
    String,
    Option<NaiveDate>,
    Option<String>,
    Option<String>,
);

pub(super) fn hit(r: HitRow, record_number: Option<String>) -> PersonHit {
    PersonHit {
        id: r.0,
        given_names: r.1,
        family_name: r.2,
        birth_family_name: r.3,
        sex: Sex::from_code(&r.4).unwrap_or(Sex::Unspecified),
        birth_date: r.5,
        birth_place: r.6,
        death_date: r.7,
        father_name: r.8,
        mother_name: r.9,
        record_number,
    }
}

pub(super) fn parse_json<T: serde::de::DeserializeOwned>(text: Option<String>) -> Result<T> {
    serde_json::from_str(text.as_deref().unwrap_or("[]"))
        .map_err(|e| CoreError::Internal(format!("reading the registry: {e}")))
}

pub(super) async fn hits_by_pid(
    conn: &mut SqliteConnection,
    pids: &[i64],
) -> Result<Vec<PersonHit>> {
    let text: Option<String> = sqlx::query_scalar(&format!(
        "SELECT json_group_array(json_array(p.pid, {HIT_COLUMNS}))
           FROM reg_person p WHERE p.pid IN (SELECT value FROM json_each(?))"
    ))
    .bind(serde_json::to_string(pids).unwrap_or_default())
    .fetch_one(&mut *conn)
    .await?;
    let rows: Vec<(i64, HitRow)> = parse_json(text)?;
    let mut by: std::collections::HashMap<i64, HitRow> = rows.into_iter().collect();
    Ok(pids
        .iter()
        .filter_map(|p| by.remove(p))
        .map(|r| hit(r, None))
        .collect())
}

/// Runs a parsed query against the replica (read-only).
pub async fn search_in(
    conn: &mut SqliteConnection,
    q: &Query,
    limit: usize,
) -> Result<(Vec<PersonHit>, i64, bool)> {
    if let Some(number) = &q.record_number {
        let text: Option<String> = sqlx::query_scalar(&format!(
            "SELECT json_group_array(json_array(r.number, {HIT_COLUMNS})) FROM (
                SELECT number, person_id, partner_id FROM reg_record
                 WHERE number >= ? AND number < ? ORDER BY number LIMIT ?) r
               JOIN reg_person p ON p.id = r.person_id OR p.id = r.partner_id"
        ))
        .bind(number)
        .bind(upper(number))
        .bind(limit as i64)
        .fetch_one(&mut *conn)
        .await?;
        let rows: Vec<(String, HitRow)> = parse_json(text)?;
        let mut hits: Vec<PersonHit> = rows.into_iter().map(|(n, r)| hit(r, Some(n))).collect();
        hits.sort_by(|a, b| a.record_number.cmp(&b.record_number));
        let total = hits.len() as i64;
        hits.truncate(limit);
        return Ok((hits, total, false));
    }
    let mut words: Vec<(String, bool)> = q.names.iter().map(|n| (n.clone(), false)).collect();
    words.extend(q.parents.iter().map(|n| (n.clone(), true)));
    if words.is_empty() {
        let (Some(from), Some(to)) = (q.born_from, q.born_to) else {
            return Ok((Vec::new(), 0, false));
        };
        let text: Option<String> = sqlx::query_scalar(
            "SELECT json_group_array(pid) FROM (SELECT pid FROM reg_person
              WHERE birth_date >= ? AND birth_date <= ? ORDER BY birth_date, family_name LIMIT ?)",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(limit as i64)
        .fetch_one(&mut *conn)
        .await?;
        let pids: Vec<i64> = parse_json(text)?;
        let total: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM (SELECT 1 FROM reg_person WHERE birth_date >= ? AND birth_date <= ? LIMIT ?)",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(COUNT_CAP + 1)
        .fetch_one(&mut *conn)
        .await?;
        let hits = hits_by_pid(conn, &pids).await?;
        return Ok((hits, total.min(COUNT_CAP), total > COUNT_CAP));
    }
    let key = |(w, parent): &(String, bool)| {
        if *parent {
            format!("{PARENT}{w}")
        } else {
            w.clone()
        }
    };
    // Drive with the rarest word (counted up to a bound, cheaply, in the index).
    let mut driver = 0;
    if words.len() > 1 {
        let mut best = i64::MAX;
        for (i, w) in words.iter().enumerate() {
            let k = key(w);
            let n: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM (SELECT 1 FROM reg_key WHERE k >= ? AND k < ? LIMIT 3000)",
            )
            .bind(&k)
            .bind(upper(&k))
            .fetch_one(&mut *conn)
            .await?;
            if n < best {
                best = n;
                driver = i;
            }
        }
    }
    let dk = key(&words[driver]);
    // The further words and the dates are checked in the index alone (the key holds the
    // person's sort name, its entry their maiden name and birth date); only a further parent's
    // word needs the person's row.
    let needs_person = words
        .iter()
        .enumerate()
        .any(|(i, (_, parent))| i != driver && *parent);
    let mut filter = String::new();
    let mut binds: Vec<Value> = Vec::new();
    for (i, (w, parent)) in words.iter().enumerate() {
        if i == driver {
            continue;
        }
        if *parent {
            filter.push_str(" AND instr(p.phay, ?) > 0");
            binds.push(json!(format!(" {w}")));
        } else {
            filter.push_str(" AND (instr(k.k, ?) > 0 OR instr(k.extra, ?) > 0)");
            binds.push(json!(format!(" {w}")));
            binds.push(json!(format!(" {w}")));
        }
    }
    if let (Some(from), Some(to)) = (q.born_from, q.born_to) {
        filter.push_str(" AND k.born >= ? AND k.born <= ?");
        binds.push(json!(born_key(from)));
        binds.push(json!(born_key(to)));
    }
    let join = if needs_person {
        "JOIN reg_person p ON p.pid = k.pid"
    } else {
        ""
    };
    let from_where = format!("FROM reg_key k {join} WHERE k.k >= ? AND k.k < ?{filter}");
    macro_rules! bound {
        ($sql:expr) => {{
            let mut query = sqlx::query_scalar::<_, Option<String>>($sql)
                .bind(dk.clone())
                .bind(upper(&dk));
            for b in &binds {
                query = match b {
                    Value::Number(n) => query.bind(n.as_i64()),
                    other => query.bind(other.as_str().map(str::to_owned)),
                };
            }
            query
        }};
    }
    let sql = format!(
        "SELECT json_group_array(json_array(pid, k, extra)) FROM (SELECT k.pid, k.k, k.extra {from_where} LIMIT ?)"
    );
    let text = bound!(&sql).bind(CANDIDATES).fetch_one(&mut *conn).await?;
    let rows: Vec<(i64, String, Option<String>)> = parse_json(text)?;
    let exhausted = (rows.len() as i64) < CANDIDATES;
    // Rank: words matched whole before words matched by their beginning; then the index's
    // (alphabetical) order.
    let mut seen = std::collections::HashSet::new();
    let mut ranked: Vec<(usize, usize, i64)> = Vec::new();
    for (pos, (pid, k, extra)) in rows.into_iter().enumerate() {
        if !seen.insert(pid) {
            continue;
        }
        let (token, sorted) = k.split_once(SEP).unwrap_or((k.as_str(), ""));
        let whole = words
            .iter()
            .filter(|(w, parent)| {
                if *parent {
                    token.strip_prefix(PARENT) == Some(w.as_str())
                } else {
                    let w = format!(" {w} ");
                    sorted.contains(&w) || extra.as_deref().is_some_and(|e| e.contains(&w))
                }
            })
            .count();
        ranked.push((usize::MAX - whole, pos, pid));
    }
    ranked.sort();
    let total = if exhausted {
        ranked.len() as i64
    } else {
        let sql = format!(
            "SELECT CAST(count(DISTINCT pid) AS TEXT) FROM (SELECT k.pid {from_where} LIMIT ?)"
        );
        let counted = bound!(&sql)
            .bind(COUNT_CAP + 1)
            .fetch_one(&mut *conn)
            .await?;
        counted.and_then(|c| c.parse().ok()).unwrap_or(0)
    };
    let pids: Vec<i64> = ranked.iter().take(limit).map(|r| r.2).collect();
    let hits = hits_by_pid(conn, &pids).await?;
    Ok((hits, total.min(COUNT_CAP), total > COUNT_CAP))
}

pub(super) async fn state_in(conn: &mut SqliteConnection) -> Result<RegistryState> {
    if crate::settings::setting(conn, KEY_READY).await?.is_some() {
        return Ok(RegistryState::Ready);
    }
    if crate::settings::setting(conn, KEY_SNAPSHOT)
        .await?
        .is_some()
    {
        return Ok(RegistryState::Downloading);
    }
    Ok(RegistryState::Empty)
}
