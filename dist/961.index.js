export const id = 961;
export const ids = [961];
export const modules = {

/***/ 1961:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  PREFETCH_SIZE_RANGE: () => (/* binding */ PREFETCH_SIZE_RANGE),
  gcorePath: () => (/* binding */ gcorePath),
  gcoreProvider: () => (/* binding */ gcoreProvider),
  gcoreProviderClient: () => (/* binding */ gcoreProviderClient),
  gcoreSpec: () => (/* binding */ gcoreSpec)
});

// EXTERNAL MODULE: ./node_modules/zod/v4/mini/schemas.js + 5 modules
var schemas = __webpack_require__(8395);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/api.js + 1 modules
var api = __webpack_require__(3305);
// EXTERNAL MODULE: ./src/input-error.ts
var input_error = __webpack_require__(6236);
// EXTERNAL MODULE: ./src/input-fields.ts + 1 modules
var input_fields = __webpack_require__(3681);
// EXTERNAL MODULE: ./src/plural.ts
var plural = __webpack_require__(9133);
// EXTERNAL MODULE: ./src/providers/provider.ts
var provider = __webpack_require__(9545);
// EXTERNAL MODULE: ./src/providers/http.ts
var http = __webpack_require__(4488);
// EXTERNAL MODULE: ./src/providers/retry-after.ts
var retry_after = __webpack_require__(979);
// EXTERNAL MODULE: ./src/providers/signing-encoding.ts
var signing_encoding = __webpack_require__(6439);
// EXTERNAL MODULE: ./src/providers/provider-text.ts
var provider_text = __webpack_require__(3113);
;// CONCATENATED MODULE: ./src/providers/gcore/client.ts
// Gcore CDN (providers.md §6): purge by URL, purge by pattern, prefetch and the account limits of
// one CDN resource, as data and as the wire protocol, independent of the pipeline. Authentication
// is a static API key; nothing is signed.






const GCORE_ENDPOINT = 'https://api.gcore.com';
/** URLs per purge-by-URL request (documented default; `purge_max_urls_limit` per account). */
const PURGE_URLS_PER_REQUEST = 100;
/** Patterns per purge-by-pattern request (documented default; `purge_pattern_limit`). */
const PURGE_PATTERNS_PER_REQUEST = 10;
/** Paths per prefetch request (documented default; `prefetch_pattern_limit`). */
const PREFETCH_PATHS_PER_REQUEST = 100;
/** Purge-by-URL requests per CDN resource per minute. */
const PURGE_URL_REQUESTS_PER_MINUTE = 2;
/** Purge-by-pattern requests per CDN resource per minute (purge-all has its own, also 1). */
const PURGE_PATTERN_REQUESTS_PER_MINUTE = 1;
/** Prefetch requests per CDN resource per minute. */
const PREFETCH_REQUESTS_PER_MINUTE = 1;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const UNIT_MS = {
    s: SECOND,
    sec: SECOND,
    secs: SECOND,
    second: SECOND,
    seconds: SECOND,
    m: MINUTE,
    min: MINUTE,
    mins: MINUTE,
    minute: MINUTE,
    minutes: MINUTE,
    h: HOUR,
    hr: HOUR,
    hrs: HOUR,
    hour: HOUR,
    hours: HOUR,
    d: 24 * HOUR,
    day: 24 * HOUR,
    days: 24 * HOUR
};
// "2", "2/m", "2/min", "2r/m", "2 per minute", "2 requests/minute", "5/10s", "1 per 30 seconds".
const RATE_TEXT = /^(\d+)\s*(?:r|reqs?|requests?)?\s*(?:(?:\/|\bper\b|\ba\b|\bevery\b)\s*(\d+)?\s*([a-z]+))?$/;
// "2 rpm", "1rps".
const RATE_ABBREVIATION = /^(\d+)\s*rp([smhd])$/;
/**
 * The rate in a limits text, e.g. `2/m` → 2 per 60,000 ms. UNCONFIRMED format (providers.md
 * §6.5): Gcore's validation messages are Django REST framework's, whose throttle rates read
 * `<n>/<unit>` (`2/m`, `2/min`, `120/hour`), so that is the likely one; nginx (`2r/m`) and prose
 * (`2 per minute`) forms are read too, and a bare number counts per minute. Anything else, and
 * zero, is null: a caller then keeps the documented limit rather than pacing on a guess.
 */
function parseRate(text) {
    const t = text.trim().toLowerCase();
    const abbreviation = RATE_ABBREVIATION.exec(t);
    const match = abbreviation === null ? RATE_TEXT.exec(t) : null;
    if (abbreviation === null && match === null)
        return null;
    const count = abbreviation?.[1] ?? match?.[1];
    const multiplier = match?.[2];
    const unit = abbreviation?.[2] ?? match?.[3];
    // hasOwn: "2/constructor" must not find Object.prototype's members.
    const unitMs = unit === undefined ? MINUTE : Object.hasOwn(UNIT_MS, unit) ? UNIT_MS[unit] : undefined;
    const requests = Number(count);
    const times = multiplier === undefined ? 1 : Number(multiplier);
    if (unitMs === undefined || !(requests > 0) || !(times > 0))
        return null;
    if (!Number.isSafeInteger(requests) || !Number.isSafeInteger(times))
        return null;
    return { requests, windowMs: times * unitMs };
}
/**
 * Requests per minute in a limits text (`120/h` → 2, `1/s` → 60), or null (see parseRate). May be
 * below 1 (`30/h` → 0.5): a per-minute window cannot pace that, parseRate's window can.
 */
function parseRateLimit(text) {
    const rate = parseRate(text);
    return rate === null ? null : (rate.requests * MINUTE) / rate.windowMs;
}
/** The HTTP request for one call (pure, so tests can check the exact headers). */
function buildGcoreRequest(endpoint, apiKey, call) {
    const base = new URL(endpoint);
    const prefix = base.pathname.replace(/\/+$/, '');
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const headers = {
        authorization: `APIKey ${apiKey}`,
        accept: 'application/json'
    };
    if (body !== undefined)
        headers['content-type'] = 'application/json';
    return { method: call.method, url: `${base.origin}${prefix}${call.path}`, headers, body };
}
/**
 * Removes the API key from text that may reach logs or reports: the whole key, its URL-encoded
 * form, and the secret part after `$` on its own (the digits before it only number the token).
 */
