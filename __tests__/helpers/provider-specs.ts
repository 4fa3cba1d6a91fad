import type { ProviderSpec } from '../../src/providers/provider.js'

// Provider shapes for the planning, batching, pacing and submit tests, declared independently of
// the specs in src. The name union holds one provider so far, so every fixture is 'alibaba-dcdn'.

/** Mimics Alibaba Cloud DCDN: per-host slots, per-host minute rate, URL length cap, quota API. */
export const dcdnLikeSpec: ProviderSpec = {
  name: 'alibaba-dcdn',
  title: 'Alibaba Cloud DCDN',
  quotaApi: true,
  taskIds: true,
  refresh: {
    perRequest: 1000,
    hostsPerRequest: 10,
    urlsPerHostPerMinute: 1000,
    maxUrlLength: 1024
  },
  prefetch: { perRequest: 100, hostsPerRequest: 10, maxUrlLength: 1024 }
}

/** Mimics the coming Huawei Cloud VOD provider: prefetch only, with a daily cap and no quota API. */
export const vodLikeSpec: ProviderSpec = {
  name: 'alibaba-dcdn',
  title: 'Huawei Cloud VOD',
  quotaApi: false,
  taskIds: true,
  prefetch: { perRequest: 10, perDay: 1000 }
}

/** Mimics the coming Gcore CDN provider: requests per minute, no task ids, prefetch size range. */
export const gcoreLikeSpec: ProviderSpec = {
  name: 'alibaba-dcdn',
  title: 'Gcore CDN',
  quotaApi: false,
  taskIds: false,
  refresh: { perRequest: 100, requestsPerMinute: 2 },
  prefetch: { perRequest: 100, requestsPerMinute: 1, sizeRange: [200_000_000, 5_000_000_000] }
}

/** Mimics the coming Alibaba Edge Routine provider: refresh only, one host per request. */
export const edgeRoutineLikeSpec: ProviderSpec = {
  name: 'alibaba-dcdn',
  title: 'Alibaba Edge Routine',
  quotaApi: false,
  taskIds: true,
  refresh: { perRequest: 1000, hostsPerRequest: 1, urlsPerHostPerMinute: 1000 }
}
