//! Issue and consume throughput on SQLite, for `bench/lifecycle.sh`.
//!
//! ```text
//! cargo run --release -p pssst-lifecycle --example lifecycle_bench -- DB DURABILITY CALLERS OPS
//! ```
//!
//! Prints one line: `durability callers ops issue_per_s consume_per_s`.

use std::sync::Arc;
use std::time::Instant;

use pssst::Token;
use pssst_lifecycle::store::sqlite::{Durability, SqliteOptions};
use pssst_lifecycle::{Clock, Config, KeyRing, Lifecycle, SqliteStore, SystemClock};

type Shared = Arc<Lifecycle<SqliteStore>>;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [db, durability, callers, ops] = &args[..] else {
        return Err("usage: lifecycle_bench DB normal|full CALLERS OPS".into());
    };
    let durability = match durability.as_str() {
        "normal" => Durability::Normal,
        "full" => Durability::Full,
        _ => return Err("durability must be normal or full".into()),
    };
    let (callers, ops): (usize, usize) = (callers.parse()?, ops.parse()?);

    let options = SqliteOptions::new(db)
        .durability(durability)
        .max_connections(callers as u32);
    let store = SqliteStore::open_with(options).await?;
    let keys = KeyRing::generate(SystemClock.now())?;
    let lifecycle: Shared = Arc::new(Lifecycle::new(store, keys, Config::default()));

    let started = Instant::now();
    let tokens = issue_all(&lifecycle, callers, ops).await?;
    let issue_rate = ops as f64 / started.elapsed().as_secs_f64();

    let started = Instant::now();
    consume_all(&lifecycle, tokens).await?;
    let consume_rate = ops as f64 / started.elapsed().as_secs_f64();

    let name = format!("{durability:?}").to_lowercase();
    println!("{name} {callers} {ops} {issue_rate:.0} {consume_rate:.0}");
    Ok(())
}

/// `callers` tasks issue `ops` tokens between them, each for its own subjects.
async fn issue_all(
    lifecycle: &Shared,
    callers: usize,
    ops: usize,
) -> Result<Vec<Vec<Token>>, String> {
    let tasks: Vec<_> = (0..callers)
        .map(|caller| {
            let lifecycle = lifecycle.clone();
            let share = ops / callers + usize::from(caller < ops % callers);
            tokio::spawn(async move {
                let mut tokens = Vec::with_capacity(share);
                for n in 0..share {
                    let subject = format!("user-{caller}-{n}");
                    let issued = lifecycle.issue(&subject, "reset", Default::default()).await;
                    tokens.push(issued.map_err(|e| e.to_string())?.into_token());
                }
                Ok::<_, String>(tokens)
            })
        })
        .collect();
    let mut all = Vec::with_capacity(callers);
    for task in tasks {
        all.push(task.await.map_err(|e| e.to_string())??);
    }
    Ok(all)
}

/// Each caller consumes the tokens it issued.
async fn consume_all(lifecycle: &Shared, tokens: Vec<Vec<Token>>) -> Result<(), String> {
    let tasks: Vec<_> = tokens
        .into_iter()
        .map(|mine| {
            let lifecycle = lifecycle.clone();
            tokio::spawn(async move {
                for token in &mine {
                    lifecycle
                        .consume(token, "reset")
                        .await
                        .map_err(|e| e.to_string())?;
                }
                Ok::<_, String>(())
            })
        })
        .collect();
    for task in tasks {
        task.await.map_err(|e| e.to_string())??;
    }
    Ok(())
}
