//! Where the mapping step's file is held: in the file worker (the page never
//! holds or parses it), or here where no worker runs. Either answers the
//! step's previews and takes its orders the same way, through the core's
//! [`HeldExport`].

use crate::clv::api::{ExportView, HeldExport, MappingPreview};
use crate::clv::data::shop_import::{FileError, ImportChoices, ReadOptions};
use crate::clv::data::summary::TimeUnit;
use crate::ui::worker::{self, TakeOutcome};
use std::cell::RefCell;

thread_local! {
    /// The file held on the page (no worker).
    static ON_PAGE: RefCell<Option<HeldExport>> = const { RefCell::new(None) };
}

/// Where the file is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MappingSource {
    Worker,
    Page,
}

impl MappingSource {
    /// Holds `bytes` on the page; the view of how they were read.
    pub fn hold_on_page(held: HeldExport) -> Result<ExportView, FileError> {
        let view = held.view();
        ON_PAGE.with(|h| *h.borrow_mut() = Some(held));
        view
    }

    /// The step's view with `options` and `choices`, handed to `reply` (`None`
    /// if the worker failed). `false` while the worker is busy.
    pub fn preview(
        self,
        options: ReadOptions,
        choices: ImportChoices,
        reply: impl FnOnce(Option<MappingPreview>) + 'static,
    ) -> bool {
        match self {
            MappingSource::Worker => worker::preview_import(options, choices, reply),
            MappingSource::Page => {
                let preview = ON_PAGE.with(|h| {
                    h.borrow_mut()
                        .as_mut()
                        .map(|held| held.preview(&options, &choices))
                });
                reply(preview);
                true
            }
        }
    }

    /// Takes the orders of the confirmed mapping, the summary in `unit`.
    pub fn take(
        self,
        options: ReadOptions,
        choices: ImportChoices,
        unit: TimeUnit,
        done: impl FnOnce(TakeOutcome) + 'static,
    ) {
        match self {
            MappingSource::Worker => worker::take_import(options, choices, unit, done),
            MappingSource::Page => {
                let taken = ON_PAGE.with(|h| {
                    h.borrow_mut()
                        .as_mut()
                        .map(|held| held.take(&options, &choices, unit))
                });
                done(match taken {
                    Some(Ok((message, bytes))) => match message.into_import(&bytes) {
                        Ok(read) => TakeOutcome::Imported(Box::new(read)),
                        Err(e) => TakeOutcome::Failed(e),
                    },
                    Some(Err(problems)) => TakeOutcome::Problems(problems),
                    None => TakeOutcome::WorkerFailed,
                });
            }
        }
    }

    /// Lets go of the file (the step closed).
    pub fn release(self) {
        match self {
            MappingSource::Worker => worker::cancel_read(),
            MappingSource::Page => ON_PAGE.with(|h| *h.borrow_mut() = None),
        }
    }
}
