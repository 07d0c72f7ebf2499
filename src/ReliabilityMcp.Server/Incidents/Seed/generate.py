#!/usr/bin/env python3
"""Generates incidents.json, the starter corpus for incident memory (issue 3).

Hand-written phrasings per failure mode are combined with services, versions and numbers from a fixed-seed
random generator, so the output is reproducible: `python3 generate.py > incidents.json`. Outcomes follow each
mode's realistic playbook, including attempts that failed (restarting a leaking service buys hours, not a fix).
Not used by any quality test: the labelled test set in tests/ was written separately.
"""
import json, random
from datetime import datetime, timedelta, timezone

rnd = random.Random(20260301)
SERVICES = ["checkout", "payments", "orders", "inventory", "search", "catalog", "accounts", "auth", "notifications",
            "emails", "shipping", "pricing", "recommendations", "gateway", "frontend", "analytics", "billing",
            "profile", "media", "inference", "embeddings", "feeds", "ledger", "fraud", "webhooks", "reporting"]
GPU_SERVICES = ["inference", "embeddings", "vision", "llm-gateway", "speech", "ranking-model"]
DBS = ["orders-db", "payments-db", "accounts-db", "catalog-pg", "ledger-mysql", "inventory-db"]
DEPS = ["Stripe", "Adyen", "the SMS provider", "the geocoding API", "the identity provider", "S3 in eu-west-1",
        "the carrier rate API", "the tax calculation service", "the email relay", "the feature flag SaaS"]

def pick(xs): return rnd.choice(xs)
def ver(): return f"{rnd.randint(1,4)}.{rnd.randint(0,30)}.{rnd.randint(0,9)}"

