export const id = 412;
export const ids = [412];
export const modules = {

/***/ 1412:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  esaProvider: () => (/* binding */ esaProvider),
  esaSpec: () => (/* binding */ esaSpec)
});

// EXTERNAL MODULE: ./node_modules/zod/v4/mini/schemas.js + 5 modules
var schemas = __webpack_require__(8395);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/api.js + 1 modules
var api = __webpack_require__(3305);
// EXTERNAL MODULE: ./src/input-fields.ts + 1 modules
var input_fields = __webpack_require__(3681);
// EXTERNAL MODULE: ./src/input-error.ts
var input_error = __webpack_require__(6236);
// EXTERNAL MODULE: ./src/providers/credentials.ts
var providers_credentials = __webpack_require__(60);
// EXTERNAL MODULE: ./src/providers/alibaba/inputs.ts
var inputs = __webpack_require__(1040);
// EXTERNAL MODULE: ./src/providers/alibaba/response-fields.ts
var response_fields = __webpack_require__(7366);
// EXTERNAL MODULE: ./src/providers/provider.ts
var provider = __webpack_require__(9545);
// EXTERNAL MODULE: ./src/providers/alibaba/dcdn.ts + 1 modules
var dcdn = __webpack_require__(7328);
// EXTERNAL MODULE: ./src/providers/alibaba/object-path-call.ts + 2 modules
var object_path_call = __webpack_require__(8516);
// EXTERNAL MODULE: ./src/providers/alibaba/dcdn-tasks.ts
var dcdn_tasks = __webpack_require__(6941);
;// CONCATENATED MODULE: ./src/providers/alibaba/esa-tasks.ts
// Task status for `wait: true` on ESA: DescribePurgeTasks / DescribePreloadTasks (providers.md §4).
// They list a site's tasks by time window (and content), not by ID, 50 a page: the tasks of a poll
// are looked up in the pages of the window from the earliest submission to now.



/**
 * UNCONFIRMED: ESA documents no rate for these calls; 5 a second stays below every Alibaba listing
 * rate providers.md gives (DescribeDcdnRefreshTasks: 10 a second).
 */
const RATE = { requests: 5, windowMs: 1000 };
const ESA_PURGE_STATUS = {
    api: 'DescribePurgeTasks',
    tasksPerCall: 100,
    requestWindow: RATE
};
const ESA_PRELOAD_STATUS = {
    api: 'DescribePreloadTasks',
    tasksPerCall: 100,
    requestWindow: RATE
};
const PAGE_SIZE = 50;
/** Pages read a poll at most (5,000 rows); tasks beyond stay "not listed" until a later poll. */
const MAX_PAGES = 100;
/** Slack around the window: the runner's and ESA's clocks may differ a little. */
const SKEW_MS = 5 * 60_000;
const rowSchema = schemas/* looseObject */._H3({
    TaskId: response_fields/* taskIdField */.x,
    Content: schemas/* optional */.lqM(schemas/* string */.YjP()),
    Status: schemas/* string */.YjP(),
    Process: schemas/* optional */.lqM(schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig()])),
    Description: schemas/* optional */.lqM(schemas/* string */.YjP())
});
const pageSchema = schemas/* looseObject */._H3({
    TotalCount: schemas/* number */.aig().check(schemas/* int */.Whr(), api/* _nonnegative */.UI()),
    Tasks: schemas/* _default */.Rvf(schemas/* optional */.lqM(schemas/* array */.YOg(rowSchema)), [])
});
/** UTC ISO-8601 to the second, as the Describe calls take it: 2026-01-01T08:00:00Z. */
function isoSecond(ms) {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
async function describeEsaTasks(caller, siteId, operation, tasks, now, pace) {
    const action = operation === 'refresh' ? 'DescribePurgeTasks' : 'DescribePreloadTasks';
    const from = Math.min(...tasks.map(t => t.submittedAt)) - SKEW_MS;
    const params = {
        SiteId: siteId,
        StartTime: isoSecond(from),
        EndTime: isoSecond(now() + SKEW_MS),
        PageSize: String(PAGE_SIZE)
    };
    const rows = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
        if (page > 1)
            await pace();
        const { data } = await caller.call(action, { ...params, PageNumber: String(page) }, pageSchema);
        rows.push(...data.Tasks);
        if (data.Tasks.length === 0 || page * PAGE_SIZE >= data.TotalCount)
            break;
    }
    const byId = new Map();
    for (const row of rows)
        byId.set(row.TaskId, [...(byId.get(row.TaskId) ?? []), row]);
    const ours = new Set(tasks.flatMap(t => (t.taskId ? [t.taskId] : [])));
    return tasks.map(task => {
        const listed = task.taskId ? byId.get(task.taskId) : undefined;
        if (listed)
            return (0,dcdn_tasks/* combineRows */.BZ)(task.key, listed);
        // UNCONFIRMED whether the listing's TaskId is the one PurgeCaches/PreloadCaches returned: if
        // not, the task's URLs are matched by content among the rows of no task of ours.
        const urls = new Set(task.urls);
        const byContent = rows.filter(r => !ours.has(r.TaskId) && r.Content && urls.has(r.Content));
        return (0,dcdn_tasks/* combineRows */.BZ)(task.key, byContent.length > 0 ? byContent : []);
    });
}

