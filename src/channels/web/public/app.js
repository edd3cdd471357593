// The local web chat. Renders the server's Adaptive Cards with Microsoft's renderer (window.AdaptiveCards)
// and sends card submissions back unchanged; the server validates everything again.
(function () {
  'use strict';
  var AC = window.AdaptiveCards;
  var messages = document.getElementById('messages');
  var feed = document.getElementById('feed');
  var notices = document.getElementById('notices');
  var form = document.getElementById('composer');
  var textInput = document.getElementById('text');
  var textCount = document.getElementById('text-count');
  var asLead = document.getElementById('as-lead');
  var roleNote = document.getElementById('role-note');
  var panelStatus = document.getElementById('panel-status');
  var figuresButton = document.getElementById('figures-button');
  var figuresPanel = document.getElementById('figures-panel');
  var COMPOSER_MAX = 4000;

  // The page's own texts, in the language the conversation speaks (the cards come translated from the server).
  var TEXTS = {
    nl: {
      sub: 'Lokale chat · lokale modus, alleen op deze computer · geen namen nodig',
      asLead: 'Bekijk als aandachtsfunctionaris',
      roleNote: "Je bekijkt de chat nu als aandachtsfunctionaris (alleen in de lokale modus). Typ bijvoorbeeld 'open zaken'.",
      chat: 'Chat', message: 'Bericht', placeholder: 'Typ een bericht, bijv. hallo', send: 'Verstuur',
      panelTitle: 'Kanaal aandachtsfunctionaris',
      panelSub: 'Zo ziet de aandachtsfunctionaris de meldingen: alleen zaaknummer, sector, stap, urgentie en wie het vroeg.',
      empty: 'Nog geen meldingen.', closeDetails: 'Details sluiten', progress: 'Voortgang',
      count: '{n} van {max} tekens', over: '{n} van {max} tekens: {d} te veel. Maak de tekst korter; er gaat niets verloren.',
      error: 'Er ging iets mis.', offline: 'De server is niet bereikbaar. Je antwoord is niet verwerkt.',
      figuresButton: 'Cijfers',
    },
    en: {
      sub: 'Local chat · local mode, on this computer only · no names needed',
      asLead: 'View as aandachtsfunctionaris',
      roleNote: "You now use the chat as the aandachtsfunctionaris (local mode only). Type e.g. 'open cases'.",
      chat: 'Chat', message: 'Message', placeholder: 'Type a message, e.g. hello', send: 'Send',
      panelTitle: 'Aandachtsfunctionaris channel',
      panelSub: 'This is how the aandachtsfunctionaris sees notices: only case number, sector, step, urgency and who asked.',
      empty: 'No notices yet.', closeDetails: 'Close details', progress: 'Progress',
      count: '{n} of {max} characters', over: '{n} of {max} characters: {d} too many. Shorten the text; nothing is lost.',
      error: 'Something went wrong.', offline: 'The server cannot be reached. Your answer was not processed.',
      figuresButton: 'Figures',
    },
  };
  var lang = 'nl';
  function tr(key, p) {
    var s = (TEXTS[lang] || TEXTS.nl)[key] || TEXTS.nl[key] || key;
    return s.replace(/\{(\w+)\}/g, function (_m, k) { return p && p[k] !== undefined ? String(p[k]) : ''; });
  }
  function setLang(next) {
    lang = next === 'en' ? 'en' : 'nl';
    document.documentElement.lang = lang;
    Array.prototype.forEach.call(document.querySelectorAll('[data-t]'), function (el) { el.textContent = tr(el.getAttribute('data-t')); });
    Array.prototype.forEach.call(document.querySelectorAll('[data-t-placeholder]'), function (el) { el.setAttribute('placeholder', tr(el.getAttribute('data-t-placeholder'))); });
    Array.prototype.forEach.call(document.querySelectorAll('[data-t-label]'), function (el) { el.setAttribute('aria-label', tr(el.getAttribute('data-t-label'))); });
  }

  // The chat's own id is always a melder's: the server refuses ids with a role (USER_RESERVED). The
  // visible switch (local mode only) makes the chat speak as the local aandachtsfunctionaris instead.
  function newUserId() {
    var id = crypto.randomUUID();
    localStorage.setItem('meldcode-user', id);
    return id;
  }
  var userId = localStorage.getItem('meldcode-user');
  if (!userId || !/^[A-Za-z0-9-]{8,64}$/.test(userId) || userId.toLowerCase() === 'aandachtsfunctionaris') userId = newUserId();

  // Colours with enough contrast (WCAG AA) on every container style.
  var fg = function (def, subtle) { return { default: def, subtle: subtle || def }; };
  function style(bg, extra) {
    var colors = { default: fg('#201F1E', '#484644'), dark: fg('#201F1E'), light: fg('#FFFFFF'), accent: fg('#1A4480'), good: fg('#0B6A0B'), warning: fg('#6B3A00'), attention: fg('#A4262C') };
    for (var k in extra || {}) colors[k] = extra[k];
    return { backgroundColor: bg, foregroundColors: colors };
  }
  var hostConfig = new AC.HostConfig({
    fontFamily: '"Segoe UI", system-ui, sans-serif',
    containerStyles: {
      default: style('#FFFFFF'), emphasis: style('#F3F2F1'), accent: style('#DEECF9'), good: style('#DFF6DD'),
      attention: style('#FDE7E9', { attention: fg('#8E1F25') }), warning: style('#FFF4CE'),
    },
  });

  // Card text is escaped markdown: HTML-escape first, then allow only backslash escapes, **bold** and _italic_;
  // web addresses become links.
  function markdown(text) {
    var html = String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    var parts = [];
    html = html.replace(/\\([\\`*_{}\[\]()#+\-.!~>|])/g, function (_m, ch) {
      parts.push(ch);
      return '\u0000' + (parts.length - 1) + '\u0000';
    });
    html = html.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>').replace(/(^|\s)_([^_]+)_(?=\s|$)/g, '$1<em>$2</em>');
    html = html.replace(/\u0000(\d+)\u0000/g, function (_m, i) { return parts[Number(i)]; });
    // A phone number such as 0800-2000 never breaks at its hyphen.
    html = html.replace(/\b(\d{3,4})-(\d{3,4})\b/g, '<span class="nowrap">$1-$2</span>');
    html = html.replace(/\bhttps?:\/\/[^\s<"']+[^\s<"'.,;:)]/g, function (url) { return '<a href="' + url + '" target="_blank" rel="noopener">' + url + '</a>'; });
    return html.replace(/\n/g, '<br>');
  }
  AC.AdaptiveCard.onProcessMarkdown = function (text, result) {
    result.outputHtml = markdown(text);
    result.didProcess = true;
  };

  // A counter under every text box; a text over its limit is kept (never cut off) and not sent.
  function counted(input, max, counter) {
    function update() {
      var n = input.value.length;
      var over = n > max;
      counter.textContent = over ? tr('over', { n: n, max: max, d: n - max }) : (n > 0 ? tr('count', { n: n, max: max }) : '');
      counter.classList.toggle('over', over);
      input.setAttribute('aria-invalid', over ? 'true' : 'false');
    }
    input.addEventListener('input', update);
    update();
    return function () { update(); return input.value.length <= max; };
  }

  function renderCard(json, onSubmit) {
    var card = new AC.AdaptiveCard();
    card.hostConfig = hostConfig;
    var checks = [];
    card.onExecuteAction = function (action) {
      if (action instanceof AC.SubmitAction) {
        if (!checks.every(function (ok) { return ok(); })) return;
        onSubmit(action.data);
      }
      // "Lees meer" pages and tap-to-call numbers: only https and tel: addresses are opened.
      else if (action instanceof AC.OpenUrlAction && /^(https:\/\/|tel:\d+$)/.test(action.url)) window.open(action.url, '_blank', 'noopener');
    };
    card.parse(json);
    var el = card.render();
    Array.prototype.forEach.call(el.querySelectorAll('textarea, input[type="text"]'), function (input, i) {
      var max = Number(input.getAttribute('maxlength'));
      if (!max) return;
      input.removeAttribute('maxlength');
      if (input.tagName === 'TEXTAREA') input.rows = 6;
      var counter = document.createElement('span');
      counter.className = 'count';
      counter.id = 'count-' + Math.random().toString(36).slice(2) + i;
      counter.setAttribute('aria-live', 'polite');
      input.setAttribute('aria-describedby', ((input.getAttribute('aria-describedby') || '') + ' ' + counter.id).trim());
      // Under the box (its container lays out in a row).
      var holder = input.parentNode;
      holder.parentNode.insertBefore(counter, holder.nextSibling);
      checks.push(counted(input, max, counter));
    });
    progress(el);
    return el;
  }

  // "Stap 2 van 5 — …" on top of a card gets a progress bar above it.
  function progress(el) {
    var blocks = el.querySelectorAll('.ac-textBlock');
    for (var i = 0; i < Math.min(blocks.length, 2); i++) {
      var m = /^(?:Stap|Step) (\d) (?:van|of) (\d)\b/.exec(blocks[i].textContent || '');
      if (!m) continue;
      var bar = document.createElement('div');
      bar.className = 'progress';
      bar.setAttribute('role', 'progressbar');
      bar.setAttribute('aria-valuemin', '0');
      bar.setAttribute('aria-valuemax', m[2]);
      bar.setAttribute('aria-valuenow', m[1]);
      bar.setAttribute('aria-label', tr('progress'));
      var fill = document.createElement('span');
      fill.style.width = (100 * Number(m[1]) / Number(m[2])) + '%';
      bar.appendChild(fill);
      blocks[i].parentNode.insertBefore(bar, blocks[i]);
      return;
    }
  }

  function add(kind, content) {
    var div = document.createElement('div');
    div.className = 'msg ' + kind;
    if (typeof content === 'string') div.textContent = content;
    else div.appendChild(content);
    messages.appendChild(div);
    return div;
  }

  var FOCUSABLE = 'button:not([disabled]), input:not([disabled]), textarea, select, a[href]';
  /** A reply is read from its start: its first card at the top of the view, focus on its first control. */
  function showReply(first, focusControl) {
    if (!first) return;
    var target = focusControl ? first.querySelector(FOCUSABLE) : null;
    // Prefer a control of the first card that has one (an info card first: focus the card itself).
    if (!target) { first.setAttribute('tabindex', '-1'); target = first; }
    target.focus({ preventScroll: true });
    first.scrollIntoView({ block: 'start' });
  }

  var busy = false;
  function turn(payload, echo, done) {
    if (busy) return;
    busy = true;
    if (echo) add('user', echo);
    // Earlier cards stay visible but can no longer be clicked.
    var frozen = Array.prototype.slice.call(messages.querySelectorAll('.msg.card:not([inert])'));
    frozen.forEach(function (el) { el.setAttribute('inert', ''); });
    // Not processed (the server could not save it, or was not reached): the question can be answered again.
    function thaw() { frozen.forEach(function (el) { el.removeAttribute('inert'); }); }
    payload.user = userId;
    payload.locale = navigator.language;
    if (asLead.checked) payload.asLead = true;
    fetch('/web/api/turn', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok && res.body.code === 'USER_RESERVED') userId = newUserId();
        if (!res.ok) { thaw(); showReply(add('error', res.body.error || tr('error')), false); return; }
        setLang(res.body.lang);
        var first = null;
        if (res.body.figures) first = add('card', figuresView(res.body.figures, 2));
        res.body.cards.forEach(function (c) {
          var el = add('card', renderCard(c, function (data) { turn({ value: data }, null); }));
          if (!first) first = el;
        });
        showReply(first, true);
        if (done) done();
      })
      .catch(function () { thaw(); showReply(add('error', tr('offline')), false); })
      .finally(function () { busy = false; refreshFeed(); });
  }

  var composerOk = counted(textInput, COMPOSER_MAX, textCount);
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = textInput.value;
    if (text.trim() === '') return;
    // Too long: the text stays in the box to shorten; nothing is sent or lost.
    if (!composerOk()) { textInput.focus(); return; }
    turn({ text: text }, text, function () { textInput.value = ''; composerOk(); });
  });

  asLead.addEventListener('change', function () {
    roleNote.hidden = !asLead.checked;
    // The figures are the lead's: the button and what it showed go when the switch is off.
    figuresButton.hidden = !asLead.checked;
    if (!asLead.checked) { figuresPanel.hidden = true; figuresPanel.textContent = ''; }
    turn({ start: true }, null);
  });

  // The organisation's figures (server: channels/web/figures.ts): the chart with its text alternative, the short
  // summary, the choice of period and the one-time links to the PDF and the CSV. The same view in the chat
  // (typing 'cijfers'; a heading of level 2) and in the panel (the button; level 3, under the panel's title);
  // a new period redraws it in place.
  var figuresSeq = 0;
  function figuresView(view, level) {
    var n = ++figuresSeq;
    var box = document.createElement('section');
    box.className = 'figures';
    box.setAttribute('aria-labelledby', 'figures-title-' + n);
    var h = document.createElement('h' + level);
    h.id = 'figures-title-' + n;
    h.textContent = view.title + ' — ' + view.periodLabel;
    box.appendChild(h);
    var label = document.createElement('label');
    label.setAttribute('for', 'figures-period-' + n);
    label.textContent = view.periodTitle;
    var select = document.createElement('select');
    select.id = 'figures-period-' + n;
    view.periods.forEach(function (p) {
      var o = document.createElement('option');
      o.value = p.value;
      o.textContent = p.label;
      o.selected = p.selected;
      select.appendChild(o);
    });
    select.addEventListener('change', function () {
      figuresFetch(select.value, function (body) {
        // Not the figures (e.g. "slow down", or no longer a lead): said in the panel's status line; the view stays.
        if (!body.figures) { panelStatus.textContent = body.error || figuresCardText(body) || tr('error'); return; }
        var next = figuresView(body.figures, level);
        box.replaceWith(next);
        next.querySelector('select').focus();
      });
    });
    box.appendChild(label);
    box.appendChild(select);
    if (view.image) {
      var img = document.createElement('img');
      img.src = view.image.src;
      img.alt = view.image.alt;
      img.width = view.image.width;
      img.height = view.image.height;
      box.appendChild(img);
    } else if (view.chartText) {
      var alt = document.createElement('p');
      alt.className = 'summary';
      alt.textContent = view.chartText;
      box.appendChild(alt);
    }
    var h4 = document.createElement('h' + (level + 1));
    h4.textContent = view.summaryTitle;
    box.appendChild(h4);
    var summary = document.createElement('p');
    summary.className = 'summary';
    summary.textContent = view.summary;
    box.appendChild(summary);
    if (view.links.length) {
      var dl = document.createElement('p');
      dl.textContent = view.downloadsTitle;
      box.appendChild(dl);
      var ul = document.createElement('ul');
      view.links.forEach(function (l) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = l.href;
        a.target = '_blank';
        a.rel = 'noopener';
        a.textContent = l.label;
        a.setAttribute('data-format', l.format);
        li.appendChild(a);
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    return box;
  }

  function figuresCardText(body) {
    return (body.cards || []).map(function (c) { return renderCard(c, function () {}).innerText; }).join('\n');
  }

  function figuresFetch(period, then) {
    var payload = { user: userId, locale: navigator.language, period: period };
    if (asLead.checked) payload.asLead = true;
    fetch('/web/api/figures', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) })
      .then(function (r) { return r.json(); })
      .then(function (body) { if (body.lang) setLang(body.lang); then(body); })
      .catch(function () { panelStatus.textContent = tr('offline'); });
  }

  figuresButton.addEventListener('click', function () {
    figuresFetch('', function (body) {
      figuresPanel.textContent = '';
      figuresPanel.hidden = false;
      if (body.figures) figuresPanel.appendChild(figuresView(body.figures, 3));
      else if (body.error) { var p = document.createElement('p'); p.className = 'msg error'; p.textContent = body.error; figuresPanel.appendChild(p); }
      (body.cards || []).forEach(function (c) { figuresPanel.appendChild(renderCard(c, function () {})); });
      var first = figuresPanel.firstElementChild;
      if (first) { first.setAttribute('tabindex', '-1'); first.focus({ preventScroll: true }); first.scrollIntoView({ block: 'nearest' }); }
    });
  });

  // The panel: one card per case, updated in place; details open once under it and can be closed.
  var shown = {};
  function refreshFeed() {
    fetch('/web/api/af').then(function (r) { return r.json(); }).then(function (body) {
      var items = body.items || [];
      showNotices(body.notices || []);
      var empty = feed.querySelector('.empty');
      if (empty) empty.hidden = items.length > 0;
      var keep = {};
      items.forEach(function (item, index) {
        keep[item.caseId] = true;
        var snapshot = JSON.stringify(item.card);
        var wrap = feed.querySelector('.item[data-case="' + item.caseId + '"]');
        if (!wrap) {
          wrap = document.createElement('div');
          wrap.className = 'item';
          wrap.setAttribute('data-case', item.caseId);
          var slot = document.createElement('div');
          slot.className = 'slot';
          wrap.appendChild(slot);
        }
        if (feed.children[index + 1] !== wrap) feed.insertBefore(wrap, feed.children[index + 1] || null);
        if (shown[item.caseId] === snapshot) return;
        shown[item.caseId] = snapshot;
        var hadFocus = wrap.querySelector('.slot').contains(document.activeElement);
        var slot2 = wrap.querySelector('.slot');
        slot2.textContent = '';
        slot2.appendChild(renderCard(item.card, function (data) { panelAction(data, wrap); }));
        if (hadFocus) { var b = slot2.querySelector(FOCUSABLE); if (b) b.focus(); }
      });
      Array.prototype.forEach.call(feed.querySelectorAll('.item'), function (el) {
        var id = el.getAttribute('data-case');
        if (!keep[id]) { el.remove(); delete shown[id]; }
      });
    }).catch(function () { /* the next poll tries again */ });
  }

  // Delivery problems (a channel removed, a post not delivered): plain text, newest first.
  function showNotices(list) {
    notices.hidden = list.length === 0;
    var text = list.map(function (n) { return n.at + '\n' + n.text; }).join('\n\n');
    if (notices.getAttribute('data-shown') === text) return;
    notices.setAttribute('data-shown', text);
    notices.textContent = '';
    list.forEach(function (n) {
      var li = document.createElement('li');
      li.textContent = n.text;
      notices.appendChild(li);
    });
  }

  function panelAction(data, wrap) {
    if (data && data.mc === 'details') {
      var open = wrap.querySelector('.details');
      if (open) { closeDetails(wrap); return; }
      panelPost('/web/api/af/details', data, wrap);
      return;
    }
    fetch('/web/api/af/claim', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ value: data }) })
      .then(function () { refreshFeed(); pollInbox(); });
  }

  function closeDetails(wrap) {
    var open = wrap.querySelector('.details');
    if (open) open.remove();
    var first = wrap.querySelector('.slot ' + FOCUSABLE);
    if (first) first.focus();
  }

  // The panel's details and the lead's buttons under them are answered as the local aandachtsfunctionaris.
  function panelPost(url, data, wrap) {
    fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ value: data }) })
      .then(function (r) { return r.json(); })
      .then(function (body) {
        var details = wrap.querySelector('.details');
        if (!details) {
          details = document.createElement('div');
          details.className = 'details';
          wrap.appendChild(details);
        }
        details.textContent = '';
        var close = document.createElement('button');
        close.type = 'button';
        close.className = 'close';
        close.textContent = tr('closeDetails');
        close.addEventListener('click', function () { closeDetails(wrap); });
        details.appendChild(close);
        if (body.error) {
          var p = document.createElement('p');
          p.className = 'msg error';
          p.textContent = body.error;
          details.appendChild(p);
        }
        (body.cards || []).forEach(function (c) {
          var el = renderCard(c, function (next) { panelPost('/web/api/af/act', next, wrap); });
          details.appendChild(el);
          // An answer without anything to do (a new status, a deletion) is also said above the cards.
          if (url !== '/web/api/af/details' && !el.querySelector('input, textarea, button')) panelStatus.textContent = el.innerText;
        });
        var target = details.querySelector('.ac-adaptiveCard ' + FOCUSABLE) || close;
        // After an action, its answer (e.g. a download link) is what to read first.
        if (url !== '/web/api/af/details') { var last = details.lastElementChild; last.setAttribute('tabindex', '-1'); target = last.querySelector('a[href]') || last; }
        target.focus({ preventScroll: true });
        details.scrollIntoView({ block: 'nearest' });
        refreshFeed();
      });
  }

  function pollInbox() {
    fetch('/web/api/inbox?user=' + encodeURIComponent(userId)).then(function (r) { return r.json(); }).then(function (body) {
      (body.cards || []).forEach(function (c) {
        add('card note', renderCard(c, function (data) { turn({ value: data }, null); }));
      });
    }).catch(function () { /* the next poll tries again */ });
  }

  setInterval(refreshFeed, 3000);
  setInterval(pollInbox, 3000);
  turn({ start: true }, null);
})();
