/* The H5P player page inside a lesson's sandboxed iframe (templates/h5p/player.html).
   Starts h5p-standalone with the options the server put in #h5p-player-config, then tells
   the lesson page (window.parent, and only at the origin the server named) two things: the
   height of the content, and the xAPI statements about the exercise as a whole. The lesson
   page checks both again before it sends anything to the server. */
(function () {
  "use strict";

  var RESULT_VERBS = [
    "http://adlnet.gov/expapi/verbs/answered",
    "http://adlnet.gov/expapi/verbs/completed",
    "http://adlnet.gov/expapi/verbs/scored",
  ];
  var config = JSON.parse(document.getElementById("h5p-player-config").textContent);
  var container = document.getElementById("h5p-player");
  var framed = window.parent !== window;

  function tell(message) {
    if (framed && config.parentOrigin) {
      window.parent.postMessage(message, config.parentOrigin);
    }
  }

  function reportHeight() {
    tell({ type: "atmp-h5p:resize", height: Math.ceil(container.getBoundingClientRect().height) });
  }

  function relay(event) {
    var statement = event && event.data && event.data.statement;
    if (!statement || !statement.object || statement.object.id !== config.objectId) {
      return; // Sub-content and other activities: only the exercise as a whole counts.
    }
    if (!statement.verb || RESULT_VERBS.indexOf(statement.verb.id) === -1 || !statement.result) {
      return;
    }
    tell({ type: "atmp-h5p:xapi", statement: JSON.parse(JSON.stringify(statement)) });
  }

  function failed() {
    var message = document.createElement("p");
    message.className = "h5p-player__error";
    message.textContent = config.messages.loadFailed;
    container.replaceChildren(message);
    reportHeight();
  }

  if (window.ResizeObserver) {
    new window.ResizeObserver(reportHeight).observe(container);
  }
  window.addEventListener("load", reportHeight);

  try {
    new window.H5PStandalone.H5P(container, config.player).then(function () {
      window.H5P.externalDispatcher.on("xAPI", relay);
      document.documentElement.setAttribute("data-h5p-ready", "true");
      reportHeight();
    }, failed);
  } catch (error) {
    failed();
  }
})();
