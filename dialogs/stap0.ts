/**
 * Stap 0 — a quick look at risk and protective factors before there is a concrete signal
 * (meldcode-facts §6). Not a validated risk assessment (§6d): it says so every time.
 */
import { defineNodes, type DialogNode, type NodeEnv, type NodeId } from './types.js';
import { list } from './signalen.js';
import { PROTECTIVE_FACTORS, RISK_FACTORS } from '../src/domain/factors.js';
import type { RiskGroup } from '../src/domain/types.js';

const RISK_NODES: { id: NodeId; group: RiskGroup; next: NodeId }[] = [
  { id: 's0.ouder', group: 'ouder', next: 's0.kind' },
  { id: 's0.kind', group: 'kind', next: 's0.gezin' },
  { id: 's0.gezin', group: 'gezin', next: 's0.leef' },
  { id: 's0.leef', group: 'leefomstandigheden', next: 's0.bescherm' },
];

export function stap0Selection(env: NodeEnv) {
  const risks = RISK_NODES.flatMap((n) => list(env.a[n.id]));
  return {
    risks: RISK_FACTORS.filter((f) => risks.includes(f.id)),
    protective: PROTECTIVE_FACTORS.filter((f) => list(env.a['s0.bescherm']).includes(f.id)),
  };
}

function stap0Ids(env: NodeEnv): { risks: string[]; protective: string[] } {
  const { risks, protective } = stap0Selection(env);
  return { risks: risks.map((f) => f.id), protective: protective.map((f) => f.id) };
}

function overview(env: NodeEnv): string {
  const { risks, protective } = stap0Selection(env);
  const weighty = risks.filter((f) => f.weighty);
  const lines = [
    env.t('s0.uitkomst.counts', { risks: risks.length, protective: protective.length }),
    risks.length ? `${env.t('s0.uitkomst.risks')}\n${risks.map((f) => `• ${env.text(f.text)}`).join('\n')}` : env.t('s0.uitkomst.noRisks'),
    protective.length
      ? `${env.t('s0.uitkomst.protective')}\n${protective.map((f) => `• ${env.text(f.text)}`).join('\n')}`
      : env.t('s0.uitkomst.noProtective'),
  ];
  if (weighty.length) lines.push(env.t('s0.uitkomst.weighty'));
  lines.push(env.t('s0.uitkomst.balance'));
  return lines.join('\n\n');
}

const riskNodes: DialogNode[] = RISK_NODES.map((n, i) => ({
  id: n.id,
  section: 'stap0',
  field: n.id,
  intro: i === 0 ? (env: NodeEnv) => [{ kind: 'info', tone: 'warning', title: env.t('s0.intro.title'), text: env.t('s0.intro.text') }] : undefined,
  ask: (env: NodeEnv) => ({
    kind: 'multi',
    question: env.t(`s0.${n.group}.question`),
    help: env.t('s0.none.help'),
    minSelected: 0,
    options: RISK_FACTORS.filter((f) => f.group === n.group).map((f) => ({ value: f.id, label: env.text(f.text) })),
  }),
  onAnswer: () => ({ next: n.next }),
}));

/**
 * Stap 0 runs without a case: its answers are shown in its own outcome and reach a case only as the
 * dossier's note, never as answer fields of a summary or a dossier.
 */
export const STAP0_CASELESS_FIELDS: readonly string[] = [...RISK_NODES.map((n) => n.id), 's0.bescherm'];

export const STAP0_NODES = defineNodes([
  ...riskNodes,
  {
    id: 's0.bescherm',
    section: 'stap0',
    field: 's0.bescherm',
    ask: (env) => ({
      kind: 'multi',
      question: env.t('s0.bescherm.question'),
      help: env.t('s0.none.help'),
      minSelected: 0,
      options: PROTECTIVE_FACTORS.map((f) => ({ value: f.id, label: env.text(f.text) })),
    }),
    onAnswer: () => ({ next: 's0.uitkomst' }),
  },
  {
    id: 's0.uitkomst',
    section: 'stap0',
    intro: (env) => [
      { kind: 'info', tone: 'normal', title: env.t('s0.uitkomst.title'), text: overview(env) },
      // The ticked factors on a balance, drawn by the app layer (with its text alternative).
      { kind: 'picture', picture: { of: 'stap0', ...stap0Ids(env) } },
      { kind: 'info', tone: 'normal', title: env.t('s0.advies.title'), text: env.t('s0.advies.text') },
      { kind: 'info', tone: 'warning', text: env.t('s0.intro.disclaimer') },
      ...(env.socialMap ? [{ kind: 'info' as const, tone: 'normal' as const, title: env.t('socialMap.title'), text: env.socialMap }] : []),
    ],
    ask: (env) => ({
      kind: 'choice',
      question: env.t('s0.uitkomst.question'),
      options: [
        { value: 'meldcode', label: env.t('s0.uitkomst.opt.meldcode') },
        { value: 'menu', label: env.t('nav.menu') },
      ],
    }),
    onAnswer: (value, env) => {
      if (value !== 'meldcode') return { next: 'menu', actions: [{ kind: 'resetScratch' }] };
      const { risks, protective } = stap0Selection(env);
      return {
        next: 'ctx.acuut',
        actions: [{ kind: 'newCase' }],
        // Carried into the new case so the dossier shows what the quick check found.
        record: [{ type: 'note', data: { stap0: { risico: risks.map((f) => f.id), bescherming: protective.map((f) => f.id) } } }],
      };
    },
  },
]);
