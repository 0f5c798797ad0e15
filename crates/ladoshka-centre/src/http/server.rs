//! The accept loop: each connection served by hyper's HTTP/1 with a timeout on the request
//! head (so a silent or idle connection is closed), under a limit on open connections (one more
//! is answered 503 and closed at once), and stopped gracefully on shutdown.

use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tower_layer::Layer;

use super::limits::Limits;
use crate::centre::Centre;

/// Serves the API on `listener` with `limits` until `shutdown` completes; connections in
/// flight finish first (idle ones are closed).
pub async fn serve_with(
    listener: TcpListener,
    centre: Arc<Centre>,
    limits: Arc<Limits>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let router = super::router_with(centre, limits.clone());
    let (stop, stopped) = tokio::sync::watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!("cannot accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let Some(permit) = limits.connection() else {
            tracing::warn!(%peer, "connection refused: {} open already", limits.config.max_connections);
            tokio::spawn(busy(stream, limits.config.max_connections));
            continue;
        };
        // The peer's address, for the console's audit log.
        let service = TowerToHyperService::new(
            axum::Extension(axum::extract::ConnectInfo(peer)).layer(router.clone()),
        );
        let header_timeout = limits.config.header_timeout;
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout);
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            let ended = tokio::select! {
                ended = conn.as_mut() => ended,
                _ = stopped.changed() => {
                    conn.as_mut().graceful_shutdown();
                    conn.await
                }
            };
            if let Err(e) = ended {
                tracing::debug!(%peer, "connection ended: {e}");
            }
        });
    }
    let _ = stop.send(true);
    limits.all_closed().await;
    Ok(())
}

/// Answers a connection over the limit with a plain 503 and closes it.
async fn busy(mut stream: TcpStream, max: usize) {
    let body = serde_json::json!({
        "error": format!(
            "the centre is serving as many connections as it allows ({max}): try again in a \
             minute; the kiosk keeps its bundles meanwhile"
        )
    })
    .to_string();
    let response = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nretry-after: 60\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let grace = Duration::from_secs(2);
    let _ = tokio::time::timeout(grace, async {
        stream.write_all(response.as_bytes()).await?;
        stream.shutdown().await?;
        // Read what the client sent (a little, briefly) so closing does not reset the
        // connection before it has read the answer.
        let mut sink = [0u8; 4096];
        let mut left: usize = 64 * 1024;
        while left > 0 {
            let n = stream.read(&mut sink).await?;
            if n == 0 {
                break;
            }
            left = left.saturating_sub(n);
        }
        io::Result::Ok(())
    })
    .await;
}