function scrubApiKey(text, apiKey) {
    const secrets = [apiKey, encodeURIComponent(apiKey)];
    const dollar = apiKey.indexOf('$');
    if (dollar >= 0)
        secrets.push(apiKey.slice(dollar + 1));
    let out = text;
    // Longest first, so the whole key is replaced before its secret part could split it.
    for (const secret of secrets.sort((a, b) => b.length - a.length)) {
        if (secret.length >= 4)
            out = out.split(secret).join('[REDACTED]');
    }
    return out;
}
// --- errors --------------------------------------------------------------------------------------
/**
 * Milliseconds to wait before retrying: `retry-after-ms` (the Stainless SDKs' header, preferred
 * over Retry-After as they do, fractions rounded up), else the standard `Retry-After`.
 */
function gcoreRetryAfterMs(headers, nowMs) {
    const ms = headers['retry-after-ms']?.trim();
    if (ms && /^\d+(\.\d+)?$/.test(ms))
        return Math.ceil(Number(ms));
    return (0,retry_after/* retryAfterMs */.V)(headers, nowMs);
}
// Django REST framework's throttling text, a fallback when no header says how long to wait.
const THROTTLE_WAIT = /\bavailable in (\d+) seconds?\b/i;
// `errors` is documented; `message` too (JSON parse errors); `detail` is DRF's default for the
// rest (401, 403, 404, 429). Read loosely: an odd shape must not hide the text it carries.
const errorBodySchema = schemas/* partial */.OH3(schemas/* looseObject */._H3({ errors: schemas/* unknown */.L5J(), message: schemas/* unknown */.L5J(), detail: schemas/* unknown */.L5J() }));
const MAX_ISSUES = 5;
const MAX_ITEM_CHARS = 100;
function quoteItem(item) {
    const short = item.length > MAX_ITEM_CHARS ? `${item.slice(0, MAX_ITEM_CHARS)}…` : item;
    return JSON.stringify(short);
}
/**
 * Gcore's `errors` document as readable lines: `{"paths": ["This field is required."]}` →
 * `paths: This field is required.`; per-item errors, keyed by index, name the item sent.
 */
