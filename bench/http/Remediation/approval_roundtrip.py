"""Approval round trip for bench/http/remediation.sh: execute_remediation (pending_approval) then the operator API's
approve, which claims and runs the request (a signed webhook to the script's receiver) before it answers.
Sequential, keep-alive connections; prints p50/p90/p99/max of the whole round trip and of the approve call alone."""
import http.client, json, re, sys, time, urllib.parse

url, agent_token, approver_token, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
u = urllib.parse.urlparse(url)
mcp = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
api = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
request = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "execute_remediation", "arguments": {
    "action": "restart", "targets": ["inventory"], "confidence": 0.9,
    "justification": "benchmark: p99 latency far above target after a deploy"}}})
mcp_headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
               "MCP-Protocol-Version": "2025-11-25", "Authorization": "Bearer " + agent_token}
api_headers = {"Content-Type": "application/json", "Authorization": "Bearer " + approver_token}
total, approve_only = [], []
for i in range(n):
    t0 = time.perf_counter()
    mcp.request("POST", u.path, request, mcp_headers)
    body = mcp.getresponse().read().decode()
    m = re.search(r'apr_[0-9a-f]{24}', body)
    if not m or '"pending_approval"' not in body:
        sys.exit("expected pending_approval, got: " + body[:400])
    t1 = time.perf_counter()
    api.request("POST", "/api/approvals/%s/approve" % m.group(0), json.dumps({"comment": "bench %d" % i}), api_headers)
    response = api.getresponse()
    answer = json.loads(response.read())
    if response.status != 200 or answer.get("status") != "executed" or answer["approval"]["state"] != "completed":
        sys.exit("expected executed/completed, got %d %s" % (response.status, json.dumps(answer)[:400]))
    t2 = time.perf_counter()
    if i >= n // 10:  # the first tenth warms up
        total.append((t2 - t0) * 1000)
        approve_only.append((t2 - t1) * 1000)

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]

for name, xs in (("round trip (request + approve + execute)", total), ("approve call alone (claim + webhook + complete)", approve_only)):
    print("%-48s n=%d p50=%.2f p90=%.2f p99=%.2f max=%.2f ms" % (name, len(xs), pct(xs, 50), pct(xs, 90), pct(xs, 99), max(xs)))
