//! `generated/types-errors` with its `mock` feature: the replay mock answers the typed client
//! through HTTP on loopback with the collection's saved examples, picks a documented error by
//! `x-mock-response-code`, `x-mock-response-name` or `x-mock-response-id` as Postman's mock
//! server does, and answers a request no example matches with a message naming the closest
//! operation. Typed stubs answer
//! with values of the operations' own types, for given path parameters, and count their calls.

use types_errors::invoices::{GetInvoiceError, GetInvoiceNotFound, GetInvoiceResponse};
use types_errors::mock::Mock;
use types_errors::{Error, ErrorBody};

#[tokio::test]
async fn a_saved_success_replays_and_decodes() {
    let mock = Mock::start().await;
    let client = mock.client().with_bearer_token("t");
    let invoice = client.invoices().get_invoice("in_1").await.unwrap();
    assert_eq!(invoice.id.as_deref(), Some("in_1"));
    assert_eq!(invoice.amount_due, Some(1200));
    // A saved 204.
    client.invoices().delete_draft("in_1").await.unwrap();
    // The host's path (`/v2` of `https://billing.example.com/v2`) is kept.
    let received = mock.received_requests().await;
    assert_eq!(received[0].url.path(), "/v2/invoices/in_1");
}

#[tokio::test]
async fn a_header_picks_a_documented_error() {
    let mock = Mock::start().await;
    let client = mock.client().with_bearer_token("t");
    let by_code = client
        .invoices()
        .get_invoice("in_1")
        .header("x-mock-response-code", "400")
        .await;
    match by_code {
        Err(Error::Api(GetInvoiceError::BadRequest(body))) => assert_eq!(body.code, Some(300)),
        other => panic!("expected the documented 400, got {other:?}"),
    }
    // Two examples are saved with status 404: the name picks one.
    let by_name = client
        .invoices()
        .get_invoice("in_1")
        .header("x-mock-response-name", "Not found, with details.")
        .await;
    match by_name {
        Err(Error::Api(GetInvoiceError::NotFound(body))) => {
            assert!(body.details.is_some(), "{body:?}")
        }
        other => panic!("expected the documented 404 with details, got {other:?}"),
    }
    // So does the id the collection keeps for it.
    let by_id = client
        .invoices()
        .get_invoice("in_1")
        .header("x-mock-response-id", "a3c1e0f2-4b5d-4e6f-8a9b-0c1d2e3f4a5b")
        .await;
    match by_id {
        Err(Error::Api(GetInvoiceError::NotFound(body))) => {
            assert!(body.details.is_some(), "{body:?}")
        }
        other => panic!("expected the documented 404 with details, got {other:?}"),
    }
}

#[tokio::test]
async fn an_unmatched_request_names_the_closest_operation() {
    let mock = Mock::start().await;
    // A wrong base path: no saved example is at `/v1/…`.
    let client = mock
        .client()
        .with_base_url(format!("{}/v1", mock.uri()))
        .with_bearer_token("t");
    match client.invoices().get_invoice("in_1").await {
        Err(Error::UnexpectedStatus {
            status: 501, body, ..
        }) => {
            let text = body.text();
            assert!(
                text.contains("no saved example matches `GET /v1/invoices/in_1`; the closest operations: `invoices().get_invoice()` (`GET /v2/invoices/{invoiceId}`)"),
                "{text}"
            );
        }
        other => panic!("expected the mock's 501, got {other:?}"),
    }
    // The path is an operation's, but none of its examples has the status asked for.
    let client = mock.client().with_bearer_token("t");
    let err = client
        .invoices()
        .get_invoice("in_1")
        .header("x-mock-response-code", "418")
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("is `invoices().get_invoice()` (`GET /v2/invoices/{invoiceId}`), but it has no saved example with status 418"),
        "{text}"
    );
}

#[tokio::test]
async fn a_typed_stub_answers_with_the_operations_own_types() {
    let mock = Mock::start().await;
    let client = mock.client().with_bearer_token("t");
    let invoice = GetInvoiceResponse {
        id: Some("in_42".to_owned()),
        amount_due: Some(99),
        ..Default::default()
    };
    let stub = mock
        .stub()
        .invoices()
        .get_invoice()
        .for_invoice_id("in_42")
        // Checked when `stub` is dropped.
        .expect(2)
        .returns(invoice.clone());
    assert_eq!(
        client.invoices().get_invoice("in_42").await.unwrap(),
        invoice
    );
    // Another invoice is not the stub's: the saved example answers.
    let saved = client.invoices().get_invoice("in_1").await.unwrap();
    assert_eq!(saved.id.as_deref(), Some("in_1"));
    let calls = stub.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].url.path(), "/v2/invoices/in_42");

    // A variant of the error enum, with its typed body.
    let not_found = GetInvoiceNotFound {
        code: Some(3001),
        message: Some("no in_7".to_owned()),
        ..Default::default()
    };
    let _gone = mock
        .stub()
        .invoices()
        .get_invoice()
        .for_invoice_id("in_7")
        .fails(GetInvoiceError::NotFound(not_found.clone()));
    match client.invoices().get_invoice("in_7").await {
        Err(Error::Api(GetInvoiceError::NotFound(body))) => assert_eq!(body, not_found),
        other => panic!("expected the stubbed 404, got {other:?}"),
    }
    // Without a path parameter, the stub answers every invoice but the narrower ones.
    let _any = mock
        .stub()
        .invoices()
        .get_invoice()
        .fails(GetInvoiceError::BadRequest(ErrorBody {
            code: Some(300),
            ..Default::default()
        }));
    assert!(matches!(
        client.invoices().get_invoice("in_8").await,
        Err(Error::Api(GetInvoiceError::BadRequest(_)))
    ));
    assert_eq!(
        client.invoices().get_invoice("in_42").await.unwrap(),
        invoice
    );
    drop(stub);
    // A unit success: the saved status, no body.
    let _deleted = mock.stub().invoices().delete_draft().returns();
    client.invoices().delete_draft("in_1").await.unwrap();
}
