//! Share links: the figures of a workspace in a link that carries no
//! customer data.
//!
//! A link's fragment (`#share=v1.…`, which browsers never send to a server)
//! holds a [`SharedView`]: the settings (model settings, segment
//! definitions, goals with their check-ins, the equity book with its
//! scenarios) and the aggregated figures the Goals, Segments, Models and
//! Equity pages draw: each goal's KPI series, projection and ROI; every
//! segment's size and value; the fitted parameters and the model
//! comparison; customer equity and its parts under the levers and each
//! scenario, how it builds up and the acquisitions behind it. It never
//! holds a customer id or anything per customer (no scores, no members, no
//! transactions): whoever opens it sees a read-only view, and "save as a
//! new workspace" ([`SharedView::saved_workspace`]) gives the settings
//! without data.
//!
//! - [`view`]: the view and its one constructor, [`SharedView::of`];
//! - [`goals`], [`segments`], [`model`], [`equity`]: each page's part, and
//!   how the page's prepared values are rebuilt from it;
//! - [`round`]: the figures' precision (four significant digits,
//!   parameters seven);
//! - [`link`]: the fragment's format, [`encode_share_fragment`] and
//!   [`decode_share_fragment`].

pub mod equity;
pub mod goals;
pub mod link;
pub mod model;
pub mod round;
pub mod segments;
#[cfg(test)]
pub(crate) mod test_support;
pub mod view;

pub use link::{decode_share_fragment, encode_share_fragment};
pub use view::SharedView;

/// Why a text is not a share link this build can open.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ShareLinkError {
    /// The text does not start with `share=v` and a version.
    #[error("not a Kundenwert share link")]
    NotShareLink,
    /// The link was cut off or changed: not base64url, not a complete
    /// compressed stream, or its checksum does not match.
    #[error("the share link is incomplete or was changed")]
    Tampered,
    #[error("share link version {found}; this build reads up to version {supported}")]
    NewerVersion { found: u32, supported: u32 },
    /// Intact, but its content is not a view this build knows.
    #[error("the share link's content does not fit: {0}")]
    Invalid(String),
}
