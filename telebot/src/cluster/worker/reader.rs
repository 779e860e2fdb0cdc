//! A partition's reader: while its claim lives, it reads the partition's entries through the
//! consumer group — first those its predecessor left pending, in order, then new ones — and
//! hands each to the application's lanes with a ticket that acknowledges it when its handlers
//! are done. It holds at most the worker's in-hand limit of entries at once.

use super::acker::Ack;
use super::slot::{Slot, Ticket};
use crate::cluster::node::Node;
use crate::cluster::scripts::READ;
use crate::dispatch::watermark::Receipt;
use crate::updates::{UndecodableUpdate, undecodable};
use redis::Value;
use redis::aio::MultiplexedConnection;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};
use tokio::time::Instant;

/// How long a blocking read waits for a new entry before the reader looks around again.
const BLOCK: Duration = Duration::from_secs(1);

/// One claim of a partition: what its reader works under.
pub(crate) struct Claim {
    pub(crate) slot: Arc<Slot>,
    pub(crate) generation: u64,
    pub(crate) fence: String,
    pub(crate) epoch: u64,
}

/// One entry of the log.
#[derive(Debug, PartialEq)]
pub(crate) struct Entry {
    pub(crate) id: String,
    pub(crate) update_id: i64,
    pub(crate) body: String,
}

/// An entry id's order: `<ms>-<seq>`.
fn order(id: &str) -> (u64, u64) {
    let (ms, seq) = id.split_once('-').unwrap_or((id, "0"));
    (ms.parse().unwrap_or(0), seq.parse().unwrap_or(0))
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::BulkString(bytes) => String::from_utf8(bytes.clone()).ok(),
        Value::SimpleString(s) => Some(s.clone()),
        _ => None,
    }
}

/// The READ script's answer: `None` when the lease is not the caller's.
pub(crate) fn parse_entries(value: &Value) -> Result<Option<Vec<Entry>>, String> {
    let items = match value {
        Value::Int(-1) => return Ok(None),
        Value::Array(items) => items,
        Value::Nil => return Ok(Some(Vec::new())),
        other => return Err(format!("unexpected answer {other:?}")),
    };
    let mut entries = Vec::with_capacity(items.len());
    for item in items {
        let Value::Array(pair) = item else {
            return Err(format!("an entry is not a pair: {item:?}"));
        };
        let id = pair
            .first()
            .and_then(text)
            .ok_or("an entry without an id")?;
        let Some(Value::Array(fields)) = pair.get(1) else {
            // Acknowledged and removed by a predecessor at the moment it read: nothing to do.
            continue;
        };
        let (mut update_id, mut body) = (None, None);
        for field in fields.chunks(2) {
            match (
                field.first().and_then(text).as_deref(),
                field.get(1).and_then(text),
            ) {
                (Some("u"), Some(v)) => update_id = v.parse().ok(),
                (Some("b"), Some(v)) => body = Some(v),
                _ => {}
            }
        }
        match (update_id, body) {
            (Some(update_id), Some(body)) => entries.push(Entry {
                id,
                update_id,
                body,
            }),
            _ => return Err(format!("entry {id} lacks its update")),
        }
    }
    Ok(Some(entries))
}

/// Reads the claim's partition until the claim is void or drained.
pub(crate) async fn run(
    node: Arc<Node>,
    claim: Claim,
    permits: Arc<Semaphore>,
    acks: mpsc::UnboundedSender<Ack>,
) {
    let slot = Arc::clone(&claim.slot);
    let batch = node.settings.read_batch;
    let mut blocking: Option<MultiplexedConnection> = None;
    let mut last_seen = String::from("0-0");
    let mut cursor = String::from("0-0");
    let mut pending_pass = true;
    // Since when this claim has waited for an earlier claim's entries (see below).
    let mut settling_since: Option<Instant> = None;
    let mut settling_said = false;
    loop {
        let notified = slot.wake.notified();
        let (draining, settling) = {
            let mut state = slot.state();
            if state.generation != claim.generation {
                return;
            }
            if std::mem::take(&mut state.repass) {
                pending_pass = true;
                cursor = String::from("0-0");
            }
            (
                state.draining,
                state.earlier_claims_in_hand(claim.generation),
            )
        };
        if !slot.live(claim.generation) {
            return;
        }
        if settling {
            // An earlier claim's entries are still in the lanes (Redis was away, say): those
            // queued are given back when their lane reaches them, and are read again before
            // anything after them; those running are acknowledged under the same epoch.
            let since = *settling_since.get_or_insert_with(Instant::now);
            if since.elapsed() < node.app.stop_timeout() {
                let _ = tokio::time::timeout(BLOCK, notified).await;
                continue;
            }
            if !settling_said {
                settling_said = true;
                tracing::warn!(
                    partition = slot.index,
                    waited = ?since.elapsed(),
                    "entries of the partition's lapsed claim are still in hand (a handler hangs?); reading goes on, and a chat whose handler hangs may see its updates out of order"
                );
            }
        }
        if draining && !pending_pass {
            let _ = tokio::time::timeout(BLOCK, notified).await;
            continue;
        }
        let mut held = vec![tokio::select! {
            permit = Arc::clone(&permits).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => return,
            },
            _ = notified => continue,
        }];
        while held.len() < batch {
            match Arc::clone(&permits).try_acquire_owned() {
                Ok(permit) => held.push(permit),
                Err(_) => break,
            }
        }
        let from = if pending_pass {
            cursor.clone()
        } else {
            String::from(">")
        };
        slot.state().read_sent();
        let answer: Result<Value, _> = READ
            .key(&slot.keys.lease)
            .key(&slot.keys.log)
            .arg(&claim.fence)
            .arg(held.len())
            .arg(&from)
            .invoke_async(&mut node.redis.conn())
            .await;
        let read = answer
            .as_ref()
            .map_err(ToString::to_string)
            .and_then(parse_entries);
        let entries = match take_in(&slot, claim.generation, read) {
            Ok(Some(entries)) => entries,
            Ok(None) => {
                tracing::warn!(
                    partition = slot.index,
                    "the partition's lease is another worker's now; its reader stops"
                );
                if slot.state().generation == claim.generation {
                    slot.revoke();
                }
                return;
            }
            Err(error) => {
                // Redis away, or a log written by something else: the maintenance loop
                // revokes the claim if this lasts past the lease.
                tracing::warn!(partition = slot.index, %error, "reading the partition failed; retrying");
                tokio::time::sleep(Duration::from_millis(200)).await;
                continue;
            }
        };
        if entries.is_empty() {
            drop(held);
            if pending_pass {
                pending_pass = false;
                continue;
            }
            wait_for_more(&node, &slot, &mut blocking, &last_seen).await;
            continue;
        }
        for (entry, taken) in entries {
            if pending_pass {
                cursor.clone_from(&entry.id);
            }
            if order(&entry.id) > order(&last_seen) {
                last_seen.clone_from(&entry.id);
            }
            if taken {
                let permit = held.pop();
                hand_over(&node, &claim, entry, permit, &acks);
            }
        }
    }
}

