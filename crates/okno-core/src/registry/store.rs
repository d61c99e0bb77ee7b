//! Writing the replica: pages of persons (with their search keys) and records, the snapshot's
//! start and end, and whole registries loaded at once.

use super::*;

pub(super) fn dedup(mut t: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    t.retain(|x| seen.insert(x.clone()));
    t
}

pub(super) fn hay(tokens: &[String]) -> String {
    let mut s = String::from(" ");
    for t in tokens {
        s.push_str(t);
        s.push(' ');
    }
    s
}

/// What the replica keeps for searching a person, each name folded once: the folded name
/// words (`hay`) and parents' name words (`phay`), the search keys, and what every key carries
/// beside it — the folded words of a family name at birth that the sort name lacks, and the
/// birth date (YYYYMMDD).
pub(super) struct PersonIndex {
    hay: String,
    phay: String,
    keys: Vec<String>,
    extra: Option<String>,
    born: Option<i64>,
}

pub(super) fn index_of(p: &RegistryPerson) -> PersonIndex {
    let given = tokens(&p.given_names);
    let family = tokens(&p.family_name);
    let maiden = p
        .birth_family_name
        .as_deref()
        .map(tokens)
        .unwrap_or_default();
    let mut sort = family.clone();
    sort.extend(given.iter().cloned());
    let extra: Vec<String> = maiden
        .iter()
        .filter(|t| !sort.contains(t))
        .cloned()
        .collect();
    let mut names = given;
    names.extend(family);
    names.extend(maiden);
    let names = dedup(names);
    let mut parents = Vec::new();
    for n in [&p.father_name, &p.mother_name].into_iter().flatten() {
        parents.extend(tokens(n));
    }
    let parents = dedup(parents);
    let sorted = hay(&sort);
    let mut keys: Vec<String> = names.iter().map(|t| format!("{t}{SEP}{sorted}")).collect();
    keys.extend(parents.iter().map(|t| format!("{PARENT}{t}{SEP}{sorted}")));
    PersonIndex {
        hay: hay(&names),
        phay: hay(&parents),
        keys,
        extra: (!extra.is_empty()).then(|| hay(&extra)),
        born: p.birth_date.map(born_key),
    }
}

/// A date as the keys carry it.
pub(super) fn born_key(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

/// How keys of a page are written: straight into the index (following the feed), or appended
/// to the stage that the snapshot's end sorts into the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyMode {
    Index,
    Stage,
}

