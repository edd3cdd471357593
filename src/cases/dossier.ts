/**
 * The dossier export (src/cases/dossier/): build.ts lays a case's log out along the meldcode's
 * record-keeping points, markdown.ts and pdf.ts render it. Field labels and sections come from the
 * answer-field registry (dialogs/fields.ts), the dossier's own texts from `dossier.*` in the locales.
 */
export { buildDossier, fieldLabel, REDACTION_REASONS, type RedactionReason } from './dossier/build.js';
export { redactionMarker } from './dossier/describe.js';
export { dossierMarkdown } from './dossier/markdown.js';
export { dossierPdf } from './dossier/pdf.js';
export { dossierText, type Dossier, type DossierRequest, type DossierRole } from './dossier/writer.js';
export { FREE_TEXT_FIELDS } from '../../dialogs/index.js';
