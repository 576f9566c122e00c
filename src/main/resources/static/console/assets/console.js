// Every htmx request carries the page's CSRF token; a 401 with HX-Redirect (session ended) goes to sign-in.
document.addEventListener('htmx:configRequest', function (event) {
  var header = document.querySelector('meta[name="_csrf_header"]');
  var token = document.querySelector('meta[name="_csrf"]');
  if (header && token) {
    event.detail.headers[header.content] = token.content;
  }
});
document.addEventListener('htmx:beforeSwap', function (event) {
  if (event.detail.xhr.status === 401) {
    event.detail.shouldSwap = false;
  }
});

// A form sent after the session ended is not lost: forms marked data-keep store what was typed (never passwords,
// hidden fields or fields marked data-no-keep) in this tab's sessionStorage when sent; a page that confirms a
// change (#done) or otherwise answers the form ([data-answered], e.g. a preview) clears it; the same form on a later
// page without errors gets it back, with a notice.
(function () {
  var PREFIX = 'hub-form:';
  function keepable(field) {
    return field.name && field.type !== 'password' && field.type !== 'hidden' && field.type !== 'file'
      && !field.hasAttribute('data-no-keep') && !field.readOnly;
  }
  document.addEventListener('submit', function (event) {
    var form = event.target;
    // getAttribute: a field named "id" shadows form.id
    var formId = form.getAttribute && form.getAttribute('id');
    if (!formId || !form.hasAttribute('data-keep')) { return; }
    var values = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (keepable(field)) { values[field.name + '#' + (field.id || '')] = field.value; }
    });
    try { sessionStorage.setItem(PREFIX + formId, JSON.stringify(values)); } catch (e) { /* storage full or off */ }
  }, true);
  document.addEventListener('DOMContentLoaded', function () {
    var confirmed = document.getElementById('done') !== null || document.querySelector('[data-answered]') !== null;
    var refused = document.querySelector('[role=alert]') !== null;
    Object.keys(sessionStorage).filter(function (key) { return key.indexOf(PREFIX) === 0; }).forEach(function (key) {
      var form = document.getElementById(key.substring(PREFIX.length));
      if (confirmed || refused) { sessionStorage.removeItem(key); return; }
      if (!form) { return; }
      var values = JSON.parse(sessionStorage.getItem(key) || '{}');
      Array.prototype.forEach.call(form.elements, function (field) {
        var value = values[field.name + '#' + (field.id || '')];
        if (keepable(field) && value !== undefined) { field.value = value; }
      });
      sessionStorage.removeItem(key);
      var notice = document.getElementById('restored');
      if (notice) { notice.hidden = false; }
    });
  });
})();
