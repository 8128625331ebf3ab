// Embedding (embed.graphql): every entry's card, resolved once on the Entry interface.
import type { MlModelResolvers } from '../generated/graphql';
import { embedFor } from '../web/embed';

export const entryEmbedField: MlModelResolvers = {
  embed: (entry, args, ctx) => embedFor(ctx.publicUrl, entry, args),
};
