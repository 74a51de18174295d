//! `collections/wire-bodies`: every body mode, as the server receives it.

mod support;

use std::collections::BTreeMap;

use support::{ok_server, only_request};
use wire_bodies::{
    Client, File, FormDataForm, NestedFormDataForm, NestedFormDataFormProfile, NestedFormForm,
    NestedFormFormAddress, NestedFormFormInvoiceSettings,
    NestedFormFormInvoiceSettingsCustomFieldsItem as CustomField, NestedFormFormTaxIdDataItem,
    NestedFormParams, NestedFormParamsCreated, NestedFormStatus, NestedFormTaxExempt,
    NestedFormTaxIdDataType, UrlEncodedForm,
};

fn client(server: &postgen_testserver::TestServer) -> Client {
    Client::new().with_base_url(server.url())
}

#[tokio::test]
async fn raw_bodies_carry_the_content_type_of_their_language_once() {
    let server = ok_server();
    let c = client(&server);
    c.raw_xml("<a>1</a>").await.unwrap();
    c.raw_text_with_its_own_type("a,b\n1,2").await.unwrap();
    c.raw_html("<p>hi</p>").await.unwrap();
    c.raw_javascript("let a = 1;").await.unwrap();
    c.raw_without_language("plain words").await.unwrap();
    let got: Vec<(String, Vec<String>, String)> = server
        .take_requests()
        .into_iter()
        .map(|r| {
            let ct = r
                .header_all("content-type")
                .iter()
                .map(|s| s.to_string())
                .collect();
            (r.target.clone(), ct, r.body_text())
        })
        .collect();
    let expect = [
        ("/xml", "application/xml", "<a>1</a>"),
        ("/csv", "text/csv", "a,b\n1,2"),
        ("/html", "text/html", "<p>hi</p>"),
        ("/js", "application/javascript", "let a = 1;"),
        ("/plain", "text/plain", "plain words"),
    ];
    assert_eq!(got.len(), expect.len());
    for ((target, ct, body), (t, c, b)) in got.iter().zip(expect) {
        assert_eq!(
            (target.as_str(), ct.as_slice(), body.as_str()),
            (t, &[c.to_owned()][..], b)
        );
    }
}

#[tokio::test]
async fn urlencoded_pairs_in_order_with_variables_and_credentials_from_the_caller() {
    let server = ok_server();
    let form = UrlEncodedForm {
        grant_type: "client_credentials".to_owned(),
        scope: "read write".to_owned(),
        note: "a+b&c=d é".to_owned(),
        client_id: None,
        client_secret: None,
        audience: None,
    };
    // `client_secret` is a credential: the caller passes it or sets the variable.
    let err = client(&server).url_encoded(&form).await.unwrap_err();
    assert!(err.to_string().contains("client_secret"), "{err}");
    assert!(
        server.requests().is_empty(),
        "nothing sent without the credential"
    );

    client(&server)
        .with_variable("client_secret", "s3cr=t")
        .url_encoded(&form)
        .await
        .unwrap();
    let r = only_request(&server);
    assert_eq!(
        r.header_all("content-type"),
        ["application/x-www-form-urlencoded"]
    );
    assert_eq!(
        r.body_text(),
        "grant_type=client_credentials&scope=read%20write&note=a%2Bb%26c%3Dd%20%C3%A9\
         &client_id=my-client&client_secret=s3cr%3Dt"
    );
    assert_eq!(
        r.form_pairs()[2],
        ("note".to_owned(), "a+b&c=d é".to_owned()),
        "decodes back to exactly what was passed"
    );

    let form = UrlEncodedForm {
        client_id: Some("other".to_owned()),
        client_secret: Some("x".to_owned()),
        audience: Some("aud".to_owned()),
        ..form
    };
    client(&server).url_encoded(&form).await.unwrap();
    assert!(
        only_request(&server)
            .body_text()
            .ends_with("&client_id=other&client_secret=x&audience=aud")
    );
}

