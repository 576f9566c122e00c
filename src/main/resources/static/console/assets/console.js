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
