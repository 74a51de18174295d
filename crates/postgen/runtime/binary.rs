//! Binary (`file`) bodies: the caller's bytes, and the content type they go with.

/// The body of a request whose collection sends a file. `Content-Type`: the one given here
/// ([`Binary::with_content_type`]), else the collection's (its `Content-Type` header, else the
/// type of its file's extension, as Postman derives it), else `application/octet-stream`.
/// An empty body without a content type sends none, as Postman sends no file.
///
/// ```text
/// client.upload(std::fs::read("report.pdf")?.into()).await?;
/// client.upload(Binary::new(bytes).with_content_type("application/pdf")).await?;
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Binary {
    pub bytes: Vec<u8>,
    /// Replaces the collection's content type.
    pub content_type: Option<String>,
}

impl Binary {
    pub fn new(bytes: impl Into<Vec<u8>>) -> Binary {
        Binary {
            bytes: bytes.into(),
            content_type: None,
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
