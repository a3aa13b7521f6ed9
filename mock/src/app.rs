//! The request pipeline and the axum router that runs it.
//!
//! body (size cap) → SigV4 (when configured) → route → decode and validate → service →
//! encode. Each step returns an [`ApiError`] on failure, so every failure, whatever the
//! layer, is answered in the same rest-json error form.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::HeaderValue;

use crate::config::MockConfig;
use crate::decode;
use crate::encode;
use crate::error::ApiError;
use crate::faults::Fault;
use crate::ids::IdGenerator;
use crate::output::Response;
use crate::service::Service;
use crate::sigv4::{self, SignedRequest};
use crate::time::now_millis;
use crate::wire::{body, query::Query, route};

/// One mock instance: its configuration and its state.
#[derive(Debug)]
struct App {
    config: MockConfig,
    service: Service,
    request_ids: IdGenerator,
}

/// An axum router serving one fresh, empty mock instance configured by `config`.
pub fn router(config: MockConfig) -> Router {
    let app = Arc::new(App {
        service: Service::new(&config),
        config,
        request_ids: IdGenerator::new(),
    });
    Router::new().fallback(handle).with_state(app)
}

async fn handle(State(app): State<Arc<App>>, request: Request) -> axum::response::Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let mut response = match app.process(request).await {
        Ok(output) => encode::success(&output, &app.config),
        Err(err) => {
            tracing::debug!(%method, %path, error = %err, "request failed");
            encode::error(&err, &app.config)
        }
    };
    if let Ok(id) = HeaderValue::from_str(&app.request_ids.next_uuid()) {
        response.headers_mut().insert("x-amzn-RequestId", id);
    }
    response
}

impl App {
    async fn process(&self, request: Request) -> Result<Response, ApiError> {
        let (parts, raw_body) = request.into_parts();
        let bytes =
            body::read_limited(&parts.headers, raw_body, self.config.max_body_bytes).await?;
        if let Some(creds) = &self.config.sigv4
            && !self.config.faults.contains(&Fault::SigV4NotVerified)
        {
            let signed = SignedRequest {
                method: parts.method.as_str(),
                raw_path: parts.uri.path(),
                raw_query: parts.uri.query(),
                headers: &parts.headers,
                body: &bytes,
            };
            sigv4::verify(&signed, creds, &self.config.region, now_millis() / 1000)?;
        }
        let route = route::resolve(parts.method.as_str(), parts.uri.path(), self.config.release)?;
        let query = Query::parse(parts.uri.query())?;
        let request = decode::decode(&route, &query, &bytes, &self.config)?;
        self.service.execute(request)
    }
}
