/* Small client helpers of the Cairn console. */

/* Remember this page, so that signing in again (e.g. after the session expired) comes back to it. */
document.cookie = 'cairn-return=' + encodeURIComponent(window.location.pathname + window.location.search)
    + '; path=' + window.location.pathname.substring(0, window.location.pathname.indexOf('/', 1))
    + '; max-age=86400; SameSite=Lax';

/* An ajax request of an expired session is sent to the sign-in page, which an XHR cannot show:
   reload the page instead, which signs in and comes back here. */
if (window.jQuery) {
  jQuery(document).on('pfAjaxError', function (event, xhr) {
    if (!xhr || xhr.status === 0 || xhr.status === 302 || xhr.status === 401) {
      window.location.reload();
    }
  });
}
window.cairnConsole = {
  /** Opens the same page for another tenant. */
  switchTenant: function (slug) {
    var params = new URLSearchParams(window.location.search);
    params.set('t', slug);
    window.location.search = params.toString();
  },

  /**
   * Marks schema errors in a Monaco editor widget from the JSON in the data-markers attribute
   * of the element with class schema-markers: [{line, column, message}].
   */
  markSchema: function (widgetVar) {
    var holder = document.querySelector('.schema-markers');
    var widget = PF(widgetVar);
    if (!holder || !widget || !window.monaco) {
      return;
    }
    var found = JSON.parse(holder.getAttribute('data-markers') || '[]');
    widget.tryWithMonaco(function (editor) {
      var model = editor.getModel();
      var markers = found.map(function (e) {
        var line = Math.min(Math.max(e.line, 1), model.getLineCount());
        var column = Math.max(e.column, 1);
        var word = model.getWordAtPosition({lineNumber: line, column: column});
        return {
          severity: monaco.MarkerSeverity.Error,
          message: e.message,
          startLineNumber: line,
          startColumn: column,
          endLineNumber: line,
          endColumn: word ? word.endColumn : model.getLineMaxColumn(line)
        };
      });
      monaco.editor.setModelMarkers(model, 'cairn', markers);
    }, undefined);
  },

  /** Labels the hidden field in which a Monaco editor widget submits its value. */
  labelValueField: function (widgetVar, label) {
    var widget = PF(widgetVar);
    if (widget && widget.jq) {
      widget.jq.find('textarea[id$="_input"]').attr('aria-label', label);
    }
  },

  /** Moves the editor's cursor to a line and column (from the error list). */
  reveal: function (widgetVar, line, column) {
    PF(widgetVar).tryWithMonaco(function (editor) {
      editor.setPosition({lineNumber: line, column: column});
      editor.revealLineInCenter(line);
      editor.focus();
    }, undefined);
  }
};
