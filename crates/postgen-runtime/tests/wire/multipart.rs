//! Multipart bodies, parsed back with the test server's parser.

use postgen_runtime::{multipart, File, Method, Multipart};
use postgen_testserver::{Part, Reply, TestServer};

use crate::client;

/// (name, file name, content type, body)
type Summary = (String, Option<String>, Option<String>, Vec<u8>);

fn part(name: &str, file_name: Option<&str>, content_type: Option<&str>, body: &[u8]) -> Summary {
    (
        name.to_string(),
        file_name.map(str::to_string),
        content_type.map(str::to_string),
        body.to_vec(),
    )
}

fn summary(parts: &[Part]) -> Vec<Summary> {
    parts
        .iter()
        .map(|p| {
            (
                p.name.clone(),
                p.file_name.clone(),
                p.content_type.clone(),
                p.body.clone(),
            )
        })
        .collect()
}

#[tokio::test]
async fn multipart_parts_arrive_exactly_with_one_content_type() {
    let server = TestServer::start(|_| Reply::status(200));
    let client = client(&server);
    let binary: Vec<u8> = (0..=255u8).chain(b"\r\n--".iter().copied()).collect();
    let mut form = Multipart::new();
    form.text("field", "value with spaces & ü");
    form.text_typed("meta", r#"{"a":1}"#, "application/json");
    form.file("photo", &File::new("me.PNG", binary.clone()));
    form.file(
        "doc",
        &File::new("report", b"%PDF".to_vec()).with_content_type("application/pdf"),
    );
    form.file("blob", &File::new("data.unknownext", Vec::new()));
    form.text("we\"ird\r\nname", "x");
    form.file("f", &File::new("a\"b\nc.txt", b"t".to_vec()));
    // A file field that names no file (Postman sends `filename=""` and no type).
    form.file("none", &File::new("", Vec::new()));
    assert_eq!(form.len(), 8);

    let mut req = client.request(Method::POST, 0usize);
    req.path("/upload");
    // Collections often carry a bare multipart Content-Type; the real one must win.
    req.header("Content-Type", "multipart/form-data");
    req.multipart(form);
    req.send().await.unwrap();

    let r = &server.requests()[0];
    let types = r.header_all("content-type");
    assert_eq!(types.len(), 1, "{types:?}");
    let boundary = types[0]
        .strip_prefix("multipart/form-data; boundary=")
        .expect("boundary parameter");
    assert!(boundary.len() >= 30, "{boundary}");
    assert!(boundary
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    assert_eq!(
        r.header("content-length"),
        Some(r.body.len().to_string().as_str())
    );

    let parts = r.multipart().unwrap();
    assert_eq!(
        summary(&parts),
        vec![
            part("field", None, None, "value with spaces & ü".as_bytes()),
            part("meta", None, Some("application/json"), br#"{"a":1}"#),
            part("photo", Some("me.PNG"), Some("image/png"), &binary),
            part("doc", Some("report"), Some("application/pdf"), b"%PDF"),
            part(
                "blob",
                Some("data.unknownext"),
                Some("application/octet-stream"),
                b""
            ),
            part("we%22ird%0D%0Aname", None, None, b"x"),
            part("f", Some("a%22b%0Ac.txt"), Some("text/plain"), b"t"),
            part("none", Some(""), None, b""),
        ]
    );
    assert_eq!(
        parts[0].headers,
        vec![(
            "Content-Disposition".to_string(),
            "form-data; name=\"field\"".to_string()
        )]
    );
}

#[test]
fn encoding_is_byte_exact_for_a_given_boundary() {
    let mut form = Multipart::new();
    form.text("a", "1");
    form.file("f", &File::new("x.json", b"{}".to_vec()));
    assert_eq!(
        String::from_utf8(form.encode_with("BND")).unwrap(),
        "--BND\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n\
         --BND\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.json\"\r\n\
         Content-Type: application/json\r\n\r\n{}\r\n--BND--\r\n"
    );
    assert_eq!(Multipart::new().encode_with("B"), b"--B--\r\n");
}

#[test]
fn boundaries_are_random_and_not_in_the_content() {
    let mut form = Multipart::new();
    form.text("a", "postgen-");
    let (b1, body1) = form.encode();
    let (b2, _) = form.encode();
    assert_ne!(b1, b2);
    assert!(b1.starts_with("postgen-"));
    // The boundary occurs only as delimiters: once per part plus the closing one.
    let text = String::from_utf8(body1).unwrap();
    assert_eq!(text.matches(b1.as_str()).count(), 2);
}

#[test]
fn content_type_guessing() {
    for (name, expected) in [
        ("a.txt", "text/plain"),
        ("A.JPG", "image/jpeg"),
        ("x.tar.gz", "application/gzip"),
        ("data.csv", "text/csv"),
        ("noext", "application/octet-stream"),
        ("trailingdot.", "application/octet-stream"),
        ("weird.exe", "application/octet-stream"),
    ] {
        assert_eq!(multipart::guess_content_type(name), expected, "{name}");
    }
    assert_eq!(multipart::escape_quoted("a\"b\r\nc"), "a%22b%0D%0Ac");
}

#[test]
fn file_builder() {
    let f = File::new("n.bin", vec![1, 2]).with_content_type("x/y");
    assert_eq!(
        f,
        File {
            file_name: "n.bin".into(),
            content_type: Some("x/y".into()),
            bytes: vec![1, 2],
            ..File::default()
        }
    );
    assert!(Multipart::default().is_empty());
}
