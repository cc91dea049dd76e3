/* The lesson page's side of its H5P blocks (templates/blocks/h5p_block.html).
   Listens to the sandboxed player iframes: a message counts only when it comes from one of
   those iframes (event.source) with the opaque origin a sandboxed frame has, and has the
   expected shape. Resize messages set the iframe's height; xAPI statements about the block's
   own exercise are POSTed with the CSRF token to the block's xAPI URL, and the server's
   answer is shown in the block's live region.
   Statements that arrive within BATCH_WINDOW_MS go to the server together, as one xAPI batch
   (a JSON array), within the server's limits (courses/views/xapi.py: MAX_BATCH statements,
   MAX_BODY_BYTES); what is still waiting when the page is left is sent with keepalive, so
   that the browser delivers it after the page is gone. */
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
  var BATCH_WINDOW_MS = 250;
  var MAX_BATCH = 50;
  var MAX_BODY_BYTES = 64 * 1024;
  var queues = {}; // xAPI URL -> {token, items: [{frame, statement}], timer}

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

  function showAll(items, text, state) {
    items.forEach(function (item) {
      show(item.frame, text, state);
    });
  }

  function showAnswer(items, answer) {
    (answer.results || []).forEach(function (result) {
      items.forEach(function (item) {
        if (item.frame.getAttribute("data-object-id") === result.object) {
          show(item.frame, result.message, "recorded");
        }
      });
    });
  }

  function bytes(text) {
    return new Blob([text]).size;
  }

  /* Batches within the server's limits; a statement too large on its own goes alone, and the
     server's refusal is shown. */
  function chunks(items) {
    var result = [];
    var current = [];
    var size = 2;
    items.forEach(function (item) {
      var length = bytes(JSON.stringify(item.statement)) + 1;
      if (current.length && (current.length >= MAX_BATCH || size + length > MAX_BODY_BYTES)) {
        result.push(current);
        current = [];
        size = 2;
      }
      current.push(item);
      size += length;
    });
    if (current.length) {
      result.push(current);
    }
    return result;
  }

  function post(url, token, items, leaving) {
    var offline = items[0].frame.getAttribute("data-offline-message") || "";
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: leaving,
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(
        items.map(function (item) {
          return item.statement;
        })
      ),
    })
      .then(function (response) {
        return response.json().then(function (answer) {
          if (response.ok) {
            showAnswer(items, answer);
          } else {
            showAll(items, answer.error || offline, "error");
          }
        });
      })
      .catch(function () {
        showAll(items, offline, "error");
      });
  }

  function flush(url, leaving) {
    var queue = queues[url];
    if (!queue || !queue.items.length) {
      return;
    }
    clearTimeout(queue.timer);
    queue.timer = null;
    var items = queue.items;
    queue.items = [];
    chunks(items).forEach(function (chunk) {
      post(url, queue.token, chunk, leaving);
    });
  }

  function flushAll(leaving) {
    Object.keys(queues).forEach(function (url) {
      flush(url, leaving);
    });
  }

  function enqueue(frame, statement) {
    var url = frame.getAttribute("data-xapi-url");
    var queue = queues[url] || (queues[url] = { token: "", items: [], timer: null });
    queue.token = frame.getAttribute("data-csrf-token");
    queue.items.push({ frame: frame, statement: statement });
    if (queue.items.length >= MAX_BATCH) {
      flush(url, false);
    } else if (!queue.timer) {
      queue.timer = setTimeout(function () {
        flush(url, false);
      }, BATCH_WINDOW_MS);
    }
  }

  window.addEventListener("pagehide", function () {
    flushAll(true);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      flushAll(true);
    }
  });

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
      enqueue(frame, data.statement);
    }
  });
})();
