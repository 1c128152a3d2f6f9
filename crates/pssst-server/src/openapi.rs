//! The OpenAPI document, generated from the handlers' annotations and the wire types, so it
//! describes what the code does. A test checks that it lists exactly the router's routes.

use serde_json::Value;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::{probes, tokens};

/// The service's API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "pssst",
        description = "Single-use tokens (password reset, e-mail verification, invites): \
                       issue, verify, revoke. Only a keyed hash of each token is stored."
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
    let Ok(mut document) = serde_json::to_value(ApiDoc::openapi()) else {
        return String::new();
    };
    spell_links(&mut document);
    document.to_string()
}

/// utoipa 5.5 writes the fields of a Link Object under their Rust names (`operation_id`,
/// `request_body`, `operation_ref`), which no OpenAPI reader knows: a client generator or a
/// tester would see links that lead nowhere. Renames them as the Link Object of OpenAPI 3.1
/// spells them.
fn spell_links(document: &mut Value) {
    let operations = document
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut());
    let links = operations
        .filter_map(|operation| operation.get_mut("responses")?.as_object_mut())
        .flat_map(|responses| responses.values_mut())
        .filter_map(|response| response.get_mut("links")?.as_object_mut())
        .flat_map(|links| links.values_mut())
        .filter_map(Value::as_object_mut);
    for link in links {
        for (rust, openapi) in LINK_FIELDS {
            if let Some(value) = link.remove(rust) {
                link.insert(openapi.to_owned(), value);
            }
        }
    }
}

const LINK_FIELDS: [(&str, &str); 3] = [
    ("operation_id", "operationId"),
    ("operation_ref", "operationRef"),
    ("request_body", "requestBody"),
];
