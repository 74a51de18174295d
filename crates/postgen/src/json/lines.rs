//! Byte offset → line and column, for error messages.

/// Maps byte offsets to 1-based line and column numbers (the column counted in characters, not
/// bytes).
///
/// Lines end at `\n`, `\r\n` or a lone `\r`. A byte order mark at the start of the text is not
/// counted as a column.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset at which each line starts; the first is always 0.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> LineIndex {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGHS: u64 = 0x8080_8080_8080_8080;
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            // Skip eight bytes at a time while none of them is `\n` or `\r`.
            if let Some(Ok(chunk)) = bytes.get(i..i + 8).map(<[u8; 8]>::try_from) {
                let x = u64::from_le_bytes(chunk);
                let (lf, cr) = (x ^ (ONES * 0x0A), x ^ (ONES * 0x0D));
                if (lf.wrapping_sub(ONES) & !lf | cr.wrapping_sub(ONES) & !cr) & HIGHS == 0 {
                    i += 8;
                    continue;
                }
            }
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
            i += 1;
        }
        LineIndex { starts }
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
        let mut line_start = self.starts.get(line - 1).copied().unwrap_or(0).min(offset);
        if line_start == 0 && offset >= 3 && text.starts_with('\u{feff}') {
            line_start = 3;
        }
        let column = text.as_bytes().get(line_start..offset).map_or(0, |bytes| {
            bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
        });
        (line, column + 1)
    }
}
