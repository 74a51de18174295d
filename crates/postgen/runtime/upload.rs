//! Request bodies read from an `AsyncRead` while they are sent ([`Binary::from_reader`],
//! [`File::from_reader`]), never held whole.
//!
//! [`Binary::from_reader`]: super::Binary::from_reader
//! [`File::from_reader`]: super::File::from_reader

use std::collections::VecDeque;
use std::fmt;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Instant;

use tokio::io::{AsyncRead, ReadBuf};

use super::error::Failure;

type BoxReader = Pin<Box<dyn AsyncRead + Send>>;

/// The reader of a streamed upload, shared by the clones of the [`Binary`](super::Binary) or
/// [`File`](super::File) that holds it: the first request sent takes it, and sending another
/// fails unsent (a reader cannot be read twice).
#[derive(Clone)]
pub struct Reader {
    reader: Arc<Mutex<Option<BoxReader>>>,
    len: Option<u64>,
}

impl Reader {
    /// `len`: the exact number of bytes `reader` yields, sent as `Content-Length` (else the
    /// body is sent chunked).
    pub fn new(reader: impl AsyncRead + Send + 'static, len: Option<u64>) -> Reader {
        Reader {
            reader: Arc::new(Mutex::new(Some(Box::pin(reader)))),
            len,
        }
    }

    /// The length given with the reader (`None`: sent chunked).
    pub fn length(&self) -> Option<u64> {
        self.len
    }

    fn slot(&self) -> MutexGuard<'_, Option<BoxReader>> {
        self.reader.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn take(&self) -> Result<BoxReader, Failure> {
        self.slot().take().ok_or_else(|| {
            Failure::invalid(
                "the upload's reader was already sent: a streamed body cannot be sent twice"
                    .to_string(),
            )
        })
    }
}

/// The same reader (clones of one body are equal).
impl PartialEq for Reader {
    fn eq(&self, other: &Reader) -> bool {
        Arc::ptr_eq(&self.reader, &other.reader)
    }
}

impl Eq for Reader {}

impl fmt::Debug for Reader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reader")
            .field("len", &self.len)
            .field("sent", &self.slot().is_none())
            .finish()
    }
}

/// A piece of a body to send: bytes, or what a reader yields.
#[derive(Debug)]
pub enum Source<'a> {
    Bytes(Vec<u8>),
    Reader(&'a Reader),
}

/// When a streamed body last made progress: the request's read timeout is measured from it,
/// so it catches a stalled reader as well as a peer that stopped reading (the body is then no
/// longer polled).
#[derive(Clone, Debug)]
pub struct Progress(Arc<Mutex<Instant>>);

impl Progress {
    fn new() -> Progress {
        Progress(Arc::new(Mutex::new(Instant::now())))
    }

    fn touch(&self) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
    }

    /// When the body last yielded bytes (or ended), or was made.
    pub fn last(&self) -> Instant {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

enum Segment {
    Bytes(Vec<u8>),
    // In a mutex only so that the body is `Sync` (as reqwest requires); only `get_mut` is used.
    Reader(Mutex<BoxReader>),
}

/// What reqwest sends: the segments in order, each reader read as the connection takes the
/// bytes.
pub struct UploadBody {
    segments: VecDeque<Segment>,
    buf: Box<[u8]>,
    len: Option<u64>,
    progress: Progress,
}

/// Read size: large enough to keep a connection busy, small enough never to matter in memory.
const CHUNK: usize = 64 * 1024;

impl UploadBody {
    /// Takes the readers of `sources`; fails unsent if one was already sent.
    pub fn new(sources: Vec<Source<'_>>) -> Result<UploadBody, Failure> {
        let mut len = Some(0u64);
        let mut segments = VecDeque::with_capacity(sources.len());
        for source in sources {
            match source {
                Source::Bytes(bytes) => {
                    len = len.map(|n| n + bytes.len() as u64);
                    segments.push_back(Segment::Bytes(bytes));
                }
                Source::Reader(reader) => {
                    len = len.zip(reader.len).map(|(n, m)| n + m);
                    segments.push_back(Segment::Reader(Mutex::new(reader.take()?)));
                }
            }
        }
        Ok(UploadBody {
            segments,
            buf: vec![0; CHUNK].into_boxed_slice(),
            len,
            progress: Progress::new(),
        })
    }

    /// The clock of this body's progress.
    pub fn progress(&self) -> Progress {
        self.progress.clone()
    }

    /// The body for reqwest.
    pub fn into_body(self) -> reqwest::Body {
        reqwest::Body::wrap(self)
    }
}

impl http_body::Body for UploadBody {
    type Data = bytes::Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<bytes::Bytes>, io::Error>>> {
        let this = self.get_mut();
        loop {
            let data = match this.segments.front_mut() {
                None => return Poll::Ready(None),
                Some(Segment::Bytes(bytes)) => std::mem::take(bytes),
                Some(Segment::Reader(reader)) => {
                    let reader = reader.get_mut().unwrap_or_else(|e| e.into_inner());
                    let mut buf = ReadBuf::new(&mut this.buf);
                    match reader.as_mut().poll_read(cx, &mut buf) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(e))),
                        // A reader that yields nothing has ended.
                        Poll::Ready(Ok(())) if buf.filled().is_empty() => Vec::new(),
                        Poll::Ready(Ok(())) => {
                            this.progress.touch();
                            let data = bytes::Bytes::copy_from_slice(buf.filled());
                            return Poll::Ready(Some(Ok(http_body::Frame::data(data))));
                        }
                    }
                }
            };
            this.segments.pop_front();
            // The end of the body counts too: the wait for the status starts there.
            this.progress.touch();
            if !data.is_empty() {
                return Poll::Ready(Some(Ok(http_body::Frame::data(data.into()))));
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.segments.is_empty()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        match self.len {
            Some(len) => http_body::SizeHint::with_exact(len),
            None => http_body::SizeHint::default(),
        }
    }
}
