use std::borrow::Cow;

use super::*;

fn url(path: &str) -> SplitUrl<'static, 'static> {
    SplitUrl {
        host: "{{baseUrl}}".to_owned(),
        path: path.split('/').map(|s| Cow::Owned(s.to_owned())).collect(),
        query: Vec::new(),
    }
}

fn resources(paths: &[&str]) -> Resources {
    let mut r = Resources::default();
    for p in paths {
        r.add(&url(p));
    }
    r
}

#[test]
fn a_name_that_names_other_requests_resources_is_flagged() {
    let all = resources(&[
        "v1/charges",
        "v1/refunds",
        "v1/payment_intents",
        "v1/account_sessions",
        "v1/files/:file",
    ]);
    let why = check(
        "Refund a Charge or a PaymentIntent in-person",
        "POST",
        &url("v1/account_sessions"),
        &all,
    )
    .expect("flagged");
    assert!(why.contains("`refund`, `charge`"), "{why}");
    assert!(why.contains("`POST /v1/account_sessions`"), "{why}");
}

#[test]
fn names_that_say_their_path_are_not_flagged() {
    let all = resources(&[
        "v1/charges",
        "v1/refunds",
        "JSSResource/accounts/groupname/:name",
        "JSSResource/mobiledeviceextensionattributes",
        "2/users/:id/likes",
        "graphql",
    ]);
    for (name, path) in [
        ("Create a file", "v1/files"),
        ("Refund a charge", "v1/refunds"),
        (
            "Finds groups by name",
            "JSSResource/accounts/groupname/:name",
        ),
        (
            "Finds all mobile device extension attributes",
            "JSSResource/mobiledeviceextensionattributes",
        ),
        ("Like a Tweet", "2/users/:id/likes"),
        // One shared word: a sub-resource named otherwise.
        ("Get the charge's user", "v2/accounts"),
        // The operation is in the body.
        ("Refund charges", "graphql"),
        // A path of variables only.
        ("Refund charges", ":version/:id"),
        ("Token introspection endpoint", "services/oauth2/introspect"),
    ] {
        assert_eq!(check(name, "GET", &url(path), &all), None, "{name}");
    }
}

#[test]
fn names_cut_short_are_flagged() {
    let all = Resources::default();
    for name in [
        "Update the user's notif...",
        "List meeting…",
        "Get a report (daily",
        "Search \"open items",
    ] {
        let why = check(name, "GET", &url("v1/x"), &all).expect(name);
        assert!(why.contains("looks cut short"), "{why}");
    }
    for name in ["Get a report (daily)", "Get \"all\" settings", "Get it."] {
        assert_eq!(check(name, "GET", &url("v1/x"), &all), None, "{name}");
    }
}

#[test]
fn singular_and_words() {
    assert_eq!(singular("entries"), "entry");
    assert_eq!(singular("boxes"), "box");
    assert_eq!(singular("charges"), "charge");
    assert_eq!(singular("status"), "status");
    assert_eq!(singular("access"), "access");
    assert_eq!(
        words("PaymentIntent in-person"),
        ["payment", "intent", "in", "person"]
    );
    assert!(spelled(
        "groupbyname",
        &["group".into(), "by".into(), "name".into()]
    ));
    assert!(!spelled("groupname", &["name".into(), "group".into()]));
}

#[test]
fn the_warning_names_the_request_and_keeps_its_name() {
    let text = r#"{
      "info": {"name": "Shop", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
      "item": [
        {"name": "List charges", "request": {"method": "GET", "url": "https://x.test/v1/charges"}},
        {"name": "List refunds", "request": {"method": "GET", "url": "https://x.test/v1/refunds"}},
        {"name": "Refund a charge", "request": {"method": "POST", "url": "https://x.test/v1/sessions"}},
        {"name": "Update the notif...", "request": {"method": "POST", "url": "https://x.test/v1/notifications"}}
      ]
    }"#;
    let g = crate::Builder::new()
        .generate_from_bytes("shop.json", text.as_bytes())
        .unwrap();
    let names: Vec<(String, usize)> = g
        .warnings
        .iter()
        .filter(|w| w.kind == crate::WarningKind::Name)
        .map(|w| (w.message.clone(), w.location.line))
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names[0].0.contains("\"Refund a charge\""), "{names:?}");
    assert!(names[0].0.contains("`POST /v1/sessions`"), "{names:?}");
    assert_eq!(names[0].1, 6);
    assert!(names[1].0.contains("looks cut short"), "{names:?}");
    // The functions keep the names as written.
    let fns: Vec<&str> = g
        .api()
        .root
        .operations
        .iter()
        .map(|o| o.ident.as_str())
        .collect();
    assert_eq!(
        fns,
        [
            "list_charges",
            "list_refunds",
            "refund_charge",
            "update_notif"
        ]
    );
}
