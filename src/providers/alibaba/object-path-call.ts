// What the Alibaba Cloud purge adapters (DCDN, Edge Routine, ESA) share on the wire: the URL list
// checks, the DCDN ObjectType names, and calls that send their parameters in a signed form body and
// fall back to the query string when the gateway does not read the body.
import type * as z from 'zod/mini'
import type { ObjectType, Operation } from '../../model.js'
import { hasControlCharacter } from '../signing-encoding.js'
import { ProviderError, silentLogger, type Logger } from '../provider.js'
import { callRpc, type ParamPlacement, type RpcClientOptions, type RpcResult } from './rpc.js'

/** The ObjectType values of RefreshDcdnObjectCaches and RefreshErObjectCaches that we send. */
export type DcdnObjectType = 'File' | 'Directory' | 'IgnoreParams'

/** A permanent error for something the provider (or this adapter) cannot do. */
export function unsupported(message: string): ProviderError {
  return new ProviderError({ code: 'Unsupported', errorClass: 'permanent', message })
}

/**
 * The DCDN ObjectType for one of our object types (providers.md §2.1, §3): `file` → File,
 * `directory` → Directory, `ignore-params` → IgnoreParams. Anything else (a VOD `asset`) is a
 * permanent `Unsupported` error.
 */
export function dcdnObjectType(objectType: ObjectType): DcdnObjectType {
  switch (objectType) {
    case 'file':
      return 'File'
    case 'directory':
      return 'Directory'
    case 'ignore-params':
      return 'IgnoreParams'
    default:
      throw unsupported(`Alibaba Cloud cannot refresh ${objectType} objects.`)
  }
}

/**
 * Refuses, before anything is sent, an empty list and any URL holding a line break or other control
 * character: in a `\n`-separated ObjectPath such a character could split one URL into two or
 * smuggle in another (and no URL the pipeline produces contains one).
 */
export function checkUrlList(operation: Operation, urls: readonly string[]): void {
  if (urls.length === 0) {
    throw new ProviderError({
      code: 'EmptyRequest',
      errorClass: 'permanent',
      message: `No URLs to ${operation}.`
    })
  }
  const bad = urls.findIndex(hasControlCharacter)
  if (bad >= 0) {
    throw new ProviderError({
      code: 'InvalidUrl',
      errorClass: 'permanent',
      message: `URL ${bad + 1} of ${urls.length} contains a line break or other control character, which would corrupt the ObjectPath list: ${JSON.stringify(urls[bad])}`
    })
  }
}

/**
 * The URLs of an ignore-params refresh as Alibaba wants them: "submit the URL with its parameters
 * removed" (RefreshDcdnObjectCaches / RefreshErObjectCaches docs, IgnoreParams). Drops everything
 * from the first `?` (and any `#`), then duplicates, keeping first-seen order.
 */
export function withoutQuery(urls: readonly string[]): string[] {
  return [...new Set(urls.map(url => url.replace(/[?#].*$/s, '')))]
}

/**
 * Whether an error says the server did not see a parameter we sent. That is how a gateway that only
 * reads RPC parameters from the query string would answer a form body (UNCONFIRMED for DCDN and ESA
 * under V3: the official SDKs always use the query string).
 */
export function isMissingSentParameter(err: unknown, sent: readonly string[]): boolean {
  if (!(err instanceof ProviderError) || err.errorClass !== 'permanent') return false
  if (err.code.startsWith('MissingParameter')) return true
  if (sent.some(name => err.code === `Missing${name}`)) return true
  return (
    sent.some(name => err.message.includes(name)) &&
    /missing|required|mandatory|not supplied/i.test(err.message)
  )
}

export interface ObjectPathCallerOptions {
  /** API version sent with every call, e.g. 2018-01-15 (DCDN, Edge Routine) or 2024-09-10 (ESA). */
  version: string
  /** Product name for the log line, e.g. "DCDN". */
  product: string
  logger?: Logger
  /** Where the first call puts its parameters; default `body`. */
  placement?: ParamPlacement
}

export interface ObjectPathCaller {
  /** One signed call; parameters in the form body until the server shows it ignores bodies. */
  call<T>(
    action: string,
    params: Readonly<Record<string, string>>,
    schema: z.ZodMiniType<T>
  ): Promise<RpcResult<T>>
  /** Where the next call puts its parameters. */
  placement(): ParamPlacement
}

/**
 * Calls that send their parameters in a signed form body, which keeps up to 1,000 long URLs out of
 * the request line. Whether the gateway reads a V3 form body is UNCONFIRMED (providers.md §1.1, §7
 * item 1), so the first "missing parameter" answer to a body moves this caller to the query string
 * (as the official SDKs send it) for the rest of its life, and the call is repeated there once.
 */
export function createObjectPathCaller(
  rpc: RpcClientOptions,
  options: ObjectPathCallerOptions
): ObjectPathCaller {
  const logger = options.logger ?? rpc.logger ?? silentLogger
  let placement: ParamPlacement = options.placement ?? 'body'

  return {
    placement: () => placement,
    async call<T>(
      action: string,
      params: Readonly<Record<string, string>>,
      schema: z.ZodMiniType<T>
    ): Promise<RpcResult<T>> {
      const used = placement
      try {
        return await callRpc(
          rpc,
          { action, version: options.version, params, placement: used },
          schema
        )
      } catch (err) {
        const sent = Object.keys(params)
        // Without parameters nothing travels in a body, so there is nothing to move.
        if (used !== 'body' || sent.length === 0 || !isMissingSentParameter(err, sent)) throw err
        if (placement === 'body') {
          placement = 'query'
          logger.warning(
            `${action}: ${options.product} did not read parameters from the form body (${(err as ProviderError).code}); sending them in the query string from now on.`
          )
        }
        return await callRpc(
          rpc,
          { action, version: options.version, params, placement: 'query' },
          schema
        )
      }
    }
  }
}
