//! The cache for callback data too long for a button: the least recently used entries go first.

use std::collections::HashMap;

/// Long packed data by key, with a bound on the number of entries.
#[derive(Debug)]
pub(crate) struct LruCache {
    capacity: usize,
    /// key → (packed data, last use)
    entries: HashMap<String, (String, u64)>,
    clock: u64,
}

impl LruCache {
    pub(crate) fn new(capacity: usize) -> LruCache {
        LruCache {
            capacity: capacity.max(1),
            entries: HashMap::new(),
            clock: 0,
        }
    }

    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    pub(crate) fn insert(&mut self, key: String, data: String) {
        let now = self.tick();
        self.entries.insert(key, (data, now));
        while self.entries.len() > self.capacity {
            let oldest = self
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(key, _)| key.clone());
            match oldest {
                Some(key) => self.entries.remove(&key),
                None => break,
            };
        }
    }

    pub(crate) fn get(&mut self, key: &str) -> Option<String> {
        let now = self.tick();
        let (data, used) = self.entries.get_mut(key)?;
        *used = now;
        Some(data.clone())
    }

    pub(crate) fn contains(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }

    pub(crate) fn remove(&mut self, key: &str) -> bool {
        self.entries.remove(key).is_some()
    }

    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Entries from least to most recently used.
    pub(crate) fn entries(&self) -> Vec<(String, String)> {
        let mut entries: Vec<_> = self.entries.iter().collect();
        entries.sort_by_key(|(_, (_, used))| *used);
        entries
            .into_iter()
            .map(|(key, (data, _))| (key.clone(), data.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_the_least_recently_used() {
        let mut cache = LruCache::new(2);
        cache.insert("a".into(), "1".into());
        cache.insert("b".into(), "2".into());
        assert_eq!(cache.get("a").as_deref(), Some("1"));
        cache.insert("c".into(), "3".into());
        assert_eq!(cache.get("b"), None);
        assert_eq!(cache.len(), 2);
        assert_eq!(
            cache.entries(),
            vec![("a".into(), "1".into()), ("c".into(), "3".into())]
        );
        assert!(cache.remove("a"));
        assert!(!cache.remove("a"));
    }
}
