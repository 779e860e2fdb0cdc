//! `#[job(…)]`: a job callback with its schedule, every value checked at compile time with the
//! runtime's own parsers (`telebot_syntax::schedule`), expanded into a `JobSpec` descriptor.

use crate::args::{self, Arg};
use crate::diag::Errors;
use crate::handler_fn::HandlerFn;
use crate::paths::Krate;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::{Expr, Ident, LitStr};
use telebot_syntax::schedule::{Cron, parse_interval, parse_time_of_day, parse_weekdays};

const KEYS: &[&str] = &[
    "every", "after", "at", "daily", "days", "cron", "first", "last", "name", "data", "chat_id",
    "crate",
];

/// When a job runs, as plain data.
enum Schedule {
    Every(u64),
    After(u64),
    Daily { at: (u8, u8, u8), days: Vec<u8> },
    Cron(LitStr),
}

/// What `#[job]` declares.
struct JobOptions {
    krate: Krate,
    schedule: Option<(Ident, Schedule)>,
    daily: Option<Ident>,
    days: Option<(Ident, Vec<u8>)>,
    first: Option<u64>,
    last: Option<u64>,
    name: Option<LitStr>,
    data: Option<LitStr>,
    chat_id: Option<i64>,
    /// A schedule key was given (valid or not): no "needs a schedule" error then.
    scheduled: bool,
}

