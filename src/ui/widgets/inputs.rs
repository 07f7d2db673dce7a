//! Form pieces the pages share: a labelled input bound to the text typed
//! (read and checked when the form is sent) and a field's error message.

use crate::clv::data::number::parse_decimal;
use crate::i18n::Texts;
use crate::ui::AppState;
use leptos::prelude::*;

/// What an inline form's input takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A line of text; the field takes the room left.
    Text,
    Date,
    /// A short number field, any decimals.
    Decimal,
    /// A whole percent from 0 to 100 in steps of 5.
    Percent,
}

/// An input with its label, bound to the text typed (a function, not a
/// component, so that a form's fields read one to a line).
pub fn labelled_input(
    label: Label,
    value: RwSignal<String>,
    kind: InputKind,
    testid: &'static str,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (kind_attr, min, max, step, class) = match kind {
        InputKind::Text => ("text", None, None, None, None),
        InputKind::Date => ("date", None, None, None, None),
        InputKind::Decimal => ("number", None, None, Some("any"), Some("short")),
        InputKind::Percent => ("number", Some("0"), Some("100"), Some("5"), Some("short")),
    };
    view! {
        <label class:grow=kind == InputKind::Text>
            <span>{move || label(state.t())}</span>
            <input
                type=kind_attr
                min=min
                max=max
                step=step
                class=class
                data-testid=testid
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </label>
    }
}

/// Why a form's input was not taken, announced when it appears.
#[component]
pub fn FieldError(
    #[prop(into)] message: Signal<Option<String>>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    move || {
        message.get().map(|m| {
            view! {
                <p class="field-error" role="alert" data-testid=testid>
                    {m}
                </p>
            }
        })
    }
}

/// A form field: its label over the control it names.
#[component]
pub fn Field(
    /// The id of the control the label is for.
    #[prop(into)]
    id: String,
    /// The label, in the current language.
    label: fn(&Texts) -> &'static str,
    /// Across the whole form.
    #[prop(optional)]
    wide: bool,
    children: Children,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="field" class:wide=wide>
            <label for=id>{move || label(state.t())}</label>
            {children()}
        </div>
    }
}

/// A labelled date input whose `id` is also its `data-testid`: shows `shown`
/// (empty for `None`) and hands a picked or typed date to `chosen` (`None`
/// for an empty or partial one).
#[component]
pub fn DateInput(
    id: &'static str,
    label: Label,
    #[prop(into)] shown: Signal<Option<chrono::NaiveDate>>,
    chosen: Callback<Option<chrono::NaiveDate>>,
) -> impl IntoView {
    view! {
        <Field id=id label=label>
            <input
                id=id
                type="date"
                data-testid=id
                prop:value=move || {
                    shown.get().map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default()
                }
                on:change=move |ev| chosen.run(event_target_value(&ev).parse().ok())
            />
        </Field>
    }
}

/// A text of the current language.
pub type Label = fn(&Texts) -> &'static str;

/// A table's head: the first column names the row, the others hold numbers;
/// `actions` adds an empty last column for a row's buttons.
#[component]
pub fn TableHead(columns: &'static [Label], #[prop(optional)] actions: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let cells = columns
        .iter()
        .enumerate()
        .map(|(i, &label)| {
            view! {
                <th scope="col" class:num={i > 0}>
                    {move || label(state.t())}
                </th>
            }
        })
        .collect_view();
    view! {
        <thead>
            <tr>{cells} {actions.then(|| view! { <th scope="col"></th> })}</tr>
        </thead>
    }
}

/// A one-line form: its fields, then the button that sends it.
#[component]
pub fn InlineForm(
    /// What sending does.
    on_submit: Callback<()>,
    /// The button's text.
    submit: Label,
    /// The button's test id.
    submit_testid: &'static str,
    children: Children,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <form
            class="inline-form"
            on:submit=move |ev| {
                ev.prevent_default();
                on_submit.run(());
            }
        >
            {children()}
            <button type="submit" class="small" data-testid=submit_testid>
                {move || submit(state.t())}
            </button>
        </form>
    }
}

/// A short number field of a settings card, its label beside it; what is
/// typed goes to `on_change` as a number, or `None` where it is not one.
#[component]
pub fn SettingInput(
    label: Label,
    testid: &'static str,
    /// The value shown.
    #[prop(into)]
    value: Signal<String>,
    on_change: Callback<Option<f64>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <label class="field">
            <span class="label">{move || label(state.t())}</span>
            <input
                type="number"
                step="any"
                class="short"
                data-testid=testid
                prop:value=move || value.get()
                on:change=move |ev| on_change.run(parse_decimal(&event_target_value(&ev)))
            />
        </label>
    }
}
