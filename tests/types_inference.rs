//! `collections/types-inference`: bodies typed from their examples, on the wire. What the
//! server receives is the typed body serialised (keys as in the collection, absent optional
//! fields left out), and what it answers decodes into the inferred types.

mod support;

use postgen_testserver::{Reply, TestServer};
use types_inference::content::PingResponse;
use types_inference::edge_cases::{OddKeysBody, OddKeysCell};
use types_inference::meetings::{GetMeetingResponse, GetMeetingSettings};
use types_inference::users::{
    CreateUserBody, CreateUserUserInfo, ListUsersParams, ListUsersResponse, ListUsersUser,
    UpdateUserBody, UpdateUserResponse,
};
use types_inference::{Client, Error, Links};

fn client(server: &TestServer) -> Client {
    Client::new().with_base_url(server.url())
}

fn sent_json(server: &TestServer) -> serde_json::Value {
    let r = support::only_request(server);
    assert_eq!(r.header_all("content-type"), ["application/json"]);
    serde_json::from_slice(&r.body).unwrap()
}

#[tokio::test]
async fn a_json_body_is_sent_with_the_collection_keys() {
    let server = TestServer::start(|_| {
        Reply::json(
            201,
            r#"{"id": "z8", "email": "jill@example.com", "type": 1}"#,
        )
    });
    let body = CreateUserBody {
        action: "create".to_owned(),
        user_info: CreateUserUserInfo {
            email: "jill@example.com".to_owned(),
            type_: 1,
            first_name: "Jill".to_owned(),
            // A bare `{{password}}` in the example: any JSON.
            password: serde_json::json!("s3cret"),
            tags: vec!["beta".to_owned()],
        },
    };
    let created = client(&server).users().create_user(&body).await.unwrap();
    assert_eq!(
        (created.id.as_deref(), created.type_),
        (Some("z8"), Some(1))
    );
    assert_eq!(
        sent_json(&server),
        serde_json::json!({"action": "create", "user_info": {"email": "jill@example.com",
            "type": 1, "first_name": "Jill", "password": "s3cret", "tags": ["beta"]}})
    );
}

#[tokio::test]
async fn optional_fields_left_out_are_not_sent_and_unusual_keys_keep_their_names() {
    let server = TestServer::start(|_| Reply::json(200, r#"{"value": [1]}"#));
    let body = OddKeysBody {
        first_name: "Jill".to_owned(),
        user_id: 1,
        user_id_2: 2,
        ref_: "#/users/1".to_owned(),
        type_: "admin".to_owned(),
        self_: true,
        _2fa: false,
        a_b: 1.5,
        field: 0,
        unicode: "ü".to_owned(),
        big: 12_345_678_901_234_567_890,
        exp: 1000.0,
        mixed: vec![serde_json::json!(1)],
        grid: vec![vec![1, 2]],
        cells: vec![vec![OddKeysCell { x: 1, y: None }]],
        sparse: vec![Some(1), None],
        nothing: serde_json::Value::Null,
        empty: serde_json::json!({}),
    };
    let answer = client(&server).edge_cases().odd_keys(&body).await.unwrap();
    assert_eq!(answer.value, serde_json::json!([1]), "a value of any type");
    assert_eq!(answer.when, None);
    assert_eq!(
        sent_json(&server),
        serde_json::json!({"First Name": "Jill", "userId": 1, "user_id": 2, "$ref": "#/users/1",
            "type": "admin", "self": true, "2fa": false, "a-b": 1.5, "": 0, "Ünïcode": "ü",
            "big": 12_345_678_901_234_567_890_u64, "exp": 1000.0, "mixed": [1], "grid": [[1, 2]], "cells": [[{"x": 1}]],
            "sparse": [1, null], "nothing": null, "empty": {}})
    );
}

#[tokio::test]
async fn merged_examples_decode_with_missing_and_unknown_fields() {
    let answer = r#"{"page_size": 30, "total_records": 1, "users": [{"id": "Q2", "type": 2,
        "pmi": 1, "created_at": "2019-06-02T07:58:03Z", "custom_attributes": [{"k": "v"}],
        "group_ids": [], "score": 2, "new_field": true}]}"#;
    let server = TestServer::start(move |_| Reply::json(200, answer));
    let page = client(&server)
        .users()
        .list_users(&ListUsersParams::default())
        .await
        .unwrap();
    assert_eq!(
        page,
        ListUsersResponse {
            page_size: Some(30),
            total_records: Some(1),
            next_page_token: None,
            users: Some(vec![ListUsersUser {
                id: Some("Q2".to_owned()),
                email: None,
                type_: Some(2),
                pmi: Some(1),
                created_at: Some("2019-06-02T07:58:03Z".to_owned()),
                dept: None,
                language: None,
                custom_attributes: Some(vec![serde_json::json!({"k": "v"})]),
                group_ids: Some(vec![]),
                score: Some(2.0),
            }]),
        }
    );
}

/// An example shows what a response can hold, never what it must: a server that leaves out
/// fields, sends `null`, a number as a string or an integer as a float, is still understood.
#[tokio::test]
async fn responses_decode_without_the_fields_examples_had_and_with_their_values_written_otherwise()
{
    let answer =
        r#"{"users": [{"id": 7, "type": "2", "pmi": 1.0, "score": "2.5", "created_at": null}]}"#;
    let server = TestServer::start(move |_| Reply::json(200, answer));
    let page = client(&server)
        .users()
        .list_users(&ListUsersParams::default())
        .await
        .unwrap();
    assert_eq!((page.page_size, page.total_records), (None, None));
    let user = &page.users.unwrap()[0];
    assert_eq!(
        (
            user.id.as_deref(),
            user.type_,
            user.pmi,
            user.score,
            &user.created_at
        ),
        (Some("7"), Some(2), Some(1), Some(2.5), &None)
    );
    let empty = TestServer::start(|_| Reply::json(200, "{}"));
    let page = client(&empty)
        .users()
        .list_users(&ListUsersParams::default())
        .await
        .unwrap();
    assert!(page.users.is_none());
}

