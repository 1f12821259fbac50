// The app page's trends: p95 and throughput per run (uPlot), with the baseline each run compared with and the
// current baseline's band. The same figures are in a table next to each chart for readers without JavaScript.
(function () {
  function draw(el) {
    var d = JSON.parse(el.dataset.series); // [x, p95, throughput, baseP95, bandLow, bandHigh]
    var hasBand = d[4].some(function (v) { return v !== null; });
    var opts = {
      width: Math.min(el.clientWidth || 900, 1000), height: 260,
      series: [
        {},
        { label: 'p95 ms', stroke: '#0969da', width: 2, scale: 'ms' },
        { label: 'throughput req/s', stroke: '#8250df', width: 1, scale: 'rps' },
        { label: 'baseline p95 ms', stroke: '#57606a', dash: [6, 4], scale: 'ms' },
        { label: 'band low', stroke: 'rgba(26,127,55,0.35)', scale: 'ms', show: hasBand },
        { label: 'band high', stroke: 'rgba(26,127,55,0.35)', scale: 'ms', show: hasBand }
      ],
      bands: hasBand ? [{ series: [5, 4], fill: 'rgba(26,127,55,0.12)' }] : [],
      axes: [{}, { scale: 'ms', label: 'ms' }, { scale: 'rps', side: 1, label: 'req/s', grid: { show: false } }]
    };
    new uPlot(opts, d, el);
  }
  document.querySelectorAll('.trend[data-series]').forEach(draw);
})();
