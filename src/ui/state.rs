//! Application state shared by the components: the workspace in signals, the
//! memos derived from it, routing and the model fit.

use crate::clv::api::{self, ReportRequest, SummaryRequest, SummaryResponse};
use crate::clv::data::summary::TimeUnit;
use crate::clv::equity::customer_equity::Levers;
use crate::clv::estimation::fit::FitError;
use crate::clv::valuation::report::{data_report, ModelReport, ModelRequest};
use crate::clv::valuation::value::CustomerScore;
use crate::i18n::{Lang, Texts};
use crate::storage::db::StoredWorkspace;
use crate::storage::library::Unreadable;
use crate::storage::WorkspaceMeta;
use crate::workspace::{DecodeError, Settings, WorkspaceData};
use chrono::NaiveDate;
use leptos::prelude::*;

/// The pages of the app, addressed by the URL hash (`#/customers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Data,
    Customers,
    Models,
    Segments,
    Goals,
    Equity,
    Workspaces,
    /// A share link's read-only view (`#share=v1.…`), not in the navigation.
    Shared,
}

impl Page {
    pub const ALL: [Page; 7] = [
        Page::Data,
        Page::Customers,
        Page::Models,
        Page::Segments,
        Page::Goals,
        Page::Equity,
        Page::Workspaces,
    ];

    pub fn hash(self) -> &'static str {
        match self {
            Page::Data => "#/data",
            Page::Customers => "#/customers",
            Page::Models => "#/models",
            Page::Segments => "#/segments",
            Page::Goals => "#/goals",
            Page::Equity => "#/equity",
            Page::Workspaces => "#/workspaces",
            Page::Shared => "#share=",
        }
    }

    pub fn from_hash(hash: &str) -> Page {
        if hash.starts_with(Page::Shared.hash()) {
            return Page::Shared;
        }
        Page::ALL
            .into_iter()
            .find(|p| p.hash() == hash)
            .unwrap_or(Page::Data)
    }

    pub fn title(self, t: &Texts) -> &'static str {
        match self {
            Page::Data => t.nav_data,
            Page::Customers => t.nav_customers,
            Page::Models => t.nav_models,
            Page::Segments => t.nav_segments,
            Page::Goals => t.nav_goals,
            Page::Equity => t.nav_equity,
            Page::Workspaces => t.nav_workspaces,
            Page::Shared => t.shared_title,
        }
    }

    pub fn icon(self) -> &'static str {
        match self {
            Page::Data => "▤",
            Page::Customers => "☰",
            Page::Models => "∿",
            Page::Segments => "◔",
            Page::Goals => "◎",
            Page::Equity => "∑",
            Page::Workspaces => "❏",
            Page::Shared => "⇪",
        }
    }
}

/// What happened to the last save.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveStatus {
    Saved {
        bytes: usize,
    },
    /// Not saved: another tab saved this workspace first (see [`TabNotice::Conflict`]).
    Conflict,
    TooLarge {
        bytes: usize,
    },
    Failed(String),
    Unavailable(String),
}

/// A workspace an earlier build saved that could not be read, kept for the
/// user to decide about.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadProblem {
    pub error: DecodeError,
    pub text: String,
}

/// What happened to the open workspace elsewhere, or to one just deleted.
#[derive(Debug, Clone, PartialEq)]
pub enum TabNotice {
    /// The workspace moved in from the localStorage of an earlier build.
    Migrated,
    /// Another tab saved it; this tab had nothing waiting and shows the newer copy.
    UpdatedElsewhere,
    /// Another tab saved (`Some`) or deleted (`None`) it while this tab had changes.
    Conflict { stored: Option<WorkspaceMeta> },
    /// A workspace was deleted here; it can be put back while the page is open.
    Deleted { stored: StoredWorkspace },
}

use crate::clv::data::dataset::DataFingerprint;

/// The last model fit and what it was fitted on.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportState {
    pub result: Result<ModelReport, FitError>,
    /// Wall time of the fit in milliseconds.
    pub millis: f64,
    pub request: ModelRequest,
    pub data: DataFingerprint,
    /// Where the report was computed.
    pub engine: Engine,
}

/// Where the models were fitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// In the Web Worker: the page stayed responsive.
    Worker,
    /// On the page's main thread (no worker available).
    MainThread,
}

