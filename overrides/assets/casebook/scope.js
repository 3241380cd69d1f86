// Material's __md_scope helpers (partials/javascripts/base.html), as a file so
// that the Content-Security-Policy needs no inline script. The scope is the site
// root: this file sits two levels below it.
__md_scope = new URL("../..", document.currentScript.src),
__md_hash = e => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0),
__md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e)),
__md_set = (e, _, t = localStorage, a = __md_scope) => { try { t.setItem(a.pathname + "." + e, JSON.stringify(_)) } catch (e) {} }
