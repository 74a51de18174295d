//! Per-thread memos of pure conversions of collection text (names → identifiers, Markdown →
//! doc comments). Collections say the same things again and again, and each conversion costs
//! thousands of instructions.

use std::cell::RefCell;
use std::collections::HashMap;
use std::thread::LocalKey;

/// A memo: each text seen so far, and what it became.
pub type Memo<V> = RefCell<HashMap<String, V>>;

/// Entries kept at most, for a process that generates many collections.
const BOUND: usize = 1 << 15;

/// `make(text)`, made once per distinct `text` on this thread.
pub fn remembered<V: Clone>(
    memo: &'static LocalKey<Memo<V>>,
    text: &str,
    make: impl FnOnce(&str) -> V,
) -> V {
    if let Some(known) = memo.with(|m| m.borrow().get(text).cloned()) {
        return known;
    }
    let made = make(text);
    memo.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= BOUND {
            m.clear();
        }
        m.insert(text.to_owned(), made.clone());
    });
    made
}
