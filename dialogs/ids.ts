/**
 * Every node id of the flows, by flow file. A node's id, every `next`, every redirect and every role
 * is typed as a {@link NodeId}, so a misspelt or removed id is a compile error. Renaming one: change
 * it here, raise the flows' version and add the old id to the migration table (dialogs/index.ts).
 */
export const NODE_IDS = {
  menu: ['menu', 'hervat', 'mijn', 'stop.bevestig', 'acuut', 'fu.q5'],
  context: ['ctx.acuut', 'ctx.sector', 'ctx.betreft', 'ctx.slachtoffer', 'ctx.client', 'mw.route'],
  signalen: ['s1.leeftijd', 's1.vormen', 's1.nieuwkomer', 's1.expert', 's1.signalen', 's1.feiten', 's1.bron', 's1.normen', 's1.stressoren', 's1.interpretatie'],
  kindcheck: ['kc.mantelzorg', 'kc.kinderen', 'kc.navragen', 'kc.waar', 'kc.veilig'],
  overleg: ['s2.advies', 's2.wie', 's2.knmgReden', 's2.wanneer', 's2.uitkomst'],
  gesprek: ['s3.nieuwkomer', 's3.keuze', 's3.overslaan', 's3.overslaanToelichting', 's3.gevoerd', 's3.waar', 's3.luisteren', 's3.oplossingen', 's3.tolk', 's3.met', 's3.reactie', 's3.inbreng'],
  afwegingskader: [
    'afw.q1',
    'afw.q2',
    'afw.q3',
    'afw.q4',
    'afw.q5',
    'afw.gebonden',
    'afw.correctie',
    'afw.steun',
    'afw.besluit',
    'afw.afwijking',
    'afw.toelichting',
    'afw.informeren',
    'afw.nietInformerenGrond',
    'afw.nietInformeren',
  ],
  melding: ['mld.gedaan', 'mld.wanneer', 'mld.datum', 'mld.afspraken', 'mld.terugkoppeling', 'mld.vt'],
  stap0: ['s0.ouder', 's0.kind', 's0.gezin', 's0.leef', 's0.bescherm', 's0.uitkomst'],
  uitleg: ['uitleg'],
  kinderen: ['sk.criteria', 'sk.feiten', 'sk.medewerker', 'sk.vervolg'],
} as const;

/** The id of a node of the flows. */
export type NodeId = (typeof NODE_IDS)[keyof typeof NODE_IDS][number];

export const ALL_NODE_IDS: readonly NodeId[] = Object.values(NODE_IDS).flat();