/// A stored person's pid, id and the names its keys came from.
pub(super) type OldNames = (
    i64,
    Uuid,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// A family link: relation, id, names, birth and death dates.
pub(super) type LinkRow = (
    String,
    Uuid,
    String,
    String,
    Option<NaiveDate>,
    Option<NaiveDate>,
);

/// Writes persons (inserted, or updated in place when their id is known) with their keys.
pub(crate) async fn put_persons(
    conn: &mut SqliteConnection,
    persons: &[RegistryPerson],
    mode: KeyMode,
) -> Result<()> {
    if persons.is_empty() {
        return Ok(());
    }
    if mode == KeyMode::Index {
        // The keys of the versions being replaced go first.
        let ids: Vec<String> = persons.iter().map(|p| p.id.to_string()).collect();
        let old: Option<String> = sqlx::query_scalar(
            "SELECT json_group_array(json_array(pid, id, given_names, family_name, birth_family_name,
                    father_name, mother_name))
               FROM reg_person WHERE id IN (SELECT value FROM json_each(?))",
        )
        .bind(serde_json::to_string(&ids).unwrap_or_default())
        .fetch_one(&mut *conn)
        .await?;
        let old: Vec<OldNames> = serde_json::from_str(old.as_deref().unwrap_or("[]"))
            .map_err(|e| CoreError::Internal(format!("reading old persons: {e}")))?;
        let mut gone = Vec::new();
        for (pid, id, given, family, birth_family, father, mother) in old {
            let p = RegistryPerson {
                id,
                given_names: given,
                family_name: family,
                birth_family_name: birth_family,
                sex: Sex::Unspecified,
                birth_date: None,
                birth_place: String::new(),
                death_date: None,
                father_id: None,
                mother_id: None,
                father_name: father,
                mother_name: mother,
            };
            gone.extend(index_of(&p).keys.into_iter().map(|k| json!([k, pid])));
        }
        if !gone.is_empty() {
            sqlx::query(
                "DELETE FROM reg_key WHERE (k, pid) IN (SELECT value->>0, value->>1 FROM json_each(?))",
            )
            .bind(Value::Array(gone).to_string())
            .execute(&mut *conn)
            .await?;
        }
    }
    // A snapshot's persons are new: they get their row numbers here, so their keys need no
    // look-up; the feed's may replace stored ones (which keep theirs).
    let first_pid: i64 = match mode {
        KeyMode::Stage => {
            sqlx::query_scalar::<_, i64>("SELECT coalesce(max(pid), 0) + 1 FROM reg_person")
                .fetch_one(&mut *conn)
                .await?
        }
        KeyMode::Index => 0,
    };
    let mut rows = Vec::with_capacity(persons.len());
    let mut key_rows = Vec::with_capacity(persons.len() * 5);
    for (i, p) in persons.iter().enumerate() {
        let ix = index_of(p);
        let who = match mode {
            KeyMode::Stage => Who::Pid(first_pid + i as i64),
            KeyMode::Index => Who::Id(p.id),
        };
        for k in ix.keys {
            key_rows.push((k, who, ix.extra.clone(), ix.born));
        }
        rows.push((
            p.id,
            p.given_names.as_str(),
            p.family_name.as_str(),
            p.birth_family_name.as_deref(),
            p.sex.code(),
            p.birth_date,
            p.birth_place.as_str(),
            p.death_date,
            p.father_id,
            p.mother_id,
            p.father_name.as_deref(),
            p.mother_name.as_deref(),
            ix.hay,
            ix.phay,
            who,
        ));
    }
    let rows = to_json(&rows)?;
    let key_rows = to_json(&key_rows)?;
    let columns = "id, given_names, family_name, birth_family_name, sex, birth_date, birth_place,
                   death_date, father_id, mother_id, father_name, mother_name, hay, phay";
    let values = "value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6,
                  value->>7, value->>8, value->>9, value->>10, value->>11, value->>12, value->>13";
    let sql = match mode {
        KeyMode::Stage => format!(
            "INSERT INTO reg_person (pid, {columns}) SELECT value->>14, {values} FROM json_each(?)"
        ),
        KeyMode::Index => format!(
            "INSERT INTO reg_person ({columns}) SELECT {values} FROM json_each(?) WHERE true
             ON CONFLICT (id) DO UPDATE SET
                given_names = excluded.given_names, family_name = excluded.family_name,
                birth_family_name = excluded.birth_family_name, sex = excluded.sex,
                birth_date = excluded.birth_date, birth_place = excluded.birth_place,
                death_date = excluded.death_date, father_id = excluded.father_id,
                mother_id = excluded.mother_id, father_name = excluded.father_name,
                mother_name = excluded.mother_name, hay = excluded.hay, phay = excluded.phay"
        ),
    };
    sqlx::query(&sql).bind(rows).execute(&mut *conn).await?;
    let sql = match mode {
        KeyMode::Stage => {
            "INSERT INTO reg_key_stage (k, pid, extra, born)
             SELECT value->>0, value->>1, value->>2, value->>3 FROM json_each(?)"
        }
        KeyMode::Index => {
            "INSERT INTO reg_key (k, pid, extra, born)
             SELECT value->>0, (SELECT pid FROM reg_person WHERE id = value->>1), value->>2,
                    value->>3 FROM json_each(?) WHERE true
             ON CONFLICT (k, pid) DO UPDATE SET extra = excluded.extra, born = excluded.born"
        }
    };
    sqlx::query(sql).bind(key_rows).execute(&mut *conn).await?;
    Ok(())
}

/// Whose key a key row is: a snapshot's person by the row number it was given, or the feed's
/// by id.
#[derive(Debug, Clone, Copy, serde::Serialize)]
#[serde(untagged)]
pub(super) enum Who {
    Pid(i64),
    Id(Uuid),
}

/// A page's rows as the JSON text that SQLite unpacks (`json_each`).
pub(super) fn to_json<T: serde::Serialize>(rows: &T) -> Result<String> {
    serde_json::to_string(rows).map_err(|e| CoreError::Internal(format!("writing a page: {e}")))
}