function flattenGcoreErrors(errors, sent) {
    const out = [];
    const walk = (value, path, field) => {
        const prefix = path === '' ? '' : `${path}: `;
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
            out.push(`${prefix}${String(value)}`);
        }
        else if (Array.isArray(value)) {
            if (value.every(v => typeof v === 'string')) {
                if (value.length > 0)
                    out.push(`${prefix}${value.join(' ')}`);
            }
            else {
                value.forEach((v, i) => walk(v, `${path}[${i}]`, undefined));
            }
        }
        else if (typeof value === 'object' && value !== null) {
            for (const [key, v] of Object.entries(value)) {
                if (key === 'non_field_errors') {
                    walk(v, path, undefined);
                }
                else if (/^\d+$/.test(key)) {
                    const item = field !== undefined && field === sent?.field ? sent.items[+key] : undefined;
                    walk(v, `${path}[${key}]${item === undefined ? '' : ` ${quoteItem(item)}`}`, undefined);
                }
                else {
                    walk(v, path === '' ? key : `${path}.${key}`, path === '' ? key : undefined);
                }
            }
        }
    };
    walk(errors, '', undefined);
    return out;
}
const API_KEY_HINT = 'check `api-key`: it must be a permanent API token of the Gcore account ("<digits>$<secret>"); it may be mistyped, expired or deleted, or a shell or YAML may have expanded the "$" in it';
function codeOf(status, onResource) {
    if (status === 400)
        return 'BadRequest';
    if (status === 401)
        return 'Unauthorized';
    if (status === 403)
        return 'Forbidden';
    if (status === 404)
        return onResource ? 'ResourceNotFound' : 'NotFound';
    if (status === 429)
        return 'TooManyRequests';
    return `HTTP${status}`;
}
function classOf(status, onResource) {
    if (status === 408 || status === 409 || status === 429 || status >= 500)
        return 'retryable';
    if (status === 401 || status === 403)
        return 'auth';
    // The resource is in every purge and prefetch path: if it does not exist, none can succeed.
    if (status === 404 && onResource)
        return 'auth';
    return 'permanent';
}
/** Maps a non-2xx response to a ProviderError; the API key never appears in it. */
function classifyGcoreError(response, context) {
    const { status } = response;
    const json = (0,http/* parseJsonBody */.Y2)(response.body);
    const parsed = errorBodySchema.safeParse(json);
    const fields = parsed.success ? parsed.data : {};
    const lines = [
        ...flattenGcoreErrors(fields.errors, context.sent),
        ...flattenGcoreErrors(fields.message),
        ...flattenGcoreErrors(fields.detail)
    ].filter(line => line.trim() !== '');
    let said;
    if (lines.length > 0) {
        const more = lines.length - MAX_ISSUES;
        said = lines.slice(0, MAX_ISSUES).join('; ') + (more > 0 ? ` (and ${more} more)` : '');
    }
    else if (json === undefined && response.body.trim() !== '') {
        // Secrets removed before the cut, so that one straddling it cannot leak its start.
        said = `a body that is not JSON: ${(0,provider_text/* bodyExcerpt */.kG)(response.body, text => scrubApiKey(text, context.apiKey), 120)}`;
    }
    else {
        said = 'no error message';
    }
    const errorClass = classOf(status, context.onResource);
    const id = context.resourceId;
    const gcoreSaid = `Gcore answered HTTP ${status}: ${said}`;
    let message;
    if (status === 401) {
        message = `The API key was not accepted: ${API_KEY_HINT}. ${gcoreSaid}`;
    }
    else if (status === 403) {
        message = context.onResource
            ? `Access to CDN resource ${id} was denied: the key may not access resource ${id}. Check \`resource-id\` (it must be a resource of the account of \`api-key\`) and the role of \`api-key\` (it must be allowed to purge and prefetch). ${gcoreSaid}`
            : `Access was denied: check the role of \`api-key\` (it must be allowed to read the CDN settings of the account). ${gcoreSaid}`;
    }
    else if (status === 404 && context.onResource) {
        message = `Gcore knows no CDN resource ${id} for this API key: check \`resource-id\` (the numeric ID of a CDN resource) and that the resource belongs to the account of \`api-key\`. ${gcoreSaid}`;
    }
    else if (status === 429) {
        const target = context.onResource ? ` for CDN resource ${id}` : '';
        message = `Gcore is rate-limiting ${context.what}s${target}. ${gcoreSaid}`;
    }
    else if (errorClass === 'retryable') {
        message = `The ${context.what} failed on Gcore's side. ${gcoreSaid}`;
    }
    else {
        message = `Gcore refused the ${context.what}. ${gcoreSaid}`;
    }
    let retryAfter;
    if (errorClass === 'retryable') {
        retryAfter = gcoreRetryAfterMs(response.headers, context.nowMs);
        const wait = THROTTLE_WAIT.exec(lines.join(' '))?.[1];
        if (retryAfter === undefined && wait !== undefined)
            retryAfter = Number(wait) * SECOND;
    }
    return new provider/* ProviderError */.mZ({
        code: codeOf(status, context.onResource),
        errorClass,
        message: scrubApiKey(message, context.apiKey),
        httpStatus: status,
        retryAfterMs: retryAfter,
        requestId: response.headers['x-request-id']
    });
}
// --- client --------------------------------------------------------------------------------------
function invalid(code, message) {
    return new provider/* ProviderError */.mZ({ code, errorClass: 'permanent', message });
}
const count = schemas/* pipe */.FsL(schemas/* nullish */.cl6(schemas/* number */.aig().check(schemas/* int */.Whr())), schemas/* transform */.pdi(n => (n === undefined || n === null || n <= 0 ? null : n)));
// Typed as strings in both SDKs; a number is read as the same text rather than failing the call.
const rateText = schemas/* pipe */.FsL(schemas/* nullish */.cl6(schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* pipe */.FsL(schemas/* number */.aig(), schemas/* transform */.pdi(String))])), schemas/* transform */.pdi(s => s ?? null));
const limitsSchema = schemas/* looseObject */._H3({
    purge_max_urls_limit: count,
    purge_pattern_limit: count,
    prefetch_pattern_limit: count,
    purge_by_urls_request_limit: rateText,
    purge_request_limit: rateText,
    prefetch_request_limit: rateText
});
const OPERATIONS = {
    purgeUrls: { what: 'purge-by-URL request', noun: 'URL', field: 'urls', route: 'purge' },
    purgePatterns: {
        what: 'purge-by-pattern request',
        noun: 'pattern',
        field: 'paths',
        route: 'purge'
    },
    prefetch: { what: 'prefetch request', noun: 'path', field: 'paths', route: 'prefetch' }
};
class GcoreClient {
    endpoint;
    apiKey;
    resourceId;
    requestTimeoutMs;
    logger;
    now;
    maxItems;
    constructor(options) {
        // Checked here, not at the first call: a bad value would otherwise surface as a retried
        // network error (Node refuses such a header) or as a request to some other path.
        if (!Number.isSafeInteger(options.resourceId) || options.resourceId <= 0) {
            throw new RangeError(`\`resource-id\` must be a positive integer, not ${options.resourceId}.`);
        }
        // The portal's examples show the header value, keyword included; people paste it whole.
        const apiKey = options.apiKey.replace(/^apikey +/i, '');
        if (apiKey === '' || /\s/.test(apiKey) || (0,signing_encoding/* hasControlCharacter */.Fd)(apiKey)) {
            throw new RangeError('`api-key` is empty or contains whitespace or a control character (a trailing newline?).');
        }
        const endpoint = options.endpoint ?? GCORE_ENDPOINT;
        if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol)) {
            throw new RangeError(`The Gcore endpoint must be an http(s) URL, not ${endpoint}.`);
        }
        this.endpoint = endpoint;
        this.apiKey = apiKey;
        this.resourceId = options.resourceId;
        this.requestTimeoutMs = options.requestTimeoutMs;
        this.logger = options.logger ?? provider/* silentLogger */.qq;
        this.now = options.now ?? Date.now;
        this.maxItems = {
            purgeUrls: options.maxItems?.purgeUrls ?? PURGE_URLS_PER_REQUEST,
            purgePatterns: options.maxItems?.purgePatterns ?? PURGE_PATTERNS_PER_REQUEST,
            prefetch: options.maxItems?.prefetchPaths ?? PREFETCH_PATHS_PER_REQUEST
        };
    }
    /** Purges up to PURGE_URLS_PER_REQUEST paths, each with its query string, e.g. `/a.js?v=2`. */
    purgeUrls(paths) {
        return this.write('purgeUrls', paths);
    }
    /**
     * Purges everything under up to PURGE_PATTERNS_PER_REQUEST patterns, e.g. `/images/*` (`*`
     * only at the end; query strings are ignored). Never purges the whole resource: Gcore reads an
     * empty pattern list as "purge all", so an empty list is refused here instead of sent.
     */
    purgePatterns(patterns) {
        return this.write('purgePatterns', patterns);
    }
    /** Prefetches up to PREFETCH_PATHS_PER_REQUEST file paths into the CDN caches. */
    prefetch(paths) {
        return this.write('prefetch', paths);
    }
    /** The account's CDN limits (GET /cdn/clients/me/limits). */
    async limits() {
        const path = '/cdn/clients/me/limits';
        const response = await this.send({ method: 'GET', path }, 'limits request', false);
        const requestId = response.headers['x-request-id'];
        const d = (0,http/* parseResponse */.xp)(response, limitsSchema, `GET ${path}`, text => scrubApiKey(text, this.apiKey), requestId);
        const perMinute = (name, text) => {
            if (text === null)
                return null;
            const rate = parseRateLimit(text);
            if (rate === null)
                this.logger.debug(`Gcore ${name} ${JSON.stringify(text)} is not a rate.`);
            return rate;
        };
        return {
            purgeUrlsPerRequest: d.purge_max_urls_limit,
            purgePatternsPerRequest: d.purge_pattern_limit,
            prefetchPathsPerRequest: d.prefetch_pattern_limit,
            purgeUrlRequestsPerMinute: perMinute('purge_by_urls_request_limit', d.purge_by_urls_request_limit),
            purgePatternRequestsPerMinute: perMinute('purge_request_limit', d.purge_request_limit),
            prefetchRequestsPerMinute: perMinute('prefetch_request_limit', d.prefetch_request_limit),
            rateTexts: {
                purgeByUrls: d.purge_by_urls_request_limit,
                purge: d.purge_request_limit,
                prefetch: d.prefetch_request_limit
            },
            requestId
        };
    }
    async write(operation, items) {
        this.check(operation, items);
        const info = OPERATIONS[operation];
        const response = await this.send({
            method: 'POST',
            path: `/cdn/resources/${this.resourceId}/${info.route}`,
            body: { [info.field]: [...items] }
        }, info.what, true, { field: info.field, items });
        const requestId = response.headers['x-request-id'];
        // The SDKs expect no body, so a JSON one is not read. A body that is not JSON (a proxy's HTML
        // page) is no proof that Gcore got the request, nor that it did not: never resent.
        if (response.body.trim() !== '' && (0,http/* parseJsonBody */.Y2)(response.body) === undefined) {
            throw new provider/* ProviderError */.mZ({
                code: 'MalformedResponse',
                errorClass: 'retryable',
                message: `The ${info.what} was answered HTTP ${response.status} with a body that is not JSON (Gcore sends none): ${(0,provider_text/* bodyExcerpt */.kG)(response.body, text => scrubApiKey(text, this.apiKey), 120)}`,
                httpStatus: response.status,
                requestId,
                mayHaveBeenAccepted: true
            });
        }
        return { status: response.status, requestId };
    }
    /** Refuses, before anything is sent, what Gcore would refuse or misread. */
    check(operation, items) {
        const { noun, what } = OPERATIONS[operation];
        const Noun = noun === 'URL' ? noun : `${noun[0]?.toUpperCase()}${noun.slice(1)}`;
        if (items.length === 0) {
            throw invalid('EmptyRequest', operation === 'purgePatterns'
                ? 'No patterns to purge (an empty pattern list would purge the whole CDN resource, so it is never sent).'
                : `No ${noun}s for the ${what}.`);
        }
        const max = this.maxItems[operation];
        if (items.length > max) {
            throw invalid('TooManyItems', `Gcore takes at most ${max} ${noun}s per ${what}; this one has ${items.length}.`);
        }
        items.forEach((item, i) => {
            const which = `${Noun} ${i + 1} of ${items.length}`;
            if ((0,signing_encoding/* hasControlCharacter */.Fd)(item)) {
                throw invalid('InvalidPath', `${which} contains a line break or other control character: ${quoteItem(item)}`);
            }
            if (!item.startsWith('/')) {
                throw invalid('InvalidPath', `${which} does not start with "/": Gcore takes paths without scheme and host, e.g. "/images/a.png". Got ${quoteItem(item)}`);
            }
            const star = item.indexOf('*');
            if (operation === 'purgePatterns' && star >= 0 && star !== item.length - 1) {
                throw invalid('InvalidPattern', `${which} has a "*" before its end; Gcore allows "*" only as the last character: ${quoteItem(item)}`);
            }
        });
    }
    /** One request; any 2xx is returned, anything else thrown as a classified ProviderError. */
    async send(call, what, onResource, sent) {
        const response = await (0,http/* sendRequest */.w$)(buildGcoreRequest(this.endpoint, this.apiKey, call), {
            timeoutMs: this.requestTimeoutMs,
            logger: this.logger
        });
        if (response.status >= 200 && response.status < 300)
            return response;
        throw classifyGcoreError(response, {
            apiKey: this.apiKey,
            resourceId: this.resourceId,
            what,
            onResource,
            nowMs: this.now(),
            sent
        });
    }
}

