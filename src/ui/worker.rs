//! The client side of the models' Web Worker (see `src/bin/kundenwert-worker.rs`).
//!
//! The worker is started on first use from the files Trunk builds next to the
//! page (`kundenwert-worker.js` and its `_bg.wasm`), resolved against the page's
//! address so the app works under any sub-path. Requests and answers are the
//! JSON forms of [`ReportRequest`] and [`ReportResponse`]. Where no worker can
//! be started, the caller computes on the main thread instead.

use crate::clv::api::{ReportRequest, ReportResponse, WORKER_READY};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

type Reply = Box<dyn FnOnce(Option<ReportResponse>)>;

struct ModelWorker {
    worker: web_sys::Worker,
    ready: bool,
    /// A request waiting for the worker to be ready.
    queued: Option<String>,
    /// Who gets the answer to the request in flight.
    reply: Option<Reply>,
}

thread_local! {
    static WORKER: RefCell<Option<Rc<RefCell<ModelWorker>>>> = const { RefCell::new(None) };
}

fn start() -> Option<Rc<RefCell<ModelWorker>>> {
    let window = web_sys::window()?;
    let base = window.location().href().ok()?;
    let script = web_sys::Url::new_with_base("kundenwert-worker.js", &base)
        .ok()?
        .href();
    let wasm = web_sys::Url::new_with_base("kundenwert-worker_bg.wasm", &base)
        .ok()?
        .href();
    // A worker script from a Blob, so the (no-modules) glue can be imported by absolute URL.
    let source = format!("importScripts({script:?});wasm_bindgen({wasm:?});");
    let parts = js_sys::Array::of1(&JsValue::from_str(&source));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let worker = web_sys::Worker::new(&url).ok()?;
    let state = Rc::new(RefCell::new(ModelWorker {
        worker: worker.clone(),
        ready: false,
        queued: None,
        reply: None,
    }));

    let on_message = {
        let state = state.clone();
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let text = event.data().as_string().unwrap_or_default();
            let mut s = state.borrow_mut();
            if text == WORKER_READY {
                s.ready = true;
                if let Some(request) = s.queued.take() {
                    let _ = s.worker.post_message(&JsValue::from_str(&request));
                }
                return;
            }
            let reply = s.reply.take();
            drop(s);
            if let Some(reply) = reply {
                reply(serde_json::from_str(&text).ok());
            }
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // A worker that fails to load answers the request in flight with nothing.
    let on_error = {
        let state = state.clone();
        Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
            let reply = state.borrow_mut().reply.take();
            if let Some(reply) = reply {
                reply(None);
            }
            WORKER.with(|w| w.borrow_mut().take());
        })
    };
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    Some(state)
}

/// Sends a request to the worker; `reply` gets the answer, or `None` if the
/// worker failed. Returns `false` (and drops `reply`) if no worker is available
/// or one is already busy, so that the caller computes itself.
pub fn request_report(
    request: &ReportRequest,
    reply: impl FnOnce(Option<ReportResponse>) + 'static,
) -> bool {
    let Some(worker) = WORKER.with(|w| w.borrow().clone()).or_else(|| {
        let started = start()?;
        WORKER.with(|w| *w.borrow_mut() = Some(started.clone()));
        Some(started)
    }) else {
        return false;
    };
    let Ok(message) = serde_json::to_string(request) else {
        return false;
    };
    let mut w = worker.borrow_mut();
    if w.reply.is_some() {
        return false;
    }
    w.reply = Some(Box::new(reply));
    if w.ready {
        let _ = w.worker.post_message(&JsValue::from_str(&message));
    } else {
        w.queued = Some(message);
    }
    true
}
