/**
 * One-time downloads (a dossier, the figures' PDF and CSV) and the pictures' served URLs: the page a link
 * opens, the download on the person's own click, and a small page in the reader's language for a link that
 * was used or has expired.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { LeadService } from '../cases/lead.js';
import type { Lang } from '../domain/types.js';
import type { Translator } from '../i18n/index.js';
import type { Pictures } from './pictures.js';

/** The page that a dossier link opens: the download happens only on the person's own click (a POST). */
const EXPORT_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function exportPage(lang: Lang, what: 'dossier' | 'figures', t: (key: string) => string): string {
  const e = (key: string) => escapeHtml(t(key));
  const title = what === 'figures' ? e('figures.download.pageTitle') : e('lead.export.pageTitle');
  return (
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${title}</title></head>` +
    `<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem">` +
    `<h1>${title}</h1><p>${e('lead.export.pageText')}</p>` +
    `<form method="post"><button type="submit">${e('lead.export.pageButton')}</button></form></body></html>`
  );
}

/**
 * What a used or expired download link answers: a small page in the reader's language (the link no longer
 * says whose it was), saying what happened and how to get a new one. Nothing else: no case, no error detail.
 */
function gonePage(lang: Lang, t: (key: string) => string): string {
  const e = (key: string) => escapeHtml(t(key));
  return (
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${e('lead.export.goneTitle')}</title></head>` +
    `<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">` +
    `<main><h1>${e('lead.export.goneTitle')}</h1><p>${e('lead.export.gone')}</p><p>${e('lead.export.goneNext')}</p></main></body></html>`
  );
}

/**
 * One-time dossier downloads (the link is the credential: random, single use, 10 minutes).
 * GET (and so HEAD) only shows a page with a button: link scanners, Safe Links and chat previews
 * fetch the link, and must not use it up. The download is the button's POST.
 */
export function exportRoutes(lead: LeadService, pictures: Pictures, translator: Translator, orgLang: Lang): Router {
  const router = express.Router();
  const gone = (res: Response) => {
    res.status(404).setHeader('Cache-Control', 'no-store');
    res.type('text/plain; charset=utf-8').send(translator.t(orgLang, 'lead.export.gone'));
  };
  // A spent link opened by a person: the page in the language their browser asks for (else the organisation's).
  const goneLink = (req: Request, res: Response) => {
    const lang: Lang = req.acceptsLanguages(orgLang, orgLang === 'nl' ? 'en' : 'nl') === 'en' ? 'en' : 'nl';
    res.status(404).setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Security-Policy', EXPORT_PAGE_CSP);
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type('text/html; charset=utf-8').send(gonePage(lang, (key) => translator.t(lang, key)));
  };
  router.get('/export/:token', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const pending = await lead.exportPending(String(req.params.token));
      if (!pending) return goneLink(req, res);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Security-Policy', EXPORT_PAGE_CSP);
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.type('text/html; charset=utf-8').send(exportPage(pending.lang, pending.what, (key) => translator.t(pending.lang, key)));
    } catch (err) {
      next(err);
    }
  });
  router.post('/export/:token', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const file = await lead.download(String(req.params.token));
      if (!file) return goneLink(req, res);
      res.setHeader('Content-Type', file.contentType);
      res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.send(file.body);
    } catch (err) {
      next(err);
    }
  });
  // The pictures in cards (app/pictures.ts): fetched by Teams clients and Slack's servers, so no page in between.
  router.get('/pictures/:file', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const png = await pictures.png(String(req.params.file).replace(/\.png$/, ''));
      if (!png) return gone(res);
      res.setHeader('Cache-Control', 'private, max-age=3600');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.type('image/png').send(png);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
