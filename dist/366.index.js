export const id = 366;
export const ids = [366];
export const modules = {

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

/***/ 4366:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  vodProvider: () => (/* binding */ vodProvider),
  vodProviderClient: () => (/* binding */ vodProviderClient),
  vodSpec: () => (/* binding */ vodSpec)
});

// EXTERNAL MODULE: ./node_modules/zod/v4/mini/schemas.js + 5 modules
var schemas = __webpack_require__(8395);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/api.js + 1 modules
var api = __webpack_require__(3305);
// EXTERNAL MODULE: ./src/input-fields.ts + 1 modules
var input_fields = __webpack_require__(3681);
// EXTERNAL MODULE: ./src/providers/credentials.ts
var providers_credentials = __webpack_require__(60);
// EXTERNAL MODULE: ./src/providers/huawei/inputs.ts
var inputs = __webpack_require__(9853);
// EXTERNAL MODULE: ./src/providers/provider.ts
var provider = __webpack_require__(9545);
// EXTERNAL MODULE: ./src/providers/signing-encoding.ts
var signing_encoding = __webpack_require__(6439);
// EXTERNAL MODULE: ./src/providers/http.ts
var http = __webpack_require__(4488);
// EXTERNAL MODULE: ./src/providers/retry-after.ts
var retry_after = __webpack_require__(979);
;// CONCATENATED MODULE: ./src/providers/huawei/sign.ts
// Huawei Cloud APIG "SDK-HMAC-SHA256" request signing (providers.md §5.5).
// Every function is pure: the date travels in the x-sdk-date header, so tests can pin exact outputs.


