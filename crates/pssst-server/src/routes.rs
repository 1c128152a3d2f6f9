//! The router: one table of routes, from which both the router and the checks on the OpenAPI
//! document are made.

use axum::Router;
use axum::middleware::{from_fn_with_state, map_response};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter, on};
use pssst_lifecycle::TokenStore;

use crate::api_error::ApiError;
use crate::state::AppState;
use crate::{auth, observe, probes, tokens};

/// One route of the service.
///
/// # Examples
///
/// ```
/// let issue = pssst_server::routes().iter().find(|r| r.path == "/v1/tokens").unwrap();
/// assert!(issue.authenticated);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Route {
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// The path template, parameters in braces as OpenAPI writes them.
    pub path: &'static str,
    /// Whether a client key is needed.
    pub authenticated: bool,
    operation: Operation,
}

/// Every route, as the router serves it.
///
/// # Examples
///
/// ```
/// let paths: Vec<_> = pssst_server::routes().iter().map(|r| r.path).collect();
/// assert!(paths.contains(&"/healthz"));
/// ```
pub fn routes() -> &'static [Route] {
    &ROUTES
}

/// The service's router over `state`: the token routes behind client authentication, the
/// probes open, every answer logged once and counted, and every request held to the time
/// limit. Unknown routes get 404 and wrong methods 405, as JSON.
///
/// # Examples
///
/// See [`AppState`].
pub fn app<S: TokenStore>(state: AppState<S>) -> Router {
    let (private, public) = ROUTES.iter().fold(
        (Router::new(), Router::new()),
        |(private, public), route| {
            let handler = method_router::<S>(route);
            if route.authenticated {
                (private.route(route.path, handler), public)
            } else {
                (private, public.route(route.path, handler))
            }
        },
    );
    let private = private.route_layer(from_fn_with_state(state.clone(), auth::authenticate));
    private
        .merge(public)
        .fallback(|| async { ApiError::NotFound("no such route") })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(from_fn_with_state(state.clone(), observe::time_limit))
        .layer(from_fn_with_state(state.clone(), observe::record))
        .layer(map_response(no_store))
        .with_state(state)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Operation {
    Issue,
    Verify,
    Revoke,
    RevokeSubject,
    Healthz,
    Readyz,
    Metrics,
    OpenApi,
}

const ROUTES: [Route; 8] = [
    route("POST", "/v1/tokens", true, Operation::Issue),
    route("POST", "/v1/tokens/verify", true, Operation::Verify),
    route("DELETE", "/v1/tokens/{id}", true, Operation::Revoke),
    route(
        "POST",
        "/v1/subjects/revoke",
        true,
        Operation::RevokeSubject,
    ),
    route("GET", "/healthz", false, Operation::Healthz),
    route("GET", "/readyz", false, Operation::Readyz),
    route("GET", "/metrics", false, Operation::Metrics),
    route("GET", "/openapi.json", false, Operation::OpenApi),
];

const fn route(
    method: &'static str,
    path: &'static str,
    authenticated: bool,
    operation: Operation,
) -> Route {
    Route {
        method,
        path,
        authenticated,
        operation,
    }
}

/// The handler of `route`, on its method only.
fn method_router<S: TokenStore>(route: &Route) -> MethodRouter<AppState<S>> {
    let filter = match route.method {
        "POST" => MethodFilter::POST,
        "DELETE" => MethodFilter::DELETE,
        _ => MethodFilter::GET,
    };
    match route.operation {
        Operation::Issue => on(filter, tokens::issue::<S>),
        Operation::Verify => on(filter, tokens::verify::<S>),
        Operation::Revoke => on(filter, tokens::revoke::<S>),
        Operation::RevokeSubject => on(filter, tokens::revoke_subject::<S>),
        Operation::Healthz => on(filter, probes::healthz),
        Operation::Readyz => on(filter, probes::readyz::<S>),
        Operation::Metrics => on(filter, probes::metrics::<S>),
        Operation::OpenApi => on(filter, probes::openapi),
    }
}

/// No answer may be cached: an issued token must not sit in a proxy or a browser cache.
async fn no_store(response: Response) -> impl IntoResponse {
    let mut response = response;
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    response
}
