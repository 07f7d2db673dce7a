//! The client side of the Web Workers (see `src/bin/kundenwert-worker.rs`).
//!
//! A worker is started on first use from the files Trunk builds next to the
//! page (`kundenwert-worker.js` and its `_bg.wasm`), resolved against the page's
//! address so the app works under any sub-path, or, in the single-file build,
//! from the script the page carries. Two run from the same script:
//! one fits the models, one reads dropped files, so an import does not wait
//! for a fit. Messages are arrays `[json, attachment]`, the JSON of a
//! [`WorkerRequest`] or [`WorkerResponse`] and a `File` or a transferred
//! `ArrayBuffer` next to it. Where no worker can be started, the caller
//! computes on the main thread instead.

use crate::clv::api::{
    self, ExportView, MappingPreview, ReadImport, ReadProgress, ReadResult, ReportRequest,
    ReportResponse, WorkerRequest, WorkerResponse, WORKER_READY,
};
use crate::clv::data::import::ImportError;
use crate::clv::data::shop_import::{FileError, ImportChoices, PlanProblem, ReadOptions};
use crate::clv::data::summary::TimeUnit;
use crate::clv::data::summary_csv::{SummaryCsvError, SummaryRow};
use crate::clv::data::transactions::CompactBytesError;
use std::cell::RefCell;
use std::rc::Rc;
use std::thread::LocalKey;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Gets the responses to the request in flight (`None`: the worker failed);
/// returns `true` when it expects no more.
type Handler = Box<dyn FnMut(Option<(WorkerResponse, JsValue)>) -> bool>;

struct Channel {
    worker: web_sys::Worker,
    ready: bool,
    /// Messages waiting for the worker to be ready.
    queued: Vec<JsValue>,
    /// Who gets the answers to the request in flight.
    handler: Option<Handler>,
}

type Slot = LocalKey<RefCell<Option<Rc<RefCell<Channel>>>>>;

thread_local! {
    static MODELS: RefCell<Option<Rc<RefCell<Channel>>>> = const { RefCell::new(None) };
    static IMPORTS: RefCell<Option<Rc<RefCell<Channel>>>> = const { RefCell::new(None) };
}

fn start(slot: &'static Slot) -> Option<Rc<RefCell<Channel>>> {
    let window = web_sys::window()?;
    let source = match inline_worker_source(&window) {
        Some(source) => source,
        None => {
            let base = window.location().href().ok()?;
            let script = web_sys::Url::new_with_base("kundenwert-worker.js", &base)
                .ok()?
                .href();
            let wasm = web_sys::Url::new_with_base("kundenwert-worker_bg.wasm", &base)
                .ok()?
                .href();
            // A worker script from a Blob, so the (no-modules) glue can be imported by absolute URL.
            format!("importScripts({script:?});wasm_bindgen({{module_or_path:{wasm:?}}});")
        }
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(&source));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let worker = web_sys::Worker::new(&url).ok()?;
    let channel = Rc::new(RefCell::new(Channel {
        worker: worker.clone(),
        ready: false,
        queued: Vec::new(),
        handler: None,
    }));

    let on_message = {
        let channel = channel.clone();
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let data = event.data();
            if data.as_string().as_deref() == Some(WORKER_READY) {
                let mut c = channel.borrow_mut();
                c.ready = true;
                for message in std::mem::take(&mut c.queued) {
                    let _ = c.worker.post_message(&message);
                }
                return;
            }
            let Some(parts) = data.dyn_ref::<js_sys::Array>() else {
                return;
            };
            let Some(response) = parts
                .get(0)
                .as_string()
                .and_then(|json| serde_json::from_str::<WorkerResponse>(&json).ok())
            else {
                return;
            };
            let handler = channel.borrow_mut().handler.take();
            if let Some(mut handler) = handler {
                let done = handler(Some((response, parts.get(1))));
                let mut c = channel.borrow_mut();
                if !done && c.handler.is_none() {
                    c.handler = Some(handler);
                }
            }
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // A worker that fails to load answers the request in flight with nothing.
    let on_error = {
        let channel = channel.clone();
        Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
            let handler = channel.borrow_mut().handler.take();
            if let Some(mut handler) = handler {
                handler(None);
            }
            slot.with(|w| w.borrow_mut().take());
        })
    };
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    Some(channel)
}

/// The whole worker script (glue and wasm) where the page carries it: the
/// single-file build (`.ci/single-file.mjs`) sets `window.kundenwertInlineWorker`,
/// since a page opened from `file://` cannot load the worker's files.
fn inline_worker_source(window: &web_sys::Window) -> Option<String> {
    js_sys::Reflect::get(window, &JsValue::from_str("kundenwertInlineWorker"))
        .ok()?
        .as_string()
}

/// The worker in `slot`, started if need be.
fn channel(slot: &'static Slot) -> Option<Rc<RefCell<Channel>>> {
    slot.with(|w| w.borrow().clone()).or_else(|| {
        let started = start(slot)?;
        slot.with(|w| *w.borrow_mut() = Some(started.clone()));
        Some(started)
    })
}

