# A reverse cache in front of the app servers (docs/deploy.md, "A reverse cache"): it
# serves the public pages by the app's own Cache-Control (public, s-maxage) and Vary
# (HX-Request, HX-History-Restore-Request) headers, so a flood of visitors costs the app
# one render per page every few seconds. Debian's varnish:
#   varnishd -a :6081 -f /path/to/config/varnish.vcl -s malloc,256m
# The load harness runs it the same way (bench/servers.py). Put the TLS terminator
# (HAProxy) in front of it; point the backend below at an app server, or a director
# over several.
vcl 4.1;

backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

sub vcl_recv {
    # Staff, wherever they are (they may preview drafts): never from the cache. The
    # admin's own pages say no-store and set cookies, so they are never kept either.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The root redirects by the visitor's language cookie and Accept-Language, which
    # the app answers at once (core/request_path.py); kept here it would be one object
    # per Cookie and Accept-Language header.
    if (req.url == "/") {
        return (pass);
    }
    # A public page is the same for every visitor: their cookies (a remembered language,
    # an old CSRF cookie) change nothing in it, and must not keep it out of the cache.
    unset req.http.Cookie;
    # Links shared on social networks carry a new click id per visitor; the app ignores
    # them, so must the cache key.
    set req.url = regsuball(req.url, "([?&])(utm_[a-z]+|fbclid|gclid|yclid|msclkid|igshid)=[^&]*", "\1");
    set req.url = regsuball(req.url, "[?&]+$", "");
    set req.url = regsub(req.url, "\?&+", "?");
    return (hash);
}

sub vcl_hash {
    # One object per URL and host: a page drawn for one address (the onion service, a
    # web mirror) names that address in its links (core/hosts.py), and must never be
    # served on another. Varnish's built-in vcl_hash does the same; it is written here so
    # that no later edit of this file drops the host.
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    return (lookup);
}

sub vcl_backend_response {
    # Only what the app says a shared cache may keep: a response without max-age or
    # s-maxage (an error page, a redirect) is passed on, never kept by Varnish's default.
    if (beresp.http.Cache-Control !~ "(s-maxage|max-age)=[1-9]" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }
    # The app's s-maxage is the whole lifetime: no grace, so the live total never lags
    # more than the app allows (LIVE_TOTAL_LAG_SECONDS).
    set beresp.grace = 0s;
    # No return here: Varnish's built-in rules run next, and refuse to keep a response
    # that says private, no-cache or no-store, or varies on *, whatever its max-age.
}