MODES = {
 "deploy-regression": dict(
   titles=["Error rate spike after {svc} deploy {v}", "{svc} 5xx right after release {v}", "Latency regression in {svc} following rollout of {v}",
           "{svc} broken by release {v}: exceptions on hot path", "Canary of {svc} {v} shows elevated errors; full rollout followed"],
   symptoms=["HTTP 500s rose from 0.1% to {pct}% within minutes of the deploy", "p99 latency jumped from 180 ms to {ms} ms as new pods took traffic",
             "NullPointerException in the new discount code path, only on pods running {v}", "errors only from pods with the new image; old pods healthy",
             "synthetic checks failing since the rollout reached 50%"],
   descs=["Release {v} of {svc} went out at {hh}:{mm}. Errors started as the new pods became ready and tracked the rollout percentage.",
          "A change in {v} added a synchronous call on the request path; under production load it regressed latency badly.",
          "The deploy included a schema-dependent query that the old database migration had not prepared for; requests failed on new pods.",
          "Config shipped with {v} pointed {svc} at a staging endpoint; every call through the new code path failed."],
   causes=["Code regression in release {v} not covered by tests", "N+1 query introduced in {v}", "Bad config bundled with the release", "Missing database migration before deploy"],
   tele=dict(error_rate=(0.05, 0.3), latency_p99=(600, 4000), cpu_util=(0.3, 0.7)),
   plays=[(["rollback"], 0.92, (5, 25), "Rollback to the previous version restored error rates; add the failing case to the canary analysis."),
          (["restart"], 0.1, (5, 15), "Restarting did nothing: every new pod ran the same bad build."),
          (["traffic_shift", "rollback"], 0.95, (8, 30), "Shifted traffic to the old deployment, then rolled back.")]),
 "db-pool-exhaustion": dict(
   titles=["{svc} timing out: database connection pool exhausted", "Connection pool saturation between {svc} and {db}", "{svc} threads blocked waiting for DB connections",
           "Pool exhausted on {svc}; requests time out acquiring a connection", "{db} max_connections reached, {svc} pool cannot refill"],
   symptoms=["'timeout acquiring connection from pool' errors, active connections pinned at pool max ({n})", "p99 latency {ms} ms, request threads parked on pool.getConnection",
             "HikariPool-1 - Connection is not available, request timed out after 30000ms", "FATAL: sorry, too many clients already from {db}",
             "pending connection requests climbing while database CPU stays low"],
   descs=["A slow report query held connections for minutes, so the pool drained and ordinary requests queued behind it.",
          "Scaling {svc} from 6 to 20 replicas multiplied the per-pod pools and {db} hit max_connections.",
          "A code path leaked connections on an exception branch; the pool slowly emptied over the afternoon.",
          "Retry storm from a client doubled concurrent requests; the fixed-size pool could not serve them."],
   causes=["Long-running queries holding pooled connections", "Connection leak on error path", "Replica count times pool size exceeded database max_connections", "Pool too small for peak concurrency"],
   tele=dict(latency_p99=(2000, 30000), error_rate=(0.05, 0.4), cpu_util=(0.1, 0.4)),
   plays=[(["restart"], 0.55, (5, 20), "A restart released the leaked connections but the problem returned later."),
          (["custom"], 0.85, (10, 45), "Killed the long-running queries and added a statement timeout."),
          (["scale_out"], 0.2, (10, 30), "Scaling out made it worse: more pods, more pools, same database limit."),
          (["circuit_breaker", "custom"], 0.8, (15, 40), "Opened the breaker on the reporting endpoint and lowered per-pod pool size.")]),
 "memory-leak": dict(
   titles=["{svc} memory leak: pods OOMKilled every few hours", "Steady memory growth in {svc} until OOM", "{svc} heap grows without bound after {v}",
           "OOMKilled restarts of {svc} workers", "Gradual RSS climb on {svc} leads to OOM kills"],
   symptoms=["memory_util climbs linearly to {mu}%, then the container is OOMKilled", "sawtooth memory graph, restarts every {h} hours, long GC pauses before each kill",
             "heap dump dominated by one cache map with millions of entries", "RSS grows ~{mb} MB/hour with flat traffic"],
   descs=["A per-request listener was registered and never removed; memory grew with request count.",
          "The in-process cache in {svc} had no eviction policy after refactor {v}; it grew until the pod was OOMKilled.",
          "A native buffer from the HTTP client upgrade was not released; managed heap looked fine while RSS grew.",
          "Session objects were kept in a static dictionary keyed by session id and never removed."],
   causes=["Unbounded in-process cache", "Event handler leak", "Native memory leak in a client library", "Static collection growing per session"],
   tele=dict(memory_util=(0.88, 0.99), latency_p99=(300, 2500), cpu_util=(0.4, 0.9)),
   plays=[(["restart"], 0.6, (3, 10), "Rolling restart buys a few hours; it is not a fix."),
          (["rollback"], 0.85, (10, 30), "Rolling back to the build before the leak stopped the growth."),
          (["scale_out", "restart"], 0.5, (10, 25), "More replicas spread the leak out; restarts scheduled until the fix shipped.")]),
 "cache-stampede": dict(
   titles=["Cache stampede overloads {db} after cache flush", "Thundering herd on {svc} when hot keys expired", "{svc} database saturated by cache misses",
           "Cache node restart causes miss storm for {svc}", "Hot key expiry triggers recompute stampede in {svc}"],
   symptoms=["cache hit ratio fell from 97% to {low}%; database CPU at 100%", "misses spike at the top of every hour when TTLs align",
             "thousands of identical recomputations of the same key", "{db} connections maxed out right after the Redis failover"],
   descs=["A deploy flushed the shared cache; every request missed at once and went to {db}.",
          "Hot keys were all written with the same TTL at startup and expired together.",
          "The memcached node holding the hottest keys restarted; the empty cache let the whole load through to the database.",
          "No request coalescing: concurrent misses for the same key each recomputed it."],
   causes=["Synchronised TTL expiry", "Cache flush during peak", "No single-flight on cache misses", "Cache node restart with no warm-up"],
   tele=dict(latency_p99=(1500, 12000), error_rate=(0.02, 0.2), cpu_util=(0.7, 1.0)),
   plays=[(["circuit_breaker"], 0.7, (10, 30), "Shedding load with the breaker let the cache refill."),
          (["scale_out"], 0.35, (15, 40), "Scaling the app tier added more concurrent misses; the database stayed saturated."),
          (["custom"], 0.88, (20, 60), "Warmed the cache from a snapshot and added TTL jitter.")]),
 "cert-expiry": dict(
   titles=["TLS certificate expired on {svc} endpoint", "{svc} handshakes failing: expired certificate", "mTLS errors after internal certificate expiry for {svc}",
           "Expired client certificate breaks {svc} calls to {dep}", "Certificate on the {svc} load balancer expired overnight"],
   symptoms=["clients report 'certificate has expired'; TLS handshake failures at {pct}% of connections", "x509: certificate has expired or is not yet valid",
             "service mesh rejects {svc} sidecar: certificate expired", "SSL_ERROR_EXPIRED_CERT_ALERT from partner integrations"],
   descs=["The renewal job for the wildcard certificate had been failing silently for weeks; nobody watched its alerts.",
          "The certificate was issued manually two years ago and never added to automated renewal.",
          "The internal CA rotated but {svc}'s sidecar kept the old certificate until it expired.",
          "Renewal reminder emails went to a mailbox of someone who had left the company."],
   causes=["Certificate renewal automation failing silently", "Manually issued certificate outside automation", "Stale certificate in sidecar after CA rotation"],
   tele=dict(error_rate=(0.3, 1.0), throughput=(5, 200)),
   plays=[(["custom"], 0.95, (20, 90), "Issued and deployed a new certificate; added expiry monitoring at 30/14/7 days."),
          (["restart"], 0.3, (5, 15), "Restarting picked up the new cert only where it had already been rotated."),
          (["failover"], 0.6, (10, 30), "Failed over to the secondary region whose certificate was still valid.")]),
 "noisy-neighbour": dict(
   titles=["Noisy neighbour starves {svc} CPU on shared nodes", "{svc} latency from CPU steal on shared hosts", "Disk I/O contention from co-located tenant slows {svc}",
           "{svc} throttled by neighbour pods without limits", "Batch job on same node degrades {svc}"],
   symptoms=["CPU throttling and steal time at {pct}%, latency up with flat traffic", "I/O wait high on the shared volume; p99 {ms} ms",
             "pods without CPU limits on the same node using all cores", "only pods on nodes shared with the batch pool are slow"],
   descs=["A nightly batch job was scheduled onto the same nodes as {svc} and used every core.",
          "Another tenant ran a backup that saturated the shared disk; our reads waited on I/O.",
          "A team deployed pods without resource limits; they landed next to {svc} and starved it.",
          "The hypervisor was oversubscribed; CPU steal on our VMs hurt tail latency."],
   causes=["Workloads without resource limits sharing nodes", "Batch and latency-sensitive workloads co-scheduled", "Oversubscribed hypervisor"],
   tele=dict(latency_p99=(800, 5000), cpu_util=(0.85, 1.0), error_rate=(0.0, 0.05)),
   plays=[(["traffic_shift"], 0.75, (10, 30), "Moved traffic to the node pool without batch jobs."),
          (["scale_out"], 0.55, (10, 25), "New replicas landed on quieter nodes; partial relief."),
          (["restart"], 0.25, (5, 15), "Rescheduled pods landed on the same noisy nodes.")]),
 "dns-failure": dict(
   titles=["DNS resolution failures in {svc}", "{svc} cannot resolve {db} hostname", "Intermittent DNS timeouts for {svc}",
           "CoreDNS overload breaks service discovery for {svc}", "Stale DNS record sends {svc} traffic to a decommissioned host"],
   symptoms=["getaddrinfo ENOTFOUND and intermittent NXDOMAIN for internal names", "temporary failure in name resolution; SERVFAIL from the resolver",
             "DNS lookups take 5 s, requests time out waiting for resolution", "connection refused to an old IP that DNS still returns"],
   descs=["CoreDNS pods were under-provisioned and dropped queries during a traffic peak.",
          "The node conntrack table filled up and UDP DNS packets were dropped.",
          "An upstream resolver outage made every external lookup fail.",
          "A record was not updated after the migration and its long TTL kept clients on the old address."],
   causes=["CoreDNS under-provisioned", "conntrack table exhaustion dropping DNS packets", "Upstream resolver outage", "Stale DNS record with long TTL"],
   tele=dict(error_rate=(0.05, 0.5), latency_p99=(1000, 6000)),
   plays=[(["scale_out"], 0.8, (10, 30), "Scaled CoreDNS and enabled node-local DNS cache."),
          (["restart"], 0.4, (5, 15), "Restarting clients flushed their caches; helped only for the stale record."),
          (["custom"], 0.85, (15, 45), "Corrected the record and lowered its TTL.")]),
 "dependency-outage": dict(
   titles=["{dep} outage causes {svc} failures", "{svc} errors: upstream {dep} returning 503", "Timeouts calling {dep} from {svc}",
           "{svc} degraded while {dep} is down", "Third-party outage at {dep} breaks {svc}"],
   symptoms=["upstream returns 502/503 for {pct}% of calls; our error rate follows", "calls to {dep} time out after 10 s, threads pile up",
             "{dep} status page reports a regional incident", "dependency health check red; our own services healthy"],
   descs=["{dep} had a regional outage; every {svc} request that depends on it failed.",
          "{dep} degraded and our client had no timeout budget, so slow calls consumed all worker threads in {svc}.",
          "A partial outage at {dep} returned errors for one region only."],
   causes=["Third-party provider outage", "No timeout or fallback for a critical dependency", "Single-provider dependency without failover"],
   tele=dict(error_rate=(0.1, 0.8), latency_p99=(2000, 15000)),
   plays=[(["circuit_breaker"], 0.8, (5, 20), "Opened the breaker and served a degraded response until the provider recovered."),
          (["failover"], 0.85, (10, 30), "Switched to the secondary provider."),
          (["alert_team"], 0.5, (30, 180), "Waited for the provider; nothing on our side fixed it."),
          (["restart"], 0.05, (5, 10), "Restart had no effect: the dependency was down.")]),
 "gpu-oom": dict(
   titles=["{gsvc} pods crash with CUDA out of memory", "GPU OOM in {gsvc} on long inputs", "{gsvc} model server exhausts GPU memory after model upgrade",
           "KV cache exceeds GPU memory in {gsvc} under concurrency", "torch.cuda.OutOfMemoryError in {gsvc} after batch size change"],
   symptoms=["RuntimeError: CUDA out of memory. Tried to allocate {gb} GiB", "GPU memory at 100%, model server restarts, 503s from inference",
             "OOM only for requests with very long prompts", "GPU utilisation drops to zero between crash loops"],
   descs=["The new config raised the batch size; peaks no longer fit in the A10's 24 GiB.",
          "Unbounded input length let a few long requests allocate more GPU memory than available.",
          "The upgraded model needs twice the memory; two replicas per GPU no longer fit.",
          "The concurrency limit was raised and the KV cache for concurrent sequences ran the GPU out of memory."],
   causes=["Batch size too large for GPU memory", "No input length limit", "Model upgrade doubled memory footprint", "Concurrency limit too high for KV cache"],
   tele=dict(memory_util=(0.9, 1.0), error_rate=(0.1, 0.6), latency_p99=(2000, 20000)),
   plays=[(["rollback"], 0.85, (10, 30), "Rolled back the model/config change."),
          (["scale_out"], 0.5, (20, 60), "Added GPU nodes; helped only once replicas per GPU were reduced."),
          (["restart"], 0.15, (5, 10), "Restarting reloaded the same model into the same memory budget."),
          (["custom"], 0.8, (15, 45), "Capped input tokens and max concurrent sequences.")]),
 "queue-backlog": dict(
   titles=["{svc} queue backlog growing, consumers falling behind", "Kafka consumer lag on {svc} events", "{svc} workers cannot keep up, queue depth at {nk}k",
           "Poison message stalls {svc} consumer group", "Retry queue floods {svc} after partner outage"],
   symptoms=["queue depth {nk}k messages and rising; age of oldest message {h} hours", "consumer group lag increasing steadily, processing rate halved",
             "one partition stuck on the same offset for an hour", "delayed emails/notifications reported by customers"],
   descs=["Consumers slowed after a change to message processing and no longer matched the producer rate.",
          "A poison message failed repeatedly and blocked its partition.",
          "Workers were scaled down by mistake; the backlog built faster than it could drain.",
          "Retries for a failing partner filled the queue and starved other work."],
   causes=["Consumer throughput below producer rate", "Poison message without dead-letter queue", "Autoscaling misconfiguration", "Unbounded retries"],
   tele=dict(throughput=(50, 2000), latency_p99=(500, 5000), cpu_util=(0.6, 1.0)),
   plays=[(["scale_out"], 0.85, (15, 60), "Scaled consumers; backlog drained over the next hour."),
          (["custom"], 0.85, (10, 40), "Moved the poison message to a dead-letter queue."),
          (["restart"], 0.3, (5, 15), "Restarting consumers re-read the same poison message.")]),
 "disk-full": dict(
   titles=["{svc} writes failing: no space left on device", "Disk full on {db}, inserts failing", "{svc} log volume filled the disk",
           "WAL volume at 100% on {db}", "Build agents fail with disk space exhausted"],
   symptoms=["No space left on device in application logs", "could not extend file: No space left on device", "disk usage 100%, process crash-looping",
             "write errors and stalled ingestion, free space 0 bytes"],
   descs=["A stuck replication slot kept WAL around until the volume filled.",
          "Debug logging was left on after an investigation and filled the disk in two days.",
          "Retention was misconfigured so old data was never deleted.",
          "Docker images accumulated without cleanup."],
   causes=["Stuck replication slot retaining WAL", "Debug logging left enabled", "Retention misconfiguration", "No image garbage collection"],
   tele=dict(error_rate=(0.2, 1.0), latency_p99=(200, 3000)),
   plays=[(["custom"], 0.9, (10, 45), "Freed space (dropped the stale slot / rotated logs) and added a disk usage alert at 80%."),
          (["restart"], 0.1, (5, 10), "Restart did not free any disk."),
          (["scale_out"], 0.3, (20, 60), "New nodes had space, but the stateful volume still had to be expanded.")]),
 "retry-storm": dict(
   titles=["Retry storm amplifies {svc} slowdown", "Clients hammering {svc} with retries after brief blip", "{svc} overloaded by synchronized client retries",
           "Exponential load from retries without backoff on {svc}"],
   symptoms=["request rate tripled while user traffic was flat", "most requests are retries; each timeout triggers three more",
             "load never recovers after a 30 s blip", "{svc} CPU 100%, error rate {pct}%"],
   descs=["A short GC pause caused timeouts; clients retried immediately without backoff and kept {svc} overloaded.",
          "Three layers each retried three times, multiplying load 27x during the incident.",
          "Mobile clients retried in lockstep after a push notification."],
   causes=["Retries without backoff or jitter", "Retry amplification across layers", "No retry budget"],
   tele=dict(throughput=(2000, 50000), cpu_util=(0.9, 1.0), error_rate=(0.2, 0.7)),
   plays=[(["circuit_breaker"], 0.85, (5, 20), "Breaker and load shedding broke the feedback loop."),
          (["scale_out"], 0.45, (10, 30), "Extra capacity absorbed some retries; the storm continued until shedding."),
          (["restart"], 0.1, (5, 10), "Restarts dropped capacity and made the storm worse.")]),
 "config-error": dict(
   titles=["Bad feature flag disables {svc} payment path", "{svc} misconfigured after config push", "Wrong timeout value in {svc} config causes failures",
           "Feature flag rollout breaks {svc} for a region"],
   symptoms=["errors began right after a config change, no deploy", "only users in the flag cohort see failures",
             "{svc} calls time out at 50 ms after the config push", "config diff shows a typo in the endpoint URL"],
   descs=["A feature flag was enabled for 100% instead of 1%; the new path failed for everyone.",
          "A config push set the client timeout to 50 ms instead of 5000 ms.",
          "The dynamic config service pushed a malformed value and {svc} fell back to defaults that do not work in production."],
   causes=["Feature flag misconfiguration", "Typo in runtime configuration", "Config change without validation"],
   tele=dict(error_rate=(0.1, 0.9), latency_p99=(100, 2000)),
   plays=[(["rollback"], 0.9, (5, 20), "Reverted the config change."),
          (["custom"], 0.85, (5, 15), "Turned the flag off."),
          (["restart"], 0.2, (5, 10), "Restarted pods read the same bad config.")]),
 "cpu-saturation": dict(
   titles=["{svc} CPU saturated by traffic spike", "Marketing campaign overloads {svc}", "{svc} at 100% CPU during peak, latency climbing",
           "Autoscaler too slow for {svc} traffic surge"],
   symptoms=["traffic up {x}x in ten minutes, CPU 100%, latency {ms} ms", "HPA at max replicas, queueing in the load balancer",
             "throughput plateaued while requests kept arriving", "pods CPU throttled at their limits"],
   descs=["A campaign email went to every customer at once; {svc} traffic jumped far above normal peak.",
          "The autoscaler's max replicas was set for last year's traffic.",
          "A partner integration started calling {svc} in a tight loop."],
   causes=["Traffic surge beyond capacity", "Autoscaler maximum too low", "Abusive client without rate limit"],
   tele=dict(cpu_util=(0.92, 1.0), throughput=(3000, 80000), latency_p99=(800, 6000)),
   plays=[(["scale_out"], 0.9, (5, 20), "Raised the autoscaler limit and scaled out."),
          (["circuit_breaker"], 0.6, (5, 15), "Shed low-priority traffic until capacity caught up."),
          (["restart"], 0.05, (5, 10), "Restarts reduced capacity during the surge.")]),
 "db-lock-contention": dict(
   titles=["Lock contention on {db} stalls {svc} writes", "Deadlocks in {svc} after schema change", "{svc} transactions waiting on row locks in {db}",
           "Long-running migration locks table used by {svc}"],
   symptoms=["lock wait timeout exceeded; try restarting transaction", "deadlock detected errors at {n}/min",
             "pg_stat_activity full of sessions waiting on the same relation", "write latency {ms} ms, reads fine"],
   descs=["A migration took an ACCESS EXCLUSIVE lock on a hot table during business hours.",
          "A new code path updated rows in a different order than the old one, causing deadlocks.",
          "A batch job updated millions of rows in one transaction and held locks for minutes."],
   causes=["Migration holding exclusive lock", "Inconsistent lock ordering", "Oversized batch transaction"],
   tele=dict(latency_p99=(2000, 20000), error_rate=(0.02, 0.3), cpu_util=(0.2, 0.5)),
   plays=[(["custom"], 0.85, (10, 40), "Killed the blocking session and rescheduled the job in small batches."),
          (["rollback"], 0.8, (10, 30), "Rolled back the release with the new lock order."),
          (["restart"], 0.2, (5, 10), "Restarting the app did not release the database locks.")]),
 "node-failure": dict(
   titles=["Kubernetes node failure takes down {svc} replicas", "{svc} pods evicted after node NotReady", "Availability zone issue degrades {svc}",
           "{svc} capacity halved by node pool outage"],
   symptoms=["nodes NotReady, pods stuck Terminating", "half of {svc} replicas unavailable; remaining pods overloaded",
             "zone {zone} health checks failing", "PodDisruptionBudget blocks rescheduling"],
   descs=["A kernel bug froze several nodes in one pool; {svc} replicas there stopped serving.",
          "An availability zone had a network problem and its nodes went NotReady.",
          "Spot instances were reclaimed at once, removing most of {svc}'s capacity."],
   causes=["Node kernel bug", "Availability zone network outage", "Spot instance reclamation"],
   tele=dict(error_rate=(0.05, 0.5), latency_p99=(500, 4000), cpu_util=(0.7, 1.0)),
   plays=[(["failover"], 0.85, (10, 30), "Shifted traffic away from the bad zone."),
          (["scale_out"], 0.8, (10, 30), "Scaled out on healthy nodes."),
          (["restart"], 0.3, (5, 20), "Restarts were rescheduled onto the same failing nodes.")]),
 "slow-query": dict(
   titles=["Missing index makes {svc} query slow", "{svc} latency from full table scan on {db}", "Query plan regression on {db} slows {svc}",
           "{svc} endpoint slow after data growth"],
   symptoms=["one query accounts for 80% of database time", "EXPLAIN shows sequential scan over {nm} million rows",
             "p99 {ms} ms on one endpoint, others fine", "database CPU high, connection count normal"],
   descs=["A new filter was added without an index; the query scanned the whole table.",
          "Statistics went stale after a bulk load and the planner chose a bad plan.",
          "The table grew 10x and a query that used to be fast became a full scan."],
   causes=["Missing index", "Stale planner statistics", "Data growth without query review"],
   tele=dict(latency_p99=(1500, 15000), cpu_util=(0.7, 1.0), error_rate=(0.0, 0.1)),
   plays=[(["custom"], 0.9, (15, 60), "Added the index concurrently / ran ANALYZE."),
          (["scale_out"], 0.25, (10, 30), "More app replicas sent more slow queries."),
          (["rollback"], 0.7, (10, 25), "Rolled back the feature that introduced the query.")]),
 "clock-skew": dict(
   titles=["Clock skew breaks token validation in {svc}", "NTP failure causes {svc} auth errors", "{svc} rejects requests: timestamps out of window"],
   symptoms=["JWT 'token used before issued' errors", "clock offset {n} s on some nodes", "signature expired errors only from certain hosts"],
   descs=["NTP was blocked by a firewall change; clocks on new nodes drifted.",
          "A VM resumed from pause with a wrong clock and rejected fresh tokens."],
   causes=["NTP blocked by firewall change", "VM clock drift after pause"],
   tele=dict(error_rate=(0.05, 0.4)),
   plays=[(["custom"], 0.9, (15, 60), "Restored NTP and resynchronised clocks."),
          (["restart"], 0.5, (5, 15), "Restarting pods moved them off the skewed nodes sometimes.")]),
}