/// Writes records (inserted, or updated in place when their id is known).
pub(crate) async fn put_records(
    conn: &mut SqliteConnection,
    records: &[RegistryRecord],
) -> Result<()> {
    if records.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = records
        .iter()
        .map(|r| {
            (
                r.id,
                r.kind.code(),
                fold::record_number(&r.number),
                r.book.as_str(),
                r.volume.as_str(),
                r.page,
                r.date,
                r.place.as_str(),
                r.person_id,
                r.partner_id,
                r.note.as_deref(),
            )
        })
        .collect();
    let rows = to_json(&rows)?;
    sqlx::query(
        "INSERT INTO reg_record (id, kind, number, book, volume, page, date, place, person_id,
                partner_id, note)
         SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6,
                value->>7, value->>8, value->>9, value->>10
           FROM json_each(?) WHERE true
         ON CONFLICT (id) DO UPDATE SET
                kind = excluded.kind, number = excluded.number, book = excluded.book,
                volume = excluded.volume, page = excluded.page, date = excluded.date,
                place = excluded.place, person_id = excluded.person_id,
                partner_id = excluded.partner_id, note = excluded.note",
    )
    .bind(rows)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The secondary indexes of the replica (as in migrations/local/0006_registry.sql): dropped
/// while a snapshot comes down, built once at its end.
pub(super) const BULK_INDEXES: [(&str, &str); 6] = [
    ("reg_person_birth", "reg_person(birth_date)"),
    (
        "reg_person_father",
        "reg_person(father_id) WHERE father_id IS NOT NULL",
    ),
    (
        "reg_person_mother",
        "reg_person(mother_id) WHERE mother_id IS NOT NULL",
    ),
    ("reg_record_number", "reg_record(number)"),
    ("reg_record_person", "reg_record(person_id)"),
    (
        "reg_record_partner",
        "reg_record(partner_id) WHERE partner_id IS NOT NULL",
    ),
];

/// Empties the replica for a new snapshot (its secondary indexes go until the snapshot ends).
pub(crate) async fn clear(conn: &mut SqliteConnection) -> Result<()> {
    for t in ["reg_key", "reg_key_stage", "reg_record", "reg_person"] {
        sqlx::query(&format!("DELETE FROM {t}"))
            .execute(&mut *conn)
            .await?;
    }
    for (name, _) in BULK_INDEXES {
        sqlx::query(&format!("DROP INDEX IF EXISTS {name}"))
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM setting WHERE key IN (?, ?)")
        .bind(KEY_READY)
        .bind(KEY_SNAPSHOT)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The snapshot's last step: sorts the staged keys into the index and builds the secondary
/// indexes.
pub(crate) async fn finish_keys(conn: &mut SqliteConnection) -> Result<()> {
    sqlx::query(
        "INSERT OR IGNORE INTO reg_key (k, pid, extra, born)
         SELECT k, pid, extra, born FROM reg_key_stage ORDER BY k, pid",
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM reg_key_stage")
        .execute(&mut *conn)
        .await?;
    for (name, on) in BULK_INDEXES {
        sqlx::query(&format!("CREATE INDEX IF NOT EXISTS {name} ON {on}"))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Loads a whole registry into an empty replica in one transaction (the demo's and tests'
/// registry, and benchmarks): the same writes as the snapshot, in pages.
pub async fn load(
    ws: &Workstation,
    persons: &[RegistryPerson],
    records: &[RegistryRecord],
) -> Result<()> {
    bulk_cache(&mut *ws.store.writer.acquire().await?, true).await?;
    let mut tx = ws.store.writer.begin().await?;
    clear(&mut tx).await?;
    for page in persons.chunks(5000) {
        put_persons(&mut tx, page, KeyMode::Stage).await?;
    }
    for page in records.chunks(5000) {
        put_records(&mut tx, page).await?;
    }
    finish_keys(&mut tx).await?;
    crate::settings::set_setting(&mut tx, KEY_READY, "1").await?;
    let now = ws.now_ms().to_string();
    crate::settings::set_setting(&mut tx, KEY_UPDATED, &now).await?;
    tx.commit().await?;
    bulk_cache(&mut *ws.store.writer.acquire().await?, false).await?;
    Ok(())
}

/// A larger page cache for the writer while a registry comes in (the indexes being built
/// stay in memory), and the usual one after. While in bulk, sorts spill to temporary files
/// instead of memory: the snapshot's last step sorts every key and builds the secondary
/// indexes, which would otherwise hold the whole registry's keys in memory at once. Outside a
/// transaction (SQLite does not change where temporary data goes within one).
pub(crate) async fn bulk_cache(conn: &mut SqliteConnection, bulk: bool) -> Result<()> {
    let (kib, temp) = if bulk {
        (131_072, "FILE")
    } else {
        (crate::store::CACHE_KIB, "MEMORY")
    };
    sqlx::query(&format!("PRAGMA cache_size = -{kib}"))
        .execute(&mut *conn)
        .await?;
    sqlx::query(&format!("PRAGMA temp_store = {temp}"))
        .execute(&mut *conn)
        .await?;
    Ok(())
}
