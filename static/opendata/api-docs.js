// Swagger UI for the API's documentation page (templates/opendata/api_docs.html),
// from a file rather than inline, so that the page works under the portal's
// Content-Security-Policy. No validator badge: it would load an image from
// validator.swagger.io.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.ui = window.SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
})();