#[tokio::test]
async fn a_shape_two_folders_share_is_one_type() {
    let server = TestServer::start(|r| {
        let body = if r.path.starts_with("/users") {
            r#"{"id": "z8", "phone": {"country": "US", "number": "1"},
                "settings": {"feature": {"meeting_capacity": 1, "large_meeting": true}},
                "links": {"self": "u"}}"#
        } else {
            r#"{"id": "g1", "name": "Sales", "total_members": 3, "links": {"self": "g"}}"#
        };
        Reply::json(200, body)
    });
    let c = client(&server);
    let user: Option<Links> = c.users().get_user("z8").await.unwrap().links;
    let group: Option<Links> = c.groups().get_group("g1").await.unwrap().links;
    assert_eq!(
        (user.and_then(|l| l.self_), group.and_then(|l| l.self_)),
        (Some("u".to_owned()), Some("g".to_owned()))
    );
}

#[tokio::test]
async fn a_200_or_a_204_is_some_or_none() {
    let body = UpdateUserBody {
        first_name: "Jill".to_owned(),
        dept: "Sales".to_owned(),
    };
    let server = TestServer::sequence(vec![
        Reply::json(200, r#"{"id": "z8", "updated": true}"#),
        Reply::status(204),
    ]);
    let c = client(&server);
    assert_eq!(
        c.users().update_user("z8", &body).await.unwrap(),
        Some(UpdateUserResponse {
            id: Some("z8".to_owned()),
            updated: Some(true)
        })
    );
    assert_eq!(c.users().update_user("z8", &body).await.unwrap(), None);
}

#[tokio::test]
async fn placeholders_were_type_hints() {
    let answer = r#"{"id": 85746065, "uuid": "u", "topic": "t", "start_time": "2024-01-01T10:00:00Z",
        "date": "2024-01-01", "duration": 60, "settings": {"host_video": true, "ratio": 1.5,
        "gain": 2, "scale": 0.5, "meta": {"any": ["thing"]}}, "tracking_fields": []}"#;
    let server = TestServer::start(move |_| Reply::json(200, answer));
    let m: GetMeetingResponse = client(&server)
        .meetings()
        .get_meeting(85746065)
        .await
        .unwrap();
    assert_eq!((m.id, m.duration), (Some(85746065), Some(60)));
    assert_eq!(
        m.settings,
        Some(GetMeetingSettings {
            host_video: Some(true),
            ratio: Some(1.5),
            gain: Some(2.0),
            scale: Some(0.5),
            meta: serde_json::json!({"any": ["thing"]}),
        })
    );
}

#[tokio::test]
async fn non_json_responses_are_text_bytes_or_nothing() {
    let server = TestServer::start(|r| match r.path.as_str() {
        "/reports/r1" => Reply::bytes(200, b"%PDF-1.4\xff".to_vec()),
        "/reports/r1/csv" => Reply::text(200, "id,name\n1,Jill\n"),
        "/pages/home" => Reply::text(200, "<html></html>"),
        "/ping" => Reply::text(200, r#"{"ok": true}"#),
        "/users/count" => Reply::json(200, "42"),
        "/users/z8" => Reply::status(204),
        _ => Reply::text(202, "queued"),
    });
    let c = client(&server);
    let content = c.content();
    assert_eq!(
        content.download_report("r1").await.unwrap(),
        b"%PDF-1.4\xff".to_vec()
    );
    assert_eq!(
        content.export_report("r1").await.unwrap(),
        "id,name\n1,Jill\n"
    );
    assert_eq!(content.render_page("home").await.unwrap(), "<html></html>");
    // No Content-Type in the collection: the body looked like JSON.
    assert_eq!(
        content.ping().await.unwrap(),
        PingResponse { ok: Some(true) }
    );
    assert_eq!(content.count_users().await.unwrap(), 42);
    let raw = content.send_anything().await.unwrap();
    assert_eq!((raw.status(), raw.text()), (202, "queued".to_owned()));
    let () = c.users().delete_user("z8").await.unwrap();
}

#[tokio::test]
async fn a_wrong_type_is_a_decode_error_with_the_path_and_the_body() {
    let answer = r#"{"page_size": 30, "total_records": "many", "users": []}"#;
    // (A string of digits would do: `"many"` is no integer.)
    let server = TestServer::start(move |_| Reply::json(200, answer));
    let e = client(&server)
        .users()
        .list_users(&ListUsersParams::default())
        .await
        .unwrap_err();
    match e {
        Error::Decode {
            status,
            path,
            message,
            body,
            ..
        } => {
            assert_eq!((status, path.as_str()), (200, "total_records"));
            assert!(message.contains("expected an integer"), "{message}");
            assert_eq!(body.text(), answer);
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

/// A query parameter the collection never sends (disabled) is typed by its description: "a
/// whole number between 1 and 5" is an `i64`, not a bare flag; `true`/`false` a `bool`, whatever
/// placeholder its example holds.
#[tokio::test]
async fn unsent_query_parameters_are_typed_by_their_description() {
    let server = TestServer::start(|_| Reply::json(200, "{}"));
    let params = ListUsersParams {
        page_size: Some(10),
        backfill_minutes: Some(3),
        include_inactive: Some(true),
    };
    client(&server).users().list_users(&params).await.unwrap();
    let r = support::only_request(&server);
    assert_eq!(
        r.query.as_deref(),
        Some("page_size=10&backfill_minutes=3&include_inactive=true")
    );
}