;// CONCATENATED MODULE: ./src/providers/alibaba/esa.ts
// Alibaba Cloud ESA (Edge Security Acceleration, API version 2024-09-10): PurgeCaches, PreloadCaches
// and GetPurgeQuota on one site (providers.md §4). Same RPC transport and V3 signing as DCDN (§1);
// a site is named by its SiteId, and URLs of several hosts of the site may share one request.






const ESA_VERSION = '2024-09-10';
const ESA_REGIONS = ['cn-hangzhou', 'ap-southeast-1'];
function esaEndpoint(region) {
    return `https://esa.${region}.aliyuncs.com`;
}
const ESA_ENDPOINT = esaEndpoint('cn-hangzhou');
/**
 * Per-request limits. UNCONFIRMED (providers.md §4, §7 item 6): the ESA pages state none, so these
 * are DCDN's (1,000 URLs or 100 directories a purge, 100 URLs a prefetch), the safe guess until the
 * provider says otherwise. Daily quotas are read live from GetPurgeQuota; there is no preload quota
 * API, so a prefetch quota is only learnt from an error.
 */
const ESA_DEFAULT_LIMITS = {
    purgePerRequest: 1000,
    directoriesPerRequest: 100,
    ignoreParamsPerRequest: 1000,
    prefetchPerRequest: 100
};
const CONTENT_KEY = {
    file: 'Files',
    directory: 'Directories',
    ignoreParams: 'IgnoreParams'
};
/** `file` → file, `directory` → directory, `ignore-params` → ignoreParams; else Unsupported. */
function esaPurgeType(objectType) {
    switch (objectType) {
        case 'file':
            return 'file';
        case 'directory':
            return 'directory';
        case 'ignore-params':
            return 'ignoreParams';
        default:
            throw (0,object_path_call/* unsupported */.qO)(`Alibaba Cloud ESA cannot purge ${objectType} objects.`);
    }
}
/** The PurgeCaches `Content` parameter: `{"Files":[...]}`, `{"Directories":[...]}` or `{"IgnoreParams":[...]}`. */
function esaPurgeContent(type, urls) {
    return JSON.stringify({ [CONTENT_KEY[type]]: urls });
}
const taskSchema = schemas/* object */.Ikc({ TaskId: response_fields/* taskIdField */.x, RequestId: schemas/* optional */.lqM(schemas/* string */.YjP()) });
const quotaSchema = schemas/* object */.Ikc({
    Quota: response_fields/* countField */.Q,
    Usage: response_fields/* countField */.Q,
    Quota30Day: schemas/* optional */.lqM(response_fields/* countField */.Q),
    Usage30Day: schemas/* optional */.lqM(response_fields/* countField */.Q),
    RequestId: schemas/* optional */.lqM(schemas/* string */.YjP())
});
/**
 * What is left of one purge type today: Quota − Usage, floored at 0, and within the 30-day quota
 * when one is configured (`Quota30Day` "0" means none, GetPurgeQuota doc).
 */
