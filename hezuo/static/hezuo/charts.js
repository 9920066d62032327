/* Zone dashboard charts: every <canvas data-chart="ID"> is drawn from the JSON in <script id="ID">
   ({type, horizontal, labels, unit, datasets: [{label, data, urls, color}]}); clicking a bar opens
   the list of the projects behind it (the dataset's url at that index). */
(function () {
  "use strict";
  function draw(canvas) {
    var spec = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
    var horizontal = !!spec.horizontal;
    var valueAxis = horizontal ? "x" : "y";
    var scales = {};
    scales[valueAxis] = {
      beginAtZero: true,
      title: { display: !!spec.unit, text: spec.unit },
      ticks: { precision: 0 },
      grid: { color: "rgba(0,0,0,.06)" }
    };
    scales[horizontal ? "y" : "x"] = { grid: { display: false }, ticks: { autoSkip: !horizontal } };
    var chart = new Chart(canvas, {
      type: spec.type || "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (d) {
          return {
            label: d.label, data: d.data, urls: d.urls,
            backgroundColor: d.color, borderColor: d.color,
            borderRadius: 3, maxBarThickness: 34
          };
        })
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        scales: scales,
        plugins: {
          legend: { display: spec.datasets.length > 1, position: "bottom", labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              footer: function (items) {
                var item = items[0];
                var url = item && item.dataset.urls[item.dataIndex];
                return url ? canvas.dataset.clickHint || "" : "";
              }
            }
          }
        },
        onHover: function (event, elements) {
          var target = event.native && event.native.target;
          if (!target) { return; }
          var url = elements.length && chart.data.datasets[elements[0].datasetIndex].urls[elements[0].index];
          target.style.cursor = url ? "pointer" : "default";
        },
        onClick: function (event, elements) {
          if (!elements.length) { return; }
          var url = chart.data.datasets[elements[0].datasetIndex].urls[elements[0].index];
          if (url) { window.location.href = url; }
        }
      }
    });
  }
  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
