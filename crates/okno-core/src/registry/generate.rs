//! A synthetic civil registry for demos, tests and benchmarks: families over four generations,
//! with names from the populations of the five languages (Hungarian, Slovak, Swedish, English,
//! Persian in Persian script), plausible dates (marriage after twenty, children after the
//! wedding while the mother is under 45, deaths mostly of the old), the naming customs of each
//! (Slovak `-ová`, a wife taking her husband's name or keeping her own), and registry numbers
//! per kind and year with book, volume and page.
//!
//! Deterministic for a seed: the same spec gives the same registry, ids included.

use std::collections::{HashMap, VecDeque};

use chrono::{Datelike, Duration, NaiveDate};
use okno_wire::{RecordKind, RegistryPerson, RegistryRecord, Sex};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Population {
    Hungarian,
    Slovak,
    Swedish,
    English,
    Persian,
}

impl Population {
    pub const ALL: [Population; 5] = [
        Population::Hungarian,
        Population::Slovak,
        Population::Swedish,
        Population::English,
        Population::Persian,
    ];

    fn male(self) -> &'static [&'static str] {
        match self {
            Population::Hungarian => &[
                "Gábor", "László", "Zoltán", "István", "József", "Ferenc", "Sándor", "Attila",
                "Péter", "Tamás", "Béla", "György", "Imre", "Csaba", "Levente", "Ödön", "Dénes",
                "Áron", "Miklós", "Gyula",
            ],
            Population::Slovak => &[
                "Ján",
                "Peter",
                "Jozef",
                "Martin",
                "Michal",
                "Tomáš",
                "Ľubomír",
                "Dušan",
                "Štefan",
                "Marek",
                "Juraj",
                "Milan",
                "Vladimír",
                "Ondrej",
                "Matúš",
                "Radoslav",
                "Ľudovít",
                "Branislav",
                "Pavol",
                "Roman",
            ],
            Population::Swedish => &[
                "Björn", "Göran", "Lars", "Anders", "Erik", "Johan", "Karl", "Olof", "Sven",
                "Mikael", "Per", "Åke", "Stefan", "Jörgen", "Nils", "Gustav",
            ],
            Population::English => &[
                "John",
                "James",
                "William",
                "Thomas",
                "David",
                "Richard",
                "Michael",
                "George",
                "Robert",
                "Edward",
                "Oliver",
                "Harry",
                "Daniel",
                "Christopher",
                "Seán",
            ],
            Population::Persian => &[
                "محمد",
                "علی",
                "حسین",
                "رضا",
                "مهدی",
                "کیان",
                "امیر",
                "داریوش",
                "بهرام",
                "فرهاد",
                "کوروش",
                "مجید",
                "یوسف",
                "سعید",
                "پرویز",
                "عبدالله",
                "یاسین",
            ],
        }
    }

    fn female(self) -> &'static [&'static str] {
        match self {
            Population::Hungarian => &[
                "Éva",
                "Katalin",
                "Zsófia",
                "Erzsébet",
                "Ilona",
                "Anna",
                "Mária",
                "Judit",
                "Ágnes",
                "Tünde",
                "Réka",
                "Krisztina",
                "Orsolya",
                "Enikő",
                "Gyöngyi",
                "Piroska",
                "Emőke",
                "Júlia",
            ],
            Population::Slovak => &[
                "Mária",
                "Zuzana",
                "Katarína",
                "Jana",
                "Eva",
                "Lucia",
                "Ľubica",
                "Monika",
                "Veronika",
                "Alžbeta",
                "Terézia",
                "Dagmar",
                "Božena",
                "Silvia",
                "Petra",
                "Viera",
                "Jarmila",
            ],
            Population::Swedish => &[
                "Åsa", "Märta", "Karin", "Ingrid", "Birgitta", "Kerstin", "Annika", "Sofia",
                "Ebba", "Maja", "Linnéa", "Agneta", "Gunilla", "Ulla", "Britt",
            ],
            Population::English => &[
                "Mary",
                "Sarah",
                "Elizabeth",
                "Emma",
                "Margaret",
                "Alice",
                "Charlotte",
                "Emily",
                "Jane",
                "Lucy",
                "Rebecca",
                "Zoë",
                "Chloé",
                "Siobhán",
            ],
            Population::Persian => &[
                "فاطمه",
                "زهرا",
                "مریم",
                "سارا",
                "نرگس",
                "شیرین",
                "لیلا",
                "پریسا",
                "مینا",
                "نیلوفر",
                "آزاده",
                "کیمیا",
                "یاسمن",
                "مهسا",
                "ستاره",
                "شکوفه",
            ],
        }
    }

    fn family(self) -> &'static [&'static str] {
        match self {
            Population::Hungarian => &[
                "Kovács",
                "Nagy",
                "Tóth",
                "Szabó",
                "Horváth",
                "Kiss",
                "Molnár",
                "Németh",
                "Farkas",
                "Balogh",
                "Papp",
                "Takács",
                "Juhász",
                "Lakatos",
                "Mészáros",
                "Oláh",
                "Simon",
                "Rácz",
                "Fekete",
                "Szűcs",
                "Győri",
                "Ördög",
            ],
            Population::Slovak => &[
                "Novák",
                "Horváth",
                "Čič",
                "Kováč",
                "Varga",
                "Tóth",
                "Nagy",
                "Baláž",
                "Szabó",
                "Molnár",
                "Šimko",
                "Lukáč",
                "Kráľ",
                "Hudák",
                "Veselý",
                "Polák",
                "Kollár",
                "Straka",
                "Čierny",
                "Ďurica",
                "Šťastný",
                "Žák",
            ],
            Population::Swedish => &[
                "Andersson",
                "Johansson",
                "Karlsson",
                "Nilsson",
                "Eriksson",
                "Larsson",
                "Olsson",
                "Lindqvist",
                "Öberg",
                "Ström",
                "Åberg",
                "Sjöberg",
                "Bergström",
                "Lindström",
                "Håkansson",
                "Söderberg",
            ],
            Population::English => &[
                "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
                "O'Brien", "Evans", "Thomas", "Roberts", "Walker", "Wright", "Thompson",
            ],
            Population::Persian => &[
                "محمدی",
                "حسینی",
                "رضایی",
                "کریمی",
                "موسوی",
                "احمدی",
                "یزدانی",
                "کاظمی",
                "جعفری",
                "صادقی",
                "حسن‌زاده",
                "نیک‌نام",
                "رحیمی",
                "قاسمی",
                "شریفی",
                "کیانی",
            ],
        }
    }

    fn places(self) -> &'static [&'static str] {
        match self {
            Population::Hungarian => &[
                "Komárom",
                "Győr",
                "Esztergom",
                "Budapest",
                "Pécs",
                "Debrecen",
            ],
            Population::Slovak => &[
                "Komárno",
                "Bratislava",
                "Nitra",
                "Štúrovo",
                "Košice",
                "Žilina",
            ],
            Population::Swedish => &["Göteborg", "Malmö", "Uppsala", "Västerås", "Örebro"],
            Population::English => &["London", "Leeds", "York", "Bristol", "Norwich"],
            Population::Persian => &["تهران", "اصفهان", "شیراز", "مشهد", "تبریز", "کرمان"],
        }
    }

    /// The family name a woman of this population carries.
    fn feminine(self, family: &str) -> String {
        if self != Population::Slovak {
            return family.to_string();
        }
        if let Some(stem) = family.strip_suffix('ý') {
            format!("{stem}á")
        } else if let Some(stem) = family
            .strip_suffix('a')
            .or_else(|| family.strip_suffix('o'))
        {
            format!("{stem}ová")
        } else {
            format!("{family}ová")
        }
    }

    /// How often a wife takes her husband's family name.
    fn takes_husbands_name(self) -> f64 {
        match self {
            Population::Slovak => 0.95,
            Population::Hungarian => 0.5,
            Population::Swedish => 0.6,
            Population::English => 0.7,
            Population::Persian => 0.0,
        }
    }
}