/// The message array for a request and its attachment.
fn message(request: &WorkerRequest, attachment: &JsValue) -> Option<JsValue> {
    let json = serde_json::to_string(request).ok()?;
    Some(js_sys::Array::of2(&JsValue::from_str(&json), attachment).into())
}

/// Posts `message`, or queues it until the worker listens.
fn post(channel: &mut Channel, message: JsValue) {
    if channel.ready {
        let _ = channel.worker.post_message(&message);
    } else {
        channel.queued.push(message);
    }
}

/// Sends a request with its handler; `false` (and the handler dropped) if no
/// worker is available or one is already busy.
fn send(
    slot: &'static Slot,
    request: &WorkerRequest,
    attachment: &JsValue,
    handler: Handler,
) -> bool {
    let Some(channel) = channel(slot) else {
        return false;
    };
    let Some(message) = message(request, attachment) else {
        return false;
    };
    let mut c = channel.borrow_mut();
    if c.handler.is_some() {
        return false;
    }
    c.handler = Some(handler);
    post(&mut c, message);
    true
}

/// Sends a request to the models' worker; `reply` gets the answer, or `None`
/// if the worker failed. Returns `false` (and drops `reply`) if no worker is
/// available or one is already busy, so that the caller computes itself.
pub fn request_report(
    request: &ReportRequest,
    reply: impl FnOnce(Option<ReportResponse>) + 'static,
) -> bool {
    let mut reply = Some(reply);
    let handler: Handler = Box::new(move |response| {
        let answer = match response {
            Some((WorkerResponse::Report(r), _)) => Some(r),
            Some(_) => return false,
            None => None,
        };
        if let Some(reply) = reply.take() {
            reply(answer);
        }
        true
    });
    send(
        &MODELS,
        &WorkerRequest::Report(request.clone()),
        &JsValue::UNDEFINED,
        handler,
    )
}

/// How reading a file in the worker ended.
pub enum ReadOutcome {
    /// Kundenwert's own format, read, with its summary in `unit`.
    Imported(Box<ReadImport>),
    /// Any other file, held in the worker for the mapping step
    /// ([`preview_import`], [`take_import`]).
    Mapping(Result<ExportView, FileError>),
    /// A summary file's rows (decoded in steps).
    Summary(Vec<SummaryRow>),
    SummaryFailed(SummaryCsvError),
    Failed(ImportError),
    Cancelled,
    /// The worker failed: read on the main thread instead.
    WorkerFailed,
}

/// How taking a held file's orders in the worker ended.
pub enum TakeOutcome {
    Imported(Box<ReadImport>),
    Problems(Vec<PlanProblem>),
    Failed(ImportError),
    /// The worker failed (or is busy).
    WorkerFailed,
}

/// Decodes a `Read` answer's buffer in steps of their own and hands over the import.
fn decode_read(
    result: ReadResult,
    buffer: JsValue,
    done: impl FnOnce(Result<ReadImport, ImportError>) + 'static,
) {
    leptos::task::spawn_local(async move { done(decode_in_steps(result, buffer).await) });
}

/// Asks the file worker for the mapping step's view of the held file; `reply`
/// gets it, or `None` if the worker failed. `false` (and `reply` dropped)
/// while the worker is busy with another request.
pub fn preview_import(
    options: ReadOptions,
    choices: ImportChoices,
    reply: impl FnOnce(Option<MappingPreview>) + 'static,
) -> bool {
    let mut reply = Some(reply);
    let handler: Handler = Box::new(move |response| {
        let answer = match response {
            Some((WorkerResponse::MappingPreview(p), _)) => Some(p),
            Some((WorkerResponse::Progress(_), _)) => return false,
            _ => None,
        };
        if let Some(reply) = reply.take() {
            reply(answer);
        }
        true
    });
    send(
        &IMPORTS,
        &WorkerRequest::PreviewImport { options, choices },
        &JsValue::UNDEFINED,
        handler,
    )
}

/// Asks the file worker to take the held file's orders with the confirmed
/// mapping; `done` gets the import (decoded in steps) or why not.
pub fn take_import(
    options: ReadOptions,
    choices: ImportChoices,
    unit: TimeUnit,
    done: impl FnOnce(TakeOutcome) + 'static,
) {
    let done = Rc::new(RefCell::new(Some(done)));
    let answer = done.clone();
    let handler: Handler = Box::new(move |response| {
        let pending = answer.borrow_mut().take();
        let Some(done) = pending else {
            return true;
        };
        match response {
            Some((WorkerResponse::Read(result), buffer)) => decode_read(result, buffer, |r| {
                done(match r {
                    Ok(read) => TakeOutcome::Imported(Box::new(read)),
                    Err(e) => TakeOutcome::Failed(e),
                })
            }),
            Some((WorkerResponse::PlanProblems { problems }, _)) => {
                done(TakeOutcome::Problems(problems))
            }
            _ => done(TakeOutcome::WorkerFailed),
        }
        true
    });
    let sent = send(
        &IMPORTS,
        &WorkerRequest::TakeImport {
            options,
            choices,
            unit,
        },
        &JsValue::UNDEFINED,
        handler,
    );
    if !sent {
        let pending = done.borrow_mut().take();
        if let Some(done) = pending {
            done(TakeOutcome::WorkerFailed);
        }
    }
}

