//! Creates the PostgreSQL store's schema, or brings it up to date, exactly as a server
//! starting with [`PostgresStore::connect_with`] does; for `bench/pgbench/run.sh`.
//!
//! ```text
//! PSSST_BENCH_DATABASE_URL=postgres://user@host/db \
//!     cargo run -p pssst-lifecycle --example pg_schema -- SCHEMA
//! ```
//!
//! The URL comes from the environment, not the arguments, which other users can read in `ps`.

use pssst_lifecycle::{PostgresOptions, PostgresStore};

const URL_VAR: &str = "PSSST_BENCH_DATABASE_URL";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [schema] = &args[..] else {
        return Err(format!("usage: {URL_VAR}=URL pg_schema SCHEMA").into());
    };
    let url = std::env::var(URL_VAR).map_err(|_| format!("{URL_VAR} is not set"))?;

    let options = PostgresOptions::new(url).schema(schema)?;
    let store = PostgresStore::connect_with(options).await?;
    println!("schema {schema} is up to date on {store:?}");
    store.close().await;
    Ok(())
}