#[derive(Debug, Clone)]
pub struct RegistrySpec {
    pub persons: usize,
    pub seed: u64,
    /// Weights of the populations in [`Population::ALL`]'s order.
    pub mix: [u32; 5],
    /// No event after this day.
    pub today: NaiveDate,
}

impl RegistrySpec {
    pub fn new(persons: usize, seed: u64, today: NaiveDate) -> RegistrySpec {
        RegistrySpec {
            persons,
            seed,
            mix: [30, 35, 10, 10, 15],
            today,
        }
    }
}

#[derive(Debug, Default)]
pub struct Registry {
    pub persons: Vec<RegistryPerson>,
    pub records: Vec<RegistryRecord>,
}

struct Gen<'a> {
    spec: &'a RegistrySpec,
    rng: StdRng,
    out: Registry,
    pops: Vec<Population>,
    /// Per person index: population, whether married already.
    meta: Vec<(Population, bool)>,
    seq: HashMap<(RecordKind, i32), i32>,
    /// Unmarried adults waiting for a partner of the other sex, per population.
    waiting: HashMap<(Population, Sex), VecDeque<usize>>,
}

fn uuid(rng: &mut StdRng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.gen()).into_uuid()
}

fn roman(n: i32) -> &'static str {
    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][(n as usize).min(9)]
}

