//! What is known of each stored workspace without reading its data: the
//! catalogue entry ([`WorkspaceMeta`]) listed on the Workspaces page.

use crate::workspace::{DataOrigin, Workspace, WorkspaceData};
use serde::{Deserialize, Serialize};

/// A stored workspace's catalogue entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceMeta {
    /// Unique among the workspaces, never reused.
    pub id: String,
    pub name: String,
    /// Milliseconds since 1970 (the page's clock).
    pub created_ms: f64,
    /// When a save last wrote it.
    pub updated_ms: f64,
    /// Bumped by every write: a save is written only over the revision it
    /// was made from, so an older copy in another tab never overwrites it.
    pub revision: u64,
    /// The stored size of the head (JSON, UTF-8) and of the data bytes.
    pub head_bytes: usize,
    pub data_bytes: usize,
    /// Where its data came from, for the list.
    pub origin: DataOrigin,
    /// How many customers its data has.
    pub customers: usize,
}

impl WorkspaceMeta {
    /// The entry of a workspace about to be written for the first time.
    pub fn new(id: String, name: String, workspace: &Workspace, now_ms: f64) -> WorkspaceMeta {
        WorkspaceMeta {
            id,
            name,
            created_ms: now_ms,
            updated_ms: now_ms,
            revision: 0,
            head_bytes: 0,
            data_bytes: 0,
            origin: workspace.data.origin.clone(),
            customers: workspace.data.data.customer_count(),
        }
    }

    /// The stored size in bytes.
    pub fn bytes(&self) -> usize {
        self.head_bytes + self.data_bytes
    }

    /// The entry after writing a head of `head_bytes` (and data bytes, where
    /// given) of `data` at `now_ms`: the next revision.
    pub fn written(
        &self,
        data: &WorkspaceData,
        head_bytes: usize,
        data_bytes: Option<usize>,
        now_ms: f64,
    ) -> WorkspaceMeta {
        WorkspaceMeta {
            updated_ms: now_ms,
            revision: self.revision + 1,
            head_bytes,
            data_bytes: data_bytes.unwrap_or(self.data_bytes),
            origin: data.origin.clone(),
            customers: data.data.customer_count(),
            ..self.clone()
        }
    }

    /// The same entry renamed, at the next revision.
    pub fn renamed(&self, name: String, now_ms: f64) -> WorkspaceMeta {
        WorkspaceMeta {
            name,
            updated_ms: now_ms,
            revision: self.revision + 1,
            ..self.clone()
        }
    }
}

/// A new workspace id from the clock and a random number (unique across tabs).
pub fn new_id(now_ms: f64, random: u32) -> String {
    format!("ws-{:x}-{random:08x}", now_ms.max(0.0) as u64)
}

/// The name a workspace gets: `wanted`, or `wanted (2)`, `wanted (3)`, ... so
/// that no two workspaces share a name.
pub fn unique_name(wanted: &str, taken: &[WorkspaceMeta]) -> String {
    let wanted = wanted.trim();
    let free = |name: &str| !taken.iter().any(|m| m.name == name);
    if free(wanted) {
        return wanted.to_owned();
    }
    (2..)
        .map(|n| format!("{wanted} ({n})"))
        .find(|name| free(name))
        .expect("some number is free")
}

/// The catalogue in the order the list shows it: the most recently saved first.
pub fn sort_recent_first(list: &mut [WorkspaceMeta]) {
    list.sort_by(|a, b| {
        b.updated_ms
            .total_cmp(&a.updated_ms)
            .then_with(|| a.name.cmp(&b.name))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(name: &str, updated_ms: f64) -> WorkspaceMeta {
        WorkspaceMeta {
            updated_ms,
            ..WorkspaceMeta::new(name.into(), name.into(), &Workspace::demo(), 0.0)
        }
    }

    #[test]
    fn a_taken_name_gets_the_next_free_number() {
        let taken = [meta("Demo", 0.0), meta("Demo (2)", 0.0), meta("Shop", 0.0)];
        assert_eq!(unique_name("Demo", &taken), "Demo (3)");
        assert_eq!(unique_name(" Shop ", &taken), "Shop (2)");
        assert_eq!(unique_name("Fresh", &taken), "Fresh");
    }

    #[test]
    fn ids_differ_by_time_and_by_the_random_part() {
        assert_eq!(new_id(1_700_000_000_000.0, 255), "ws-18bcfe56800-000000ff");
        assert_ne!(new_id(1.0, 1), new_id(1.0, 2));
        assert_ne!(new_id(1.0, 1), new_id(2.0, 1));
    }

    #[test]
    fn the_list_shows_the_most_recently_saved_first() {
        let mut list = vec![meta("b", 1.0), meta("a", 3.0), meta("c", 3.0)];
        sort_recent_first(&mut list);
        let names: Vec<_> = list.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["a", "c", "b"]);
    }

    #[test]
    fn a_write_bumps_the_revision_and_records_size_and_customers() {
        let ws = Workspace::demo();
        let first = WorkspaceMeta::new("id".into(), "Demo".into(), &ws, 10.0);
        let next = first.written(&ws.data, 1234, Some(1), 20.0);
        assert_eq!(next.revision, 1);
        assert_eq!(next.bytes(), 1235);
        let settings_only = next.written(&ws.data, 1000, None, 30.0);
        assert_eq!((settings_only.revision, settings_only.bytes()), (2, 1001));
        assert_eq!(next.created_ms, 10.0);
        assert_eq!(next.updated_ms, 20.0);
        assert_eq!(next.customers, ws.data.data.customer_count());
        assert!(next.customers > 100);
    }
}
