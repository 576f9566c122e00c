// The dashboard's chart: records received, quarantined, delivered and dead-lettered per time bucket, from
// /console/dashboard/series, redrawn every data-refresh seconds.
(function () {
  var canvas = document.getElementById('traffic-chart');
  if (!canvas || typeof Chart === 'undefined') {
    return;
  }
  var data = canvas.dataset;
  var outcomes = [
    ['received', data.labelReceived, '#2f6fbf'],
    ['quarantined', data.labelQuarantined, '#c98a00'],
    ['delivered', data.labelDelivered, '#2e8b57'],
    ['deadLettered', data.labelDeadLettered, '#c0392b']
  ];
  var chart = new Chart(canvas, {
    type: 'bar',
    data: { labels: [], datasets: outcomes.map(function (o) {
      return { label: o[1], data: [], backgroundColor: o[2] };
    }) },
    options: { animation: false, responsive: true, maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
  function load() {
    fetch(data.series, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (series) {
        if (!series) { return; }
        chart.data.labels = series.labels;
        outcomes.forEach(function (o, i) { chart.data.datasets[i].data = series[o[0]]; });
        chart.update();
        canvas.dataset.loaded = String(Date.now());
      });
  }
  load();
  setInterval(load, Math.max(2, Number(data.refresh || 10)) * 1000);
})();
