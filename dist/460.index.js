export const id = 460;
export const ids = [460];
export const modules = {

/***/ 9460:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  edgeRoutineProvider: () => (/* binding */ edgeRoutineProvider),
  edgeRoutineSpec: () => (/* binding */ edgeRoutineSpec)
});

// EXTERNAL MODULE: ./src/input-error.ts
var input_error = __webpack_require__(6236);
// EXTERNAL MODULE: ./src/input-fields.ts + 1 modules
var input_fields = __webpack_require__(3681);
// EXTERNAL MODULE: ./src/providers/credentials.ts
var providers_credentials = __webpack_require__(60);
// EXTERNAL MODULE: ./src/providers/alibaba/inputs.ts
var inputs = __webpack_require__(1040);
// EXTERNAL MODULE: ./node_modules/zod/v4/mini/schemas.js + 5 modules
var schemas = __webpack_require__(8395);
// EXTERNAL MODULE: ./src/providers/alibaba/response-fields.ts
var response_fields = __webpack_require__(7366);
// EXTERNAL MODULE: ./src/providers/provider.ts
var provider = __webpack_require__(9545);
// EXTERNAL MODULE: ./src/providers/alibaba/object-path-call.ts + 2 modules
var object_path_call = __webpack_require__(8516);
// EXTERNAL MODULE: ./src/providers/alibaba/dcdn.ts + 1 modules
var dcdn = __webpack_require__(7328);
// EXTERNAL MODULE: ./src/providers/alibaba/dcdn-tasks.ts
var dcdn_tasks = __webpack_require__(6941);
;// CONCATENATED MODULE: ./src/providers/alibaba/edge-routine.ts
// Alibaba Cloud Edge Routine cache refresh: RefreshErObjectCaches, a DCDN action (host
// dcdn.aliyuncs.com, version 2018-01-15) that purges caches written by the Edge Routine Cache API and
// by fetch subrequests (providers.md §3; seed 004). Refresh only: there is no Edge Routine prefetch.






const EDGE_ROUTINE_VERSION = '2018-01-15';
const EDGE_ROUTINE_ENDPOINT = 'https://dcdn.aliyuncs.com';
/**
 * RefreshErObjectCaches limits [DOC, providers.md §3, seed 004], as data for the provider spec:
 * every URL of a request on one domain; 1,000 URLs or 100 directories a request; 1,000 URLs per
 * domain per minute; URLs of up to 1,024 characters; 10,000 URLs and 100 directories a day.
 */
const EDGE_ROUTINE_LIMITS = {
    perRequest: 1000,
    directoriesPerRequest: 100,
    hostsPerRequest: 1,
    urlsPerHostPerMinute: 1000,
    maxUrlLength: 1024,
    urlsPerDay: 10_000,
    directoriesPerDay: 100
};
const refreshSchema = schemas/* object */.Ikc({ RefreshTaskId: response_fields/* taskIdField */.x, RequestId: schemas/* optional */.lqM(schemas/* string */.YjP()) });
const quotaSchema = schemas/* object */.Ikc({
    UrlRemain: response_fields/* countField */.Q,
    DirRemain: response_fields/* countField */.Q,
    // In the SDK model, but older answers may lack it; then ignore-params refreshes are reported as
    // sharing the URL quota (as for DCDN).
    IgnoreParamsRemain: schemas/* optional */.lqM(response_fields/* countField */.Q),
    RequestId: schemas/* optional */.lqM(schemas/* string */.YjP())
});
/** Refuses (permanent) URLs on more than one host (lower-case, with a non-default port). */
function requireOneHost(urls) {
    const hosts = new Set();
    for (const [i, url] of urls.entries()) {
        let host;
        try {
            host = new URL(url).host.toLowerCase();
        }
        catch {
            throw new provider/* ProviderError */.mZ({
                code: 'InvalidUrl',
                errorClass: 'permanent',
                message: `URL ${i + 1} of ${urls.length} is not an absolute URL: ${JSON.stringify(url)}`
            });
        }
        hosts.add(host);
    }
    if (hosts.size > 1) {
        throw new provider/* ProviderError */.mZ({
            code: 'MultipleHosts',
            errorClass: 'permanent',
            message: `RefreshErObjectCaches takes URLs of one domain a request; this one has ${hosts.size}: ${[...hosts].join(', ')}.`
        });
    }
}
function createEdgeRoutineClient(options) {
    const logger = options.logger ?? provider/* silentLogger */.qq;
    const rpc = {
        endpoint: options.endpoint ?? EDGE_ROUTINE_ENDPOINT,
        credentials: options.credentials,
        requestTimeoutMs: options.requestTimeoutMs,
        logger,
        now: options.now,
        nonce: options.nonce
    };
    const caller = (0,object_path_call/* createObjectPathCaller */.si)(rpc, {
        version: EDGE_ROUTINE_VERSION,
        product: 'DCDN (Edge Routine)',
        logger
    });
    const mergeDomainName = (options.mergeDomainNames ?? [])
        .map(name => name.trim())
        .filter(name => name !== '')
        .join(',');
    return {
        taskStatus: (_operation, tasks) => (0,dcdn_tasks/* describeTasksById */.sS)(caller, tasks),
        /**
         * DescribeDcdnRefreshQuota. UNCONFIRMED (providers.md §3, §7 item 5): whether Edge Routine
         * refreshes count against DCDN's daily counters; the issue says they are shared, so the DCDN
         * quota is what limits them, and a DCDN run on the same account uses the same numbers.
         */
        async readQuota() {
            const { data } = await caller.call('DescribeDcdnRefreshQuota', {}, quotaSchema);
            return {
                remaining: { refresh: data.UrlRemain },
                remainingByType: {
                    directory: data.DirRemain,
                    ...(data.IgnoreParamsRemain === undefined
                        ? {}
                        : { 'ignore-params': data.IgnoreParamsRemain })
                },
                details: { 'refresh-url': data.UrlRemain, 'refresh-dir': data.DirRemain }
            };
        },
        async submit(operation, objects, objectType = 'file') {
            if (operation !== 'refresh') {
                throw (0,object_path_call/* unsupported */.qO)('Edge Routine caches can only be refreshed; there is no prefetch.');
            }
            const type = (0,object_path_call/* dcdnObjectType */.lI)(objectType);
            (0,object_path_call/* checkUrlList */.A1)(operation, objects);
            requireOneHost(objects);
            const urls = objectType === 'ignore-params' ? (0,object_path_call/* withoutQuery */.j$)(objects) : [...objects];
            // ObjectType is required by the doc (seed 004), so it is always sent, File included.
            const params = { ObjectPath: urls.join('\n'), ObjectType: type };
            if (objectType === 'directory')
                params.Force = options.force ? 'true' : 'false';
            if (options.routineId)
                params.RoutineId = options.routineId;
            if (mergeDomainName)
                params.MergeDomainName = mergeDomainName;
            const { data, requestId } = await caller.call('RefreshErObjectCaches', params, refreshSchema);
            return { taskIds: (0,dcdn.splitTaskIds)(data.RefreshTaskId), requestId };
        }
    };
}

