// Live parts, over the run's server-sent events (the API's /events stream, served under /runs/{id}/events):
// - a running run's page lists its events as they arrive and reloads when the verdict comes;
// - a running run's row in a list asks htmx for its new row when the verdict comes.
(function () {
  if (!window.EventSource) return;
  var list = document.getElementById('events');
  if (list) {
    var source = new EventSource(list.dataset.events);
    ['stage-started', 'stage-finished', 'check-finished', 'flow-finished', 'diagnosis', 'finding', 'lint', 'status'].forEach(function (type) {
      source.addEventListener(type, function (m) {
        var e = JSON.parse(m.data), li = document.createElement('li');
        li.textContent = [type, e.stage, e.status, e.message].filter(Boolean).join(' · ');
        list.appendChild(li);
        while (list.children.length > 200) list.removeChild(list.firstChild);
      });
    });
    source.addEventListener('verdict', function () { source.close(); location.reload(); });
  }
  document.querySelectorAll('tbody[data-events]').forEach(function (row) {
    var rowSource = new EventSource(row.dataset.events);
    rowSource.addEventListener('verdict', function () {
      rowSource.close();
      htmx.ajax('GET', row.dataset.row, { target: row, swap: 'outerHTML' });
    });
  });
})();
