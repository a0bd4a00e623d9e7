/* Borikan live chat widget: <script src="https://…/chat/widget.js" defer></script>
   No other script is loaded. data-lang="en" on the tag (or <html lang="en">) shows English. */
(function () {
  "use strict";
  var STRINGS = {{ strings|safe }};
  var script = document.currentScript;
  if (!script || window.__borikanChat) { return; }
  window.__borikanChat = true;
  var BASE = new URL(script.src, location.href).origin;
  var lang = ((script.dataset && script.dataset.lang) || document.documentElement.lang || "th").slice(0, 2) === "en" ? "en" : "th";
  var T = STRINGS[lang];
  var KEY = "borikan-chat:" + BASE;
  var state = load();
  var ws = null, retry = 0, typingSent = 0, typingTimer = null, closedByServer = false, topicsLoaded = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function save() {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  function fmt(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_m, k) { return values[k] === undefined ? "" : String(values[k]); });
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; }
      else if (k.slice(0, 2) === "on") { node.addEventListener(k.slice(2), attrs[k]); }
      else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(c); } });
    return node;
  }
  function uid() {
    var a = new Uint8Array(12);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // The widget lives in a shadow root: the host page's styles do not reach it, nor ours theirs.
  var host = el("div", { id: "borikan-chat", lang: lang });
  var root = host.attachShadow({ mode: "open" });
  root.appendChild(el("link", { rel: "stylesheet", href: new URL("{{ css }}", BASE).href }));
  var launcher = el("button", { type: "button", class: "launcher", "aria-expanded": "false", text: T.launch, onclick: toggle });
  var status = el("p", { class: "status", role: "status" });
  var alertBox = el("p", { class: "alert", role: "alert" });
  var body = el("div", { class: "body" });
  var panel = el("section", { class: "panel", hidden: "", "aria-label": T.title }, [
    el("header", {}, [
      el("h2", { text: T.title }),
      el("button", { type: "button", class: "x", "aria-label": T.close_panel, text: "×", onclick: toggle })
    ]),
    status, alertBox, body
  ]);
  root.appendChild(launcher);
  root.appendChild(panel);
  document.body.appendChild(host);

  function toggle() {
    var open = panel.hasAttribute("hidden");
    if (open) { panel.removeAttribute("hidden"); } else { panel.setAttribute("hidden", ""); }
    launcher.setAttribute("aria-expanded", String(open));
    if (open) { start(); }
  }
  function show(node) {
    body.textContent = "";
    body.appendChild(node);
    var first = node.querySelector("input, select, textarea, button");
    if (first) { first.focus(); }
  }
  function say(text) { status.textContent = text || ""; }
  function fail(err) {
    alertBox.textContent = err ? ((lang === "en" && err.message_en) || err.message || String(err)) : "";
  }

  function api(path, options) {
    return fetch(BASE + path, options).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) { throw (data && data.error) || { message: String(r.status) }; }
        return data;
      });
    });
  }

  function start() {
    // Reopening the panel keeps what is shown; a reload (no view yet) resumes the conversation.
    if (state.conversation) { if (!log) { chatView(); } connect(); return; }
    if (!topicsLoaded) { formView(); }
  }

  // 1. The pre-chat form.
  function formView() {
    topicsLoaded = true;
    var service = el("select", { id: "bc-service", name: "service", required: "" });
    var agency = el("select", { id: "bc-agency", name: "agency" });
    var form = el("form", { class: "prechat", novalidate: "" }, [
      el("p", { text: T.intro }),
      el("label", { for: "bc-name", text: T.name }),
      el("input", { id: "bc-name", name: "name", required: "", maxlength: "200", autocomplete: "name" }),
      el("label", { for: "bc-phone", text: T.phone }),
      el("input", { id: "bc-phone", name: "phone", type: "tel", autocomplete: "tel", maxlength: "30" }),
      el("label", { for: "bc-email", text: T.email }),
      el("input", { id: "bc-email", name: "email", type: "email", autocomplete: "email", maxlength: "200" }),
      el("label", { for: "bc-service", text: T.service }), service,
      el("label", { for: "bc-agency", text: T.agency }), agency,
      el("p", { class: "notice", id: "bc-notice", text: T.notice }),
      el("label", { class: "check" }, [
        el("input", { type: "checkbox", name: "consent", id: "bc-consent", "aria-describedby": "bc-notice" }),
        document.createTextNode(" " + T.consent)
      ]),
      el("button", { type: "submit", class: "primary", text: T.start })
    ]);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      fail(null);
      var data = {
        name: form.elements.name.value, phone: form.elements.phone.value, email: form.elements.email.value,
        service: service.value, agency: agency.value, consent: form.elements.consent.checked, language: lang
      };
      api("/chat/v/start/", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data) })
        .then(function (r) {
          state = { conversation: r.conversation, token: r.token, after: 0, pending: [], status: r.status };
          save();
          chatView();
          connect();
        })
        .catch(fail);
    });
    show(form);
    api("/chat/v/topics/?lang=" + lang).then(function (t) {
      service.appendChild(el("option", { value: "", text: T.choose }));
      t.services.forEach(function (s) { service.appendChild(el("option", { value: s.code, text: s.name })); });
      agency.appendChild(el("option", { value: "", text: T.any_agency }));
      t.agencies.forEach(function (a) { agency.appendChild(el("option", { value: a.code, text: a.name })); });
    }).catch(fail);
  }

  // 2. The conversation.
  var log, composer, typingLine, endButton, tools;
  function chatView() {
    log = el("ol", { class: "log", role: "log", "aria-live": "polite" });
    typingLine = el("p", { class: "typing", "aria-live": "polite" });
    var text = el("textarea", { id: "bc-text", rows: "2", maxlength: "4000", "aria-label": T.message });
    var file = el("input", { type: "file", id: "bc-file", accept: ".pdf,.png,.jpg,.jpeg,.webp,.docx,.xlsx,.txt", "aria-describedby": "bc-file-help" });
    composer = el("form", { class: "composer" }, [
      text,
      el("button", { type: "submit", class: "primary", text: T.send }),
      el("label", { for: "bc-file", class: "attach", text: T.attach }), file,
      el("small", { id: "bc-file-help", text: T.file_limit })
    ]);
    text.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); composer.requestSubmit(); }
    });
    text.addEventListener("input", typing);
    composer.addEventListener("submit", function (e) {
      e.preventDefault();
      var value = text.value.trim();
      if (!value) { return; }
      var message = { client_id: uid(), body: value };
      state.pending = (state.pending || []).concat([message]);
      save();
      text.value = "";
      sendFrame("message.create", message);
      stopTyping();
    });
    file.addEventListener("change", function () {
      if (!file.files.length) { return; }
      var data = new FormData();
      data.append("file", file.files[0]);
      fail(null);
      api("/chat/v/" + state.conversation + "/files/", { method: "POST", headers: { "X-Chat-Token": state.token }, body: data })
        .catch(fail)
        .then(function () { file.value = ""; });
    });
    endButton = el("button", { type: "button", class: "link", text: T.end, onclick: function () { sendFrame("conversation.close", {}); } });
    tools = el("div", { class: "tools" }, [endButton]);
    show(el("div", { class: "chat" }, [log, typingLine, composer, tools]));
    say(T.connecting);
  }

  function connect() {
    if (ws && ws.readyState <= 1) { return; }
    closedByServer = false;
    ws = new WebSocket(BASE.replace(/^http/, "ws") + "/ws/chat/visitor/");
    ws.onopen = function () {
      retry = 0;
      sendFrame("visitor.hello", { conversation: state.conversation, token: state.token, after: state.after || 0 });
    };
    ws.onmessage = function (e) {
      var frame;
      try { frame = JSON.parse(e.data); } catch (err) { return; }
      (handlers[frame.event] || function () {})(frame.data || {});
    };
    ws.onclose = function (e) {
      if (e.code === 4401 || e.code === 4403) { forget(); return; }
      if (closedByServer || !state.conversation) { return; }
      say(T.reconnecting);
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 500 * retry);
    };
  }
  function sendFrame(event, data) {
    if (ws && ws.readyState === 1) { ws.send(JSON.stringify({ event: event, data: data })); }
  }
  function forget() {
    state = {};
    log = null;
    save();
    topicsLoaded = false;
    formView();
  }

  function typing() {
    var now = Date.now();
    if (now - typingSent > 3000) { typingSent = now; sendFrame("conversation.typing_on", {}); }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(stopTyping, 4000);
  }
  function stopTyping() {
    clearTimeout(typingTimer);
    if (typingSent) { typingSent = 0; sendFrame("conversation.typing_off", {}); }
  }

  function render(m) {
    if (!log || log.querySelector('[data-seq="' + m.seq + '"]')) { return; }
    var item = el("li", { class: "msg " + m.author + " " + m.kind, "data-seq": String(m.seq) });
    if (m.author !== "system") {
      item.appendChild(el("span", { class: "who", text: m.author === "visitor" ? T.you : (m.author_name || T.title) }));
    }
    if (m.kind === "article") {
      var card = el("article", { class: "card", "aria-label": T.article }, [
        el("h3", { text: m.data.title || m.body }),
        el("p", { text: m.data.excerpt || "" })
      ]);
      (m.data.links || []).forEach(function (href) {
        if (/^https?:\/\//.test(href)) {
          card.appendChild(el("a", { href: href, target: "_blank", rel: "noopener noreferrer", text: href }));
        }
      });
      item.appendChild(card);
    } else if (m.kind === "file") {
      var label = T.file + ": " + (m.data.name || m.body);
      if (m.data.file) {
        item.appendChild(el("button", {
          type: "button", class: "file", text: label, title: T.download,
          onclick: function () { download(m.data.file, m.data.name || "file"); }
        }));
      } else {
        item.appendChild(el("span", { class: "file", text: label }));
      }
    } else {
      item.appendChild(el("span", { class: "text", text: m.body }));
    }
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  // A chat's file, fetched with the chat's token (no cookie), then saved by the browser.
  function download(fileId, name) {
    fail(null);
    fetch(BASE + "/chat/v/" + state.conversation + "/files/" + fileId + "/", { headers: { "X-Chat-Token": state.token } })
      .then(function (r) {
        if (!r.ok) { return r.json().then(function (data) { throw (data && data.error) || { message: String(r.status) }; }); }
        return r.blob();
      })
      .then(function (blob) {
        var url = URL.createObjectURL(blob);
        var link = el("a", { href: url, download: name, hidden: "" });
        root.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 30000);
      })
      .catch(fail);
  }

  function received(m) {
    render(m);
    if (m.seq > (state.after || 0)) { state.after = m.seq; }
    if (m.client_id) {
      state.pending = (state.pending || []).filter(function (p) { return p.client_id !== m.client_id; });
    }
    save();
  }

  function setStatus(s, data) {
    state.status = s;
    save();
    if (s === "active") { say(fmt(T.with_agent, { agent: data.agent || "" })); }
    if (s === "closed") { ended(data.can_rate); }
    if (s === "offline") { offlineView(); }
  }

  function ended(canRate) {
    closedByServer = true;
    say(T.ended);
    if (composer) { composer.setAttribute("hidden", ""); }
    if (endButton) { endButton.setAttribute("hidden", ""); }
    if (tools && !tools.querySelector(".after")) { tools.appendChild(afterView(canRate)); }
  }

  // 3. After the chat: the 1/2/3 rating, the transcript, a new chat.
  function afterView(canRate) {
    var box = el("div", { class: "after" });
    if (canRate) {
      var choices = el("fieldset", { class: "rating" }, [el("legend", { text: T.rate })]);
      [1, 2, 3].forEach(function (n) {
        choices.appendChild(el("label", {}, [
          el("input", { type: "radio", name: "score", value: String(n) }),
          document.createTextNode(" " + n + " " + T["score_" + n])
        ]));
      });
      var comment = el("textarea", { id: "bc-comment", rows: "2", maxlength: "2000" });
      var rate = el("form", { class: "rate" }, [
        choices, el("label", { for: "bc-comment", text: T.comment }), comment,
        el("button", { type: "submit", class: "primary", text: T.send_rating })
      ]);
      rate.addEventListener("submit", function (e) {
        e.preventDefault();
        var picked = rate.querySelector("input[name=score]:checked");
        sendFrame("conversation.rate", { score: picked ? Number(picked.value) : 0, comment: comment.value });
      });
      box.appendChild(rate);
    }
    var email = el("input", { type: "email", id: "bc-transcript", "aria-label": T.transcript_to, placeholder: T.transcript_to });
    var transcript = el("form", { class: "transcript" }, [email, el("button", { type: "submit", text: T.transcript })]);
    transcript.addEventListener("submit", function (e) {
      e.preventDefault();
      sendFrame("conversation.transcript", { email: email.value });
    });
    box.appendChild(transcript);
    box.appendChild(el("button", { type: "button", class: "link", text: T.new_chat, onclick: function () {
      if (ws) { closedByServer = true; ws.close(); }
      forget();
    } }));
    return box;
  }

  // 4. Out of hours: leave a message, get a ticket number.
  function offlineView() {
    closedByServer = false;
    var text = el("textarea", { id: "bc-offline", rows: "4", maxlength: "4000", "aria-label": T.message });
    var form = el("form", { class: "offline" }, [
      el("h3", { text: T.offline_title }), el("p", { text: T.offline_text }), text,
      el("button", { type: "submit", class: "primary", text: T.leave })
    ]);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      sendFrame("conversation.leave_message", { body: text.value });
    });
    say("");
    show(form);
  }

  var handlers = {
    "conversation.joined": function (d) {
      fail(null);
      var c = d.conversation;
      if (c.status === "offline") {
        if (c.case) { show(el("p", { class: "left", text: fmt(T.left, { ticket: c.case }) })); closedByServer = true; }
        else { offlineView(); }
        return;
      }
      (d.messages || []).forEach(received);
      if (c.status === "queued" && d.queue) { say(fmt(T.waiting, d.queue)); }
      if (c.status === "active") { say(fmt(T.with_agent, { agent: c.agent || "" })); }
      if (c.status === "closed") { ended(d.can_rate); return; }
      // What was sent but never acknowledged goes again: its id makes a second copy impossible.
      (state.pending || []).forEach(function (p) { sendFrame("message.create", p); });
    },
    "message.created": function (d) { received(d.message); },
    "conversation.queue_position": function (d) { if (state.status !== "active") { say(fmt(T.waiting, d)); } },
    "conversation.status_changed": function (d) { setStatus(d.status, d); },
    "conversation.typing_on": function (d) { if (d.author === "agent" && typingLine) { typingLine.textContent = T.typing; } },
    "conversation.typing_off": function () { if (typingLine) { typingLine.textContent = ""; } },
    "conversation.rated": function () {
      var form = root.querySelector("form.rate");
      if (form) { form.replaceWith(el("p", { class: "thanks", text: T.thanks })); }
    },
    "conversation.transcript_queued": function (d) {
      var form = root.querySelector("form.transcript");
      if (form) { form.replaceWith(el("p", { class: "sent", text: fmt(T.transcript_sent, d) })); }
    },
    "conversation.message_left": function (d) {
      closedByServer = true;
      show(el("p", { class: "left", text: fmt(T.left, d) }));
    },
    "error": function (e) { fail(e); }
  };

  if (state.conversation && state.status !== "closed") { launcher.setAttribute("data-resume", "true"); }

  // A page's own link may open the chat: <a href="#borikan-chat" data-borikan-chat>, and an
  // address ending in #borikan-chat opens it on arrival.
  function openFromPage(ev) {
    if (ev) { ev.preventDefault(); }
    if (panel.hasAttribute("hidden")) { toggle(); }
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-borikan-chat]"), function (link) {
    link.addEventListener("click", openFromPage);
  });
  if (location.hash === "#borikan-chat") { openFromPage(); }
})();