function remainingPurgeQuota(answer) {
    const daily = Math.max(0, answer.Quota - answer.Usage);
    if (!answer.Quota30Day)
        return daily;
    return Math.min(daily, Math.max(0, answer.Quota30Day - (answer.Usage30Day ?? 0)));
}
/**
 * ESA codes that rpc.ts's generic rules (Throttling*, QuotaExceeded.*, auth codes, HTTP 429/5xx)
 * would class wrongly. ESA error codes are UNCONFIRMED (providers.md §7 item 6); each entry names
 * where it was seen.
 */
const ESA_RETRYABLE_CODES = new Set([
    // HTTP 400 "Too many requests. Please try again later." in the error tables of the ESA 2024-09-10
    // API pages GetPurgeQuota and UploadFile (alibabacloud.com/help/en/edge-security-acceleration/esa/
    // api-esa-2024-09-10-getpurgequota, …-uploadfile).
    'TooManyRequests'
]);
function reclassify(err) {
    if (err instanceof provider/* ProviderError */.mZ &&
        err.errorClass === 'permanent' &&
        ESA_RETRYABLE_CODES.has(err.code)) {
        return new provider/* ProviderError */.mZ({
            code: err.code,
            errorClass: 'retryable',
            message: err.message,
            httpStatus: err.httpStatus,
            requestId: err.requestId
        });
    }
    return err;
}
const QUOTA_TYPES = ['file', 'directory', 'ignoreParams'];
function createEsaClient(options) {
    const logger = options.logger ?? provider/* silentLogger */.qq;
    const siteId = String(options.siteId).trim();
    if (!/^[1-9]\d*$/.test(siteId)) {
        throw new Error(`ESA siteId must be a positive integer, not ${JSON.stringify(options.siteId)}`);
    }
    const rpc = {
        endpoint: options.endpoint ?? ESA_ENDPOINT,
        credentials: options.credentials,
        requestTimeoutMs: options.requestTimeoutMs,
        logger,
        now: options.now,
        nonce: options.nonce
    };
    // The SDK sends every parameter in the query string; a Content of 1,000 URLs belongs in a body.
    const caller = (0,object_path_call/* createObjectPathCaller */.si)(rpc, { version: ESA_VERSION, product: 'ESA', logger });
    async function call(action, params, schema) {
        try {
            return await caller.call(action, params, schema);
        }
        catch (err) {
            throw reclassify(err);
        }
    }
    /** One type's remaining count; null when ESA answers that type with a permanent error. */
    async function readType(type) {
        try {
            const { data } = await call('GetPurgeQuota', { SiteId: siteId, Type: type }, quotaSchema);
            return remainingPurgeQuota(data);
        }
        catch (err) {
            if (!(err instanceof provider/* ProviderError */.mZ) || err.errorClass !== 'permanent')
                throw err;
            logger.warning(`GetPurgeQuota for ${type} purges of site ${siteId} failed (${err.code}: ${err.message}); that quota is unknown.`);
            return null;
        }
    }
    return {
        taskStatus: (operation, tasks, pace) => describeEsaTasks({ call, placement: caller.placement }, siteId, operation, tasks, options.now ?? Date.now, pace ?? (async () => { })),
        async readQuota() {
            // GetPurgeQuota takes one Type: one call per type, in turn.
            const left = {};
            for (const type of QUOTA_TYPES)
                left[type] = await readType(type);
            const { file, directory, ignoreParams } = left;
            const remainingByType = {};
            if (directory !== null)
                remainingByType.directory = directory;
            if (ignoreParams !== null)
                remainingByType['ignore-params'] = ignoreParams;
            return {
                remaining: file === null ? {} : { refresh: file },
                remainingByType,
                // No preload quota API in ESA 2024-09-10 (providers.md §4).
                details: { 'refresh-url': file, 'refresh-dir': directory, prefetch: null }
            };
        },
        async submit(operation, objects, objectType = 'file') {
            if (operation === 'prefetch') {
                if (objectType !== 'file') {
                    throw (0,object_path_call/* unsupported */.qO)(`Alibaba Cloud ESA prefetches files only, not ${objectType} objects.`);
                }
                (0,object_path_call/* checkUrlList */.A1)(operation, objects);
                const { data, requestId } = await call('PreloadCaches', { SiteId: siteId, Content: JSON.stringify(objects) }, taskSchema);
                return { taskIds: (0,dcdn.splitTaskIds)(data.TaskId), requestId };
            }
            const type = esaPurgeType(objectType);
            (0,object_path_call/* checkUrlList */.A1)(operation, objects);
            const urls = type === 'ignoreParams' ? (0,object_path_call/* withoutQuery */.j$)(objects) : objects;
            const params = {
                SiteId: siteId,
                Type: type,
                Content: esaPurgeContent(type, urls)
            };
            if (options.edgeComputePurge)
                params.EdgeComputePurge = 'true';
            if (type === 'directory' && options.force !== undefined)
                params.Force = String(options.force);
            const { data, requestId } = await call('PurgeCaches', params, taskSchema);
            return { taskIds: (0,dcdn.splitTaskIds)(data.TaskId), requestId };
        }
    };
}

