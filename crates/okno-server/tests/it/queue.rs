//! The office's shared line against the real server and PostgreSQL: ten desks calling at once
//! never call a ticket twice and always call the one the rule says; the kiosk, the display's
//! board and its pushed events, the spoken announcements (measured with sox); a desk cut off
//! from the server issuing and calling its own tickets, all of which arrive once; and refusals.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use uuid::Uuid;

use okno_rules::queue::{self as rules, Caller, Candidate};
use okno_wire::*;

use crate::common::*;

/// A kiosk's request for a ticket.
async fn kiosk_ticket(
    kiosk: &reqwest::Client,
    server: &str,
    office: Uuid,
    category: &str,
    priority: &str,
    locale: &str,
) -> reqwest::Response {
    kiosk
        .post(format!("{server}/queue/{office}/tickets"))
        .json(&json!({ "category": category, "priority": priority, "locale": locale, "private": false }))
        .send()
        .await
        .unwrap()
}

/// A staff id of the demo office.
async fn staff_id(pool: &sqlx::PgPool, office: Uuid, username: &str) -> Uuid {
    let id: String = sqlx::query_scalar(
        "SELECT id FROM entity WHERE office_id = $1 AND kind = 'staff' AND body->>'username' = $2",
    )
    .bind(office)
    .bind(username)
    .fetch_one(pool)
    .await
    .unwrap();
    id.parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_desks_calling_at_once_call_every_ticket_once_in_the_fair_order() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let server = Server::start(&db, free_port());
    let url = server.url();
    let kiosk = reqwest::Client::new();
    let desk = enrolled_desk(&pool, office, &url, "Desk 1").await;
    let token = desk.token(&url).await;
    let eva = staff_id(&pool, office, "eva").await;

    // 2,000 tickets in four categories, some with priority, taken at the kiosk.
    const TICKETS: usize = 2000;
    let cats = ["A", "B", "C", "F"];
    let mut takers = Vec::new();
    for k in 0..4 {
        let (url, kiosk) = (url.clone(), kiosk.clone());
        takers.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for i in (k..TICKETS).step_by(4) {
                let priority = if i % 7 == 0 {
                    "mobility"
                } else if i % 11 == 0 {
                    "needs"
                } else {
                    "normal"
                };
                let r = kiosk_ticket(&kiosk, &url, office, cats[(i / 4) % 4], priority, "sk").await;
                assert!(r.status().is_success(), "{}", r.text().await.unwrap());
                ids.push(r.json::<PublicTicket>().await.unwrap().id);
            }
            ids
        }));
    }
    let mut taken = Vec::with_capacity(TICKETS);
    for t in takers {
        taken.extend(t.await.unwrap());
    }

    // Ten desks, each serving two or three categories, call next as fast as they can.
    let setups: Vec<DeskSetup> = (0..10)
        .map(|d| DeskSetup {
            label: format!("{}", d + 1),
            categories: match d % 3 {
                0 => vec!["A".into(), "B".into()],
                1 => vec!["B".into(), "C".into(), "F".into()],
                _ => vec!["A".into(), "F".into()],
            },
            private: false,
        })
        .collect();
    let client = http();
    let mut tasks = Vec::new();
    for setup in setups.clone() {
        let (client, url, token) = (client.clone(), url.clone(), token.clone());
        tasks.push(tokio::spawn(async move {
            let mut got = Vec::new();
            loop {
                let r: ServerQueueRows = client
                    .post(format!("{url}/v1/queue/call"))
                    .bearer_auth(&token)
                    .json(&ServerCallNext {
                        actor_id: eva,
                        desk: setup.clone(),
                    })
                    .send()
                    .await
                    .unwrap()
                    .error_for_status()
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                match r.ticket_id {
                    Some(id) => got.push(id),
                    None => return got,
                }
            }
        }));
    }
    let mut called = Vec::new();
    for t in tasks {
        called.extend(t.await.unwrap());
    }
    let unique: HashSet<Uuid> = called.iter().copied().collect();
    assert_eq!(called.len(), TICKETS, "every ticket called");
    assert_eq!(unique.len(), TICKETS, "no ticket called twice");
    assert_eq!(unique, taken.iter().copied().collect::<HashSet<_>>());

    // The calls in the order they were made (one office's calls are made one at a time): each
    // chose the ticket the rule ranks first among those still waiting for that desk.
    let tickets: Vec<Value> =
        sqlx::query_scalar("SELECT body FROM entity WHERE office_id = $1 AND kind = 'ticket'")
            .bind(office)
            .fetch_all(&pool)
            .await
            .unwrap();
    let by_id: HashMap<String, Value> = tickets
        .into_iter()
        .map(|t| (t["id"].as_str().unwrap().to_string(), t))
        .collect();
    let calls: Vec<Value> = sqlx::query_scalar(
        "SELECT body FROM entity WHERE office_id = $1 AND kind = 'visit_event' AND body->>'kind' = 'called' ORDER BY rev",
    )
    .bind(office)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(calls.len(), TICKETS);
    let mut waiting: Vec<&Value> = by_id.values().collect();
    for c in &calls {
        let desk = setups
            .iter()
            .find(|s| Some(s.label.as_str()) == c["desk"].as_str())
            .unwrap();
        let at = c["at"].as_i64().unwrap();
        let candidates: Vec<Candidate<'_>> = waiting
            .iter()
            .map(|t| Candidate {
                number: t["number"].as_str().unwrap(),
                category: t["category"].as_str().unwrap(),
                priority: rules::priority_from(t["priority"].as_str().unwrap()).unwrap(),
                private: false,
                taken_at: t["taken_at"].as_i64().unwrap(),
                for_desk: None,
                appointment_at: None,
            })
            .collect();
        let caller = Caller {
            label: &desk.label,
            categories: &desk.categories,
            private: false,
        };
        let (best, scores) = rules::pick(&candidates, &caller, at);
        let best = best.expect("the desk had a ticket to call");
        assert_eq!(
            waiting[best]["id"], c["ticket_id"],
            "desk {} at {at} should have called {}",
            desk.label, candidates[best].number
        );
        // The scores recorded with the call are the rule's.
        let recorded: Vec<CallScore> = serde_json::from_str(c["detail"].as_str().unwrap()).unwrap();
        assert_eq!(recorded, scores);
        waiting.remove(best);
    }
    assert!(waiting.is_empty());
}

