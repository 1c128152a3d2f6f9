//! `serve` on a real socket: periodic purge, and a graceful stop that lets a request in
//! flight finish.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use pssst_server::Upkeep;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::support::{Factory, test_app, test_app_with};

pub(crate) async fn serve_purges_periodically_and_drains_on_shutdown<F: Factory>(factory: &F) {
    let app = test_app(factory).await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut upkeep = Upkeep::default();
    upkeep.purge_every = Duration::from_millis(100);
    upkeep.retention = Duration::ZERO;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let shutdown = async move {
        let _ = stopped.await;
    };
    let server = tokio::spawn(pssst_server::serve(
        listener,
        app.state.clone(),
        upkeep,
        shutdown,
    ));

    let key = app.key.expose_secret();
    let (status, body) = exchange(addr, &request("/v1/tokens", key, r#"{"subject": "u"}"#)).await;
    assert_eq!(status, 201, "{body}");
    let issued: serde_json::Value = serde_json::from_str(&body).unwrap();
    let verify = format!(r#"{{"token": "{}"}}"#, issued["token"].as_str().unwrap());
    let (status, _) = exchange(addr, &request("/v1/tokens/verify", key, &verify)).await;
    assert_eq!(status, 200);

    // The used row goes at the next purge.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !app.rows().await.is_empty() {
        assert!(Instant::now() < deadline, "the periodic purge did not run");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (_, metrics) = exchange(
        addr,
        "GET /metrics HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert!(
        metrics.contains("pssst_tokens_total{action=\"purged\"} 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("pssst_purge_runs_total{outcome=\"ok\"}"),
        "{metrics}"
    );

    // A request half sent when the stop comes still gets its answer.
    let whole = request("/v1/tokens", key, r#"{"subject": "in-flight"}"#);
    let (head, tail) = whole.split_at(whole.len() - 10);
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    stream.write_all(tail.as_bytes()).await.unwrap();
    let (status, body) = read_reply(stream).await;
    assert_eq!(status, 201, "{body}");

    let result = tokio::time::timeout(Duration::from_secs(10), server).await;
    result.expect("serve returned").unwrap().unwrap();
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "no longer listening"
    );
}

pub(crate) async fn slow_request_headers_are_cut_off<F: Factory>(factory: &F) {
    let app = test_app_with(factory, |s| {
        s.limits.request_timeout = Duration::from_millis(300);
    })
    .await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let shutdown = async move {
        let _ = stopped.await;
    };
    let server = tokio::spawn(pssst_server::serve(
        listener,
        app.state.clone(),
        Upkeep::default(),
        shutdown,
    ));

    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"POST /v1/tokens HTTP/1.1\r\nhost: x\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let mut rest = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut rest)).await;
    assert!(read.is_ok(), "the connection was left open");
    assert!(
        started.elapsed() >= Duration::from_millis(250),
        "{:?}",
        started.elapsed()
    );
    assert!(!String::from_utf8_lossy(&rest).contains(" 201 "));

    let (status, _) = exchange(
        addr,
        "GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status, 200, "other clients are served meanwhile");
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

fn request(path: &str, key: &str, body: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {key}\r\n\
         content-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

async fn exchange(addr: SocketAddr, request: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    read_reply(stream).await
}

/// The status and body of an HTTP/1.1 answer read to the end of the connection.
async fn read_reply(mut stream: TcpStream) -> (u16, String) {
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}