;// CONCATENATED MODULE: ./src/providers/alibaba/esa-provider.ts
// Alibaba Cloud ESA (API 2024-09-10) as a pipeline provider: limits as data, its own inputs, and
// the client from esa.ts.







const esaSpec = {
    name: 'alibaba-esa',
    title: 'Alibaba Cloud ESA',
    // UNCONFIRMED per-request limits (ESA's pages state none): DCDN's, which `limits` can change;
    // several hosts of the site may share a request. The provider's error code has the last word.
    refresh: {
        perRequest: ESA_DEFAULT_LIMITS.purgePerRequest,
        maxUrlLength: 1024,
        objectTypes: {
            directory: { perRequest: ESA_DEFAULT_LIMITS.directoriesPerRequest },
            'ignore-params': { perRequest: ESA_DEFAULT_LIMITS.ignoreParamsPerRequest }
        }
    },
    prefetch: { perRequest: ESA_DEFAULT_LIMITS.prefetchPerRequest, maxUrlLength: 1024 },
    quotaApi: true,
    quotaExplanation: 'Read with GetPurgeQuota per type (quota minus usage today); ESA has no preload quota API, so prefetch is unknown until ESA says the quota is used up.',
    taskIds: true,
    status: { refresh: ESA_PURGE_STATUS, prefetch: ESA_PRELOAD_STATUS }
};
const siteIdSchema = schemas/* string */.YjP().check(api/* _regex */.Fk(/^[1-9]\d{0,18}$/, { error: 'is not a site ID' }));
const esaProvider = {
    spec: esaSpec,
    quotaKeys: ['refresh-url', 'refresh-dir', 'prefetch'],
    inputs: inputs/* ESA_INPUTS */.EN,
    configure(read, env, live) {
        const credentials = (0,providers_credentials/* readKeyPair */.AH)(read, env, inputs/* ALIBABA_CREDENTIAL_ENV */.DN, live);
        const siteInput = read('site-id').trim();
        if (siteInput === '') {
            throw new input_error/* InputError */.d('site-id', 'is required: the numeric ID of the ESA site (console: Websites, or the ListSites API).');
        }
        const siteId = (0,input_fields/* field */.ZZ)('site-id', siteInput, siteIdSchema, 'Give the numeric site ID, e.g. 123456789.');
        const region = (0,input_fields/* oneOf */.yL)('region', read('region').trim() || 'cn-hangzhou', [...ESA_REGIONS]);
        const endpointInput = read('endpoint').trim();
        const endpoint = endpointInput
            ? (0,input_fields/* endpointUrl */.Pb)('endpoint', endpointInput, esaEndpoint(region))
            : esaEndpoint(region);
        const edgeComputePurge = (0,input_fields/* boolean */.zM)('edge-compute-purge', read('edge-compute-purge').trim() || 'false');
        return {
            directTargets: [],
            createClient: ({ requestTimeoutMs, logger }) => credentials
                ? createEsaClient({
                    endpoint,
                    credentials,
                    // Int64: kept as digits when it would not fit a double exactly.
                    siteId: Number.isSafeInteger(Number(siteId)) ? Number(siteId) : siteId,
                    edgeComputePurge,
                    requestTimeoutMs,
                    logger
                })
                : null
        };
    }
};


/***/ })

};
