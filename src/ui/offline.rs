//! Offline use: the service worker `sw.js` (written after the build by
//! `.ci/post-build.mjs` from `src/ui/service_worker.js`) and the notice that a
//! new build is ready.
//!
//! The page registers `sw.js` next to itself (so any sub-path works). A new
//! deployment's worker installs its own cache and then waits; the page shows
//! "update available" and, on "Reload", tells the waiting worker to take over and
//! reloads once it controls the page. Until then the open page keeps using the
//! files of its own build, so one page never mixes two builds. A page opened from
//! `file://` (the single-file build) has no service worker.

use super::AppState;
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

thread_local! {
    /// The registration, once the browser has it.
    static REGISTRATION: RefCell<Option<ServiceWorkerRegistration>> = const { RefCell::new(None) };
}

/// The message `sw.js` answers by taking over from the worker before it.
const SKIP_WAITING: &str = "skip-waiting";

/// Registers `sw.js` and calls `on_update` once a newer build is installed and waiting.
pub fn register(on_update: impl Fn() + 'static) {
    let Some(container) = container() else {
        return;
    };
    let on_update = std::rc::Rc::new(on_update);
    let registered = container.register("./sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(registered).await else {
            return;
        };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        // A worker waiting from before (the page was reloaded without taking the update).
        if registration.waiting().is_some() && controlled() {
            on_update();
        }
        let found = {
            let registration = registration.clone();
            let on_update = on_update.clone();
            Closure::<dyn Fn()>::new(move || {
                if let Some(installing) = registration.installing() {
                    watch_install(installing, on_update.clone());
                }
            })
        };
        registration.set_onupdatefound(Some(found.as_ref().unchecked_ref()));
        found.forget();
        REGISTRATION.with(|r| *r.borrow_mut() = Some(registration));
    });
    // Look for a new deployment whenever the page comes back into view.
    let _ = window_event_listener_untyped("visibilitychange", move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Visible {
            check_for_update();
        }
    });
}

/// Asks the browser to look for a newer `sw.js` now.
pub fn check_for_update() {
    REGISTRATION.with(|r| {
        if let Some(registration) = r.borrow().as_ref() {
            let _ = registration.update();
        }
    });
}

/// Lets the waiting worker take over and reloads the page once it has.
pub fn take_update() {
    let Some(container) = container() else {
        return;
    };
    let reload = Closure::<dyn Fn()>::new(|| {
        let _ = window().location().reload();
    });
    container.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
    reload.forget();
    let waiting = REGISTRATION.with(|r| r.borrow().as_ref().and_then(|r| r.waiting()));
    match waiting {
        Some(worker) => {
            let _ = worker.post_message(&JsValue::from_str(SKIP_WAITING));
        }
        None => {
            let _ = window().location().reload();
        }
    }
}

/// A newly installing worker: an update once it is installed while an older one
/// controls the page (the very first install is not an update).
fn watch_install(worker: ServiceWorker, on_update: std::rc::Rc<dyn Fn()>) {
    let watched = worker.clone();
    let changed = Closure::<dyn Fn()>::new(move || {
        if watched.state() == ServiceWorkerState::Installed && controlled() {
            on_update();
        }
    });
    worker.set_onstatechange(Some(changed.as_ref().unchecked_ref()));
    changed.forget();
}

/// The page's service worker container, where the page may have one (http(s) or localhost).
fn container() -> Option<ServiceWorkerContainer> {
    let protocol = window().location().protocol().ok()?;
    if protocol != "https:" && protocol != "http:" {
        return None;
    }
    let navigator = window().navigator();
    // Undefined where the browser has none (or forbids it, as in some private modes).
    js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker"))
        .ok()?
        .then(|| navigator.service_worker())
}

fn controlled() -> bool {
    container().and_then(|c| c.controller()).is_some()
}

/// "A new version is ready": shown once a new build waits; "Reload" switches to it.
#[component]
pub fn UpdateNotice() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let t = state.t();
        state.update_available.get().then(|| {
            view! {
                <div class="notice notice-ok" role="status" data-testid="update-available">
                    <p>{t.update_available}</p>
                    <button
                        type="button"
                        class="primary"
                        data-testid="update-reload"
                        on:click=move |_| take_update()
                    >
                        {t.update_reload}
                    </button>
                </div>
            }
        })
    }
}
