//! Proxies, as users have them: the standard variables `HTTPS_PROXY`, `HTTP_PROXY` and
//! `NO_PROXY` (each also in lower case, which wins, as curl and reqwest read them), honoured as
//! reqwest and the AWS SDKs honour them.
//!
//! A plain-HTTP target is reached through an HTTP proxy with requests in absolute form
//! (`POST http://host/path`); an HTTPS target through a `CONNECT` tunnel, with TLS to the
//! target inside it, so the proxy sees neither the requests nor their signatures. Credentials
//! in the proxy URL (`http://user:pass@proxy:3128`) go in `Proxy-Authorization: Basic`.
//!
//! `NO_PROXY` follows curl's convention: a comma-separated list of host names, domains (a
//! name matches itself and its subdomains; a leading `.` is ignored) and IP addresses, or `*`
//! for every host. Loopback is not exempt unless listed, so a local proxy can be tested.

use anyhow::{Context, bail};
use base64::Engine as _;

/// One HTTP proxy.
#[derive(Clone, PartialEq, Eq)]
pub struct Proxy {
    /// Host to connect to.
    pub host: String,
    /// Its port: the URL's, else 80 (the `http` scheme's, as reqwest reads a proxy URL).
    pub port: u16,
    /// `Proxy-Authorization` value, from credentials in the proxy URL.
    pub authorization: Option<String>,
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Proxy")
            .field("host", &self.host)
            .field("port", &self.port)
            .field(
                "authorization",
                &self.authorization.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

impl Proxy {
    /// Parses a proxy URL (`http://[user:pass@]host[:port]`; a bare `host:port` is read as
    /// `http://`). Only HTTP proxies are supported: an `https://` or `socks5://` proxy is an
    /// error that names it, never a silent direct connection.
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let with_scheme = if text.contains("://") {
            text.to_string()
        } else {
            format!("http://{text}")
        };
        let url = url::Url::parse(&with_scheme)
            .with_context(|| format!("proxy {text:?} is not a URL"))?;
        if url.scheme() != "http" {
            bail!(
                "proxy {text:?}: only http:// proxies are supported (an HTTPS target still gets TLS end to end through CONNECT)"
            );
        }
        let host = match url.host() {
            Some(url::Host::Domain(name)) => name.to_string(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            None => bail!("proxy {text:?} has no host"),
        };
        let authorization = (!url.username().is_empty()).then(|| {
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            };
            let pair = format!(
                "{}:{}",
                decode(url.username()),
                decode(url.password().unwrap_or_default())
            );
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            )
        });
        Ok(Proxy {
            host,
            port: url.port_or_known_default().unwrap_or(80),
            authorization,
        })
    }

    /// `host:port` as a `CONNECT` request and its `Host` header name a target.
    pub(crate) fn authority(host: &str, port: u16) -> String {
        if host.contains(':') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        }
    }
}

/// Which proxy, if any, each target goes through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proxies {
    http: Option<Proxy>,
    https: Option<Proxy>,
    no_proxy: Vec<String>,
}

impl Proxies {
    /// No proxy for any target.
    pub fn none() -> Self {
        Proxies::default()
    }

