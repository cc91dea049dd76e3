/* The lesson page's side of its H5P blocks (templates/blocks/h5p_block.html).
   Listens to the sandboxed player iframes: a message counts only when it comes from one of
   those iframes (event.source) with the opaque origin a sandboxed frame has, and has the
   expected shape. Resize messages set the iframe's height; xAPI statements about the block's
   own exercise are POSTed with the CSRF token to the block's xAPI URL, and the server's
   answer is shown in the block's live region. */
(function () {
  "use strict";

  if (window.atmpH5PRelay) {
    return; // Loaded once per block; one listener serves them all.
  }
  window.atmpH5PRelay = true;

  var SANDBOXED_ORIGIN = "null";
  var RESULT_VERBS = [
    "http://adlnet.gov/expapi/verbs/answered",
    "http://adlnet.gov/expapi/verbs/completed",
    "http://adlnet.gov/expapi/verbs/scored",
  ];
  var MAX_HEIGHT = 20000;

  function frameOf(source) {
    var frames = document.querySelectorAll("iframe[data-h5p-frame]");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === source) {
        return frames[i];
      }
    }
    return null;
  }

  function isStatementFor(statement, objectId) {
    return (
      statement !== null &&
      typeof statement === "object" &&
      statement.object &&
      statement.object.id === objectId &&
      statement.verb &&
      RESULT_VERBS.indexOf(statement.verb.id) !== -1 &&
      statement.result !== null &&
      typeof statement.result === "object"
    );
  }

  function show(frame, text, state) {
    var output = frame.parentNode.querySelector("[data-h5p-result]");
    if (output) {
      output.textContent = text;
      output.setAttribute("data-state", state);
    }
  }

  function send(frame, statement) {
    fetch(frame.getAttribute("data-xapi-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": frame.getAttribute("data-csrf-token"),
      },
      body: JSON.stringify(statement),
    })
      .then(function (response) {
        return response.json().then(function (answer) {
          show(frame, answer.message || answer.error, response.ok ? "recorded" : "error");
        });
      })
      .catch(function () {
        show(frame, frame.getAttribute("data-offline-message") || "", "error");
      });
  }

  window.addEventListener("message", function (event) {
    var frame = frameOf(event.source);
    var data = event.data;
    if (!frame || event.origin !== SANDBOXED_ORIGIN || !data || typeof data !== "object") {
      return;
    }
    if (data.type === "atmp-h5p:resize") {
      var height = Number(data.height);
      if (isFinite(height) && height > 0) {
        frame.style.height = Math.min(Math.ceil(height), MAX_HEIGHT) + "px";
      }
    } else if (data.type === "atmp-h5p:xapi" && isStatementFor(data.statement, frame.getAttribute("data-object-id"))) {
      send(frame, data.statement);
    }
  });
})();
