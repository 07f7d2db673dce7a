//! Entry point of the browser app: mounts the root component, nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(kundenwert::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("kundenwert-web is the browser app: build it with `trunk build --release` or serve it with `trunk serve`.");
    std::process::exit(2);
}
