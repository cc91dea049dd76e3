/* The time axis of the simulation charts (static/js/simulation.js, static/js/debrief-charts.js).
   Ticks fall on a round clock step (1, 2, 5, 10, 15 or 30 minutes, 1 to 12 hours, days) chosen
   so that at most `maxTicks` fit, and the axis adds no tick of its own at its end, where it
   would run into the one before it. */
window.ATMPTimeAxis = (function () {
  "use strict";

  var STEPS = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 259200, 604800];

  function ticks(span, maxTicks, options) {
    var settings = options || {};
    var minStep = settings.minStep || 0;
    var step = STEPS[STEPS.length - 1];
    for (var i = 0; i < STEPS.length; i += 1) {
      if (STEPS[i] >= minStep && span / STEPS[i] <= maxTicks) {
        step = STEPS[i];
        break;
      }
    }
    return {
      stepSize: step,
      includeBounds: false,
      maxRotation: 0,
      color: settings.color,
      callback: settings.callback,
    };
  }

  return { ticks: ticks };
})();