const SDK_HMAC_ALGORITHM = 'SDK-HMAC-SHA256';
/** Header that replaces the body hash, e.g. with `UNSIGNED-PAYLOAD` (documented by APIG). */
const CONTENT_SHA256_HEADER = 'x-sdk-content-sha256';
/** `YYYYMMDDTHHMMSSZ` in UTC, the X-Sdk-Date format. */
function formatSdkDate(epochMs) {
    return new Date(epochMs)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}Z$/, 'Z');
}
/** The path as sent on the wire: each `/`-separated segment of the unencoded path percent-encoded. */
function encodePath(path) {
    const absolute = path.startsWith('/') ? path : `/${path}`;
    return absolute.split('/').map(signing_encoding/* percentEncode */.a).join('/');
}
/** The encoded path, always ending in `/` (the slash is added to the signature only, never sent). */
function canonicalUri(path) {
    const encoded = encodePath(path);
    return encoded.endsWith('/') ? encoded : `${encoded}/`;
}
/** Ordinal (UTF-16 code unit) order: what Array.prototype.sort does in the official Node SDK. */
function ordinal(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/**
 * Names sorted (unencoded, ordinally), each value `enc(name)=enc(value)`; array values sorted and
 * repeated; joined with `&`. An empty array contributes nothing. Also a valid query string to send.
 */
function canonicalQueryString(query) {
    const pairs = [];
    for (const name of Object.keys(query).sort(ordinal)) {
        const raw = query[name] ?? '';
        const values = typeof raw === 'string' ? [raw] : [...raw].sort(ordinal);
        for (const value of values)
            pairs.push(`${(0,signing_encoding/* percentEncode */.a)(name)}=${(0,signing_encoding/* percentEncode */.a)(value)}`);
    }
    return pairs.join('&');
}
/** Encoded path plus `?query` when there is one: the request target that matches the signature. */
function requestTarget(path, query = {}) {
    const search = canonicalQueryString(query);
    return search ? `${encodePath(path)}?${search}` : encodePath(path);
}
/**
 * Signs every header given. Values are trimmed as the API signing guide says; the official Node SDK
 * does not trim, which only matters for values with outer whitespace (Node's HTTP parser strips it
 * on the server side anyway). Two names differing only in case are a caller error: which value the
 * server would see is undefined.
 */
function canonicalHeaders(headers) {
    const byName = new Map();
    for (const [name, value] of Object.entries(headers)) {
        const lower = name.toLowerCase();
        if (byName.has(lower))
            throw new Error(`Header "${lower}" is given twice (names differ in case).`);
        byName.set(lower, value.trim());
    }
    const names = [...byName.keys()].sort(ordinal);
    return {
        canonical: names.map(name => `${name}:${byName.get(name) ?? ''}\n`).join(''),
        signedHeaders: names.join(';')
    };
}
/** Hex SHA-256 of the exact body bytes (a string is hashed as UTF-8); no body hashes as empty. */
function payloadHash(body) {
    return body === undefined || body.length === 0 ? signing_encoding/* EMPTY_BODY_SHA256 */.px : (0,signing_encoding/* sha256Hex */.fg)(body);
}
function stringToSign(sdkDate, canonicalRequest) {
    return `${SDK_HMAC_ALGORITHM}\n${sdkDate}\n${(0,signing_encoding/* sha256Hex */.fg)(canonicalRequest)}`;
}
function authorizationHeader(accessKeyId, signedHeaders, signatureHex) {
    return `${SDK_HMAC_ALGORITHM} Access=${accessKeyId}, SignedHeaders=${signedHeaders}, Signature=${signatureHex}`;
}
function headerValue(headers, name) {
    const key = Object.keys(headers).find(k => k.toLowerCase() === name);
    return key === undefined ? undefined : headers[key]?.trim();
}
/** The whole computation; intermediate values are returned for tests and emulators. */
function signSdkHmac(input) {
    const date = headerValue(input.headers, 'x-sdk-date');
    if (!date)
        throw new Error('The x-sdk-date header is required: it is part of the string to sign.');
    if (!headerValue(input.headers, 'host'))
        throw new Error('The host header is required.');
    const headers = canonicalHeaders(input.headers);
    const canonicalRequest = [
        input.method.toUpperCase(),
        canonicalUri(input.path),
        canonicalQueryString(input.query ?? {}),
        headers.canonical,
        headers.signedHeaders,
        headerValue(input.headers, CONTENT_SHA256_HEADER) ?? payloadHash(input.body)
    ].join('\n');
    const toSign = stringToSign(date, canonicalRequest);
    const signature = (0,signing_encoding/* nodeCrypto */.SI)()
        .createHmac('sha256', input.secretAccessKey)
        .update(toSign)
        .digest('hex');
    return {
        canonicalRequest,
        stringToSign: toSign,
        signature,
        signedHeaders: headers.signedHeaders,
        authorization: authorizationHeader(input.accessKeyId, headers.signedHeaders, signature)
    };
}

;// CONCATENATED MODULE: ./src/providers/huawei/api.ts
// One signed call to a Huawei Cloud APIG endpoint (VOD, IAM), its response validation and the
// mapping of Huawei error codes to the shared error classes (providers.md §5.4, §5.5).






/**
 * UNCONFIRMED: Huawei documents the limit (1,000 pre-loads per tenant per day: the VOD API page and
 * productdesc-vod "Restrictions") but not the error code VOD answers once it is reached; the parts
 * of the VOD error-code table (api-vod/ErrorCode) we could read list VOD.10051–10055 and VOD.10081,
 * the API pages VOD.10062, none about it. This default is our guess, chosen outside those codes so
 * no real, different error is mistaken for it; the emulator answers with it. The message test in
 * `isDailyLimitMessage` is the real safety net; callers can set codes once one is seen live.
 */
const DEFAULT_QUOTA_ERROR_CODES = ['VOD.10099'];
/**
 * Whether an error message says a per-day limit is used up (UNCONFIRMED wording, see above).
 * Needs both a limit word and a day word, so per-second or per-minute throttling
 * ("... limit:100, time:1 minute") stays retryable while an APIG policy counted per day does not.
 */
function isDailyLimitMessage(message) {
    // Bare "day(s)" is left out: "the query range is at most 30 days" is not a used-up quota.
    const english = /\b(limit|limits|limited|exceed|exceeds|exceeded|quota|maximum)\b/i.test(message) &&
        /\b(daily|today|(per|a|one|1|each|every) day)\b/i.test(message);
    const chinese = /(每天|每日|当天|当日|今日|今天)/.test(message) && /(上限|超过|超出|限制)/.test(message);
    return english || chinese;
}
/** Gateway throttling (providers.md §5.4): retry with backoff. */
const THROTTLING_CODES = new Set(['APIGW.0308']);
/** Gateway authentication failures (providers.md §5.4): abort every remaining batch. */
const AUTH_CODES = new Set(['APIGW.0301', 'APIGW.0303']);
/**
 * Verdicts on the request itself (illegal parameter, asset or resource not found). Some VOD APIs
 * send these with HTTP 403, which must not read as a credential problem and abort the run.
 */
const PERMANENT_CODES = new Set(['VOD.10053', 'VOD.10062', 'VOD.10081']);
/** The signed HTTP request for one call, given its X-Sdk-Date (pure, so tests can pin it). */
function buildApigRequest(endpoint, credentials, call, sdkDate) {
    const base = new URL(endpoint);
    // An endpoint may carry a path prefix (a proxy or gateway in front of the API).
    const path = `${base.pathname.replace(/\/+$/, '')}${call.path}`;
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const headers = { host: base.host, 'x-sdk-date': sdkDate };
    if (body !== undefined)
        headers['content-type'] = 'application/json';
    if (call.projectId)
        headers['x-project-id'] = call.projectId;
    if (credentials.securityToken)
        headers['x-security-token'] = credentials.securityToken;
    const { authorization } = signSdkHmac({
        method: call.method,
        path,
        query: call.query,
        headers,
        body,
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.accessKeySecret
    });
    return {
        method: call.method,
        url: `${base.origin}${requestTarget(path, call.query)}`,
        headers: { ...headers, accept: 'application/json', authorization },
        body
    };
}
/** Removes every credential value, and any signature, from text that may reach logs or reports. */
function scrubSecrets(text, credentials) {
    return (0,providers_credentials/* scrubKeyPair */.Xc)(text, credentials).replace(/Signature=[0-9a-fA-F]+/g, 'Signature=[REDACTED]');
}
// Huawei services answer `error_code`/`error_msg`, some `errorCode`/`errorMessage`, and IAM
// (Keystone) `{"error": {"code": 401, "message": ...}}`; the official SDKs read all three.
const api_text = schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* pipe */.FsL(schemas/* number */.aig(), schemas/* transform */.pdi(String))]);
const errorBodySchema = schemas/* looseObject */._H3({
    error_code: schemas/* optional */.lqM(api_text),
    error_msg: schemas/* optional */.lqM(schemas/* string */.YjP()),
    errorCode: schemas/* optional */.lqM(api_text),
    errorMessage: schemas/* optional */.lqM(schemas/* string */.YjP()),
    error: schemas/* optional */.lqM(schemas/* looseObject */._H3({ code: schemas/* optional */.lqM(api_text), message: schemas/* optional */.lqM(schemas/* string */.YjP()) })),
    request_id: schemas/* optional */.lqM(schemas/* string */.YjP())
});
// APIG answers every AK/SK failure with APIGW.0301 and tells the cause only in the message, so the
// hint is chosen from the wording. Order matters: "token expired" must not read as a clock problem.
const AUTH_RULES = [
    {
        test: m => /project/i.test(m),
        hint: 'The project was not accepted: check `project-id` (it must be the project of `region` in the account of `access-key-id`), or leave it empty to look it up from `region`.'
    },
    {
        test: m => /token/i.test(m),
        hint: 'The temporary credentials were not accepted: check `security-token` (it may have expired or belong to another `access-key-id`).'
    },
    {
        test: m => /x-sdk-date|clock|skew|timestamp|request time|time differ/i.test(m),
        hint: "The request time was rejected: the runner's clock is more than 15 minutes off; check its time synchronisation."
    },
    {
        test: m => /signature/i.test(m),
        hint: 'The request signature was rejected: check `access-key-secret` (it must belong to `access-key-id`).'
    },
    {
        test: m => /\bak\b|access ?key|not exist|not found|invalid/i.test(m),
        hint: 'The AccessKey was not accepted: check `access-key-id` (it may be wrong, disabled or deleted).'
    }
];
const GENERIC_AUTH_HINT = 'Access was denied: check `access-key-id`, `access-key-secret`, `security-token` and the IAM permissions of this user (it must be allowed to pre-load VOD assets).';
function classOf(status, code, message, quotaCodes) {
    if (code !== undefined && quotaCodes.has(code))
        return 'quota';
    if (isDailyLimitMessage(message))
        return 'quota';
    if (code !== undefined) {
        if (THROTTLING_CODES.has(code))
            return 'retryable';
        if (AUTH_CODES.has(code))
            return 'auth';
        if (PERMANENT_CODES.has(code))
            return 'permanent';
    }
    if (status === 429 || status >= 500)
        return 'retryable';
    if (status === 401 || status === 403)
        return 'auth';
    return 'permanent';
}
/** Maps a non-2xx response to a ProviderError with class, code, message, status and request id. */
function classifyApigError(response, credentials, nowMs, quotaErrorCodes = DEFAULT_QUOTA_ERROR_CODES) {
    const parsed = errorBodySchema.safeParse((0,http/* parseJsonBody */.Y2)(response.body));
    const fields = parsed.success ? parsed.data : {};
    const code = fields.error_code ?? fields.errorCode ?? fields.error?.code;
    const providerMessage = fields.error_msg ?? fields.errorMessage ?? fields.error?.message;
    const errorClass = classOf(response.status, code, providerMessage ?? '', new Set(quotaErrorCodes));
    const said = `${code ?? `HTTP ${response.status}`}${providerMessage ? `: ${providerMessage}` : ''}`;
    let message = providerMessage ?? `HTTP ${response.status} without a Huawei error body.`;
    if (errorClass === 'auth') {
        const rule = AUTH_RULES.find(r => r.test(providerMessage ?? ''));
        message = `${rule?.hint ?? GENERIC_AUTH_HINT} Huawei said: ${said}`;
    }
    else if (errorClass === 'quota') {
        message = `The daily VOD pre-load limit of this account is used up. Huawei said: ${said}`;
    }
    return new provider/* ProviderError */.mZ({
        code: code ?? `HTTP${response.status}`,
        errorClass,
        message: scrubSecrets(message, credentials),
        httpStatus: response.status,
        retryAfterMs: errorClass === 'retryable' ? (0,retry_after/* retryAfterMs */.V)(response.headers, nowMs) : undefined,
        requestId: response.headers['x-request-id'] ?? fields.request_id
    });
}
/**
 * Sends one signed call and returns the validated JSON body. Throws ProviderError for transport
 * failures, error responses, and 2xx bodies that are not the expected JSON (retryable
 * `MalformedResponse`: a proxy or a truncated answer, not a verdict on the request).
 */
