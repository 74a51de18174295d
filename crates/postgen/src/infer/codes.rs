//! Application error codes documented in a saved response's name, Zoom style:
//!
//! ```text
//! **HTTP Status Code:** `400` **Bad Request**<br>
//! **Error Code:** `300` <br>
//! * Webinar Id does not exist.<br>
//! **Error Code:** `3001` Webinar does not exist: {webinarId}.
//! ```

/// The `(code, meaning)` pairs documented in `text`, in order. The meaning is the text up to the
/// next code (or the next `HTTP Status Code`), with `<br>` and surrounding space removed.
pub fn documented(text: &str) -> Vec<(i64, String)> {
    let lower = text.to_ascii_lowercase();
    let mut marks: Vec<usize> = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("error code") {
        marks.push(from + i);
        from += i + "error code".len();
    }
    let mut out = Vec::new();
    for (n, &start) in marks.iter().enumerate() {
        let mut rest = &text[start + "error code".len()..];
        rest = rest.trim_start_matches([' ', '*', ':', '_']);
        let ticked = rest.starts_with('`');
        rest = rest.trim_start_matches('`');
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let Ok(code) = rest[..digits].parse::<i64>() else {
            continue;
        };
        rest = &rest[digits..];
        if ticked {
            rest = rest.strip_prefix('`').unwrap_or(rest);
        }
        let consumed = text.len() - rest.len();
        let mut end = marks
            .get(n + 1)
            .copied()
            .unwrap_or(text.len())
            .max(consumed);
        if let Some(i) = lower[consumed..end].find("http status code") {
            end = consumed + i;
        }
        let mut segment = text[consumed..end].trim_end();
        // The `**` that opens the next `**Error Code:**` belongs to it.
        if segment.matches("**").count() % 2 == 1 {
            segment = segment.strip_suffix("**").unwrap_or(segment);
        }
        out.push((code, meaning(segment)));
    }
    out
}

fn meaning(s: &str) -> String {
    let s = s
        .replace("<br/>", "\n")
        .replace("<br />", "\n")
        .replace("<br>", "\n");
    let lines: Vec<&str> = s
        .lines()
        .map(|l| {
            let l = l.trim().trim_start_matches(':').trim_start();
            let l = l.strip_prefix("* ").or(l.strip_prefix("- ")).unwrap_or(l);
            l.trim()
        })
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::documented;

    #[test]
    fn the_seed_400() {
        let name = "**HTTP Status Code:** `400` **Bad Request**<br>\n**Error Code:** `300` <br>\n* Webinar Id does not exist.<br>\n* Invalid Webinar Id.<br>\n**Error Code:** `3001` Webinar does not exist: {webinarId}.<br>\n**Error Code:** `1001` User does not exist: {userId}.<br>";
        let codes = documented(name);
        assert_eq!(
            codes,
            [
                (
                    300,
                    "Webinar Id does not exist.\nInvalid Webinar Id.".to_owned()
                ),
                (3001, "Webinar does not exist: {webinarId}.".to_owned()),
                (1001, "User does not exist: {userId}.".to_owned()),
            ]
        );
    }

    #[test]
    fn spellings() {
        assert_eq!(documented("**Error code**: `5301`<br>\nFailed.")[0].0, 5301);
        assert_eq!(
            documented("**Error Code:**`300` <br>\nx")[0],
            (300, "x".to_owned())
        );
        assert_eq!(documented("Error Code: 42 Odd")[0], (42, "Odd".to_owned()));
        assert!(documented("**Error Code:** none").is_empty());
        assert!(documented("**HTTP Status Code:** `404` Not found").is_empty());
        assert_eq!(
            documented("**Error Code:** `1` A\n**HTTP Status Code:** `404` B"),
            [(1, "A".to_owned())]
        );
    }
}
