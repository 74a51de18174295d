//! `multipart/form-data` bodies (RFC 7578).

use tokio::io::AsyncRead;

use super::error::Failure;
use super::request::Param;
use super::retry::random_u64;
use super::upload::{Reader, Source, UploadBody};

/// A file to upload in a multipart form: its bytes, or a reader streamed as the form is sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct File {
    pub file_name: String,
    /// `None`: guessed from the file name's extension, else `application/octet-stream`.
    pub content_type: Option<String>,
    /// The content (empty for a file made [`from_reader`](File::from_reader)).
    pub bytes: Vec<u8>,
    /// The reader of a file made [`from_reader`](File::from_reader), sent instead of `bytes`.
    pub reader: Option<Reader>,
}

impl File {
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> File {
        File {
            file_name: file_name.into(),
            content_type: None,
            bytes: bytes.into(),
            reader: None,
        }
    }

    /// A file whose content is read from `reader` while the form is sent, never held whole:
    /// the form's other parts are sent around it, encoded as for [`File::new`]. The form is
    /// sent chunked, unless every reader in it has a length
    /// ([`from_reader_with_len`](File::from_reader_with_len)). As for
    /// [`Binary::from_reader`](super::Binary::from_reader), such a call is never retried, and
    /// it has the client's read timeout between reads instead of the call's timeout.
    ///
    /// ```text
    /// let video = tokio::fs::File::open("video.mp4").await?;
    /// let form = UploadForm::new(File::from_reader("video.mp4", video));
    /// client.media().upload(&form).await?;
    /// ```
    pub fn from_reader(
        file_name: impl Into<String>,
        reader: impl AsyncRead + Send + 'static,
    ) -> File {
        File::streamed(file_name.into(), Reader::new(reader, None))
    }

    /// [`from_reader`](File::from_reader) for a reader that yields exactly `len` bytes.
    pub fn from_reader_with_len(
        file_name: impl Into<String>,
        reader: impl AsyncRead + Send + 'static,
        len: u64,
    ) -> File {
        File::streamed(file_name.into(), Reader::new(reader, Some(len)))
    }

    fn streamed(file_name: String, reader: Reader) -> File {
        File {
            file_name,
            reader: Some(reader),
            ..File::default()
        }
    }

    pub fn with_content_type(mut self, content_type: impl Into<String>) -> File {
        self.content_type = Some(content_type.into());
        self
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct FormPart {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
    reader: Option<Reader>,
}

/// A `multipart/form-data` form; parts are sent in the order they were added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Multipart {
    parts: Vec<FormPart>,
}

impl Multipart {
    pub fn new() -> Self {
        Self::default()
    }

    /// A text field (no Content-Type).
    pub fn text(&mut self, name: &str, value: &str) {
        self.push(name, None, None, value.as_bytes().to_vec());
    }

    /// A text field with its own Content-Type (e.g. a JSON part).
    pub fn text_typed(&mut self, name: &str, value: &str, content_type: &str) {
        self.push(
            name,
            None,
            Some(content_type.to_string()),
            value.as_bytes().to_vec(),
        );
    }

    /// [`Multipart::text`] when `value` is set (an optional field of a form struct).
    pub fn text_opt<V: Param>(&mut self, name: &str, value: &Option<V>) {
        if let Some(v) = value {
            v.with_text(|text| self.text(name, text));
        }
    }

    /// [`Multipart::text_typed`] when `value` is set.
    pub fn text_typed_opt<V: Param>(&mut self, name: &str, value: &Option<V>, content_type: &str) {
        if let Some(v) = value {
            v.with_text(|text| self.text_typed(name, text, content_type));
        }
    }

    /// [`Multipart::file`] when `file` is set.
    pub fn file_opt(&mut self, name: &str, file: &Option<File>) {
        if let Some(f) = file {
            self.file(name, f);
        }
    }

    /// A file field. Without a content type of its own, the type is guessed from the file name;
    /// a file without a name gets none (as Postman sends a file field that names no file).
    pub fn file(&mut self, name: &str, file: &File) {
        let content_type = file.content_type.clone().or_else(|| {
            (!file.file_name.is_empty()).then(|| guess_content_type(&file.file_name).to_string())
        });
        self.push(
            name,
            Some(file.file_name.clone()),
            content_type,
            file.bytes.clone(),
        );
        if let Some(part) = self.parts.last_mut() {
            part.reader = file.reader.clone();
        }
    }

    fn push(
        &mut self,
        name: &str,
        file_name: Option<String>,
        content_type: Option<String>,
        bytes: Vec<u8>,
    ) {
        self.parts.push(FormPart {
            name: name.to_string(),
            file_name,
            content_type,
            bytes,
            reader: None,
        });
    }