impl Engine {
    pub fn key(self) -> &'static str {
        match self {
            Engine::Worker => "worker",
            Engine::MainThread => "main-thread",
        }
    }
}

/// A subset of customers to list on the Customers page (from a segment).
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerFilter {
    /// What the subset is, for the notice above the table.
    pub label: String,
    /// Indices into the summary's customers.
    pub members: Vec<usize>,
    /// The data the indices refer to.
    pub data: DataFingerprint,
}

/// Signals shared by all components (`Copy`, provided as context).
///
/// The workspace is held in three signals so that a change re-runs only what
/// reads it: the data (changes on import), the settings (change on a click or
/// an edit) and the Equity page's levers (change on every slider input event).
/// Small derived memos (language, currency, time unit, observation end, model
/// request) let a memo depend on one setting rather than on all of them.
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    /// The transactions and where they came from.
    pub data: RwSignal<WorkspaceData>,
    /// Everything else the user chose. Its `equity.levers` is only the stored
    /// copy of [`AppState::levers`], written when the workspace is saved.
    pub settings: RwSignal<Settings>,
    /// The Equity page's levers as last moved.
    pub levers: RwSignal<Levers>,
    /// The observation end: chosen, else the last transaction's date (a
    /// summary's own date).
    pub observation_end: Memo<Option<NaiveDate>>,
    /// Whether the data has individual transactions (summaries do not).
    pub has_transactions: Memo<bool>,
    pub time_unit: Memo<TimeUnit>,
    lang_choice: Memo<Option<Lang>>,
    currency: Memo<String>,
    /// What the Models page would fit now.
    pub model_request: Memo<Option<ModelRequest>>,
    pub page: RwSignal<Page>,
    pub save: RwSignal<SaveStatus>,
    pub load_problem: RwSignal<Option<LoadProblem>>,
    /// The open workspace's catalogue entry.
    pub workspace: RwSignal<WorkspaceMeta>,
    /// Every workspace, the most recently saved first.
    pub workspaces: RwSignal<Vec<WorkspaceMeta>>,
    /// Workspaces that could not be read.
    pub unreadable: RwSignal<Vec<Unreadable>>,
    pub notice: RwSignal<Option<TabNotice>>,
    /// A newer build of the app is installed and waits for a reload ([`super::offline`]).
    pub update_available: RwSignal<bool>,
    /// A workspace file that could not be imported, and why.
    pub file_problem: RwSignal<Option<(String, crate::workspace::file::WorkspaceFileError)>>,
    /// The browser's storage estimate, once known.
    pub storage_use: RwSignal<Option<super::session::StorageUse>>,
    /// The customer summary as of the observation end, recomputed when the data,
    /// the observation end or the time unit change.
    pub summary: Memo<SummaryResponse>,
    /// A summary computed elsewhere (the file worker) for the data about to be
    /// set, taken by [`AppState::summary`] instead of computing it if it was
    /// computed for the same request.
    summary_seed: StoredValue<Option<(SummaryRequest, SummaryResponse)>>,
    /// The last fit of the Models page (not saved: it is recomputed from the data).
    pub report: RwSignal<Option<ReportState>>,
    /// The last fit's per-customer scores while they match the data and settings
    /// (read with `.with` to avoid copying them).
    pub scores: Memo<Option<Vec<CustomerScore>>>,
    pub fitting: RwSignal<bool>,
    /// Customers chosen on the Segments page, listed on the Customers page.
    pub customer_filter: RwSignal<Option<CustomerFilter>>,
    data_fingerprint: Memo<DataFingerprint>,
    browser_lang: Lang,
}

fn browser_lang() -> Lang {
    let navigator = window().navigator();
    let languages: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if languages.is_empty() {
        return Lang::from_tag(&navigator.language().unwrap_or_default());
    }
    Lang::from_preferences(languages.iter().map(String::as_str))
}

/// What the Models page would fit with these settings and observation end.
fn model_request_for(settings: &Settings, end: Option<NaiveDate>) -> Option<ModelRequest> {
    let m = &settings.model;
    Some(ModelRequest {
        model: m.purchase,
        gamma_gamma: m.gamma_gamma,
        end: end?,
        unit: settings.time_unit,
        holdout_months: m.holdout_months,
        horizon_months: m.horizon_months as f64,
        annual_discount: m.discount_percent / 100.0,
        margin: m.margin_percent / 100.0,
        draws: INTERVAL_DRAWS,
    })
}

