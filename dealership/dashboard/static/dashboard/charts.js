/* Dashboard charts (Chart.js, served locally from static/vendor/chartjs). */
(function () {
  "use strict";
  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  var palette = ["#0d6efd", "#20c997", "#fd7e14", "#6f42c1", "#dc3545"];
  var trend = data("trend-data");
  var trendCanvas = document.getElementById("trend-chart");
  if (trend && trendCanvas && window.Chart) {
    new window.Chart(trendCanvas, {
      type: "line",
      data: {
        labels: trend.labels,
        datasets: trend.datasets.map(function (set, i) {
          return { label: set.label, data: set.data, borderColor: palette[i % palette.length],
                   backgroundColor: palette[i % palette.length], tension: 0.2 };
        })
      },
      options: { responsive: true, maintainAspectRatio: false,
                 scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  var funnel = data("funnel-data");
  var funnelCanvas = document.getElementById("funnel-chart");
  if (funnel && funnelCanvas && window.Chart) {
    new window.Chart(funnelCanvas, {
      type: "bar",
      data: { labels: funnel.labels,
              datasets: [{ data: funnel.data, backgroundColor: palette }] },
      options: { indexAxis: "y", responsive: true, maintainAspectRatio: false,
                 plugins: { legend: { display: false } },
                 scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
})();
