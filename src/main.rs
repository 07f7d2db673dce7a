//! Entry point of the browser app: opens the saved workspaces and mounts the root component.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    // The workspace used last is read from IndexedDB before the app mounts.
    wasm_bindgen_futures::spawn_local(async {
        let boot = kundenwert::ui::boot().await;
        leptos::mount::mount_to_body(move || {
            kundenwert::ui::App(kundenwert::ui::AppProps { boot })
        });
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("kundenwert-web is the browser app: build it with `trunk build --release` or serve it with `trunk serve`.");
    std::process::exit(2);
}
