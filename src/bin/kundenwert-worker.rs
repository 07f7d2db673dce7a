//! The Web Worker that does the heavy work off the page's main thread: it fits
//! the models and reads dropped files.
//!
//! Every message is an array `[json, attachment]`: the JSON of a
//! [`kundenwert::clv::api::WorkerRequest`] (answered by
//! [`kundenwert::clv::api::WorkerResponse`]s) and, for `ReadFile`, the `File`
//! itself. A file is read in slices of `READ_CHUNK` bytes through the core's
//! `ChunkedImport`, with a `Progress` message after each slice; a `Cancel`
//! arriving meanwhile is honoured before the next slice. The imported log goes
//! back as a transferred `ArrayBuffer` of its compact binary form, with the
//! page's first customer summary of it, next to a `Read` message. A shop
//! export stays here as a `HeldExport`: the page's mapping step sends its
//! choices and gets previews, and the confirmed import comes back as `Read`. Built by Trunk as a worker (`data-type="worker"` in index.html).

#[cfg(target_arch = "wasm32")]
mod worker {
    use kundenwert::clv::api::{
        self, ChunkedImport, HeldExport, ReadEnd, ReadResult, WorkerRequest, WorkerResponse,
        READ_CHUNK,
    };
    use kundenwert::clv::data::import::ImportError;
    use kundenwert::clv::data::summary::TimeUnit;
    use std::cell::{Cell, RefCell};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

    thread_local! {
        /// Set by `Cancel`, looked at between slices of the file being read.
        static CANCELLED: Cell<bool> = const { Cell::new(false) };
        /// Counts `ReadFile` requests, so that a newer one stops an older one.
        static READING: Cell<u64> = const { Cell::new(0) };
        /// The file the mapping step works on.
        static HELD: RefCell<Option<HeldExport>> = const { RefCell::new(None) };
    }

    /// Posts a response with its bytes as a transferred buffer.
    fn post_bytes(response: &WorkerResponse, bytes: Vec<u8>) {
        let buffer = js_sys::Uint8Array::from(&bytes[..]).buffer();
        drop(bytes);
        post(response, Some(buffer));
    }