/// A TCP proxy that passes everything while `down` is false and drops every connection while it
/// is true (a desk whose network is cut).
async fn switch_proxy(listen: tokio::net::TcpListener, upstream: String, down: Arc<AtomicBool>) {
    loop {
        let Ok((mut client, _)) = listen.accept().await else {
            return;
        };
        if down.load(Ordering::Relaxed) {
            drop(client);
            continue;
        }
        let upstream = upstream.clone();
        let down = down.clone();
        tokio::spawn(async move {
            let Ok(mut server) = tokio::net::TcpStream::connect(&upstream).await else {
                return;
            };
            // Connections kept alive are cut too when the network goes down.
            let cut = async {
                while !down.load(Ordering::Relaxed) {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            };
            tokio::select! {
                _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                _ = cut => {}
            }
        });
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_desk_cut_off_calls_its_own_tickets_and_every_step_arrives_once() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let mut server = Server::start(&db, free_port());
    let url = server.url();
    let kiosk = reqwest::Client::new();
    let listen = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy = format!("http://{}", listen.local_addr().unwrap());
    let down = Arc::new(AtomicBool::new(false));
    tokio::spawn(switch_proxy(
        listen,
        format!("127.0.0.1:{}", server.port),
        down.clone(),
    ));
    let desk = enrolled_desk(&pool, office, &proxy, "Desk 3").await;
    let other = enrolled_desk(&pool, office, &url, "Desk 4").await;
    let eva = login(&desk.ws, "eva").await;
    let peter = login(&other.ws, "clerk").await;
    let setup = |label: &str| DeskSetup {
        label: label.into(),
        categories: vec!["F".into()],
        private: false,
    };
    desk.ws.set_desk_setup(&eva, setup("3")).await.unwrap();
    other.ws.set_desk_setup(&peter, setup("4")).await.unwrap();
    let take = |locale| TakeTicketRequest {
        category: "F".into(),
        priority: TicketPriority::Normal,
        locale,
        private: false,
    };

    // Online: the server numbers the desk's ticket, and a call from either desk is the server's.
    let online = desk.ws.take_ticket(&eva, take(Locale::Fa)).await.unwrap();
    assert_eq!(
        (online.number.as_str(), online.origin),
        ("F-001", TicketOrigin::Desk)
    );
    let call = other.ws.call_next(&peter).await.unwrap();
    assert!(!call.offline);
    assert_eq!(call.ticket.unwrap().id, online.id);
    let none = desk.ws.call_next(&eva).await.unwrap();
    assert!(
        none.ticket.is_none(),
        "the only ticket is called: desk 3 gets none"
    );

    // Cut: desk 3 numbers its own tickets and calls them; the server's line goes on without it.
    down.store(true, Ordering::Relaxed);
    // (Connections kept alive are cut within 10 ms.)
    tokio::time::sleep(Duration::from_millis(50)).await;
    let kiosk = kiosk_ticket(&kiosk, &url, office, "F", "normal", "hu")
        .await
        .json::<PublicTicket>()
        .await
        .unwrap();
    // (The desk's clock moves a second between steps, so its events have an order in time.)
    let tick = || desk.clock.advance(chrono::Duration::seconds(1));
    let mine1 = desk.ws.take_ticket(&eva, take(Locale::Sv)).await.unwrap();
    tick();
    let mine2 = desk.ws.take_ticket(&eva, take(Locale::En)).await.unwrap();
    tick();
    assert_eq!(
        (mine1.number.as_str(), mine1.origin),
        ("F-3-001", TicketOrigin::Offline)
    );
    assert_eq!(mine2.number, "F-3-002");
    let c1 = desk.ws.call_next(&eva).await.unwrap();
    assert!(c1.offline);
    let t1 = c1.ticket.unwrap();
    assert_eq!(
        t1.id, mine1.id,
        "its own ticket, never the kiosk's it cannot see"
    );
    for action in [TicketAction::Start, TicketAction::Finish] {
        tick();
        desk.ws
            .ticket_action(
                &eva,
                TicketActionRequest {
                    ticket_id: t1.id,
                    action,
                },
            )
            .await
            .unwrap();
    }
    tick();
    let c2 = desk.ws.call_next(&eva).await.unwrap().ticket.unwrap();
    assert_eq!(c2.id, mine2.id);
    tick();
    desk.ws
        .ticket_action(
            &eva,
            TicketActionRequest {
                ticket_id: c2.id,
                action: TicketAction::NoShow,
            },
        )
        .await
        .unwrap();
    // Desk 4, online, calls the kiosk's ticket meanwhile.
    let c4 = other.ws.call_next(&peter).await.unwrap().ticket.unwrap();
    assert_eq!(c4.id, kiosk.id);

    // Back: every step reaches the server once, and both desks see the whole line.
    down.store(false, Ordering::Relaxed);
    settle_retrying(&desk.ws).await;
    settle(&other.ws).await;
    settle(&desk.ws).await;
    assert_eq!(desk.ws.sync_status().await.unwrap().rejected, 0);
    let rows = server_rows(&pool, office).await;
    let of_kind = |kind: &str| -> HashMap<String, Value> {
        rows.iter()
            .filter(|((k, _), _)| k == kind)
            .map(|((_, i), b)| (i.clone(), b.clone()))
            .collect()
    };
    let tickets = of_kind("ticket");
    assert_eq!(tickets.len(), 4);
    let state = |id: Uuid| {
        tickets[&id.to_string()]["state"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(state(mine1.id), "done");
    assert_eq!(state(mine2.id), "no_show");
    let events = of_kind("visit_event");
    let of = |id: Uuid| {
        let mut k: Vec<(i64, String)> = events
            .values()
            .filter(|e| e["ticket_id"] == id.to_string())
            .map(|e| {
                (
                    e["at"].as_i64().unwrap(),
                    e["kind"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        k.sort();
        k.into_iter().map(|(_, k)| k).collect::<Vec<_>>()
    };
    assert_eq!(
        of(mine1.id),
        ["ticket_taken", "called", "started", "finished"]
    );
    assert_eq!(of(mine2.id), ["ticket_taken", "called", "no_show"]);
    assert_converged(&pool, office, &[&desk, &other]).await;
    let board = other.ws.queue_board(&peter).await.unwrap();
    assert!(board.recent_calls.iter().any(|t| t.number == "F-3-002"));

    // The day's figures count them.
    let maryam = login(&other.ws, "maryam").await;
    let today = other
        .ws
        .office()
        .await
        .unwrap()
        .local_date(chrono::Utc::now());
    let review = other
        .ws
        .day_review(
            &maryam,
            ReviewRequest {
                from: today,
                to: today,
            },
        )
        .await
        .unwrap();
    let q = review.queue.totals;
    assert_eq!((q.tickets, q.served, q.no_shows, q.open), (4, 1, 1, 2));

    // The server itself stops mid-morning (killed, as a power cut would) and comes back: the
    // desk goes on with its own line meanwhile, and nothing is lost or doubled.
    server.kill();
    tick();
    let during = desk.ws.take_ticket(&eva, take(Locale::Fa)).await.unwrap();
    assert_eq!(
        (during.number.as_str(), during.origin),
        ("F-3-003", TicketOrigin::Offline)
    );
    tick();
    let c = desk.ws.call_next(&eva).await.unwrap();
    assert!(c.offline);
    assert_eq!(c.ticket.unwrap().id, during.id);
    server.restart();
    settle_retrying(&desk.ws).await;
    settle(&other.ws).await;
    assert_converged(&pool, office, &[&desk, &other]).await;
    let rows = server_rows(&pool, office).await;
    let called = rows
        .iter()
        .filter(|((k, _), b)| {
            k == "visit_event" && b["ticket_id"] == during.id.to_string() && b["kind"] == "called"
        })
        .count();
    assert_eq!(
        called, 1,
        "the call made while the server was down arrived once"
    );
    assert!(q.wait_median_ms.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_kiosk_the_display_and_the_spoken_calls() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let server = Server::start(&db, free_port());
    let url = server.url();
    let kiosk = reqwest::Client::new();
    let desk = enrolled_desk(&pool, office, &url, "Desk 2").await;
    let gabor = login(&desk.ws, "gabor").await;
    desk.ws
        .set_desk_setup(
            &gabor,
            DeskSetup {
                label: "2".into(),
                categories: vec!["F".into()],
                private: false,
            },
        )
        .await
        .unwrap();
    let plain = reqwest::Client::new();

    // What the kiosk shows: categories and services in every language.
    let info: KioskInfo = plain
        .get(format!("{url}/queue/{office}/info"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(info
        .categories
        .iter()
        .any(|c| c.code == "F" && c.names.contains_key("fa")));
    let copy = info
        .services
        .iter()
        .find(|s| s.code == "CERT-COPY")
        .unwrap();
    assert_eq!((copy.category.as_str(), copy.fee_minor), ("F", 150));
    for page in [
        "/kiosk",
        "/display",
        "/book",
        "/queue/status",
        "/queue/js/kiosk.js",
        "/queue/js/common.js",
        "/queue/js/strings.js",
        "/queue/queue.css",
        "/queue/css/display.css",
        "/queue/css/last.css",
    ] {
        let r = plain.get(format!("{url}{page}")).send().await.unwrap();
        assert!(r.status().is_success(), "{page}");
    }

    // The display's events: the board at once, then again after a call.
    let mut events = plain
        .get(format!("{url}/queue/{office}/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    let first = String::from_utf8(events.chunk().await.unwrap().unwrap().to_vec()).unwrap();
    assert!(first.contains("event: board"), "{first}");

    let t: PublicTicket = kiosk_ticket(&kiosk, &url, office, "F", "normal", "fa")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(t.number, "F-001");
    assert_eq!((t.ahead, t.state), (Some(0), TicketState::Waiting));
    assert!(
        t.status_url.ends_with(&format!("/queue/status?t={}", t.id)),
        "{}",
        t.status_url
    );
    let called = desk.ws.call_next(&gabor).await.unwrap().ticket.unwrap();
    assert_eq!(called.number, "F-001");
    let mut seen = String::new();
    let found = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(chunk) = events.chunk().await.unwrap() {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen.contains("\"desk\":\"2\"") {
                return true;
            }
        }
        false
    })
    .await;
    assert_eq!(found, Ok(true), "the call reached the display: {seen}");
    let board: PublicBoard = plain
        .get(format!("{url}/queue/{office}/board"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            board.calls[0].number.as_str(),
            board.calls[0].desk.as_str(),
            board.calls[0].locale
        ),
        ("F-001", "2", Locale::Fa)
    );
    let status: PublicTicket = plain
        .get(format!("{url}/queue/ticket/{}", t.id))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (status.state, status.desk.as_deref()),
        (TicketState::Called, Some("2"))
    );

    // "Ticket F 1, desk 2" in each language: a real WAV of a plausible length, not silence.
    let dir = tempfile::tempdir().unwrap();
    for l in Locale::ALL {
        let r = plain
            .get(format!(
                "{url}/queue/announce.wav?l={}&n=F-001&d=2",
                l.code()
            ))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{l:?}: {}", r.status());
        assert_eq!(r.headers()["content-type"], "audio/wav");
        let wav = r.bytes().await.unwrap();
        assert_eq!(&wav[..4], b"RIFF");
        let file = dir.path().join(format!("{}.wav", l.code()));
        std::fs::write(&file, &wav).unwrap();
        let seconds: f64 = String::from_utf8(
            std::process::Command::new("soxi")
                .arg("-D")
                .arg(&file)
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap()
        .trim()
        .parse()
        .unwrap();
        assert!((1.0..10.0).contains(&seconds), "{l:?}: {seconds} s");
        let stat = std::process::Command::new("sox")
            .arg(&file)
            .args(["-n", "stat"])
            .output()
            .unwrap();
        let stat = String::from_utf8_lossy(&stat.stderr).to_string();
        let rms: f64 = stat
            .lines()
            .find(|l| l.starts_with("RMS     amplitude"))
            .and_then(|l| l.split_whitespace().last())
            .unwrap()
            .parse()
            .unwrap();
        assert!(rms > 0.02, "{l:?}: RMS {rms} is silence");
    }

    // Refusals, each with its reason, and nothing written.
    let tickets_now = |pool: sqlx::PgPool| async move {
        server_rows(&pool, office)
            .await
            .keys()
            .filter(|(k, _)| k == "ticket")
            .count()
    };
    let before = tickets_now(pool.clone()).await;
    let r = kiosk_ticket(&kiosk, &url, office, "Q", "normal", "en").await;
    assert_eq!(r.status(), 400);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "unknown_category");
    let r = kiosk_ticket(&kiosk, &url, Uuid::now_v7(), "F", "normal", "en").await;
    assert_eq!(r.status(), 404, "an office that is not there");
    let r = kiosk_ticket(&kiosk, &url, office, "F", "urgent", "en").await;
    assert_eq!(r.status(), 400, "an unknown priority");
    let r = plain
        .get(format!("{url}/queue/announce.wav?l=xx&n=F-001&d=2"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = plain
        .get(format!("{url}/queue/announce.wav?l=en&n=F-001&d=no%20desk"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = plain
        .get(format!("{url}/queue/ticket/{}", Uuid::now_v7()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(tickets_now(pool.clone()).await, before);

    // A finished ticket is not served again; a desk's step on it is refused with its reason.
    for action in [TicketAction::Start, TicketAction::Finish] {
        desk.ws
            .ticket_action(
                &gabor,
                TicketActionRequest {
                    ticket_id: called.id,
                    action,
                },
            )
            .await
            .unwrap();
    }
    let e = desk
        .ws
        .ticket_action(
            &gabor,
            TicketActionRequest {
                ticket_id: called.id,
                action: TicketAction::Recall,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidTransition);
    settle(&desk.ws).await;
    assert_eq!(desk.ws.sync_status().await.unwrap().rejected, 0);
    // Another office's desk cannot call or serve this office's tickets.
    let other_office = okno_demo::create_demo_office(&pool).await.unwrap();
    let stranger = enrolled_desk(&pool, other_office, &url, "Elsewhere").await;
    let token = stranger.token(&url).await;
    let eva_elsewhere = staff_id(&pool, other_office, "eva").await;
    let r = http()
        .post(format!("{url}/v1/queue/call"))
        .bearer_auth(&token)
        .json(&json!({ "actor_id": eva_elsewhere, "desk": { "label": "9", "categories": ["F"], "private": false } }))
        .send()
        .await
        .unwrap();
    let answer: ServerQueueRows = r.json().await.unwrap();
    assert!(
        answer.ticket_id.is_none(),
        "the other office's line is its own (and empty)"
    );
    let r = http()
        .post(format!("{url}/v1/queue/call"))
        .bearer_auth(&token)
        .json(&json!({ "actor_id": staff_id(&pool, office, "eva").await, "desk": { "label": "9", "categories": ["F"], "private": false } }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "a member of another office's staff");

    // Closed: an administrator sets a week without opening hours; the kiosk says so and gives
    // no ticket, and tells the hours to whoever asks.
    let admin = login(&desk.ws, "admin").await;
    desk.ws
        .set_opening_hours(
            &admin,
            OpeningHours {
                days: (1..=7)
                    .map(|weekday| OpeningDay {
                        weekday,
                        spans: vec![],
                    })
                    .collect(),
            },
        )
        .await
        .unwrap();
    settle(&desk.ws).await;
    let info: KioskInfo = plain
        .get(format!("{url}/queue/{office}/info"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!info.open_now);
    assert_eq!(info.opening_hours.days.len(), 7);
    let before = tickets_now(pool.clone()).await;
    let r = kiosk_ticket(&kiosk, &url, office, "F", "normal", "sk").await;
    assert_eq!(r.status(), 409);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "office_closed");
    assert_eq!(tickets_now(pool.clone()).await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn appointments_are_booked_moved_cancelled_checked_in_and_called_first() {
    let (db, pool) = fresh_db().await;
    let office = okno_demo::create_demo_office(&pool).await.unwrap();
    let server = Server::start(&db, free_port());
    let url = server.url();
    let web = reqwest::Client::new();
    let listen = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy = format!("http://{}", listen.local_addr().unwrap());
    let down = Arc::new(AtomicBool::new(false));
    tokio::spawn(switch_proxy(
        listen,
        format!("127.0.0.1:{}", server.port),
        down.clone(),
    ));
    let desk = enrolled_desk(&pool, office, &proxy, "Desk 5").await;
    // Open around the clock, so that the test has slots whenever it runs.
    let admin = login(&desk.ws, "admin").await;
    let all_day = OpeningHours {
        days: (1..=7)
            .map(|weekday| OpeningDay {
                weekday,
                spans: vec![OpeningSpan {
                    from: "00:00".into(),
                    to: "24:00".into(),
                }],
            })
            .collect(),
    };
    desk.ws.set_opening_hours(&admin, all_day).await.unwrap();
    // Slots of 5 minutes: the one under way always began within the grace period, so its
    // booking checks in on time whenever the test runs.
    let copies = desk
        .ws
        .catalogue(&admin)
        .await
        .unwrap()
        .services
        .into_iter()
        .find(|s| s.code == "CERT-COPY")
        .unwrap();
    desk.ws
        .save_booking_plan(
            &admin,
            BookingPlan {
                service_id: copies.id,
                slot_minutes: 5,
                desks: 2,
                active: true,
            },
        )
        .await
        .unwrap();
    settle(&desk.ws).await;
    let eva = login(&desk.ws, "eva").await;
    desk.ws
        .set_desk_setup(
            &eva,
            DeskSetup {
                label: "5".into(),
                categories: vec!["F".into()],
                private: false,
            },
        )
        .await
        .unwrap();

    // Today's slots of certified copies (5 minutes, 2 places each), from the one under way.
    let today = desk
        .ws
        .office()
        .await
        .unwrap()
        .local_date(chrono::Utc::now());
    let slots_of = |date: chrono::NaiveDate| {
        let (web, url) = (web.clone(), url.clone());
        async move {
            web.get(format!(
                "{url}/queue/{office}/slots?service=CERT-COPY&date={date}"
            ))
            .send()
            .await
            .unwrap()
            .json::<Vec<Slot>>()
            .await
            .unwrap()
        }
    };
    // The slot under way is always today's first (open around the clock); a later one is today's
    // third, or tomorrow's first late in the evening.
    let mut slots = slots_of(today).await;
    // (A slot about to leave the grace period would during the test: start with the next one.)
    let left = slots[0].starts_at + chrono::Duration::minutes(10) - chrono::Utc::now();
    if left < chrono::Duration::seconds(60) {
        tokio::time::sleep(left.to_std().unwrap_or_default() + Duration::from_secs(1)).await;
        slots = slots_of(
            desk.ws
                .office()
                .await
                .unwrap()
                .local_date(chrono::Utc::now()),
        )
        .await;
    }
    let today = desk
        .ws
        .office()
        .await
        .unwrap()
        .local_date(chrono::Utc::now());
    let now = slots[0].clone();
    assert!(now.starts_at <= chrono::Utc::now());
    let later = match slots.get(2) {
        Some(s) => s.starts_at,
        None => slots_of(today.succ_opt().unwrap()).await[0].starts_at,
    };
    assert_eq!(now.free, 2);
    let book = |starts_at: chrono::DateTime<chrono::Utc>, locale: &str| {
        let (web, url) = (web.clone(), url.clone());
        let locale = locale.to_string();
        async move {
            web.post(format!("{url}/queue/{office}/appointments"))
                .json(&json!({ "service": "CERT-COPY", "starts_at": starts_at, "locale": locale }))
                .send()
                .await
                .unwrap()
        }
    };
    let first: PublicAppointment = book(now.starts_at, "fa").await.json().await.unwrap();
    let second: PublicAppointment = book(now.starts_at, "sv").await.json().await.unwrap();
    assert_eq!(first.code.len(), 8);
    assert_ne!(first.code, second.code);
    let full = book(now.starts_at, "en").await;
    assert_eq!(full.status(), 409, "the slot's two places are taken");
    assert_eq!(full.json::<Value>().await.unwrap()["code"], "slot_taken");
    let odd = book(now.starts_at + chrono::Duration::minutes(7), "en").await;
    assert_eq!(odd.json::<Value>().await.unwrap()["code"], "not_a_slot");
    let no = web
        .post(format!("{url}/queue/{office}/appointments"))
        .json(&json!({ "service": "WASTE", "starts_at": now.starts_at, "locale": "en" }))
        .send()
        .await
        .unwrap();
    assert_eq!(no.json::<Value>().await.unwrap()["code"], "not_bookable");

    // The second moves to a later slot (its place is free again), then cancels.
    let moved: PublicAppointment = web
        .post(format!(
            "{url}/queue/appointment/{}/move",
            second.code.to_lowercase()
        ))
        .json(&json!({ "starts_at": later }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(moved.starts_at, later);
    assert_eq!(
        slots_of(today).await[0].free,
        1,
        "the moved booking's place is free again"
    );
    let third: PublicAppointment = book(now.starts_at, "hu").await.json().await.unwrap();
    let cancelled: PublicAppointment = web
        .post(format!("{url}/queue/appointment/{}/cancel", moved.code))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(cancelled.state, AppointmentState::Cancelled);
    let again = web
        .post(format!("{url}/queue/appointment/{}/cancel", moved.code))
        .send()
        .await
        .unwrap();
    assert_eq!(again.json::<Value>().await.unwrap()["code"], "booking_used");

    // Two walk-ins take tickets first; then the booking is checked in at the kiosk, and the
    // desk calls it first (its slot has begun).
    let kiosk_ticket_of = |category: &str| {
        let (web, url, category) = (web.clone(), url.clone(), category.to_string());
        async move {
            kiosk_ticket(&web, &url, office, &category, "normal", "sk")
                .await
                .json::<PublicTicket>()
                .await
                .unwrap()
        }
    };
    kiosk_ticket_of("F").await;
    kiosk_ticket_of("F").await;
    let checked: PublicTicket = web
        .post(format!("{url}/queue/{office}/checkin"))
        .json(&json!({ "code": first.code }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (checked.number.as_str(), checked.locale),
        ("F-003", Locale::Fa)
    );
    let twice = web
        .post(format!("{url}/queue/{office}/checkin"))
        .json(&json!({ "code": first.code }))
        .send()
        .await
        .unwrap();
    assert_eq!(twice.json::<Value>().await.unwrap()["code"], "booking_used");
    let unknown = web
        .post(format!("{url}/queue/{office}/checkin"))
        .json(&json!({ "code": "NOSUCH22" }))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    let call = desk.ws.call_next(&eva).await.unwrap();
    assert_eq!(
        call.ticket.as_ref().unwrap().id,
        checked.id,
        "the appointment first"
    );
    assert_eq!(
        call.scores[0].appointment,
        okno_rules::queue::APPOINTMENT_MINUTES
    );

    // Cut off, the desk checks the third booking in from its own copy of the bookings; back,
    // the server takes the check-in once.
    settle(&desk.ws).await;
    down.store(true, Ordering::Relaxed);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let offline = desk
        .ws
        .check_in(
            &eva,
            CheckInRequest {
                code: third.code.clone(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (offline.origin, offline.locale),
        (TicketOrigin::Offline, Locale::Hu)
    );
    assert!(offline.appointment_at.is_some());
    let e = desk
        .ws
        .check_in(
            &eva,
            CheckInRequest {
                code: third.code.clone(),
            },
        )
        .await
        .unwrap_err();
    assert!(
        matches!(e, okno_core::CoreError::Validation(_)),
        "checked in already: {e:?}"
    );
    down.store(false, Ordering::Relaxed);
    settle_retrying(&desk.ws).await;
    assert_eq!(desk.ws.sync_status().await.unwrap().rejected, 0);
    let status: PublicAppointment = web
        .get(format!("{url}/queue/appointment/{}", third.code))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status.state, AppointmentState::CheckedIn);

    // The day's figures: three bookings of the period (one cancelled aside), two kept.
    let maryam = login(&desk.ws, "maryam").await;
    let on = now.starts_at;
    let day = desk.ws.office().await.unwrap().local_date(on);
    let review = desk
        .ws
        .day_review(&maryam, ReviewRequest { from: day, to: day })
        .await
        .unwrap();
    assert_eq!(
        (review.queue.appointments, review.queue.appointments_kept),
        (2, 2)
    );
}
