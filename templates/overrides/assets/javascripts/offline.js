/* "Lưu để xem khi không có mạng" on a procedure page, and the list of saved
 * procedures on the offline page (/khong-co-mang/). The service worker (sw.js,
 * registered by theme.js) does the saving; this script asks it by message.
 * Shown only where the browser can keep pages (a service worker on https or localhost).
 * The offline page loads common.js (TT) before this for its list; a procedure page does not. */
(function () {
  "use strict";

  function supported() {
    return "serviceWorker" in navigator && window.isSecureContext && "MessageChannel" in window;
  }

  /* A question to the service worker; resolves to the list of saved procedures. */
  function ask(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve, reject) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) {
          if (event.data && event.data.ok) resolve(event.data.list);
          else reject(new Error(event.data ? event.data.error : "no answer"));
        };
        (registration.active || registration.waiting || registration.installing).postMessage(message, [channel.port2]);
      });
    });
  }

  function thisPage() {
    return location.origin + location.pathname;
  }

  /* -- a procedure page -------------------------------------------------- */

  function saveBox(box) {
    var status = box.querySelector("[data-tt-offline-status]");
    var save = box.querySelector("[data-tt-offline-button=save]");
    var remove = box.querySelector("[data-tt-offline-button=remove]");
    var text = status.dataset;

    function show(saved, message) {
      save.hidden = saved;
      remove.hidden = !saved;
      if (message !== undefined) status.textContent = message;
    }

    function isSaved(list) {
      return list.some(function (item) { return item.page === thisPage(); });
    }

    box.hidden = false;
    ask({ type: "list" }).then(function (list) {
      if (isSaved(list)) show(true, text.saved);
    }, function () { /* the worker is not ready yet: the page can still be saved */ });

    save.addEventListener("click", function () {
      save.disabled = true;
      status.textContent = text.saving;
      ask({ type: "save", page: thisPage() }).then(function (list) {
        save.disabled = false;
        show(isSaved(list), text.saved);
        remove.focus();
      }, function () {
        save.disabled = false;
        status.textContent = text.failed;
      });
    });
    remove.addEventListener("click", function () {
      ask({ type: "remove", page: thisPage() }).then(function () {
        show(false, "");
        save.focus();
      });
    });
  }

  /* -- the offline page -------------------------------------------------- */

  function vietnameseDate(iso) {
    var day = new Date(iso);
    return day.getDate() + "/" + (day.getMonth() + 1) + "/" + day.getFullYear();
  }

  function savedList(list) {
    var empty = document.querySelector("[data-tt-offline-empty]");
    var status = document.querySelector("[data-tt-offline-status]");
    var text = list.dataset;

    function render(items) {
      list.textContent = "";
      list.hidden = !items.length;
      empty.hidden = items.length > 0;
      items.forEach(function (item) {
        var guide = null;
        if (item.guide) {
          guide = TT.element("a", "", text.guide);
          guide.href = item.guide;
          guide.type = "application/pdf";
        }
        var remove = TT.element("button", "md-button tt-button", text.remove);
        remove.type = "button";
        remove.setAttribute("aria-label", TT.format(text.removeLabel, { title: item.title }));
        remove.addEventListener("click", function () {
          ask({ type: "remove", page: item.page }).then(function (left) {
            render(left);
            status.textContent = TT.format(text.removed, { title: item.title });
            document.getElementById("da-luu").setAttribute("tabindex", "-1");
            document.getElementById("da-luu").focus();
          });
        });
        var saved = TT.format(text.savedOn, { date: vietnameseDate(item.saved) });
        list.appendChild(TT.card(item.page, item.title, [text.code + " " + item.code, saved], null,
                                 TT.element("span", "tt-offline-actions", [guide, remove])));
      });
    }

    ask({ type: "list" }).then(render, function () { render([]); });
  }

  function start() {
    var now = document.querySelector("[data-tt-offline-now]");
    if (now) {
      var update = function () { now.hidden = navigator.onLine; };
      update();
      window.addEventListener("online", update);
      window.addEventListener("offline", update);
    }
    var list = document.querySelector("[data-tt-offline-list]");
    if (!supported()) {
      if (list) document.querySelector("[data-tt-offline-empty]").textContent = list.dataset.unsupported;
      return;
    }
    var box = document.querySelector("[data-tt-offline-save]");
    if (box) saveBox(box);
    if (list) savedList(list);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
