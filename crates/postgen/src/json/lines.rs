//! Byte offset → line and column, for error messages.

/// Maps byte offsets to 1-based line and column numbers (the column counted in characters, not
/// bytes).
///
/// Lines end at `\n`, `\r\n` or a lone `\r`. A byte order mark at the start of the text is not
/// counted as a column. Each lookup costs a binary search and the characters since the last
/// checkpoint (one every [`CHECKPOINT`] bytes), so that many lookups in a file that is one long
/// line (a minified collection) stay linear.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset at which each line starts; the first is always 0.
    starts: Vec<usize>,
    /// `(offset, column)` every [`CHECKPOINT`] bytes or so: the characters from the start of
    /// the line to `offset` (a byte order mark counts as one).
    checkpoints: Vec<(usize, usize)>,
}

/// Bytes between column checkpoints.
const CHECKPOINT: usize = 4096;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The bytes of `x` that start a character (all but UTF-8 continuation bytes, `0b10xx_xxxx`).
fn char_starts(x: u64) -> usize {
    let continuation = x & HIGHS & !(x << 1);
    8 - continuation.count_ones() as usize
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut checkpoints = Vec::with_capacity(bytes.len() / CHECKPOINT + 1);
        let mut next_checkpoint = CHECKPOINT;
        let mut column = 0;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if i >= next_checkpoint {
                checkpoints.push((i, column));
                next_checkpoint = i + CHECKPOINT;
            }
            // Skip eight bytes at a time while none of them is `\n` or `\r`.
            if let Some(Ok(chunk)) = bytes.get(i..i + 8).map(<[u8; 8]>::try_from) {
                let x = u64::from_le_bytes(chunk);
                let (lf, cr) = (x ^ (ONES * 0x0A), x ^ (ONES * 0x0D));
                if (lf.wrapping_sub(ONES) & !lf | cr.wrapping_sub(ONES) & !cr) & HIGHS == 0 {
                    column += char_starts(x);
                    i += 8;
                    continue;
                }
            }
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
                column = 0;
            } else if b & 0xC0 != 0x80 {
                column += 1;
            }
            i += 1;
        }
        LineIndex {
            starts,
            checkpoints,
        }
    }

    /// The 1-based `(line, column)` of byte `offset` in `text`, which must be the text this index
    /// was built from. An offset inside a multi-byte character is taken as that character's; one
    /// past the end of `text` as the end of `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        // `starts[0] == 0 <= offset`, so at least one start qualifies.
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let line_start = self.starts.get(line - 1).copied().unwrap_or(0).min(offset);
        // Count from the last checkpoint on this line before `offset`, if there is one.
        let at = self.checkpoints.partition_point(|&(p, _)| p <= offset);
        let (from, mut column) = match at.checked_sub(1).map(|i| self.checkpoints[i]) {
            Some((p, c)) if p >= line_start => (p, c),
            _ => (line_start, 0),
        };
        column += text.as_bytes().get(from..offset).map_or(0, |bytes| {
            bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
        });
        if line_start == 0 && offset >= 3 && text.starts_with('\u{feff}') {
            // The byte order mark is no column.
            column -= 1;
        }
        (line, column + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The column by counting from the line's start, as the index did before checkpoints.
    fn slow(text: &str, offset: usize) -> (usize, usize) {
        let before = &text[..offset];
        let line = before.matches('\n').count() + before.matches('\r').count()
            - before.matches("\r\n").count()
            + 1;
        let start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let mut column = before[start..].chars().count();
        if start == 0 && text.starts_with('\u{feff}') && offset >= 3 {
            column -= 1;
        }
        (line, column + 1)
    }

    #[test]
    fn checkpoints_give_the_columns_counting_does() {
        let mut long = String::from("\u{feff}");
        for i in 0..3000 {
            long.push_str(if i % 7 == 0 { "é日x" } else { "abcd" });
            if i % 1000 == 999 {
                long.push_str("\r\n");
            }
        }
        let index = LineIndex::new(&long);
        assert!(index.checkpoints.len() > 2);
        for offset in (0..long.len())
            .filter(|&o| long.is_char_boundary(o))
            .step_by(37)
        {
            assert_eq!(
                index.line_col(&long, offset),
                slow(&long, offset),
                "at {offset}"
            );
        }
        assert_eq!(index.line_col(&long, long.len()), slow(&long, long.len()));
    }
}