/// Parameter draws behind each interval.
const INTERVAL_DRAWS: usize = 100;

fn now_ms() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

fn current_page() -> Page {
    Page::from_hash(&window().location().hash().unwrap_or_default())
}

impl AppState {
    /// Takes the workspace [`super::session::boot`] opened, and starts saving and routing.
    pub fn start(boot: super::session::Boot) -> Self {
        let super::session::Boot { library, opened } = boot;
        let initial = opened.workspace;
        let save = match library.db().unavailable() {
            Some(e) => SaveStatus::Unavailable(e.to_string()),
            None => SaveStatus::Saved {
                bytes: opened.open.meta.bytes(),
            },
        };
        let problem = opened.legacy_problem.map(|p| LoadProblem {
            error: p.error,
            text: p.text,
        });
        let levers = RwSignal::new(initial.settings.equity.levers);
        let data = RwSignal::new(initial.data);
        let settings = RwSignal::new(initial.settings);
        let load_problem = RwSignal::new(problem);
        let save = RwSignal::new(save);
        let page = RwSignal::new(current_page());
        let workspace = RwSignal::new(opened.open.meta.clone());
        let workspaces = RwSignal::new(opened.list);
        let notice = RwSignal::new(opened.migrated.then_some(TabNotice::Migrated));

        let observation_end = Memo::new(move |_| {
            let chosen = settings.with(|s| s.observation_end);
            data.with(|d| d.data.observation_end(chosen))
        });
        let time_unit = Memo::new(move |_| settings.with(|s| s.time_unit));
        let lang_choice = Memo::new(move |_| settings.with(|s| s.lang));
        let currency = Memo::new(move |_| settings.with(|s| s.currency.clone()));
        let model_request =
            Memo::new(move |_| settings.with(|s| model_request_for(s, observation_end.get())));

        let summary_seed = StoredValue::new(None::<(SummaryRequest, SummaryResponse)>);
        let summary = Memo::new(move |_| {
            let request = SummaryRequest {
                end: observation_end.get().unwrap_or_default(),
                unit: time_unit.get(),
            };
            let seed = summary_seed
                .try_update_value(Option::take)
                .flatten()
                .filter(|(r, _)| *r == request);
            if let Some((_, summary)) = seed {
                data.track();
                return summary;
            }
            data.with(|d| api::data_summary(&d.data, &request))
        });

        super::autosave::start(
            library,
            opened.open,
            super::autosave::Sources {
                data,
                settings,
                levers,
                status: save,
                workspace,
                workspaces,
                notice,
            },
        );

        let handle =
            window_event_listener(leptos::ev::hashchange, move |_| page.set(current_page()));
        // The app lives as long as the page.
        std::mem::forget(handle);

        let report = RwSignal::new(None::<ReportState>);
        let data_fingerprint = Memo::new(move |_| data.with(|d| d.data.fingerprint()));

        AppState {
            data,
            settings,
            levers,
            observation_end,
            has_transactions: Memo::new(move |_| data.with(|d| d.transactions().is_some())),
            time_unit,
            lang_choice,
            currency,
            model_request,
            page,
            save,
            load_problem,
            workspace,
            workspaces,
            unreadable: RwSignal::new(opened.unreadable),
            notice,
            update_available: RwSignal::new(false),
            file_problem: RwSignal::new(None),
            storage_use: RwSignal::new(None),
            summary,
            summary_seed,
            report,
            scores: Memo::new(move |_| {
                let request = model_request.get();
                let data = data_fingerprint.get();
                report.with(|r| {
                    r.as_ref()
                        .filter(|r| Some(&r.request) == request.as_ref() && r.data == data)
                        .and_then(|r| r.result.as_ref().ok())
                        .map(|r| r.scores.clone())
                })
            }),
            fitting: RwSignal::new(false),
            customer_filter: RwSignal::new(None),
            data_fingerprint,
            browser_lang: browser_lang(),
        }
    }

    /// The language in use: the chosen one, else the browser's.
    pub fn lang(&self) -> Lang {
        self.lang_choice.get().unwrap_or(self.browser_lang)
    }