def fill(t, ctx): return t.format(**ctx)

def make(mode, spec, i, start):
    svc = pick(GPU_SERVICES) if mode == "gpu-oom" else pick(SERVICES)
    ctx = dict(svc=svc, gsvc=svc, db=pick(DBS), dep=pick(DEPS), v=ver(), pct=rnd.choice([3, 8, 12, 18, 25, 40]),
               ms=rnd.choice([900, 1400, 2600, 4200, 8000]), n=rnd.choice([20, 50, 100, 200]), mu=rnd.choice([93, 96, 98, 99]),
               h=rnd.choice([2, 3, 4, 6]), mb=rnd.choice([80, 150, 200, 400]), low=rnd.choice([5, 12, 20]), gb=rnd.choice([2, 4, 6]),
               nk=rnd.choice([40, 120, 800, 2000]), x=rnd.choice([3, 5, 8]), zone=pick(["a", "b", "c"]), nm=rnd.choice([12, 40, 300]),
               hh=f"{rnd.randint(8, 20):02d}", mm=f"{rnd.randint(0, 59):02d}")
    title = fill(pick(spec["titles"]), ctx)
    symptoms = "; ".join(fill(s, ctx) for s in rnd.sample(spec["symptoms"], k=min(2, len(spec["symptoms"]))))
    desc = fill(pick(spec["descs"]), ctx)
    tele = {k: round(rnd.uniform(*r), 3 if r[1] <= 1 else 0) for k, r in spec["tele"].items() if rnd.random() < 0.85}
    severity = rnd.choices(["low", "medium", "high", "critical"], weights=[1, 3, 4, 2])[0]
    outcomes = []
    plays = spec["plays"]
    first = rnd.choice(plays)
    attempts = [first]
    if rnd.random() < 0.35:
        attempts.append(rnd.choice(plays))
    minutes_total = 0
    for actions, p, (lo, hi), lesson in attempts:
        ok = rnd.random() < p
        mins = rnd.randint(lo, hi)
        minutes_total += mins
        tgt = [svc] if rnd.random() < 0.8 else [svc, ctx["db"]]
        outcomes.append(dict(actions=[dict(action=a, targets=tgt) for a in actions], success=ok, resolution_minutes=mins,
                             lessons=lesson if ok or rnd.random() < 0.6 else None))
        if ok:
            break
    started = start
    return dict(service=svc, severity=severity, title=title[:200], description=desc, symptoms=symptoms,
                root_cause=fill(pick(spec["causes"]), ctx) if rnd.random() < 0.8 else None,
                tags=[mode.split("-")[0], pick(["prod", "eu", "us", "apac"])],
                telemetry=tele, started_at=started.isoformat().replace("+00:00", "Z"),
                resolved_at=(started + timedelta(minutes=minutes_total + rnd.randint(5, 30))).isoformat().replace("+00:00", "Z"),
                outcomes=outcomes)

corpus = []
base = datetime(2025, 1, 6, 3, 0, tzinfo=timezone.utc)
per_mode = {m: (14 if m not in ("clock-skew", "retry-storm", "config-error", "node-failure") else 10) for m in MODES}
for mode, spec in MODES.items():
    for i in range(per_mode[mode]):
        start = base + timedelta(days=rnd.randint(0, 300), hours=rnd.randint(0, 23), minutes=rnd.randint(0, 59))
        corpus.append(make(mode, spec, i, start))
rnd.shuffle(corpus)
print(json.dumps(corpus, indent=1))
