//! Which partition an update goes to: the one its lane key (chat, else user, else its own id)
//! hashes to, so that one chat's updates always share a partition and so a worker, which
//! hands them to the same lanes as a single process does.
//!
//! The hash is fixed here (SplitMix64 of the key), not Rust's `Hash`, whose output may change
//! between compiler versions: instances built apart must agree on it.

use crate::Update;
use crate::dispatch::lanes::{LaneKey, lane_of};

fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The partition of a lane key among `partitions`.
pub(crate) fn partition_of_key(key: LaneKey, partitions: u16) -> u16 {
    let (kind, id) = match key {
        LaneKey::Chat(id) => (1u64, id),
        LaneKey::User(id) => (2, id),
        LaneKey::Alone(id) => (3, id),
    };
    let hash = mix(mix(kind) ^ id as u64);
    (hash % u64::from(partitions.max(1))) as u16
}

/// The partition of an update.
pub(crate) fn partition_of(update: &Update, partitions: u16) -> u16 {
    partition_of_key(lane_of(update), partitions)
}

/// The partition of an update that does not decode: its own lane.
pub(crate) fn partition_of_undecodable(update_id: i64, partitions: u16) -> u16 {
    partition_of_key(LaneKey::Alone(update_id), partitions)
}

/// The partitions worker `index` of `workers` (in name order) should own: every
/// `workers`-th one from `index`, so that shares differ by at most one.
pub(crate) fn share(index: usize, workers: usize, partitions: u16) -> Vec<u16> {
    let workers = workers.max(1);
    (0..partitions)
        .filter(|p| usize::from(*p) % workers == index)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_fixed_across_builds() {
        // Pinned values, computed apart (SplitMix64 in Python): a change here would split a
        // chat's updates over two partitions during a rolling upgrade.
        let spread: Vec<u16> = (0..8)
            .map(|c| partition_of_key(LaneKey::Chat(c), 1024))
            .collect();
        assert_eq!(spread, [286, 542, 619, 515, 355, 215, 1010, 434]);
    }

    #[test]
    fn chats_spread_evenly_over_partitions() {
        let mut counts = [0usize; 16];
        for chat in 0..16_000i64 {
            counts[usize::from(partition_of_key(
                LaneKey::Chat(-1_000_000_000_000 - chat),
                16,
            ))] += 1;
        }
        let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
        assert!(*min > 850 && *max < 1150, "uneven: {counts:?}");
    }

    #[test]
    fn shares_cover_every_partition_once_and_differ_by_at_most_one() {
        for workers in 1..=7 {
            let mut seen = vec![0; 16];
            let sizes: Vec<usize> = (0..workers)
                .map(|i| {
                    let mine = share(i, workers, 16);
                    for p in &mine {
                        seen[usize::from(*p)] += 1;
                    }
                    mine.len()
                })
                .collect();
            assert!(seen.iter().all(|n| *n == 1), "{workers}: {seen:?}");
            let spread = sizes.iter().max().unwrap() - sizes.iter().min().unwrap();
            assert!(spread <= 1, "{workers}: {sizes:?}");
        }
    }
}