// EXTERNAL MODULE: ./src/providers/gcore/inputs.ts
var inputs = __webpack_require__(6874);
;// CONCATENATED MODULE: ./src/providers/gcore/gcore-tasks.ts
// Task status for `wait: true` on Gcore: GET /cdn/purge_statuses (providers.md §6.4). A purge
// returns no ID, so each accepted purge is found by its resource (cname), type, creation time and
// payload. Gcore has no prefetch status API (UNCONFIRMED that none exists; none is in either SDK):
// prefetches are reported "accepted, status unavailable" (the spec declares no prefetch status).




/**
 * UNCONFIRMED: Gcore documents no rate for purge_statuses; one call a second keeps a poll light
 * next to the purge limits (2 a minute) the account lives with.
 */
const GCORE_PURGE_STATUS = {
    api: 'GET /cdn/purge_statuses',
    tasksPerCall: 100,
    requestWindow: { requests: 1, windowMs: 1000 }
};
const PAGE = 100;
const MAX_PAGES = 20;
/** Slack for the difference between the runner's clock and Gcore's. */
const SKEW_MS = 5 * 60_000;
const itemSchema = schemas/* looseObject */._H3({
    purge_id: schemas/* pipe */.FsL(schemas/* union */.KCZ([schemas/* number */.aig(), schemas/* string */.YjP()]), schemas/* transform */.pdi(String)),
    created: schemas/* string */.YjP(),
    purge_type: schemas/* string */.YjP(),
    payload: schemas/* optional */.lqM(schemas/* looseObject */._H3({ urls: schemas/* optional */.lqM(schemas/* array */.YOg(schemas/* string */.YjP())), paths: schemas/* optional */.lqM(schemas/* array */.YOg(schemas/* string */.YjP())) })),
    resource: schemas/* looseObject */._H3({ id: schemas/* optional */.lqM(schemas/* number */.aig()), cname: schemas/* optional */.lqM(schemas/* string */.YjP()) }),
    status: schemas/* string */.YjP()
});
// A bare array without `limit`, an envelope with it (§6.4): both are read.
const listSchema = schemas/* union */.KCZ([
    schemas/* pipe */.FsL(schemas/* array */.YOg(itemSchema), schemas/* transform */.pdi(results => ({ count: results.length, results }))),
    schemas/* object */.Ikc({ count: schemas/* number */.aig().check(schemas/* int */.Whr(), api/* _nonnegative */.UI()), results: schemas/* array */.YOg(itemSchema) })
]);
const resourceSchema = schemas/* looseObject */._H3({ cname: schemas/* string */.YjP().check(api/* _minLength */.m9(1)) });
function iso(ms) {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
const sameItems = (a, b) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
function answerOf(key, item) {
    const status = item.status.toLowerCase();
    if (status === 'successful')
        return { key, state: 'complete', progress: 100 };
    if (status === 'failed')
        return { key, state: 'failed', detail: 'Gcore reports the purge Failed' };
    if (status === 'status report disabled') {
        return { key, state: 'unavailable', detail: 'accepted; Gcore keeps no status for this purge' };
    }
    return { key, state: 'running' };
}
/**
 * The status reader. `sent` says what a task's request carried (the adapter knows how it turned
 * URLs into paths and patterns). Claims persist across polls, so two identical purges are told
 * apart by creation order.
 */
function gcorePurgeStatus(options, sent) {
    const apiKey = options.apiKey.replace(/^apikey +/i, '');
    const endpoint = options.endpoint ?? 'https://api.gcore.com';
    const now = options.now ?? Date.now;
    const claims = new Map();
    let cname;
    async function get(path, schema, what) {
        const call = { method: 'GET', path };
        const response = await (0,http/* sendRequest */.w$)(buildGcoreRequest(endpoint, apiKey, call), {
            timeoutMs: options.requestTimeoutMs,
            logger: options.logger ?? provider/* silentLogger */.qq
        });
        if (response.status < 200 || response.status >= 300) {
            throw classifyGcoreError(response, {
                apiKey,
                resourceId: options.resourceId,
                what,
                onResource: path.startsWith('/cdn/resources/'),
                nowMs: now()
            });
        }
        return (0,http/* parseResponse */.xp)(response, schema, `GET ${path.split('?')[0]}`, t => scrubApiKey(t, apiKey));
    }
    return async (_operation, tasks, pace) => {
        // The resource's cname, which purge_statuses filters by (GET /cdn/resources/{id}, §6.5).
        if (cname === undefined) {
            const path = `/cdn/resources/${options.resourceId}`;
            cname = (await get(path, resourceSchema, 'resource request')).cname;
            await pace?.();
        }
        const from = Math.min(...tasks.map(t => t.submittedAt)) - SKEW_MS;
        const items = [];
        for (let page = 0; page < MAX_PAGES; page++) {
            if (page > 0)
                await pace?.();
            const query = new URLSearchParams({
                cname,
                from_created: iso(from),
                to_created: iso(now() + SKEW_MS),
                limit: String(PAGE),
                offset: String(page * PAGE)
            });
            const list = await get(`/cdn/purge_statuses?${query}`, listSchema, 'purge status request');
            items.push(...list.results);
            if (list.results.length === 0 || (page + 1) * PAGE >= list.count)
                break;
        }
        const mine = items.filter(i => i.resource.id === undefined || i.resource.id === options.resourceId);
        const byId = new Map(mine.map(i => [i.purge_id, i]));
        const claimed = new Set(claims.values());
        return tasks.map(task => {
            const known = claims.get(task.key);
            if (known && byId.has(known))
                return answerOf(task.key, byId.get(known));
            const want = sent(task);
            const match = mine
                .filter(i => !claimed.has(i.purge_id) &&
                i.purge_type === want.type &&
                Date.parse(i.created) >= task.submittedAt - SKEW_MS &&
                sameItems(i.payload?.urls ?? i.payload?.paths ?? [], want.items))
                .sort((a, b) => Date.parse(a.created) - Date.parse(b.created))[0];
            if (!match)
                return { key: task.key, state: 'not-found' };
            claims.set(task.key, match.purge_id);
            claimed.add(match.purge_id);
            return answerOf(task.key, match);
        });
    };
}

;// CONCATENATED MODULE: ./src/providers/gcore/gcore-provider.ts
// Gcore CDN as a pipeline provider: limits as data, its own inputs, and the thin adapter from the
// shared ProviderClient interface to GcoreClient (URLs → the path and query Gcore takes).








/** Gcore recommends prefetching only files above 200 MB and below 5 GB. */
const PREFETCH_SIZE_RANGE = [200_000_000, 5_000_000_000];
const gcoreSpec = {
    name: 'gcore',
    title: 'Gcore CDN',
    // Purge by URL: 100 URLs a request, 2 requests a minute per resource. Directories are purged by
    // pattern (`/docs/a/*`): 10 patterns a request, 1 request a minute, a window of their own.
    refresh: {
        perRequest: PURGE_URLS_PER_REQUEST,
        requestsPerMinute: PURGE_URL_REQUESTS_PER_MINUTE,
        objectTypes: {
            directory: {
                perRequest: PURGE_PATTERNS_PER_REQUEST,
                requestsPerMinute: PURGE_PATTERN_REQUESTS_PER_MINUTE
            }
        }
    },
    // Prefetch: 100 paths a request, 1 request a minute per resource, files of 200 MB to 5 GB.
    prefetch: {
        perRequest: PREFETCH_PATHS_PER_REQUEST,
        requestsPerMinute: PREFETCH_REQUESTS_PER_MINUTE,
        sizeRange: PREFETCH_SIZE_RANGE
    },
    quotaApi: true,
    quotaExplanation: 'Gcore has no daily quota: these are the requests a minute per resource that its limits endpoint (GET /cdn/clients/me/limits) allows, and the run is paced to them; unknown when the account does not state them.',
    pathsOnly: true,
    taskIds: false,
    // Purges only: Gcore has no prefetch status API, so prefetches are "accepted, status unavailable".
    status: { refresh: GCORE_PURGE_STATUS }
};
const resourceIdSchema = schemas/* pipe */.FsL(schemas/* string */.YjP().check(api/* _regex */.Fk(/^[1-9]\d{0,15}$/, { error: 'is not a positive whole number' })), schemas/* transform */.pdi(Number));
/** `https://h/a%20b.mp4?v=2` → `/a%20b.mp4?v=2`: path and query exactly as encoded, no host. */
function gcorePath(url) {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
}
/** Unique paths in first-seen order: URLs on several hosts of one resource are one path. */
function uniquePaths(urls) {
    return [...new Set(urls.map(gcorePath))];
}
/** The account's rate as a window the pacer keeps (any length: `1/2s`, `30/h`), if understood. */
function gcore_provider_window(text) {
    const rate = text === null ? null : parseRate(text);
    return rate && rate.requests >= 1 && rate.windowMs > 0 ? rate : undefined;
}
const positive = (n) => (n !== null && n >= 1 ? n : undefined);
function quotaFrom(limits) {
    return {
        remaining: {},
        details: {
            'purge-requests-per-minute': limits?.purgeUrlRequestsPerMinute ?? null,
            'prefetch-requests-per-minute': limits?.prefetchRequestsPerMinute ?? null
        },
        ...(limits && {
            limits: {
                refresh: {
                    perRequest: positive(limits.purgeUrlsPerRequest),
                    requestWindow: gcore_provider_window(limits.rateTexts.purgeByUrls)
                },
                prefetch: {
                    perRequest: positive(limits.prefetchPathsPerRequest),
                    requestWindow: gcore_provider_window(limits.rateTexts.prefetch)
                }
            }
        })
    };
}
/** The shared client interface over GcoreClient. Gcore answers no task IDs. */
function gcoreProviderClient(options, logger) {
    let client = new GcoreClient(options);
    return {
        // Finds each purge by what submit() below sent: paths with their query, or directory patterns.
        taskStatus: gcorePurgeStatus(options, task => task.objectType === 'directory'
            ? {
                type: 'purge_by_pattern',
                items: [...new Set(task.urls.map(url => `${new URL(url).pathname}*`))]
            }
            : { type: 'purge_by_url', items: uniquePaths(task.urls) }),
        async readQuota() {
            let limits;
            try {
                limits = await client.limits();
            }
            catch (e) {
                // The documented defaults apply when the account's limits cannot be read. A provider not
                // answering (retryable) is left to the run, which then fails what it cannot send.
                if (e instanceof provider/* ProviderError */.mZ && (e.errorClass === 'auth' || e.errorClass === 'retryable'))
                    throw e;
                logger.info(`Gcore's limits endpoint did not answer (${e instanceof provider/* ProviderError */.mZ ? e.code : String(e)}); using the documented limits.`);
                limits = null;
            }
            if (limits) {
                // The account may allow larger requests than the documented defaults the client guards.
                client = new GcoreClient({
                    ...options,
                    maxItems: {
                        purgeUrls: positive(limits.purgeUrlsPerRequest),
                        prefetchPaths: positive(limits.prefetchPathsPerRequest)
                    }
                });
            }
            return quotaFrom(limits);
        },
        async submit(operation, urls, objectType = 'file') {
            if (operation === 'refresh' && objectType === 'directory') {
                // `/docs/a/` → the pattern `/docs/a/*`: `*` only at the end, matching recursively.
                const patterns = [...new Set(urls.map(url => `${new URL(url).pathname}*`))];
                const accepted = await client.purgePatterns(patterns);
                return { taskIds: [], requestId: accepted.requestId };
            }
            if (objectType !== 'file') {
                throw new provider/* ProviderError */.mZ({
                    code: 'Unsupported',
                    errorClass: 'permanent',
                    message: `Gcore CDN cannot ${operation} ${objectType}s.`
                });
            }
            const paths = uniquePaths(urls);
            const accepted = operation === 'refresh' ? await client.purgeUrls(paths) : await client.prefetch(paths);
            return { taskIds: [], requestId: accepted.requestId };
        }
    };
}
const gcoreProvider = {
    spec: gcoreSpec,
    quotaKeys: ['purge-requests-per-minute', 'prefetch-requests-per-minute'],
    inputs: inputs/* GCORE_INPUTS */.V,
    configure(read, env, live) {
        const apiKey = (0,input_fields/* inputOrEnv */.hG)(read, env, 'api-key', [inputs/* API_KEY_ENV */.r]).replace(/^apikey\s+/i, '');
        if (live && apiKey === '') {
            throw new input_error/* InputError */.d('api-key', `is empty, and a live run needs a Gcore API token. Pass it from a secret (api-key: \${{ secrets.GCORE_API_KEY }}, or set ${inputs/* API_KEY_ENV */.r}), or set dry-run: true.`);
        }
        if (/[\s\p{Cc}\p{Cf}]/u.test(apiKey)) {
            throw new input_error/* InputError */.d('api-key', 'contains white space, a line break or a control character (the value is a secret and is not shown). Paste the token alone (it looks like 12345$abcdef…), from a secret.');
        }
        const resourceInput = read('resource-id').trim();
        if (resourceInput === '') {
            throw new input_error/* InputError */.d('resource-id', 'is required: the ID of the CDN resource to purge and prefetch on (Gcore Customer Portal → CDN → the resource).');
        }
        const resourceId = (0,input_fields/* field */.ZZ)('resource-id', resourceInput, resourceIdSchema, 'Give the numeric ID of the CDN resource, e.g. 123456.');
        const endpointInput = read('endpoint').trim();
        const endpoint = endpointInput
            ? (0,input_fields/* endpointUrl */.Pb)('endpoint', endpointInput, GCORE_ENDPOINT)
            : GCORE_ENDPOINT;
        const minInput = read('prefetch-min-size').trim();
        const maxInput = read('prefetch-max-size').trim();
        const min = minInput ? (0,input_fields/* byteSize */.mz)('prefetch-min-size', minInput) : PREFETCH_SIZE_RANGE[0];
        const max = maxInput ? (0,input_fields/* byteSize */.mz)('prefetch-max-size', maxInput) : PREFETCH_SIZE_RANGE[1];
        if (min > max) {
            throw new input_error/* InputError */.d('prefetch-min-size', `(${(0,plural/* formatCount */.B4)(min)} bytes) is above prefetch-max-size (${(0,plural/* formatCount */.B4)(max)} bytes). Give a minimum at or below the maximum.`);
        }
        return {
            directTargets: [],
            specOverrides: { prefetch: { sizeRange: [min, max] } },
            createClient: ({ requestTimeoutMs, logger }) => apiKey
                ? gcoreProviderClient({ endpoint, apiKey, resourceId, requestTimeoutMs, logger }, logger)
                : null
        };
    }
};


/***/ }),