;// CONCATENATED MODULE: ./src/providers/alibaba/edge-routine-provider.ts
// Alibaba Edge Routine cache refresh (RefreshErObjectCaches) as a pipeline provider: limits as
// data, its own inputs, and the client from edge-routine.ts.






const edgeRoutineSpec = {
    name: 'alibaba-edge-routine',
    title: 'Alibaba Cloud Edge Routine',
    // One domain a request (grouped by host), 1,000 URLs or 100 directories a request, 1,000 URLs a
    // domain a minute, URLs of up to 1,024 characters. No prefetch.
    refresh: {
        perRequest: EDGE_ROUTINE_LIMITS.perRequest,
        hostsPerRequest: EDGE_ROUTINE_LIMITS.hostsPerRequest,
        urlsPerHostPerMinute: EDGE_ROUTINE_LIMITS.urlsPerHostPerMinute,
        maxUrlLength: EDGE_ROUTINE_LIMITS.maxUrlLength,
        objectTypes: {
            directory: { perRequest: EDGE_ROUTINE_LIMITS.directoriesPerRequest },
            'ignore-params': { perRequest: EDGE_ROUTINE_LIMITS.perRequest }
        }
    },
    quotaApi: true,
    quotaExplanation: 'Read with DescribeDcdnRefreshQuota: Edge Routine refreshes count against the same daily counters as DCDN refreshes (10,000 URLs and 100 directories by default).',
    taskIds: true,
    // UNCONFIRMED (providers.md §3): whether DescribeDcdnRefreshTaskById lists Edge Routine tasks. It
    // is asked; a task it never lists ends the wait as incomplete ("not listed"), never as complete.
    status: { refresh: dcdn_tasks/* DCDN_STATUS */.rz }
};
// "Name.Subdomain": both parts are routine and subdomain names (letters, digits, hyphens).
const ROUTINE_ID = /^[A-Za-z0-9][A-Za-z0-9-]*\.[A-Za-z0-9][A-Za-z0-9-]*$/;
const DOMAIN = /^(?=.{1,253}$)([A-Za-z0-9*]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const edgeRoutineProvider = {
    spec: edgeRoutineSpec,
    quotaKeys: ['refresh-url', 'refresh-dir'],
    inputs: inputs/* EDGE_ROUTINE_INPUTS */.X5,
    configure(read, env, live) {
        const credentials = (0,providers_credentials/* readKeyPair */.AH)(read, env, inputs/* ALIBABA_CREDENTIAL_ENV */.DN, live);
        const endpointInput = read('endpoint').trim();
        const endpoint = endpointInput
            ? (0,input_fields/* endpointUrl */.Pb)('endpoint', endpointInput, EDGE_ROUTINE_ENDPOINT)
            : EDGE_ROUTINE_ENDPOINT;
        const routineId = read('routine-id').trim();
        if (routineId && !ROUTINE_ID.test(routineId)) {
            throw new input_error/* InputError */.d('routine-id', `'${routineId}' is not a routine ID. Give "Name.Subdomain", e.g. test.mysubdomain, or leave it empty to refresh what fetch subrequests cached.`);
        }
        const mergeDomainNames = read('merge-domain-names')
            .split(',')
            .map(d => d.trim())
            .filter(d => d !== '');
        const badDomain = mergeDomainNames.find(d => !DOMAIN.test(d));
        if (badDomain !== undefined) {
            throw new input_error/* InputError */.d('merge-domain-names', `'${badDomain}' is not a domain name. Give domains separated by commas, e.g. www.example.com,static.example.com.`);
        }
        const force = (0,input_fields/* boolean */.zM)('force', read('force').trim() || 'false');
        return {
            directTargets: [],
            createClient: ({ requestTimeoutMs, logger }) => credentials
                ? createEdgeRoutineClient({
                    endpoint,
                    credentials,
                    ...(routineId && { routineId }),
                    ...(mergeDomainNames.length > 0 && { mergeDomainNames }),
                    force,
                    requestTimeoutMs,
                    logger
                })
                : null
        };
    }
};


/***/ })

};
