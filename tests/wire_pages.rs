//! `collections/wire-pages`: each pagination pattern postgen detects, against a server with
//! three pages. `Call::items` yields every item of every page in order, and each page's request
//! is the first one with the query parameters of its page (and only those) changed.

use futures_util::StreamExt;
use postgen_testserver::{Recorded, Reply, TestServer};
use wire_pages::{Client, ListCustomersParams, ListPhonesParams, ListUsersParams};

/// The value of query parameter `name` of `r`.
fn query(r: &Recorded, name: &str) -> Option<String> {
    r.query_pairs()
        .into_iter()
        .find(|(k, _)| k == name)
        .and_then(|(_, v)| v)
}

/// Pages 1 to 3 of every list: the page is read from what each pattern sends.
fn api() -> TestServer {
    TestServer::start(|r: &Recorded| {
        let page = |name: &str, first: &str, later: &[&str]| -> usize {
            match query(r, name) {
                Some(v) if v == later[0] => 2,
                Some(v) if v == later[1] => 3,
                Some(v) if v == first || v.is_empty() => 1,
                None => 1,
                Some(_) => 0,
            }
        };
        let body = match r.path.as_str() {
            "/users" => {
                let n = page("next_page_token", "", &["t-2", "t-3"]);
                let next = ["", "t-2", "t-3", ""][n];
                format!(r#"{{"next_page_token": "{next}", "users": [{{"id": "u{n}"}}]}}"#)
            }
            "/tweets/search" => {
                let n = page("pagination_token", "", &["n-2", "n-3"]);
                // The last page has no `next_token` at all.
                let meta = match n {
                    1 => r#"{"result_count": 1, "next_token": "n-2"}"#,
                    2 => r#"{"result_count": 1, "next_token": "n-3"}"#,
                    _ => r#"{"result_count": 1}"#,
                };
                format!(r#"{{"data": [{{"id": "{n}"}}], "meta": {meta}}}"#)
            }
            "/phones" => {
                let n = page("page_number", "1", &["2", "3"]);
                format!(r#"{{"page_count": 3, "page_number": {n}, "phones": [{{"id": "p{n}"}}]}}"#)
            }
            "/v1/customers" => {
                let n = page("starting_after", "cus_0", &["cus_1", "cus_2"]);
                let more = n < 3;
                format!(r#"{{"has_more": {more}, "data": [{{"id": "cus_{n}"}}]}}"#)
            }
            "/merchants" => {
                let n = page("pageNumber", "1", &["2", "3"]);
                let next = match n {
                    1 | 2 => format!(
                        r#""next": {{"href": "https://elsewhere.example/merchants?pageNumber={}&pageSize=2"}}"#,
                        n + 1
                    ),
                    _ => String::new(),
                };
                format!(r#"{{"_links": {{{next}}}, "pagesTotal": 3, "data": [{{"id": "M{n}"}}]}}"#)
            }
            "/groups" => {
                let n = page("$skiptoken", "", &["s-2", "s-3"]);
                let next = match n {
                    1 => r#""@odata.nextLink": "/v1.0/groups?$top=2&$skiptoken=s-2","#,
                    2 => {
                        r#""@odata.nextLink": "https://graph.example/v1.0/groups?$top=2&$skiptoken=s-3","#
                    }
                    _ => "",
                };
                format!(r#"{{{next} "value": [{{"id": "g{n}"}}]}}"#)
            }
            _ => return Reply::json(404, "{}"),
        };
        Reply::json(200, &body)
    })
}

fn client(server: &TestServer) -> Client {
    Client::new().with_base_url(server.url())
}

/// The targets of the requests `server` received, in order.
fn targets(server: &TestServer) -> Vec<String> {
    server
        .take_requests()
        .into_iter()
        .map(|r| r.target)
        .collect()
}

#[tokio::test]
async fn a_cursor_is_sent_back_until_it_is_empty() {
    let server = api();
    let c = client(&server);
    let params = ListUsersParams {
        page_size: Some(2),
        ..Default::default()
    };
    let mut users = c.list_users(&params).items();
    let mut ids = Vec::new();
    while let Some(user) = users.next().await {
        ids.push(user.unwrap().id.unwrap());
    }
    assert_eq!(ids, ["u1", "u2", "u3"]);
    assert_eq!(
        targets(&server),
        [
            "/users?page_size=2",
            "/users?page_size=2&next_page_token=t-2",
            "/users?page_size=2&next_page_token=t-3",
        ]
    );
}

#[tokio::test]
async fn a_nested_cursor_goes_into_its_generic_parameter() {
    let server = api();
    let c = client(&server);
    let params = wire_pages::SearchTweetsParams {
        query: Some("rust".into()),
        ..Default::default()
    };
    // As a `Stream`, through an adapter of the futures crates.
    let ids: Vec<String> = c
        .search_tweets(&params)
        .items()
        .map(|t| t.unwrap().id.unwrap())
        .collect()
        .await;
    assert_eq!(ids, ["1", "2", "3"]);
    assert_eq!(
        targets(&server),
        [
            "/tweets/search?query=rust",
            "/tweets/search?query=rust&pagination_token=n-2",
            "/tweets/search?query=rust&pagination_token=n-3",
        ]
    );
}

#[tokio::test]
async fn a_page_number_counts_up_to_the_page_count() {
    let server = api();
    let c = client(&server);
    let params = ListPhonesParams {
        page_number: Some(1),
        page_size: Some(2),
    };
    let pages: Vec<_> = c.list_phones(&params).pages().collect().await;
    let numbers: Vec<i64> = pages
        .into_iter()
        .map(|p| p.unwrap().page_number.unwrap())
        .collect();
    assert_eq!(numbers, [1, 2, 3]);
    // The parameter keeps its place among the others.
    assert_eq!(
        targets(&server),
        [
            "/phones?page_number=1&page_size=2",
            "/phones?page_size=2&page_number=2",
            "/phones?page_size=2&page_number=3",
        ]
    );
}

#[tokio::test]
async fn has_more_continues_after_the_last_item() {
    let server = api();
    let c = client(&server);
    let params = ListCustomersParams {
        limit: Some(2),
        starting_after: Some("cus_0".into()),
    };
    let ids: Vec<String> = c
        .list_customers(&params)
        .items()
        .map(|x| x.unwrap().id.unwrap())
        .collect()
        .await;
    assert_eq!(ids, ["cus_1", "cus_2", "cus_3"]);
    assert_eq!(
        targets(&server),
        [
            "/v1/customers?limit=2&starting_after=cus_0",
            "/v1/customers?limit=2&starting_after=cus_1",
            "/v1/customers?limit=2&starting_after=cus_2",
        ]
    );
}

#[tokio::test]
async fn a_next_link_gives_its_query_not_its_host() {
    let server = api();
    let c = client(&server);
    let params = wire_pages::ListMerchantsParams {
        page_number: Some(1),
        page_size: Some(2),
    };
    let ids: Vec<String> = c
        .list_merchants(&params)
        .items()
        .map(|x| x.unwrap().id.unwrap())
        .collect()
        .await;
    assert_eq!(ids, ["M1", "M2", "M3"]);
    // Every page from the client's own host (the link names another one).
    assert_eq!(
        targets(&server),
        [
            "/merchants?pageNumber=1&pageSize=2",
            "/merchants?pageNumber=2&pageSize=2",
            "/merchants?pageNumber=3&pageSize=2",
        ]
    );

    // `@odata.nextLink`, relative and absolute: `$skiptoken` added, `$top` kept.
    let groups = wire_pages::ListGroupsParams { top: Some(2) };
    let ids: Vec<String> = c
        .list_groups(&groups)
        .items()
        .map(|x| x.unwrap().id.unwrap())
        .collect()
        .await;
    assert_eq!(ids, ["g1", "g2", "g3"]);
    assert_eq!(
        targets(&server),
        [
            "/groups?$top=2",
            "/groups?$top=2&$skiptoken=s-2",
            "/groups?$top=2&$skiptoken=s-3",
        ]
    );
}

#[tokio::test]
async fn an_error_ends_the_stream_and_a_repeated_page_is_not_asked_for_again() {
    // Page 2 fails: the stream yields page 1's item, the error, then nothing.
    let failing = TestServer::start(|r: &Recorded| match query(r, "next_page_token") {
        None => Reply::json(
            200,
            r#"{"next_page_token": "t-2", "users": [{"id": "u1"}]}"#,
        ),
        Some(_) => Reply::json(500, "{}"),
    });
    let c = client(&failing);
    let mut users = c.list_users(&ListUsersParams::default()).items();
    assert!(users.next().await.unwrap().is_ok());
    assert!(users.next().await.unwrap().is_err());
    assert!(users.next().await.is_none());
    assert_eq!(failing.take_requests().len(), 2);

    // A server that ignores the cursor and answers with the same token: two requests, not a loop.
    let stuck = TestServer::start(|_: &Recorded| {
        Reply::json(
            200,
            r#"{"next_page_token": "same", "users": [{"id": "u"}]}"#,
        )
    });
    let c = client(&stuck);
    let pages: Vec<_> = c
        .list_users(&ListUsersParams::default())
        .pages()
        .collect()
        .await;
    assert_eq!(pages.len(), 2);
    assert_eq!(stuck.take_requests().len(), 2);
}

#[tokio::test]
async fn call_options_apply_to_every_page() {
    let server = api();
    let c = client(&server);
    let pages: Vec<_> = c
        .list_users(&ListUsersParams::default())
        .header("X-Trace", "t")
        .pages()
        .collect()
        .await;
    assert_eq!(pages.len(), 3);
    for r in server.take_requests() {
        assert_eq!(r.header("x-trace"), Some("t"), "{}", r.target);
    }
}
