// The inspector page's only script (served as /inspect/app.js; the page's CSP allows just this
// file). It adds calls live from /inspect/events and wires the copy buttons. Every captured value
// comes from the network: it is put on the page with textContent only, never as markup.
'use strict';

(function () {
  var status = document.getElementById('live-status');
  var tbody = document.getElementById('calls');
  var empty = document.getElementById('calls-empty');

  function detailHref(id, search) {
    var params = new URLSearchParams(search);
    params.set('id', id);
    return '/inspect?' + params.toString() + '#detail';
  }

  function cell(text) {
    var td = document.createElement('td');
    td.textContent = text;
    return td;
  }

  // The same structure as rowHtml in page.ts.
  function buildRow(row, search) {
    var what = row.method + (row.target === '' ? '' : ' ' + row.target) + ' at ' + row.at;
    var tr = document.createElement('tr');
    tr.dataset.id = row.id;
    tr.className = 'decision-' + row.decision;
    var pick = document.createElement('td');
    var box = document.createElement('input');
    box.type = 'checkbox';
    box.name = 'id';
    box.value = row.id;
    box.setAttribute('aria-label', 'Select ' + what);
    pick.appendChild(box);
    tr.appendChild(pick);
    var time = document.createElement('td');
    var link = document.createElement('a');
    link.href = detailHref(row.id, search);
    link.textContent = row.at;
    time.appendChild(link);
    tr.appendChild(time);
    var method = cell(row.method);
    if (row.replay) {
      var tag = document.createElement('span');
      tag.className = 'tag';
      tag.textContent = 'replay';
      method.appendChild(document.createTextNode(' '));
      method.appendChild(tag);
    }
    tr.appendChild(method);
    tr.appendChild(cell(row.target));
    var st = cell(row.status);
    st.dataset.field = 'status';
    tr.appendChild(st);
    var lat = cell(row.latency);
    lat.dataset.field = 'latency';
    tr.appendChild(lat);
    tr.appendChild(cell(row.decision));
    tr.appendChild(cell(row.route));
    tr.appendChild(cell(row.user));
    return tr;
  }

  function findRow(id) {
    for (var i = 0; i < tbody.rows.length; i += 1) {
      if (tbody.rows[i].dataset.id === id) return tbody.rows[i];
    }
    return null;
  }

  function onEvent(message) {
    var row;
    try {
      row = JSON.parse(message.data);
    } catch {
      return;
    }
    if (typeof row !== 'object' || row === null || typeof row.id !== 'string') return;
    var search = status.dataset.search || '';
    var existing = findRow(row.id);
    if (existing !== null) {
      var fresh = buildRow(row, search);
      var box = existing.querySelector('input[type=checkbox]');
      if (box !== null && box.checked) fresh.querySelector('input[type=checkbox]').checked = true;
      tbody.replaceChild(fresh, existing);
      return;
    }
    tbody.insertBefore(buildRow(row, search), tbody.firstChild);
    if (empty !== null) empty.hidden = true;
  }

  if (status !== null && tbody !== null && typeof EventSource === 'function') {
    var search = status.dataset.search || '';
    var source = new EventSource('/inspect/events' + (search === '' ? '' : '?' + search));
    source.addEventListener('open', function () {
      status.textContent = 'Live: new calls appear at the top.';
    });
    source.addEventListener('exchange', onEvent);
    source.addEventListener('complete', onEvent);
    source.addEventListener('error', function () {
      status.textContent = 'Live updates paused; retrying…';
    });
  }

  var buttons = document.querySelectorAll('button[data-copy]');
  buttons.forEach(function (button) {
    var source = document.getElementById(button.dataset.copy);
    if (source === null || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(source.textContent).then(
        function () {
          button.textContent = 'Copied';
        },
        function () {
          button.textContent = 'Copy failed: select the text instead';
        },
      );
    });
  });
})();