impl Gen<'_> {
    fn full(&self) -> bool {
        self.out.persons.len() >= self.spec.persons
    }

    fn pick<'s>(&mut self, list: &'s [&'s str]) -> &'s str {
        list[self.rng.gen_range(0..list.len())]
    }

    fn population(&mut self) -> Population {
        self.pops[self.rng.gen_range(0..self.pops.len())]
    }

    fn day_between(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0);
        from + Duration::days(self.rng.gen_range(0..=span))
    }

    fn record(
        &mut self,
        kind: RecordKind,
        date: NaiveDate,
        place: &str,
        person: Uuid,
        partner: Option<Uuid>,
    ) {
        let year = date.year();
        let n = self.seq.entry((kind, year)).or_insert(0);
        *n += 1;
        let n = *n;
        let id = uuid(&mut self.rng);
        self.out.records.push(RegistryRecord {
            id,
            kind,
            number: format!("{}-{year}-{n:05}", kind.letter()),
            book: format!("{}-{year}", kind.letter()),
            volume: roman((n - 1) / 400).to_string(),
            page: (n - 1) % 400 / 2 + 1,
            date,
            place: place.to_string(),
            person_id: person,
            partner_id: partner,
            note: None,
        });
    }

    /// A new person; `parents` are (father, mother) indexes when born here (with a birth record).
    fn person(
        &mut self,
        pop: Population,
        sex: Sex,
        birth: NaiveDate,
        parents: Option<(usize, usize)>,
    ) -> usize {
        let (names, double) = if sex == Sex::Female {
            (pop.female(), 0.2)
        } else {
            (pop.male(), 0.15)
        };
        let first = self.pick(names);
        let given = if pop != Population::Persian && self.rng.gen_bool(double) {
            // A second given name, never the first again.
            let second = loop {
                let s = self.pick(names);
                if s != first {
                    break s;
                }
            };
            format!("{first} {second}")
        } else {
            first.to_string()
        };
        let (family, father, mother) = match parents {
            Some((f, m)) => {
                let fam = self.out.persons[f].family_name.clone();
                let fam = if sex == Sex::Female {
                    pop.feminine(masculine(&fam))
                } else {
                    masculine(&fam).to_string()
                };
                (fam, Some(f), Some(m))
            }
            None => {
                let fam = self.pick(pop.family());
                let fam = if sex == Sex::Female {
                    pop.feminine(fam)
                } else {
                    fam.to_string()
                };
                (fam, None, None)
            }
        };
        let place = self.pick(pop.places()).to_string();
        let name_of = |i: Option<usize>, g: &Gen| {
            i.map(|i| {
                let p = &g.out.persons[i];
                format!("{} {}", p.given_names, p.family_name)
            })
        };
        let id = uuid(&mut self.rng);
        let person = RegistryPerson {
            id,
            given_names: given,
            family_name: family,
            birth_family_name: None,
            sex,
            birth_date: Some(birth),
            birth_place: place.clone(),
            death_date: None,
            father_id: father.map(|i| self.out.persons[i].id),
            mother_id: mother.map(|i| self.out.persons[i].id),
            father_name: name_of(father, self),
            mother_name: name_of(mother, self),
        };
        self.out.persons.push(person);
        self.meta.push((pop, false));
        if parents.is_some() {
            self.record(RecordKind::Birth, birth, &place, id, None);
        }
        self.out.persons.len() - 1
    }

    fn marry(&mut self, husband: usize, wife: usize) {
        let hb = self.out.persons[husband]
            .birth_date
            .unwrap_or(self.spec.today);
        let wb = self.out.persons[wife].birth_date.unwrap_or(self.spec.today);
        let older = hb.min(wb);
        let younger = hb.max(wb);
        let earliest = younger + Duration::days(20 * 365);
        let latest = (older + Duration::days(40 * 365)).min(self.spec.today);
        if earliest >= latest {
            return;
        }
        let wedding = self
            .day_between(earliest, earliest + Duration::days(12 * 365))
            .min(latest);
        self.meta[husband].1 = true;
        self.meta[wife].1 = true;
        let (hpop, wpop) = (self.meta[husband].0, self.meta[wife].0);
        let place = self.pick(wpop.places()).to_string();
        let (hid, wid) = (self.out.persons[husband].id, self.out.persons[wife].id);
        self.record(RecordKind::Marriage, wedding, &place, hid, Some(wid));
        if self.rng.gen_bool(hpop.takes_husbands_name()) {
            let hfam = masculine(&self.out.persons[husband].family_name).to_string();
            let w = &mut self.out.persons[wife];
            let new = hpop.feminine(&hfam);
            if new != w.family_name {
                w.birth_family_name = Some(std::mem::replace(&mut w.family_name, new));
            }
        }
        // Children, while the mother is under 45 and not later than today.
        let children = match self.rng.gen_range(0..100) {
            0..=14 => 0,
            15..=34 => 1,
            35..=69 => 2,
            70..=89 => 3,
            _ => 4,
        };
        let last = (wb + Duration::days(44 * 365)).min(self.spec.today);
        let mut born = wedding;
        for _ in 0..children {
            if self.full() {
                return;
            }
            let from = born + Duration::days(300);
            if from >= last {
                break;
            }
            born = self.day_between(from, (from + Duration::days(5 * 365)).min(last));
            let sex = if self.rng.gen_bool(0.5) {
                Sex::Female
            } else {
                Sex::Male
            };
            self.person(hpop, sex, born, Some((husband, wife)));
        }
    }

    fn partner_for(&mut self, i: usize) -> Option<usize> {
        let (pop, _) = self.meta[i];
        let sex = self.out.persons[i].sex;
        let other = if sex == Sex::Male {
            Sex::Female
        } else {
            Sex::Male
        };
        let born = self.out.persons[i].birth_date?;
        // Mostly within the population; one marriage in ten across.
        let want = if self.rng.gen_bool(0.1) {
            self.population()
        } else {
            pop
        };
        if self.rng.gen_bool(0.3) {
            // Someone from elsewhere, without a birth record here.
            let b = born + Duration::days(self.rng.gen_range(-6 * 365..=6 * 365));
            if self.full() {
                return None;
            }
            return Some(self.person(want, other, b, None));
        }
        let q = self.waiting.entry((want, other)).or_default();
        while let Some(j) = q.pop_front() {
            let jb = self.out.persons[j].birth_date;
            if jb.is_some_and(|jb| (jb - born).num_days().abs() < 12 * 365) && !self.meta[j].1 {
                return Some(j);
            }
        }
        self.waiting.entry((pop, sex)).or_default().push_back(i);
        None
    }

    fn deaths(&mut self) {
        let today = self.spec.today;
        for i in 0..self.out.persons.len() {
            let Some(born) = self.out.persons[i].birth_date else {
                continue;
            };
            let age = (today - born).num_days() / 365;
            let p = if age > 60 {
                ((age - 60) as f64 / 35.0).min(0.97)
            } else {
                0.01
            };
            // The young who die leave no family behind in this registry.
            if !self.rng.gen_bool(p) || (age <= 60 && self.meta[i].1) {
                continue;
            }
            let from = (born + Duration::days(55 * 365)).min(today);
            let from = if age <= 60 {
                born + Duration::days(365)
            } else {
                from
            };
            // Not before the person's own wedding or children (kept simple: after 55 for
            // the old, any time for the young).
            let day = self.day_between(from.min(today), today);
            self.out.persons[i].death_date = Some(day);
            let pop = self.meta[i].0;
            let place = self.pick(pop.places()).to_string();
            let id = self.out.persons[i].id;
            self.record(RecordKind::Death, day, &place, id, None);
        }
    }
}