#[tokio::test]
async fn bracket_notation_nests_structs_lists_and_maps() {
    let server = ok_server();
    // More list elements than the collection's example, a map entry of the caller's, and an
    // optional group left out: the keys follow what was passed, not the example.
    let mut form = NestedFormForm::new(
        "jo@example.com",
        NestedFormFormAddress::new("Paris"),
        NestedFormTaxExempt::Reverse,
    );
    let params = NestedFormParams::default();
    form.expand = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
    form.amounts = vec![5];
    form.metadata = BTreeMap::from([
        ("order".to_owned(), "7 & 8".to_owned()),
        ("a".to_owned(), "1".to_owned()),
    ]);
    client(&server).nested_form(&params, &form).await.unwrap();
    assert_eq!(
        only_request(&server).body_text(),
        "email=jo%40example.com&address%5Bcity%5D=Paris&expand%5B0%5D=a&expand%5B1%5D=b\
         &expand%5B2%5D=c&amounts%5B0%5D=5&tax_exempt=reverse\
         &metadata%5Ba%5D=1&metadata%5Border%5D=7%20%26%208"
    );

    form.address.line1 = Some("1 rue".to_owned());
    form.expand.clear();
    form.amounts.clear();
    form.metadata.clear();
    form.invoice_settings = Some(NestedFormFormInvoiceSettings {
        custom_fields: vec![
            CustomField::new("PO"),
            CustomField {
                value: Some("v".to_owned()),
                ..CustomField::new("ref")
            },
        ],
        footer: Some("Thanks".to_owned()),
    });
    // Documented values are enum variants; `Other` sends any other value.
    form.tax_exempt = NestedFormTaxExempt::Other("partial".to_owned());
    form.tax_id_data = vec![
        NestedFormFormTaxIdDataItem::new(NestedFormTaxIdDataType::GbVat, "GB1"),
        NestedFormFormTaxIdDataItem::new(NestedFormTaxIdDataType::Other("ch_vat".into()), "CH2"),
    ];
    // Bracket notation in the query too: a struct for `created[…]`, a `Vec` for `ids[…]`.
    let params = NestedFormParams {
        status: Some(NestedFormStatus::Archived),
        created: Some(NestedFormParamsCreated {
            lt: Some(9),
            ..Default::default()
        }),
        ids: vec!["x".to_owned(), "y".to_owned(), "z".to_owned()],
    };
    client(&server).nested_form(&params, &form).await.unwrap();
    let r = only_request(&server);
    assert_eq!(
        r.target,
        "/customers?status=archived&created[lt]=9&ids[0]=x&ids[1]=y&ids[2]=z"
    );
    let pairs = r.form_pairs();
    let keys: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("email", "jo@example.com"),
            ("address[city]", "Paris"),
            ("address[line1]", "1 rue"),
            ("invoice_settings[custom_fields][0][name]", "PO"),
            ("invoice_settings[custom_fields][1][name]", "ref"),
            ("invoice_settings[custom_fields][1][value]", "v"),
            ("invoice_settings[footer]", "Thanks"),
            ("tax_exempt", "partial"),
            ("tax_id_data[0][type]", "gb_vat"),
            ("tax_id_data[0][value]", "GB1"),
            ("tax_id_data[1][type]", "ch_vat"),
            ("tax_id_data[1][value]", "CH2"),
        ]
    );

    // An empty map key sends the field itself (Stripe: `metadata=` clears every key).
    let form = NestedFormForm {
        metadata: BTreeMap::from([(String::new(), String::new())]),
        ..NestedFormForm::new(
            "e",
            NestedFormFormAddress::new("c"),
            NestedFormTaxExempt::None,
        )
    };
    client(&server).nested_form(&params, &form).await.unwrap();
    assert!(only_request(&server).body_text().ends_with("&metadata="));
}

#[tokio::test]
async fn bracket_notation_in_multipart_parts() {
    let server = ok_server();
    let form = NestedFormDataForm::new(NestedFormDataFormProfile {
        name: "Ann".to_owned(),
        tags: vec!["x".to_owned(), "y".to_owned()],
    });
    client(&server).nested_form_data(&form).await.unwrap();
    let parts = only_request(&server).multipart().unwrap();
    let got: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|p| (p.name.as_str(), p.body.as_slice()))
        .collect();
    assert_eq!(
        got,
        [
            ("profile[name]", &b"Ann"[..]),
            ("profile[tags][0]", b"x"),
            ("profile[tags][1]", b"y"),
        ]
    );
}

