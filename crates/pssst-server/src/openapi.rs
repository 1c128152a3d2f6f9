//! The OpenAPI document, generated from the handlers' annotations and the wire types, so it
//! describes what the code does. A test checks that it lists exactly the router's routes.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::{probes, tokens};

/// The service's API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "pssst",
        description = "Single-use tokens (password reset, e-mail verification, invites): issue, verify, revoke. Only a keyed hash of each token is stored."
    ),
    paths(
        tokens::issue,
        tokens::verify,
        tokens::revoke,
        tokens::revoke_subject,
        probes::healthz,
        probes::readyz,
        probes::metrics,
        probes::openapi,
    ),
    modifiers(&BearerKey),
    tags(
        (name = "tokens", description = "Needs Authorization: Bearer <client key>"),
        (name = "probes", description = "No authentication; nothing secret"),
    )
)]
pub(crate) struct ApiDoc;

/// Declares the `bearer` scheme the token routes name.
struct BearerKey;

impl Modify for BearerKey {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some("A client key from pssst serve clients add"))
            .build();
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// The document as JSON text.
pub(crate) fn document() -> String {
    ApiDoc::openapi().to_json().unwrap_or_default()
}
