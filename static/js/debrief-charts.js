/*
 * The charts of a simulation debrief or replay (templates/simulations/debrief_charts.html).
 * The server sends the data as JSON in the page, already cut at the time shown (a replay never
 * holds anything later); this script only draws it with Chart.js and its annotation plugin:
 * limits as horizontal lines, alarms and the trainee's actions as vertical ones. The text
 * beside each chart says the same for those who cannot see it.
 */
(function () {
  "use strict";

  var COLOURS = {
    line: "#15243a",
    grid: "#e2ecf5",
    text: "#4b5b70",
    action: "#a61b1b",
    alert: "#b86e00",
    investigation: "#6b2c91",
    trend: "#0b6e68",
    trainee: "#0a4d8c",
    now: "#b3420b",
  };

  // The run's day numbering and words come with the data (simulations.places.clock): a run
  // shorter than a day has no first_day and shows no day; a run of whole days ends at
  // 24:00:00 of its last day.
  var days = { first: null, format: "", end: Infinity };

  function clock(seconds) {
    var whole = Math.max(0, Math.round(seconds));
    var day = days.first === null ? 0 : Math.floor(whole / 86400);
    var rest = whole - day * 86400;
    if (days.first !== null && day > 0 && rest === 0 && whole >= days.end) {
      day -= 1;
      rest = 86400;
    }
    var parts = [Math.floor(rest / 3600), Math.floor((rest % 3600) / 60), rest % 60];
    var text = parts
      .map(function (part) {
        return String(part).padStart(2, "0");
      })
      .join(":");
    if (days.first === null) {
      return text;
    }
    return days.format.replace("%(day)d", String(day + days.first)).replace("%(time)s", text);
  }

  function verticalLine(at, colour, dash) {
    return {
      type: "line",
      scaleID: "x",
      value: at,
      borderColor: colour,
      borderWidth: dash ? 1 : 2,
      borderDash: dash || [],
    };
  }

  function annotations(chart, data, nowLabel) {
    var lines = {};
    var limits = chart.limits || {};
    if (limits.action !== undefined) {
      lines.action = { type: "line", scaleID: "y", value: limits.action, borderColor: COLOURS.action, borderWidth: 1.5 };
    }
    if (limits.lower_action !== undefined) {
      lines.lower = { type: "line", scaleID: "y", value: limits.lower_action, borderColor: COLOURS.action, borderWidth: 1.5 };
    }
    if (limits.alert !== undefined) {
      lines.alert = { type: "line", scaleID: "y", value: limits.alert, borderColor: COLOURS.alert, borderWidth: 1.5, borderDash: [6, 4] };
    }
    chart.alarms.forEach(function (alarm, index) {
      lines["alarm" + index] = verticalLine(alarm.t, COLOURS[alarm.level] || COLOURS.action);
    });
    data.actions.forEach(function (action, index) {
      lines["act" + index] = verticalLine(action.t, COLOURS.trainee, [4, 3]);
    });
    if (data.x_max > data.until_s) {
      var now = verticalLine(data.until_s, COLOURS.now);
      now.borderWidth = 2.5;
      now.label = { display: true, content: nowLabel, position: "start", backgroundColor: COLOURS.now, font: { size: 11 } };
      lines.now = now;
    }
    return lines;
  }

  function draw(canvas, data) {
    var chart = data.charts[Number(canvas.dataset.chartIndex)];
    if (!chart) {
      return;
    }
    var points = chart.t.map(function (t, i) {
      return { x: t, y: chart.v[i] };
    });
    new Chart(canvas, {
      type: "line",
      data: {
        datasets: [
          {
            data: points,
            parsing: false,
            borderColor: COLOURS.line,
            backgroundColor: COLOURS.line,
            borderWidth: 1.5,
            pointRadius: points.length < 60 ? 2 : 0,
            spanGaps: false,
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
            max: data.x_max,
            ticks: window.ATMPTimeAxis.ticks(data.x_max, 6, { color: COLOURS.text, callback: clock }),
            grid: { color: COLOURS.grid },
          },
          y: {
            ticks: { maxTicksLimit: 5, color: COLOURS.text },
            grid: { color: COLOURS.grid },
          },
        },
        plugins: {
          legend: { display: false },
          tooltip: { enabled: false },
          annotation: { annotations: annotations(chart, data, canvas.dataset.nowLabel || "") },
        },
      },
    });
  }

  // The replay's slider: its output shows the time while it moves; once it rests (let go, or
  // no arrow key pressed for a moment) the page asks the server for the run at that time, and
  // the slider has the focus again after the reload. Without script, the form's button does it.
  var REPLAY_DELAY_MS = 700;

  function enhanceReplay() {
    document.querySelectorAll("form[data-replay]").forEach(function (form) {
      var slider = form.querySelector("input[type=range]");
      var output = form.querySelector("output");
      var timer = null;
      if (!slider) {
        return;
      }
      if (form.hasAttribute("data-replay-focus")) {
        slider.focus();
      }
      slider.addEventListener("input", function () {
        if (output) {
          output.textContent = clock(Number(slider.value));
        }
      });
      slider.addEventListener("change", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          form.requestSubmit();
        }, REPLAY_DELAY_MS);
      });
    });
  }

  function start() {
    var source = document.getElementById("debrief-chart-data");
    var data = source ? JSON.parse(source.textContent) : null;
    if (data) {
      days = { first: data.first_day, format: data.day_format, end: data.x_max };
    }
    enhanceReplay();
    if (!data || typeof window.Chart === "undefined") {
      return;
    }
    document.querySelectorAll("canvas[data-chart-index]").forEach(function (canvas) {
      draw(canvas, data);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