async function callApig(endpoint, options, call, schema) {
    const now = options.now ?? Date.now;
    const request = buildApigRequest(endpoint, options.credentials, call, formatSdkDate(now()));
    const response = await (0,http/* sendRequest */.w$)(request, {
        timeoutMs: options.requestTimeoutMs,
        logger: options.logger ?? provider/* silentLogger */.qq
    });
    if (response.status < 200 || response.status >= 300) {
        throw classifyApigError(response, options.credentials, now(), options.quotaErrorCodes);
    }
    const requestId = response.headers['x-request-id'];
    const data = (0,http/* parseResponse */.xp)(response, schema, `${call.method} ${call.path}`, text => scrubSecrets(text, options.credentials), requestId);
    return { data, status: response.status, requestId };
}

;// CONCATENATED MODULE: ./src/providers/huawei/vod.ts
// Huawei Cloud VOD "CDN pre-loading" (providers.md §5): the limits as data and the wire protocol
// (project lookup, CreatePreheatingAsset, ShowPreheatingAsset), independent of the pipeline.




/** URLs per CreatePreheatingAsset request. */
const VOD_PREFETCH_PER_REQUEST = 10;
/** Pre-loads per tenant per day (each URL and each asset counts as one). */
const VOD_PREFETCH_PER_DAY = 1000;
/** Regions in the official SDK's region list (providers.md §5.1); new users get cn-north-4 only. */
const VOD_REGIONS = (/* unused pure expression or super */ null && ([
    'cn-north-4',
    'cn-north-1',
    'cn-east-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3'
]));
const VOD_DEFAULT_REGION = 'cn-north-4';
const IAM_DEFAULT_ENDPOINT = 'https://iam.myhuaweicloud.com';
function vodEndpoint(region) {
    return `https://vod.${region}.myhuaweicloud.com`;
}
const projectsSchema = schemas/* object */.Ikc({
    projects: schemas/* array */.YOg(schemas/* looseObject */._H3({ id: schemas/* string */.YjP().check(api/* _minLength */.m9(1)), name: schemas/* string */.YjP() }))
});
// A task ID is 32 hex digits in the doc's example; any word characters up to 128 are accepted, but
// nothing that could carry a line break or a control into the log or the outputs.
const acceptedSchema = schemas/* looseObject */._H3({
    task_id: schemas/* string */.YjP().check(api/* _regex */.Fk(/^[\w.:-]{1,128}$/, 'expected a task ID'))
});
// The doc's statuses are lower case, an older Go SDK enum upper case: compare case-insensitively.
const statusSchema = schemas/* pipe */.FsL(schemas/* pipe */.FsL(schemas/* string */.YjP(), schemas/* transform */.pdi(s => s.toLowerCase())), schemas/* enum */.k5n(['processing', 'succeed', 'failed']));
const resultsSchema = schemas/* object */.Ikc({
    preheating_results: schemas/* array */.YOg(schemas/* looseObject */._H3({ url: schemas/* string */.YjP(), status: statusSchema }))
});
function invalid(code, message) {
    return new provider/* ProviderError */.mZ({ code, errorClass: 'permanent', message });
}
class VodClient {
    region;
    endpoint;
    iamEndpoint;
    api;
    logger;
    knownProjectId;
    lookup;
    constructor(options) {
        this.region = options.region ?? VOD_DEFAULT_REGION;
        // The region becomes a host name label; anything else would point the client elsewhere.
        if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(this.region)) {
            throw new RangeError(`"${this.region}" is not a Huawei Cloud region name (e.g. cn-north-4).`);
        }
        this.endpoint = options.endpoint ?? vodEndpoint(this.region);
        this.iamEndpoint = options.iamEndpoint ?? IAM_DEFAULT_ENDPOINT;
        this.knownProjectId = options.projectId || undefined;
        this.logger = options.logger ?? provider/* silentLogger */.qq;
        this.api = {
            credentials: options.credentials,
            requestTimeoutMs: options.requestTimeoutMs,
            logger: this.logger,
            now: options.now,
            quotaErrorCodes: options.quotaErrorCodes
        };
    }
    /**
     * The project ID: the configured one, else IAM's project named like the region, looked up once.
     * Concurrent callers share one lookup; a failed lookup is not cached, so a retry asks again.
     */
    projectId() {
        if (this.knownProjectId !== undefined)
            return Promise.resolve(this.knownProjectId);
        this.lookup ??= this.lookUpProject().then(id => {
            this.knownProjectId = id;
            return id;
        }, (err) => {
            this.lookup = undefined;
            throw err;
        });
        return this.lookup;
    }
    async lookUpProject() {
        const { data } = await callApig(this.iamEndpoint, this.api, { method: 'GET', path: '/v3/projects', query: { name: this.region } }, projectsSchema).catch((err) => {
            // IAM users often may call VOD but not list projects; a configured project-id avoids IAM.
            if (!(err instanceof provider/* ProviderError */.mZ) || err.errorClass !== 'auth')
                throw err;
            throw new provider/* ProviderError */.mZ({
                code: err.code,
                errorClass: err.errorClass,
                httpStatus: err.httpStatus,
                requestId: err.requestId,
                message: `Looking up the project of "${this.region}" through IAM was refused; setting \`project-id\` avoids the lookup. ${err.message}`
            });
        });
        const matches = data.projects.filter(p => p.name === this.region);
        const [project] = matches;
        if (project === undefined || matches.length > 1) {
            throw new provider/* ProviderError */.mZ({
                code: 'ProjectNotFound',
                errorClass: 'auth',
                message: matches.length > 1
                    ? `IAM lists ${matches.length} projects named "${this.region}": set \`project-id\` to the one to use.`
                    : `IAM lists no project named "${this.region}" for this account: check \`region\`, or set \`project-id\`.`
            });
        }
        this.logger.debug(`VOD project of ${this.region}: ${project.id}`);
        return project.id;
    }
    /** A VOD call: the project in the path and, signed, in X-Project-Id, as the official SDK sends it. */
    static vodCall(call, projectId) {
        return { ...call, projectId, path: `/v1.0/${projectId}${call.path}` };
    }
    async create(body) {
        const projectId = await this.projectId();
        const call = VodClient.vodCall({ method: 'POST', path: '/asset/preheating', body }, projectId);
        const { data, requestId } = await callApig(this.endpoint, this.api, call, acceptedSchema);
        return { taskId: data.task_id, requestId };
    }
    /** Pre-loads up to VOD_PREFETCH_PER_REQUEST published playback URLs (HTTP 202, one task). */
    async preheatUrls(urls) {
        if (urls.length === 0)
            throw invalid('EmptyRequest', 'No URLs to pre-load.');
        if (urls.length > VOD_PREFETCH_PER_REQUEST) {
            throw invalid('TooManyUrls', `VOD pre-loads at most ${VOD_PREFETCH_PER_REQUEST} URLs per request; this one has ${urls.length}.`);
        }
        const bad = urls.findIndex(signing_encoding/* hasControlCharacter */.Fd);
        if (bad >= 0) {
            throw invalid('InvalidUrl', `URL ${bad + 1} of ${urls.length} contains a line break or other control character: ${JSON.stringify(urls[bad])}`);
        }
        return this.create({ urls: [...urls] });
    }
    /** Pre-loads every playback URL of one published asset (HTTP 202, one task). */
    async preheatAsset(assetId) {
        if (assetId.trim() === '' || (0,signing_encoding/* hasControlCharacter */.Fd)(assetId)) {
            throw invalid('InvalidAssetId', `Not a media asset ID: ${JSON.stringify(assetId)}`);
        }
        return this.create({ asset_id: assetId });
    }
    /** The per-URL state of a pre-load task; statuses normalized to lower case. */
    async showPreheating(taskId) {
        const projectId = await this.projectId();
        const call = VodClient.vodCall({ method: 'GET', path: '/asset/preheating', query: { task_id: taskId } }, projectId);
        const { data, requestId } = await callApig(this.endpoint, this.api, call, resultsSchema);
        return {
            results: data.preheating_results.map(r => ({ url: r.url, status: r.status })),
            requestId
        };
    }
}

