/* The service worker: the site keeps working without a connection.
 *
 * `catalogue build` writes this file to the site's root as sw.js, after one
 * line of settings (self.TT_OFFLINE, see generator/web/offline.py):
 *   build     the content hash of the whole site; the caches are named after it
 *   precache  [address, SHA-256 check] of the files saved at install
 *   offline   the page shown for a page that is not saved
 *
 * Caches: tt-offline-<build> holds the shell, the index pages, the search index
 * and the pages, guides and forms visited; tt-offline-<build>-saved holds the
 * procedures the reader saved ("Lưu để xem khi không có mạng"), with a list of
 * them. A new build installs into new caches (saved procedures are fetched
 * again from the new build), then the old caches are removed: a reader never
 * gets pages of two builds.
 *
 * Pages: from the network, or from the cache when there is no connection or it
 * takes longer than NETWORK_WAIT; a page that is not saved gets the offline page.
 * Other files: from the cache when saved, else from the network. A file saved at
 * install is served from the cache only while its SHA-256 is still the build's.
 */
"use strict";

var CONFIG = self.TT_OFFLINE;
var SCOPE = self.registration.scope;
var PREFIX = "tt-offline-";
var CACHE = PREFIX + CONFIG.build;
var SAVED = CACHE + "-saved";
var SAVED_LIST = new URL("__saved.json", SCOPE).href;
var OFFLINE_PAGE = new URL(CONFIG.offline, SCOPE).href;
var PRECACHED = {};
CONFIG.precache.forEach(function (entry) { PRECACHED[new URL(entry[0], SCOPE).href] = entry[1]; });
var NETWORK_WAIT = 4000;   /* ms before a saved copy is shown instead of waiting for a slow network */
var VISITED_LIMIT = 150;   /* files kept as visited, besides those saved at install; the oldest go first */
var STAMP = /<meta name="tt-build" content="([0-9a-f]+)">/;
var DATA = /<script type="application\/json" id="tt-offline-data">([\s\S]*?)<\/script>/;
/* Set once a page of a newer build is seen: nothing more is kept, and the worker updates itself. */
var outdated = false;

/* A response the browser accepts for a page request even when the server redirected to it. */
function clean(response) {
  if (!response.redirected) return Promise.resolve(response);
  return response.blob().then(function (body) {
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  });
}

function hex(buffer) {
  return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
    return ("0" + b.toString(16)).slice(-2);
  }).join("");
}

function check(response) {
  return response.clone().arrayBuffer().then(function (body) {
    return crypto.subtle.digest("SHA-256", body);
  }).then(function (hash) {
    return hex(hash).slice(0, 16);
  });
}

/* A file of this build: from the browser's HTTP cache when it holds this very
   content (the page just loaded it), else from the server; refused if it differs. */
function fetchChecked(url, wanted) {
  function attempt(mode) {
    return fetch(url, { cache: mode, credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + url);
      return check(response).then(function (got) { return got === wanted ? response : null; });
    });
  }
  return attempt("force-cache").then(function (response) {
    return response || attempt("reload");
  }).then(function (response) {
    if (!response) throw new Error("changed on the server: " + url);
    return response;
  });
}

function precache() {
  return caches.open(CACHE).then(function (cache) {
    return Promise.all(Object.keys(PRECACHED).map(function (url) {
      return cache.match(url).then(function (have) {
        return have ? check(have).then(function (got) { return got === PRECACHED[url]; }) : false;
      }).then(function (good) {
        return good || fetchChecked(url, PRECACHED[url]).then(clean).then(function (response) {
          return cache.put(url, response);
        });
      });
    }));
  });
}

/* -- saved procedures ------------------------------------------------------- */

function readList(cache) {
  return cache.match(SAVED_LIST).then(function (response) {
    return response ? response.json() : [];
  });
}

function writeList(cache, list) {
  return cache.put(SAVED_LIST, new Response(JSON.stringify(list), {
    headers: { "Content-Type": "application/json" },
  }));
}

/* A page and what it names to save with it, fetched from the server into *cache*:
   all of them, or nothing (one that fails to download leaves nothing half-saved).
   Resolves to the list entry, or null when the page is no longer on the site. */
