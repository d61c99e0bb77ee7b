//! The HTTP side of the sync client: one reqwest client per workstation, the protocol header
//! on every request, and the server's problems mapped onto the core's typed errors.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

use okno_wire::sync::{ServerProblem, PROTOCOL_HEADER, PROTOCOL_VERSION};

use crate::error::{CoreError, Result};

#[derive(Clone)]
pub(crate) struct ServerClient {
    http: reqwest::Client,
    base: String,
}

/// How long a long-poll pull may wait on the server for news.
pub(crate) const LONG_POLL_MS: u64 = 20_000;

impl ServerClient {
    pub(crate) fn new(base: &str) -> Result<ServerClient> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_millis(LONG_POLL_MS + 15_000))
            .build()
            .map_err(|e| CoreError::Internal(format!("http client: {e}")))?;
        Ok(ServerClient {
            http,
            base: base.trim_end_matches('/').to_string(),
        })
    }

    pub(crate) fn base(&self) -> &str {
        &self.base
    }

    fn request(&self, method: Method, path: &str, token: Option<&str>) -> reqwest::RequestBuilder {
        let mut rb = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string());
        if let Some(t) = token {
            rb = rb.bearer_auth(t);
        }
        rb
    }

    pub(crate) async fn json<B: Serialize, R: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&B>,
    ) -> Result<R> {
        let mut rb = self.request(method, path, token);
        if let Some(b) = body {
            rb = rb.json(b);
        }
        let resp = rb.send().await.map_err(unreachable)?;
        let resp = check(resp).await?;
        resp.json::<R>().await.map_err(unreachable)
    }

    /// [`ServerClient::json`] that gives up after `timeout` (a clerk waits on it).
    pub(crate) async fn json_within<B: Serialize, R: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: &B,
        timeout: Duration,
    ) -> Result<R> {
        let rb = self
            .request(method, path, token)
            .json(body)
            .timeout(timeout);
        let resp = rb.send().await.map_err(unreachable)?;
        let resp = check(resp).await?;
        resp.json::<R>().await.map_err(unreachable)
    }

    /// Whether the server answers `GET /ready` (it and its database are up) within `timeout`.
    pub(crate) async fn reachable(&self, timeout: Duration) -> bool {
        self.http
            .get(format!("{}/ready", self.base))
            .timeout(timeout)
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
    }

    pub(crate) async fn bytes(&self, path: &str, token: &str) -> Result<Vec<u8>> {
        let resp = self
            .request(Method::GET, path, Some(token))
            .send()
            .await
            .map_err(unreachable)?;
        let resp = check(resp).await?;
        Ok(resp.bytes().await.map_err(unreachable)?.to_vec())
    }

    pub(crate) async fn put_bytes<R: DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
        data: Vec<u8>,
    ) -> Result<R> {
        let resp = self
            .request(Method::PUT, path, Some(token))
            .header("content-type", "application/octet-stream")
            .body(data)
            .send()
            .await
            .map_err(unreachable)?;
        let resp = check(resp).await?;
        resp.json::<R>().await.map_err(unreachable)
    }
}

fn unreachable(e: reqwest::Error) -> CoreError {
    CoreError::ServerUnreachable(e.to_string())
}

async fn check(resp: reqwest::Response) -> Result<reqwest::Response> {
    let status = resp.status();
    if status.is_success() {
        return Ok(resp);
    }
    let text = resp.text().await.unwrap_or_default();
    let problem: ServerProblem = serde_json::from_str(&text).unwrap_or(ServerProblem {
        code: if status.is_server_error() {
            "server_unavailable".into()
        } else {
            "http_error".into()
        },
        message: format!(
            "HTTP {status}: {}",
            text.chars().take(200).collect::<String>()
        ),
    });
    Err(match problem.code.as_str() {
        "device_revoked" => CoreError::DeviceRevoked,
        "enrolment_refused" => CoreError::EnrolmentRefused(problem.message),
        "unsupported_protocol" => CoreError::UnsupportedProtocol,
        "invalid_credentials" => CoreError::InvalidCredentials,
        "account_disabled" => CoreError::AccountDisabled,
        // A proxy's or a restarting server's 5xx: the same as not reaching it.
        _ if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS => {
            CoreError::ServerUnreachable(problem.message)
        }
        _ => CoreError::Server {
            code: problem.code,
            message: problem.message,
        },
    })
}
