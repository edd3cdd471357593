/**
 * The channels, in the order their routes are mounted. A new channel is a folder exporting one
 * ChannelFactory (see port.ts) and one entry here. The web chat comes last: its headers and
 * checks apply to every request that no channel before it answered.
 */
import type { ChannelFactory } from './port.js';
import { slackChannel } from './slack/index.js';
import { teamsChannel } from './teams/index.js';
import { webChannel } from './web/index.js';

export const CHANNELS: readonly ChannelFactory[] = [teamsChannel, slackChannel, webChannel];

export type { Channel, ChannelContext, ChannelFactory, ChannelOptions } from './port.js';
