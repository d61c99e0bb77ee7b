//! Crash safety, across processes: the real workstation binary (browser mode) takes a stream of
//! intakes over loopback HTTP and is killed with SIGKILL in the middle of it, several times.
//! After each kill the working copy must pass `PRAGMA integrity_check`, and every intake that
//! was acknowledged must be there, numbered without gaps or duplicates, with its command in the
//! outbox.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use okno_wire::{CaseFilter, CaseScope, Locale};

/// The smallest HTTP/1.1 client that does the job: one request per connection.
fn post(addr: &str, path: &str, body: &str) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut raw = String::new();
    s.read_to_string(&mut raw)?;
    let status = raw.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = raw
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

fn start(data: &Path, demo: bool) -> (Child, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_okno-browser"));
    cmd.arg("--data")
        .arg(data)
        .args(["--listen", "127.0.0.1:0"]);
    if demo {
        cmd.arg("--demo");
    }
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start okno-browser");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut lines = BufReader::new(stdout).lines();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut url = None;
    while url.is_none() && Instant::now() < deadline {
        match lines.next() {
            Some(Ok(line)) => {
                url = line
                    .strip_prefix("okno-browser listening on http://")
                    .map(|u| u.trim().to_string());
            }
            _ => break,
        }
    }
    match url {
        Some(url) => (child, url),
        None => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("okno-browser did not start listening");
        }
    }
}

fn login(addr: &str) -> String {
    let (status, body) = post(
        addr,
        "/api/login",
        r#"{"args":{"username":"eva","password":"okno-demo"}}"#,
    )
    .unwrap();
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    v["token"].as_str().unwrap().to_string()
}

fn first_service(addr: &str, token: &str) -> String {
    let (_, body) = post(
        addr,
        "/api/catalogue",
        &format!(r#"{{"token":"{token}","args":{{}}}}"#),
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    v["services"][0]["id"].as_str().unwrap().to_string()
}

#[test]
fn sigkill_during_a_stream_of_intakes_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("okno.db");
    let acknowledged: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let rounds = 4;
    let mut seed: u64 = 0x0005_eed0_f0c4;
    for round in 0..rounds {
        let (mut child, addr) = start(&data, round == 0);
        let token = login(&addr);
        let service = first_service(&addr, &token);
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let (addr, acknowledged, stop) = (addr.clone(), acknowledged.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut i = 0;
                while !stop.load(Ordering::SeqCst) {
                    let body = format!(
                        r#"{{"token":"{token}","args":{{"party":{{"name":"Round {round} citizen {i} Ďurica","birth_date":null,"phone":null,"email":null,"address":null}},"service_id":"{service}","channel":"walk_in","subject":"Intake {i}","description":"","priority":"normal","private_conversation":false,"documents_presented":[]}}}}"#
                    );
                    match post(&addr, "/api/register_case", &body) {
                        Ok((200, body)) => {
                            let v: serde_json::Value = serde_json::from_str(&body).unwrap();
                            let id = v["summary"]["id"].as_str().unwrap().to_string();
                            let number = v["summary"]["number"].as_str().unwrap().to_string();
                            acknowledged.lock().unwrap().push((id, number));
                        }
                        // Killed under us: the request was not acknowledged.
                        _ => break,
                    }
                    i += 1;
                }
            })
        };
        // Let some intakes through, then kill at a pseudo-random moment (mid-request, most
        // likely: the writer never pauses).
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        std::thread::sleep(Duration::from_millis(300 + (seed >> 33) % 700));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        stop.store(true, Ordering::SeqCst);
        writer.join().unwrap();
        verify(&data, &acknowledged.lock().unwrap());
    }
    assert!(
        acknowledged.lock().unwrap().len() >= rounds,
        "too few intakes went through to test anything"
    );
}

fn verify(data: &Path, acknowledged: &[(String, String)]) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let ws = okno_core::Workstation::open(data).await.unwrap();
        assert_eq!(ws.store().integrity_check().await.unwrap(), "ok");
        let s = ws.login("eva", "okno-demo").await.unwrap();
        assert_eq!(s.staff.locale, Locale::Sk);
        let actor = ws.actor(Some(&s.token)).unwrap();
        let outbox = ws.outbox_entries(0, 1_000_000).await.unwrap();
        let registered: std::collections::HashSet<String> = outbox
            .iter()
            .filter(|e| e.name == "case.register")
            .map(|e| e.payload["case_id"].as_str().unwrap().to_string())
            .collect();
        for (id, number) in acknowledged {
            let case = ws
                .get_case(&actor, id.parse().unwrap())
                .await
                .unwrap_or_else(|e| panic!("acknowledged case {number} lost: {e}"));
            assert_eq!(&case.summary.number, number);
            assert!(
                registered.contains(id),
                "case {number} has no outbox command"
            );
        }
        // Every case in the working copy has exactly one number, and the series has no gaps.
        let all_cases = |offset: u32| CaseFilter {
            scope: CaseScope::All,
            status: None,
            service_id: None,
            assignee_id: None,
            overdue_only: false,
            text: None,
            limit: 200,
            offset,
        };
        let total = ws.list_cases(&actor, all_cases(0)).await.unwrap().total;
        // The demo's generated history (up to yesterday afternoon) was written as if pulled from
        // a server, without commands; every case this test registered (in the last minutes)
        // has exactly one.
        let today_start = chrono::Utc::now() - chrono::Duration::minutes(30);
        let mut registered_today = 0i64;
        let mut by_year: std::collections::BTreeMap<String, Vec<i64>> = Default::default();
        let mut offset = 0;
        while offset < total {
            let page = ws
                .list_cases(&actor, all_cases(offset as u32))
                .await
                .unwrap();
            for c in &page.items {
                if c.received_at >= today_start {
                    registered_today += 1;
                    assert!(
                        registered.contains(&c.id.to_string()),
                        "case {} registered by the test has no outbox command",
                        c.number
                    );
                }
                let (year, n) = c.number.trim_start_matches("C-").split_once('/').unwrap();
                by_year
                    .entry(year.to_string())
                    .or_default()
                    .push(n.parse().unwrap());
            }
            offset += 200;
        }
        for (year, mut numbers) in by_year {
            numbers.sort_unstable();
            let expected: Vec<i64> = (1..=numbers.len() as i64).collect();
            assert_eq!(
                numbers, expected,
                "case numbers of {year} must be gap-free and unique"
            );
        }
        let commands = outbox.iter().filter(|e| e.name == "case.register").count();
        assert_eq!(
            commands,
            registered.len(),
            "one case.register command per case"
        );
        assert!(registered.len() as i64 >= registered_today);
        ws.close().await;
    });
}