/***/ 4488:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y2: () => (/* binding */ parseJsonBody),
/* harmony export */   w$: () => (/* binding */ sendRequest),
/* harmony export */   xp: () => (/* binding */ parseResponse)
/* harmony export */ });
/* unused harmony exports redactHeaders, redactUrl */
/* harmony import */ var _provider_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9545);
/* harmony import */ var _provider_text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3113);


const USER_AGENT = 'cdn-refresh-action';
const REDACTED = '[REDACTED]';
// Header names whose values are credentials or derived from them, for any provider.
const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie)$|token|secret|password|api[-_]?key|credential|signature$/i;
// Query parameter names that carry credentials in some APIs (Alibaba V2, presigned URLs).
const SECRET_PARAM = /token|secret|password|signature$|^signature|api[-_]?key|credential/i;
/**
 * Copy of `headers` with credential-bearing values replaced. An Authorization value keeps its scheme
 * word (e.g. `ACS3-HMAC-SHA256`, `APIKey`) so logs still show which method was used.
 */
function redactHeaders(headers) {
    const out = {};
    for (const [name, raw] of Object.entries(headers)) {
        if (raw === undefined)
            continue;
        const value = Array.isArray(raw) ? raw.join(', ') : raw;
        if (!SECRET_HEADER.test(name)) {
            out[name] = value;
            continue;
        }
        const scheme = /^(authorization|proxy-authorization)$/i.test(name)
            ? /^([A-Za-z0-9-]+) /.exec(value)?.[1]
            : undefined;
        out[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
    }
    return out;
}
/** The URL with credential-bearing query values (and any userinfo) replaced. */
function redactUrl(url) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return REDACTED;
    }
    if (parsed.username || parsed.password) {
        parsed.username = 'REDACTED';
        parsed.password = '';
    }
    for (const name of [...parsed.searchParams.keys()]) {
        if (SECRET_PARAM.test(name))
            parsed.searchParams.set(name, REDACTED);
    }
    return parsed.toString();
}
/** Scheme, host and path only: what error messages may name without leaking query values. */
function describeTarget(method, url) {
    try {
        const u = new URL(url);
        return `${method} ${u.origin}${u.pathname}`;
    }
    catch {
        return method;
    }
}
// Lets the deadline abort the underlying request, which http-client does not expose.
function abortOn(signal) {
    return {
        prepareRequest(options) {
            options.signal = signal;
        },
        canHandleAuthentication: () => false,
        handleAuthentication: () => Promise.reject(new Error('not supported'))
    };
}
/**
 * Lets a URL with an IPv6 literal (`http://[::1]:8080/`) connect. http-client passes the URL's
 * `hostname`, brackets included, as `host`, and Node then looks `[::1]` up in DNS. Without the
 * brackets Node connects to the address and still sends `Host: [::1]:8080` (an explicit `host`
 * header is kept). Through a proxy tunnel the bracketed form stays: the tunnel only names it in
 * its CONNECT line, where the brackets belong.
 */