#[tokio::test]
async fn multipart_text_files_repeated_keys_and_part_types() {
    let server = ok_server();
    let form = FormDataForm {
        title: "Holiday".to_owned(),
        meta: r#"{"a":1}"#.to_owned(),
        tags: vec!["sea".to_owned(), "sun".to_owned()],
        cover: File::new("cover.png", vec![0x89, b'P', b'N', b'G']),
        photos: vec![
            File::new("a.jpg", b"A".to_vec()),
            File::new("b.jpg", b"B".to_vec()).with_content_type("image/x-custom"),
        ],
        caption: None,
    };
    client(&server).form_data(&form).await.unwrap();
    let r = only_request(&server);
    let parts = r.multipart().unwrap();
    /// Name, file name, content type, bytes.
    type PartSummary<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [u8]);
    let summary: Vec<PartSummary> = parts
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.file_name.as_deref(),
                p.content_type.as_deref(),
                p.body.as_slice(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("title", None, None, &b"Holiday"[..]),
            ("meta", None, Some("application/json"), br#"{"a":1}"#),
            ("tags[]", None, None, b"sea"),
            ("tags[]", None, None, b"sun"),
            (
                "cover",
                Some("cover.png"),
                Some("image/png"),
                &[0x89, b'P', b'N', b'G']
            ),
            ("photos", Some("a.jpg"), Some("image/jpeg"), b"A"),
            ("photos", Some("b.jpg"), Some("image/x-custom"), b"B"),
        ]
    );
}

#[tokio::test]
async fn an_empty_form_sends_no_body_binary_and_graphql_bodies() {
    let server = ok_server();
    let c = client(&server);
    c.empty_form_on_get().await.unwrap();
    let r = only_request(&server);
    assert!(r.body.is_empty());
    // The collection's own header, sent without a body as Postman sends it.
    assert_eq!(
        r.header_all("content-type"),
        ["application/x-www-form-urlencoded"]
    );
    assert_eq!(r.header("content-length").unwrap_or("0"), "0");

    c.binary_file(vec![1, 2, 3, 255].into()).await.unwrap();
    let r = only_request(&server);
    assert_eq!(
        (r.method.as_str(), r.body.as_slice()),
        ("PUT", &[1, 2, 3, 255][..])
    );
    assert_eq!(r.header_all("content-type"), ["image/png"]);

    c.graphql_query(Some(&serde_json::json!({"id": "blt9"})))
        .await
        .unwrap();
    let r = only_request(&server);
    let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "query": "query Entry($id: ID!) { entry(id: $id) { title } }",
            "variables": {"id": "blt9"}
        })
    );
    assert_eq!(r.header_all("content-type"), ["application/json"]);
}

/// A binary body goes with the type newman derives from the collection's file (`mime-types` by
/// extension: `application/gzip` for `.tar.gz`, `application/octet-stream` for an unknown one)
/// unless the collection sets a `Content-Type`; the caller may give another.
#[tokio::test]
async fn binary_bodies_have_the_type_of_their_file() {
    let server = ok_server();
    let c = client(&server);
    c.gzip_upload(vec![0x1f, 0x8b].into()).await.unwrap();
    assert_eq!(
        only_request(&server).header_all("content-type"),
        ["application/gzip"]
    );
    c.upload_of_unknown_type(b"x".to_vec().into())
        .await
        .unwrap();
    assert_eq!(
        only_request(&server).header_all("content-type"),
        ["application/octet-stream"]
    );
    // The caller's type replaces the collection's, header included.
    let png = wire_bodies::runtime::Binary::new(vec![1]).with_content_type("image/webp");
    c.binary_file(png).await.unwrap();
    assert_eq!(
        only_request(&server).header_all("content-type"),
        ["image/webp"]
    );
    c.gzip_upload(
        wire_bodies::runtime::Binary::new(vec![1]).with_content_type("application/x-tar"),
    )
    .await
    .unwrap();
    assert_eq!(
        only_request(&server).header_all("content-type"),
        ["application/x-tar"]
    );
}
