import express, { Router } from 'express';
// The package's main file loads the whole 1 MB bundle into the gateway; only its path is needed.
import absolutePath from 'swagger-ui-dist/absolute-path.js';

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Marquee API</title>
  <link rel="stylesheet" href="./swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="./swagger-ui-bundle.js"></script>
  <script src="./marquee-docs.js"></script>
</body>
</html>
`;

/**
 * Swagger UI from the `swagger-ui-dist` files, pointed at the merged document. The start-up script
 * is a file, not inline, so the default Content-Security-Policy (`script-src 'self'`) holds.
 */
export function swaggerUi(documentUrl: string): Router {
  const router = Router();
  const init = `window.ui = SwaggerUIBundle({ url: ${JSON.stringify(documentUrl)}, dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true });\n`;
  router.get('/', (req, res) => {
    // Relative asset URLs need the trailing slash.
    if (!req.originalUrl.split('?')[0]!.endsWith('/')) return res.redirect(301, `${req.baseUrl}/`);
    res.type('html').send(page);
  });
  router.get('/marquee-docs.js', (_req, res) => void res.type('application/javascript').send(init));
  router.use(express.static(absolutePath(), { index: false, maxAge: '1h' }));
  return router;
}
