//! Many callers, one token: exactly one may win.

use std::sync::Arc;

use pssst::Token;
use pssst_lifecycle::{Lifecycle, TokenStore};
use tokio::sync::Barrier;

use crate::support::{Factory, harness};

/// Tasks released together on one token.
pub(crate) const TASKS: usize = 32;

/// Rounds, each on a fresh token.
pub(crate) const ROUNDS: usize = 20;

pub(crate) async fn thirty_two_concurrent_consumes_have_one_winner_twenty_times<F: Factory>(
    factory: &F,
) {
    let h = harness(factory).await;
    let lifecycle = Arc::new(h.lifecycle);

    for round in 0..ROUNDS {
        let winners = race_round(&lifecycle, &format!("user-{round}")).await;
        assert_eq!(winners, 1, "round {round}: {winners} winners");
    }
}

/// Issues one token, releases [`TASKS`] tasks on it at once, and counts the successes.
pub(crate) async fn race_round<S: TokenStore>(
    lifecycle: &Arc<Lifecycle<S>>,
    subject: &str,
) -> usize {
    let issued = lifecycle
        .issue(subject, "reset", Default::default())
        .await
        .unwrap();
    let token = Arc::new(issued.into_token());
    let barrier = Arc::new(Barrier::new(TASKS));

    let tasks: Vec<_> = (0..TASKS)
        .map(|_| tokio::spawn(attempt(lifecycle.clone(), token.clone(), barrier.clone())))
        .collect();
    let mut winners = 0;
    for task in tasks {
        winners += usize::from(task.await.unwrap());
    }
    winners
}

async fn attempt<S: TokenStore>(
    lifecycle: Arc<Lifecycle<S>>,
    token: Arc<Token>,
    barrier: Arc<Barrier>,
) -> bool {
    barrier.wait().await;
    match lifecycle.consume(&token, "reset").await {
        Ok(_) => true,
        Err(pssst_lifecycle::Error::Invalid) => false,
        Err(other) => panic!("unexpected error: {other}"),
    }
}
