//! What the tests of `pssst serve` stand on: a folder with a key ring and a client file, the
//! real binary serving on a free port with its log lines captured, and a minimal HTTP/1.1
//! client over `TcpStream` (one request per connection).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::run::{Run, command};

/// A folder with a key ring and a client file.
pub(crate) struct Place {
    dir: TempDir,
}

impl Place {
    pub(crate) fn new() -> Self {
        let place = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        assert_eq!(place.run(&["reset", "keys", "new"], b"").code, 0);
        place
    }

    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `pssst args` with this folder's key ring and client file, and no database or log
    /// filter from the environment.
    pub(crate) fn command(&self, args: &[&str]) -> Command {
        let mut cmd = command(args);
        cmd.env("PSSST_KEYS", self.path("keys"))
            .env("PSSST_CLIENTS", self.path("clients"))
            .env_remove("PSSST_DATABASE_URL")
            .env_remove("PSSST_DB_SCHEMA")
            .env_remove("RUST_LOG");
        cmd
    }

    pub(crate) fn run(&self, args: &[&str], input: &[u8]) -> Run {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        crate::run::feed(&mut child, input);
        let output = child.wait_with_output().unwrap();
        Run {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            code: output.status.code().unwrap_or(-1),
        }
    }

    /// Adds client `name` and returns its key.
    pub(crate) fn add_client(&self, name: &str) -> String {
        let run = self.run(&["serve", "clients", "add", name], b"");
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout.trim().to_owned()
    }
}

/// A running `pssst serve` logging JSON, SIGKILLed if it is still running when dropped (a
/// failed test leaves no process behind).
pub(crate) struct Server {
    child: Child,
    logs: Logs,
    addr: SocketAddr,
}

impl Server {
    /// Starts `serve` (a command with `--listen 127.0.0.1:0 --log-format json`) and waits for
    /// the line saying where it listens.
    pub(crate) fn start(mut serve: Command) -> Self {
        let mut child = serve
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut logs = Logs::of(&mut child);
        let listening: serde_json::Value =
            serde_json::from_str(&logs.wait_for("\"listening\"")).unwrap();
        let addr = listening["addr"].as_str().unwrap().parse().unwrap();
        Self { child, logs, addr }
    }

    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// SIGTERM; checks the process exits 0 and returns every line it logged.
    pub(crate) fn stop(mut self) -> String {
        signal(&self.child, "TERM");
        assert_eq!(wait_for(&mut self.child, Duration::from_secs(15)), Some(0));
        self.logs.all()
    }

    /// SIGKILL; checks the signal ended the process and returns every line it logged.
    #[cfg(unix)]
    pub(crate) fn kill(mut self) -> String {
        use std::os::unix::process::ExitStatusExt;

        self.child.kill().unwrap();
        let status = self.child.wait().unwrap();
        assert_eq!(status.signal(), Some(9), "{status}");
        self.logs.all()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The service's stderr, line by line, as it comes.
pub(crate) struct Logs {
    lines: mpsc::Receiver<String>,
    seen: String,
}

impl Logs {
    pub(crate) fn of(child: &mut Child) -> Self {
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                if tx.send(line.unwrap_or_default()).is_err() {
                    break;
                }
            }
        });
        Self {
            lines: rx,
            seen: String::new(),
        }
    }

    /// Waits for a line containing `text` and returns it.
    pub(crate) fn wait_for(&mut self, text: &str) -> String {
        loop {
            let line = self
                .lines
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("no log line with {text:?} in:\n{}", self.seen));
            self.seen.push_str(&line);
            self.seen.push('\n');
            if line.contains(text) {
                return line;
            }
        }
    }

    /// Every line, once the process has closed stderr.
    pub(crate) fn all(&mut self) -> String {
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(5)) {
            self.seen.push_str(&line);
            self.seen.push('\n');
        }
        self.seen.clone()
    }
}

/// A POST of a JSON `body` with a client key, asking the server to close the connection after.
pub(crate) fn request(path: &str, key: &str, body: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {key}\r\n\
         content-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// Sends the request and returns the status and body of the answer.
pub(crate) fn post(addr: SocketAddr, path: &str, key: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .write_all(request(path, key, body).as_bytes())
        .unwrap();
    read_reply(stream)
}

/// The status and body of an answer read to the end of the connection.
pub(crate) fn read_reply(stream: TcpStream) -> (u16, String) {
    let reply = try_read_reply(stream).unwrap();
    (reply.status, reply.body)
}

/// An answer, whole or not.
pub(crate) struct Reply {
    /// 0 when no status line came.
    pub(crate) status: u16,
    pub(crate) body: String,
    /// Whether the body is as long as its `content-length` says.
    pub(crate) is_whole: bool,
}

/// As [`post`], but a connection refused, reset or closed early is an error or an answer
/// that is not whole, not a panic: a server may die during the exchange.
pub(crate) fn try_post(
    addr: SocketAddr,
    path: &str,
    key: &str,
    body: &str,
) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect(addr)?;
    stream.write_all(request(path, key, body).as_bytes())?;
    try_read_reply(stream)
}

/// Reads to the end of the connection and splits the answer.
pub(crate) fn try_read_reply(mut stream: TcpStream) -> std::io::Result<Reply> {
    stream.set_read_timeout(Some(Duration::from_secs(15)))?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let length = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        let is_length = name.eq_ignore_ascii_case("content-length");
        is_length.then(|| value.trim().parse::<usize>().ok())?
    });
    Ok(Reply {
        status,
        is_whole: status != 0 && length.is_none_or(|n| n == body.len()),
        body: body.to_owned(),
    })
}

pub(crate) fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Waits up to `limit` for the process to exit and returns its code; kills it and fails the
/// test when it does not.
pub(crate) fn wait_for(child: &mut Child, limit: Duration) -> Option<i32> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("pssst serve did not exit after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The bytes of every file in `dir`.
pub(crate) fn folder_bytes(dir: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            all.extend(std::fs::read(path).unwrap());
        }
    }
    all
}

pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
