/*
 * ATMP.StepOrder: put the steps of a procedure in order with move-up/move-down buttons
 * (keyboard first, no dragging). Implements the H5P question contract and answers with an xAPI
 * "sequencing" interaction whose response lists the step ids in the learner's order; the server
 * recomputes the score from that response and the stored parameters.
 */
/* H5P core finds a content type's constructor by its machine name: window.ATMP.StepOrder. */
var ATMP = window.ATMP = window.ATMP || {};

ATMP.StepOrder = (function ($, EventDispatcher) {
  'use strict';

  var INTERACTION = 'http://adlnet.gov/expapi/activities/cmi.interaction';
  var ID_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
  var DEFAULTS = {
    taskDescription: 'Put the steps in the right order.',
    steps: [],
    feedback: {
      allCorrect: 'Well done: every step is in its place.',
      notAllCorrect: 'Some steps are not in their place yet.'
    },
    behaviour: {enableRetry: true, enableSolutionsButton: true},
    l10n: {
      listLabel: 'Your order of the steps',
      moveUp: 'Move up: @step',
      moveDown: 'Move down: @step',
      moved: '@step is now step @position of @total.',
      rightPlace: 'In the right place',
      wrongPlace: 'Not in the right place',
      checkAnswer: 'Check',
      showSolution: 'Show solution',
      retry: 'Retry',
      score: 'You have @score of @total steps in the right place.',
      solutionShown: 'This is the correct order.'
    }
  };
  var instances = 0;

  /* H5P stores plain-text fields HTML-escaped; decode them and only ever use them as text. */
  function plain(text) {
    var parsed = new DOMParser().parseFromString(String(text === undefined ? '' : text), 'text/html');
    return parsed.documentElement.textContent || '';
  }

  function fill(template, values) {
    return plain(template).replace(/@(\w+)/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
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

  /* A small seeded generator: every learner sees the same shuffle, and a retry a new one. */
  function generator(seed) {
    var state = seed >>> 0;
    return function () {
      state = (state + 0x6D2B79F5) >>> 0;
      var value = state;
      value = Math.imul(value ^ (value >>> 15), value | 1);
      value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
      return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
    };
  }

  function hash(text) {
    var value = 2166136261;
    for (var index = 0; index < text.length; index += 1) {
      value = Math.imul(value ^ text.charCodeAt(index), 16777619);
    }
    return value >>> 0;
  }

  function shuffled(ids, attempt) {
    var order = ids.slice();
    var random = generator(hash(ids.join(',')) + attempt);
    for (var index = order.length - 1; index > 0; index -= 1) {
      var other = Math.floor(random() * (index + 1));
      var kept = order[index];
      order[index] = order[other];
      order[other] = kept;
    }
    if (order.length > 1 && order.join(',') === ids.join(',')) {
      order.push(order.shift());
    }
    return order;
  }

  function isPermutation(candidate, ids) {
    return Array.isArray(candidate) && candidate.length === ids.length &&
      candidate.slice().sort().join(',') === ids.slice().sort().join(',');
  }

  function StepOrder(params, contentId, extras) {
    EventDispatcher.call(this);
    instances += 1;
    this.prefix = 'h5p-atmp-steporder-' + instances;
    this.params = $.extend(true, {}, DEFAULTS, params);
    this.contentId = contentId;
    this.metadata = (extras && extras.metadata) || {};
    this.steps = (this.params.steps || []).filter(function (step) {
      return step && ID_PATTERN.test(String(step.id));
    }).map(function (step) {
      return {id: String(step.id), text: plain(step.text)};
    });
    this.correct = this.steps.map(function (step) { return step.id; });
    this.attempt = 0;
    var previous = extras && extras.previousState;
    this.order = previous && isPermutation(previous.order, this.correct) ?
      previous.order.slice() : shuffled(this.correct, this.attempt);
    this.answerGiven = Boolean(previous && previous.answerGiven);
    this.checked = false;
    this.solutionShown = false;
  }

  StepOrder.prototype = Object.create(EventDispatcher.prototype);
  StepOrder.prototype.constructor = StepOrder;

  StepOrder.prototype.text = function (key, values) {
    return fill(this.params.l10n[key], values || {});
  };

  StepOrder.prototype.stepText = function (id) {
    for (var index = 0; index < this.steps.length; index += 1) {
      if (this.steps[index].id === id) {
        return this.steps[index].text;
      }
    }
    return id;
  };

  StepOrder.prototype.attach = function ($container) {
    var self = this;
    var container = $container.get(0);
    container.classList.add('h5p-atmp-steporder');
    container.textContent = '';
    var task = element('p', 'h5p-atmp-task', plain(this.params.taskDescription));
    task.id = this.prefix + '-task';
    this.list = element('ol', 'h5p-atmp-steps');
    this.list.setAttribute('aria-label', this.text('listLabel'));
    this.list.setAttribute('aria-describedby', task.id);
    this.list.addEventListener('click', function (event) {
      var button = event.target.closest('button[data-direction]');
      if (button) {
        self.move(button.closest('li').dataset.id, Number(button.dataset.direction));
      }
    });
    this.announcer = element('p', 'h5p-atmp-visually-hidden');
    this.announcer.setAttribute('aria-live', 'polite');
    this.feedback = element('p', 'h5p-atmp-feedback');
    this.feedback.setAttribute('role', 'status');
    this.feedback.tabIndex = -1;
    var buttons = element('div', 'h5p-atmp-buttons');
    this.checkButton = this.button(buttons, 'checkAnswer', 'check', function () { self.check(); });
    this.solutionButton = this.button(buttons, 'showSolution', 'solution', function () {
      self.showSolutions();
    });
    this.retryButton = this.button(buttons, 'retry', 'retry', function () {
      self.resetTask();
      self.list.querySelector('button').focus();
    });
    container.append(task, this.list, this.announcer, this.feedback, buttons);
    this.render();
  };

  StepOrder.prototype.button = function (parent, key, name, action) {
    var button = element('button', 'h5p-atmp-button h5p-atmp-button-' + name, this.text(key));
    button.type = 'button';
    button.addEventListener('click', action);
    parent.appendChild(button);
    return button;
  };

  StepOrder.prototype.render = function () {
    var self = this;
    var locked = this.checked || this.solutionShown;
    this.list.textContent = '';
    this.order.forEach(function (id, index) {
      self.list.appendChild(self.renderStep(id, index, locked));
    });
    this.checkButton.hidden = locked;
    this.solutionButton.hidden = !(this.checked && !this.solutionShown &&
      this.params.behaviour.enableSolutionsButton && this.getScore() < this.getMaxScore());
    this.retryButton.hidden = !(locked && this.params.behaviour.enableRetry);
    this.trigger('resize');
  };

  StepOrder.prototype.renderStep = function (id, index, locked) {
    var item = element('li', 'h5p-atmp-step');
    item.dataset.id = id;
    var text = this.stepText(id);
    item.appendChild(element('span', 'h5p-atmp-step-number', String(index + 1)))
      .setAttribute('aria-hidden', 'true');
    var body = item.appendChild(element('span', 'h5p-atmp-step-body'));
    body.appendChild(element('span', 'h5p-atmp-step-text', text));
    if (this.checked && !this.solutionShown) {
      var right = this.correct[index] === id;
      item.classList.add(right ? 'h5p-atmp-right' : 'h5p-atmp-wrong');
      body.appendChild(element('span', 'h5p-atmp-step-status',
        this.text(right ? 'rightPlace' : 'wrongPlace')));
    }
    if (this.solutionShown) {
      item.classList.add('h5p-atmp-solution');
    }
    if (!locked) {
      var moves = item.appendChild(element('span', 'h5p-atmp-moves'));
      this.moveButton(moves, text, -1, index === 0);
      this.moveButton(moves, text, 1, index === this.order.length - 1);
    }
    return item;
  };

  StepOrder.prototype.moveButton = function (parent, text, direction, atEdge) {
    var button = element('button', 'h5p-atmp-move h5p-atmp-move-' + (direction < 0 ? 'up' : 'down'));
    button.type = 'button';
    button.dataset.direction = String(direction);
    button.setAttribute('aria-label', this.text(direction < 0 ? 'moveUp' : 'moveDown', {step: text}));
    button.title = button.getAttribute('aria-label');
    if (atEdge) {
      /* aria-disabled, not disabled: the button keeps the focus after a step reaches an end. */
      button.setAttribute('aria-disabled', 'true');
    }
    parent.appendChild(button);
  };

  StepOrder.prototype.move = function (id, direction) {
    var from = this.order.indexOf(id);
    var to = from + direction;
    if (this.checked || this.solutionShown || from < 0 || to < 0 || to >= this.order.length) {
      return;
    }
    this.order.splice(from, 1);
    this.order.splice(to, 0, id);
    this.answerGiven = true;
    this.render();
    var selector = 'li[data-id="' + id + '"] button[data-direction="' + direction + '"]';
    this.list.querySelector(selector).focus();
    this.announcer.textContent = this.text('moved', {
      step: this.stepText(id), position: to + 1, total: this.order.length
    });
  };

  StepOrder.prototype.check = function () {
    this.checked = true;
    this.answerGiven = true;
    var score = this.getScore();
    var max = this.getMaxScore();
    this.render();
    this.feedback.textContent = this.text('score', {score: score, total: max}) + ' ' +
      plain(score === max ? this.params.feedback.allCorrect : this.params.feedback.notAllCorrect);
    this.feedback.focus();
    this.trigger(this.answeredEvent());
  };

  StepOrder.prototype.answeredEvent = function () {
    var event = this.createXAPIEventTemplate('answered');
    var statement = event.data.statement;
    statement.object = statement.object || {};
    statement.object.definition = $.extend(statement.object.definition || {}, {
      description: {'en-US': plain(this.params.taskDescription)},
      type: INTERACTION,
      interactionType: 'sequencing',
      choices: this.steps.map(function (step) {
        return {id: step.id, description: {'en-US': step.text}};
      })
    });
    var score = this.getScore();
    event.setScoredResult(score, this.getMaxScore(), this, true, score === this.getMaxScore());
    statement.result.response = this.order.join('[,]');
    return event;
  };

  StepOrder.prototype.getScore = function () {
    var correct = this.correct;
    return this.order.filter(function (id, index) { return correct[index] === id; }).length;
  };

  StepOrder.prototype.getMaxScore = function () {
    return this.correct.length;
  };

  StepOrder.prototype.getAnswerGiven = function () {
    return this.answerGiven;
  };

  StepOrder.prototype.getTitle = function () {
    return H5P.createTitle(this.metadata.title || plain(this.params.taskDescription));
  };

  StepOrder.prototype.getXAPIData = function () {
    return {statement: this.answeredEvent().data.statement};
  };

  StepOrder.prototype.getCurrentState = function () {
    return {order: this.order.slice(), answerGiven: this.answerGiven};
  };

  StepOrder.prototype.showSolutions = function () {
    this.solutionShown = true;
    this.order = this.correct.slice();
    if (this.list) {
      this.render();
      this.feedback.textContent = this.text('solutionShown');
      (this.retryButton.hidden ? this.feedback : this.retryButton).focus();
    }
  };

  StepOrder.prototype.resetTask = function () {
    this.attempt += 1;
    this.order = shuffled(this.correct, this.attempt);
    this.checked = false;
    this.solutionShown = false;
    this.answerGiven = false;
    if (this.list) {
      this.feedback.textContent = '';
      this.announcer.textContent = '';
      this.render();
    }
  };

  return StepOrder;
})(H5P.jQuery, H5P.EventDispatcher);