function saveInto(cache, page) {
  return fetch(page, { cache: "no-cache", credentials: "same-origin" }).then(function (response) {
    if (response.status === 404 || response.status === 410) return null;
    if (!response.ok) throw new Error(response.status + " " + page);
    return response.clone().text().then(function (html) {
      var found = DATA.exec(html);
      var data = found ? JSON.parse(found[1]) : { title: "", code: "", files: [] };
      var files = data.files.map(function (file) { return new URL(file, page).href; }).filter(function (file) {
        return file.indexOf(SCOPE) === 0;  /* only the site's own files */
      });
      return Promise.all(files.map(function (file) {
        return fetch(file, { cache: "no-cache", credentials: "same-origin" }).then(function (got) {
          if (!got.ok) throw new Error(got.status + " " + file);
          return got;
        });
      })).then(function (got) {
        return Promise.all(got.map(function (response, n) { return cache.put(files[n], response); }));
      }).then(function () {
        return clean(response);
      }).then(function (response) {
        return cache.put(page, response);
      }).then(function () {
        return {
          page: page,
          title: data.title,
          code: data.code,
          guide: data.guide ? new URL(data.guide, page).href : null,
          files: files,
          saved: new Date().toISOString(),
        };
      });
    });
  });
}

function save(page) {
  return caches.open(SAVED).then(function (cache) {
    return saveInto(cache, page).then(function (entry) {
      if (!entry) throw new Error("not on the site: " + page);
      return readList(cache).then(function (list) {
        list = list.filter(function (item) { return item.page !== entry.page; });
        list.unshift(entry);
        return writeList(cache, list).then(function () { return list; });
      });
    });
  });
}

function remove(page) {
  return caches.open(SAVED).then(function (cache) {
    return readList(cache).then(function (list) {
      var gone = list.filter(function (item) { return item.page === page; });
      var kept = list.filter(function (item) { return item.page !== page; });
      var still = {};
      kept.forEach(function (item) { still[item.page] = true; item.files.forEach(function (f) { still[f] = true; }); });
      var drop = [];
      gone.forEach(function (item) { drop.push(item.page); drop = drop.concat(item.files); });
      return Promise.all(drop.filter(function (url) { return !still[url]; }).map(function (url) {
        return cache.delete(url);
      })).then(function () { return writeList(cache, kept); }).then(function () { return kept; });
    });
  });
}

/* The procedures saved under the previous build, fetched again from this one.
   One that is no longer on the site, or one of whose files fails to download
   (a server error, a file renamed), is dropped: it never keeps a reader on the
   old build. (Without a connection the install has failed already, at precache,
   and the browser tries again later with the old build still working.) */
function carrySaved() {
  return caches.keys().then(function (names) {
    var old = names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && /-saved$/.test(name) && name !== SAVED;
    });
    return Promise.all(old.map(function (name) {
      return caches.open(name).then(readList);
    })).then(function (lists) {
      var pages = [];
      lists.forEach(function (list) {
        list.forEach(function (item) { if (pages.indexOf(item.page) < 0) pages.push(item.page); });
      });
      if (!pages.length) return null;
      return caches.open(SAVED).then(function (cache) {
        return Promise.all(pages.map(function (page) {
          return saveInto(cache, page).catch(function () { return null; });
        })).then(function (entries) {
          return writeList(cache, entries.filter(Boolean));
        });
      });
    });
  });
}

/* -- install, activate ------------------------------------------------------ */

self.addEventListener("install", function (event) {
  event.waitUntil(precache().then(carrySaved).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && name !== CACHE && name !== SAVED;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () {
    return self.clients.claim();
  }).then(keepOpenPages));
});

/* The pages open when the worker took over (the first page a reader opens is
   loaded before there is a worker): kept as visited, from the browser's cache. */
function keepOpenPages() {
  return self.clients.matchAll({ type: "window" }).then(function (windows) {
    return Promise.all(windows.map(function (client) {
      var url = client.url.split("#")[0];
      if (url.indexOf(SCOPE) !== 0) return null;
      return fetch(url, { cache: "force-cache", credentials: "same-origin" }).then(function (response) {
        return keep(new Request(url), response);
      }).catch(function () { /* the connection is gone already: it is kept at the next visit */ });
    }));
  });
}

/* -- requests --------------------------------------------------------------- */

/* A saved copy of *request*, or undefined. A copy of a file saved at install
   (the theme's scripts and styles, the index pages, the search index) is served
   only while it is still what this build made: its check is computed again, and
   a copy that differs (whatever wrote it) is deleted, so the file comes from the
   network instead. */
function fromCaches(request, options) {
  var key = new URL(typeof request === "string" ? request : request.url);
  key.hash = "";
  if (options && options.ignoreSearch) key.search = "";
  return caches.open(SAVED).then(function (saved) {
    return saved.match(request, options);
  }).then(function (found) {
    return found || caches.open(CACHE).then(function (cache) { return cache.match(request, options); });
  }).then(function (found) {
    var wanted = PRECACHED[key.href];
    if (!found || !wanted) return found;
    return check(found).then(function (got) {
      if (got === wanted) return found;
      return caches.open(CACHE).then(function (cache) { return cache.delete(key.href); }).then(function () {
        return undefined;
      });
    });
  });
}

