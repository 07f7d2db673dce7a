//! The Web Worker that fits the models off the page's main thread.
//!
//! It receives a JSON [`kundenwert::clv::api::ReportRequest`] as a message and
//! answers with a JSON [`kundenwert::clv::api::ReportResponse`]; the work is
//! the core's `model_report`, as on the main thread. Built by Trunk as a
//! worker (`data-type="worker"` in index.html).

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let request = event.data().as_string().unwrap_or_default();
        let response = kundenwert::clv::api::handle_report_message(&request);
        let _ = reply_to.post_message(&JsValue::from_str(&response));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before the module was loaded are lost: say when we listen.
    let _ = scope.post_message(&JsValue::from_str(kundenwert::clv::api::WORKER_READY));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("kundenwert-worker runs in the browser as the app's Web Worker; build it with `trunk build`.");
    std::process::exit(2);
}