const ipv6Literals = {
    prepareRequest(options) {
        // node:http is already loaded here (http-client is sending); read at the call, not with the
        // provider, so that a run that sends nothing does not load it.
        const { Agent } = process.getBuiltinModule('node:http');
        if (options.agent !== undefined && !(options.agent instanceof Agent))
            return;
        for (const key of ['host', 'hostname']) {
            const value = options[key];
            if (typeof value === 'string' && value.startsWith('[') && value.endsWith(']')) {
                options[key] = value.slice(1, -1);
            }
        }
    },
    canHandleAuthentication: () => false,
    handleAuthentication: () => Promise.reject(new Error('not supported'))
};
/**
 * Hands the ClientRequest that http-client creates to `seen`, so that we can tell whether the
 * request went out (its 'finish' event: the headers and body were handed to the operating system,
 * which only happens on an established connection). http-client exposes neither the request nor
 * a hook, so its agent is wrapped: Node passes every request through `agent.addRequest`.
 */
function watchRequest(seen) {
    return {
        prepareRequest(options) {
            const agent = options.agent;
            if (typeof agent !== 'object' || typeof agent.addRequest !== 'function')
                return;
            const wrapped = Object.create(agent);
            wrapped.addRequest = (req, opts) => {
                seen(req);
                agent.addRequest(req, opts);
            };
            options.agent = wrapped;
        },
        canHandleAuthentication: () => false,
        handleAuthentication: () => Promise.reject(new Error('not supported'))
    };
}
function readBody(message) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        message.on('data', (chunk) => chunks.push(chunk));
        message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        message.on('error', reject);
        message.on('aborted', () => reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
        message.on('close', () => {
            if (!message.complete) {
                reject(Object.assign(new Error('response closed early'), { code: 'ECONNRESET' }));
            }
        });
    });
}
function lowerCaseHeaders(headers) {
    const out = {};
    for (const [name, value] of Object.entries(headers)) {
        if (value === undefined)
            continue;
        out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return out;
}
function errorCode(err) {
    if (typeof err === 'object' && err !== null && 'code' in err) {
        const code = err.code;
        if (typeof code === 'string')
            return code;
    }
    return undefined;
}
/**
 * Sends one request and reads the whole response. Any HTTP status is a response (the caller
 * classifies it); only failures to get a response throw: `NetworkError` or `Timeout`, both
 * retryable. When the request had been sent (and no answer saying it was refused arrived: no
 * status, or a 2xx whose body broke off) the error carries `mayHaveBeenAccepted`: a write may have
 * taken effect. Error messages name the method, host and path, never headers, query or body.
 */
async function sendRequest(req, opts) {
    const logger = opts.logger ?? _provider_js__WEBPACK_IMPORTED_MODULE_0__/* .silentLogger */ .qq;
    const target = describeTarget(req.method, req.url);
    const timeoutMs = Math.floor((0,_provider_js__WEBPACK_IMPORTED_MODULE_0__/* .requestTimeoutNow */ .PQ)(opts.timeoutMs));
    if (!(timeoutMs > 0)) {
        logger.debug(`HTTP ${req.method} ${redactUrl(req.url)} not sent: no time left`);
        throw new _provider_js__WEBPACK_IMPORTED_MODULE_0__/* .ProviderError */ .mZ({
            code: 'Timeout',
            errorClass: 'retryable',
            message: `No time left for ${target} before the run's timeout; not sent.`
        });
    }
    const controller = new AbortController();
    let deadlinePassed = false;
    const timer = setTimeout(() => {
        deadlinePassed = true;
        controller.abort();
    }, timeoutMs);
    let sent = false;
    let status;
    let requestId;
    const watch = watchRequest(request => request.once('finish', () => (sent = true)));
    // Loaded on the first request: @actions/http-client brings undici, ~50 ms of start-up that a dry
    // run without credentials never needs.
    const { HttpClient } = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(942)]).then(__webpack_require__.bind(__webpack_require__, 4942));
    const client = new HttpClient(USER_AGENT, [abortOn(controller.signal), ipv6Literals, watch], {
        allowRetries: false,
        allowRedirects: false,
        keepAlive: false,
        socketTimeout: timeoutMs
    });
    const started = Date.now();
    logger.debug(`HTTP ${req.method} ${redactUrl(req.url)} headers=${JSON.stringify(redactHeaders(req.headers))} body=${Buffer.byteLength(req.body ?? '')}B`);
    try {
        const headers = { ...req.headers };
        const res = await client.request(req.method, req.url, req.body ?? '', headers);
        status = res.message.statusCode;
        // Alibaba's and Huawei's/Gcore's request ID headers, for a body that then breaks off.
        const id = res.message.headers['x-acs-request-id'] ?? res.message.headers['x-request-id'];
        requestId = typeof id === 'string' ? id : undefined;
        const body = await readBody(res.message);
        const response = {
            status: res.message.statusCode ?? 0,
            headers: lowerCaseHeaders(res.message.headers),
            body
        };
        logger.debug(`HTTP ${response.status} from ${target} in ${Date.now() - started}ms headers=${JSON.stringify(redactHeaders(response.headers))} body=${Buffer.byteLength(body)}B`);
        return response;
    }
    catch (err) {
        // Tear down whatever is still open (http-client's own socket timeout only half-closes).
        controller.abort();
        const message = err instanceof Error ? err.message : String(err);
        const timedOut = deadlinePassed || message.startsWith('Request timeout');
        // An error status is the provider's refusal, even when its body broke off; no status (or a
        // 2xx) after the request went out leaves the outcome of a write unknown.
        const replyLost = sent && (status === undefined || (status >= 200 && status < 300));
        const after = replyLost
            ? status === undefined
                ? ' after the request was sent'
                : ` after HTTP ${status} headers`
            : '';
        const failure = new _provider_js__WEBPACK_IMPORTED_MODULE_0__/* .ProviderError */ .mZ({
            code: timedOut ? 'Timeout' : 'NetworkError',
            errorClass: 'retryable',
            message: timedOut
                ? `No complete response within ${timeoutMs} ms from ${target}${after}.`
                : `Network error (${errorCode(err) ?? 'unknown'}) during ${target}${after}.`,
            httpStatus: status,
            requestId,
            mayHaveBeenAccepted: replyLost
        });
        logger.debug(`HTTP ${failure.code} from ${target} after ${Date.now() - started}ms (${sent ? 'sent' : 'not sent'})`);
        throw failure;
    }
    finally {
        clearTimeout(timer);
        client.dispose();
    }
}
// The fields that carry task IDs in the answers of every provider: RefreshTaskId, PreloadTaskId,
// TaskId, task_id.
const TASK_ID_KEY = /task_?id$/i;
/**
 * A 2xx body validated with `schema`. A body that is not the expected JSON is a retryable
 * `MalformedResponse` (a proxy page or a truncated answer, not a verdict on the request), or
 * `NoTaskId` when what is wrong is the task ID field (missing, empty or not an ID); either way the
 * provider answered 2xx, so a write may have been accepted (`mayHaveBeenAccepted`). The message
 * quotes the start of the body, credentials (`scrub`) and signatures removed before it is cut.
 */