    /// Number of parts.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Whether a part is read from a reader ([`File::from_reader`]): the form is then sent
    /// as a stream.
    pub fn streams(&self) -> bool {
        self.parts.iter().any(|p| p.reader.is_some())
    }

    /// Encodes the form with a fresh random boundary that occurs in no part's bytes (the
    /// content of a reader cannot be checked: at 128 random bits, a collision is practically
    /// impossible); returns `(boundary, body)`. The request's Content-Type is
    /// `multipart/form-data; boundary=<boundary>`.
    pub fn encode(&self) -> (String, Vec<u8>) {
        let boundary = self.boundary();
        let body = self.encode_with(&boundary);
        (boundary, body)
    }

    fn boundary(&self) -> String {
        let mut boundary = new_boundary();
        // A 128-bit random boundary colliding even once is practically impossible; the bound
        // only guarantees termination.
        for _ in 0..16 {
            if !self
                .parts
                .iter()
                .any(|p| contains(&p.bytes, boundary.as_bytes()))
            {
                break;
            }
            boundary = new_boundary();
        }
        boundary
    }

    /// Encodes the form with the given boundary. The content of a part read from a reader is
    /// not read here (it is left out): [`encode_streaming`](Multipart::encode_streaming) sends it.
    pub fn encode_with(&self, boundary: &str) -> Vec<u8> {
        let mut out = Vec::new();
        for source in self.sources(boundary) {
            if let Source::Bytes(bytes) = source {
                out.extend_from_slice(&bytes);
            }
        }
        out
    }

    /// [`encode`](Multipart::encode) as a body that reads each reader part as it is sent, the
    /// bytes between them encoded exactly as `encode` encodes them. Fails if a reader was
    /// already sent.
    pub fn encode_streaming(&self) -> Result<(String, UploadBody), Failure> {
        let boundary = self.boundary();
        let body = UploadBody::new(self.sources(&boundary))?;
        Ok((boundary, body))
    }

    /// The encoded form: runs of bytes, and the readers of reader parts between them.
    fn sources(&self, boundary: &str) -> Vec<Source<'_>> {
        let size: usize = self.parts.iter().map(|p| p.bytes.len() + 128).sum();
        let mut out = Vec::with_capacity(size + boundary.len() * (self.parts.len() + 1));
        let mut sources = Vec::new();
        for part in &self.parts {
            out.extend_from_slice(b"--");
            out.extend_from_slice(boundary.as_bytes());
            out.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
            out.extend_from_slice(escape_quoted(&part.name).as_bytes());
            out.push(b'"');
            if let Some(file_name) = &part.file_name {
                out.extend_from_slice(b"; filename=\"");
                out.extend_from_slice(escape_quoted(file_name).as_bytes());
                out.push(b'"');
            }
            out.extend_from_slice(b"\r\n");
            if let Some(content_type) = &part.content_type {
                out.extend_from_slice(b"Content-Type: ");
                // A header line must not be broken by CR/LF.
                out.extend_from_slice(escape_line(content_type).as_bytes());
                out.extend_from_slice(b"\r\n");
            }
            out.extend_from_slice(b"\r\n");
            match &part.reader {
                Some(reader) => {
                    sources.push(Source::Bytes(std::mem::take(&mut out)));
                    sources.push(Source::Reader(reader));
                }
                None => out.extend_from_slice(&part.bytes),
            }
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"--");
        out.extend_from_slice(boundary.as_bytes());
        out.extend_from_slice(b"--\r\n");
        sources.push(Source::Bytes(out));
        sources
    }
}

fn new_boundary() -> String {
    format!("postgen-{:016x}{:016x}", random_u64(), random_u64())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// Escapes a field name or file name for a quoted `Content-Disposition` parameter the way
/// browsers do: `"` → `%22`, CR → `%0D`, LF → `%0A`.
pub fn escape_quoted(s: &str) -> String {
    s.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_line(s: &str) -> String {
    s.replace('\r', "%0D").replace('\n', "%0A")
}

/// Content-Type for a file name, from a small table of extensions
/// (else `application/octet-stream`).
pub fn guess_content_type(file_name: &str) -> &'static str {
    let ext = match file_name.rsplit_once('.') {
        Some((_, ext)) => ext.to_ascii_lowercase(),
        None => return "application/octet-stream",
    };
    match ext.as_str() {
        "txt" | "text" | "log" => "text/plain",
        "htm" | "html" => "text/html",
        "css" => "text/css",
        "csv" => "text/csv",
        "js" | "mjs" => "text/javascript",
        "md" => "text/markdown",
        "json" => "application/json",
        "xml" => "application/xml",
        "yaml" | "yml" => "application/yaml",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        "tar" => "application/x-tar",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "bmp" => "image/bmp",
        "tif" | "tiff" => "image/tiff",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "ogg" => "audio/ogg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mov" => "video/quicktime",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}
