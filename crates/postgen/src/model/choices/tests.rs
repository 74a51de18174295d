use super::*;

fn values(docs: &str, examples: &[&str]) -> Option<Vec<String>> {
    let examples: Vec<String> = examples.iter().map(|e| (*e).to_owned()).collect();
    documented(Some(docs), Scalar::Str, &examples)
        .map(|c| c.variants.into_iter().map(|(_, v)| v).collect())
}

#[test]
fn lists_the_corpus_writes() {
    for (docs, expect) in [
        (
            "The customer's tax exemption. One of `none`, `exempt`, or `reverse`.",
            &["none", "exempt", "reverse"][..],
        ),
        (
            "(Required) The type of account link. Possible values are `account_onboarding` or `account_update`.",
            &["account_onboarding", "account_update"],
        ),
        (
            "This can be either `individual` or `company`.",
            &["individual", "company"],
        ),
        (
            "Valid values are `increment` (default) or `set`.",
            &["increment", "set"],
        ),
        (
            "Allowed values: **pending**, **successful**, **failed**",
            &["pending", "successful", "failed"],
        ),
        (
            "Protocols.<br> (This can only be one of UDP,TCP,TLS,AUTO)",
            &["UDP", "TCP", "TLS", "AUTO"],
        ),
        (
            "Possible values (not case-sensitive): Placed, Confirmed, Cancelled",
            &["Placed", "Confirmed", "Cancelled"],
        ),
    ] {
        let expect: Vec<String> = expect.iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(values(docs, &[]), Some(expect), "{docs}");
    }
}

#[test]
fn what_is_not_a_closed_list_stays_text() {
    for docs in [
        "Comma-separated list of fields. Allowed values: id,name",
        "One of the customer's addresses.",
        "Either a card or a bank account, see the docs.",
        "One of `only`.",
        "The name, e.g. `Jo`.",
        "",
    ] {
        assert_eq!(values(docs, &[]), None, "{docs}");
    }
    // An example outside the list: the list is not what the field takes.
    assert_eq!(values("One of `a` or `b`.", &["c"]), None);
    // Placeholders say nothing; a variable is sent as its value, text.
    assert!(values("One of `a` or `b`.", &["<string>", "a"]).is_some());
    assert_eq!(values("One of `a` or `b`.", &["{{kind}}"]), None);
    // Numbers are not enums.
    let examples = vec!["1".to_owned()];
    assert_eq!(
        documented(Some("One of `1` or `2`."), Scalar::Int, &examples),
        None
    );
}

#[test]
fn variants_are_unique_identifiers() {
    let v: Vec<String> = ["account_onboarding", "UDP", "1", "other", "Other", "self"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let idents: Vec<String> = variants(&v).into_iter().map(|(i, _)| i).collect();
    assert_eq!(
        idents,
        [
            "AccountOnboarding",
            "Udp",
            "Value1",
            "Other2",
            "Other3",
            "SelfType"
        ]
    );
}
