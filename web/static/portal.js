/* J·QSM portal behaviour: the [OK]/[取消] confirmation dialog, the Y/N selector that
   enables the seller message, [选择所有], saved replies, and showing the panel after a
   double-click. Everything else is plain HTML forms and htmx attributes. */
(function () {
  "use strict";

  var pending = null;

  function confirmDialog() {
    return document.getElementById("confirm-dialog");
  }

  /* A submit button with data-confirm asks first; [OK] submits with that button. */
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-confirm]") : null;
    if (!button || !button.form) return;
    var dialog = confirmDialog();
    if (!dialog || typeof dialog.showModal !== "function") return; /* no dialog: plain submit */
    event.preventDefault();
    pending = button;
    dialog.querySelector("[data-confirm-text]").textContent = button.getAttribute("data-confirm");
    dialog.showModal();
    dialog.querySelector("[data-confirm-ok]").focus();
  });

  document.addEventListener("click", function (event) {
    var dialog = confirmDialog();
    if (!dialog) return;
    if (event.target.closest("[data-confirm-ok]")) {
      var button = pending;
      pending = null;
      dialog.close();
      if (!button || !button.form) return;
      var hidden = button.form.querySelector("input[name=confirmed_action]");
      if (hidden) hidden.value = button.value;
      /* focus first: htmx follows the focused button's formaction (one route per action) */
      button.focus();
      button.form.requestSubmit(button);
    } else if (event.target.closest("[data-confirm-cancel]")) {
      pending = null;
      dialog.close();
    }
  });

  /* 撤回索赔要请 Y enables the message; N (the default) disables it. */
  function syncEnables(select) {
    var target = document.querySelector(select.getAttribute("data-enables"));
    if (!target) return;
    target.disabled = select.value !== "Y";
    if (!target.disabled) target.focus();
  }
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches("select[data-enables]")) syncEnables(el);
    if (el.matches("select[data-saved-reply]")) {
      var option = el.options[el.selectedIndex];
      var form = el.form;
      if (!option || !option.value || !form) return;
      form.querySelector("[data-memo-title]").value = option.getAttribute("data-title") || "";
      form.querySelector("[data-memo-body]").value = option.getAttribute("data-body") || "";
    }
  });

  /* [选择所有]: ticks every row (again: unticks when all are ticked). */
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-select-all]");
    if (!button) return;
    var scope = document.querySelector(button.getAttribute("data-select-all"));
    if (!scope) return;
    var boxes = scope.querySelectorAll("input[type=checkbox][name=sel]");
    var all = Array.prototype.every.call(boxes, function (box) { return box.checked; });
    boxes.forEach(function (box) { box.checked = !all; });
  });

  /* Enter on a list row opens its panel like a double-click. Done here rather than with an
     htmx trigger filter (keyup[key=='Enter']): htmx evaluates filters as code, which the
     Content-Security-Policy (script-src 'self', no 'unsafe-eval') forbids. */
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Enter" || !event.target.closest) return;
    var row = event.target.closest("tr.claim-row");
    if (row) row.dispatchEvent(new CustomEvent("open-row"));
  });

  /* Bring a freshly loaded panel into view and show its success dialog as a modal. */
  function showDialogs(root) {
    root.querySelectorAll("dialog[data-autoshow][open]").forEach(function (dialog) {
      if (typeof dialog.showModal === "function") {
        dialog.close();
        dialog.showModal();
      }
    });
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    var panel = document.getElementById("panel");
    if (panel && target && (target === panel || target.id === "panel" || panel.contains(target))) {
      panel.scrollIntoView({ block: "start", behavior: "smooth" });
    }
    showDialogs(document);
  });
  document.addEventListener("DOMContentLoaded", function () { showDialogs(document); });

  /* A dialog's [关闭] (data-dialog-close) closes it; a dialog loaded for one use (the bulk
     request, data-remove-on-close) leaves the page when closed, by button or Escape. */
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-dialog-close]") : null;
    var dialog = button ? button.closest("dialog") : null;
    if (dialog) dialog.close();
  });
  document.addEventListener("close", function (event) {
    var dialog = event.target;
    /* showDialogs closes and reopens a dialog to make it modal: that close is no goodbye */
    if (dialog.matches && dialog.matches("dialog[data-remove-on-close]") && !dialog.open) {
      dialog.remove();
    }
  }, true);

  /* A session that ends while a page is open (issue 12): the server answers an htmx
     request with 401 and a "sign in again" dialog appended to the page (web/guards.py).
     What the person typed is kept in sessionStorage by element id (ids carry the order
     number) and filled in again when those fields appear after signing in: on the page
     load, or when the panel is opened again. Hidden, password and file fields are never
     kept; a field the server already filled is left alone. */
  var DRAFTS = "qsm.drafts";

  function readDrafts() {
    try { return JSON.parse(window.sessionStorage.getItem(DRAFTS) || "{}") || {}; }
    catch (e) { return {}; }
  }
  function writeDrafts(drafts) {
    try {
      if (Object.keys(drafts).length) window.sessionStorage.setItem(DRAFTS, JSON.stringify(drafts));
      else window.sessionStorage.removeItem(DRAFTS);
    } catch (e) { /* storage disabled: nothing kept */ }
  }
  function keepDrafts() {
    var drafts = readDrafts();
    document.querySelectorAll("main textarea[id], main input[id], main select[id]").forEach(function (el) {
      var type = (el.getAttribute("type") || "").toLowerCase();
      if (["hidden", "password", "file", "checkbox", "radio", "submit", "button"].indexOf(type) >= 0) return;
      if (el.tagName === "SELECT" ? el.selectedIndex <= 0 : !el.value) return;
      drafts[el.id] = el.value;
    });
    writeDrafts(drafts);
  }
  function restoreDrafts() {
    var drafts = readDrafts();
    var ids = Object.keys(drafts);
    if (!ids.length) return;
    /* selects first: a Y on 撤回索赔要请 enables the message it guards */
    ids.sort(function (a, b) {
      var ea = document.getElementById(a), eb = document.getElementById(b);
      return (ea && ea.tagName === "SELECT" ? 0 : 1) - (eb && eb.tagName === "SELECT" ? 0 : 1);
    });
    ids.forEach(function (id) {
      var el = document.getElementById(id);
      if (!el) return;
      if (el.tagName === "SELECT") {
        el.value = drafts[id];
        if (el.matches("select[data-enables]")) syncEnables(el);
      } else if (!el.value) {
        el.value = drafts[id];
      }
      el.setAttribute("data-draft-restored", "");
      delete drafts[id];
    });
    writeDrafts(drafts);
  }
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (!xhr || xhr.status !== 401) return;
    keepDrafts();
    document.querySelectorAll("dialog[data-session-expired]").forEach(function (old) { old.remove(); });
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (!xhr || xhr.status !== 401) restoreDrafts(); /* not the sign-in dialog's own swap */
  });
  document.addEventListener("DOMContentLoaded", restoreDrafts);

  /* The panel's live refresh (`data-live-refresh`, fired by the /portal/live stream) waits
     while one of the panel's own forms is in flight: the stream's echo of the seller's own
     action could otherwise be answered first, rebuild the panel, and leave the form's
     answer (with its success dialog) nowhere to go (seen under load in e2e ch5). A refresh
     skipped meanwhile runs once the form has answered (204 when nothing else changed). */
  var panelForms = new Set();
  var refreshMissed = false;
  function liveRefresher(elt) {
    return elt && elt.hasAttribute && elt.hasAttribute("data-live-refresh");
  }
  function requestElt(event) {  /* the element an htmx request event is about */
    return event.detail && event.detail.requestConfig && event.detail.requestConfig.elt;
  }
  function askPanelAgain() {  /* the open panel's live refresh, asked once more */
    var refresher = document.querySelector("#panel [data-live-refresh]");
    if (refresher) htmx.trigger(refresher, "sse:claim-changed");
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = requestElt(event);
    if (liveRefresher(elt)) {
      panelForms.forEach(function (form) {
        if (!form.isConnected) panelForms.delete(form); /* its panel is gone: so is its answer */
      });
      if (panelForms.size > 0) {
        refreshMissed = true;
        event.preventDefault();
      }
    } else if (elt && elt.closest && elt.closest("#panel")) {
      panelForms.add(elt);
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = requestElt(event);
    if (!panelForms.delete(elt) || panelForms.size > 0 || !refreshMissed) return;
    refreshMissed = false;
    askPanelAgain();
  });

  /* The open panel's live refresh (partials/panel.html) is a hidden element inside the
     panel. A change announced while its reload is in flight is queued by htmx on that
     element, and dropped when the reload's swap has removed it (htmx sends no request for
     an element that left the page), so the panel would stay on the earlier change. Such an
     announcement is noted here and asked again from the new panel's element, which answers
     204 if what it shows is current. (The grid and the list swap their content only, so
     their element stays and htmx's own queue serves them.) */
  var liveInFlight = null;
  var liveMissed = false;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = requestElt(event);
    if (!event.defaultPrevented && liveRefresher(elt)) {
      liveInFlight = elt;
      liveMissed = false;
    }
  });
  document.addEventListener("sse:claim-changed", function (event) {
    if (liveInFlight !== null && event.target === liveInFlight) liveMissed = true;
  }, true);  /* capture: before htmx's own listener queues it */
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = requestElt(event);
    if (elt !== liveInFlight) return;
    liveInFlight = null;
    if (elt.isConnected) liveMissed = false; /* no swap: htmx's own queue asks again */
  });
  document.addEventListener("htmx:afterSettle", function () {
    /* after the settle, not the swap: htmx readies the new element's trigger in between */
    if (!liveMissed) return;
    liveMissed = false;
    askPanelAgain();
  });

  /* The claims page's 状态类查询 / 详情查询 tabs: show one panel, keep the list and the rest
     of the URL as they are (the tab goes into the address, so a reload stays on it).
     Without script the tab links load the page with ?tab=… and the server does the same. */
  document.addEventListener("click", function (event) {
    var tab = event.target.closest ? event.target.closest("a[role=tab][data-tab]") : null;
    if (!tab || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    var name = tab.getAttribute("data-tab");
    tab.parentNode.querySelectorAll("a[role=tab][data-tab]").forEach(function (other) {
      var current = other === tab;
      other.classList.toggle("current", current);
      other.setAttribute("aria-selected", current ? "true" : "false");
      var panel = document.getElementById(other.getAttribute("aria-controls"));
      if (panel) panel.hidden = !current;
    });
    var url = new URL(window.location.href);
    url.searchParams.set("tab", name);
    window.history.replaceState(window.history.state, "", url.toString());
  });
})();
