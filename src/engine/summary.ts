/** The reporter's full case summary and the minimal summary for the aandachtsfunctionaris channel. */
import type { CaseWork, ChannelSummary, Prompt } from './types.js';
import type { CaseMeta } from '../domain/case.js';
import { deviatesFromAdvice } from '../domain/advice.js';
import { formById } from '../domain/forms.js';
import { sectorById } from '../domain/sectors.js';
import { signalText } from '../domain/signals.js';
import type { Localized } from '../domain/types.js';

type T = (key: string, params?: Record<string, unknown>) => string;

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** Minimal, pseudonymous summary: no answers, no free text. */
export function channelSummary(work: CaseWork, reporter: string, outcome?: string, status?: CaseMeta['status']): ChannelSummary {
  const sector = sectorById(String(work.answers.sector ?? ''))?.id;
  const deviation = deviatesFromAdvice(work.answers.advies, work.answers.besluit);
  return {
    caseId: work.id,
    ref: work.ref,
    sector,
    route: work.answers.betreft === 'medewerker' ? 'medewerker' : 'meldcode',
    step: work.step,
    urgency: work.urgent ? 'urgent' : 'normaal',
    outcome,
    ...(status ? { status } : {}),
    ...(deviation ? { deviation } : {}),
    reporter,
  };
}

/** Case meta as stored, derived from the work in progress. */
export function metaOf(work: CaseWork, owner: string, status: CaseMeta['status'], outcome?: string): CaseMeta {
  const s = channelSummary(work, owner, outcome);
  return {
    id: work.id,
    ref: work.ref,
    owner,
    route: s.route,
    sector: s.sector,
    step: work.step,
    status,
    urgency: s.urgency,
    outcome,
    createdAt: work.createdAt,
    updatedAt: work.updatedAt,
  };
}

/** The full summary the reporter sees at the end (and nobody else in a channel). */
export function fullSummary(work: CaseWork, outcome: string, t: T, text: (l: Localized) => string): Prompt {
  const a = work.answers;
  const none = t('common.none');
  const labels = (v: unknown, prefix: string) => asList(v).map((x) => t(`${prefix}.${x}`)).join(', ') || none;
  const item = (label: string, value: string | undefined) => (value === undefined || value === '' ? [] : [{ label: t(label), value }]);
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const yesNo = (v: unknown) => (v === 'ja' ? t('common.yes') : v === 'nee' ? t('common.no') : v === 'later' ? t('afw.q5.opt.later') : undefined);

  const sector = sectorById(String(a.sector ?? ''));
  const sections = [
    {
      heading: t('summary.case'),
      items: [
        ...item('summary.ref', work.ref),
        ...item('summary.sector', sector ? text(sector.text) : undefined),
        ...item('summary.step', String(work.step)),
        ...item('summary.urgency', t(work.urgent ? 'summary.urgent' : 'summary.normal')),
        ...item('summary.outcome', t(`outcome.${outcome}`)),
        ...item('summary.disclosure', a.disclosure === true ? t('common.yes') : undefined),
        ...item('summary.victim', str(a.slachtoffer) && t(`ctx.slachtoffer.opt.${String(a.slachtoffer)}`)),
        ...item('summary.acuteCorrected', str(a.acuutCorrectie)),
      ],
    },
    {
      heading: t('summary.stap1'),
      items: [
        ...item('summary.age', str(a.leeftijd) && t(`age.${String(a.leeftijd)}`)),
        ...item('summary.forms', asList(a.vormen).length ? asList(a.vormen).map((id) => { const f = formById(id); return f ? text(f.text) : id; }).join(', ') : undefined),
        ...item('summary.signals', a.signalen === undefined ? undefined : asList(a.signalen).map((id) => { const s = signalText(id); return s ? text(s) : id; }).join(', ') || none),
        ...item('summary.facts', str(a.feiten)),
        ...item('summary.source', a.bron === undefined ? undefined : labels(a.bron, 's1.bron.opt')),
        ...item('summary.interpretation', str(a.interpretatie)),
      ],
    },
    {
      heading: t('summary.kindcheck'),
      items: [
        ...item('summary.kcChildren', a.kcKinderen === undefined ? undefined : t(`kc.kinderen.opt.${String(a.kcNavragen ?? a.kcKinderen) === 'onduidelijk' ? 'onbekend' : String(a.kcNavragen ?? a.kcKinderen)}`)),
        ...item('summary.kcWhere', str(a.kcWaar)),
        ...item('summary.kcSafe', a.kcVeilig === undefined ? undefined : t(`kc.veilig.opt.${String(a.kcVeilig)}`)),
        ...item('summary.mantelzorg', str(a.mantelzorg) && t(`kc.mantelzorg.opt.${String(a.mantelzorg)}`)),
      ],
    },
    {
      heading: t('summary.stap2'),
      items: [
        ...item('summary.consultWith', a.overlegMet === undefined ? undefined : labels(a.overlegMet, 's2.wie.opt')),
        ...item('summary.consultWhen', str(a.overlegWanneer)),
        ...item('summary.consultOutcome', str(a.overlegUitkomst)),
      ],
    },
    {
      heading: t('summary.stap3'),
      items: [
        ...item('summary.newcomer', yesNo(a.nieuwkomer)),
        ...item('summary.skipReason', a.overslaanReden === undefined ? undefined : t(`s3.overslaan.opt.${String(a.overslaanReden)}`)),
        ...item('summary.skipExplanation', str(a.overslaanToelichting)),
        ...item('summary.talkedWith', a.gesprekMet === undefined ? undefined : labels(a.gesprekMet, 's3.met.opt')),
        ...item('summary.reaction', str(a.gesprekReactie)),
      ],
    },
    {
      heading: t('summary.stap4'),
      items: [1, 2, 3, 4, 5].flatMap((n) => item(`summary.afweging${n}`, yesNo(a[`afweging${n}`]))).concat(
        item('summary.advice', str(a.advies) && t(`advice.${String(a.advies)}`)),
      ),
    },
    {
      heading: t('summary.stap5'),
      items: [
        ...item('summary.decision', str(a.besluit) && t(`afw.besluit.opt.${String(a.besluit)}`)),
        ...item('summary.deviation', str(a.afwijkingReden)),
        ...item('summary.decisionNote', str(a.besluitToelichting)),
      ],
    },
    {
      heading: t('summary.melding'),
      items: [
        ...item('summary.informParents', yesNo(a.ouderInformeren)),
        ...item('summary.notInformGround', str(a.nietInformerenGrond) && t(`afw.nietInformerenGrond.opt.${String(a.nietInformerenGrond)}`)),
        ...item('summary.notInformReason', str(a.nietInformerenReden)),
        ...item('summary.meldingDate', str(a.meldingDatum)),
        ...item('summary.meldingAgreements', str(a.meldingAfspraken)),
        ...item('summary.vtFeedback', str(a.vtTerugkoppeling)),
      ],
    },
  ].filter((s) => s.items.length > 0);

  return { kind: 'summary', title: t('summary.title', { ref: work.ref }), sections };
}
