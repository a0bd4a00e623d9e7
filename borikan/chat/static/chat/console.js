/* The agents' chat console: queues (server-rendered, reloaded when they change), several chats
   at once in tabs, messages and typing over one websocket, actions as JSON posts. */
(function () {
  "use strict";
  var root = document.getElementById("chat-console");
  if (!root) { return; }
  var base = root.dataset.base;
  var csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  var stateBadge = document.getElementById("chat-ws-state");
  var queueBox = document.getElementById("chat-queue");
  var tabs = document.getElementById("chat-tabs");
  var paneList = document.getElementById("chat-pane-list");
  var none = document.getElementById("chat-none");
  var template = document.getElementById("chat-pane-template");
  var labels = JSON.parse(document.getElementById("chat-status-labels").textContent);
  var panes = {};
  var ws = null, retry = 0, pinger = null;

  function uid() {
    var a = new Uint8Array(12);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function post(url, data) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(data || {})
    }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw (body && body.error) || { message: String(r.status) }; }
        return body;
      });
    });
  }
  function message(err) {
    var en = document.documentElement.lang === "en";
    return (en && err.message_en) || err.message || String(err);
  }

  function loadQueue() {
    fetch(root.dataset.queue, { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) { queueBox.innerHTML = html; });
  }
  queueBox.addEventListener("click", function (e) {
    var button = e.target.closest("[data-accept]");
    if (!button) { return; }
    button.disabled = true;
    post(base + "c/" + button.dataset.accept + "/accept/")
      .then(function (r) { openPane(r.conversation.id); })
      .catch(function (err) { alert(message(err)); })
      .then(loadQueue);
  });

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    ws = new WebSocket(scheme + location.host + root.dataset.ws);
    ws.onopen = function () {
      retry = 0;
      stateBadge.textContent = stateBadge.dataset.online || "online";
      stateBadge.className = "badge ok";
      clearInterval(pinger);
      pinger = setInterval(function () { send("ping", {}); }, 30000);
    };
    ws.onmessage = function (e) {
      var frame = JSON.parse(e.data);
      (handlers[frame.event] || function () {})(frame.data || {});
    };
    ws.onclose = function () {
      stateBadge.textContent = "…";
      stateBadge.className = "badge warn";
      clearInterval(pinger);
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 500 * retry);
    };
  }
  function send(event, data) {
    if (ws && ws.readyState === 1) { ws.send(JSON.stringify({ event: event, data: data })); }
  }

  function select(id) {
    Object.keys(panes).forEach(function (key) {
      var p = panes[key];
      var on = key === id;
      p.node.hidden = !on;
      p.tab.setAttribute("aria-selected", String(on));
      if (on) { p.tab.classList.remove("unread"); }
    });
  }

  function openPane(id) {
    if (panes[id]) { select(id); return; }
    var node = template.content.firstElementChild.cloneNode(true);
    node.id = "chat-pane-" + id;
    node.dataset.conversation = id;
    var tab = document.createElement("button");
    tab.type = "button";
    tab.setAttribute("role", "tab");
    tab.dataset.conversation = id;
    tab.textContent = "…";
    tab.addEventListener("click", function () { select(id); });
    tabs.appendChild(tab);
    paneList.appendChild(node);
    none.hidden = true;
    var pane = { node: node, tab: tab, log: node.querySelector(".chat-log"), seen: {} };
    panes[id] = pane;
    wirePane(id, pane);
    select(id);
    fetch(base + "c/" + id + "/", { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (c) {
        tab.textContent = c.visitor_name;
        node.querySelector(".visitor").textContent = c.visitor_name;
        var meta = [c.topic, c.visitor_phone, c.visitor_email].filter(Boolean).join(" · ");
        var metaNode = node.querySelector(".meta");
        metaNode.textContent = meta;
        if (c.contact_url) {
          var link = document.createElement("a");
          link.href = c.contact_url;
          link.target = "_blank";
          link.textContent = " ↗";
          link.setAttribute("aria-label", "contact");
          metaNode.appendChild(link);
        }
        status(pane, c.status);
        c.messages.forEach(function (m) { render(pane, m); });
        node.querySelector(".reply textarea").focus();
      });
  }

  function status(pane, value) {
    pane.node.querySelector(".pane-status").textContent = labels[value] || value;
    pane.node.dataset.status = value;
    if (value === "closed") {
      pane.node.querySelectorAll(".reply button, .canned button, .transfer button, .close button")
        .forEach(function (b) { b.disabled = true; });
    }
  }

  function render(pane, m) {
    if (pane.seen[m.seq]) { return; }
    pane.seen[m.seq] = true;
    var item = document.createElement("li");
    item.className = m.author + " " + m.kind;
    item.dataset.seq = m.seq;
    if (m.author !== "system") {
      var who = document.createElement("span");
      who.className = "who";
      who.textContent = m.author_name;
      item.appendChild(who);
    }
    var text = document.createElement("span");
    if (m.kind === "article") { text.textContent = m.data.title || m.body; }
    else if (m.kind === "file" && m.data.file) {
      var a = document.createElement("a");
      a.href = base + "files/" + m.data.file + "/";
      a.textContent = m.data.name;
      text.appendChild(a);
    } else { text.textContent = m.body; }
    item.appendChild(text);
    // In order of their number, whatever order they arrive in.
    var after = null;
    Array.prototype.forEach.call(pane.log.children, function (li) {
      if (!after && Number(li.dataset.seq) > m.seq) { after = li; }
    });
    pane.log.insertBefore(item, after);
    pane.log.scrollTop = pane.log.scrollHeight;
    if (pane.node.hidden) { pane.tab.classList.add("unread"); }
  }

  function wirePane(id, pane) {
    var node = pane.node;
    var error = node.querySelector(".pane-error");
    function fail(err) { error.textContent = err ? message(err) : ""; }
    var reply = node.querySelector(".reply");
    var textarea = reply.querySelector("textarea");
    var typingAt = 0;
    textarea.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); reply.requestSubmit(); }
    });
    textarea.addEventListener("input", function () {
      if (Date.now() - typingAt > 3000) { typingAt = Date.now(); send("conversation.typing_on", { conversation: id }); }
    });
    reply.addEventListener("submit", function (e) {
      e.preventDefault();
      var body = textarea.value.trim();
      if (!body) { return; }
      fail(null);
      send("message.create", { conversation: id, client_id: uid(), body: body });
      textarea.value = "";
      typingAt = 0;
      send("conversation.typing_off", { conversation: id });
    });
    node.querySelector(".canned").addEventListener("submit", function (e) {
      e.preventDefault();
      var value = e.target.elements.canned.value;
      if (value) { send("message.create", { conversation: id, client_id: uid(), canned: value }); }
    });
    node.querySelector(".file").addEventListener("submit", function (e) {
      e.preventDefault();
      var input = e.target.elements.file;
      if (!input.files.length) { return; }
      var data = new FormData();
      data.append("file", input.files[0]);
      fail(null);
      fetch(base + "c/" + id + "/files/", {
        method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf }, body: data
      }).then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) { throw (body && body.error) || { message: String(r.status) }; }
          return body;
        });
      }).then(function (body) { render(pane, body.message); input.value = ""; })
        .catch(fail);
    });
    var kb = node.querySelector(".kb");
    kb.addEventListener("submit", function (e) {
      e.preventDefault();
      fetch(root.dataset.kb + "?q=" + encodeURIComponent(kb.elements.q.value), { credentials: "same-origin" })
        .then(function (r) { return r.text(); })
        .then(function (html) { kb.querySelector(".kb-results").innerHTML = html; });
    });
    kb.addEventListener("click", function (e) {
      var button = e.target.closest("[data-article]");
      if (!button) { return; }
      send("message.create", { conversation: id, client_id: uid(), article: button.dataset.article });
      button.disabled = true;
    });
    node.querySelector(".transfer").addEventListener("submit", function (e) {
      e.preventDefault();
      fail(null);
      post(base + "c/" + id + "/transfer/", { agent: e.target.elements.agent.value, agency: e.target.elements.agency.value })
        .then(function () { removePane(id); loadQueue(); })
        .catch(fail);
    });
    node.querySelector(".case").addEventListener("submit", function (e) {
      e.preventDefault();
      fail(null);
      post(base + "c/" + id + "/case/", { kind: e.target.elements.kind.value })
        .then(function (r) { error.textContent = r.case; e.target.querySelector("button").disabled = true; })
        .catch(fail);
    });
    node.querySelector(".close").addEventListener("submit", function (e) {
      e.preventDefault();
      fail(null);
      post(base + "c/" + id + "/close/", { subject: e.target.elements.subject.value, notes: e.target.elements.notes.value })
        .then(function () { status(pane, "closed"); })
        .catch(fail);
    });
  }

  function removePane(id) {
    var pane = panes[id];
    if (!pane) { return; }
    pane.node.remove();
    pane.tab.remove();
    delete panes[id];
    var left = Object.keys(panes);
    if (left.length) { select(left[0]); } else { none.hidden = false; }
  }

  var handlers = {
    "presence.ready": function (d) { (d.conversations || []).forEach(openPane); loadQueue(); },
    "queue.changed": loadQueue,
    "presence.update": function (d) { if (d.agents_online !== undefined) { loadQueue(); } },
    "conversation.assigned": function (d) { openPane(d.conversation); loadQueue(); },
    "conversation.released": function (d) { removePane(d.conversation); },
    "message.created": function (d) {
      var pane = panes[d.conversation];
      if (pane) { render(pane, d.message); }
    },
    "conversation.status_changed": function (d) {
      var pane = panes[d.conversation];
      if (pane) { status(pane, d.status); }
    },
    "conversation.rated": function (d) {
      var pane = panes[d.conversation];
      if (pane) { pane.node.querySelector(".pane-status").textContent = labels.closed + " · " + d.rating; }
    },
    "conversation.typing_on": function (d) {
      var pane = panes[d.conversation];
      if (pane && d.author === "visitor") { pane.node.querySelector(".typing").textContent = "…"; }
    },
    "conversation.typing_off": function (d) {
      var pane = panes[d.conversation];
      if (pane) { pane.node.querySelector(".typing").textContent = ""; }
    },
    "error": function (e) {
      var pane = panes[e.conversation] || panes[Object.keys(panes).find(function (k) { return !panes[k].node.hidden; })];
      if (pane) { pane.node.querySelector(".pane-error").textContent = message(e); }
    }
  };

  loadQueue();
  connect();
})();