function isPage(response) {
  return (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
}

function markOutdated() {
  if (outdated) return;
  outdated = true;
  self.registration.update().catch(function () {});
}

/* A page from the network, handed on once the build stamp in its head has been
   read (its first bytes): when it is a newer build's, the files it asks for next
   come from the network too, not from this build's copy. The rest streams on. */
function stamped(response) {
  if (!response.body || !isPage(response)) return Promise.resolve(response);
  var reader = response.body.getReader();
  var decoder = new TextDecoder();
  var chunks = [];
  var head = "";
  function read() {
    return reader.read().then(function (part) {
      if (part.done) return;
      chunks.push(part.value);
      head += decoder.decode(part.value, { stream: true });
      if (!STAMP.test(head) && !/<\/head>/i.test(head) && head.length < 16384) return read();
    });
  }
  return read().then(function () {
    var stamp = STAMP.exec(head);
    if (stamp && stamp[1] !== CONFIG.build) markOutdated();
    var body = new ReadableStream({
      start: function (controller) { chunks.forEach(function (chunk) { controller.enqueue(chunk); }); },
      pull: function (controller) {
        return reader.read().then(function (part) {
          if (part.done) controller.close(); else controller.enqueue(part.value);
        });
      },
      cancel: function (reason) { return reader.cancel(reason); },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  });
}

/* Keep a visited file, unless it belongs to another build; the oldest visited go first. */
function keep(request, response) {
  if (outdated || !response.ok || response.type !== "basic" || response.redirected) return Promise.resolve();
  var mine = Promise.resolve(true);
  var key = request.url.split("#")[0];
  if (isPage(response)) {
    key = key.split("?")[0];  /* a page is the same whatever its query (tim-kiem/?q=...) */
    mine = response.clone().text().then(function (html) {
      var stamp = STAMP.exec(html);
      if (stamp && stamp[1] !== CONFIG.build) markOutdated();
      return Boolean(stamp) && stamp[1] === CONFIG.build;
    });
  }
  return mine.then(function (ok) {
    if (!ok) return null;
    return caches.open(CACHE).then(function (cache) {
      return cache.put(key, response).then(function () {
        return cache.keys();
      }).then(function (keys) {
        var visited = keys.filter(function (key) { return !(key.url in PRECACHED); });
        return Promise.all(visited.slice(0, Math.max(0, visited.length - VISITED_LIMIT)).map(function (key) {
          return cache.delete(key);
        }));
      });
    });
  });
}

/* The offline page, standing in for *url*: its links are made to work from there. */
function offlinePage() {
  return fromCaches(OFFLINE_PAGE).then(function (response) {
    if (!response) return Response.error();
    return response.text().then(function (html) {
      html = html.replace(/<head>/i, '<head><base href="' + OFFLINE_PAGE + '">');
      return new Response(html, { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" } });
    });
  });
}

function page(event) {
  var request = event.request;
  var network = fetch(request).then(function (response) {
    event.waitUntil(keep(request, response.clone()));
    return stamped(response);
  });
  var saved = fromCaches(request, { ignoreSearch: true });
  return new Promise(function (resolve) {
    var done = false;
    function answer(response) { if (!done) { done = true; resolve(response); } }
    var timer = setTimeout(function () {
      saved.then(function (response) { if (response && !outdated) answer(response); });
    }, NETWORK_WAIT);
    network.then(answer, function () {
      saved.then(function (response) {
        answer(response || offlinePage());
      });
    }).then(function () { clearTimeout(timer); });
  });
}

function file(event) {
  var request = event.request;
  var fromNetwork = function () {
    return fetch(request).then(function (response) {
      event.waitUntil(keep(request, response.clone()));
      return response;
    });
  };
  if (outdated) {
    return fromNetwork().catch(function () {
      return fromCaches(request).then(function (response) { return response || Response.error(); });
    });
  }
  return fromCaches(request).then(function (response) { return response || fromNetwork(); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SCOPE) !== 0) return;
  if (request.url === SAVED_LIST || new URL(request.url).pathname === new URL("sw.js", SCOPE).pathname) return;
  event.respondWith(request.mode === "navigate" ? page(event) : file(event));
});

/* -- messages from offline.js ----------------------------------------------- */

self.addEventListener("message", function (event) {
  var message = event.data || {};
  var port = event.ports[0];
  if (!port) return;
  var work;
  if (message.type === "save") work = save(message.page);
  else if (message.type === "remove") work = remove(message.page);
  else if (message.type === "list") work = caches.open(SAVED).then(readList);
  else return;
  event.waitUntil(work.then(function (list) {
    port.postMessage({ ok: true, list: list, build: CONFIG.build });
  }, function (error) {
    port.postMessage({ ok: false, error: String(error) });
  }));
});