/// Starts the file worker ahead of use, so that a drop does not wait for it to load.
pub fn prepare_reader() {
    let _ = channel(&IMPORTS);
}

/// Reads `file` in the file worker: `progress` after every slice, then `done`
/// once; an imported file comes with its summary in `unit`. Returns `false`
/// where no worker runs (or one is reading already).
pub fn read_file(
    file: &web_sys::File,
    unit: TimeUnit,
    progress: impl Fn(ReadProgress) + 'static,
    done: impl FnOnce(ReadOutcome) + 'static,
) -> bool {
    let mut done = Some(done);
    let handler: Handler = Box::new(move |response| {
        let outcome = match response {
            None => ReadOutcome::WorkerFailed,
            Some((WorkerResponse::Progress(p), _)) => {
                progress(p);
                return false;
            }
            Some((WorkerResponse::Read(result), buffer)) => {
                // Decoded in steps, each a task of its own, so none is long.
                if let Some(done) = done.take() {
                    decode_read(result, buffer, |r| {
                        done(match r {
                            Ok(read) => ReadOutcome::Imported(Box::new(read)),
                            Err(e) => ReadOutcome::Failed(e),
                        })
                    });
                }
                return true;
            }
            Some((WorkerResponse::MappingReady { view }, _)) => ReadOutcome::Mapping(view),
            Some((WorkerResponse::SummaryRead { .. }, buffer)) => {
                if let Some(done) = done.take() {
                    leptos::task::spawn_local(async move {
                        done(match decode_summary_rows(buffer).await {
                            Ok(rows) => ReadOutcome::Summary(rows),
                            Err(_) => ReadOutcome::WorkerFailed,
                        })
                    });
                }
                return true;
            }
            Some((WorkerResponse::SummaryFailed { error, .. }, _)) => {
                ReadOutcome::SummaryFailed(error)
            }
            Some((WorkerResponse::Failed { error, .. }, _)) => ReadOutcome::Failed(error),
            Some((WorkerResponse::Cancelled, _)) => ReadOutcome::Cancelled,
            Some(_) => ReadOutcome::WorkerFailed,
        };
        if let Some(done) = done.take() {
            done(outcome);
        }
        true
    });
    send(
        &IMPORTS,
        &WorkerRequest::ReadFile {
            file_name: file.name(),
            size: file.size() as u64,
            unit,
        },
        file.as_ref(),
        handler,
    )
}

/// Customers decoded in one task of the page (about 25 ms in the browser).
const CUSTOMERS_PER_STEP: usize = 100_000;

/// Decodes the log's customer ids, its columns and the customers' summary,
/// yielding to the page in between.
async fn decode_in_steps(result: ReadResult, buffer: JsValue) -> Result<ReadImport, ImportError> {
    let array = js_sys::Uint8Array::new(&buffer);
    let mut length = [0u8; 4];
    if array.length() >= 4 {
        array.subarray(0, 4).copy_to(&mut length);
    }
    let (log, customers) = api::read_bytes_ranges(array.length() as usize, length)?;
    let part = |r: std::ops::Range<usize>| array.subarray(r.start as u32, r.end as u32).to_vec();
    // Copying the bytes into the module's memory is a step of its own (about
    // 50 ms for 1,000,000 transactions), as is each decoding.
    let log = part(log);
    next_task().await;
    let (ids, columns) = api::decode_log_ids(&log)?;
    next_task().await;
    let compact = api::decode_log_compact(ids, &log, columns)?;
    drop(log);
    next_task().await;
    let log = api::log_from_columns(compact)?;
    next_task().await;
    let customers = part(customers);
    next_task().await;
    let mut decoder = api::customers_decoder(&customers)?;
    while !api::decode_some_customers(&mut decoder, CUSTOMERS_PER_STEP)? {
        next_task().await;
    }
    next_task().await;
    result.with(log, decoder.finish())
}

/// Rows decoded in one task of the page.
const SUMMARY_ROWS_PER_STEP: usize = 50_000;

/// A summary file's rows from the worker's buffer, decoded in steps.
async fn decode_summary_rows(buffer: JsValue) -> Result<Vec<SummaryRow>, CompactBytesError> {
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    next_task().await;
    // Decoded in slices, each a task of its own.
    let mut decoder = api::SummaryRowsDecoder::new(&bytes)?;
    while !decoder.decode(SUMMARY_ROWS_PER_STEP)? {
        next_task().await;
    }
    Ok(decoder.finish())
}

/// Resolves in a later task of the page's event loop, so that the work
/// before and after it are separate (shorter) tasks.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Asks the file worker to stop reading; its `done` then gets `Cancelled`.
pub fn cancel_read() {
    let Some(channel) = IMPORTS.with(|w| w.borrow().clone()) else {
        return;
    };
    if let Some(message) = message(&WorkerRequest::Cancel, &JsValue::UNDEFINED) {
        post(&mut channel.borrow_mut(), message);
    }
}
