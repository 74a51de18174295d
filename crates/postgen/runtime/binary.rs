//! Binary (`file`) bodies: the caller's bytes, or a reader streamed as it is sent, and the
//! content type they go with.

use tokio::io::AsyncRead;

use super::upload::Reader;

/// The body of a request whose collection sends a file. `Content-Type`: the one given here
/// ([`Binary::with_content_type`]), else the collection's (its `Content-Type` header, else the
/// type of its file's extension, as Postman derives it), else `application/octet-stream`.
/// An empty body without a content type sends none, as Postman sends no file.
///
/// ```text
/// client.upload(std::fs::read("report.pdf")?.into()).await?;
/// client.upload(Binary::new(bytes).with_content_type("application/pdf")).await?;
/// client.upload(Binary::from_reader(tokio::fs::File::open("video.mp4").await?)).await?;
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Binary {
    /// The body (empty for one made [`from_reader`](Binary::from_reader)).
    pub bytes: Vec<u8>,
    /// Replaces the collection's content type.
    pub content_type: Option<String>,
    /// The reader of a body made [`from_reader`](Binary::from_reader), sent instead of `bytes`.
    pub reader: Option<Reader>,
}

impl Binary {
    pub fn new(bytes: impl Into<Vec<u8>>) -> Binary {
        Binary {
            bytes: bytes.into(),
            content_type: None,
            reader: None,
        }
    }

    /// A body read from `reader` while it is sent, never held whole (a large file, a pipe),
    /// sent chunked; [`from_reader_with_len`](Binary::from_reader_with_len) sends a
    /// `Content-Length`. Such a call is never retried (the bytes cannot be read again), and
    /// the call's timeout does not cut it off while bytes flow: each read, and the wait for the
    /// status after the last, may take up to the client's read timeout
    /// (`Client::with_read_timeout`, else its timeout). Clones share the reader: only one of
    /// them can be sent.
    ///
    /// ```text
    /// let file = tokio::fs::File::open("video.mp4").await?;
    /// client.upload(Binary::from_reader(file).with_content_type("video/mp4")).await?;
    /// ```
    pub fn from_reader(reader: impl AsyncRead + Send + 'static) -> Binary {
        Binary::streamed(Reader::new(reader, None))
    }

    /// [`from_reader`](Binary::from_reader) for a reader that yields exactly `len` bytes, sent
    /// as `Content-Length`: it must yield exactly that many.
    ///
    /// ```text
    /// let file = tokio::fs::File::open("video.mp4").await?;
    /// let len = file.metadata().await?.len();
    /// client.upload(Binary::from_reader_with_len(file, len)).await?;
    /// ```
    pub fn from_reader_with_len(reader: impl AsyncRead + Send + 'static, len: u64) -> Binary {
        Binary::streamed(Reader::new(reader, Some(len)))
    }

    fn streamed(reader: Reader) -> Binary {
        Binary {
            reader: Some(reader),
            ..Binary::default()
        }
    }

    /// Sends the bytes with this `Content-Type`.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Binary {
        self.content_type = Some(content_type.into());
        self
    }
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Binary {
        Binary::new(bytes)
    }
}

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Binary {
        Binary::new(bytes)
    }
}