    /// The proxies the process environment names.
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// The proxies named by `var` (a lookup of environment variables): `https_proxy` or
    /// `HTTPS_PROXY` for HTTPS targets, `http_proxy` or `HTTP_PROXY` for plain ones,
    /// `no_proxy` or `NO_PROXY` for the exemptions. An empty value counts as unset.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let read = |lower: &str, upper: &str| {
            var(lower)
                .filter(|v| !v.trim().is_empty())
                .or_else(|| var(upper).filter(|v| !v.trim().is_empty()))
        };
        let proxy = |lower: &str, upper: &str| -> anyhow::Result<Option<Proxy>> {
            read(lower, upper)
                .map(|v| Proxy::parse(v.trim()).with_context(|| upper.to_string()))
                .transpose()
        };
        Ok(Proxies {
            http: proxy("http_proxy", "HTTP_PROXY")?,
            https: proxy("https_proxy", "HTTPS_PROXY")?,
            no_proxy: read("no_proxy", "NO_PROXY")
                .map(|v| v.split(',').filter_map(no_proxy_entry).collect())
                .unwrap_or_default(),
        })
    }

    /// These proxies, with `proxy` for targets of both schemes.
    pub fn with_proxy(mut self, proxy: Proxy) -> Self {
        self.http = Some(proxy.clone());
        self.https = Some(proxy);
        self
    }

    /// These proxies, exempting `hosts` (as `NO_PROXY` entries).
    pub fn with_no_proxy(mut self, hosts: &[&str]) -> Self {
        self.no_proxy
            .extend(hosts.iter().copied().filter_map(no_proxy_entry));
        self
    }

    /// The proxy a target on `host` is reached through, `None` for a direct connection.
    pub fn for_target(&self, https: bool, host: &str) -> Option<&Proxy> {
        let proxy = if https { &self.https } else { &self.http };
        proxy.as_ref().filter(|_| !self.exempts(host))
    }

    fn exempts(&self, host: &str) -> bool {
        let host = host.trim_matches(['[', ']']).to_ascii_lowercase();
        self.no_proxy.iter().any(|entry| {
            entry == "*"
                || *entry == host
                || host
                    .strip_suffix(entry.as_str())
                    .is_some_and(|rest| rest.ends_with('.'))
        })
    }
}

/// One `NO_PROXY` entry as it is matched: trimmed, without a leading `.`, in lower case;
/// `None` for an empty one.
fn no_proxy_entry(entry: &str) -> Option<String> {
    let entry = entry.trim().trim_start_matches('.').to_ascii_lowercase();
    (!entry.is_empty()).then_some(entry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn lower_case_wins_and_empty_counts_as_unset() {
        let p = Proxies::from_vars(vars(&[
            ("http_proxy", "http://lower:3128"),
            ("HTTP_PROXY", "http://upper:3128"),
            ("https_proxy", " "),
            ("HTTPS_PROXY", "proxy.example:8080"),
        ]))
        .unwrap();
        assert_eq!(p.for_target(false, "cases").unwrap().host, "lower");
        let https = p.for_target(true, "cases").unwrap();
        assert_eq!((https.host.as_str(), https.port), ("proxy.example", 8080));
        assert_eq!(Proxies::from_vars(vars(&[])).unwrap(), Proxies::none());
    }

    #[test]
    fn credentials_become_basic_authorization_and_stay_out_of_debug() {
        let p = Proxy::parse("http://us%40er:p%3Ass@10.0.0.1:3128").unwrap();
        let expected = base64::engine::general_purpose::STANDARD.encode("us@er:p:ss");
        assert_eq!(p.authorization, Some(format!("Basic {expected}")));
        assert!(!format!("{p:?}").contains(&expected));
        assert_eq!(Proxy::parse("http://proxy").unwrap().port, 80);
    }

    #[test]
    fn other_proxy_schemes_are_refused_by_name() {
        for url in ["socks5://p:1080", "https://p:443"] {
            let err = Proxy::parse(url).expect_err(url).to_string();
            assert!(err.contains("only http:// proxies"), "{err}");
        }
        let err = Proxies::from_vars(vars(&[("HTTPS_PROXY", "socks5://p")]))
            .expect_err("socks")
            .to_string();
        assert!(err.contains("HTTPS_PROXY"), "{err}");
    }

    #[test]
    fn no_proxy_follows_curls_convention() {
        let p = Proxies::from_vars(vars(&[
            ("HTTPS_PROXY", "http://p:3128"),
            ("NO_PROXY", "internal.example, .corp.example,10.1.2.3,::1"),
        ]))
        .unwrap();
        for direct in [
            "internal.example",
            "api.internal.example",
            "x.corp.example",
            "corp.example",
            "10.1.2.3",
            "[::1]",
            "INTERNAL.EXAMPLE",
        ] {
            assert!(p.for_target(true, direct).is_none(), "{direct}");
        }
        for proxied in ["notinternal.example", "127.0.0.1", "localhost", "10.1.2.30"] {
            assert!(p.for_target(true, proxied).is_some(), "{proxied}");
        }
        let all = Proxies::from_vars(vars(&[("HTTP_PROXY", "p:1"), ("NO_PROXY", "*")])).unwrap();
        assert!(all.for_target(false, "anything").is_none());
    }
}