    /// Runs `f` on the held file, or says there is none.
    fn with_held(f: impl FnOnce(&mut HeldExport)) {
        HELD.with(|h| match h.borrow_mut().as_mut() {
            Some(held) => f(held),
            None => post(
                &WorkerResponse::BadRequest {
                    message: "no file is held for the mapping step".into(),
                },
                None,
            ),
        });
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    /// Posts a response, with a buffer that is transferred (not copied).
    fn post(response: &WorkerResponse, buffer: Option<js_sys::ArrayBuffer>) {
        let json = serde_json::to_string(response).unwrap_or_else(|e| {
            serde_json::to_string(&WorkerResponse::BadRequest {
                message: e.to_string(),
            })
            .expect("a failure message serialises")
        });
        let message = js_sys::Array::of2(
            &JsValue::from_str(&json),
            buffer.as_ref().map_or(&JsValue::UNDEFINED, |b| b.as_ref()),
        );
        let _ = match buffer {
            Some(b) => scope().post_message_with_transfer(&message, &js_sys::Array::of1(&b)),
            None => scope().post_message(&message),
        };
    }

    fn on_message(event: MessageEvent) {
        let data = event.data();
        let (json, attachment) = match data.dyn_ref::<js_sys::Array>() {
            Some(parts) => (parts.get(0).as_string().unwrap_or_default(), parts.get(1)),
            None => (data.as_string().unwrap_or_default(), JsValue::UNDEFINED),
        };
        match serde_json::from_str::<WorkerRequest>(&json) {
            Err(e) => post(
                &WorkerResponse::BadRequest {
                    message: e.to_string(),
                },
                None,
            ),
            Ok(WorkerRequest::Report(request)) => {
                post(&WorkerResponse::Report(api::report(request)), None)
            }
            Ok(WorkerRequest::Cancel) => {
                CANCELLED.with(|c| c.set(true));
                HELD.with(|h| h.borrow_mut().take());
            }
            Ok(WorkerRequest::PreviewImport { options, choices }) => with_held(|held| {
                let preview = held.preview(&options, &choices);
                post(&WorkerResponse::MappingPreview(preview), None)
            }),
            Ok(WorkerRequest::TakeImport {
                options,
                choices,
                unit,
            }) => with_held(|held| match held.take(&options, &choices, unit) {
                Ok((message, bytes)) => post_bytes(&WorkerResponse::Read(message), bytes),
                Err(problems) => post(&WorkerResponse::PlanProblems { problems }, None),
            }),
            Ok(WorkerRequest::ReadFile {
                file_name,
                size,
                unit,
            }) => {
                CANCELLED.with(|c| c.set(false));
                HELD.with(|h| h.borrow_mut().take());
                let reading = READING.with(|r| {
                    r.set(r.get() + 1);
                    r.get()
                });
                match attachment.dyn_into::<Blob>() {
                    Ok(blob) => wasm_bindgen_futures::spawn_local(read_file(
                        blob, file_name, size, unit, reading,
                    )),
                    Err(_) => post(
                        &WorkerResponse::BadRequest {
                            message: "ReadFile without a file".into(),
                        },
                        None,
                    ),
                }
            }
        }
    }

    /// Whether the reading numbered `reading` should stop.
    fn stopped(reading: u64) -> bool {
        CANCELLED.with(Cell::get) || READING.with(Cell::get) != reading
    }

    async fn read_file(blob: Blob, file_name: String, size: u64, unit: TimeUnit, reading: u64) {
        let mut job = ChunkedImport::new(file_name.clone(), size);
        let mut offset = 0u64;
        let mut chunk = Vec::new();
        while offset < size {
            if stopped(reading) {
                post(&WorkerResponse::Cancelled, None);
                return;
            }
            let end = (offset + READ_CHUNK as u64).min(size);
            let slice = blob.slice_with_f64_and_f64(offset as f64, end as f64);
            let buffer = match slice {
                Ok(slice) => wasm_bindgen_futures::JsFuture::from(slice.array_buffer()).await,
                Err(e) => Err(e),
            };
            let buffer = match buffer {
                Ok(buffer) => buffer,
                Err(e) => {
                    let message = e
                        .as_string()
                        .unwrap_or_else(|| "the file could not be read".into());
                    post(
                        &WorkerResponse::Failed {
                            file_name,
                            error: ImportError::FileNotRead { message },
                        },
                        None,
                    );
                    return;
                }
            };
            let array = js_sys::Uint8Array::new(&buffer);
            chunk.resize(array.length() as usize, 0);
            array.copy_to(&mut chunk);
            offset = end;
            let more = job.push(&chunk);
            post(&WorkerResponse::Progress(job.progress()), None);
            if !more {
                break;
            }
        }
        if stopped(reading) {
            post(&WorkerResponse::Cancelled, None);
            return;
        }
        match job.finish() {
            ReadEnd::Imported(file) => {
                let (message, bytes) = ReadResult::of(file, unit);
                post_bytes(&WorkerResponse::Read(message), bytes);
            }
            ReadEnd::Export(bytes) => {
                let held = HeldExport::new(file_name, bytes);
                let view = held.view();
                HELD.with(|h| *h.borrow_mut() = Some(held));
                post(&WorkerResponse::MappingReady { view }, None);
            }
            ReadEnd::Summary(rows) => {
                let bytes = api::summary_rows_to_bytes(&rows);
                drop(rows);
                post_bytes(&WorkerResponse::SummaryRead { file_name }, bytes);
            }
            ReadEnd::SummaryFailed(error) => {
                post(&WorkerResponse::SummaryFailed { file_name, error }, None)
            }
            ReadEnd::Failed(error) => post(&WorkerResponse::Failed { file_name, error }, None),
        }
    }

    pub fn run() {
        console_error_panic_hook::set_once();
        let scope = scope();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(on_message);
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        // Messages sent before the module was loaded are lost: say when we listen.
        let _ = scope.post_message(&JsValue::from_str(api::WORKER_READY));
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("kundenwert-worker runs in the browser as the app's Web Worker; build it with `trunk build`.");
    std::process::exit(2);
}
