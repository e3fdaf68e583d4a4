// Source maps that exist only in the profiled thread's memory. A loader such
// as tsx compiles TypeScript in memory and registers the map with Node, so
// V8's positions refer to code that is on no disk. fluoro/listen converts
// profiles on its own worker thread, which cannot see the main thread's
// module maps; it asks for them through the inspector channel it already
// has, once per script, before converting a profile that names one.

import type { InspectorChannel } from './channel.js';
import { sharedMapper } from './frames.js';
import type { CallFrame, HeapNode } from './v8-types.js';

// Runs on the profiled thread. The command-line API's require works in ES
// module apps too; sourcesContent is dropped since the mapper never reads it.
function mapExpression(url: string): string {
  return `(() => { const m = require('node:module').findSourceMap(${JSON.stringify(url)});
    return m ? JSON.stringify({ ...m.payload, sourcesContent: undefined }) : null; })()`;
}

/** learnLoaderMaps fetches, for the scripts a V8 profile names, the maps only the profiled thread holds. */
export async function learnLoaderMaps(channel: InspectorChannel, profile: { nodes: { callFrame: CallFrame }[] } | { head: HeapNode }): Promise<void> {
  const mapper = sharedMapper();
  if (mapper === undefined) return;
  const urls = new Set<string>();
  if ('nodes' in profile) {
    for (const n of profile.nodes) urls.add(n.callFrame.url);
  } else {
    const walk = [profile.head];
    while (walk.length > 0) {
      const n = walk.pop()!;
      urls.add(n.callFrame.url);
      walk.push(...n.children);
    }
  }
  for (const url of urls) {
    if (!mapper.wantsLoaderMap(url)) continue;
    try {
      const reply = await channel.post<{ result: { value?: string | null } }>('Runtime.evaluate', {
        expression: mapExpression(url),
        includeCommandLineAPI: true,
        returnByValue: true,
        silent: true,
      });
      const json = reply.result.value;
      if (typeof json === 'string') mapper.addLoaderMap(url, JSON.parse(json));
    } catch {
      // Without the map the profile still names the file and function.
    }
  }
}