function parseResponse(response, schema, what, scrub, requestId) {
    const result = schema.safeParse(parseJsonBody(response.body));
    if (result.success)
        return result.data;
    const issue = result.error.issues[0];
    const path = issue?.path ?? [];
    const where = path.length > 0 ? ` at ${path.join('.')}` : '';
    const last = path[path.length - 1];
    const taskId = typeof last === 'string' && TASK_ID_KEY.test(last);
    const problem = taskId
        ? `without a valid task ID${where}`
        : `with a body that is not the expected JSON${where}`;
    throw new _provider_js__WEBPACK_IMPORTED_MODULE_0__/* .ProviderError */ .mZ({
        code: taskId ? 'NoTaskId' : 'MalformedResponse',
        errorClass: 'retryable',
        message: scrub(`${what} answered HTTP ${response.status} ${problem}: ${(0,_provider_text_js__WEBPACK_IMPORTED_MODULE_1__/* .bodyExcerpt */ .kG)(response.body, scrub, 200)}`),
        httpStatus: response.status,
        requestId,
        mayHaveBeenAccepted: response.status >= 200 && response.status < 300
    });
}
/** A response body as JSON, or undefined when it is not JSON (schemas then report the shape). */
function parseJsonBody(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 979:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ retryAfterMs)
/* harmony export */ });
/* unused harmony export parseRetryAfter */
// The standard `Retry-After` response header (RFC 9110 §10.2.3), shared by every provider adapter.
// Provider-specific hints (Alibaba's x-acs-retry-after) stay with their adapter.
// asctime() dates carry no zone but are defined as GMT; Date.parse would read them as local time.
const ASCTIME = /^[A-Za-z]{3} [A-Za-z]{3} +\d{1,2} \d{2}:\d{2}:\d{2} \d{4}$/;
/**
 * Milliseconds to wait from a `Retry-After` value: delay-seconds (a non-negative integer) or an
 * HTTP-date (IMF-fixdate, RFC 850 or asctime), measured against `nowMs` and clamped at zero.
 * Anything else, including fractions, negative numbers and bare ISO dates, is not a hint
 * (undefined), so a garbled header falls back to the caller's own backoff.
 */
