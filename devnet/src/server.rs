//! HTTP transport for the JSON-RPC devnet: `spawn` a server in-process, get its address, shut it
//! down.
//!
//! One POST body is one JSON-RPC request or batch ([`crate::rpc::handle_body`]); the answer is
//! `application/json`, status 200 even for JSON-RPC errors (as geth and Anvil do). Other HTTP
//! methods get 405, bodies over [`MAX_BODY_BYTES`] get 413. HTTP/1.1 with keep-alive only; CORS
//! headers are not sent (browsers are not a client of this devnet). The default address is
//! `127.0.0.1:8547`, the Arbitrum dev node's port; tests pass port 0 for an ephemeral one.
//!
//! ```no_run
//! # async fn demo() -> Result<(), ballast_devnet::server::ServerError> {
//! use ballast_devnet::server::{spawn, DevnetConfig};
//! let devnet = spawn(DevnetConfig { port: 0, ..Default::default() }).await?;
//! println!("json-rpc at {}", devnet.endpoint());
//! devnet.shutdown().await;
//! # Ok(()) }
//! ```

use std::{
    convert::Infallible,
    net::{IpAddr, Ipv4Addr, SocketAddr},
    time::Duration,
};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::{
    body::Incoming, header, server::conn::http1, service::service_fn, Method, Request, Response,
    StatusCode,
};
use hyper_util::rt::TokioIo;
use tokio::{net::TcpListener, sync::watch, task::JoinSet};

use crate::rpc::{handle_body, Node, NodeConfig, NodeError};

/// Port of Nitro's dev node, the default so Arbitrum tooling finds the devnet where it expects.
pub const DEFAULT_PORT: u16 = 8547;

/// Largest accepted request body (a 128 KiB Stylus program hex-encoded fits many times over).
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// How long [`DevnetHandle::shutdown`] lets open connections finish their current request.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Failures to start the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The listening socket could not be bound.
    #[error("failed to bind {addr}: {source}")]
    Bind {
        /// Address asked for.
        addr: SocketAddr,
        /// OS error.
        #[source]
        source: std::io::Error,
    },
    /// The node (accounts or execution thread) could not be started.
    #[error(transparent)]
    Node(#[from] NodeError),
    /// Waiting for Ctrl-C failed.
    #[error("failed to wait for ctrl-c: {0}")]
    Signal(#[source] std::io::Error),
    /// The tokio runtime of [`run_blocking`] could not be built.
    #[error("failed to start the async runtime: {0}")]
    Runtime(#[source] std::io::Error),
}

/// What to start: the node (chain and accounts) and where to listen.
#[derive(Debug, Clone)]
pub struct DevnetConfig {
    /// Chain and dev-account configuration.
    pub node: NodeConfig,
    /// Interface to bind; loopback by default.
    pub host: IpAddr,
    /// TCP port; 0 picks a free one.
    pub port: u16,
}

impl Default for DevnetConfig {
    fn default() -> Self {
        Self {
            node: NodeConfig::default(),
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
        }
    }
}

/// A running devnet server.
#[derive(Debug)]
pub struct DevnetHandle {
    local_addr: SocketAddr,
    node: Node,
    shutdown: watch::Sender<bool>,
    server: tokio::task::JoinHandle<()>,
}

impl DevnetHandle {
    /// The bound address (with the real port when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// `http://host:port`, ready for a provider or `--rpc-url`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.local_addr)
    }

    /// The node behind the server, for in-process requests and direct chain access.
    pub fn node(&self) -> &Node {
        &self.node
    }

    /// Stops accepting, lets open connections finish (up to a grace period) and waits.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        let _ = self.server.await;
    }
}

/// Starts the node and the HTTP server on the current tokio runtime.
pub async fn spawn(config: DevnetConfig) -> Result<DevnetHandle, ServerError> {
    let addr = SocketAddr::new(config.host, config.port);
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| ServerError::Bind { addr, source })?;
    let local_addr = listener
        .local_addr()
        .map_err(|source| ServerError::Bind { addr, source })?;
    let node = Node::start(config.node)?;
    let (shutdown, signal) = watch::channel(false);
    let server = tokio::spawn(accept_loop(listener, node.clone(), signal));
    Ok(DevnetHandle {
        local_addr,
        node,
        shutdown,
        server,
    })
}

/// Starts the devnet, prints the endpoint and the dev accounts, and serves until Ctrl-C.
pub async fn run_until_ctrl_c(config: DevnetConfig) -> Result<(), ServerError> {
    let handle = spawn(config).await?;
    println!("{}", banner(&handle));
    tokio::signal::ctrl_c().await.map_err(ServerError::Signal)?;
    handle.shutdown().await;
    Ok(())
}

/// [`run_until_ctrl_c`] on a runtime of its own, for binaries that are not async (the `ballast` CLI).
pub fn run_blocking(config: DevnetConfig) -> Result<(), ServerError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServerError::Runtime)?;
    runtime.block_on(run_until_ctrl_c(config))
}

