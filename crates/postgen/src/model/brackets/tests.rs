use super::*;
use crate::model::Scalar;

fn field(key: &str, value: &str, enabled: bool) -> FormField {
    FormField {
        key: key.to_owned(),
        ident: String::new(),
        is_file: false,
        ty: scalar_of(std::iter::once(value)),
        required: false,
        repeated: false,
        content_type: None,
        docs: None,
        examples: vec![value.to_owned()],
        enabled,
        fallback: None,
        group: None,
        choices: None,
    }
}

fn shape(f: &FormField) -> &GroupShape {
    &f.group.as_deref().expect("a group").shape
}

fn struct_fields(f: &FormField) -> &[FormField] {
    match shape(f) {
        GroupShape::Struct { fields, .. } => fields,
        other => panic!("not a struct: {other:?}"),
    }
}

#[test]
fn named_segments_become_a_struct_and_indexes_a_list() {
    let out = group(vec![
        field("name", "Jo", true),
        field("address[city]", "Paris", true),
        field("address[line1]", "<string>", false),
        field("expand[0]", "a", true),
        field("expand[1]", "b", true),
        field("invoice_settings[custom_fields][0][name]", "n0", true),
        field("invoice_settings[custom_fields][0][value]", "v0", true),
        field("invoice_settings[custom_fields][1][name]", "n1", true),
        field("invoice_settings[footer]", "f", false),
    ]);
    let keys: Vec<&str> = out.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["name", "address", "expand", "invoice_settings"]);
    assert!(out[0].group.is_none());
    let address = struct_fields(&out[1]);
    assert_eq!(address.len(), 2);
    assert_eq!(address[0].key, "city");
    assert_eq!(
        out[1].group.as_deref().map(|g| g.keys.clone()),
        Some(vec![
            "address[city]".to_owned(),
            "address[line1]".to_owned()
        ])
    );
    let GroupShape::List { item, items } = shape(&out[2]) else {
        panic!("expand is a list")
    };
    assert!(item.group.is_none());
    assert_eq!(item.ty, Scalar::Str);
    assert_eq!(items.len(), 2);
    let settings = struct_fields(&out[3]);
    let GroupShape::List { item, items } = shape(&settings[0]) else {
        panic!("custom_fields is a list")
    };
    assert_eq!(items.len(), 2);
    let union: Vec<&str> = struct_fields(item).iter().map(|f| f.key.as_str()).collect();
    assert_eq!(union, ["name", "value"]);
}

#[test]
fn an_object_placeholder_is_a_map() {
    let out = group(vec![
        field("metadata", "<object>", false),
        field("card[metadata]", "<object>", true),
    ]);
    assert!(matches!(shape(&out[0]), GroupShape::Map));
    assert!(matches!(shape(&struct_fields(&out[1])[0]), GroupShape::Map));
}

#[test]
fn what_cannot_be_grouped_exactly_stays_flat() {
    // A base that is also a key of its own.
    let out = group(vec![field("a", "x", true), field("a[b]", "y", true)]);
    assert!(out.iter().all(|f| f.group.is_none()));
    // Names mixed with indexes, a gap in the indexes, an empty segment.
    for keys in [
        ["m[0]", "m[x]"],
        ["g[0]", "g[2]"],
        ["t[]", "t[]"],
        ["z[00]", "z[1]"],
    ] {
        let out = group(keys.iter().map(|k| field(k, "v", true)).collect());
        assert!(out.iter().all(|f| f.group.is_none()), "{keys:?}");
    }
    // A later element sent while an earlier one is not would move to index 0.
    let out = group(vec![field("l[0]", "a", false), field("l[1]", "b", true)]);
    assert!(out.iter().all(|f| f.group.is_none()));
    // Interleaved bases would change the order on the wire.
    let out = group(vec![
        field("a[x]", "1", true),
        field("b", "2", true),
        field("a[y]", "3", true),
    ]);
    assert_eq!(out.len(), 3);
    assert!(out.iter().all(|f| f.group.is_none()));
}

#[test]
fn required_fields_make_their_struct_required() {
    let mut city = field("address[city]", "Paris", true);
    city.required = true;
    let out = group(vec![city, field("address[zip]", "1", false)]);
    assert!(out[0].required);
    let fields = struct_fields(&out[0]);
    assert!(fields[0].required && !fields[1].required);
    assert_eq!(fields[1].ty, Scalar::Int);
}

#[test]
fn names_are_claimed_per_struct() {
    let mut out = group(vec![
        field("shipping[address][city]", "c", true),
        field("address[city]", "c", true),
        field("items[0][type]", "t", true),
        field("items[1][type]", "t", true),
    ]);
    let mut types = Namespace::default();
    name(&mut out, "CreateForm", &mut types);
    let GroupShape::Struct { type_ident, fields } = shape(&out[0]) else {
        panic!()
    };
    assert_eq!(type_ident, "CreateFormShipping");
    let GroupShape::Struct { type_ident, .. } = shape(&fields[0]) else {
        panic!()
    };
    assert_eq!(type_ident, "CreateFormShippingAddress");
    let GroupShape::List { item, items } = shape(&out[2]) else {
        panic!()
    };
    let GroupShape::Struct { type_ident, fields } = shape(item) else {
        panic!()
    };
    assert_eq!(type_ident, "CreateFormItemsItem");
    assert_eq!(fields[0].ident, field_ident("type"));
    let GroupShape::Struct {
        type_ident: each, ..
    } = shape(&items[1])
    else {
        panic!()
    };
    assert_eq!(each, "CreateFormItemsItem");
}
