// Agent desktop: screen pop over a websocket, step timers against the catalogue's standards,
// keyboard shortcuts. No inline script: this file is served by Borikan itself.
(function () {
  "use strict";
  const root = document.getElementById("desktop");
  if (!root) return;
  const stepsByService = JSON.parse(root.dataset.steps || "{}");
  const stateBadge = document.getElementById("ws-state");
  const ringing = document.getElementById("ringing");
  const card = document.getElementById("call-card");
  const stepsBox = document.getElementById("steps");
  let timer = null; // {service, steps: [{key,title,max,started,ended}], index}

  function $(sel) { return document.querySelector(sel); }
  function form() { return document.getElementById("interaction-form"); }
  function field(name) { const f = form(); return f ? f.elements[name] : null; }

  // ---- step timer -------------------------------------------------------------------------
  function fmt(seconds) {
    const s = Math.max(0, Math.round(seconds));
    return String(Math.floor(s / 60)).padStart(2, "0") + ":" + String(s % 60).padStart(2, "0");
  }
  function startTimer(fromDate) {
    const service = field("service") ? field("service").value : "S1";
    const steps = (stepsByService[service] || []).map(function (s) { return Object.assign({}, s); });
    if (!steps.length) { timer = null; render(); return; }
    timer = { service: service, steps: steps, index: 0 };
    steps[0].started = fromDate || new Date();
    render();
  }
  function nextStep() {
    if (!timer) { startTimer(); return; }
    const now = new Date();
    const cur = timer.steps[timer.index];
    if (cur && !cur.ended) cur.ended = now;
    if (timer.index < timer.steps.length - 1) {
      timer.index += 1;
      timer.steps[timer.index].started = now;
    }
    render();
  }
  function finishTimer() {
    if (!timer) return "[]";
    const cur = timer.steps[timer.index];
    if (cur && cur.started && !cur.ended) cur.ended = new Date();
    return JSON.stringify(timer.steps.filter(function (s) { return s.started && s.ended; }).map(function (s) {
      return { key: s.key, started_at: s.started.toISOString(), ended_at: s.ended.toISOString() };
    }));
  }
  function render() {
    if (!stepsBox) return;
    if (!timer) { stepsBox.innerHTML = ""; return; }
    const now = new Date();
    stepsBox.innerHTML = "";
    const list = document.createElement("ol");
    list.className = "steps timer";
    timer.steps.forEach(function (s, i) {
      const li = document.createElement("li");
      const spent = s.started ? ((s.ended || now) - s.started) / 1000 : 0;
      const over = s.max && spent > s.max;
      li.className = (i === timer.index ? "current " : "") + (over ? "over" : "");
      li.dataset.step = s.key;
      li.textContent = s.title + " — " + fmt(spent) + (s.max ? " / " + fmt(s.max) : "");
      list.appendChild(li);
    });
    stepsBox.appendChild(list);
  }
  setInterval(function () { if (timer) render(); }, 1000);

  // ---- choosing the client ----------------------------------------------------------------
  function chooseContact(id, name) {
    if (field("contact_id")) field("contact_id").value = id || "";
    const label = document.querySelector("[data-contact-name]");
    if (label && name) label.textContent = name;
  }
  document.addEventListener("click", function (ev) {
    const pick = ev.target.closest("[data-pick-contact]");
    if (pick) {
      chooseContact(pick.dataset.pickContact, pick.dataset.name);
      if (!timer) startTimer();
      if (field("subject")) field("subject").focus();
    }
    if (ev.target.closest("#next-step")) nextStep();
    if (ev.target.closest("#start-serving")) { startTimer(); if (field("subject")) field("subject").focus(); }
  });
  document.body.addEventListener("contactChosen", function (ev) {
    const c = document.querySelector(".caller-card h2");
    chooseContact(ev.detail.id, c ? c.firstChild.textContent.trim() : "");
    if (field("subject")) field("subject").focus();
  });

  // ---- knowledge base: suggestions follow the subject; the basket -------------------------
  const kbQuery = document.getElementById("kb-q");
  let kbTyped = false;  // once the agent types their own search, the subject stops driving it
  let kbTimer = null;
  if (kbQuery) kbQuery.addEventListener("input", function (ev) { if (ev.isTrusted) kbTyped = kbQuery.value !== ""; });
  document.addEventListener("input", function (ev) {
    if (!kbQuery || kbTyped || !ev.target || ev.target.name !== "subject" || !ev.target.closest("#interaction-form")) return;
    clearTimeout(kbTimer);
    kbTimer = setTimeout(function () {
      kbQuery.value = ev.target.value;
      if (window.htmx) window.htmx.trigger(kbQuery, "input");
    }, 300);
  });
  document.addEventListener("click", function (ev) {
    const add = ev.target.closest("[data-basket-add]");
    if (!add || !window.htmx) return;
    window.htmx.ajax("POST", root.dataset.basketAdd, {
      target: "#basket", swap: "outerHTML",
      values: { article_id: add.dataset.basketAdd, contact_id: field("contact_id") ? field("contact_id").value : "" },
    });
  });

  // ---- saving ---------------------------------------------------------------------------
  document.addEventListener("htmx:configRequest", function (ev) {
    if (ev.detail.elt && ev.detail.elt.id === "interaction-form") {
      ev.detail.parameters["steps_json"] = finishTimer();
    }
  });
  document.addEventListener("submit", function (ev) {
    if (ev.target.id === "interaction-form" && !window.htmx) {
      field("steps_json").value = finishTimer();
    }
  });
  document.body.addEventListener("interactionSaved", function () {
    timer = null; render();
    card.innerHTML = "";
    kbTyped = false;
    if (kbQuery) kbQuery.value = "";
    const suggestions = document.getElementById("kb-suggest");
    if (suggestions) suggestions.innerHTML = "";
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey) && form()) {
      ev.preventDefault();
      form().requestSubmit();
    } else if (ev.altKey && (ev.key === "k" || ev.key === "K") && kbQuery) {
      ev.preventDefault();
      kbQuery.focus();
    } else if (ev.altKey && (ev.key === "n" || ev.key === "N")) {
      ev.preventDefault();
      nextStep();
    } else if (ev.key === "/" && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
      ev.preventDefault();  // "/" jumps to the contact search, as in most web apps
      document.getElementById("pick-q").focus();
    }
  });

  // ---- the phone system, over the websocket -----------------------------------------------
  let socket = null;
  let retry = 500;
  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.dataset.ws);
    socket.onopen = function () { retry = 500; stateBadge.textContent = stateBadge.dataset.online || "online"; stateBadge.classList.add("ok"); };
    socket.onclose = function () {
      stateBadge.classList.remove("ok");
      stateBadge.textContent = "offline";
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    };
    socket.onmessage = function (msg) {
      let frame;
      try { frame = JSON.parse(msg.data); } catch (e) { return; }
      const data = frame.data || {};
      if (frame.event === "call.ringing" && frame.html) {
        ringing.insertAdjacentHTML("afterbegin", frame.html);
      } else if (frame.event === "call.taken" || frame.event === "call.ended") {
        document.querySelectorAll('#ringing [data-call-id="' + CSS.escape(data.call_id) + '"]').forEach(function (n) { n.remove(); });
      }
      if (frame.event === "call.answered" && frame.html) {
        card.innerHTML = frame.html;
        if (window.htmx) window.htmx.process(card);
        if (field("call_id")) field("call_id").value = data.call_id || "";
        if (field("channel")) field("channel").value = "phone";
        const returning = card.querySelector(".caller-card[data-contact-id]:not([data-contact-id=''])");
        chooseContact(data.contact_id, returning ? card.querySelector("h2").firstChild.textContent.trim() : "");
        startTimer(new Date());
        const first = returning ? field("subject") : card.querySelector("input[name=first_name_th]");
        if (first) first.focus();
      }
    };
  }
  connect();
})();
