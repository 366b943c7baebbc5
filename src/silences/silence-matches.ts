/** The silence matching rule of the noise filter, so a dry run shows exactly what the filter would suppress. */
export { silenceMatches } from '../../agents/lib/silence-match.js';