/// The masculine (dictionary) form of a Slovak feminine family name, else the name itself.
fn masculine(family: &str) -> &str {
    family.strip_suffix("ová").unwrap_or(family)
}

/// Generates a registry of `spec.persons` persons and their records.
pub fn generate(spec: &RegistrySpec) -> Registry {
    let mut rng = StdRng::seed_from_u64(spec.seed);
    let mut pops = Vec::new();
    for (p, w) in Population::ALL.iter().zip(spec.mix) {
        pops.extend(std::iter::repeat_n(*p, w as usize));
    }
    if pops.is_empty() {
        pops.push(Population::Slovak);
    }
    let _ = rng.gen::<u8>();
    let mut g = Gen {
        spec,
        rng,
        out: Registry::default(),
        pops,
        meta: Vec::new(),
        seq: HashMap::new(),
        waiting: HashMap::new(),
    };
    let founders_from = NaiveDate::from_ymd_opt(1915, 1, 1).expect("date");
    let founders_to = NaiveDate::from_ymd_opt(1950, 12, 31).expect("date");
    let mut next = 0;
    while !g.full() {
        if next >= g.out.persons.len() {
            // A founding couple: more when the families have run out of unmarried adults.
            let pop = g.population();
            let b = g.day_between(founders_from, founders_to);
            let h = g.person(pop, Sex::Male, b, None);
            if g.full() {
                break;
            }
            let wb = b + Duration::days(g.rng.gen_range(-5 * 365..=3 * 365));
            let w = g.person(pop, Sex::Female, wb, None);
            g.marry(h, w);
            continue;
        }
        let i = next;
        next += 1;
        let adult = g.out.persons[i]
            .birth_date
            .is_some_and(|b| (spec.today - b).num_days() > 20 * 365);
        if g.meta[i].1 || !adult || !g.rng.gen_bool(0.8) {
            continue;
        }
        if let Some(j) = g.partner_for(i) {
            if g.out.persons[i].sex == Sex::Male {
                g.marry(i, j);
            } else {
                g.marry(j, i);
            }
        }
    }
    g.deaths();
    g.out.persons.truncate(spec.persons);
    g.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plausible_families() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let r = generate(&RegistrySpec::new(3000, 7, today));
        assert_eq!(r.persons.len(), 3000);
        let ids: std::collections::HashMap<_, _> = r.persons.iter().map(|p| (p.id, p)).collect();
        let mut numbers = std::collections::HashSet::new();
        for rec in &r.records {
            assert!(numbers.insert(rec.number.clone()), "{} twice", rec.number);
            assert!(rec.date <= today);
            let p = ids[&rec.person_id];
            if rec.kind == RecordKind::Birth {
                assert_eq!(p.birth_date, Some(rec.date));
            }
        }
        let mut children = 0;
        for p in &r.persons {
            if let (Some(f), Some(b)) = (p.father_id, p.birth_date) {
                children += 1;
                let father = ids[&f];
                assert!(father.birth_date.unwrap() + Duration::days(18 * 365) < b);
                assert!(p.father_name.is_some() && p.mother_name.is_some());
            }
            if let Some(d) = p.death_date {
                assert!(d >= p.birth_date.unwrap() && d <= today);
            }
            let given: Vec<&str> = p.given_names.split(' ').collect();
            assert!(given.len() < 2 || given[0] != given[1], "{}", p.given_names);
        }
        assert!(children > 1000, "{children} children");
        assert!(r.records.iter().any(|r| r.kind == RecordKind::Marriage));
        assert!(r.records.iter().any(|r| r.kind == RecordKind::Death));
        assert!(r.persons.iter().any(|p| p.family_name == "Čičová"));
        // Same seed, same registry.
        let again = generate(&RegistrySpec::new(3000, 7, today));
        assert_eq!(again.persons[2999], r.persons[2999]);
    }
}
