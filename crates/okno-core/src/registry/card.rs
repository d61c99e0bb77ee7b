//! A person's card: the person, their family and their records.

use super::*;

pub(super) type CardRow = (
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
    Option<Uuid>,
    Option<Uuid>,
);

pub(super) async fn card_in(
    conn: &mut SqliteConnection,
    id: Uuid,
) -> Result<Option<(PersonHit, MaritalStatus, Vec<RecordView>, Vec<PersonLink>)>> {
    let id_s = id.to_string();
    let text: Option<String> = sqlx::query_scalar(
        "SELECT json_array(p.id, p.given_names, p.family_name, p.birth_family_name, p.sex,
                p.birth_date, p.birth_place, p.death_date, p.father_name, p.mother_name,
                p.father_id, p.mother_id)
           FROM reg_person p WHERE p.id = ?",
    )
    .bind(&id_s)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(text) = text else {
        return Ok(None);
    };
    let r: CardRow = parse_json(Some(text))?;
    let (father_id, mother_id) = (r.10, r.11);
    let person = hit((r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8, r.9), None);
    // Records the person is in, with the other party's name.
    let text: Option<String> = sqlx::query_scalar(
        "SELECT json_group_array(json_array(r.id, r.kind, r.number, r.book, r.volume, r.page,
                r.date, r.place, r.person_id, a.given_names || ' ' || a.family_name,
                r.partner_id, b.given_names || ' ' || b.family_name, r.note))
           FROM reg_record r
           LEFT JOIN reg_person a ON a.id = r.person_id
           LEFT JOIN reg_person b ON b.id = r.partner_id
          WHERE r.person_id = ?1 OR r.partner_id = ?1",
    )
    .bind(&id_s)
    .fetch_one(&mut *conn)
    .await?;
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        Uuid,
        String,
        String,
        String,
        String,
        i32,
        NaiveDate,
        String,
        Uuid,
        Option<String>,
        Option<Uuid>,
        Option<String>,
        Option<String>,
    )> = parse_json(text)?;
    let mut records: Vec<RecordView> = rows
        .into_iter()
        .map(|r| RecordView {
            id: r.0,
            kind: RecordKind::from_code(&r.1).unwrap_or(RecordKind::Birth),
            number: r.2,
            book: r.3,
            volume: r.4,
            page: r.5,
            date: r.6,
            place: r.7,
            person_id: r.8,
            person_name: r.9.unwrap_or_default(),
            partner_id: r.10,
            partner_name: r.11,
            note: r.12,
        })
        .collect();
    records.sort_by(|a, b| a.date.cmp(&b.date).then(a.kind.cmp(&b.kind)));
    // Family: parents, children, spouses.
    let spouses: Vec<String> = records
        .iter()
        .filter(|r| r.kind == RecordKind::Marriage)
        .filter_map(|r| {
            if r.person_id == id {
                r.partner_id
            } else {
                Some(r.person_id)
            }
        })
        .map(|s| s.to_string())
        .collect();
    let text: Option<String> = sqlx::query_scalar(
        "SELECT json_group_array(json_array(rel, id, given_names, family_name, birth_date, death_date)) FROM (
            SELECT 'father' AS rel, id, given_names, family_name, birth_date, death_date, 0 AS o FROM reg_person WHERE id = ?1
            UNION ALL SELECT 'mother', id, given_names, family_name, birth_date, death_date, 1 FROM reg_person WHERE id = ?2
            UNION ALL SELECT 'spouse', id, given_names, family_name, birth_date, death_date, 2 FROM reg_person
                       WHERE id IN (SELECT value FROM json_each(?3))
            UNION ALL SELECT 'child', id, given_names, family_name, birth_date, death_date, 3 FROM reg_person
                       WHERE father_id = ?4
            UNION ALL SELECT 'child', id, given_names, family_name, birth_date, death_date, 3 FROM reg_person
                       WHERE mother_id = ?4 AND father_id IS NOT ?4
            ORDER BY o, birth_date)",
    )
    .bind(father_id.map(|f| f.to_string()))
    .bind(mother_id.map(|f| f.to_string()))
    .bind(serde_json::to_string(&spouses).unwrap_or_default())
    .bind(&id_s)
    .fetch_one(&mut *conn)
    .await?;
    let rows: Vec<LinkRow> = parse_json(text)?;
    let family: Vec<PersonLink> = rows
        .into_iter()
        .map(|r| PersonLink {
            relation: match r.0.as_str() {
                "father" => FamilyRelation::Father,
                "mother" => FamilyRelation::Mother,
                "spouse" => FamilyRelation::Spouse,
                _ => FamilyRelation::Child,
            },
            id: r.1,
            given_names: r.2,
            family_name: r.3,
            birth_date: r.4,
            death_date: r.5,
        })
        .collect();
    // Marital status from the last marriage: widowed when that spouse has died.
    let last_marriage = records
        .iter()
        .filter(|r| r.kind == RecordKind::Marriage)
        .max_by_key(|r| r.date);
    let marital = match last_marriage {
        None => MaritalStatus::Single,
        Some(m) => {
            let spouse = if m.person_id == id {
                m.partner_id
            } else {
                Some(m.person_id)
            };
            let dead = family
                .iter()
                .any(|f| Some(f.id) == spouse && f.death_date.is_some());
            if dead {
                MaritalStatus::Widowed
            } else {
                MaritalStatus::Married
            }
        }
    };
    Ok(Some((person, marital, records, family)))
}
