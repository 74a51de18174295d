//! Structure-aware: inputs are JSON collections (seeded with collections of ours); the mutator
//! parses them and changes one node at a time the way real exports differ (types swapped, keys
//! dropped or duplicated, strings made hostile, folders nested), so the fuzzer spends its time
//! inside the reader and the model rather than in the JSON syntax.
#![no_main]

use libfuzzer_sys::{fuzz_mutator, fuzz_target};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let builder = postgen::Builder::new();
    if let Ok(generated) =
        builder.generate_from_bytes("fuzz.postman_collection.json", data)
    {
        generated.files().expect("generated code formats");
        generated.module_source().expect("single-file output formats");
    }
});

/// A small deterministic generator seeded by libFuzzer.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

const HOSTILE: &[&str] = &[
    "", "self", "Self", "super", "crate", "type", "async", "new", "runtime", "{{baseUrl}}",
    "{{", "}}", ":id", ":id.json", "{{a}}{{b}}", "*/", "#![no_std]", "```\npanic!()\n```",
    "    indented();", "<script>", "2fa", "获取", "🚀", "a\r\nb", "\u{0}", "(Required) x",
    "<integer>", "GET /x", "multipart/form-data", "application/json", "{}", "[", "null",
];

fn hostile(rng: &mut Rng) -> Value {
    match rng.below(6) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => Value::from(rng.next() as i64),
        3 => Value::Array(vec![]),
        4 => Value::Object(Default::default()),
        _ => Value::String(HOSTILE[rng.below(HOSTILE.len())].to_owned()),
    }
}

/// Picks a random node (pre-order index) and mutates it.
fn mutate(v: &mut Value, rng: &mut Rng) {
    let mut count = 0;
    count_nodes(v, &mut count);
    let target = rng.below(count.max(1));
    let mut seen = 0;
    apply(v, target, &mut seen, rng);
}

fn count_nodes(v: &Value, n: &mut usize) {
    *n += 1;
    match v {
        Value::Array(a) => a.iter().for_each(|x| count_nodes(x, n)),
        Value::Object(o) => o.values().for_each(|x| count_nodes(x, n)),
        _ => {}
    }
}

fn apply(v: &mut Value, target: usize, seen: &mut usize, rng: &mut Rng) -> bool {
    if *seen == target {
        match (rng.below(6), &mut *v) {
            (0, _) => *v = hostile(rng),
            (1, Value::Array(a)) if !a.is_empty() => {
                let i = rng.below(a.len());
                let copy = a[i].clone();
                a.insert(i, copy);
            }
            (2, Value::Array(a)) if !a.is_empty() => {
                a.remove(rng.below(a.len()));
            }
            (3, Value::Object(o)) if !o.is_empty() => {
                let keys: Vec<String> = o.keys().cloned().collect();
                o.remove(&keys[rng.below(keys.len())]);
            }
            (4, Value::Object(o)) => {
                let key = HOSTILE[rng.below(HOSTILE.len())].to_owned();
                o.insert(key, hostile(rng));
            }
            (5, node) => {
                // Nest: wrap the node in a folder-like item list.
                let inner = node.take();
                *node = serde_json::json!([{"name": "f", "item": [inner]}]);
            }
            _ => *v = hostile(rng),
        }
        return true;
    }
    *seen += 1;
    match v {
        Value::Array(a) => a.iter_mut().any(|x| apply(x, target, seen, rng)),
        Value::Object(o) => o.values_mut().any(|x| apply(x, target, seen, rng)),
        _ => false,
    }
}

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    let mut rng = Rng(u64::from(seed) | 1);
    let Ok(mut v) = serde_json::from_slice::<Value>(&data[..size]) else {
        return libfuzzer_sys::fuzzer_mutate(data, size, max_size);
    };
    for _ in 0..=rng.below(3) {
        mutate(&mut v, &mut rng);
    }
    let out = serde_json::to_vec(&v).unwrap_or_default();
    if out.len() > max_size {
        return libfuzzer_sys::fuzzer_mutate(data, size, max_size);
    }
    data[..out.len()].copy_from_slice(&out);
    out.len()
});
