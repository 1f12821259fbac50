// A running run's page: lists its events as they arrive (server-sent events) and reloads when the verdict comes.
(function () {
  var list = document.getElementById('events');
  if (!list || !window.EventSource) return;
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
})();
