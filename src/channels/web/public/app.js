// The local web chat. Renders the server's Adaptive Cards with Microsoft's renderer (window.AdaptiveCards)
// and sends card submissions back unchanged; the server validates everything again.
(function () {
  'use strict';
  var AC = window.AdaptiveCards;
  var messages = document.getElementById('messages');
  var feed = document.getElementById('feed');
  var form = document.getElementById('composer');
  var textInput = document.getElementById('text');

  // The chat's own id is always a melder's: the server refuses ids with a role (USER_RESERVED), and the
  // panel acts as the aandachtsfunctionaris through its own endpoints.
  function newUserId() {
    var id = crypto.randomUUID();
    localStorage.setItem('meldcode-user', id);
    return id;
  }
  var userId = localStorage.getItem('meldcode-user');
  if (!userId || !/^[A-Za-z0-9-]{8,64}$/.test(userId) || userId.toLowerCase() === 'aandachtsfunctionaris') userId = newUserId();

  // Card text is escaped markdown: HTML-escape first, then allow only backslash escapes, **bold** and _italic_.
  function markdown(text) {
    var html = String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    var parts = [];
    html = html.replace(/\\([\\`*_{}\[\]()#+\-.!~>|])/g, function (_m, ch) {
      parts.push(ch);
      return '\u0000' + (parts.length - 1) + '\u0000';
    });
    html = html.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>').replace(/(^|\s)_([^_]+)_(?=\s|$)/g, '$1<em>$2</em>');
    html = html.replace(/\u0000(\d+)\u0000/g, function (_m, i) { return parts[Number(i)]; });
    return html.replace(/\n/g, '<br>');
  }
  AC.AdaptiveCard.onProcessMarkdown = function (text, result) {
    result.outputHtml = markdown(text);
    result.didProcess = true;
  };

  function renderCard(json, onSubmit) {
    var card = new AC.AdaptiveCard();
    card.onExecuteAction = function (action) {
      if (action instanceof AC.SubmitAction) onSubmit(action.data);
      // "Lees meer" pages and tap-to-call numbers: only https and tel: addresses are opened.
      else if (action instanceof AC.OpenUrlAction && /^(https:\/\/|tel:\d+$)/.test(action.url)) window.open(action.url, '_blank', 'noopener');
    };
    card.parse(json);
    return card.render();
  }

  function add(kind, content) {
    var div = document.createElement('div');
    div.className = 'msg ' + kind;
    if (typeof content === 'string') div.textContent = content;
    else div.appendChild(content);
    messages.appendChild(div);
    messages.scrollTop = messages.scrollHeight;
    return div;
  }

  var busy = false;
  function turn(payload, echo) {
    if (busy) return;
    busy = true;
    if (echo) add('user', echo);
    // Earlier cards stay visible but can no longer be clicked.
    Array.prototype.forEach.call(messages.querySelectorAll('.msg.card:not([inert])'), function (el) { el.setAttribute('inert', ''); });
    payload.user = userId;
    payload.locale = navigator.language;
    fetch('/web/api/turn', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok && res.body.code === 'USER_RESERVED') userId = newUserId();
        if (!res.ok) { add('error', res.body.error || 'Er ging iets mis.'); return; }
        document.documentElement.lang = res.body.lang || 'nl';
        res.body.cards.forEach(function (c) {
          add('card', renderCard(c, function (data) { turn({ value: data }, null); }));
        });
      })
      .catch(function () { add('error', 'De server is niet bereikbaar. Je antwoord is niet verwerkt.'); })
      .finally(function () { busy = false; refreshFeed(); });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = textInput.value;
    if (text.trim() === '') return;
    textInput.value = '';
    turn({ text: text }, text);
  });

  var lastFeed = '';
  function refreshFeed() {
    fetch('/web/api/af').then(function (r) { return r.json(); }).then(function (body) {
      if (!body.items || body.items.length === 0) return;
      // Re-render only when something changed, so opened details stay open.
      var snapshot = JSON.stringify(body.items);
      if (snapshot === lastFeed) return;
      lastFeed = snapshot;
      feed.textContent = '';
      body.items.forEach(function (item) {
        var wrap = document.createElement('div');
        wrap.className = 'item';
        wrap.setAttribute('data-case', item.caseId);
        wrap.appendChild(renderCard(item.card, function (data) {
          if (data && data.mc === 'details') {
            panelPost('/web/api/af/details', data, wrap);
            return;
          }
          fetch('/web/api/af/claim', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ value: data }) })
            .then(function () { refreshFeed(); pollInbox(); });
        }));
        feed.appendChild(wrap);
      });
    }).catch(function () { /* the next poll tries again */ });
  }

  // The panel's details and the lead's buttons under them are answered as the local aandachtsfunctionaris.
  function panelPost(url, data, wrap) {
    fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ value: data }) })
      .then(function (r) { return r.json(); })
      .then(function (body) {
        var details = document.createElement('div');
        details.className = 'details';
        if (body.error) details.textContent = body.error;
        (body.cards || []).forEach(function (c) {
          details.appendChild(renderCard(c, function (next) { panelPost('/web/api/af/act', next, wrap); }));
        });
        Array.prototype.forEach.call(wrap.querySelectorAll('.details'), function (el) { el.remove(); });
        wrap.appendChild(details);
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
