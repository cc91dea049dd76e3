/* The run dashboard (templates/simulations/run_dashboard.html), enhanced.
   The page works without this file: every form posts and the server answers with the page.
   Here the state is polled every POLL_MS while the run is running (the server sends only the
   samples after `since`, up to its own present, never later), charts are drawn with Chart.js
   and the alert and action lines the server's rules use, new alarms are announced, and the
   forms are sent with fetch. The browser computes no score and decides nothing: a refusal
   comes from the server and is shown as it says it. */
(function () {
  "use strict";

  var root = document.querySelector("[data-sim]");
  if (!root) {
    return;
  }
  var POLL_MS = 1500;
  var RETRY_MS = 5000;
  var CLOCK_MS = 250;
  var COLOURS = {
    line: "#0a4d8c",
    alert: "#b86e00",
    action: "#a61b1b",
    grid: "#dde6ef",
    text: "#4b5b70",
  };
  var URGENT = ["action", "investigation"];

  var words = JSON.parse(document.getElementById("sim-words").textContent);
  var state = JSON.parse(document.getElementById("sim-state").textContent);
  var lang = document.documentElement.lang || "en";
  var stateUrl = root.getAttribute("data-state-url");
  var actUrl = root.getAttribute("data-act-url");
  var csrfInput = root.querySelector("input[name=csrfmiddlewaretoken]");

  var charts = {};
  var latest = {};
  var locations = {};
  var knownAlarms = {};
  var lastNow = state.now_s;
  var receivedAt = Date.now();
  var status = state.status;
  var pollTimer = null;
  var decisionsSignature = "";
  var loggedActions = state.actions.length;
  var pendingFocus = null;

  function $(selector, scope) {
    return (scope || root).querySelector(selector);
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)[sd]/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : match;
    });
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  // As simulations.places.clock: a run of whole days ends at 24:00:00 of its last day.
  function clock(seconds) {
    var whole = Math.max(0, Math.floor(seconds));
    var day = 0;
    if (state.first_day !== null) {
      day = Math.floor(whole / 86400);
      whole -= day * 86400;
      if (day > 0 && whole === 0 && seconds >= state.duration_s) {
        day -= 1;
        whole = 86400;
      }
    }
    var text =
      pad(Math.floor(whole / 3600)) + ":" + pad(Math.floor((whole % 3600) / 60)) + ":" + pad(whole % 60);
    return state.first_day !== null
      ? format(words.day, { day: day + state.first_day, time: text })
      : text;
  }

  function dayTick(seconds) {
    return format(words.day_tick, { day: Math.round(seconds / 86400) + state.first_day });
  }

  function number(value, integer) {
    if (value === null || value === undefined) {
      return "–";
    }
    var magnitude = Math.abs(value);
    var places = integer || magnitude >= 1000 ? 0 : magnitude >= 10 ? 1 : 2;
    return new Intl.NumberFormat(lang, {
      minimumFractionDigits: places,
      maximumFractionDigits: places,
    }).format(value);
  }

  function limitStatus(value, limits) {
    if (value === null || value === undefined || !limits) {
      return "none";
    }
    if (limits.direction === "outside") {
      return value < limits.lower_action || value > limits.action ? "action" : "ok";
    }
    var above = limits.direction === "above";
    if (limits.action !== null && (above ? value > limits.action : value < limits.action)) {
      return "action";
    }
    if (limits.alert !== null && (above ? value > limits.alert : value < limits.alert)) {
      return "alert";
    }
    return "ok";
  }

  // ---------- Charts ----------

  function limitLines(limits) {
    var lines = {};
    if (!limits) {
      return lines;
    }
    function line(value, colour, dash, label) {
      return {
        type: "line",
        yMin: value,
        yMax: value,
        borderColor: colour,
        borderWidth: 2,
        borderDash: dash,
        label: {
          display: true,
          content: label,
          position: "start",
          backgroundColor: "rgba(255,255,255,0.9)",
          color: colour,
          font: { size: 11, weight: "bold" },
          padding: 2,
        },
      };
    }
    if (limits.alert !== null) {
      lines.alert = line(limits.alert, COLOURS.alert, [6, 4], words.alert_line);
    }
    if (limits.action !== null) {
      lines.action = line(limits.action, COLOURS.action, [], words.action_line);
    }
    if (limits.lower_action !== null) {
      lines.lower = line(limits.lower_action, COLOURS.action, [], words.lower_action_line);
    }
    return lines;
  }

  function makeChart(name, channel) {
    var figure = root.querySelector('.sim-chart[data-channel="' + CSS.escape(name) + '"]');
    if (!figure || !window.Chart) {
      return;
    }
    var limits = channel.limits;
    var values = [limits && limits.action, limits && limits.alert].filter(function (v) {
      return v !== null && v !== undefined;
    });
    var sparse = channel.t.length < 2 || channel.t[1] - channel.t[0] >= 60;
    charts[name] = new window.Chart($("canvas", figure), {
      type: "line",
      data: {
        datasets: [
          {
            data: [],
            parsing: false,
            borderColor: COLOURS.line,
            backgroundColor: COLOURS.line,
            borderWidth: 1.5,
            pointRadius: sparse ? 2 : 0,
            spanGaps: false,
            stepped: channel.integer ? "before" : false,
          },
        ],
      },
      options: {
        // Numbers on the axes the page's way: 400.000 on a Dutch page.
        locale: document.documentElement.lang || undefined,
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        normalized: true,
        events: [],
        scales: {
          x: {
            type: "linear",
            min: 0,
            max: state.duration_s,
            ticks: state.first_day !== null
              ? window.ATMPTimeAxis.ticks(state.duration_s, 7, {
                  minStep: 86400,
                  color: COLOURS.text,
                  callback: dayTick,
                })
              : window.ATMPTimeAxis.ticks(state.duration_s, 4, { color: COLOURS.text, callback: clock }),
            grid: { color: COLOURS.grid },
          },
          y: {
            suggestedMin: 0,
            suggestedMax: values.length ? Math.max.apply(null, values) * 1.1 : undefined,
            ticks: { maxTicksLimit: 5, color: COLOURS.text },
            grid: { color: COLOURS.grid },
          },
        },
        plugins: {
          legend: { display: false },
          tooltip: { enabled: false },
          annotation: { annotations: limitLines(limits) },
        },
      },
    });
  }

  function addSamples(name, channel) {
    var points = [];
    for (var i = 0; i < channel.t.length; i++) {
      points.push({ x: channel.t[i], y: channel.v[i] });
      if (channel.v[i] !== null) {
        latest[name] = { t: channel.t[i], v: channel.v[i] };
      }
    }
    var chart = charts[name];
    if (chart && points.length) {
      Array.prototype.push.apply(chart.data.datasets[0].data, points);
      chart.update("none");
    }
  }

  function updateRow(name, channel) {
    var row = root.querySelector('tr[data-channel="' + CSS.escape(name) + '"]');
    var current = latest[name];
    if (!row || !current) {
      return;
    }
    $("[data-value]", row).textContent = number(current.v, channel.integer);
    var verdict = limitStatus(current.v, channel.limits);
    var cell = $("[data-status]", row);
    cell.className = "sim-state sim-state--" + verdict;
    cell.textContent = words.limit_status[verdict];
  }

  function applyChannels(channels) {
    Object.keys(channels).forEach(function (name) {
      var channel = channels[name];
      locations[name] = channel.location || name.split(".")[0];
      if (!(name in charts)) {
        makeChart(name, channel);
        charts[name] = charts[name] || null;
      }
      addSamples(name, channel);
      updateRow(name, channel);
    });
  }

  // ---------- Alarms ----------

  function csrfField() {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "csrfmiddlewaretoken";
    input.value = csrfInput ? csrfInput.value : "";
    return input;
  }

  function hidden(name, value) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    return input;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function ackForm(alarm) {
    var form = element("form", "sim-alarm__form");
    form.method = "post";
    form.action = actUrl;
    form.setAttribute("data-sim-form", "");
    form.appendChild(csrfField());
    form.appendChild(hidden("kind", "acknowledge"));
    form.appendChild(hidden("target", alarm.key));
    var button = element("button", "sim-button sim-button--small", words.acknowledge);
    button.type = "submit";
    button.appendChild(element("span", "visually-hidden", ": " + alarm.label + ", " + alarm.time));
    form.appendChild(button);
    return form;
  }

  function ackText(alarm) {
    return element(
      "p",
      "sim-alarm__ack",
      format(words.acknowledged, { time: clock(alarm.acknowledged_at_s) })
    );
  }

  function alarmItem(alarm) {
    var item = element("li", "sim-alarm sim-alarm--" + alarm.level);
    item.setAttribute("data-alarm-key", alarm.key);
    item.tabIndex = -1;
    var head = element("p", "sim-alarm__head");
    var icons = document.getElementById("sim-icons");
    var icon = icons && icons.content.querySelector('span[data-level="' + alarm.level + '"] svg');
    if (icon) {
      head.appendChild(icon.cloneNode(true));
    }
    head.appendChild(element("strong", "sim-alarm__level", alarm.level_label));
    head.appendChild(element("span", "sim-alarm__time", alarm.time));
    item.appendChild(head);
    var what = element("p", "sim-alarm__what");
    what.appendChild(element("span", "sim-alarm__channel", alarm.label));
    what.appendChild(document.createTextNode(": " + alarm.rule_label));
    item.appendChild(what);
    var detail = element(
      "p",
      "sim-alarm__detail",
      format(words.value_limit, { value: number(alarm.value), limit: number(alarm.limit) })
    );
    if (alarm.reference) {
      detail.appendChild(document.createTextNode(" · "));
      detail.appendChild(element("span", "sim-alarm__reference", alarm.reference));
    }
    item.appendChild(detail);
    if (alarm.acknowledged_at_s === null) {
      item.appendChild(ackForm(alarm));
    } else {
      item.classList.add("is-acknowledged");
      item.appendChild(ackText(alarm));
    }
    return item;
  }

  function announce(alarm) {
    var urgent = URGENT.indexOf(alarm.level) !== -1;
    var region = $('[data-sim-announce="' + (urgent ? "assertive" : "polite") + '"]');
    var text = format(words.new_alarm, {
      level: alarm.level_label,
      channel: alarm.label,
      rule: alarm.rule_label,
    });
    region.textContent = region.textContent ? region.textContent + " " + text : text;
    window.setTimeout(function () {
      region.textContent = "";
    }, 8000);
  }

  function applyAlarms(alarms, announceNew) {
    var list = $("[data-sim-alarms]");
    alarms.forEach(function (alarm) {
      var item = list.querySelector('[data-alarm-key="' + CSS.escape(alarm.key) + '"]');
      if (!item) {
        list.insertBefore(alarmItem(alarm), list.firstChild);
        if (announceNew) {
          announce(alarm);
        }
      } else if (alarm.acknowledged_at_s !== null && !item.classList.contains("is-acknowledged")) {
        var form = $("form", item);
        var hadFocus = form && form.contains(document.activeElement);
        if (form) {
          form.remove();
        }
        item.classList.add("is-acknowledged");
        item.appendChild(ackText(alarm));
        if (hadFocus || pendingFocus === alarm.key) {
          item.focus();
        }
      }
      knownAlarms[alarm.key] = true;
    });
    $("[data-sim-alarm-count]").textContent = String(alarms.length);
    $("[data-sim-no-alarms]").hidden = alarms.length > 0;
    markPlan(alarms);
  }

  function markPlan(alarms) {
    var alarmed = {};
    alarms.forEach(function (alarm) {
      if (alarm.acknowledged_at_s === null && URGENT.indexOf(alarm.level) !== -1) {
        alarmed[locations[alarm.channel] || alarm.channel.split(".")[0]] = true;
      }
    });
    root.querySelectorAll("[data-plan-location]").forEach(function (area) {
      area.classList.toggle("is-alarm", !!alarmed[area.getAttribute("data-plan-location")]);
    });
  }

  // ---------- Step, process, decisions, log ----------

  function applyStep(step) {
    var box = $("[data-sim-step]");
    var signature = step ? step.starts_at_s + "|" + step.title : "";
    if (box.getAttribute("data-signature") === signature) {
      return;
    }
    box.setAttribute("data-signature", signature);
    box.textContent = "";
    if (!step) {
      box.appendChild(element("p", "", words.no_step));
      return;
    }
    box.appendChild(element("p", "sim-step__title", step.title));
    if (step.instruction) {
      box.appendChild(element("p", "sim-step__instruction", step.instruction));
    }
  }

  function applyProcess(process) {
    var key = process.stopped ? "stopped" : process.intervention ? "intervention" : "running";
    $("[data-sim-process]").textContent = words.process[key];
  }

  function decisionBox(decision, answers) {
    var box = element("div", "sim-decision");
    box.setAttribute("data-decision", decision.code);
    box.tabIndex = -1;
    if (decision.answered) {
      var labels = {};
      decision.options.forEach(function (option) {
        labels[option.code] = option.label;
      });
      var answer = answers[decision.code];
      box.appendChild(element("p", "sim-decision__prompt", decision.prompt));
      box.appendChild(
        element("p", "sim-decision__answer", format(words.answered, { answer: labels[answer] || answer }))
      );
      return box;
    }
    var form = element("form");
    form.method = "post";
    form.action = actUrl;
    form.setAttribute("data-sim-form", "");
    form.appendChild(csrfField());
    form.appendChild(hidden("kind", "answer"));
    form.appendChild(hidden("target", decision.code));
    var fieldset = element("fieldset");
    fieldset.appendChild(element("legend", "", decision.prompt));
    decision.options.forEach(function (option) {
      var label = element("label");
      var radio = element("input");
      radio.type = "radio";
      radio.name = "value";
      radio.value = option.code;
      radio.required = true;
      label.appendChild(radio);
      label.appendChild(document.createTextNode(" " + option.label));
      fieldset.appendChild(label);
    });
    form.appendChild(fieldset);
    var button = element("button", "sim-button sim-button--action", words.answer);
    button.type = "submit";
    form.appendChild(button);
    box.appendChild(form);
    return box;
  }

  function applyDecisions(decisions, actions) {
    var signature = JSON.stringify(
      decisions.map(function (d) {
        return [d.code, d.answered];
      })
    );
    if (signature === decisionsSignature) {
      return;
    }
    var first = decisionsSignature === "";
    decisionsSignature = signature;
    if (first && root.querySelectorAll("[data-decision]").length === decisions.length) {
      return; // The server rendered these already.
    }
    var answers = {};
    actions.forEach(function (action) {
      if (action.kind === "answer") {
        answers[action.target] = action.value;
      }
    });
    var container = $("[data-sim-decisions]");
    var focused = document.activeElement && container.contains(document.activeElement);
    container.textContent = "";
    decisions.forEach(function (decision) {
      container.appendChild(decisionBox(decision, answers));
    });
    $("[data-sim-decisions-panel]").hidden = decisions.length === 0;
    var target = pendingFocus && container.querySelector('[data-decision="' + CSS.escape(pendingFocus) + '"]');
    if (target || focused) {
      (target || container.querySelector("[data-decision]")).focus();
    }
  }

  function applyLog(actions) {
    if (actions.length === loggedActions) {
      return;
    }
    loggedActions = actions.length;
    var list = $("[data-sim-log]");
    list.textContent = "";
    actions
      .slice()
      .reverse()
      .forEach(function (action) {
        var item = element("li");
        item.appendChild(element("span", "sim-log__time", clock(action.at_s)));
        item.appendChild(document.createTextNode(" " + action.label));
        list.appendChild(item);
      });
    $("[data-sim-no-actions]").hidden = actions.length > 0;
  }

  function applyStatus(newStatus) {
    status = newStatus;
    var badge = $("[data-sim-status]");
    badge.textContent = words.status[newStatus];
    badge.className = "sim-badge sim-badge--" + newStatus;
    $('[data-sim-control="pause"]').hidden = newStatus !== "running";
    $('[data-sim-control="resume"]').hidden = newStatus !== "paused";
    $("[data-sim-paused]").hidden = newStatus !== "paused";
    if (newStatus === "finished") {
      $("[data-sim-finished]").hidden = false;
      root.querySelectorAll(".sim-header__controls, .sim-actions, [data-sim-decisions] form, .sim-alarm__form").forEach(function (node) {
        node.hidden = true;
      });
    }
  }

  function applyState(data, announceNew) {
    lastNow = data.now_s;
    receivedAt = Date.now();
    state.now_s = data.now_s;
    applyChannels(data.channels);
    applyAlarms(data.alarms, announceNew);
    applyStep(data.step);
    applyProcess(data.process);
    applyDecisions(data.decisions, data.actions);
    applyLog(data.actions);
    applyStatus(data.status);
    showClock();
    pendingFocus = null;
  }

  // ---------- Clock and polling ----------

  function showClock() {
    var now = lastNow;
    if (status === "running") {
      now = Math.min(state.duration_s, lastNow + ((Date.now() - receivedAt) / 1000) * state.time_compression);
    }
    $("[data-sim-clock]").textContent = clock(now);
  }

  // One request at a time: a poll never overlaps an action, so the server sees this tab's
  // requests in the order the trainee made them.
  var queue = Promise.resolve();

  function enqueue(task) {
    var next = queue.then(task, task);
    queue = next.catch(function () {});
    return next;
  }

  function schedule(delay) {
    window.clearTimeout(pollTimer);
    pollTimer = null;
    if (status === "running") {
      pollTimer = window.setTimeout(function () {
        enqueue(poll);
      }, delay);
    }
  }

  function showError(message) {
    var region = $("[data-sim-error]");
    region.textContent = "";
    if (message) {
      region.appendChild(element("p", "", message));
    }
  }

  function showDone(message) {
    var region = $("[data-sim-done]");
    region.textContent = "";
    if (message) {
      region.appendChild(element("p", "", message));
    }
  }

  var offline = false;

  function poll() {
    return fetch(stateUrl + "?since=" + encodeURIComponent(lastNow), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        if (offline) {
          offline = false;
          showError("");
        }
        applyState(data, true);
        schedule(POLL_MS);
      })
      .catch(function () {
        offline = true;
        showError(words.offline);
        window.clearTimeout(pollTimer);
        pollTimer = window.setTimeout(function () {
          enqueue(poll);
        }, RETRY_MS);
      });
  }

  // ---------- Forms ----------

  function focusKey(form) {
    var kind = form.querySelector("input[name=kind]");
    var target = form.querySelector("input[name=target]");
    if (kind && target && (kind.value === "acknowledge" || kind.value === "answer")) {
      return target.value;
    }
    return null;
  }

  function submit(event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-sim-form]")) {
      return;
    }
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) {
      if (button.getAttribute("aria-busy") === "true") {
        return;
      }
      button.setAttribute("aria-busy", "true");
    }
    window.clearTimeout(pollTimer);
    pollTimer = null;
    var body = new FormData(form);
    enqueue(function () {
      return send(form, body, button);
    });
  }

  function send(form, body, button) {
    showError("");
    return fetch(form.action, {
      method: "POST",
      body: body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      })
      .then(function (answer) {
        if (!answer.ok) {
          showError(answer.data.error || words.offline);
          return null;
        }
        if (answer.data.debrief_url) {
          window.location.assign(answer.data.debrief_url);
          return null;
        }
        showDone(answer.data.message || words.done);
        form.querySelectorAll("textarea, input[type=number]").forEach(function (field) {
          field.value = "";
        });
        pendingFocus = focusKey(form);
        status = answer.data.status;
        return poll();
      })
      .catch(function () {
        showError(words.offline);
      })
      .then(function () {
        if (button) {
          button.removeAttribute("aria-busy");
        }
        if (pollTimer === null) {
          schedule(POLL_MS);
        }
      });
  }

  function start() {
    applyState(state, false);
    root.addEventListener("submit", submit);
    window.setInterval(showClock, CLOCK_MS);
    schedule(POLL_MS);
  }

  if (window.Chart) {
    start();
  } else {
    window.addEventListener("load", start);
  }
})();
