//! "Did you mean …?": the closest known command to a mistyped one.

/// The candidate closest to `typed` by edit distance (insertions, deletions, substitutions and
/// swaps of neighbours), when it is close enough to be a typo: at most one edit for names of up
/// to four letters, two for longer ones. Ties go to the first candidate.
///
/// ```
/// use telebot::commands::closest;
/// assert_eq!(closest("strat", ["start", "stats"]), Some("start"));
/// assert_eq!(closest("weather", ["start", "stats"]), None);
/// ```
pub fn closest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = if typed.chars().count() <= 4 { 1 } else { 2 };
    candidates
        .into_iter()
        .map(|c| (distance(typed, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The optimal-string-alignment distance between two strings.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::distance;

    #[test]
    fn swaps_count_as_one_edit() {
        assert_eq!(distance("strat", "start"), 1);
        assert_eq!(distance("hlep", "help"), 1);
        assert_eq!(distance("add", "ad"), 1);
        assert_eq!(distance("", "abc"), 3);
    }
}
