//! Saving generated text (CSV, JSON) and bytes (workspace files, PNG) as a file download.

use wasm_bindgen::JsCast;

/// Offers `contents` as a download named `file_name`.
pub fn text_file(file_name: &str, mime: &str, contents: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    offer_blob(file_name, &blob);
}

/// Offers a blob as a download named `file_name`.
pub fn offer_blob(file_name: &str, blob: &web_sys::Blob) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
        return;
    };
    let document = leptos::prelude::document();
    if let Some(anchor) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        anchor.set_href(&url);
        anchor.set_download(file_name);
        anchor.click();
    }
    // Revoking at once can cancel the download in some browsers.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
}

/// Offers `bytes` as a download named `file_name`.
pub fn bytes_file(file_name: &str, mime: &str, bytes: &[u8]) {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) else {
        return;
    };
    offer_blob(file_name, &blob);
}

/// Offers the chart drawn by `svg` as a PNG named `file_name`, at twice the
/// size `shown` has on screen (the chart's element), on white.
pub fn png_of_svg(file_name: String, svg: &str, shown: Option<web_sys::Element>) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(svg));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let Ok(image) = web_sys::HtmlImageElement::new() else {
        return;
    };
    let on_load = {
        let image = image.clone();
        let url = url.clone();
        wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
            let (width, height) = shown
                .map(|e| e.get_bounding_client_rect())
                .filter(|r| r.width() > 0.0)
                .map_or(
                    (
                        f64::from(image.natural_width()),
                        f64::from(image.natural_height()),
                    ),
                    |r| (r.width(), r.height()),
                );
            draw_png(&file_name, &image, width * 2.0, height * 2.0);
        })
    };
    image.set_onload(Some(on_load.unchecked_ref()));
    image.set_src(&url);
}

/// Draws `image` on a white canvas of `width` x `height` and offers it as a PNG.
fn draw_png(file_name: &str, image: &web_sys::HtmlImageElement, width: f64, height: f64) {
    let document = leptos::prelude::document();
    let Some(canvas) = document
        .create_element("canvas")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok())
    else {
        return;
    };
    canvas.set_width(width.round() as u32);
    canvas.set_height(height.round() as u32);
    let Some(context) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    context.set_fill_style_str("#ffffff");
    context.fill_rect(0.0, 0.0, width, height);
    let _ =
        context.draw_image_with_html_image_element_and_dw_and_dh(image, 0.0, 0.0, width, height);
    let file_name = file_name.to_owned();
    let on_blob =
        wasm_bindgen::closure::Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
            if let Some(blob) = blob {
                offer_blob(&file_name, &blob);
            }
        });
    let _ = canvas.to_blob_with_type(on_blob.unchecked_ref(), "image/png");
}