;// CONCATENATED MODULE: ./src/providers/huawei/vod-tasks.ts
const VOD_STATUS = {
    api: 'ShowPreheatingAsset',
    tasksPerCall: 1,
    // UNCONFIRMED: no per-second rate is documented for the query; VOD counts it in the tenant's 100
    // calls a minute together with pre-loads, so it shares that window and is kept to 2 a second.
    requestWindow: { requests: 2, windowMs: 1000 },
    sharesRateWith: 'prefetch'
};
/** One task: complete when every URL succeeded, failed when any failed, else running. */
async function showPreheatingTasks(vod, tasks) {
    const answers = [];
    for (const task of tasks) {
        if (!task.taskId) {
            answers.push({ key: task.key, state: 'not-found' });
            continue;
        }
        const { results } = await vod.showPreheating(task.taskId);
        if (results.length === 0) {
            answers.push({ key: task.key, state: 'not-found' });
            continue;
        }
        const done = results.filter(r => r.status !== 'processing').length;
        const progress = Math.floor((done * 100) / results.length);
        const failed = results.filter(r => r.status === 'failed');
        if (failed.length > 0 && done === results.length) {
            const urls = failed.map(r => r.url);
            const shown = urls.slice(0, 3).join(', ') + (urls.length > 3 ? ', …' : '');
            answers.push({
                key: task.key,
                state: 'failed',
                progress,
                detail: `pre-load failed for ${failed.length} of ${results.length} URLs: ${shown}`
            });
        }
        else if (done === results.length)
            answers.push({ key: task.key, state: 'complete', progress });
        else
            answers.push({ key: task.key, state: 'running', progress });
    }
    return answers;
}

