/** Drives the assistant through the Gateway (engine + lead actions), as a channel would, picking options by label. */
import type { Gateway } from '../../src/app/gateway.js';
import type { Input, Prompt, QuestionPrompt } from '../../src/engine/types.js';
import type { Lang } from '../../src/domain/types.js';

export class GatewayUser {
  prompts: Prompt[] = [];

  constructor(
    private readonly gateway: () => Gateway,
    readonly key: string,
    private readonly lang: Lang = 'nl',
  ) {}

  async send(input: Input): Promise<this> {
    this.prompts = (await this.gateway().handle(this.key, input, this.lang)).prompts;
    return this;
  }

  say(text: string): Promise<this> {
    return this.send({ type: 'text', text });
  }

  question(): QuestionPrompt {
    const q = [...this.prompts].reverse().find((p): p is QuestionPrompt => 'promptId' in p);
    if (!q) throw new Error(`No question in ${JSON.stringify(this.prompts).slice(0, 500)}`);
    return q;
  }

  node(): string {
    return this.question().promptId.split('#')[0] ?? '';
  }

  text(): string {
    return JSON.stringify(this.prompts);
  }

  /** Answers the current question with the options whose labels contain `labels` (or '' for an empty text/multi). */
  async pick(...labels: string[]): Promise<this> {
    const q = this.question();
    const options =
      q.kind === 'yesno' ? [{ value: 'ja', label: q.yesLabel }, { value: 'nee', label: q.noLabel }, ...(q.extra ?? [])] : q.kind === 'choice' || q.kind === 'multi' ? q.options : [];
    const values = labels.map((l) => {
      const want = l.toLowerCase();
      const o = options.find((x) => x.label.toLowerCase() === want) ?? options.find((x) => x.label.toLowerCase().includes(want));
      if (!o) throw new Error(`No option "${l}" in ${q.promptId}: ${options.map((x) => x.label).join(' | ')}`);
      return o.value;
    });
    return this.send({ type: 'answer', promptId: q.promptId, value: q.kind === 'multi' ? values : (values[0] ?? '') });
  }

  empty(): Promise<this> {
    const q = this.question();
    return this.send({ type: 'answer', promptId: q.promptId, value: q.kind === 'multi' ? [] : '' });
  }
}

/** A whole case to a decision; `decision` is the label of the stap 5 choice. */
export async function caseToDecision(u: GatewayUser, decision = 'Hulp bieden of organiseren', q5 = 'Nog niet'): Promise<void> {
  await u.say('hallo');
  if (u.node() === 'hervat') await u.pick('Naar het menu');
  await u.pick('zorgen over een kind');
  await u.pick('Nee');
  await u.pick('Onderwijs');
  await u.pick('thuissituatie');
  await u.pick('Een kind');
  await u.pick('Met het kind');
  await u.pick('4 tot 12');
  await u.pick('Lichamelijke mishandeling');
  await u.pick('Nee'); // s1.nieuwkomer
  await u.empty();
  await u.say('Maandag een blauwe plek op de arm gezien.');
  await u.pick('Eigen waarneming');
  await u.empty();
  await u.pick('vastleggen');
  await u.pick('Een collega');
  await u.say('vandaag');
  await u.say('Met ouders praten.');
  await u.pick('voer het gesprek');
  await u.pick('Ja');
  await u.pick('bij mijn organisatie');
  await u.pick('Ja'); // s3.luisteren
  await u.pick('Ja'); // s3.oplossingen
  await u.pick('Ouder');
  await u.say('Vader gaf uitleg; afspraak over hulp.');
  await u.empty(); // s3.inbreng
  await u.pick('Overleg met Veilig Thuis'); // afw.steun
  for (const a of ['Ja', 'Nee', 'Ja', 'Ja']) await u.pick(a);
  await u.pick(q5);
  await u.pick(decision);
  await u.empty();
  if (u.node() === 'afw.informeren') {
    await u.pick('Ja');
  }
}
