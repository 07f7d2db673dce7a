//! A shop export held for the mapping step, where it was read (the file
//! worker, or the page where no worker runs): the page sends read options and
//! mapping choices and gets back what the step shows, so that it never holds
//! or parses a large file itself.
//!
//! The bytes are kept, because changing the encoding, separator or sheet
//! reads them again; the last reading is kept, because every change of a role
//! or a status previews the whole table again.

use super::{preview_import, read_export, take_import, ImportPreview, ReadExport, ReadResult};
use crate::clv::data::mapping::Layout;
use crate::clv::data::shop_import::{
    FileError, FileFormat, ImportChoices, PlanProblem, ReadOptions,
};
use crate::clv::data::summary::TimeUnit;
use serde::{Deserialize, Serialize};

/// What the page knows of a held file: how it was read and its headers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportView {
    pub file_name: String,
    pub format: FileFormat,
    pub headers: Vec<String>,
}

/// The mapping step's view of a held file with some read options and choices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MappingPreview {
    pub view: Result<ExportView, FileError>,
    /// `None` where the file gives no table.
    pub preview: Option<ImportPreview>,
}

/// A dropped file's bytes and their last reading.
pub struct HeldExport {
    file_name: String,
    bytes: Vec<u8>,
    options: ReadOptions,
    read: Result<ReadExport, FileError>,
}

impl HeldExport {
    /// Holds `bytes`, read with the detected encoding, separator and sheet.
    pub fn new(file_name: String, bytes: Vec<u8>) -> HeldExport {
        let options = ReadOptions::default();
        let read = read_export(file_name.clone(), &bytes, &options);
        HeldExport {
            file_name,
            bytes,
            options,
            read,
        }
    }

    /// Whether the file is in Kundenwert's own `customer_id,date,amount`
    /// (read as it is, without the mapping step).
    pub fn is_own_format(&self) -> bool {
        self.read.as_ref().is_ok_and(super::is_own_format)
    }

    /// The bytes, let go of.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// How the file was read last.
    pub fn view(&self) -> Result<ExportView, FileError> {
        self.read
            .as_ref()
            .map_err(Clone::clone)
            .map(|e| ExportView {
                file_name: self.file_name.clone(),
                format: e.file.format.clone(),
                headers: e.file.table.headers.clone(),
            })
    }

    /// Reads the bytes again if `options` changed.
    fn read_with(&mut self, options: &ReadOptions) {
        if *options != self.options {
            self.read = read_export(self.file_name.clone(), &self.bytes, options);
            self.options = options.clone();
        }
    }

    /// The step's view with `options` and `choices`.
    pub fn preview(&mut self, options: &ReadOptions, choices: &ImportChoices) -> MappingPreview {
        self.read_with(options);
        MappingPreview {
            view: self.view(),
            preview: self
                .read
                .as_ref()
                .ok()
                .map(|e| preview_import(&e.file.table, choices)),
        }
    }

    /// Takes the orders of the confirmed mapping, as the worker sends a read
    /// file: the message (with the layout) and the log's and summary's bytes
    /// (see [`ReadResult::of`]), the summary in `unit`.
    pub fn take(
        &mut self,
        options: &ReadOptions,
        choices: &ImportChoices,
        unit: TimeUnit,
    ) -> Result<(ReadResult, Vec<u8>), Vec<PlanProblem>> {
        self.read_with(options);
        let export = self.read.as_ref().map_err(|_| Vec::new())?;
        let (file, layout): (_, Layout) = take_import(export, choices)?;
        let (mut message, bytes) = ReadResult::of(file, unit);
        message.layout = Some(layout);
        Ok((message, bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::data::delimited::Delimiter;
    use crate::clv::data::mapping::ColumnRole;

    const SHOPIFY: &[u8] = b"Name,Email,Financial Status,Created at,Total\n\
        #1001,a@example.com,paid,2024-01-05 10:00:00 +0100,10.00\n\
        #1002,b@example.com,paid,2024-01-06 10:00:00 +0100,20.50\n\
        #1003,a@example.com,pending,2024-02-01 09:00:00 +0100,7.00\n";

    #[test]
    fn the_held_export_previews_and_takes_what_the_page_would_read_itself() {
        let mut held = HeldExport::new("orders.csv".into(), SHOPIFY.to_vec());
        let view = held.view().unwrap();
        assert_eq!(view.headers[0], "Name");
        let choices = ImportChoices::default();
        let options = ReadOptions::default();
        let shown = held.preview(&options, &choices);
        let direct = read_export("orders.csv".into(), SHOPIFY, &options).unwrap();
        assert_eq!(
            shown.preview.as_ref(),
            Some(&preview_import(&direct.file.table, &choices))
        );
        let figures = shown.preview.unwrap().figures.unwrap();
        assert_eq!((figures.customers, figures.orders), (2, 2));
        let (message, bytes) = held.take(&options, &choices, TimeUnit::Week).unwrap();
        assert_eq!(message.layout, Some(Layout::ShopifyOrders));
        let taken = message.into_import(&bytes).unwrap();
        assert_eq!(
            taken.file.log,
            take_import(&direct, &choices).unwrap().0.log
        );
        assert_eq!(taken.summary.customers.len(), 2);
    }

    #[test]
    fn changed_read_options_read_the_bytes_again_and_a_missing_role_takes_nothing() {
        let mut held = HeldExport::new("orders.csv".into(), SHOPIFY.to_vec());
        let semicolon = ReadOptions {
            delimiter: Some(Delimiter::Semicolon),
            ..ReadOptions::default()
        };
        let shown = held.preview(&semicolon, &ImportChoices::default());
        let view = shown.view.unwrap();
        assert_eq!(view.headers.len(), 1, "{view:?}");
        assert!(matches!(
            view.format,
            FileFormat::Text {
                delimiter: Delimiter::Semicolon,
                ..
            }
        ));
        // Back to commas, with the amount ignored: the plan has a problem, nothing is taken.
        let mut choices = ImportChoices::default();
        let mut mapping = held
            .preview(&ReadOptions::default(), &choices)
            .preview
            .unwrap()
            .plan
            .mapping;
        for role in &mut mapping.roles {
            if *role == ColumnRole::Amount {
                *role = ColumnRole::Ignore;
            }
        }
        choices.mapping = Some(mapping);
        assert!(held
            .take(&ReadOptions::default(), &choices, TimeUnit::Week)
            .is_err());
    }

    #[test]
    fn a_file_without_a_table_has_no_preview() {
        let mut held = HeldExport::new("empty.csv".into(), Vec::new());
        let shown = held.preview(&ReadOptions::default(), &ImportChoices::default());
        assert_eq!(shown.view, Err(FileError::Empty));
        assert_eq!(shown.preview, None);
    }
}