function parseRetryAfter(value, nowMs) {
    const text = value?.trim();
    if (!text)
        return undefined;
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    // Every HTTP-date form starts with a day name; this keeps Date.parse from reading "1.5" as a date.
    if (!/^[A-Za-z]{3}/.test(text))
        return undefined;
    const at = Date.parse(ASCTIME.test(text) ? `${text} GMT` : text);
    return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
/** `parseRetryAfter` of the `retry-after` entry of lower-case response headers. */
function retryAfterMs(headers, nowMs) {
    return parseRetryAfter(headers['retry-after'], nowMs);
}


/***/ }),

/***/ 6439:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fd: () => (/* binding */ hasControlCharacter),
/* harmony export */   SI: () => (/* binding */ nodeCrypto),
/* harmony export */   a: () => (/* binding */ percentEncode),
/* harmony export */   fg: () => (/* binding */ sha256Hex),
/* harmony export */   px: () => (/* binding */ EMPTY_BODY_SHA256)
/* harmony export */ });
// The encoding and hashing both request signers (Alibaba ACS3, Huawei SDK-HMAC) are defined on.
/** SHA-256 of zero bytes: the payload hash of a request without a body. */
const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/**
 * node:crypto, loaded at the first signature rather than with the provider: it costs about 10 ms
 * of start-up on Node 24, and a run with nothing to send never signs.
 */
function nodeCrypto() {
    return process.getBuiltinModule('node:crypto');
}
const UNRESERVED = /[A-Za-z0-9\-_.~]/;
/**
 * RFC 3986 percent-encoding of the UTF-8 bytes of `value`: only `A-Z a-z 0-9 - _ . ~` stay, every
 * other byte becomes upper-case `%XX` (space `%20`, `*` `%2A`, `/` `%2F`, newline `%0A`).
 * Byte-wise, so a lone surrogate becomes U+FFFD instead of throwing as encodeURIComponent would.
 */
function percentEncode(value) {
    let out = '';
    for (const byte of Buffer.from(value, 'utf8')) {
        const ch = String.fromCharCode(byte);
        out +=
            byte < 0x80 && UNRESERVED.test(ch)
                ? ch
                : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return out;
}
/** Lower-case hex SHA-256 (a string is hashed as UTF-8). */
function sha256Hex(data) {
    return nodeCrypto().createHash('sha256').update(data).digest('hex');
}
/**
 * Whether text holds a C0/C1 control character or a Unicode line/paragraph separator: in a URL
 * list such a character could split one URL into two or smuggle in another.
 */
function hasControlCharacter(text) {
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029)
            return true;
    }
    return false;
}


/***/ })

};
