//! `generated/types-errors` with its `mock` feature: the replay mock answers the typed client
//! through HTTP on loopback with the collection's saved examples, picks a documented error by
//! `x-mock-response-code` or `x-mock-response-name` as Postman's mock server does, and answers
//! a request no example matches with a message naming the closest operation.

use types_errors::Error;
use types_errors::invoices::GetInvoiceError;
use types_errors::mock::Mock;

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
