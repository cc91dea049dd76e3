/*
 * ATMP.LimitCheck: tick every monitoring result that exceeds the action limit of a cleanroom
 * grade. Native checkboxes, so the keyboard and screen readers work as everywhere else.
 * Implements the H5P question contract and answers with an xAPI "choice" interaction whose
 * response lists the ids ticked; the server recomputes the score (one point per right
 * decision, ticked or not) from that response and the stored parameters.
 */
/* H5P core finds a content type's constructor by its machine name: window.ATMP.LimitCheck. */
var ATMP = window.ATMP = window.ATMP || {};

ATMP.LimitCheck = (function ($, EventDispatcher) {
  'use strict';

  var INTERACTION = 'http://adlnet.gov/expapi/activities/cmi.interaction';
  var ID_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
  var DEFAULTS = {
    instructions: 'Tick every result that exceeds the action limit.',
    grade: 'B',
    question: 'Which of these monitoring results exceed the action limit?',
    items: [],
    feedback: {
      allCorrect: 'Well done: every decision is right.',
      notAllCorrect: 'Some decisions are not right yet: read the explanations.'
    },
    behaviour: {enableRetry: true, enableSolutionsButton: true},
    l10n: {
      gradeLabel: 'Cleanroom grade @grade',
      exceeds: 'Exceeds the action limit.',
      within: 'Does not exceed the action limit.',
      rightDecision: 'Right:',
      wrongDecision: 'Wrong:',
      checkAnswer: 'Check',
      showSolution: 'Show solution',
      retry: 'Retry',
      score: 'You made @score of @total decisions right.',
      solutionShown: 'The results that exceed the action limit are ticked.'
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

  function LimitCheck(params, contentId, extras) {
    EventDispatcher.call(this);
    instances += 1;
    this.prefix = 'h5p-atmp-limitcheck-' + instances;
    this.params = $.extend(true, {}, DEFAULTS, params);
    this.contentId = contentId;
    this.metadata = (extras && extras.metadata) || {};
    this.items = (this.params.items || []).filter(function (item) {
      return item && ID_PATTERN.test(String(item.id));
    }).map(function (item) {
      return {
        id: String(item.id),
        label: plain(item.label),
        exceeds: item.exceeds === true,
        explanation: plain(item.explanation)
      };
    });
    var previous = extras && extras.previousState;
    var known = this.items.map(function (item) { return item.id; });
    this.ticked = (previous && Array.isArray(previous.ticked) ? previous.ticked : [])
      .filter(function (id) { return known.indexOf(id) >= 0; });
    this.answerGiven = this.ticked.length > 0;
    this.checked = false;
    this.solutionShown = false;
  }

  LimitCheck.prototype = Object.create(EventDispatcher.prototype);
  LimitCheck.prototype.constructor = LimitCheck;

  LimitCheck.prototype.text = function (key, values) {
    return fill(this.params.l10n[key], values || {});
  };

  LimitCheck.prototype.attach = function ($container) {
    var self = this;
    var container = $container.get(0);
    container.classList.add('h5p-atmp-limitcheck');
    container.textContent = '';
    var intro = element('div', 'h5p-atmp-intro');
    intro.id = this.prefix + '-intro';
    intro.append(
      element('p', 'h5p-atmp-grade', this.text('gradeLabel', {grade: plain(this.params.grade)})),
      element('p', 'h5p-atmp-instructions', plain(this.params.instructions))
    );
    var fieldset = element('fieldset', 'h5p-atmp-items');
    fieldset.setAttribute('aria-describedby', intro.id);
    fieldset.appendChild(element('legend', 'h5p-atmp-question', plain(this.params.question)));
    this.list = fieldset.appendChild(element('ul', 'h5p-atmp-item-list'));
    this.list.addEventListener('change', function (event) {
      self.toggle(event.target.value, event.target.checked);
    });
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
      self.list.querySelector('input').focus();
    });
    container.append(intro, fieldset, this.feedback, buttons);
    this.render();
  };

  LimitCheck.prototype.button = function (parent, key, name, action) {
    var button = element('button', 'h5p-atmp-button h5p-atmp-button-' + name, this.text(key));
    button.type = 'button';
    button.addEventListener('click', action);
    parent.appendChild(button);
    return button;
  };

  LimitCheck.prototype.render = function () {
    var self = this;
    var locked = this.checked || this.solutionShown;
    this.list.textContent = '';
    this.items.forEach(function (item, index) {
      self.list.appendChild(self.renderItem(item, index, locked));
    });
    this.checkButton.hidden = locked;
    this.solutionButton.hidden = !(this.checked && !this.solutionShown &&
      this.params.behaviour.enableSolutionsButton && this.getScore() < this.getMaxScore());
    this.retryButton.hidden = !(locked && this.params.behaviour.enableRetry);
    this.trigger('resize');
  };

  LimitCheck.prototype.renderItem = function (item, index, locked) {
    var row = element('li', 'h5p-atmp-item');
    var inputId = this.prefix + '-item-' + index;
    var input = element('input');
    input.type = 'checkbox';
    input.id = inputId;
    input.value = item.id;
    input.checked = this.ticked.indexOf(item.id) >= 0;
    input.disabled = locked;
    var label = element('label', 'h5p-atmp-item-label', item.label);
    label.htmlFor = inputId;
    row.append(input, label);
    if (locked) {
      var outcome = row.appendChild(element('p', 'h5p-atmp-outcome'));
      input.setAttribute('aria-describedby', inputId + '-outcome');
      outcome.id = inputId + '-outcome';
      this.describe(outcome, row, item, input.checked);
    }
    return row;
  };

  LimitCheck.prototype.describe = function (outcome, row, item, ticked) {
    var verdict = this.text(item.exceeds ? 'exceeds' : 'within');
    if (this.solutionShown) {
      row.classList.add('h5p-atmp-solution');
      outcome.textContent = verdict;
    }
    else {
      var right = ticked === item.exceeds;
      row.classList.add(right ? 'h5p-atmp-right' : 'h5p-atmp-wrong');
      outcome.append(element('strong', '', this.text(right ? 'rightDecision' : 'wrongDecision')),
        ' ' + verdict);
    }
    if (item.explanation) {
      outcome.append(' ' + item.explanation);
    }
  };

  LimitCheck.prototype.toggle = function (id, ticked) {
    if (this.checked || this.solutionShown) {
      return;
    }
    this.ticked = this.ticked.filter(function (other) { return other !== id; });
    if (ticked) {
      this.ticked.push(id);
    }
    this.answerGiven = true;
  };

  LimitCheck.prototype.tickedInOrder = function () {
    var ticked = this.ticked;
    return this.items.filter(function (item) { return ticked.indexOf(item.id) >= 0; })
      .map(function (item) { return item.id; });
  };

  LimitCheck.prototype.check = function () {
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

  LimitCheck.prototype.answeredEvent = function () {
    var event = this.createXAPIEventTemplate('answered');
    var statement = event.data.statement;
    statement.object = statement.object || {};
    statement.object.definition = $.extend(statement.object.definition || {}, {
      description: {'en-US': plain(this.params.question)},
      type: INTERACTION,
      interactionType: 'choice',
      choices: this.items.map(function (item) {
        return {id: item.id, description: {'en-US': item.label}};
      })
    });
    var score = this.getScore();
    event.setScoredResult(score, this.getMaxScore(), this, true, score === this.getMaxScore());
    statement.result.response = this.tickedInOrder().join('[,]');
    return event;
  };

  LimitCheck.prototype.getScore = function () {
    var ticked = this.ticked;
    return this.items.filter(function (item) {
      return (ticked.indexOf(item.id) >= 0) === item.exceeds;
    }).length;
  };

  LimitCheck.prototype.getMaxScore = function () {
    return this.items.length;
  };

  LimitCheck.prototype.getAnswerGiven = function () {
    return this.answerGiven;
  };

  LimitCheck.prototype.getTitle = function () {
    return H5P.createTitle(this.metadata.title || plain(this.params.question));
  };

  LimitCheck.prototype.getXAPIData = function () {
    return {statement: this.answeredEvent().data.statement};
  };

  LimitCheck.prototype.getCurrentState = function () {
    return {ticked: this.tickedInOrder()};
  };

  LimitCheck.prototype.showSolutions = function () {
    this.solutionShown = true;
    this.ticked = this.items.filter(function (item) { return item.exceeds; })
      .map(function (item) { return item.id; });
    if (this.list) {
      this.render();
      this.feedback.textContent = this.text('solutionShown');
      (this.retryButton.hidden ? this.feedback : this.retryButton).focus();
    }
  };

  LimitCheck.prototype.resetTask = function () {
    this.ticked = [];
    this.checked = false;
    this.solutionShown = false;
    this.answerGiven = false;
    if (this.list) {
      this.feedback.textContent = '';
      this.render();
    }
  };

  return LimitCheck;
})(H5P.jQuery, H5P.EventDispatcher);