/// Startup text: endpoint, chain id and the dev accounts with their (public, test-only) keys.
pub fn banner(handle: &DevnetHandle) -> String {
    let accounts = handle.node().accounts();
    let mut text = format!(
        "ballast devnet listening on {} (chain id {})\n\ndev accounts (test keys, never use them on a real network):\n",
        handle.endpoint(),
        handle.node().chain_id()
    );
    for (index, address) in accounts.addresses().iter().enumerate() {
        let key = accounts.private_key(index).unwrap_or_default();
        text.push_str(&format!("  ({index}) {address}  key {key}\n"));
    }
    text
}

/// Accepts connections until shutdown, then gives open ones [`SHUTDOWN_GRACE`] to finish.
async fn accept_loop(listener: TcpListener, node: Node, mut signal: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                // Accept errors (e.g. too many open files) are transient: keep serving.
                let Ok((stream, _)) = accepted else { continue };
                let node = node.clone();
                let signal = signal.clone();
                connections.spawn(serve_connection(stream, node, signal));
            }
            _ = signal.changed() => break,
        }
        // Reap finished connections so the set does not grow without bound.
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let drained = tokio::time::timeout(SHUTDOWN_GRACE, async {
        while connections.join_next().await.is_some() {}
    });
    if drained.await.is_err() {
        connections.abort_all();
    }
}

/// Serves one HTTP/1.1 connection (keep-alive), closing it gracefully on shutdown.
async fn serve_connection(
    stream: tokio::net::TcpStream,
    node: Node,
    mut signal: watch::Receiver<bool>,
) {
    let service = service_fn(move |request| {
        let node = node.clone();
        async move { Ok::<_, Infallible>(respond(&node, request).await) }
    });
    let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => {}
        _ = signal.changed() => {
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        }
    }
}

/// Answers one HTTP request: POST bodies are JSON-RPC; anything else is an HTTP-level error.
async fn respond(node: &Node, request: Request<Incoming>) -> Response<Full<Bytes>> {
    if request.method() != Method::POST {
        return plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "json-rpc requests must be POSTed\n",
        );
    }
    // Refuse a declared oversize body before reading any of it; `Limited` catches chunked ones.
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return plain(StatusCode::PAYLOAD_TOO_LARGE, "request body too large\n");
    }
    let body = match Limited::new(request.into_body(), MAX_BODY_BYTES)
        .collect()
        .await
    {
        Ok(collected) => collected.to_bytes(),
        Err(err) if err.is::<http_body_util::LengthLimitError>() => {
            return plain(StatusCode::PAYLOAD_TOO_LARGE, "request body too large\n")
        }
        Err(_) => return plain(StatusCode::BAD_REQUEST, "failed to read request body\n"),
    };
    let body = match handle_body(node, &body).await {
        // Serializing a `Value` cannot fail.
        Some(answer) => Bytes::from(serde_json::to_vec(&answer).unwrap_or_default()),
        None => Bytes::new(),
    };
    let mut response = Response::new(Full::new(body));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    response
}

/// A plain-text response for HTTP-level errors (no JSON-RPC body applies).
fn plain(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *response.status_mut() = status;
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    async fn raw_http(addr: SocketAddr, request: &str) -> String {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut response = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut response));
        read.await
            .expect("server should close the connection")
            .unwrap();
        String::from_utf8(response).unwrap()
    }

    fn config() -> DevnetConfig {
        DevnetConfig {
            node: NodeConfig {
                account_count: 1,
                ..Default::default()
            },
            port: 0,
            ..Default::default()
        }
    }

    #[tokio::test]
    async fn respond_returns_405_when_not_post() {
        let devnet = spawn(config()).await.unwrap();
        let response = raw_http(
            devnet.local_addr(),
            "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )
        .await;
        assert!(response.starts_with("HTTP/1.1 405"), "{response}");
        devnet.shutdown().await;
    }

    #[tokio::test]
    async fn respond_returns_json_when_posted() {
        let devnet = spawn(config()).await.unwrap();
        let body = r#"{"jsonrpc":"2.0","id":7,"method":"eth_chainId","params":[]}"#;
        let request = format!(
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let response = raw_http(devnet.local_addr(), &request).await;
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
        assert!(response.contains("application/json"));
        let (_, body) = response.split_once("\r\n\r\n").unwrap();
        let answer: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(
            answer,
            serde_json::json!({"jsonrpc": "2.0", "id": 7, "result": "0x64aba"})
        );
        devnet.shutdown().await;
    }

    #[tokio::test]
    async fn respond_returns_413_when_body_too_large() {
        let devnet = spawn(config()).await.unwrap();
        let request = format!(
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            MAX_BODY_BYTES + 1
        );
        let response = raw_http(devnet.local_addr(), &request).await;
        assert!(response.starts_with("HTTP/1.1 413"), "{response}");
        devnet.shutdown().await;
    }

    #[tokio::test]
    async fn spawn_fails_when_port_taken() {
        let devnet = spawn(config()).await.unwrap();
        let taken = DevnetConfig {
            port: devnet.local_addr().port(),
            ..config()
        };
        assert!(matches!(spawn(taken).await, Err(ServerError::Bind { .. })));
        devnet.shutdown().await;
    }
}