/// The expansion of `#[job]` with `args` on `item`.
pub(crate) fn attribute(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let function: syn::ItemFn = match syn::parse2(item.clone()) {
        Ok(function) => function,
        Err(_) => {
            errors.at(&item, "`#[job]` goes on an `async fn`");
            let errors = errors.to_compile_errors();
            return quote!(#item #errors);
        }
    };
    let options = match args::parse(args) {
        Ok(list) => parse(list, &mut errors),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let handler = HandlerFn::new(function, &mut errors);
    let options = options.and_then(|o| validate(o, &handler, &mut errors));
    match options {
        Some(options) if errors.is_empty() => expand(&options, &handler),
        Some(options) => crate::declare::stub(&options.krate.private(), &handler, &errors),
        None => crate::declare::stub(&Krate::default().private(), &handler, &errors),
    }
}

fn interval(errors: &mut Errors, key: &Ident, value: &Expr) -> Option<u64> {
    let lit = args::string(errors, key, value)?;
    match parse_interval(&lit.value()) {
        Ok(d) if d.is_zero() => {
            errors.at(
                &lit,
                format!("`{key}` cannot be zero; give a positive interval such as \"10s\""),
            );
            None
        }
        Ok(d) => Some(u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
        Err(why) => {
            errors.at(&lit, why);
            None
        }
    }
}

fn parse(list: Vec<Arg>, errors: &mut Errors) -> Option<JobOptions> {
    let mut o = JobOptions {
        krate: Krate::default(),
        schedule: None,
        daily: None,
        days: None,
        first: None,
        last: None,
        name: None,
        data: None,
        chat_id: None,
        scheduled: false,
    };
    let mut seen: Vec<String> = Vec::new();
    for arg in &list {
        let Some(key) = arg.key() else {
            if let Arg::Literal(lit) = arg {
                errors.at(lit, "`#[job]` options are keyed: `#[job(every = \"10s\")]`");
            }
            continue;
        };
        let name = key.to_string();
        if seen.contains(&name) {
            errors.at(key, format!("`{name}` is given twice"));
            continue;
        }
        seen.push(name.clone());
        if ["every", "after", "at", "cron"].contains(&name.as_str()) {
            o.scheduled = true;
        }
        let mut schedule = |s: Schedule, errors: &mut Errors| match &o.schedule {
            Some((other, _)) => errors.at(
                key,
                format!("a job has one schedule: `{key}` and `{other}` cannot both be given"),
            ),
            None => o.schedule = Some((key.clone(), s)),
        };
        match (name.as_str(), arg) {
            ("every", Arg::Value(_, v)) => {
                if let Some(ms) = interval(errors, key, v) {
                    schedule(Schedule::Every(ms), errors);
                }
            }
            ("after", Arg::Value(_, v)) => {
                if let Some(ms) = interval(errors, key, v) {
                    schedule(Schedule::After(ms), errors);
                }
            }
            ("at", Arg::Value(_, v)) => {
                if let Some(lit) = args::string(errors, key, v) {
                    match parse_time_of_day(&lit.value()) {
                        Ok(t) => schedule(
                            Schedule::Daily {
                                at: (t.hour, t.minute, t.second),
                                days: Vec::new(),
                            },
                            errors,
                        ),
                        Err(why) => errors.at(&lit, why),
                    }
                }
            }
            ("cron", Arg::Value(_, v)) => {
                if let Some(lit) = args::string(errors, key, v) {
                    match Cron::parse(&lit.value()) {
                        Ok(_) => schedule(Schedule::Cron(lit.clone()), errors),
                        Err(why) => errors.at(&lit, why),
                    }
                }
            }
            ("daily", Arg::Flag(_)) => o.daily = Some(key.clone()),
            ("days", Arg::Value(_, v)) => {
                if let Some(lit) = args::string(errors, key, v) {
                    match parse_weekdays(&lit.value()) {
                        Ok(days) => {
                            let list = days.iter().map(|d| d.days_from_monday()).collect();
                            o.days = Some((key.clone(), list));
                        }
                        Err(why) => errors.at(&lit, why),
                    }
                }
            }
            ("first", Arg::Value(_, v)) => o.first = interval(errors, key, v),
            ("last", Arg::Value(_, v)) => o.last = interval(errors, key, v),
            ("name", Arg::Value(_, v)) => o.name = args::string(errors, key, v),
            ("data", Arg::Value(_, v)) => o.data = args::string(errors, key, v),
            ("chat_id", Arg::Value(_, v)) => o.chat_id = args::int(errors, key, v),
            ("crate", Arg::Value(_, Expr::Path(p))) => o.krate = Krate::at(&p.path),
            (known, _) if KEYS.contains(&known) => {
                errors.at(key, format!("`{known}` is written `{}`", usage(known)));
            }
            _ => args::unknown_key(errors, key, "job", KEYS),
        }
    }
    Some(o)
}

fn usage(key: &str) -> &'static str {
    match key {
        "every" => "every = \"10s\"",
        "after" => "after = \"30s\"",
        "at" => "at = \"09:00\"",
        "cron" => "cron = \"0 9 * * 1-5\"",
        "daily" => "daily (with `at = \"09:00\"`)",
        "days" => "days = \"mon-fri\"",
        "first" => "first = \"5s\"",
        "last" => "last = \"1h\"",
        "chat_id" => "chat_id = -100123",
        "crate" => "crate = ::telebot",
        _ => "key = \"…\"",
    }
}

fn validate(mut o: JobOptions, handler: &HandlerFn, errors: &mut Errors) -> Option<JobOptions> {
    let days = o.days.take();
    match (&mut o.schedule, &o.daily, days) {
        (None, Some(daily), _) => {
            errors.at(daily, "`daily` needs the time of day: `daily, at = \"09:00\"`");
        }
        (None, None, _) if !o.scheduled => errors.at(
            &handler.item.sig.ident,
            "a job needs a schedule: `every = \"10s\"`, `after = \"30s\"`, `at = \"09:00\"` (with `days = \"mon-fri\"`) or `cron = \"0 9 * * 1-5\"`",
        ),
        (Some((_, Schedule::Daily { days, .. })), _, Some((_, list))) => *days = list,
        (Some((key, _)), _, Some((days_key, _))) => errors.at(
            days_key,
            format!("`days` goes with `at = \"09:00\"`, not with `{key}` (a cron expression has its own weekday field)"),
        ),
        (Some((key, schedule)), Some(daily), None) if !matches!(schedule, Schedule::Daily { .. }) => {
            errors.at(daily, format!("`daily` goes with `at = \"09:00\"`, not with `{key}`"));
        }
        _ => {}
    }
    if (o.first.is_some() || o.last.is_some())
        && let Some((key, schedule)) = &o.schedule
        && !matches!(schedule, Schedule::Every(_))
    {
        errors.at(key, "`first` and `last` go with `every = \"…\"`");
    }
    if let Some(name) = &o.name
        && name.value().trim().is_empty()
    {
        errors.at(name, "a job's name cannot be empty");
    }
    Some(o)
}

fn expand(o: &JobOptions, handler: &HandlerFn) -> TokenStream {
    let private = o.krate.private();
    let ident = &handler.item.sig.ident;
    let name = o
        .name
        .as_ref()
        .map_or_else(|| ident.to_string(), LitStr::value);
    let schedule = match &o.schedule {
        Some((_, Schedule::Every(ms))) => {
            quote!(#private::DeclaredSchedule::Every(::core::time::Duration::from_millis(#ms)))
        }
        Some((_, Schedule::After(ms))) => {
            quote!(#private::DeclaredSchedule::After(::core::time::Duration::from_millis(#ms)))
        }
        Some((
            _,
            Schedule::Daily {
                at: (h, m, s),
                days,
            },
        )) => {
            quote!(#private::DeclaredSchedule::Daily { at: (#h, #m, #s), days: &[#(#days),*] })
        }
        Some((_, Schedule::Cron(lit))) => quote!(#private::DeclaredSchedule::Cron(#lit)),
        None => quote!(::core::unreachable!("validated by #[job]")),
    };
    let duration = |ms: Option<u64>| match ms {
        Some(ms) => quote!(::core::option::Option::Some(::core::time::Duration::from_millis(#ms))),
        None => quote!(::core::option::Option::None),
    };
    let (first, last) = (duration(o.first), duration(o.last));
    let chat_id = match o.chat_id {
        Some(id) => quote!(::core::option::Option::Some(#id)),
        None => quote!(::core::option::Option::None),
    };
    let data = match &o.data {
        Some(lit) => quote!(::core::option::Option::Some(#lit)),
        None => quote!(::core::option::Option::None),
    };
    let callback = crate::declare::callback(&private, "Job", handler);
    let location = quote_spanned!(ident.span()=>
        #private::Location::new(::core::file!(), ::core::line!(), ::core::column!()));
    crate::declare::declaration(
        &private,
        handler,
        quote!(
            const COMMANDS: &'static [&'static str] = &[];
        ),
        quote! {
            __telebot_set.job(#private::job(
                #private::JobSpec {
                    name: #name,
                    schedule: #schedule,
                    first: #first,
                    last: #last,
                    chat_id: #chat_id,
                    data: #data,
                    location: #location,
                },
                #callback,
            ))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::attribute;
    use quote::quote;

    #[test]
    fn after_a_mistake_the_stub_names_the_crate_through_its_path() {
        let expansion = attribute(
            quote!(every = "0s", crate = my_bot::tb),
            quote!(
                async fn tick() {}
            ),
        )
        .to_string();
        assert!(expansion.contains("compile_error"), "{expansion}");
        assert!(
            expansion.contains("my_bot :: tb :: __private :: Declared"),
            "{expansion}"
        );
        assert!(!expansion.contains(":: telebot ::"), "{expansion}");
    }
}
