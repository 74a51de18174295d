//! `collections/types-errors`: every documented failure is its own variant. The loopback server
//! answers each documented status with the collection's example, and the generated client
//! returns that variant with the body decoded (JSON) or kept (anything else); an undocumented
//! status, a body of the wrong shape and a dropped connection stay apart in `Error`.

use postgen_testserver::{Reply, TestServer};
use types_errors::customers::{GetCustomerError, GetCustomerErrorCode};
use types_errors::invoices::{
    GetInvoiceDetail, GetInvoiceError, GetInvoiceErrorCode, GetInvoiceNotFound, GetInvoiceResponse,
    Line, VoidInvoiceBadRequest, VoidInvoiceBody, VoidInvoiceConflict, VoidInvoiceError,
    VoidInvoiceErrorCode, VoidInvoiceUnprocessableContent,
};
use types_errors::{Client, Error, ErrorBody, RetryPolicy};

/// A client for `server` that does not retry (429, 5xx and dropped connections are retried by
/// default).
fn client(server: &TestServer) -> Client {
    Client::new()
        .with_base_url(server.url())
        .with_retry(RetryPolicy::none())
}

async fn get_invoice(reply: Reply) -> Result<GetInvoiceResponse, Error<GetInvoiceError>> {
    let server = TestServer::start(move |_| reply.clone());
    client(&server).invoices().get_invoice("in_1").await
}

async fn void_invoice(reply: Reply) -> Error<VoidInvoiceError> {
    let server = TestServer::start(move |_| reply.clone());
    let body = VoidInvoiceBody {
        reason: "duplicate".to_owned(),
    };
    client(&server)
        .invoices()
        .void_invoice("in_1", &body)
        .await
        .unwrap_err()
}

fn api<E: std::fmt::Debug>(e: Error<E>) -> E {
    match e {
        Error::Api(e) => e,
        other => panic!("expected a documented error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_2xx_decodes_into_the_ok_type() {
    let body = r#"{"id": "in_1", "amount_due": 1200, "currency": "usd", "paid": false,
        "lines": [{"id": "li_1", "amount": 1200, "description": "Pro plan"}], "extra": [1]}"#;
    let invoice = get_invoice(Reply::json(200, body)).await.unwrap();
    assert_eq!(
        invoice,
        GetInvoiceResponse {
            id: Some("in_1".to_owned()),
            amount_due: Some(1200),
            currency: Some("usd".to_owned()),
            paid: Some(false),
            lines: Some(vec![Line {
                id: Some("li_1".to_owned()),
                amount: Some(1200),
                description: Some("Pro plan".to_owned()),
            }]),
        }
    );
}

#[tokio::test]
async fn a_400_is_bad_request_with_the_api_error_body_and_its_code() {
    let body = r#"{"code": 300, "message": "Invalid invoice ID."}"#;
    let e = api(get_invoice(Reply::json(400, body)).await.unwrap_err());
    assert_eq!(
        e,
        GetInvoiceError::BadRequest(ErrorBody {
            code: Some(300),
            message: Some("Invalid invoice ID.".to_owned()),
        })
    );
    assert_eq!(e.code(), Some(GetInvoiceErrorCode::Code300));
    assert_eq!(e.code().map(GetInvoiceErrorCode::code), Some(300));
}

#[tokio::test]
async fn a_401_keeps_its_text_body() {
    let e = api(get_invoice(Reply::text(401, "Unauthorized"))
        .await
        .unwrap_err());
    match &e {
        GetInvoiceError::Unauthorized(body) => assert_eq!(body.text(), "Unauthorized"),
        other => panic!("expected Unauthorized, got {other:?}"),
    }
    assert_eq!(e.code(), None, "a text body has no code");
}

#[tokio::test]
async fn a_404_decodes_both_documented_shapes() {
    let bare = r#"{"code": 3001, "message": "Invoice does not exist: in_9"}"#;
    let e = api(get_invoice(Reply::json(404, bare)).await.unwrap_err());
    assert_eq!(
        e,
        GetInvoiceError::NotFound(GetInvoiceNotFound {
            code: Some(3001),
            message: Some("Invoice does not exist: in_9".to_owned()),
            details: None,
        })
    );
    assert_eq!(e.code(), Some(GetInvoiceErrorCode::Code3001));

    let detailed = r#"{"code": 3001, "message": "m", "details": [{"field": "invoiceId", "reason": "unknown"}]}"#;
    match api(get_invoice(Reply::json(404, detailed)).await.unwrap_err()) {
        GetInvoiceError::NotFound(n) => assert_eq!(
            n.details,
            Some(vec![GetInvoiceDetail {
                field: Some("invoiceId".to_owned()),
                reason: Some("unknown".to_owned()),
            }])
        ),
        other => panic!("expected NotFound, got {other:?}"),
    }
}

#[tokio::test]
async fn an_undocumented_code_is_other() {
    let body = r#"{"code": 9999, "message": "new"}"#;
    let e = api(get_invoice(Reply::json(404, body)).await.unwrap_err());
    assert_eq!(e.code(), Some(GetInvoiceErrorCode::Other(9999)));
}

#[tokio::test]
async fn a_429_and_a_500_keep_their_raw_bodies() {
    let e = api(get_invoice(Reply::status(429).header("Retry-After", "10"))
        .await
        .unwrap_err());
    match e {
        GetInvoiceError::TooManyRequests(body) => assert!(body.as_bytes().is_empty()),
        other => panic!("expected TooManyRequests, got {other:?}"),
    }
    let html = "<html><body>Internal error</body></html>";
    let reply = Reply::bytes(500, html.as_bytes().to_vec()).header("Content-Type", "text/html");
    match api(get_invoice(reply).await.unwrap_err()) {
        GetInvoiceError::InternalServerError(body) => assert_eq!(body.text(), html),
        other => panic!("expected InternalServerError, got {other:?}"),
    }
}

#[tokio::test]
async fn a_400_error_object_is_decoded_whole() {
    let body = r#"{"error": {"type": "invalid_request_error", "code": "parameter_missing",
        "message": "Missing required param: reason.", "param": "reason",
        "doc_url": "https://billing.example.com/docs/error-codes/parameter-missing",
        "request_log_url": "https://dashboard.example.com/logs/req_1"}}"#;
    let e = api(void_invoice(Reply::json(400, body)).await);
    match &e {
        VoidInvoiceError::BadRequest(VoidInvoiceBadRequest { error: Some(error) }) => {
            assert_eq!(
                (
                    error.type_.as_deref(),
                    error.code.as_deref(),
                    error.param.as_deref()
                ),
                (
                    Some("invalid_request_error"),
                    Some("parameter_missing"),
                    Some("reason")
                )
            );
        }
        other => panic!("expected BadRequest, got {other:?}"),
    }
    assert_eq!(e.code(), None, "the code is not at the top level");
}

