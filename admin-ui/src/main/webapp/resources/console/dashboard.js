/*
 * The dashboard's live figures: the server pushes them over the Faces WebSocket (f:websocket,
 * channel "figures"); each message names its tenant, so a second dashboard of the same user in
 * another tab ignores figures not meant for it.
 */
var CairnDashboard = {
  onFigures: function (message) {
    var figures = typeof message === "string" ? JSON.parse(message) : message;
    var page = document.getElementById("figures");
    if (!page || page.getAttribute("data-tenant") !== figures.tenant) {
      return;
    }
    var state = document.getElementById("liveState");
    if (figures.ended) {
      state.textContent = "Live figures stopped: " + figures.ended;
      return;
    }
    document.getElementById("summary").textContent = figures.summary;
    Object.keys(figures.charts).forEach(function (id) {
      var widget = PF(id + "Chart");
      if (widget && widget.chart) {
        widget.chart.data = figures.charts[id].data;
        widget.chart.update("none");
      }
    });
    state.textContent = "Live: updated " + new Date().toLocaleTimeString() + " by the server.";
  },
  onClose: function (code) {
    var state = document.getElementById("liveState");
    if (state && code !== 1000) {
      state.textContent = "Live figures disconnected; reload the page to resume.";
    }
  }
};