/// Ends a read of the log: each entry it returned, with whether this reader takes it (it is
/// not in hand already, as a pending entry still running or being acknowledged is, and was
/// not acknowledged while the read was on its way). Deciding for all of them at once, under
/// the slot's lock, leaves no moment in which an acknowledgement that Redis ran after the
/// read could make an entry it returned look new.
fn take_in(
    slot: &Slot,
    generation: u64,
    read: Result<Option<Vec<Entry>>, String>,
) -> Result<Option<Vec<(Entry, bool)>>, String> {
    let mut state = slot.state();
    let read = read.map(|found| {
        found.map(|entries| {
            entries
                .into_iter()
                .map(|entry| {
                    let taken = state.take(&entry.id, generation);
                    (entry, taken)
                })
                .collect()
        })
    });
    state.read_taken_in();
    read
}

/// Blocks until the log holds an entry after `last_seen` (or a second passes).
async fn wait_for_more(
    node: &Node,
    slot: &Slot,
    blocking: &mut Option<MultiplexedConnection>,
    last_seen: &str,
) {
    if blocking.is_none() {
        match node.redis.dedicated(BLOCK).await {
            Ok(conn) => *blocking = Some(conn),
            Err(error) => {
                tracing::warn!(%error, "no connection for blocking reads; retrying");
                tokio::time::sleep(Duration::from_millis(200)).await;
                return;
            }
        }
    }
    let Some(conn) = blocking.as_mut() else {
        return;
    };
    let block_ms = u64::try_from(BLOCK.as_millis()).unwrap_or(1000);
    let mut command = redis::cmd("XREAD");
    command
        .arg("COUNT")
        .arg(1)
        .arg("BLOCK")
        .arg(block_ms)
        .arg("STREAMS")
        .arg(&slot.keys.log)
        .arg(last_seen);
    let read = command.query_async::<Value>(conn);
    tokio::select! {
        answer = read => if let Err(error) = answer {
            tracing::debug!(%error, "a blocking read failed");
            *blocking = None;
        },
        _ = slot.wake.notified() => {
            // The read's answer is thrown away with the connection: a fresh one next time.
            *blocking = None;
        }
    }
}

/// Hands one entry, taken in hand, to the lanes.
fn hand_over(
    node: &Node,
    claim: &Claim,
    entry: Entry,
    permit: Option<OwnedSemaphorePermit>,
    acks: &mpsc::UnboundedSender<Ack>,
) {
    let receipt = Receipt::settled_by(Ticket::new(
        Arc::clone(&claim.slot),
        entry.id,
        claim.generation,
        claim.fence.clone(),
        claim.epoch,
        permit,
        acks.clone(),
    ));
    match telebot_api::decode_update(entry.body.as_bytes()) {
        Ok(update) => node.app.submit(update, Some(receipt)),
        Err(error) => undecodable::report(
            node.app.services(),
            UndecodableUpdate {
                update_id: entry.update_id,
                raw: entry.body,
                reason: error.to_string(),
            },
            Some(receipt),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bulk(s: &str) -> Value {
        Value::BulkString(s.as_bytes().to_vec())
    }

    #[test]
    fn entries_parse_and_a_lost_lease_is_told_apart() {
        let answer = Value::Array(vec![Value::Array(vec![
            bulk("1700-3"),
            Value::Array(vec![bulk("u"), bulk("42"), bulk("b"), bulk("{}")]),
        ])]);
        let entries = parse_entries(&answer).unwrap().unwrap();
        assert_eq!(
            entries,
            vec![Entry {
                id: "1700-3".into(),
                update_id: 42,
                body: "{}".into()
            }]
        );
        assert_eq!(parse_entries(&Value::Int(-1)).unwrap(), None);
        assert!(
            parse_entries(&Value::Array(vec![Value::Array(vec![
                bulk("1-1"),
                Value::Array(vec![bulk("u"), bulk("1")])
            ])]))
            .is_err()
        );
    }

    #[test]
    fn entry_ids_order_by_time_then_sequence() {
        assert!(order("10-2") > order("9-99"));
        assert!(order("10-10") > order("10-9"));
    }
}