;// CONCATENATED MODULE: ./src/providers/huawei/vod-provider.ts
// Huawei Cloud VOD as a pipeline provider: its limits as data, its own inputs, and the thin
// adapter from the shared ProviderClient interface to VodClient's wire calls.







const vodSpec = {
    name: 'huawei-vod',
    title: 'Huawei Cloud VOD',
    // VOD only pre-loads: up to 10 URLs or one asset a request, 1,000 pre-loads a tenant a day.
    prefetch: {
        perRequest: VOD_PREFETCH_PER_REQUEST,
        perDay: VOD_PREFETCH_PER_DAY,
        // VOD's restrictions page (not in providers.md): 100 API calls a minute per tenant, shared with
        // the status query; pacing keeps below it instead of provoking APIGW.0308.
        requestsPerMinute: 100,
        objectTypes: { asset: { perRequest: 1 } }
    },
    // A rule prefetches by default and never refreshes unless it says so (then: unsupported).
    ruleDefaults: { refresh: false, prefetch: true },
    quotaApi: false,
    taskIds: true,
    status: { prefetch: VOD_STATUS }
};
// The region becomes a host name label and the project ID a path segment: nothing else may pass.
const regionSchema = schemas/* string */.YjP()
    .check(api/* _regex */.Fk(/^[a-z]{2,}(-[a-z0-9]+)+$/, { error: 'is not a region name' }));
