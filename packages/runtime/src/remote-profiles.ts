// The main thread's goroutine and custom profiles as seen from fluoro/listen's worker:
// listed and rendered on the main thread through Runtime.evaluate.

import { decodeProfile } from '@fluoro/profile';
import type { InspectorChannel } from './channel.js';
import type { LabelSpan } from './labels.js';
import { hookExpression, type RenderedProfile } from './thread-profiles.js';
import { writeAll, type PprofProfile } from './registry.js';

async function evaluate<T>(channel: InspectorChannel, expression: string): Promise<T> {
  const reply = await channel.post<{ result: { value?: T }; exceptionDetails?: { text: string } }>('Runtime.evaluate', {
    expression,
    returnByValue: true,
    silent: true,
  });
  if (reply.exceptionDetails) throw new Error(`reading the main thread's profiles: ${reply.exceptionDetails.text}`);
  return reply.result.value as T;
}

/** remoteLabelSpans reads the main thread's label spans between two times. */
export async function remoteLabelSpans(channel: InspectorChannel, fromMicros: number, toMicros: number): Promise<LabelSpan[]> {
  return (await evaluate<LabelSpan[] | null>(channel, hookExpression(`spans(${fromMicros}, ${toMicros})`))) ?? [];
}

/** remoteRecordSpans turns the main thread's label span recording on or off (nothing happens if it has no labels yet). */
export async function remoteRecordSpans(channel: InspectorChannel, on: boolean): Promise<void> {
  await evaluate<null>(channel, hookExpression(`recordSpans(${on})`));
}

/** remoteThreadProfiles lists the main thread's goroutine and custom profiles as profiles this thread can write. */
export async function remoteThreadProfiles(channel: InspectorChannel): Promise<PprofProfile[]> {
  const list = (await evaluate<{ name: string; count: number; delta: boolean }[] | null>(channel, hookExpression('list()'))) ?? [];
  return list.map(({ name, count, delta }) => {
    const render = async (debug: number) => {
      const out = await evaluate<RenderedProfile | null>(channel, hookExpression(`render(${JSON.stringify(name)}, ${debug})`));
      if (out === null) throw new Error(`profile ${name} disappeared`);
      return 'text' in out ? out.text : Buffer.from(out.base64, 'base64');
    };
    const profile: PprofProfile = {
      name,
      count: () => count,
      async writeTo(stream, options = {}) {
        await writeAll(stream, await render(Number(options.debug ?? 0)));
      },
    };
    if (delta) profile.collect = async () => decodeProfile((await render(0)) as Buffer);
    return profile;
  });
}