    pub fn t(&self) -> &'static Texts {
        self.lang().texts()
    }

    /// The currency symbol shown with amounts.
    pub fn currency(&self) -> String {
        self.currency.get()
    }

    /// An amount in the workspace's currency and the current language.
    pub fn money(&self, amount: f64) -> String {
        self.currency
            .with(|c| crate::format::money(amount, c, self.lang()))
    }

    /// The observation end as the user reads it (empty without data).
    pub fn observation_end_text(&self) -> String {
        let lang = self.lang();
        self.observation_end
            .get()
            .map(|d| crate::format::date(d, lang))
            .unwrap_or_default()
    }

    /// Whether data or settings changed since the last fit.
    pub fn report_is_stale(&self) -> bool {
        self.report.with(|r| match r {
            Some(r) => {
                self.model_request.with(|m| Some(&r.request) != m.as_ref())
                    || r.data != self.data_fingerprint.get()
            }
            None => false,
        })
    }

    /// Whether there are scores that match the data and settings, without subscribing.
    pub fn has_current_scores_untracked(&self) -> bool {
        self.scores.with_untracked(Option::is_some)
    }

    /// Replaces the data with an imported (or the demo) data set; the observation
    /// end goes back to its default, the other settings stay.
    pub fn replace_data(&self, data: WorkspaceData) {
        super::autosave::saver().data_replaced();
        // Data of one's own is worth keeping: ask the browser not to clear it.
        self.measure_storage();
        self.summary_seed.set_value(None);
        self.data.set(data);
        self.settings.update(|s| s.observation_end = None);
    }

    /// [`AppState::replace_data`] with the data's summary already computed
    /// (by the file worker) for `request`: the page uses it if the request is
    /// the one it shows (the default observation end, the current unit).
    pub fn replace_data_with_summary(
        &self,
        data: WorkspaceData,
        request: SummaryRequest,
        summary: SummaryResponse,
    ) {
        self.replace_data(data);
        self.summary_seed.set_value(Some((request, summary)));
    }

    /// Lists these customers on the Customers page.
    pub fn show_customers(&self, label: String, members: Vec<usize>) {
        let data = self.data_fingerprint.get_untracked();
        self.customer_filter.set(Some(CustomerFilter {
            label,
            members,
            data,
        }));
        let _ = window().location().set_hash(Page::Customers.hash());
    }

    /// The filter, if it still refers to the current data.
    pub fn current_filter(&self) -> Option<CustomerFilter> {
        let data = self.data_fingerprint.get();
        self.customer_filter
            .with(|f| f.clone().filter(|f| f.data == data))
    }

    /// Fits the models on the current data and settings: in the Web Worker
    /// where one runs (the page stays responsive), else on the main thread after
    /// letting the page show that it is working.
    pub fn fit_models(&self) {
        let state = *self;
        let Some(request) = state.model_request.get_untracked() else {
            return;
        };
        state.fitting.set(true);
        let start = now_ms();
        let data = state.data_fingerprint.get_untracked();
        let message = ReportRequest {
            data: state.data.with_untracked(|d| d.data.clone()),
            request: request.clone(),
        };
        let finish = move |result: Result<ModelReport, FitError>, engine: Engine| {
            let millis = now_ms() - start;
            state.report.set(Some(ReportState {
                result,
                millis,
                request: request.clone(),
                data,
                engine,
            }));
            state.fitting.set(false);
        };
        let finish_here = finish.clone();
        let compute_here = move || {
            let request = state.model_request.get_untracked();
            set_timeout(
                move || {
                    let Some(request) = request else {
                        state.fitting.set(false);
                        return;
                    };
                    let result = state.data.with_untracked(|d| {
                        state
                            .summary
                            .with_untracked(|s| data_report(&d.data, &s.customers, &request))
                    });
                    finish_here(result, Engine::MainThread);
                },
                std::time::Duration::from_millis(30),
            );
        };
        let fallback = compute_here.clone();
        let sent = super::worker::request_report(&message, move |response| {
            match response.map(|r| r.result) {
                Some(Ok(report)) => finish(Ok(report), Engine::Worker),
                Some(Err(e)) => finish(Err(e), Engine::Worker),
                // The worker failed or did not understand: compute here.
                None => fallback(),
            }
        });
        if !sent {
            compute_here();
        }
    }

    /// Forgets the unreadable workspace an earlier build saved.
    pub fn reset_saved(&self) {
        if let Err(e) = super::autosave::saver().library.discard_legacy() {
            self.save.set(SaveStatus::Unavailable(e.to_string()));
            return;
        }
        self.load_problem.set(None);
    }
}