const projectIdSchema = schemas/* string */.YjP()
    .check(api/* _regex */.Fk(/^[A-Za-z0-9-]{1,64}$/, { error: 'is not a project ID' }));
const assetIdSchema = schemas/* string */.YjP()
    .check(api/* _regex */.Fk(/^[A-Za-z0-9_-]{1,128}$/, { error: 'is not a media asset ID' }));
/** The asset IDs of the `asset-ids` input, each once, in order, as prefetch-only targets. */
function assetTargets(read) {
    const ids = (0,input_fields/* lines */.Mn)(read('asset-ids')).map(id => (0,input_fields/* field */.ZZ)('asset-ids', id, assetIdSchema, 'Give the IDs of published media assets (letters, digits, - and _), one a line.'));
    return [...new Set(ids)].map(id => ({
        url: id,
        host: '',
        sources: [],
        kind: 'added',
        rule: -1,
        wanted: { refresh: false, prefetch: true },
        objectType: 'asset'
    }));
}
function unsupported(operation) {
    return new provider/* ProviderError */.mZ({
        code: 'Unsupported',
        errorClass: 'permanent',
        message: `Huawei Cloud VOD cannot ${operation}.`
    });
}
/** The shared client interface over VodClient; prepare() resolves the project ID once. */
function vodProviderClient(vod) {
    return {
        taskStatus: (_operation, tasks) => showPreheatingTasks(vod, tasks),
        async prepare() {
            await vod.projectId();
        },
        async readQuota() {
            return null;
        },
        async submit(operation, objects, objectType = 'file') {
            if (operation !== 'prefetch')
                throw unsupported(operation);
            const [first] = objects;
            if (objectType === 'asset') {
                if (objects.length !== 1 || first === undefined) {
                    throw new provider/* ProviderError */.mZ({
                        code: 'TooManyAssets',
                        errorClass: 'permanent',
                        message: `VOD pre-loads one asset per request; this one has ${objects.length}.`
                    });
                }
                const accepted = await vod.preheatAsset(first);
                return { taskIds: [accepted.taskId], requestId: accepted.requestId };
            }
            const accepted = await vod.preheatUrls(objects);
            return { taskIds: [accepted.taskId], requestId: accepted.requestId };
        }
    };
}
const vodProvider = {
    spec: vodSpec,
    quotaKeys: ['prefetch'],
    inputs: inputs/* VOD_INPUTS */.QI,
    configure(read, env, live) {
        const credentials = (0,providers_credentials/* readKeyPair */.AH)(read, env, inputs/* HUAWEI_CREDENTIAL_ENV */.q2, live);
        const region = (0,input_fields/* field */.ZZ)('region', read('region').trim() || VOD_DEFAULT_REGION, regionSchema, `Give a Huawei Cloud region such as ${VOD_DEFAULT_REGION}.`);
        const projectInput = read('project-id').trim() || env[inputs/* PROJECT_ID_ENV */.Wd]?.trim() || '';
        const projectId = projectInput
            ? (0,input_fields/* field */.ZZ)('project-id', projectInput, projectIdSchema, 'Copy the project ID of the region from the console (My Credentials), or leave it empty to look it up.')
            : undefined;
        const endpointInput = read('endpoint').trim();
        const endpoint = endpointInput
            ? (0,input_fields/* endpointUrl */.Pb)('endpoint', endpointInput, vodEndpoint(region))
            : vodEndpoint(region);
        const iamInput = read('iam-endpoint').trim();
        const iamEndpoint = iamInput
            ? (0,input_fields/* endpointUrl */.Pb)('iam-endpoint', iamInput, IAM_DEFAULT_ENDPOINT)
            : IAM_DEFAULT_ENDPOINT;
        return {
            directTargets: assetTargets(read),
            createClient: ({ requestTimeoutMs, logger }) => credentials
                ? vodProviderClient(new VodClient({
                    endpoint,
                    iamEndpoint,
                    region,
                    projectId,
                    credentials,
                    requestTimeoutMs,
                    logger
                }))
                : null
        };
    }
};


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