#[tokio::test]
async fn a_409_problem_document_is_decoded() {
    let body = r#"{"type": "https://billing.example.com/problems/already-void",
        "title": "Invoice already void", "status": 409, "detail": "in_1 was voided on 2024-01-01."}"#;
    let reply = Reply::bytes(409, body.as_bytes().to_vec())
        .header("Content-Type", "application/problem+json");
    let e = api(void_invoice(reply).await);
    assert_eq!(
        e,
        VoidInvoiceError::Conflict(VoidInvoiceConflict {
            type_: Some("https://billing.example.com/problems/already-void".to_owned()),
            title: Some("Invoice already void".to_owned()),
            status: Some(409),
            detail: Some("in_1 was voided on 2024-01-01.".to_owned()),
        })
    );
    assert_eq!(e.code(), None);
}

#[tokio::test]
async fn a_422_with_a_code_written_as_a_string() {
    let body = r#"{"code": "4220", "message": "Validation failed",
        "errors": [{"field": "reason", "message": "is required"}]}"#;
    let e = api(void_invoice(Reply::json(422, body)).await);
    match &e {
        VoidInvoiceError::UnprocessableContent(VoidInvoiceUnprocessableContent {
            code,
            errors,
            ..
        }) => {
            assert_eq!(code.as_deref(), Some("4220"));
            assert_eq!(errors.as_ref().unwrap()[0].field.as_deref(), Some("reason"));
        }
        other => panic!("expected UnprocessableContent, got {other:?}"),
    }
    assert_eq!(e.code(), Some(VoidInvoiceErrorCode::Code4220));
}

#[tokio::test]
async fn the_error_body_is_shared_across_folders() {
    let server = TestServer::start(|_| {
        Reply::json(
            404,
            r#"{"code": 1001, "message": "Customer does not exist: cus_9"}"#,
        )
    });
    let e = api(client(&server)
        .customers()
        .get_customer("cus_9")
        .await
        .unwrap_err());
    assert_eq!(
        e,
        GetCustomerError::NotFound(ErrorBody {
            code: Some(1001),
            message: Some("Customer does not exist: cus_9".to_owned()),
        })
    );
    assert_eq!(e.code(), Some(GetCustomerErrorCode::Code1001));
}

#[tokio::test]
async fn an_undocumented_status_is_unexpected() {
    match get_invoice(Reply::text(418, "teapot")).await.unwrap_err() {
        Error::UnexpectedStatus { status, body, .. } => {
            assert_eq!(status, 418);
            assert_eq!(body.text(), "teapot");
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
}

#[tokio::test]
async fn a_documented_error_of_the_wrong_shape_is_a_decode_error_naming_the_field() {
    let body = r#"{"code": "x", "message": "m"}"#;
    match get_invoice(Reply::json(404, body)).await.unwrap_err() {
        Error::Decode {
            status,
            path,
            body: raw,
            ..
        } => {
            assert_eq!(status, 404);
            assert_eq!(path, "code");
            assert_eq!(raw.text(), body);
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn a_success_of_the_wrong_shape_is_a_decode_error_naming_the_field() {
    let body = r#"{"id": "in_1", "amount_due": 1, "currency": "usd", "paid": false,
        "lines": [{"id": "li_1", "amount": "lots", "description": "d"}]}"#;
    match get_invoice(Reply::json(200, body)).await.unwrap_err() {
        Error::Decode {
            status,
            path,
            body: raw,
            ..
        } => {
            assert_eq!((status, path.as_str()), (200, "lines[0].amount"));
            assert_eq!(raw.text(), body);
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn no_response_at_all_is_transport() {
    let e = get_invoice(Reply::drop_connection()).await.unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e:?}");
}

#[tokio::test]
async fn without_documented_errors_the_error_is_undocumented() {
    let server = TestServer::start(|_| Reply::text(404, "gone"));
    let e: Error<types_errors::Undocumented> = client(&server)
        .invoices()
        .delete_draft("in_1")
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(404));
}
